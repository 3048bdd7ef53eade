from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "careers_portal.schools"
    label = "schools"
    verbose_name = "Institutions and learners"

    def ready(self) -> None:
        from careers_portal.schools import import_jobs, learner_import

        import_jobs.register(learner_import.importer())
