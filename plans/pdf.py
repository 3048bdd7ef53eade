"""The plan document as a PDF, made by WeasyPrint from the same template content as the page."""

from __future__ import annotations

import datetime as dt

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from plans import selectors
from plans.models import StrategicPlan


def plan_pdf(plan: StrategicPlan, today: dt.date) -> bytes:
    """The PDF bytes of the plan document."""
    document = selectors.plan_document(plan, today)
    html = render_to_string("plans/pdf.html", {"plan": plan, "doc": document, "pdf": True})
    stylesheet = CSS(filename=finders.find("css/plans-pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
