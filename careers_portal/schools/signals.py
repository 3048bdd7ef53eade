from django.dispatch import Signal

# Sent by `seed_demo` for each demo institution once its people and learners exist, with
# `institution`. Each domain app adds its own demo content in a receiver (which must be
# idempotent: seed_demo may run many times), so the bottom layer never imports the apps above it.
demo_institution_seeded = Signal()

# Sent with `institution` when learners were added, changed or marked as left in bulk (the roll
# import, seed_demo), inside the transaction that wrote them. Apps that keep figures about the
# roll (encounters' kept coverage counts) bring them up to date in a receiver.
learners_changed = Signal()
