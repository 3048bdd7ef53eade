from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using, **kwargs):
    # The database cache (the default without Redis) needs its table wherever `migrate` runs:
    # make run, docker compose, the tests and the bench. createcachetable skips existing tables.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "careers_portal.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        # Connect the receivers: sign-in starts a session's clock; a failure counts per address;
        # two-step sign-in's security events.
        from careers_portal.accounts import sessions, signals, throttle  # noqa: F401

        post_migrate.connect(_create_cache_table, sender=self)

        # Limits on every form field of the project (careers_portal/inputs.py).
        from careers_portal import inputs

        inputs.install()
