from django.apps import AppConfig


class DestinationsConfig(AppConfig):
    name = "destinations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Big files are checked and applied by the worker; schools runs the jobs, we say how.
        from careers_portal.schools import import_jobs
        from destinations import importing

        import_jobs.register(importing.importer())
