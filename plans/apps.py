from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # seed_demo asks each app for its own demo content (the bottom layer cannot import us).
        from careers_portal.schools.signals import demo_institution_seeded
        from plans.demo_content import seed_demo_content

        demo_institution_seeded.connect(seed_demo_content, dispatch_uid="plans.demo_content")
