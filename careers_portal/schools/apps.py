from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "careers_portal.schools"
    label = "schools"
    verbose_name = "Institutions and learners"

    def ready(self) -> None:
        from careers_portal import figure_cache
        from careers_portal.schools import import_jobs, learner_import

        # Every write, on every connection, changes the version the figure pages are kept under.
        figure_cache.watch_writes()

        import_jobs.register(learner_import.importer())
