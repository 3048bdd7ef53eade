"""Reads of destinations: one learner's records and the figures of a leaver cohort."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from careers_portal.dates import today
from careers_portal.disclosure import Figure, figure
from careers_portal.figure_cache import remembered
from careers_portal.schools.models import ON_ROLL, AcademicYear, Institution, Learner
from careers_portal.schools.selectors import year_starting
from careers_portal.sharing import shared
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


@dataclass(frozen=True)
class _Group:
    """Leavers alike in what the measures count by cohort: their flags and the category of
    their actual destination (Category.UNKNOWN when none is recorded), and how many they are."""

    send: str
    disadvantaged: bool
    looked_after: bool
    gender: str
    actual: str
    n: int


@dataclass
class CohortSummary:
    year: AcademicYear
    size: int
    rows: list[tuple[str, Figure]]  # the headline shares
    by_category: list[tuple[str, Figure]]
    gaps: list[dict]
    breadth_categories: int
    breadth_providers: int
    institution: Institution
    current: bool
    suppress: bool

    @property
    def follow_up(self) -> QuerySet[Learner]:
        """The leavers to follow up (NEET or not known), empty when suppressed: governors never
        see a learner. A query built when asked, never kept with the figures
        (careers_portal/figure_cache.py): at a large college thousands may be "not known", and
        the page shows them a page at a time (careers_portal/pagination.py)."""
        if self.suppress:
            return Learner.objects.none()
        placed = DestinationRecord.objects.filter(
            academic_year=self.year, stage=Stage.ACTUAL
        ).exclude(category__in=[Category.NEET, Category.UNKNOWN])
        return (
            _members(self.institution, self.year, self.current)
            .filter(anonymised_at__isnull=True)
            .exclude(pk__in=placed.values("learner_id"))
            .order_by("year_group", "last_name", "first_name", "pk")
        )


FLAGS = ("send", "disadvantaged", "looked_after", "gender")


def _members(institution: Institution, year: AcademicYear, current: bool) -> QuerySet[Learner]:
    """Leavers of the year: those with a destination recorded for it and, this year, Year 11 and
    Year 13 on roll (so a learner nobody has asked yet counts as not known).

    A college's leavers are counted by the planned end date of their study programme (DOMAIN 5):
    everyone whose programme ends within the year, on roll or left, whatever the year asked.
    """
    recorded = DestinationRecord.objects.filter(academic_year=year).values("learner_id")
    member = Q(pk__in=recorded)
    if institution.is_college:
        member |= Q(
            anonymised_at__isnull=True,
            planned_end_date__gte=year.start_date,
            planned_end_date__lte=year.end_date,
        )
    elif current:
        member |= ON_ROLL & Q(year_group__in=LEAVING_YEARS)
    return Learner.objects.for_institution(institution).filter(member)


@dataclass
class _Counts:
    groups: list[_Group]
    sustained: int  # leavers whose sustained check found them participating
    both: int  # leavers with an intended and an actual destination
    matched: int  # of those, the ones whose actual destination is the intended one


def _counts(institution: Institution, year: AcademicYear, current: bool) -> _Counts:
    """The cohort counted in the database, in two grouped queries whatever its size: the
    leavers by their flags, and the year's records by the learner's flags, stage and category
    (a learner has at most one record per stage and year)."""
    unknown = {  # leavers without an actual destination, by their flags (all of them, first)
        tuple(row[name] for name in FLAGS): row["n"]
        for row in _members(institution, year, current)
        .order_by()
        .values(*FLAGS)
        .annotate(n=Count("pk"))
    }
    actual = DestinationRecord.objects.filter(
        learner=OuterRef("learner"), academic_year=year, stage=Stage.ACTUAL
    )
    intended = Q(stage=Stage.INTENDED)
    records = (
        DestinationRecord.objects.for_institution(institution)
        .filter(academic_year=year, stage__in=[Stage.ACTUAL, Stage.SUSTAINED, Stage.INTENDED])
        .order_by()
        .values(*(f"learner__{name}" for name in FLAGS), "stage", "category")
        .annotate(
            n=Count("pk"),
            both=Count("pk", filter=intended & Q(Exists(actual))),
            matched=Count(
                "pk", filter=intended & Q(Exists(actual.filter(category=OuterRef("category"))))
            ),
        )
    )
    groups: list[_Group] = []
    sustained = both = matched = 0
    for row in records:
        flags = tuple(row[f"learner__{name}"] for name in FLAGS)
        if row["stage"] == Stage.ACTUAL:
            groups.append(_Group(*flags, row["category"], row["n"]))
            unknown[flags] = unknown.get(flags, 0) - row["n"]
        elif row["stage"] == Stage.SUSTAINED:
            sustained += row["n"] if row["category"] in PARTICIPATING else 0
        else:
            both += row["both"]
            matched += row["matched"]
    groups += [_Group(*flags, Category.UNKNOWN, n) for flags, n in unknown.items() if n]
    return _Counts(groups, sustained, both, matched)


def _providers(institution: Institution, year: AcademicYear) -> int:
    """How many providers and employers the year's actual destinations name (ignoring case)."""
    names = (
        DestinationRecord.objects.for_institution(institution)
        .filter(academic_year=year, stage=Stage.ACTUAL)
        .exclude(provider="")
        .order_by()
        .values_list("provider", flat=True)
        .distinct()
    )
    return len({name.strip().lower() for name in names})


def cohort_summary(
    institution: Institution, year: AcademicYear, *, current: bool, suppress: bool
) -> CohortSummary:
    """A leaver cohort's destination measures, suppressed for those who may not see learners.

    Three queries whatever the cohort's size (it is counted in the database); read once per
    page where a page asks twice (careers_portal/sharing.py: the plan's live figures and its
    measures, the dashboard's destinations and its measures)."""
    key = ("destinations.cohort_summary", institution.pk, year.pk, current, suppress)
    return shared(
        key,
        lambda: remembered(
            (*key, today().isoformat()),
            lambda: _cohort_summary(institution, year, current=current, suppress=suppress),
        ),
    )


def _cohort_summary(
    institution: Institution, year: AcademicYear, *, current: bool, suppress: bool
) -> CohortSummary:
    counted = _counts(institution, year, current)
    groups = counted.groups
    size = sum(g.n for g in groups)

    def count(test, among=groups) -> int:
        return sum(g.n for g in among if test(g))

    def share(test) -> Figure:
        return figure(count(test), size, suppress=suppress)

    rows = [
        ("In education", share(lambda g: g.actual in EDUCATION)),
        ("In an apprenticeship", share(lambda g: g.actual == Category.APPRENTICESHIP)),
        (
            "In employment with training",
            share(lambda g: g.actual == Category.EMPLOYMENT_WITH_TRAINING),
        ),
        (
            "In employment without training",
            share(lambda g: g.actual == Category.EMPLOYMENT_WITHOUT_TRAINING),
        ),
        ("NEET", share(lambda g: g.actual == Category.NEET)),
        ("Not known", share(lambda g: g.actual == Category.UNKNOWN)),
        (
            "Sustained (still in education, an apprenticeship or work at the check)",
            figure(counted.sustained, size, suppress=suppress),
        ),
        (
            "Actual destination matched the intended one",
            figure(counted.matched, counted.both, suppress=suppress),
        ),
    ]
    counts: dict[str, int] = defaultdict(int)
    for group in groups:
        counts[group.actual] += group.n
    by_category = [
        (label, figure(counts.get(value, 0), size, suppress=suppress))
        for value, label in Category.choices
    ]
    cohorts = [
        ("SEND", lambda g: g.send != Learner.Send.NONE),
        ("Disadvantaged", lambda g: g.disadvantaged),
        ("Looked after", lambda g: g.looked_after),
        ("Female", lambda g: g.gender == Learner.Gender.FEMALE),
        ("Male", lambda g: g.gender == Learner.Gender.MALE),
    ]

    def participating(among: list[_Group]) -> Figure:
        return figure(
            count(lambda g: g.actual in PARTICIPATING, among),
            count(lambda g: True, among),
            suppress=suppress,
        )

    gaps = []
    for label, test in cohorts:
        fig_in = participating([group for group in groups if test(group)])
        fig_out = participating([group for group in groups if not test(group)])
        gap = None
        if not (fig_in.suppressed or fig_out.suppressed) and fig_in.of and fig_out.of:
            gap = fig_in.percent - fig_out.percent
        gaps.append({"label": label, "inside": fig_in, "outside": fig_out, "gap": gap})
    return CohortSummary(
        year=year,
        size=size,
        rows=rows,
        by_category=by_category,
        gaps=gaps,
        breadth_categories=sum(1 for value, n in counts.items() if n and value != Category.UNKNOWN),
        breadth_providers=_providers(institution, year) if size else 0,
        institution=institution,
        current=current,
        suppress=suppress,
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


def grid_rows(institution: Institution, year: AcademicYear, year_group: int):
    """Learners on roll in a year group with their intended destination this year, in one query."""
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
    return list(learners)


def to_confirm(institution: Institution, year: AcademicYear):
    """The Year 11 leavers of `year` whose actual destination is to confirm, each with what they
    intended and the actual destination recorded since (None: still to confirm); one query."""
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
    year = year_starting(AcademicYear.start_year_for(today) - 1)
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
