from django.apps import AppConfig


class DestinationsConfig(AppConfig):
    name = "destinations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from careers_portal.schools import new_year
        from destinations.new_year import ActualDestinationsToConfirm

        new_year.register(ActualDestinationsToConfirm())
        # The plan's current state shows the latest leavers' destinations (plans/live.py).
        from destinations.selectors import plan_destination_figures
        from plans import live

        live.register(plan_destination_figures)
        # Big files are checked and applied by the worker; schools runs the jobs, we say how.
        from careers_portal.schools import import_jobs
        from destinations import importing

        import_jobs.register(importing.importer())
        # seed_demo asks each app for its own demo content (the bottom layer cannot import us).
        from careers_portal.schools.signals import demo_institution_seeded
        from destinations.demo import seed_demo_destinations

        demo_institution_seeded.connect(
            seed_demo_destinations, dispatch_uid="destinations.demo_content"
        )
