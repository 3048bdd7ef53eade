"""The figures of the dashboards, the governors' questions and the annual report, read from every
app through its selectors. One function per area; each runs a fixed number of queries.

`suppress` says the reader may not see learner-level data (governors, the report, the trust
view): every share then goes through disclosure.figure(), which shows "c" for small groups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.dateformat import format as date_format

from benchmarks import selectors as benchmarks
from careers_portal import charts, rag
from careers_portal.disclosure import Figure, figure
from careers_portal.figure_cache import remembered
from careers_portal.insights.models import LocalNeetFigure, NationalFigure
from careers_portal.rag import Colour, Status
from careers_portal.schools.models import AcademicYear, Institution
from careers_portal.schools.selectors import year_starting
from careers_portal.schools.services import academic_year_ensure
from careers_portal.sharing import shared, sharing
from destinations import selectors as destinations
from encounters import selectors as encounters
from plans import rules as plan_rules
from plans import selectors as plans
from surveys import selectors as surveys

COVERAGE_BENCHMARKS = (5, 6, 7, 8)


def share_colour(fig: Figure, *, green_from: int = 90, amber_from: int = 50) -> Colour:
    """The colour of a share, grey when suppressed or when nobody is counted."""
    if fig.suppressed or fig.percent is None:
        return Colour.GREY
    return rag.band_colour(round(fig.percent), green_from=green_from, amber_from=amber_from)


def year_of(day: dt.date) -> AcademicYear:
    """The academic year of the day (made if need be), read once per page."""
    start = AcademicYear.start_year_for(day)
    return shared(("insights.year_of", start), lambda: academic_year_ensure(start_year=start))


# --- The plan -----------------------------------------------------------------------------------


@dataclass
class PlanFigures:
    plan: object | None
    objectives: list  # each with .progress (rules.Progress) and .measure_lines
    by_status: list[tuple[Status, int]]
    overdue: list  # actions with .rag, .owner
    progress: plan_rules.Progress | None
    reviews: list
    url: str


def plan_figures(institution: Institution, today: dt.date, *, suppress: bool) -> PlanFigures:
    """The plan in force: objectives by status, overdue actions with their owners."""
    plan = plans.current_plan(institution, today)
    if plan is None:
        return PlanFigures(None, [], [], [], None, [], reverse("plans:list"))
    objectives = plans.plan_objectives(plan, today, suppress=suppress)
    counts: dict[str, tuple[Status, int]] = {}
    overdue = []
    for objective in objectives:
        status = objective.progress.rag
        counts[status.label] = (status, counts.get(status.label, (status, 0))[1] + 1)
        overdue += [a for a in objective.action_list if a.rag == rag.OVERDUE]
    by_status = sorted(counts.values(), key=lambda item: -item[0].severity)
    return PlanFigures(
        plan=plan,
        objectives=objectives,
        by_status=by_status,
        overdue=sorted(overdue, key=lambda a: (a.due_date or today, a.pk)),
        progress=plan_rules.plan_progress(objectives, today),
        reviews=plans.plan_reviews(plan),
        url=plan.get_absolute_url(),
    )


# --- Benchmarks ---------------------------------------------------------------------------------


@dataclass
class BenchmarkFigures:
    this_year: benchmarks.AssessmentScores | None
    last_year: benchmarks.AssessmentScores | None
    fully_met: int | None  # ours: every criterion met
    compass_fully_met: int | None  # the official figure, where entered for all eight
    national: NationalFigure | None
    framework_changed: bool
    rows: list[dict]  # per benchmark: number, title, this, last, compass
    chart: str | None
    url: str

    @property
    def fully_met_status(self) -> Status:
        if self.fully_met is None:
            return Status("No self-assessment yet", Colour.GREY)
        if self.national is None:
            return Status(f"{self.fully_met} of 8", Colour.BLUE)
        if self.fully_met >= self.national.average_benchmarks_met:
            return Status("At or above the national average", Colour.GREEN)
        return Status("Below the national average", Colour.AMBER)


def _fully_met(scores: list[benchmarks.BenchmarkScore]) -> int:
    return sum(1 for score in scores if score.total and score.met == score.total)


def national_figure() -> NationalFigure | None:
    """The latest national average of benchmarks fully met."""
    return NationalFigure.objects.order_by("-academic_year").first()


def benchmark_figures(institution: Institution, today: dt.date) -> BenchmarkFigures:
    """This year's latest self-assessment against last year's, and the count fully met."""
    start = dt.date(AcademicYear.start_year_for(today), 9, 1)
    trend = [
        item
        for item in benchmarks.trend(institution, limit=20)
        if item.assessment.assessed_on <= today
    ]
    this_year = next((i for i in reversed(trend) if i.assessment.assessed_on >= start), None)
    last_year = next((i for i in reversed(trend) if i.assessment.assessed_on < start), None)
    latest = this_year or last_year
    rows = []
    for number in range(1, 9):
        now = this_year.scores[number - 1] if this_year else None
        before = last_year.scores[number - 1] if last_year else None
        rows.append(
            {
                "number": number,
                "title": (now or before).title if (now or before) else "",
                "this": now.percent if now else None,
                "last": before.percent if before else None,
                "compass": now.compass if now else None,
            }
        )
    compass = [score.compass for score in latest.scores] if latest else []
    changed = bool(
        this_year and last_year and this_year.assessment.version != last_year.assessment.version
    )
    chart = None
    if this_year or last_year:
        series = []
        if last_year:
            label = f"Last year ({date_format(last_year.assessment.assessed_on, 'F Y')})"
            if changed:
                label += f", {last_year.assessment.version} framework"
            series.append(charts.Series(label, [row["last"] for row in rows]))
        if this_year:
            label = f"This year ({date_format(this_year.assessment.assessed_on, 'F Y')})"
            if changed:
                label += f", {this_year.assessment.version} framework"
            series.append(charts.Series(label, [row["this"] for row in rows]))
        chart = charts.bar_chart(
            title="Benchmark scores this year against last",
            desc=(
                "Share of criteria met for each Gatsby Benchmark in the latest self-assessment "
                "of this academic year and of last."
                + (
                    " The framework changed between them: the scores do not compare directly."
                    if changed
                    else ""
                )
                + " The same figures are in the table."
            ),
            categories=[f"BM{n}" for n in range(1, 9)],
            series=series,
        )
    return BenchmarkFigures(
        this_year=this_year,
        last_year=last_year,
        fully_met=_fully_met(latest.scores) if latest else None,
        compass_fully_met=(
            sum(1 for c in compass if c == 100) if compass and None not in compass else None
        ),
        national=national_figure(),
        framework_changed=changed,
        rows=rows,
        chart=chart,
        url=reverse("benchmarks:index"),
    )


# --- Coverage, PAL, guidance --------------------------------------------------------------------


@dataclass
class CoverageLine:
    label: str
    total: int
    cells: list[tuple[int, Figure, Colour, str]]  # benchmark, figure, colour, words


@dataclass
class ProgrammeFigures:
    rules: list[tuple[int, str, str]]
    by_year: list[CoverageLine]
    by_cohort: list[CoverageLine]
    pal: list  # encounters.rules.PalPhase
    pal_deadline: dt.date | None
    guidance_16: Figure | None
    guidance_18: Figure | None
    encounters: list[dict]
    coverage_url: str
    pal_url: str


def coverage(institution: Institution, today: dt.date) -> encounters.CoverageSummary:
    """Coverage of BM5-8 on a day, computed once per page (the measures need it too)."""
    return shared(
        ("coverage", institution.pk, today),
        lambda: encounters.coverage_summary(institution, today),
    )


def _line(row, suppress: bool) -> CoverageLine:
    cells = []
    for number in COVERAGE_BENCHMARKS:
        share = row.shares.get(number)
        cell = row.states.get(number)
        if share is None:
            continue
        fig = figure(share.met, share.total, suppress=suppress)
        judgement = cell.judgement if cell else None
        colour = Colour.GREY if fig.suppressed else (judgement.colour if judgement else Colour.GREY)
        words = "" if fig.suppressed or judgement is None else judgement.label
        cells.append((number, fig, colour, words))
    return CoverageLine(row.label, row.total, cells)


def programme_figures(
    institution: Institution, today: dt.date, *, suppress: bool
) -> ProgrammeFigures:
    """Coverage of BM5-8 by year group and cohort, PAL by phase, guidance by 16 and by 18."""
    summary = coverage(institution, today)
    phases = encounters.pal_summary(institution, today)
    by_year = {row.year_group: row for row in summary.by_year}

    def guidance(year_group: int) -> Figure | None:
        row = by_year.get(year_group)
        if row is None or 8 not in row.shares:
            return None
        share = row.shares[8]
        return figure(share.met, share.total, suppress=suppress)

    unmet = [p for p in phases if not p.met]
    start = dt.date(AcademicYear.start_year_for(today), 9, 1)
    return ProgrammeFigures(
        rules=summary.rules,
        by_year=[_line(row, suppress) for row in summary.by_year],
        by_cohort=[_line(row, suppress) for row in summary.by_cohort],
        pal=phases,
        pal_deadline=phases[0].deadline if phases and unmet else None,
        guidance_16=guidance(11),
        guidance_18=guidance(13),
        encounters=encounters.encounters_by_benchmark(institution, start, today),
        coverage_url=reverse("encounters:coverage"),
        pal_url=reverse("encounters:pal"),
    )


# --- Destinations -------------------------------------------------------------------------------


@dataclass
class DestinationFigures:
    leavers: destinations.CohortSummary | None  # last year's leavers: actual destinations
    intended_size: int
    intended: list[tuple[str, Figure]]
    intended_missing: Figure | None
    neet: Figure | None
    sustained: Figure | None
    matched: Figure | None
    local_neet: LocalNeetFigure | None
    chart: str | None
    gap_chart: str | None
    url: str

    @property
    def neet_status(self) -> Status:
        if self.neet is None or self.neet.suppressed or self.neet.percent is None:
            return Status("No figure to compare", Colour.GREY)
        if self.local_neet is None:
            return Status("Local authority figure not entered", Colour.GREY)
        if Decimal(f"{self.neet.percent:.1f}") <= self.local_neet.percent:
            return Status("At or below the local authority's", Colour.GREEN)
        return Status("Above the local authority's", Colour.RED)


def _row(summary, label_start: str) -> Figure | None:
    return next((f for label, f in summary.rows if label.startswith(label_start)), None)


def destination_figures(
    institution: Institution, today: dt.date, *, suppress: bool, with_charts: bool = True
) -> DestinationFigures:
    """Last year's leavers' actual destinations, this year's intended ones, NEET and the gaps
    (and their charts, unless `with_charts` is False: the governors' questions show none)."""
    draw = with_charts
    this_year = year_of(today)
    last_year = year_starting(this_year.start_year - 1)
    leavers = (
        destinations.cohort_summary(institution, last_year, current=False, suppress=suppress)
        if last_year
        else None
    )
    size, intended, missing = destinations.intended_by_category(
        institution, this_year, suppress=suppress
    )
    gap_chart = None
    if draw and leavers and leavers.size:
        shown = [g for g in leavers.gaps if g["gap"] is not None]
        if shown:
            gap_chart = charts.bar_chart(
                title=f"Participation by cohort, {leavers.year.name} leavers",
                desc=(
                    "Share of each cohort in education, an apprenticeship or employment, against "
                    "the other leavers. Cohorts under 6 learners are left out. The table gives "
                    "the figures."
                ),
                categories=[g["label"] for g in shown],
                series=[
                    charts.Series("In the cohort", [round(g["inside"].percent, 1) for g in shown]),
                    charts.Series("Other leavers", [round(g["outside"].percent, 1) for g in shown]),
                ],
            )
    return DestinationFigures(
        leavers=leavers,
        intended_size=size,
        intended=intended,
        intended_missing=missing if size else None,
        neet=_row(leavers, "NEET") if leavers and leavers.size else None,
        sustained=_row(leavers, "Sustained") if leavers and leavers.size else None,
        matched=_row(leavers, "Actual destination matched") if leavers and leavers.size else None,
        local_neet=(
            LocalNeetFigure.objects.for_institution(institution)
            .filter(academic_year=last_year)
            .first()
            if last_year
            else None
        ),
        chart=destinations.category_chart(leavers) if draw and leavers and leavers.size else None,
        gap_chart=gap_chart,
        url=reverse("destinations:summary"),
    )


# --- Stakeholder voice (surveys) ----------------------------------------------------------------


@dataclass(frozen=True)
class VoiceLine:
    """One survey's headline as the dashboards and the report show it."""

    title: str
    value: str
    words: str
    colour: Colour
    url: str
    detail: str


def _voice_line(headline) -> VoiceLine:
    """A surveys.selectors.VoiceHeadline in words: share positive, against its baseline."""
    if headline.share_positive is None:
        value = "c" if headline.responses else "No responses yet"
    else:
        value = f"{headline.share_positive:.1f}% positive"
    details = [f"{headline.responses} response{'s' if headline.responses != 1 else ''}"]
    if headline.completion_rate is not None:
        details.append(f"{headline.completion_rate:.0f}% of those invited")
    if headline.baseline_share is not None:
        details.append(f"baseline {headline.baseline_share:.1f}%")
    if headline.share_positive is None:
        words, colour = (
            ("Small group: not shown" if headline.responses else "No figure yet"),
            Colour.GREY,
        )
    elif headline.baseline_share is None:
        words, colour = "No baseline to compare", Colour.BLUE
    elif headline.share_positive > headline.baseline_share:
        words, colour = "Up on the baseline", Colour.GREEN
    elif headline.share_positive < headline.baseline_share:
        words, colour = "Down on the baseline", Colour.RED
    else:
        words, colour = "The same as the baseline", Colour.AMBER
    return VoiceLine(
        title=f"{headline.audience}: {headline.survey_title}",
        value=value,
        words=words,
        colour=colour,
        url=headline.url,
        detail=", ".join(details) + f" (to {date_format(headline.as_of, 'j F Y')})",
    )


def voice_figures(institution: Institution, today: dt.date, *, suppress: bool) -> list[VoiceLine]:
    """Stakeholder voice and career readiness headlines of the year, from the surveys app
    (its selectors suppress surveys under 6 responses for everyone but the careers leader)."""
    headlines = surveys.voice_headlines(institution=institution, academic_year=year_of(today))
    return [_voice_line(headline) for headline in headlines]


# --- Everything on one page ---------------------------------------------------------------------


@dataclass
class Tile:
    title: str
    value: str
    words: str
    colour: Colour
    url: str
    detail: str = ""


@dataclass
class Dashboard:
    institution: Institution
    today: dt.date
    suppress: bool
    plan: PlanFigures
    benchmarks: BenchmarkFigures
    programme: ProgrammeFigures
    destinations: DestinationFigures
    voice: list
    tiles: list[Tile] = field(default_factory=list)


def _shown(fig: Figure | None) -> str:
    if fig is None:
        return "No figure yet"
    return fig.shown_percent if fig.of or fig.suppressed else "Nobody counted"


def _tiles(d: Dashboard) -> list[Tile]:
    tiles = []
    plan = d.plan
    if plan.plan is None:
        tiles.append(Tile("Plan progress", "No plan yet", "Not started", Colour.GREY, plan.url))
    else:
        status = plan.progress.rag
        tiles.append(
            Tile(
                "Plan progress",
                f"{plan.progress.percent}% of actions done",
                status.label,
                status.colour,
                plan.url,
                f"{len(plan.overdue)} overdue action{'s' if len(plan.overdue) != 1 else ''}",
            )
        )
    bm = d.benchmarks
    national = f"national average {bm.national.average_benchmarks_met}" if bm.national else ""
    tiles.append(
        Tile(
            "Benchmarks fully met",
            "No self-assessment yet" if bm.fully_met is None else f"{bm.fully_met} of 8",
            bm.fully_met_status.label,
            bm.fully_met_status.colour,
            bm.url,
            national
            + (
                f"; Compass: {bm.compass_fully_met} of 8"
                if bm.compass_fully_met is not None
                else ""
            ),
        )
    )
    programme = d.programme
    for label, fig in (
        ("Guidance by 16", programme.guidance_16),
        ("Guidance by 18", programme.guidance_18),
    ):
        if fig is None:
            continue
        colour = share_colour(fig)
        tiles.append(
            Tile(
                label,
                _shown(fig),
                "Small group: not shown" if fig.suppressed else _band_words(colour),
                colour,
                programme.coverage_url,
                "Year 11 with a guidance meeting"
                if label.endswith("16")
                else "Year 13 with a further guidance meeting",
            )
        )
    if programme.pal:
        met = sum(1 for phase in programme.pal if phase.met)
        worst = rag.worst([phase.status for phase in programme.pal], empty=rag.NOT_ANSWERED)
        tiles.append(
            Tile(
                "Provider access (PAL)",
                f"{met} of {len(programme.pal)} phases met",
                worst.label if met < len(programme.pal) else "Met",
                worst.colour if met < len(programme.pal) else Colour.GREEN,
                programme.pal_url,
                (
                    f"Next deadline {date_format(programme.pal_deadline, 'j F Y')}"
                    if programme.pal_deadline
                    else ""
                ),
            )
        )
    dest = d.destinations
    if dest.neet is not None:
        status = dest.neet_status
        tiles.append(
            Tile(
                f"NEET, {dest.leavers.year.name} leavers",
                _shown(dest.neet),
                status.label,
                status.colour,
                dest.url,
                f"Local authority {dest.local_neet.percent}%" if dest.local_neet else "",
            )
        )
    if dest.sustained is not None:
        colour = share_colour(dest.sustained)
        tiles.append(
            Tile(
                "Sustained destinations",
                _shown(dest.sustained),
                "Small group: not shown" if dest.sustained.suppressed else _band_words(colour),
                colour,
                dest.url,
                f"{dest.leavers.year.name} leavers",
            )
        )
    for line in d.voice[:2]:
        tiles.append(Tile(line.title, line.value, line.words, line.colour, line.url, line.detail))
    return tiles


def _band_words(colour: Colour) -> str:
    return {
        Colour.GREEN: "Good: 90% or more",
        Colour.AMBER: "Needs attention: 50% to 89%",
        Colour.RED: "Needs attention now: under 50%",
    }.get(colour, "No figure yet")


def dashboard(institution: Institution, today: dt.date, *, suppress: bool) -> Dashboard:
    """Every figure of the SLT and governor dashboards (and the report's summary), kept until the
    data changes (careers_portal/figure_cache.py)."""
    return remembered(
        ("dashboard", institution.pk, today.isoformat(), suppress),
        lambda: _dashboard(institution, today, suppress=suppress),
    )


def _dashboard(institution: Institution, today: dt.date, *, suppress: bool) -> Dashboard:
    with sharing():
        # The benchmarks first: the plan's measures then read the latest scores from its trend.
        scores = benchmark_figures(institution, today)
        result = Dashboard(
            institution=institution,
            today=today,
            suppress=suppress,
            plan=plan_figures(institution, today, suppress=suppress),
            benchmarks=scores,
            programme=programme_figures(institution, today, suppress=suppress),
            destinations=destination_figures(institution, today, suppress=suppress),
            voice=voice_figures(institution, today, suppress=suppress),
        )
    result.tiles = _tiles(result)
    return result


@dataclass
class QuestionFigures:
    """What the governors' questions read (suppressed, as for governors): the plan in force, the
    benchmarks, coverage, guidance and PAL, and the destinations; none of the dashboard's
    charts, plan measures or survey headlines, which the questions page does not show."""

    institution: Institution
    today: dt.date
    plan: object | None  # the plan in force (plans.current_plan)
    benchmarks: BenchmarkFigures
    programme: ProgrammeFigures
    destinations: DestinationFigures


def question_figures(institution: Institution, today: dt.date) -> QuestionFigures:
    """The figures of the governors' questions (insights.questions.answers), kept until the data
    changes (careers_portal/figure_cache.py)."""
    return remembered(
        ("governors' questions", institution.pk, today.isoformat()),
        lambda: _question_figures(institution, today),
    )


def _question_figures(institution: Institution, today: dt.date) -> QuestionFigures:
    with sharing():
        return QuestionFigures(
            institution=institution,
            today=today,
            plan=plans.current_plan(institution, today),
            benchmarks=benchmark_figures(institution, today),
            programme=programme_figures(institution, today, suppress=True),
            destinations=destination_figures(institution, today, suppress=True, with_charts=False),
        )
