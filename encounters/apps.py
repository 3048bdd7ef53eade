from django.apps import AppConfig


class EncountersConfig(AppConfig):
    name = "encounters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # seed_demo asks each app for its own demo content (the bottom layer cannot import us).
        from benchmarks import evidence
        from careers_portal.schools import new_year
        from careers_portal.schools.signals import demo_institution_seeded
        from encounters.demo import seed_demo_content
        from encounters.evidence import coverage_evidence
        from encounters.programme import ProgrammeNewYearStep

        demo_institution_seeded.connect(seed_demo_content, dispatch_uid="encounters.demo_content")
        # The self-assessment shows our live figures beside its criteria; benchmarks sits below
        # us and cannot import us, so we register with its extension point.
        evidence.register(coverage_evidence)
        # The new academic year carries this year's careers programme into the next.
        new_year.register(ProgrammeNewYearStep())
        # The plan's current state shows this year's programme, planned against delivered.
        from encounters.selectors import plan_programme_figures
        from plans import live

        live.register(plan_programme_figures)
        # Kept coverage counts: writes outside the services mark them stale (encounters.kept).
        from encounters import kept

        kept.connect()
        # Big files are checked and applied by the worker; schools runs the jobs, we say how.
        from careers_portal.schools import import_jobs
        from encounters import importing

        import_jobs.register(importing.importer())
