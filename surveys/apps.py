from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # seed_demo asks each app for its own demo content (the bottom layer cannot import us);
        # the self-assessment shows our feedback figures beside Benchmark 1 through its
        # extension point (benchmarks sits below us).
        from benchmarks import evidence
        from careers_portal.schools.signals import demo_institution_seeded
        from encounters import panels
        from plans import live
        from surveys.demo import seed_demo_content
        from surveys.evidence import feedback_evidence
        from surveys.panels import encounter_panels, learner_panels, plan_voice_figures
        from surveys.tallies import connect as keep_tallies

        demo_institution_seeded.connect(seed_demo_content, dispatch_uid="surveys.demo_content")
        evidence.register(feedback_evidence)
        # The encounter page shows reflections and feedback through encounters' extension point.
        panels.register(encounter_panels)
        panels.register_learner(learner_panels)
        # The plan's current state shows the latest voice figures beside the leader's text.
        live.register(plan_voice_figures)
        # Writes outside the services mark the results' kept tallies stale.
        keep_tallies()
