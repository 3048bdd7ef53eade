"""Start the new academic year from the command line, for one institution or a whole trust."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from careers_portal.dates import today
from careers_portal.schools import year_start
from careers_portal.schools.models import Institution, Learner, Trust


class Command(BaseCommand):
    help = (
        "Start the new academic year as the page does (offered from 1 July): learners move up, "
        "leavers are marked as left, every app carries its records over; one transaction, and "
        "running it again changes nothing. --dry-run shows what it would do."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--institution", help="Its URN or UKPRN.")
        who.add_argument("--trust", help="The trust's name: every institution in it at once.")
        parser.add_argument(
            "--stay-on",
            action="append",
            default=[],
            metavar="UPN_ULN_OR_MIS_REF",
            help="A Year 11 (or leaving) learner who stays on; repeat for each.",
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, institution, trust, stay_on, dry_run, **_):
        if institution:
            found = Institution.objects.filter(Q(urn=institution) | Q(ukprn=institution)).first()
            if found is None:
                raise CommandError(f"No institution has the URN or UKPRN {institution}.")
            institutions = [found]
        else:
            group = Trust.objects.filter(name__iexact=trust).first()
            if group is None:
                raise CommandError(f"No trust is called {trust}.")
            institutions = list(group.institutions.order_by("name"))
            if not institutions:
                raise CommandError(f"{group} has no institutions.")
        day = today()
        plans = []
        for each in institutions:
            offered = year_start.years_offered(each, day)
            if offered is None:
                raise CommandError(
                    f"{each}: starting a new academic year is offered from "
                    f"{year_start.next_offered_on(day):%-d %B %Y}."
                )
            plans.append((each, offered, self._staying_on(each, stay_on)))
        if dry_run:
            for each, (from_start, to_start), staying in plans:
                preview = year_start.new_year_preview(
                    institution=each, from_start=from_start, to_start=to_start, staying_on=staying
                )
                self._write(each, f"would start {preview.to_year}", preview.sections)
            self.stdout.write("Dry run: nothing was changed.")
            return
        # A trust starts its year all at once: one institution's failure changes none of them.
        with transaction.atomic():
            outcomes = [
                (
                    each,
                    year_start.new_year_apply(
                        institution=each,
                        from_start=from_start,
                        to_start=to_start,
                        by=None,
                        staying_on=staying,
                    ),
                )
                for each, (from_start, to_start), staying in plans
            ]
        for each, outcome in outcomes:
            verb = "already started" if outcome.already_started else "started"
            self._write(each, f"{verb} {outcome.to_year}", outcome.sections)

    @staticmethod
    def _staying_on(institution: Institution, identifiers: list[str]) -> set[int]:
        if not identifiers:
            return set()
        return set(
            Learner.objects.for_institution(institution)
            .filter(Q(upn__in=identifiers) | Q(uln__in=identifiers) | Q(mis_id__in=identifiers))
            .values_list("pk", flat=True)
        )

    def _write(self, institution: Institution, what: str, sections) -> None:
        self.stdout.write(f"{institution}: {what}")
        for section in sections:
            for change in section.changes:
                self.stdout.write(f"  {section.name}: {change.label}: {change.count}")
                if change.warning:
                    self.stdout.write(f"    {change.warning}")
