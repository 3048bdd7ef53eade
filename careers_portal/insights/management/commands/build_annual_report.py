"""Build one institution's annual impact report from the command line.

    python manage.py build_annual_report --institution 100000 --year 2025/26 [--output FILE]

With --output the PDF is written to FILE and nothing is stored; without it the report is built
and stored as the page's "Build the report now" does (listed for governors and SLT).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from careers_portal.dates import today
from careers_portal.insights import report, services
from careers_portal.insights.models import AnnualReport
from careers_portal.schools.models import Institution
from careers_portal.schools.services import academic_year_ensure


class Command(BaseCommand):
    help = "Build the annual impact report of one institution for one academic year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", required=True, help="its URN or UKPRN")
        parser.add_argument("--year", required=True, help='the academic year, e.g. "2025/26"')
        parser.add_argument("--output", help="write the PDF to this file instead of storing it")

    def handle(self, *args, institution: str, year: str, output: str | None, **options) -> None:
        found = Institution.objects.filter(Q(urn=institution) | Q(ukprn=institution)).first()
        if not institution.strip() or found is None:
            raise CommandError(f"No institution has the URN or UKPRN {institution!r}.")
        match = re.fullmatch(r"(\d{4})/(\d{2})", year.strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise CommandError(f'An academic year is written like "2025/26", not {year!r}.')
        academic_year = academic_year_ensure(start_year=int(match[1]))
        if output:
            pdf = report.build_pdf(found, academic_year, today=today())
            Path(output).write_bytes(pdf)
            self.stdout.write(f"Wrote {output} ({len(pdf):,} bytes).")
            return
        built, _joined = services.report_request(institution=found, academic_year=academic_year)
        services.report_build(built.pk)
        built.refresh_from_db()
        if built.status != AnnualReport.Status.READY:
            raise CommandError(
                f"The report is {built.get_status_display().lower()}: {built.reason}"
            )
        self.stdout.write(f"Built the {academic_year} report for {found} ({built.size:,} bytes).")
