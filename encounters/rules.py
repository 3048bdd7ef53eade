"""The rules of DOMAIN section 4: meaningful encounters, benchmark coverage (BM5-8) and PAL.

Coverage is computed in SQL: each benchmark's rule is one boolean expression over a learner row
(membership of sets of learners built once per query from the attendance and guidance meetings:
`pk IN (...)`, with GROUP BY ... HAVING where a rule counts encounters), and a table
is one aggregate query that counts, per year group or per cohort, the learners on roll for whom
the expression holds. The number of queries never grows with the number of learners.

Schools (DOMAIN 4):
- BM5: at least one meaningful employer encounter (BM5) this academic year, from Y7.
- BM6: by the end of Y11, a meaningful experience of a workplace; in Y12 and over, one further
  since the start of Y12.
- BM7: by the end of Y11, meaningful encounters with the range of providers: at least one with a
  further-education, technical or apprenticeship provider and one with a university; in Y12 and
  over, two visits to higher education (we count them for every sixth-former, as we do not yet
  know who is considering HE).
- BM8: a guidance meeting by the end of Y11; in Y12 and over, a further one since the start of Y12.
Colleges and ITPs: BM5 two meaningful encounters this academic year; BM6, BM7 and BM8 one in the
learner's time with us (the end of the programme is when they leave, so what counts is the
record so far).
Only encounters dated on or before today count; an encounter logged ahead of time counts once it
has happened.

When each rule falls due (issue 11): BM5 every year, so by the end of this academic year for every
year group; BM6-8 by the end of Y11 for Y7-11 and by the end of Y13 for the sixth form; a college's
rules by the end of the learner's programme, which is the end of this academic year until the MIS
gives a planned end date. A share is judged met, on the way (falls due in a later year), due this
year (until the summer term) or behind (from the first day of the summer term of the year it falls
due, and after the deadline). Red is for behind only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q

from benchmarks import selectors as benchmark_selectors
from benchmarks.selectors import MeaningfulCriterion
from careers_portal import disclosure
from careers_portal.rag import Colour, Status, band_colour
from careers_portal.schools.models import AcademicYear, HalfTerm, Institution, Learner
from careers_portal.schools.services import TYPICAL_HALF_TERMS
from encounters.models import Encounter, EncounterLearner, GuidanceMeeting, Organisation

COVERAGE_BENCHMARKS = (5, 6, 7, 8)
MEANINGFUL_BENCHMARKS = (5, 6, 7)
PAL_PHASES = ((8, 9), (10, 11), (12, 13))


def benchmark_titles() -> dict[int, str]:
    """BM5-8's titles as the reference data names them (benchmarks owns them; one query)."""
    titles = benchmark_selectors.benchmark_titles("2025")
    return {n: titles.get(n, f"Benchmark {n}") for n in COVERAGE_BENCHMARKS}


RULE_TEXT = {
    "school": {
        5: "At least one meaningful employer encounter this academic year.",
        6: "A meaningful experience of a workplace by the end of Y11; one further in Y12-13.",
        7: "Meaningful encounters with a college or apprenticeship provider and a university by "
        "the end of Y11; two visits to higher education in Y12-13.",
        8: "A personal guidance meeting by the end of Y11; a further one in Y12-13.",
    },
    "college": {
        5: "Two meaningful employer encounters this academic year.",
        6: "A meaningful experience of a workplace by the end of the programme.",
        7: "A meaningful encounter with a provider of a possible next step.",
        8: "A personal guidance meeting by the end of the study programme.",
    },
}


# --- Dates ----------------------------------------------------------------------------------


def academic_year_start(day: dt.date) -> dt.date:
    return dt.date(AcademicYear.start_year_for(day), 9, 1)


def academic_year_end(day: dt.date) -> dt.date:
    return dt.date(AcademicYear.start_year_for(day) + 1, 8, 31)


def sixth_form_start(year_group: int, today: dt.date) -> dt.date:
    """1 September of the year a learner now in `year_group` (12 or over) entered Y12."""
    return dt.date(AcademicYear.start_year_for(today) - (year_group - 12), 9, 1)


def summer_term_start(day: dt.date, institution: Institution | None = None) -> dt.date:
    """The first day of the summer term (HT5) of the academic year containing `day`.

    The half terms recorded for that year win (a school's Easter moves every year): the
    institution's own dates where it set them, else England's default; a year with none recorded
    uses the typical date the app creates half terms with. One query.
    """
    start_year = AcademicYear.start_year_for(day)
    recorded = (
        HalfTerm.objects.applying_to(institution)
        .filter(academic_year__start_year=start_year, number=HalfTerm.Number.HT5)
        .values_list("start_date", flat=True)
        .first()
    )
    if recorded is not None:
        return recorded
    (month, day_of_month), _end = TYPICAL_HALF_TERMS[HalfTerm.Number.HT5 - 1]
    return dt.date(start_year + 1, month, day_of_month)


@dataclass(frozen=True)
class Calendar:
    """The dates coverage is judged by on one day: read once per page, passed to every rule."""

    today: dt.date
    year_start: dt.date
    summer_start: dt.date
    year_end: dt.date


def calendar_for(today: dt.date, institution: Institution | None = None) -> Calendar:
    """The academic year around `today` and its summer term (by the institution's term dates);
    one query."""
    return Calendar(
        today=today,
        year_start=academic_year_start(today),
        summer_start=summer_term_start(today, institution),
        year_end=academic_year_end(today),
    )


# --- When a rule falls due, and how a share stands against it -------------------------------


@dataclass(frozen=True)
class Deadline:
    """The last day a rule can be met (31 August, the end of a school year)."""

    day: dt.date
    year_group: int | None = None  # "by the end of Year 11"; None: this year's rule

    @property
    def month(self) -> str:
        # Schools break up in July; the year formally ends on 31 August, which `day` keeps.
        return f"July {self.day.year}"

    @property
    def words(self) -> str:
        if self.year_group is None:
            return f"by July {self.day.year}"
        return f"by the end of Year {self.year_group} ({self.month})"


def deadline_for(
    institution: Institution, number: int, year_group: int, calendar: Calendar, *, by_16=False
) -> Deadline:
    """When benchmark `number` falls due for a learner now in `year_group`.

    `by_16` asks for a sixth-former's by-16 part (BM6-8), whose deadline has passed.
    """
    if institution.is_college or number == 5:
        # BM5 is every year; a college's rules end with the programme, and until the MIS gives a
        # planned end date we judge them by the end of this academic year.
        return Deadline(calendar.year_end)
    final = 11 if year_group <= 11 or by_16 else 13
    return Deadline(dt.date(calendar.year_end.year + final - year_group, 8, 31), final)


class State:
    MET = "met"
    ON_THE_WAY = "on_the_way"
    DUE = "due"
    BEHIND = "behind"
    MISSED = "missed"


# Worst first wins when a cohort mixes learners with different deadlines.
SEVERITY = {State.MET: 0, State.ON_THE_WAY: 1, State.DUE: 2, State.BEHIND: 3, State.MISSED: 4}
STATE_COLOURS = {
    State.MET: Colour.GREEN,
    State.ON_THE_WAY: Colour.BLUE,  # neutral: progress towards a later deadline is never a warning
    State.DUE: Colour.AMBER,
    State.BEHIND: Colour.RED,
    State.MISSED: Colour.RED,
}


@dataclass(frozen=True)
class Judgement:
    """How learners stand against one rule today: a state, its deadline, words and a colour."""

    state: str
    deadline: Deadline | None = None

    @property
    def colour(self) -> Colour:
        return STATE_COLOURS[self.state]

    @property
    def css(self) -> str:
        return self.colour.css

    @property
    def label(self) -> str:
        """The status badge: always words, never colour alone."""
        if self.state == State.MET:
            return "Met"
        if self.state == State.ON_THE_WAY:
            return "On the way"
        if self.state == State.DUE:
            return f"Due by {self.deadline.month}"
        if self.state == State.BEHIND:
            return f"Behind, due by {self.deadline.month}"
        return f"Missed, was due by {self.deadline.month}"

    @property
    def learner_label(self) -> str:
        """For one learner who has not met the rule (the not-covered list)."""
        if self.state in (State.ON_THE_WAY, State.DUE):
            return f"Not yet, due by {self.deadline.month}"
        return self.label

    @property
    def words(self) -> str:
        """The label as part of a sentence, for a group: "on the way, due by the end of Year 11"."""
        if self.state == State.MET:
            return "met"
        if self.state == State.ON_THE_WAY:
            return f"on the way, due {self.deadline.words}"
        return self.label[0].lower() + self.label[1:]

    @property
    def learner_words(self) -> str:
        """For one learner's record, after the benchmark's name: "met", "not yet, due by ..."."""
        if self.state == State.MET:
            return "met"
        if self.state == State.ON_THE_WAY:
            return f"not yet, due {self.deadline.words}"
        if self.state == State.DUE:
            return f"not yet, due by {self.deadline.month}"
        if self.state == State.BEHIND:
            return f"behind, due by {self.deadline.month}"
        return f"missed, was due by {self.deadline.month}"

    @property
    def is_red(self) -> bool:
        return self.colour == Colour.RED


def judge(covered: bool, deadline: Deadline, calendar: Calendar) -> Judgement:
    """Met; missed after the deadline; on the way when it falls due in a later year; due this
    year until the summer term; behind from the first day of the summer term."""
    if covered:
        return Judgement(State.MET)
    if calendar.today > deadline.day:
        return Judgement(State.MISSED, deadline)
    if deadline.day > calendar.year_end:
        return Judgement(State.ON_THE_WAY, deadline)
    if calendar.today >= calendar.summer_start:
        return Judgement(State.BEHIND, deadline)
    return Judgement(State.DUE, deadline)


# --- Meaningful -----------------------------------------------------------------------------


def missing_criteria(
    benchmark_numbers: Iterable[int],
    met: Iterable[MeaningfulCriterion],
    all_criteria: Iterable[MeaningfulCriterion] | None = None,
) -> dict[int, list[MeaningfulCriterion]]:
    """For each benchmark (5, 6, 7) evidenced, the meaningful criteria not met; [] = meaningful."""
    met_ids = {criterion.pk for criterion in met}
    criteria = list(
        all_criteria if all_criteria is not None else benchmark_selectors.meaningful_criteria()
    )
    return {
        number: [c for c in criteria if c.benchmark_number == number and c.pk not in met_ids]
        for number in sorted(set(benchmark_numbers))
        if number in MEANINGFUL_BENCHMARKS
    }


def encounter_missing_criteria(encounter: Encounter) -> dict[int, list[MeaningfulCriterion]]:
    """missing_criteria() for a saved encounter's benchmarks and ticked criteria."""
    numbers = {benchmark.number for benchmark in encounter.benchmarks.all()}
    return missing_criteria(numbers, encounter.meaningful_criteria.all())


def is_meaningful(number: int, missing: dict[int, list]) -> bool:
    """Meaningful for a benchmark: evidenced and every one of its criteria met."""
    return number in missing and not missing[number]


# --- Coverage -------------------------------------------------------------------------------

# Each rule is a set-based condition: `pk IN (learners with such attendance)`, the subquery
# computed once per query over the scope's attendance (PostgreSQL hashes it, SQLite builds a
# temporary index), not an EXISTS or COUNT re-run for every learner row. At 20,000 learners the
# correlated form cost seconds per page (issue 14); the sets cost one pass over the attendance.


@dataclass(frozen=True)
class Scope:
    """Whose encounters, attendance and meetings a rule's subqueries read: a whole institution,
    or one learner (their record), so a single learner's figures never read the whole school."""

    encounters: Q
    attendance: Q
    meetings: Q


def institution_scope(institution: Institution) -> Scope:
    return Scope(Q(institution=institution), Q(), Q(learner__institution=institution))


def learner_scope(learner: Learner) -> Scope:
    return Scope(Q(), Q(learner=learner.pk), Q(learner=learner.pk))


def _attendance(scope: Scope, *conditions: Q, **filters):
    """Attendance at the encounters matching the filters (fields of Encounter).

    The encounters are chosen first (a school has hundreds, the attendance tens of thousands of
    rows), then their attendance is read through the (encounter, learner) unique index.
    """
    encounters = Encounter.objects.filter(scope.encounters, *conditions, **filters)
    return EncounterLearner.objects.filter(
        scope.attendance, encounter__in=encounters.order_by().values("pk")
    ).order_by()


def _attended(scope: Scope, *conditions: Q, **filters) -> Q:
    """Learners who attended an encounter matching the filters, as a condition on a Learner row."""
    return Q(pk__in=_attendance(scope, *conditions, **filters).values("learner_id"))


def _met_in(scope: Scope, **filters) -> Q:
    """Learners with a guidance meeting matching `filters`."""
    meetings = GuidanceMeeting.objects.filter(scope.meetings, **filters)
    return Q(pk__in=meetings.order_by().values("learner_id"))


def _count_at_least(scope: Scope, n: int, *conditions: Q, **filters) -> Q:
    """Learners who attended at least n distinct encounters matching the filters
    (GROUP BY ... HAVING)."""
    learners = (
        _attendance(scope, *conditions, **filters)
        .values("learner_id")
        .annotate(n=Count("encounter", distinct=True))
        .filter(n__gte=n)
        .values("learner_id")
    )
    return Q(pk__in=learners)


def _by_16(scope: Scope, upto: dt.date) -> dict[int, Q]:
    """BM6-8's by-16 rules over what happened on or before `upto` (no year group filter)."""
    providers = Organisation.PROVIDER_KINDS
    return {
        6: _attended(scope, meaningful_bm6=True, date__lte=upto),
        # Each is one filter() call, so the kind is that of one organisation of the encounter.
        7: _attended(scope, meaningful_bm7=True, organisations__kind__in=providers, date__lte=upto)
        & _attended(scope, meaningful_bm7=True, organisations__kind="university", date__lte=upto),
        8: _met_in(scope, date__lte=upto),
    }


def _school_conditions(scope: Scope, today: dt.date, year_groups: Iterable[int]) -> dict[int, Q]:
    year_start = academic_year_start(today)
    pre16 = Q(year_group__lte=11)
    bm5 = _attended(scope, meaningful_bm5=True, date__gte=year_start, date__lte=today)
    by_16 = _by_16(scope, today)
    bm6 = pre16 & by_16[6]
    bm7 = pre16 & by_16[7]
    he_visit = Q(kind=Encounter.Kind.HE_VISIT) | Q(organisations__kind="university")
    bm8 = pre16 & by_16[8]
    for year in sorted({y for y in year_groups if y >= 12}):
        since = sixth_form_start(year, today)
        in_year = Q(year_group=year)
        bm6 |= in_year & _attended(scope, meaningful_bm6=True, date__gte=since, date__lte=today)
        bm8 |= in_year & _met_in(scope, date__gte=since, date__lte=today)
    bm7 |= Q(year_group__gte=12) & _count_at_least(scope, 2, he_visit, date__lte=today)
    return {5: bm5, 6: bm6, 7: bm7, 8: bm8}


def _college_conditions(scope: Scope, today: dt.date) -> dict[int, Q]:
    year_start = academic_year_start(today)
    return {
        5: _count_at_least(scope, 2, meaningful_bm5=True, date__gte=year_start, date__lte=today),
        6: _attended(scope, meaningful_bm6=True, date__lte=today),
        7: _attended(scope, meaningful_bm7=True, date__lte=today),
        8: _met_in(scope, date__lte=today),
    }


def coverage_conditions(
    institution: Institution, today: dt.date, scope: Scope | None = None
) -> dict[int, Q]:
    """Benchmark number -> a condition on a Learner row that holds when the learner is covered.

    `scope` narrows what the subqueries read (one learner's record); by default the institution.
    """
    scope = scope or institution_scope(institution)
    if institution.is_college:
        return _college_conditions(scope, today)
    return _school_conditions(scope, today, institution.year_groups)


def is_small_group(total: int) -> bool:
    """A group a governor sees as "c" (careers_portal/disclosure.py, DOMAIN 6)."""
    return disclosure.small_group(total)


def coverage_rules(institution: Institution) -> list[tuple[int, str, str]]:
    """(number, title, rule in words) of BM5-8, as they apply to this institution."""
    audience = "college" if institution.is_college else "school"
    titles = benchmark_titles()
    return [(n, titles[n], RULE_TEXT[audience][n]) for n in COVERAGE_BENCHMARKS]


@dataclass(frozen=True)
class Share:
    met: int
    total: int
    # A colour judged by a deadline (PAL), instead of one by size; not part of the figure.
    judged: Colour | None = field(default=None, compare=False)

    @property
    def percent(self) -> int | None:
        return round(100 * self.met / self.total) if self.total else None

    @property
    def missing(self) -> int:
        return self.total - self.met

    @property
    def is_small(self) -> bool:
        """Shown as "c" to those who may not see learners: the one rule of disclosure.py."""
        return disclosure.hides(self.met, self.total)

    @property
    def colour(self) -> Colour:
        if self.judged is not None:
            return self.judged
        return band_colour(self.percent, green_from=90, amber_from=50)

    def __add__(self, other: Share) -> Share:
        return Share(self.met + other.met, self.total + other.total)


NOBODY = Share(0, 0)


@dataclass(frozen=True)
class CoverageCell:
    """One benchmark for one row of learners: the share met and how it stands today.

    `due` counts the learners whose rule falls due this year (or has passed), `later` those on
    the way to a later deadline; a year group has only one of the two, a cohort may have both.
    """

    number: int
    share: Share
    judgement: Judgement | None  # None: nobody on roll
    due: Share = NOBODY
    later: Share = NOBODY

    @property
    def is_mixed(self) -> bool:
        return bool(self.due.total and self.later.total)


def cell_for(
    number: int, parts: Iterable[tuple[Deadline, int, int]], calendar: Calendar
) -> CoverageCell:
    """A cell from its learners' (deadline, met, total) parts: the worst judgement of its parts.

    Parts may share a deadline (a cohort's year groups for BM5): judged one by one, the worst is
    the same as judged together, as one learner not covered makes the part not met.
    """
    met = total = later_met = later_total = 0
    worst: tuple[tuple[int, int], Judgement] | None = None
    for deadline, part_met, part_total in parts:
        if not part_total:
            continue
        met, total = met + part_met, total + part_total
        if deadline.day > calendar.year_end:
            later_met, later_total = later_met + part_met, later_total + part_total
        judgement = judge(part_met == part_total, deadline, calendar)
        # The worst state wins; of two as bad, the earlier deadline is the one to name.
        rank = (SEVERITY[judgement.state], -deadline.day.toordinal())
        if worst is None or rank > worst[0]:
            worst = (rank, judgement)
    share = Share(met, total)
    if worst is None:
        return CoverageCell(number, share, None)
    later = Share(later_met, later_total)
    due = Share(met - later_met, total - later_total)
    return CoverageCell(number, share, worst[1], due=due, later=later)


@dataclass
class CoverageRow:
    label: str
    total: int
    shares: dict[int, Share] = field(default_factory=dict)
    year_group: int | None = None
    states: dict[int, CoverageCell] = field(default_factory=dict)

    @property
    def is_small(self) -> bool:
        """Shown as "c" to those who may not see learners: the one rule of disclosure.py."""
        return disclosure.hides(self.met, self.total)

    @property
    def cells(self) -> list[CoverageCell]:
        return [self.states[n] for n in sorted(self.states)]


COHORTS: list[tuple[str, str, Q]] = [
    ("all", "All learners", Q()),
    ("send", "SEND (SEN support or EHCP)", ~Q(send=Learner.Send.NONE)),
    ("disadvantaged", "Disadvantaged", Q(disadvantaged=True)),
    ("looked_after", "Looked after", Q(looked_after=True)),
    ("female", "Female", Q(gender=Learner.Gender.FEMALE)),
    ("male", "Male", Q(gender=Learner.Gender.MALE)),
    ("other_gender", "Other gender or not given", Q(gender__in=[Learner.Gender.OTHER, ""])),
]


def on_roll(institution: Institution):
    return Learner.objects.for_institution(institution).on_roll()


GROUP_FIELDS = ("year_group", "send", "disadvantaged", "looked_after", "gender")

# Cohort membership of a group row (the same cohorts as COHORTS' conditions, in Python).
COHORT_TESTS = {
    "all": lambda row: True,
    "send": lambda row: row["send"] != Learner.Send.NONE,
    "disadvantaged": lambda row: row["disadvantaged"],
    "looked_after": lambda row: row["looked_after"],
    "female": lambda row: row["gender"] == Learner.Gender.FEMALE,
    "male": lambda row: row["gender"] == Learner.Gender.MALE,
    "other_gender": lambda row: row["gender"] in (Learner.Gender.OTHER, ""),
}


def coverage_groups(
    institution: Institution, today: dt.date, year_groups: Iterable[int] | None = None
) -> list[dict]:
    """Learners on roll grouped by year group and cohort flags, with how many meet each rule.

    One query; each learner's rules are evaluated once. A school has at most a few hundred
    groups (year groups x SEND x disadvantaged x looked-after x gender), whatever its size, so
    the tables below add them up in Python. `year_groups` limits it to those year groups (what
    encounters.kept recomputes after a write); the pages read the kept groups (kept.groups).
    """
    conditions = coverage_conditions(institution, today)
    learners = on_roll(institution)
    if year_groups is not None:
        learners = learners.filter(year_group__in=sorted(set(year_groups)))
    return list(
        learners.order_by()
        .values(*GROUP_FIELDS)
        .annotate(
            total=Count("pk"),
            **{f"bm{n}": Count("pk", filter=conditions[n]) for n in COVERAGE_BENCHMARKS},
        )
    )


def _row(
    label: str, groups: list[dict], deadlines: dict[tuple[int, int], Deadline], calendar, **extra
) -> CoverageRow:
    # Add the groups up by year group first: a few hundred groups become at most eight parts.
    by_year: dict[int, list[int]] = {}
    for group in groups:
        sums = by_year.setdefault(group["year_group"], [0] * (1 + len(COVERAGE_BENCHMARKS)))
        sums[0] += group["total"]
        for index, n in enumerate(COVERAGE_BENCHMARKS, start=1):
            sums[index] += group[f"bm{n}"]
    states = {
        n: cell_for(
            n,
            [(deadlines[n, year], sums[index], sums[0]) for year, sums in by_year.items()],
            calendar,
        )
        for index, n in enumerate(COVERAGE_BENCHMARKS, start=1)
    }
    return CoverageRow(
        label=label,
        total=sum(sums[0] for sums in by_year.values()),
        shares={n: cell.share for n, cell in states.items()},
        states=states,
        **extra,
    )


def _deadlines(institution: Institution, groups: list[dict], calendar: Calendar):
    """(benchmark, year group) -> its deadline, for the year groups on roll."""
    years = {group["year_group"] for group in groups}
    return {
        (n, year): deadline_for(institution, n, year, calendar)
        for n in COVERAGE_BENCHMARKS
        for year in years
    }


def _calendar(calendar: Calendar | dt.date, institution: Institution | None = None) -> Calendar:
    return calendar if isinstance(calendar, Calendar) else calendar_for(calendar, institution)


def coverage_by_year_group(
    institution: Institution, calendar: Calendar | dt.date, groups: list[dict] | None = None
) -> list[CoverageRow]:
    """Per year group on roll: learners, and for BM5-8 how many meet the rule and how that
    stands against when it falls due."""
    calendar = _calendar(calendar, institution)
    groups = coverage_groups(institution, calendar.today) if groups is None else groups
    years = sorted({group["year_group"] for group in groups})
    deadlines = _deadlines(institution, groups, calendar)
    return [
        _row(
            f"Year {year}",
            [g for g in groups if g["year_group"] == year],
            deadlines,
            calendar,
            year_group=year,
        )
        for year in years
    ]


def coverage_by_cohort(
    institution: Institution, calendar: Calendar | dt.date, groups: list[dict] | None = None
) -> list[CoverageRow]:
    """Per cohort (all, SEND, disadvantaged, looked-after, gender): the same shares and states."""
    calendar = _calendar(calendar, institution)
    groups = coverage_groups(institution, calendar.today) if groups is None else groups
    deadlines = _deadlines(institution, groups, calendar)
    return [
        _row(label, [g for g in groups if COHORT_TESTS[key](g)], deadlines, calendar)
        for key, label, _cohort in COHORTS
    ]


def not_covered(
    institution: Institution, today: dt.date, *, benchmark: int, year_group: int | None
):
    """Learners on roll (of one year group, or all) not yet meeting a benchmark's rule."""
    learners = on_roll(institution).exclude(coverage_conditions(institution, today)[benchmark])
    if year_group is not None:
        learners = learners.filter(year_group=year_group)
    return learners.order_by("year_group", "last_name", "first_name")


def not_covered_judged(
    institution: Institution, learners: Iterable[Learner], *, benchmark: int, calendar: Calendar
) -> list[tuple[Learner, Judgement]]:
    """Each learner who has not met the rule, with where they stand ("not yet" or "missed")."""
    return [
        (
            learner,
            judge(
                False, deadline_for(institution, benchmark, learner.year_group, calendar), calendar
            ),
        )
        for learner in learners
    ]


def learner_is_covered(learner: Learner, benchmark: int, today: dt.date) -> bool:
    """Whether one learner meets a benchmark's rule today: the careers record's answer."""
    condition = coverage_conditions(learner.institution, today, learner_scope(learner))[benchmark]
    return Learner.objects.filter(condition, pk=learner.pk).exists()


@dataclass(frozen=True)
class LearnerRule:
    """One rule of one benchmark for one learner: met or not, and how it stands."""

    number: int
    title: str
    part: str  # "by 16" or "by 18" where a benchmark has both, else ""
    met: bool
    judgement: Judgement


def learner_coverage(learner: Learner, calendar: Calendar | dt.date) -> list[LearnerRule]:
    """BM5-8 for one learner today, in one query. A sixth-former of a school also sees BM6-8's
    by-16 rule, met only by what is recorded here before they started Year 12."""
    institution = learner.institution
    calendar = _calendar(calendar, institution)
    scope = learner_scope(learner)
    conditions = coverage_conditions(institution, calendar.today, scope)
    aggregates = {f"bm{n}": Count("pk", filter=conditions[n]) for n in COVERAGE_BENCHMARKS}
    sixth_former = not institution.is_college and learner.year_group >= 12
    if sixth_former:
        before_y12 = sixth_form_start(learner.year_group, calendar.today) - dt.timedelta(days=1)
        for n, condition in _by_16(scope, before_y12).items():
            aggregates[f"by16_{n}"] = Count("pk", filter=condition)
    met = Learner.objects.filter(pk=learner.pk).aggregate(**aggregates)
    rules: list[LearnerRule] = []
    titles = benchmark_titles()
    for n in COVERAGE_BENCHMARKS:
        title = titles[n]
        if sixth_former and n != 5:
            covered = bool(met[f"by16_{n}"])
            deadline = deadline_for(institution, n, learner.year_group, calendar, by_16=True)
            rules.append(
                LearnerRule(n, title, "by 16", covered, judge(covered, deadline, calendar))
            )
        covered = bool(met[f"bm{n}"])
        deadline = deadline_for(institution, n, learner.year_group, calendar)
        part = "by 18" if sixth_former and n != 5 else ""
        rules.append(LearnerRule(n, title, part, covered, judge(covered, deadline, calendar)))
    return rules


# --- Provider Access Legislation ------------------------------------------------------------


def pal_deadline(today: dt.date) -> dt.date:
    """28 February of this academic year: the deadline for learners in the last year of a phase."""
    return dt.date(AcademicYear.start_year_for(today) + 1, 2, 28)


@dataclass
class PalPhase:
    years: tuple[int, int]
    mandatory: bool
    window_start: dt.date
    deadline: dt.date
    offered: int
    learners: int
    attended_one: int
    attended_two: int
    cohorts: list[tuple[str, Share]]
    today: dt.date

    @property
    def label(self) -> str:
        return f"Year {self.years[0]} and Year {self.years[1]}"

    @property
    def met(self) -> bool:
        if self.offered < 2:
            return False
        return not self.mandatory or self.attended_two == self.learners

    @property
    def status(self) -> Status:
        """Words and colour for the status badge."""
        if self.met:
            return Status("Met", Colour.GREEN)
        if self.today > self.deadline:
            return Status("Deadline missed", Colour.RED)
        if self.warn:
            return Status("Deadline near", Colour.AMBER)
        return Status("In progress", Colour.BLUE)

    @property
    def warn(self) -> bool:
        """From 1 January until 28 February, while the phase is not met."""
        january = dt.date(self.deadline.year, 1, 1)
        return not self.met and january <= self.today <= self.deadline

    @property
    def attended_share(self) -> Share:
        return self.judge(Share(self.attended_two, self.learners))

    @property
    def judged_cohorts(self) -> list[tuple[str, Share]]:
        return [(label, self.judge(share)) for label, share in self.cohorts]

    def judge(self, share: Share) -> Share:
        """Attendance coloured by the phase's deadline, never by its size: green once everyone
        has attended two, red only after the deadline, neutral where attendance is optional."""
        if share.total and share.met == share.total:
            colour = Colour.GREEN
        elif not self.mandatory or self.status.colour == Colour.GREEN:
            colour = Colour.BLUE
        else:
            colour = self.status.colour
        return replace(share, judged=colour)


def pal_phases(institution: Institution, today: dt.date) -> list[PalPhase]:
    """Per PAL phase, for the learners whose deadline falls this year (Y9, Y11, Y13): encounters
    offered to them in the phase window, and learners who attended one and two. Two queries."""
    start_year = AcademicYear.start_year_for(today)
    deadline = pal_deadline(today)
    windows = {last: (dt.date(start_year - 1, 9, 1), deadline) for _first, last in PAL_PHASES}

    pal_encounters = list(
        Encounter.objects.for_institution(institution)
        .pal()
        .filter(date__gte=dt.date(start_year - 1, 9, 1), date__lte=min(today, deadline))
        .values_list("date", "year_groups")
    )

    def offered_to(first: int, last: int) -> int:
        this_year = academic_year_start(today)
        return sum(
            1
            for day, years in pal_encounters
            if (day >= this_year and last in years) or (day < this_year and first in years)
        )

    scope = institution_scope(institution)

    def counted(window: tuple[dt.date, dt.date], lasts: list[int], n: int) -> Q:
        start, end = window
        pal = (
            Encounter.objects.for_institution(institution)
            .pal()
            .filter(date__gte=start, date__lte=min(today, end))
        )
        if n == 1:  # attended one: plain membership, no counting
            return Q(year_group__in=lasts) & _attended(scope, pk__in=pal.values("pk"))
        return Q(year_group__in=lasts) & _count_at_least(scope, n, pk__in=pal.values("pk"))

    # The phases that share a window share one set of learners (one subquery each, not one per
    # phase: today every phase's window is the same, so PostgreSQL builds two sets, not six).
    by_window: dict[tuple[dt.date, dt.date], list[int]] = {}
    for _first, last in PAL_PHASES:
        by_window.setdefault(windows[last], []).append(last)
    one = Q()
    two = Q()
    for index, (window, lasts) in enumerate(by_window.items()):
        one = counted(window, lasts, 1) if index == 0 else one | counted(window, lasts, 1)
        two = counted(window, lasts, 2) if index == 0 else two | counted(window, lasts, 2)
    # Grouped by the cohort flags as coverage is, and the cohorts added up in Python: each set
    # of learners is then one subquery, where a FILTER per cohort would repeat it (PostgreSQL
    # plans every occurrence of a subquery apart: 24 of them cost 750 ms at 20,000 learners).
    groups = list(
        on_roll(institution)
        .filter(year_group__in=[last for _first, last in PAL_PHASES])
        .order_by()
        .values(*GROUP_FIELDS)
        .annotate(total=Count("pk"), one=Count("pk", filter=one), two=Count("pk", filter=two))
    )
    rows: dict[int, dict[str, int]] = {}
    for group in groups:
        row = rows.setdefault(group["year_group"], defaultdict(int))
        for key in ("total", "one", "two"):
            row[key] += group[key]
        for key, _label, _cohort in COHORTS[1:]:
            if COHORT_TESTS[key](group):
                row[f"{key}__total"] += group["total"]
                row[f"{key}__two"] += group["two"]
    phases = []
    for first, last in PAL_PHASES:
        row = rows.get(last, {})
        phases.append(
            PalPhase(
                years=(first, last),
                mandatory=last <= 11,
                window_start=windows[last][0],
                deadline=deadline,
                offered=offered_to(first, last),
                learners=row.get("total", 0),
                attended_one=row.get("one", 0),
                attended_two=row.get("two", 0),
                cohorts=[
                    (label, Share(row.get(f"{key}__two", 0), row.get(f"{key}__total", 0)))
                    for key, label, _cohort in COHORTS[1:]
                ],
                today=today,
            )
        )
    return phases


def pal_suggested(*, in_school_day: bool, organisations: Iterable[Organisation]) -> bool:
    """Suggest the PAL flag: in the school day, with at least one approved provider."""
    return in_school_day and any(org.approved_provider for org in organisations)
