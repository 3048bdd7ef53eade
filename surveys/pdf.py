"""One survey's results summary as a PDF, made by WeasyPrint with the same charts as the page."""

from __future__ import annotations

import datetime as dt

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from surveys.selectors import Results


def results_pdf(figures: Results, today: dt.date) -> bytes:
    """The PDF bytes of the results summary, as the reader may see them (small groups "c")."""
    html = render_to_string(
        "surveys/pdf.html",
        {"survey": figures.survey, "figures": figures, "today": today},
    )
    stylesheet = CSS(filename=finders.find("css/surveys-pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
