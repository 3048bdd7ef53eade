from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "encounters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # seed_demo asks each app for its own demo content (the bottom layer cannot import us).
        from careers_portal.schools.signals import demo_institution_seeded
        from encounters.demo import seed_demo_content

        demo_institution_seeded.connect(seed_demo_content, dispatch_uid="encounters.demo_content")
