"""Reads of destinations: one learner's records and the figures of a leaver cohort."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from careers_portal.disclosure import Figure, figure
from careers_portal.schools.models import AcademicYear, Institution, Learner
from destinations.models import (
    EDUCATION,
    PARTICIPATING,
    Category,
    DestinationRecord,
)

LEAVING_YEARS = (11, 13)
Stage = DestinationRecord.Stage


def records_of(learner: Learner):
    """A learner's destination records, newest year first."""
    return (
        DestinationRecord.objects.filter(learner=learner)
        .select_related("academic_year")
        .order_by("-academic_year__start_year", "stage")
    )


@dataclass
class _Member:
    send: str
    disadvantaged: bool
    looked_after: bool
    gender: str
    stages: dict[str, DestinationRecord | dict] = field(default_factory=dict)

    @property
    def actual(self) -> str:
        record = self.stages.get(Stage.ACTUAL)
        return record["category"] if record else Category.UNKNOWN


@dataclass
class CohortSummary:
    year: AcademicYear
    size: int
    rows: list[tuple[str, Figure]]  # the headline shares
    by_category: list[tuple[str, Figure]]
    gaps: list[dict]
    breadth_categories: int
    breadth_providers: int
    follow_up: QuerySet[Learner]  # empty when suppressed: governors never see a learner


def _cohort(institution: Institution, year: AcademicYear, current: bool) -> dict[int, _Member]:
    """Leavers of the year: those with a destination recorded for it and, this year, Year 11 and
    Year 13 on roll (so a learner nobody has asked yet counts as not known).

    A college's leavers are counted by the planned end date of their study programme (DOMAIN 5):
    everyone whose programme ends within the year, on roll or left, whatever the year asked.
    """
    members: dict[int, _Member] = {}
    rows = (
        DestinationRecord.objects.for_institution(institution)
        .filter(academic_year=year)
        .values(
            "learner_id",
            "stage",
            "category",
            "provider",
            "learner__send",
            "learner__disadvantaged",
            "learner__looked_after",
            "learner__gender",
        )
    )
    for row in rows:
        member = members.setdefault(
            row["learner_id"],
            _Member(
                row["learner__send"],
                row["learner__disadvantaged"],
                row["learner__looked_after"],
                row["learner__gender"],
            ),
        )
        member.stages[row["stage"]] = row
    if institution.is_college:
        ending = (
            Learner.objects.for_institution(institution)
            .filter(
                anonymised_at__isnull=True,
                planned_end_date__gte=year.start_date,
                planned_end_date__lte=year.end_date,
            )
            .values_list("pk", "send", "disadvantaged", "looked_after", "gender")
        )
        for pk, *flags in ending:
            members.setdefault(pk, _Member(*flags))
    elif current:
        on_roll = (
            Learner.objects.for_institution(institution)
            .on_roll()
            .filter(year_group__in=LEAVING_YEARS)
            .values_list("pk", "send", "disadvantaged", "looked_after", "gender")
        )
        for pk, *flags in on_roll:
            members.setdefault(pk, _Member(*flags))
    return members


def cohort_summary(
    institution: Institution, year: AcademicYear, *, current: bool, suppress: bool
) -> CohortSummary:
    """A leaver cohort's destination measures, suppressed for those who may not see learners."""
    members = _cohort(institution, year, current)
    size = len(members)

    def share(test) -> Figure:
        return figure(sum(1 for m in members.values() if test(m)), size, suppress=suppress)

    both = [m for m in members.values() if Stage.INTENDED in m.stages and Stage.ACTUAL in m.stages]
    matched = sum(1 for m in both if m.stages[Stage.INTENDED]["category"] == m.actual)
    rows = [
        ("In education", share(lambda m: m.actual in EDUCATION)),
        ("In an apprenticeship", share(lambda m: m.actual == Category.APPRENTICESHIP)),
        (
            "In employment with training",
            share(lambda m: m.actual == Category.EMPLOYMENT_WITH_TRAINING),
        ),
        (
            "In employment without training",
            share(lambda m: m.actual == Category.EMPLOYMENT_WITHOUT_TRAINING),
        ),
        ("NEET", share(lambda m: m.actual == Category.NEET)),
        ("Not known", share(lambda m: m.actual == Category.UNKNOWN)),
        (
            "Sustained (still in education, an apprenticeship or work at the check)",
            share(
                lambda m: (
                    Stage.SUSTAINED in m.stages
                    and m.stages[Stage.SUSTAINED]["category"] in PARTICIPATING
                )
            ),
        ),
        (
            "Actual destination matched the intended one",
            figure(matched, len(both), suppress=suppress),
        ),
    ]
    counts: dict[str, int] = defaultdict(int)
    providers = set()
    for member in members.values():
        counts[member.actual] += 1
        record = member.stages.get(Stage.ACTUAL)
        if record and record["provider"]:
            providers.add(record["provider"].strip().lower())
    by_category = [
        (label, figure(counts.get(value, 0), size, suppress=suppress))
        for value, label in Category.choices
    ]
    groups = [
        ("SEND", lambda m: m.send != Learner.Send.NONE),
        ("Disadvantaged", lambda m: m.disadvantaged),
        ("Looked after", lambda m: m.looked_after),
        ("Female", lambda m: m.gender == Learner.Gender.FEMALE),
        ("Male", lambda m: m.gender == Learner.Gender.MALE),
    ]
    gaps = []
    for label, test in groups:
        inside = [m for m in members.values() if test(m)]
        outside = [m for m in members.values() if not test(m)]
        fig_in = figure(
            sum(1 for m in inside if m.actual in PARTICIPATING), len(inside), suppress=suppress
        )
        fig_out = figure(
            sum(1 for m in outside if m.actual in PARTICIPATING), len(outside), suppress=suppress
        )
        gap = None
        if not (fig_in.suppressed or fig_out.suppressed) and fig_in.of and fig_out.of:
            gap = fig_in.percent - fig_out.percent
        gaps.append({"label": label, "inside": fig_in, "outside": fig_out, "gap": gap})
    # A query, not a list: at a large college thousands may be "not known", and the page shows
    # them a page at a time (careers_portal/pagination.py).
    follow_up = Learner.objects.none()
    if not suppress:
        pks = [pk for pk, m in members.items() if m.actual in (Category.NEET, Category.UNKNOWN)]
        follow_up = (
            Learner.objects.for_institution(institution)
            .filter(pk__in=pks, anonymised_at__isnull=True)
            .order_by("year_group", "last_name", "first_name", "pk")
        )
    return CohortSummary(
        year=year,
        size=size,
        rows=rows,
        by_category=by_category,
        gaps=gaps,
        breadth_categories=sum(1 for value, n in counts.items() if n and value != Category.UNKNOWN),
        breadth_providers=len(providers),
        follow_up=follow_up,
    )


def intended_by_category(
    institution: Institution, year: AcademicYear, *, suppress: bool
) -> tuple[int, list[tuple[str, Figure]], Figure]:
    """This year's Year 11 and Year 13 on roll: (how many, their intended destinations by
    category, those with none recorded yet), suppressed as cohort_summary() is. Two queries."""
    on_roll = Learner.objects.for_institution(institution).on_roll()
    size = on_roll.filter(year_group__in=LEAVING_YEARS).count()
    counts = dict(
        DestinationRecord.objects.for_institution(institution)
        .filter(
            academic_year=year,
            stage=Stage.INTENDED,
            learner__in=on_roll.filter(year_group__in=LEAVING_YEARS),
        )
        .values_list("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        (label, figure(counts.get(value, 0), size, suppress=suppress))
        for value, label in Category.choices
        if counts.get(value)
    ]
    recorded = sum(counts.values())
    return size, rows, figure(max(size - recorded, 0), size, suppress=suppress)


def category_chart(summary: CohortSummary):
    """The cohort's actual destinations as bars; suppressed categories are left out of the chart
    (the table says "c") so no bar gives a small number away."""
    from careers_portal import charts

    shown = [(label, f) for label, f in summary.by_category if f.count and not f.suppressed]
    if not shown:
        return None
    return charts.bar_chart(
        title=f"Destinations of {summary.year.name} leavers",
        desc="Share of the leaver cohort in each destination. The table below gives the figures.",
        categories=[label.split(" (")[0] for label, _ in shown],
        series=[charts.Series("Leavers", [round(f.percent, 1) for _, f in shown])],
    )


def la_return_rows(institution: Institution, year: AcademicYear):
    """Each leaver's latest recorded activity of the year (a sustained check over the actual)."""
    records = (
        DestinationRecord.objects.for_institution(institution)
        .filter(academic_year=year, stage__in=[Stage.ACTUAL, Stage.SUSTAINED])
        .filter(learner__anonymised_at__isnull=True)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner_id", "stage")
    )
    latest: dict[int, DestinationRecord] = {}
    for record in records:  # "actual" sorts before "sustained": the later one wins
        latest[record.learner_id] = record
    return list(latest.values())


def grid_rows(institution: Institution, year: AcademicYear, year_group: int, pk: int | None = None):
    """Learners on roll in a year group with their intended destination this year, in one query."""
    from django.db.models import OuterRef, Subquery

    intended = DestinationRecord.objects.filter(
        learner=OuterRef("pk"), academic_year=year, stage=Stage.INTENDED
    )
    learners = (
        Learner.objects.for_institution(institution)
        .on_roll()
        .filter(year_group=year_group)
        .annotate(
            intended_category=Subquery(intended.values("category")[:1]),
            intended_provider=Subquery(intended.values("provider")[:1]),
        )
        .order_by("reg_group", "last_name", "first_name", "pk")
    )
    if pk is not None:
        learners = learners.filter(pk=pk)
    return list(learners)


def to_confirm(institution: Institution, year: AcademicYear):
    """The Year 11 leavers of `year` whose actual destination is to confirm, each with what they
    intended and the actual destination recorded since (None: still to confirm); one query."""
    from django.db.models import OuterRef, Subquery

    from destinations.models import DestinationToConfirm

    actual = DestinationRecord.objects.filter(
        learner=OuterRef("learner"), academic_year=year, stage=Stage.ACTUAL
    )
    return list(
        DestinationToConfirm.objects.for_institution(institution)
        .filter(academic_year=year, learner__anonymised_at__isnull=True)
        .select_related("learner")
        .annotate(actual_category=Subquery(actual.values("category")[:1]))
    )


def live_figures(institution: Institution, today, *, suppress: bool) -> list[dict]:
    """The latest leavers' destinations in a few lines, for the plan's current state.

    The last academic year's leavers (the cohort whose actual destinations are known by now),
    as {label, value, source}; nothing when none are recorded. Suppressed as everywhere.
    """
    start = AcademicYear.start_year_for(today) - 1
    year = AcademicYear.objects.filter(start_year=start).first()
    if (
        year is None
        or not DestinationRecord.objects.for_institution(institution)
        .filter(academic_year=year)
        .exists()
    ):
        return []
    summary = cohort_summary(institution, year, current=False, suppress=suppress)
    source = f"destinations of {year} leavers, {summary.size:,} learners"
    wanted = ("In education", "In an apprenticeship", "NEET", "Not known")
    figures = [
        {
            "group": "Destinations",
            "label": f"{label} (leavers of {year})",
            "value": _shown(shown),
            "source": source,
        }
        for label, shown in summary.rows
        if label in wanted
    ]
    return figures


def plan_destination_figures(*, institution, today, suppress: bool = True) -> list[dict]:
    """The plan's provider (plans/live.py): the latest leavers' destinations."""
    return live_figures(institution, today, suppress=suppress)


def _shown(shown: Figure) -> str:
    if shown.suppressed:
        return "c (fewer than 6 learners, or 1 or 2)"
    if not shown.of:
        return "No learners"
    return f"{shown.shown_percent} ({shown.count} of {shown.of})"
