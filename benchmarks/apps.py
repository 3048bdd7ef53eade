from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # seed_demo asks each app for its own demo content (the bottom layer cannot import us).
        from benchmarks.demo import seed_demo_content
        from careers_portal.schools.signals import demo_institution_seeded

        demo_institution_seeded.connect(seed_demo_content, dispatch_uid="benchmarks.demo_content")
