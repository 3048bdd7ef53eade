"""Destinations from a CSV or XLSX file (an LA activity file as it is) from the command line."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from careers_portal import uploads
from careers_portal.schools.models import Institution
from careers_portal.schools.selectors import year_starting
from destinations import importing
from destinations.models import DestinationRecord


class Command(BaseCommand):
    help = (
        "Import destinations for one stage and academic year, checked whole first. Exits 1 when "
        "a row is wrong, unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--institution", required=True, help="Its URN or UKPRN.")
        parser.add_argument(
            "--year", type=int, required=True, help="The academic year's start, e.g. 2025."
        )
        parser.add_argument("--stage", choices=DestinationRecord.Stage.values, default="actual")
        parser.add_argument("--source", choices=DestinationRecord.Source.values, default="la")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--skip-invalid", action="store_true")

    def handle(self, *args, file, institution, year, stage, source, dry_run, skip_invalid, **_):
        found = Institution.objects.filter(Q(urn=institution) | Q(ukprn=institution)).first()
        if found is None:
            raise CommandError(f"No institution has the URN or UKPRN {institution}.")
        academic_year = year_starting(year)
        if academic_year is None:
            raise CommandError(f"There is no academic year starting in {year}.")
        path = Path(file)
        try:
            dataset = importing.read(path.read_bytes(), uploads.format_of(path.name))
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None
        except uploads.UnreadableTable as problem:
            raise CommandError(str(problem)) from None
        if dry_run:
            report = importing.check(
                institution=found, dataset=dataset, year=academic_year, stage=stage
            )
        else:
            report = importing.apply(
                institution=found,
                dataset=dataset,
                year=academic_year,
                stage=stage,
                source=source,
                by=None,
                skip_invalid=skip_invalid,
            )
        for problem in report.problems:
            self.stderr.write(problem)
        for row in report.rows:
            self.stdout.write(
                f"row {row.number}: {row.outcome}"
                + (f": {'; '.join(row.errors)}" if row.errors else "")
            )
        failed = bool(report.problems) or (report.wrong > 0 and not skip_invalid)
        self.stdout.write(
            f"{report.count('new')} new, {report.count('update')} updated, "
            f"{report.count('unchanged')} unchanged, {report.wrong} wrong"
            + (": nothing written" if failed or dry_run else "")
        )
        if failed:
            raise SystemExit(1)
