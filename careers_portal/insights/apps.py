from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """The top layer: pages that read several apps (through their selectors); no app imports it."""

    name = "careers_portal.insights"
    label = "insights"
    verbose_name = "Insights"
