from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """The top layer: pages that read several apps (through their selectors); no app imports it."""

    name = "careers_portal.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # seed_demo asks each app for its demo content: the demo school's careers page.
        from careers_portal.insights.careers_page_demo import seed_careers_page
        from careers_portal.schools.signals import demo_institution_seeded

        demo_institution_seeded.connect(seed_careers_page, dispatch_uid="insights.careers_page")
