"""Reads for the encounter pages: lists, a learner's record, the learning outcomes audit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When

from benchmarks.models import CdiLearningArea, SkillsBuilderSkill
from careers_portal.schools.models import Institution, Learner
from encounters import rules
from encounters.models import Encounter, GuidanceMeeting, Organisation


def encounter_list(institution: Institution, *, year_start: dt.date | None = None):
    """Encounters, newest first, with their learner count and organisations, in three queries."""
    encounters = (
        Encounter.objects.for_institution(institution)
        .select_related("department")
        .annotate(learner_count=Count("attendance", distinct=True))
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.only("name")),
            "benchmarks",
        )
    )
    if year_start is not None:
        encounters = encounters.filter(date__gte=year_start)
    return encounters


def year_counts(institution: Institution) -> dict[int, int]:
    """Learners on roll per year group."""
    return dict(
        Learner.objects.for_institution(institution)
        .on_roll()
        .order_by()
        .values("year_group")
        .annotate(n=Count("pk"))
        .values_list("year_group", "n")
    )


def learners_for_guidance(institution: Institution):
    """Learners on roll, with a RONI score, SEND or disadvantaged first, and their meetings."""
    priority = Case(
        When(
            Q(roni_score__isnull=False) | ~Q(send=Learner.Send.NONE) | Q(disadvantaged=True),
            then=Value(0),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Learner.objects.for_institution(institution)
        .on_roll()
        .annotate(priority=priority, meetings=Count("guidance_meetings"))
        .order_by("priority", "-roni_score", "year_group", "last_name", "first_name")
    )


def learner_record(learner: Learner) -> dict:
    """Everything careers-related about one learner: encounters and guidance meetings."""
    encounters = (
        Encounter.objects.filter(attendance__learner=learner)
        .select_related("department")
        .prefetch_related("organisations", "benchmarks")
        .order_by("-date")
    )
    meetings = GuidanceMeeting.objects.filter(learner=learner).order_by("-date")
    return {"encounters": encounters, "meetings": meetings}


def outcomes_audit(institution: Institution, today: dt.date) -> dict:
    """CDI areas and Skills Builder skills x year groups: encounters this year meeting each."""
    encounters = list(
        Encounter.objects.for_institution(institution)
        .filter(
            date__gte=rules.academic_year_start(today), date__lte=rules.academic_year_end(today)
        )
        .values_list("pk", "year_groups")
    )
    years_of = {pk: set(years) for pk, years in encounters}
    year_groups = institution.year_groups
    cdi_links = Encounter.cdi_areas.through.objects.filter(encounter_id__in=years_of).values_list(
        "encounter_id", "cdilearningarea__code"
    )
    skill_links = Encounter.skills.through.objects.filter(encounter_id__in=years_of).values_list(
        "encounter_id", "skillsbuilderskill_id"
    )
    cdi_counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for encounter_id, code in cdi_links:
        for year in years_of[encounter_id]:
            cdi_counts[code][year] += 1
    skill_counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for encounter_id, skill_id in skill_links:
        for year in years_of[encounter_id]:
            skill_counts[skill_id][year] += 1
    areas = {}
    for area in CdiLearningArea.objects.order_by("order"):
        areas.setdefault(area.code, area.title)
    cdi_rows = [
        (title, [cdi_counts[code][year] for year in year_groups]) for code, title in areas.items()
    ]
    skill_rows = [
        (skill.name, [skill_counts[skill.pk][year] for year in year_groups])
        for skill in SkillsBuilderSkill.objects.all()
    ]
    return {"year_groups": year_groups, "cdi_rows": cdi_rows, "skill_rows": skill_rows}
