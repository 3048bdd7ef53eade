from django.dispatch import Signal

# Sent by `seed_demo` for each demo institution once its people and learners exist, with
# `institution`. Each domain app adds its own demo content in a receiver (which must be
# idempotent: seed_demo may run many times), so the bottom layer never imports the apps above it.
demo_institution_seeded = Signal()
