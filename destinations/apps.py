from django.apps import AppConfig


class DestinationsConfig(AppConfig):
    name = "destinations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from careers_portal.schools import new_year
        from destinations.new_year import ActualDestinationsToConfirm

        new_year.register(ActualDestinationsToConfirm())
