"""Measurable objectives: each measure's live value, read from the app that holds it, and the
line the plan, the dashboards and the report show: "from 42% (October 2025) to 71% now,
target 80%". Registered with plans' extension point (plans/measures.py) in apps.ready()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.dateformat import format as date_format

from benchmarks import selectors as benchmarks
from careers_portal.disclosure import SUPPRESSED, figure
from careers_portal.insights.models import Measure
from careers_portal.rag import Colour
from careers_portal.schools.models import AcademicYear, Institution
from careers_portal.schools.selectors import year_starting
from careers_portal.sharing import shared
from destinations import selectors as destinations
from destinations.models import Category
from encounters import selectors as encounters
from plans.measures import MeasureLine, ObjectiveMeasures
from surveys import selectors as surveys


@dataclass(frozen=True)
class Current:
    """A measure's value now: a percentage, "c" when suppressed, or None with nothing to count."""

    percent: float | None
    suppressed: bool = False


def _number(value: float | Decimal) -> str:
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def describe(measure: Measure) -> str:
    """What the measure counts, in words."""
    kind = Measure.Kind
    if measure.kind == kind.BENCHMARK_SCORE:
        return f"Benchmark {measure.benchmark} score (criteria met)"
    if measure.kind == kind.COVERAGE:
        who = f"Year {measure.year_group}" if measure.year_group else "All learners"
        return f"{who} meeting the rule of Benchmark {measure.benchmark}"
    if measure.kind == kind.DESTINATION:
        label = dict(Category.choices).get(measure.category, measure.category)
        return f"Last year's leavers: {label.split(' (')[0]}"
    return f"Answering positively: {measure.question.text}"


class _Context:
    """What several measures of one institution share, read once per page."""

    def __init__(self, institution: Institution, today: dt.date, suppress: bool):
        self.institution, self.today, self.suppress = institution, today, suppress
        self._scores = self._coverage = self._leavers = None

    def scores(self):
        if self._scores is None:
            latest = benchmarks.latest_scores(self.institution)
            self._scores = {s.number: s for s in latest.scores} if latest else {}
        return self._scores

    def coverage(self):
        if self._coverage is None:
            key = ("coverage", self.institution.pk, self.today)
            self._coverage = shared(
                key, lambda: encounters.coverage_summary(self.institution, self.today)
            ).by_year
        return self._coverage

    def leavers(self):
        if self._leavers is None:
            year = year_starting(AcademicYear.start_year_for(self.today) - 1)
            self._leavers = (
                destinations.cohort_summary(
                    self.institution, year, current=False, suppress=self.suppress
                )
                if year
                else False
            )
        return self._leavers


def current_value(measure: Measure, context: _Context) -> Current:
    """The measure's live value."""
    kind = Measure.Kind
    if measure.kind == kind.BENCHMARK_SCORE:
        score = context.scores().get(measure.benchmark)
        return Current(score.percent if score else None)
    if measure.kind == kind.COVERAGE:
        rows = [
            row
            for row in context.coverage()
            if measure.year_group is None or row.year_group == measure.year_group
        ]
        met = sum(
            row.shares[measure.benchmark].met for row in rows if measure.benchmark in row.shares
        )
        total = sum(
            row.shares[measure.benchmark].total for row in rows if measure.benchmark in row.shares
        )
        fig = figure(met, total, suppress=context.suppress)
        return Current(fig.percent, fig.suppressed)
    if measure.kind == kind.DESTINATION:
        leavers = context.leavers()
        if not leavers or not leavers.size:
            return Current(None)
        label = dict(Category.choices).get(measure.category)
        fig = next((f for name, f in leavers.by_category if name == label), None)
        if fig is None:
            return Current(None)
        return Current(fig.percent, fig.suppressed)
    return _survey_value(measure, context)


def _survey_value(measure: Measure, context: _Context) -> Current:
    """The question's share agreeing up to today (surveys hides it under 6 answers)."""
    found = surveys.question_share_positive(question=measure.question, until=context.today)
    if found.share is None:
        return Current(None, suppressed=found.responses > 0)
    return Current(found.share)


def line_for(measure: Measure, current: Current) -> MeasureLine:
    """The measure as one line: "from 42% (October 2025) to 71% now, target 80%"."""
    baseline = Decimal(measure.baseline_value)
    target = Decimal(measure.target)
    start = f"from {_number(baseline)}% ({date_format(measure.baseline_date, 'F Y')})"
    end = f"target {_number(target)}%"
    if current.suppressed:
        return MeasureLine(
            describe(measure), f"{start} to {SUPPRESSED} now, {end}", "Small group: not shown"
        )
    if current.percent is None:
        return MeasureLine(
            describe(measure), f"{start}, nothing to count now, {end}", "No figure yet"
        )
    now = Decimal(f"{current.percent:.1f}")
    upwards = target >= baseline
    reached = now >= target if upwards else now <= target
    moving = now > baseline if upwards else now < baseline
    if reached:
        status, colour = "Target reached", Colour.GREEN
    elif moving:
        status, colour = "Moving towards the target", Colour.AMBER
    else:
        status, colour = "Not moving towards the target", Colour.RED
    return MeasureLine(describe(measure), f"{start} to {_number(now)}% now, {end}", status, colour)


def measures_of(objectives: Sequence) -> dict[int, list[Measure]]:
    """The measures of the objectives, by objective id, in one query."""
    found: dict[int, list[Measure]] = {}
    measures = Measure.objects.filter(objective__in=[o.pk for o in objectives]).select_related(
        "question"
    )
    for measure in measures:
        found.setdefault(measure.objective_id, []).append(measure)
    return found


def lines_for(
    measures: Sequence[Measure], institution: Institution, today: dt.date, *, suppress: bool
):
    """Each measure with its line, sharing one read of each app's figures."""
    context = _Context(institution, today, suppress)
    return [(measure, line_for(measure, current_value(measure, context))) for measure in measures]


def plan_measures(
    objectives: Sequence, today: dt.date, suppress: bool
) -> dict[int, ObjectiveMeasures]:
    """The provider for plans' extension point: the lines of each objective's measures."""
    if not objectives:
        return {}
    found = measures_of(objectives)
    every = [m for measures in found.values() for m in measures]
    lines = {}
    if every:  # the institution (and every figure) is read only when there is a measure
        institution = objectives[0].plan.institution
        lines = {m.pk: line for m, line in lines_for(every, institution, today, suppress=suppress)}
    return {
        objective.pk: ObjectiveMeasures(
            lines=tuple(lines[m.pk] for m in found.get(objective.pk, [])),
            manage_url=reverse("insights:measures", args=[objective.pk]),
            manage_text="Add or change measures" if found.get(objective.pk) else "Add a measure",
        )
        for objective in objectives
    }
