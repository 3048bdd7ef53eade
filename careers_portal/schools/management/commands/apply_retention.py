"""Anonymise learners past the retention period, as the nightly job does; --dry-run lists them."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from careers_portal.schools import services


class Command(BaseCommand):
    help = "Anonymise learners who left more than LEARNER_RETENTION_YEARS ago."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what it would do.")

    def handle(self, *args, dry_run: bool, **options):
        years = settings.LEARNER_RETENTION_YEARS
        today = timezone.localdate()
        due = list(services.learners_due_for_retention(today=today, years=years))
        for learner in due:
            self.stdout.write(
                f"{'would anonymise' if dry_run else 'anonymising'} learner {learner.pk} "
                f"of institution {learner.institution_id}, left {learner.date_of_leaving:%d/%m/%Y}"
            )
        if not dry_run:
            for learner in due:
                services.learner_anonymise(learner=learner)
        self.stdout.write(
            f"{len(due)} learner{'s' if len(due) != 1 else ''} "
            f"{'due for anonymising' if dry_run else 'anonymised'} "
            f"(left more than {years} years ago)."
        )
