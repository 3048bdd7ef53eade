"""Encounters' live evidence for the self-assessment, through benchmarks' extension point.

benchmarks cannot import us (it sits below), so EncountersConfig.ready() registers
`coverage_evidence` with `benchmarks.evidence`. It gives, for the criteria our figures bear on:
coverage of benchmarks 5-8 by year group (the same states as the coverage page), Provider Access
by phase, and guidance meetings by 16 and by 18. Criterion codes are the same in the 2018 and 2025
frameworks for these; a code the assessment does not have (7.3, PAL, is 2025 only) is not shown.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.dateformat import format as date_format

from benchmarks.evidence import Evidence, EvidenceLine, EvidenceRequest
from careers_portal import disclosure
from encounters import kept, rules

# (criterion code, benchmark, which year groups, what the figure counts), for schools.
SCHOOL_CRITERIA = [
    ("5.1", 5, "all", "a meaningful employer encounter this year"),
    ("6.1", 6, "pre16", "a meaningful experience of a workplace by 16"),
    ("6.2", 6, "post16", "a further meaningful experience of a workplace by 18"),
    (
        "7.1",
        7,
        "pre16",
        "meaningful encounters with a college or apprenticeship provider and a university by 16",
    ),
    ("7.2", 7, "post16", "two visits to higher education by 18"),
    ("8.1", 8, "pre16", "a personal guidance meeting by 16"),
    ("8.2", 8, "post16", "a further personal guidance meeting by 18"),
]
COLLEGE_CRITERIA = [
    ("5.1", 5, "all", "two meaningful employer encounters this year"),
    ("6.1", 6, "all", "a meaningful experience of a workplace"),
    ("7.1", 7, "all", "a meaningful encounter with a provider of a possible next step"),
    ("8.1", 8, "all", "a personal guidance meeting"),
]
IN_RANGE = {
    "all": lambda year: True,
    "pre16": lambda year: year <= 11,
    "post16": lambda year: year >= 12,
}


def suppresses_small_groups(role: str) -> bool:
    """Small groups shown as "c" (DOMAIN 6) for whoever may not see learners: the one rule of
    careers_portal/disclosure.py, which the coverage pages ask too."""
    return disclosure.suppresses_for(role)


def _figure(share: rules.Share, judgement: rules.Judgement | None, suppress: bool) -> str:
    if suppress and share.is_small:
        return "c"
    so_far = " so far" if judgement and judgement.state == rules.State.ON_THE_WAY else ""
    return f"{share.percent}%{so_far}, {share.met} of {share.total}"


def _years(rows: list[rules.CoverageRow]) -> str:
    first, last = rows[0].year_group, rows[-1].year_group
    return f"Year {first}" if first == last else f"Years {first} to {last}"


def _coverage_item(
    code: str, number: int, rows: list[rules.CoverageRow], what: str, request, suppress: bool
) -> Evidence:
    total = sum((row.shares[number] for row in rows), rules.NOBODY)
    lines = [EvidenceLine(f"All, {_years(rows)}", _figure(total, None, suppress))]
    parts = []
    for row in rows:
        cell = row.states[number]
        figure = _figure(cell.share, cell.judgement, suppress)
        lines.append(EvidenceLine(row.label, figure, cell.judgement.label, cell.judgement.colour))
        parts.append(f"{row.label} {figure}, {cell.judgement.words}")
    day = date_format(request.today, "j F Y")
    overall = _figure(total, None, suppress)
    return Evidence(
        criterion_code=code,
        title=f"Learners with {what}",
        lines=tuple(lines),
        summary=(
            f"Careers Portal coverage on {day}, {what}: {overall} learners "
            f"in {_years(rows)}. " + "; ".join(parts) + "."
        ),
        as_of=request.today,
        url=reverse("encounters:coverage") + "#coverage-by-year",
        link_text="See the coverage figures",
    )


def _pal_item(request, suppress: bool) -> Evidence | None:
    phases = rules.pal_phases(request.institution, request.today)
    if not any(phase.learners or phase.offered for phase in phases):
        return None
    lines, parts = [], []
    for phase in phases:
        words, colour = phase.status.label, phase.status.colour
        share = phase.attended_share
        attended = "c" if suppress and share.is_small else f"{share.met} of {share.total}"
        figure = f"{phase.offered} of 2 offered"
        if phase.mandatory:
            figure += f"; {attended} attended two"
        lines.append(EvidenceLine(phase.label, figure, words, colour))
        parts.append(f"{phase.label}: {figure} ({words.lower()})")
    day = date_format(request.today, "j F Y")
    deadline = date_format(rules.pal_deadline(request.today), "j F Y")
    return Evidence(
        criterion_code="7.3",
        title=f"Provider access encounters, deadline {deadline}",
        lines=tuple(lines),
        summary=f"Careers Portal PAL on {day}: " + "; ".join(parts) + ".",
        as_of=request.today,
        url=reverse("encounters:pal"),
        link_text="See provider access by phase",
    )


def coverage_evidence(request: EvidenceRequest) -> list[Evidence]:
    """Coverage of BM5-8 by year group, PAL by phase and guidance meetings, for the criteria
    they bear on. A fixed number of queries (four, five with PAL), whatever the school's size:
    the coverage counts are the kept ones (encounters.kept)."""
    wanted = request.benchmarks & set(rules.COVERAGE_BENCHMARKS)
    if not wanted:
        return []
    institution = request.institution
    suppress = suppresses_small_groups(request.role)
    calendar = rules.calendar_for(request.today, request.institution)
    rows = rules.coverage_by_year_group(
        institution, calendar, kept.groups(institution, calendar.today)
    )
    criteria = COLLEGE_CRITERIA if institution.is_college else SCHOOL_CRITERIA
    found: list[Evidence] = []
    for code, number, years, what in criteria:
        if number not in wanted:
            continue
        chosen = [row for row in rows if IN_RANGE[years](row.year_group)]
        if chosen:
            found.append(_coverage_item(code, number, chosen, what, request, suppress))
    if 7 in wanted and not institution.is_college:
        pal = _pal_item(request, suppress)
        if pal is not None:
            found.append(pal)
    return found
