"""`python manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]`: the daily digest by hand."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from plans import reminders


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today must be a date like 2026-12-01, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Send today's reminders digest to owners of actions and milestones (the same job as "
        "the 07:00 beat task). Never sends anyone a second digest for the same day."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would get what; send nothing."
        )
        parser.add_argument("--today", type=_day, help="Run as if today were this date.")

    def handle(self, *args, dry_run: bool = False, today: dt.date | None = None, **options):
        from django.utils import timezone

        day = today or timezone.localdate()
        if dry_run:
            wanted = reminders.preview(day)
            items = sum(len(v) for v in wanted.values())
            self.stdout.write(
                f"{day:%-d %B %Y}: {len(wanted)} people would get a digest, {items} items "
                "(dry run: nothing claimed or sent)."
            )
            for person_items in wanted.values():
                counts = {key: 0 for key, _title in reminders.SECTIONS}
                for item in person_items:
                    counts[item["when"]] += 1
                self.stdout.write(
                    f"  one digest: {counts['tomorrow']} due tomorrow, {counts['week']} due in "
                    f"7 days, {counts['overdue']} overdue"
                )
            return
        result = reminders.send_reminders(day)
        self.stdout.write(
            f"{day:%-d %B %Y}: {result.sent} digests sent; {result.people} people had something "
            f"due; {result.skipped} already sent or being sent by another run."
        )
