"""The annual impact report (DOMAIN section 6) as a PDF, made by WeasyPrint from a template.

Figures come from figures.dashboard() with suppression on (the report goes to governors), so no
learner is named and groups under 6 show "c" with a footnote. Charts are the pages' own SVG.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from careers_portal.accounts.models import Membership, Role
from careers_portal.disclosure import SMALL_GROUP
from careers_portal.insights import figures
from careers_portal.schools.models import AcademicYear, Institution
from encounters import selectors as encounter_selectors

SECTIONS = [
    ("summary", "Summary of key figures"),
    ("plan", "Vision and objectives"),
    ("benchmarks", "Gatsby Benchmark scores"),
    ("programme", "Encounters, coverage and provider access"),
    ("destinations", "Destinations"),
    ("voice", "Stakeholder voice and career readiness"),
    ("review", "Annual review and next year's priorities"),
    ("notes", "About the figures"),
]


def as_of(year: AcademicYear, today: dt.date) -> dt.date:
    """The day the report's figures are judged on: today, or the last day of a year gone by."""
    return min(today, year.end_date)


def report_context(institution: Institution, year: AcademicYear, *, today: dt.date) -> dict:
    """Everything the report shows."""
    day = as_of(year, today)
    board = figures.dashboard(institution, day, suppress=True)
    plan = board.plan
    leaders = (
        Membership.objects.active()
        .for_institution(institution)
        .filter(role=Role.CAREERS_LEADER)
        .select_related("user")
    )
    review = plan.reviews[0] if plan.reviews else None
    return {
        "institution": institution,
        "year": year,
        "day": day,
        "built": today,
        "board": board,
        "leaders": [m.user for m in leaders],
        "review": review,
        # The careers programme of the year, planned against delivered, by year group.
        "programme": encounter_selectors.programme_by_year_group(
            institution=institution, academic_year=year, today=day
        ),
        "sections": SECTIONS,
        "small_group": SMALL_GROUP,
        "pdf": True,
    }


def render_html(institution: Institution, year: AcademicYear, *, today: dt.date) -> str:
    """The report as HTML (the PDF's source)."""
    return render_to_string(
        "insights/report_pdf.html", report_context(institution, year, today=today)
    )


def build_pdf(
    institution: Institution,
    year: AcademicYear,
    *,
    today: dt.date,
    progress: Callable[[int, str], None] = lambda percent, stage: None,
) -> bytes:
    """The PDF bytes, saying how far it has got through `progress(percent, stage)`."""
    from weasyprint import CSS, HTML

    progress(15, "Reading the figures")
    html = render_html(institution, year, today=today)
    progress(55, "Laying out the pages")
    stylesheet = CSS(filename=finders.find("css/report-pdf.css"))
    document = HTML(string=html).render(stylesheets=[stylesheet])
    progress(85, "Writing the PDF")
    return document.write_pdf()
