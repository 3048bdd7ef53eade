from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def ensure_national_figures(sender, using, apps=global_apps, **kwargs) -> None:
    """Put the national reference figures back when a flush emptied them (as benchmarks does)."""
    from importlib import import_module

    from django.db import connections

    figure = apps.get_model("insights", "NationalFigure")
    if figure._meta.db_table not in connections[using].introspection.table_names():
        return
    if figure.objects.using(using).exists():
        return
    import_module("careers_portal.insights.migrations.0002_national_figures").load(apps, None)


class InsightsConfig(AppConfig):
    """The top layer: pages that read several apps (through their selectors); no app imports it."""

    name = "careers_portal.insights"
    label = "insights"
    verbose_name = "Insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The plan shows each objective's live measures through plans' extension point.
        from careers_portal.insights.demo import seed_demo_content
        from careers_portal.insights.measures import plan_measures
        from careers_portal.schools.signals import demo_institution_seeded
        from plans import measures

        measures.register(plan_measures)
        # The governors' question "is the careers information published?" asks the careers page.
        from careers_portal.insights import questions
        from careers_portal.insights.careers_page import publication

        questions.register_publication(publication)
        # After every other app's demo content, so last year's report has figures to show.
        demo_institution_seeded.connect(seed_demo_content, dispatch_uid="insights.demo_content")
        post_migrate.connect(
            ensure_national_figures, sender=self, dispatch_uid="insights.national_figures"
        )
        # seed_demo asks each app for its demo content: the demo school's careers page.
        from careers_portal.insights.careers_page_demo import seed_careers_page
        from careers_portal.schools.signals import demo_institution_seeded

        demo_institution_seeded.connect(seed_careers_page, dispatch_uid="insights.careers_page")
