"""Surveys' live evidence for Benchmark 1 ("the programme is regularly evaluated, with feedback
from learners, parents and carers, teachers, careers advisers and employers"), through
benchmarks' extension point (SurveysConfig.ready registers `feedback_evidence`).

The criterion is 1.3 in the 2018 framework and 1.5 in 2025 (which adds careers advisers). One
line per audience the criterion names: the latest survey of this academic year or last, with its
responses and share agreeing (none for fewer than 6), or "No survey yet" in amber.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.dateformat import format as date_format

from benchmarks.evidence import Evidence, EvidenceLine, EvidenceRequest
from careers_portal.rag import Colour
from careers_portal.schools.models import AcademicYear
from surveys import selectors
from surveys.models import Audience

CODES = {"2018": "1.3", "2025": "1.5"}
AUDIENCES = {
    "2018": [Audience.LEARNERS, Audience.PARENTS, Audience.STAFF, Audience.EMPLOYERS],
    "2025": [
        Audience.LEARNERS,
        Audience.PARENTS,
        Audience.STAFF,
        Audience.ADVISERS,
        Audience.EMPLOYERS,
    ],
}


def feedback_evidence(request: EvidenceRequest) -> list[Evidence]:
    """Feedback gathered by surveys this year and last, per audience the criterion names."""
    code = CODES.get(request.version)
    if code is None or 1 not in request.benchmarks:
        return []
    start = AcademicYear.start_year_for(request.today)
    years = list(
        AcademicYear.objects.filter(start_year__in=[start, start - 1]).order_by("-start_year")
    )
    headlines = [
        h
        for year in years
        for h in selectors.voice_headlines(institution=request.institution, academic_year=year)
        if h.as_of <= request.today
    ]
    if not headlines:
        return []
    latest = {}
    for headline in headlines:  # this year's first, then last year's
        latest.setdefault(headline.audience, headline)
    lines, parts = [], []
    for audience in AUDIENCES[request.version]:
        headline = latest.get(audience.label)
        if headline is None or not headline.responses:
            lines.append(EvidenceLine(audience.label, "No survey yet", "Not asked", Colour.AMBER))
            parts.append(f"{audience.label}: not asked yet")
            continue
        share = "c" if headline.share_positive is None else f"{headline.share_positive:.0f}% agree"
        figure = f"{headline.responses} responses, {share}"
        lines.append(EvidenceLine(audience.label, figure, headline.survey_title, Colour.GREEN))
        parts.append(f"{audience.label} {figure} ({headline.survey_title})")
    day = date_format(request.today, "j F Y")
    return [
        Evidence(
            criterion_code=code,
            title="Feedback gathered by surveys",
            lines=tuple(lines),
            summary=f"Careers Portal surveys on {day}: " + "; ".join(parts) + ".",
            as_of=request.today,
            url=reverse("surveys:list"),
            link_text="See the surveys",
        )
    ]
