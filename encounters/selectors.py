"""Reads for the encounter pages: lists, a learner's record, the learning outcomes audit."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import astuple, dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When

from benchmarks import selectors as benchmark_selectors
from benchmarks.selectors import Benchmark, CdiLearningArea, SkillsBuilderSkill
from careers_portal import dates, rag
from careers_portal import history as history_formatter
from careers_portal.figure_cache import remembered
from careers_portal.rag import Status
from careers_portal.schools.models import AcademicYear, HalfTerm, Institution, Learner
from encounters import kept, programme, rules
from encounters.models import (
    Encounter,
    EncounterLearner,
    GuidanceMeeting,
    Organisation,
    OrganisationContact,
    PlannedActivity,
)


def encounter_list(
    institution: Institution,
    *,
    year_start: dt.date | None = None,
    year_end: dt.date | None = None,
):
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
    if year_end is not None:
        encounters = encounters.filter(date__lte=year_end)
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


# --- Figures for the pages above us (insights: dashboards and the annual report) -------------


@dataclass
class CoverageSummary:
    """BM5-8 coverage on one day: the rules in words, per year group and per cohort."""

    rules: list[tuple[int, str, str]]
    by_year: list[rules.CoverageRow]
    by_cohort: list[rules.CoverageRow]


def coverage_summary(institution: Institution, today: dt.date) -> CoverageSummary:
    """Coverage of BM5-8 by year group and by cohort: today's from the kept counts (a few small
    queries at any size, encounters.kept), another day's (a past year's report) from one
    grouped query, so that it never overwrites today's kept counts."""
    calendar = rules.calendar_for(today, institution)
    if today == dates.today():
        groups = kept.groups(institution, today)
    else:
        groups = rules.coverage_groups(institution, today)
    return CoverageSummary(
        rules=rules.coverage_rules(institution),
        by_year=rules.coverage_by_year_group(institution, calendar, groups),
        by_cohort=rules.coverage_by_cohort(institution, calendar, groups),
    )


def pal_summary(institution: Institution, today: dt.date) -> list[rules.PalPhase]:
    """Provider Access compliance per phase on one day (two queries)."""
    return rules.pal_phases(institution, today)


def encounters_by_benchmark(institution: Institution, start: dt.date, end: dt.date) -> list[dict]:
    """Encounters between two days per benchmark evidenced, and how many were meaningful
    (BM5-7 only: the others have no meaningful criteria). One query."""
    meaningful = {5: "meaningful_bm5", 6: "meaningful_bm6", 7: "meaningful_bm7"}
    rows = (
        Encounter.objects.for_institution(institution)
        .filter(date__gte=start, date__lte=end, benchmarks__isnull=False)
        .values("benchmarks__number")
        .annotate(
            encounters=Count("pk", distinct=True),
            **{
                f"m{n}": Count("pk", distinct=True, filter=Q(**{field: True}))
                for n, field in meaningful.items()
            },
        )
        .order_by()
    )
    found = {row["benchmarks__number"]: row for row in rows}
    result = []
    for number in range(1, 9):
        row = found.get(number, {})
        result.append(
            {
                "number": number,
                "encounters": row.get("encounters", 0),
                "meaningful": row.get(f"m{number}") if number in meaningful else None,
            }
        )
    return result


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


# --- The careers programme: planned against delivered ---------------------------------------


@dataclass(frozen=True)
class DeliveredBy:
    """An encounter that delivers a planned activity (no learner in it)."""

    pk: int
    title: str
    date: dt.date
    year_groups: tuple[int, ...]


@dataclass(frozen=True)
class PlannedSummary:
    """A planned activity as the journey, the programme summary and reports show it."""

    pk: int
    title: str
    half_term: int
    half_term_label: str
    when_label: str
    kind_label: str
    who_label: str
    year_groups: tuple[int, ...]
    pathway: str
    benchmark_numbers: tuple[int, ...]
    learning_outcome: str
    cdi_areas: tuple[str, ...]
    skills: tuple[str, ...]
    department_id: int | None
    department: str
    lead: str
    organisation: str
    is_pal: bool
    delivered: bool
    status: Status
    encounters: tuple[DeliveredBy, ...]

    @property
    def outcomes(self) -> tuple[str, ...]:
        return self.cdi_areas + self.skills


@dataclass(frozen=True)
class YearGroupProgramme:
    """One row of the learning journey: a year group (in school order) or a pathway."""

    year_group: int | None
    pathway: str
    label: str
    activities: list[PlannedSummary]

    def in_half_term(self, number: int) -> list[PlannedSummary]:
        return [activity for activity in self.activities if activity.half_term == number]

    @property
    def delivered_count(self) -> int:
        return sum(1 for activity in self.activities if activity.delivered)

    @property
    def missed_count(self) -> int:
        return sum(1 for activity in self.activities if activity.status is programme.MISSED)

    @property
    def cells(self) -> list[tuple[int, str, list[PlannedSummary]]]:
        return [
            (number, label, self.in_half_term(number)) for number, label in HalfTerm.Number.choices
        ]


@dataclass(frozen=True)
class ProgrammeFilters:
    benchmark: int | None = None
    outcome: str = ""  # "cdi:<code>" or "skill:<pk>"
    department: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.benchmark or self.outcome or self.department)


def _activities(institution: Institution, academic_year: AcademicYear, filters=None):
    activities = (
        PlannedActivity.objects.for_institution(institution)
        .filter(academic_year=academic_year)
        .select_related("department", "organisation", "academic_year")
        .prefetch_related(
            Prefetch("benchmarks", queryset=Benchmark.objects.order_by("number")),
            Prefetch("cdi_areas", queryset=CdiLearningArea.objects.order_by("order", "stage")),
            "skills",
        )
        .order_by("half_term", "order", "pk")
    )
    if filters is not None:
        if filters.benchmark:
            activities = activities.filter(benchmarks__number=filters.benchmark)
        kind, _, value = filters.outcome.partition(":")
        if kind == "cdi" and value:
            activities = activities.filter(cdi_areas__code=value)
        elif kind == "skill" and value.isdigit():
            activities = activities.filter(skills__pk=int(value))
        if filters.department:
            activities = activities.filter(department_id=filters.department)
        if filters.active:
            activities = activities.distinct()
    return activities


def _delivering(institution: Institution, academic_year: AcademicYear) -> dict[int, list]:
    """Planned activity id -> the encounters that deliver it, oldest first; one query."""
    rows = (
        Encounter.objects.for_institution(institution)
        .filter(planned_activity__academic_year=academic_year)
        .order_by("date", "pk")
        .values_list("planned_activity_id", "pk", "title", "date", "year_groups")
    )
    found: dict[int, list[DeliveredBy]] = defaultdict(list)
    for activity_id, pk, title, date, years in rows:
        found[activity_id].append(DeliveredBy(pk, title, date, tuple(sorted(years or ()))))
    return found


def _delivered_for(encounters: list[DeliveredBy], year_group: int | None) -> bool:
    """Delivered for a year group when an encounter naming it included that year group (an
    encounter logged without year groups delivers it for all)."""
    return any(
        year_group is None or not encounter.year_groups or year_group in encounter.year_groups
        for encounter in encounters
    )


def _windows_and_delivering(institution: Institution, academic_year: AcademicYear):
    """The year's half-term windows (the institution's term dates) and, per planned activity,
    the encounters delivering it: what every reading of the programme's statuses starts from."""
    windows = programme.half_term_windows(
        academic_year,
        HalfTerm.objects.applying_to(institution).filter(academic_year=academic_year),
    )
    return windows, _delivering(institution, academic_year)


def _summaries(
    institution: Institution, academic_year: AcademicYear, filters=None
) -> list[tuple[PlannedActivity, list[DeliveredBy], programme.Window]]:
    windows, delivering = _windows_and_delivering(institution, academic_year)
    found = []
    for activity in _activities(institution, academic_year, filters):
        window = programme.activity_window(
            year=academic_year, half_term=activity.half_term, month=activity.month, windows=windows
        )
        found.append((activity, delivering.get(activity.pk, []), window))
    return found


def _summary(activity, encounters, window, today, year_group) -> PlannedSummary:
    delivered = _delivered_for(encounters, year_group)
    cdi_titles = list(dict.fromkeys(area.title for area in activity.cdi_areas.all()))
    return PlannedSummary(
        pk=activity.pk,
        title=activity.title,
        half_term=activity.half_term,
        half_term_label=HalfTerm.Number(activity.half_term).label,
        when_label=activity.when_label,
        kind_label=activity.get_kind_display(),
        who_label=activity.who_label,
        year_groups=tuple(sorted(activity.year_groups)),
        pathway=activity.pathway,
        benchmark_numbers=tuple(b.number for b in activity.benchmarks.all()),
        learning_outcome=activity.learning_outcome,
        cdi_areas=tuple(cdi_titles),
        skills=tuple(skill.name for skill in activity.skills.all()),
        department_id=activity.department_id,
        department=str(activity.department) if activity.department_id else "",
        lead=activity.lead,
        organisation=str(activity.organisation) if activity.organisation_id else "",
        is_pal=activity.is_pal,
        delivered=delivered,
        status=programme.activity_status(delivered=delivered, window=window, today=today),
        encounters=tuple(
            e
            for e in encounters
            if year_group is None or not e.year_groups or year_group in e.year_groups
        ),
    )


def programme_by_year_group(
    *,
    institution: Institution,
    academic_year: AcademicYear,
    today: dt.date | None = None,
    filters: ProgrammeFilters | None = None,
) -> list[YearGroupProgramme]:
    """The planned programme by year group, in school order (Y7 first), then by pathway: each
    activity with its half term, benchmark numbers, learning outcome and whether it was
    delivered for that year group. An activity for several year groups is in each of them.
    Six queries however many activities (the journey, the statutory careers page and the
    annual report read it); kept until the data changes (careers_portal/figure_cache.py)."""
    today = today or dates.today()
    filters = filters or ProgrammeFilters()
    # The filters are plain values (a benchmark number, an outcome, a department's pk).
    key = ("programme by year group", institution.pk, academic_year.pk, today.isoformat())
    return remembered(
        (*key, *astuple(filters)),
        lambda: _programme_by_year_group(institution, academic_year, today, filters),
    )


def _programme_by_year_group(
    institution: Institution, academic_year: AcademicYear, today: dt.date, filters
) -> list[YearGroupProgramme]:
    rows: dict[tuple[int | None, str], list[PlannedSummary]] = {
        (year, ""): [] for year in institution.year_groups
    }
    pathways: dict[str, list[PlannedSummary]] = {}
    for activity, encounters, window in _summaries(institution, academic_year, filters):
        for year in sorted(activity.year_groups):
            rows.setdefault((year, ""), []).append(
                _summary(activity, encounters, window, today, year)
            )
        if activity.pathway and not activity.year_groups:
            pathways.setdefault(activity.pathway, []).append(
                _summary(activity, encounters, window, today, None)
            )
    found = [
        YearGroupProgramme(year, "", f"Year {year}", activities)
        for (year, _), activities in sorted(rows.items(), key=lambda item: item[0][0])
    ]
    found += [
        YearGroupProgramme(None, name, name, activities)
        for name, activities in sorted(pathways.items(), key=lambda item: item[0].lower())
    ]
    return found


def planned_activity(
    activity: PlannedActivity, today: dt.date | None = None
) -> tuple[PlannedSummary, list[DeliveredBy]]:
    """One activity's summary (status over all its year groups) and every encounter of it."""
    today = today or dates.today()
    year = activity.academic_year
    windows = programme.half_term_windows(
        year, HalfTerm.objects.applying_to(activity.institution).filter(academic_year=year)
    )
    window = programme.activity_window(
        year=year, half_term=activity.half_term, month=activity.month, windows=windows
    )
    encounters = _delivering(activity.institution, year).get(activity.pk, [])
    return _summary(activity, encounters, window, today, None), encounters


def programme_status_counts(
    *, institution: Institution, academic_year: AcademicYear, today: dt.date
) -> dict[str, int]:
    """programme_counts(programme_by_year_group(...)) without building the journey: each
    activity's worst status over the rows it is shown in (its year groups, or its pathway), in
    three queries (the plan's live figures show only these counts)."""
    windows, delivering = _windows_and_delivering(institution, academic_year)
    counts = {status.label: 0 for status in programme.ACTIVITY_STATUSES}
    total = 0
    activities = (
        PlannedActivity.objects.for_institution(institution)
        .filter(academic_year=academic_year)
        .values_list("pk", "half_term", "month", "year_groups", "pathway")
    )
    for pk, half_term, month, year_groups, pathway in activities:
        shown_in = sorted(year_groups) if year_groups else ([None] if pathway else [])
        if not shown_in:
            continue
        window = programme.activity_window(
            year=academic_year, half_term=half_term, month=month, windows=windows
        )
        encounters = delivering.get(pk, [])
        worst = rag.worst(
            [
                programme.activity_status(
                    delivered=_delivered_for(encounters, year_group), window=window, today=today
                )
                for year_group in shown_in
            ]
        )
        counts[worst.label] += 1
        total += 1
    return {"total": total, **counts}


def programme_counts(rows: list[YearGroupProgramme]) -> dict[str, int]:
    """How many activities (once each, by their worst year group) are delivered, due or
    missed: the journey's summary line."""
    worst: dict[int, Status] = {}
    for row in rows:
        for activity in row.activities:
            worst[activity.pk] = rag.worst(
                [activity.status, worst.get(activity.pk, activity.status)]
            )
    counts = {status.label: 0 for status in programme.ACTIVITY_STATUSES}
    for status in worst.values():
        counts[status.label] += 1
    return {"total": len(worst), **counts}


def activities_to_carry(
    *, institution: Institution, from_year: AcademicYear, to_year: AcademicYear
) -> list[PlannedActivity]:
    """This year's planned activities not yet carried into `to_year` (the new year's preview)."""
    return list(
        PlannedActivity.objects.for_institution(institution)
        .filter(academic_year=from_year, carried_to__isnull=True)
        .order_by("half_term", "order", "pk")
    )


def programme_years(institution: Institution) -> list[AcademicYear]:
    """The academic years that have a planned activity, newest first."""
    return list(
        AcademicYear.objects.filter(planned_activities__institution=institution)
        .distinct()
        .order_by("-start_year")
    )


def activities_to_log(
    institution: Institution,
    academic_year: AcademicYear | None,
    *,
    department=None,
    any_department=True,
):
    """The planned activities an encounter can deliver: a champion's are their department's."""
    activities = PlannedActivity.objects.for_institution(institution).filter(
        academic_year=academic_year
    )
    if not any_department:
        activities = activities.filter(department=department) if department else activities.none()
    return activities


@dataclass(frozen=True)
class OutcomeCell:
    status: Status
    planned: tuple[str, ...]  # titles of activities planning it (not yet delivered)
    delivered: tuple[str, ...]  # titles of activities and encounters delivering it

    @property
    def is_gap(self) -> bool:
        return self.status is programme.OUTCOME_GAP


@dataclass(frozen=True)
class AuditRow:
    year_group: int
    label: str
    cells: list[tuple[str, str, OutcomeCell]]  # (outcome key, outcome name, cell)

    @property
    def gaps(self) -> int:
        return sum(1 for _key, _name, cell in self.cells if cell.status is programme.OUTCOME_GAP)


def programme_audit(
    *, institution: Institution, academic_year: AcademicYear, today: dt.date | None = None
) -> dict:
    """Per year group, each learning outcome (CDI area, Skills Builder skill): delivered (by a
    planned activity delivered for that year group, or any encounter of the year for it),
    planned (not yet delivered), or a gap: neither. A fixed number of queries; kept until the
    data changes (careers_portal/figure_cache.py)."""
    today = today or dates.today()
    return remembered(
        ("programme audit", institution.pk, academic_year.pk, today.isoformat()),
        lambda: _programme_audit(institution, academic_year, today),
    )


def _programme_audit(institution: Institution, academic_year: AcademicYear, today: dt.date):
    rows = programme_by_year_group(
        institution=institution, academic_year=academic_year, today=today
    )
    # Encounters of the year that were logged without naming a planned activity deliver too.
    encounters = list(
        Encounter.objects.for_institution(institution)
        .filter(
            date__gte=academic_year.start_date,
            date__lte=academic_year.end_date,
            planned_activity__isnull=True,
        )
        .values_list("pk", "title", "year_groups")
    )
    cdi = defaultdict(set)
    for encounter_id, code in Encounter.cdi_areas.through.objects.filter(
        encounter_id__in=[pk for pk, _, _ in encounters]
    ).values_list("encounter_id", "cdilearningarea__code"):
        cdi[encounter_id].add(code)
    skills = defaultdict(set)
    for encounter_id, skill_id in Encounter.skills.through.objects.filter(
        encounter_id__in=[pk for pk, _, _ in encounters]
    ).values_list("encounter_id", "skillsbuilderskill_id"):
        skills[encounter_id].add(skill_id)
    area_titles: dict[str, str] = {}
    for code, title in CdiLearningArea.objects.order_by("order", "stage").values_list(
        "code", "title"
    ):
        area_titles.setdefault(code, title)
    skill_names = dict(SkillsBuilderSkill.objects.order_by("order").values_list("pk", "name"))
    outcomes = [(f"cdi:{code}", title) for code, title in area_titles.items()] + [
        (f"skill:{pk}", name) for pk, name in skill_names.items()
    ]
    title_key = {title: key for key, title in outcomes}
    audit_rows = []
    for row in rows:
        if row.year_group is None:
            continue
        planned: dict[str, list[str]] = defaultdict(list)
        delivered: dict[str, list[str]] = defaultdict(list)
        for activity in row.activities:
            for name in activity.outcomes:
                key = title_key.get(name)
                if key:
                    (delivered if activity.delivered else planned)[key].append(activity.title)
        for pk, title, years in encounters:
            if row.year_group in (years or ()):
                for code in cdi[pk]:
                    delivered[f"cdi:{code}"].append(title)
                for skill_id in skills[pk]:
                    delivered[f"skill:{skill_id}"].append(title)
        cells = []
        for key, name in outcomes:
            if delivered[key]:
                status = programme.OUTCOME_DELIVERED
            elif planned[key]:
                status = programme.OUTCOME_PLANNED
            else:
                status = programme.OUTCOME_GAP
            cells.append(
                (key, name, OutcomeCell(status, tuple(planned[key]), tuple(delivered[key])))
            )
        audit_rows.append(AuditRow(row.year_group, row.label, cells))
    return {
        "rows": audit_rows,
        "outcomes": outcomes,
        "gaps": sum(row.gaps for row in audit_rows),
    }


def encounter_of(institution: Institution, pk: int) -> Encounter | None:
    """One encounter of the institution, or None (never another's): for the apps beside us."""
    return Encounter.objects.for_institution(institution).filter(pk=pk).first()


def organisation_list(institution: Institution):
    """The institution's organisations by name, with their contacts and encounters counted."""
    return (
        Organisation.objects.for_institution(institution)
        .annotate(
            n_contacts=Count("contact_people", distinct=True),
            n_encounters=Count("encounters", distinct=True),
        )
        .order_by("name", "pk")
    )


def organisation_encounters(organisation: Organisation, *, limit: int = 10):
    """The organisation's latest encounters, newest first."""
    return organisation.encounters.order_by("-date", "-pk")[:limit]


def feedback_contacts(encounter: Encounter) -> list[dict]:
    """The people at the encounter's organisations who have an email address, for feedback.

    Contacts with a name, role and email first; then any address written in an organisation's
    free-text contacts (kept as it was typed before contacts were people), once each.
    """
    found, seen = [], set()
    for contact in (
        OrganisationContact.objects.filter(organisation__encounters=encounter)
        .exclude(email="")
        .select_related("organisation")
    ):
        if contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            found.append(
                {
                    "name": contact.name,
                    "email": contact.email,
                    "organisation": contact.organisation.name,
                }
            )
    for organisation in encounter.organisations.all():
        for email in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", organisation.contacts or ""):
            if email.lower() not in seen:
                seen.add(email.lower())
                found.append({"name": "", "email": email, "organisation": organisation.name})
    return found


def learner_benchmarks(learner: Learner, today: dt.date) -> list:
    """Where one learner stands on BM5-8 today (encounters.rules), for pages of other apps."""
    return rules.learner_coverage(learner, rules.calendar_for(today, learner.institution))


def plan_programme_figures(*, institution: Institution, today: dt.date, suppress: bool = True):
    """The plan's provider (plans/live.py): this year's careers programme, planned against
    delivered, beside the leader's text (no learner in it, so nothing to suppress)."""
    year = AcademicYear.objects.containing(today).first()
    if year is None:
        return []
    counts = programme_status_counts(institution=institution, academic_year=year, today=today)
    if not counts["total"]:
        return []
    return [
        {
            "group": "Careers programme",
            "label": f"Planned activities in {year}",
            "value": (
                f"{counts['total']} planned, {counts[programme.DELIVERED.label]} delivered, "
                f"{counts[programme.MISSED.label]} missed"
            ),
            "source": "the careers programme, as of " + f"{today:%-d %B %Y}",
        }
    ]


def criteria_to_evidence(encounter: Encounter, code: str):
    """The meaningful criteria with this code (reflection, feedback) of the benchmarks the
    encounter evidences that are not ticked yet."""
    numbers = encounter.benchmarks.values_list("number", flat=True)
    return (
        benchmark_selectors.meaningful_criteria()
        .filter(code=code, benchmark_number__in=numbers)
        .exclude(pk__in=encounter.meaningful_criteria.values("pk"))
    )
