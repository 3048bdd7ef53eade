"""The MIS import from the command line, for schools that automate the nightly export."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from careers_portal import uploads
from careers_portal.schools import learner_import
from careers_portal.schools.models import Institution


class Command(BaseCommand):
    help = (
        "Import the roll from a CSV or XLSX export of the MIS, mapped by the institution's saved "
        "columns and the usual headings. Exits 1 when a row is wrong, unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--institution", required=True, help="Its URN or UKPRN.")
        parser.add_argument("--dry-run", action="store_true", help="Check only: write nothing.")
        parser.add_argument(
            "--full-roll",
            action="store_true",
            help="The file is the whole roll: mark learners not in it as left today.",
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows, leave out others."
        )

    def handle(self, *args, file, institution, dry_run, full_roll, skip_invalid, **options):
        found = Institution.objects.filter(Q(urn=institution) | Q(ukprn=institution)).first()
        if found is None:
            raise CommandError(f"No institution has the URN or UKPRN {institution}.")
        path = Path(file)
        try:
            content = path.read_bytes()
            dataset = learner_import.read(content, uploads.format_of(path.name))
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None
        except uploads.UnreadableTable as problem:
            raise CommandError(str(problem)) from None
        mapping = learner_import.suggested_mapping(found, list(dataset.headers))
        if dry_run:
            report = learner_import.check(institution=found, dataset=dataset, mapping=mapping)
        else:
            report = learner_import.apply(
                institution=found,
                dataset=dataset,
                mapping=mapping,
                today=timezone.localdate(),
                skip_invalid=skip_invalid,
                mark_left=full_roll,
            )
        for problem in report.problems:
            self.stderr.write(problem)
        for row in report.rows:
            detail = "; ".join(row.errors) if row.errors else ", ".join(row.changes)
            self.stdout.write(
                f"row {row.number}: {row.outcome}" + (f": {detail}" if detail else "")
            )
        written = not dry_run and not report.problems and (skip_invalid or not report.wrong)
        self.stdout.write(
            f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.wrong} wrong, {len(report.not_in_file)} not in the file"
            + (" (marked as left)" if written and full_roll else "")
            + ("" if written else ": nothing written")
        )
        if report.problems or (report.wrong and not skip_invalid):
            raise SystemExit(1)
