"""The learning journey as a PDF (WeasyPrint) that a school can put on its website."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from careers_portal.schools.models import Institution


def journey_pdf(institution: Institution, context: dict) -> bytes:
    """The PDF bytes of the journey: year groups down, half terms across; no learner in it."""
    html = render_to_string(
        "encounters/programme_pdf.html", {**context, "institution": institution, "pdf": True}
    )
    stylesheet = CSS(filename=finders.find("css/programme-pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
