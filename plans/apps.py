from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # seed_demo asks each app for its own demo content (the bottom layer cannot import us).
        from careers_portal.schools.signals import demo_institution_seeded
        from plans.demo_content import seed_demo_content

        demo_institution_seeded.connect(seed_demo_content, dispatch_uid="plans.demo_content")

        # The self-assessment and the maturity review show the actions made from them; benchmarks
        # sits below us and cannot import us, so we register with its extension point.
        from benchmarks import follow_ups
        from plans.follow_ups import plan_follow_ups

        follow_ups.register(plan_follow_ups)

        # "Start the new academic year" (schools) carries the plan's recurring milestones.
        from careers_portal.schools import new_year
        from plans.new_year import PlanNewYearStep

        new_year.register(PlanNewYearStep())

        # Item 4 of the annual checklist shows the governors' approval of this year's plan.
        from benchmarks import checklist_notes
        from plans.checklist_notes import plan_checklist_notes

        checklist_notes.register(plan_checklist_notes)
