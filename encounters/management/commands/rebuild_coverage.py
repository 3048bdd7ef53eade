"""`python manage.py rebuild_coverage [--institution URN_OR_UKPRN]`: rebuild the kept coverage
counts from scratch (encounters.kept), for one institution or all, as the nightly job does."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from careers_portal.schools.models import Institution
from encounters import kept


class Command(BaseCommand):
    help = "Rebuild the kept coverage counts of benchmarks 5-8 from scratch, for today."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--institution", help="its URN or UKPRN (default: every institution)")

    def handle(self, *args, institution: str | None, **options) -> None:
        institutions = Institution.objects.order_by("pk")
        if institution:
            institutions = institutions.filter(Q(urn=institution) | Q(ukprn=institution))
            if not institutions.exists():
                raise CommandError(f"No institution has the URN or UKPRN {institution}.")
        today = kept.local_today()
        for each in institutions:
            groups = kept.rebuild(each, today)
            learners = sum(group["total"] for group in groups)
            self.stdout.write(f"{each}: {learners} learners on roll, {len(groups)} groups kept.")
