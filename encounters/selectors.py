"""Reads for the encounter pages: lists, a learner's record, the learning outcomes audit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When

from benchmarks import selectors as benchmark_selectors
from careers_portal import history as history_formatter
from careers_portal.schools.models import Institution, Learner
from encounters import rules
from encounters.models import (
    Encounter,
    EncounterLearner,
    GuidanceMeeting,
    Organisation,
)


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
    return encounters.order_by("-date", "-pk")


def encounter_learners(encounter: Encounter, *, name: str = ""):
    """The learners who took part, by year group and name; those whose name has `name`."""
    learners = Learner.objects.filter(attendance__encounter=encounter)
    if name:
        learners = learners.filter(Q(first_name__icontains=name) | Q(last_name__icontains=name))
    return learners.order_by("year_group", "last_name", "first_name", "pk")


def attendance_count(encounter: Encounter) -> int:
    return EncounterLearner.objects.filter(encounter=encounter).count()


def learners_matching(institution: Institution, query: str):
    """Learners on roll whose first or last name has `query`, or whose UPN it is: the one
    learner search of the encounter and guidance pages."""
    words = query.split()
    learners = Learner.objects.for_institution(institution).on_roll()
    if len(words) > 1:
        # "Amy Smith" or "Smith Amy": every word in one of the names.
        for word in words:
            learners = learners.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    else:
        learners = learners.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(upn__iexact=query)
        )
    return learners.order_by("last_name", "first_name", "pk")


def learners_to_add(encounter: Encounter, query: str):
    """Learners on roll matching a name or UPN who are not yet on the encounter."""
    return learners_matching(encounter.institution, query).exclude(attendance__encounter=encounter)


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
    for area in benchmark_selectors.cdi_learning_areas():
        areas.setdefault(area.code, area.title)
    cdi_rows = [
        (title, [cdi_counts[code][year] for year in year_groups]) for code, title in areas.items()
    ]
    skill_rows = [
        (skill.name, [skill_counts[skill.pk][year] for year in year_groups])
        for skill in benchmark_selectors.skills_builder_skills()
    ]
    return {"year_groups": year_groups, "cdi_rows": cdi_rows, "skill_rows": skill_rows}


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    who: str
    changes: list[str]


# The fields an encounter's history names when they change, in the order the form shows them.
HISTORY_FIELDS = (
    "title",
    "date",
    "in_school_day",
    "department",
    "kind",
    "year_groups",
    "purpose",
    "is_pal",
    "reflections",
    "employer_feedback",
)
# Free text can be long: the history says that it changed, not what it now says.
HISTORY_TEXT_FIELDS = {"purpose", "reflections", "employer_feedback"}


def _related_label(related) -> str:
    number = getattr(related, "number", None)
    if number is not None and hasattr(related, "version"):
        return f"BM{number}"
    return getattr(related, "text", None) or str(related)


def encounter_history(encounter: Encounter) -> list[HistoryEntry]:
    """Every change to the encounter, oldest first: who, when, what; a fixed number of queries.

    Told by the one history formatter (careers_portal/history.py) in sentences, with the
    attendance changes (kept in rows of their own) among them.
    """
    entries: list[HistoryEntry] = []
    for entry in history_formatter.entries(
        encounter,
        fields=HISTORY_FIELDS,
        text_fields=HISTORY_TEXT_FIELDS,
        labels={"year_groups": "year groups"},
        shown={
            "year_groups": lambda value: (
                ", ".join(f"Year {year}" for year in sorted(value or [])) or "None"
            )
        },
        related_label=_related_label,
    ):
        lines = entry.lines
        if entry.created:
            lines = ["Logged the encounter", *lines]
        elif entry.action == "removed":
            lines = ["Deleted the encounter", *lines]
        elif not lines:
            lines = ["Saved with no change"]
        entries.append(HistoryEntry(entry.at, entry.who, lines))
    for change in encounter.attendance_changes.select_related("changed_by", "learner"):
        entries.append(
            HistoryEntry(
                change.changed_at, history_formatter.who(change.changed_by), [change.summary]
            )
        )
    entries.sort(key=lambda entry: entry.at)
    return entries


def learner_benchmarks(learner: Learner, today: dt.date) -> list:
    """Where one learner stands on BM5-8 today (encounters.rules), for pages of other apps."""
    return rules.learner_coverage(learner, rules.calendar_for(today))
