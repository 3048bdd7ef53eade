"""Demo data: a school (or a trust of them), one user per role, departments, years and learners.

Running it again with the same options changes nothing: every row has a natural key, and only
missing rows are created. A larger --learners tops an institution up.
"""

from __future__ import annotations

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from stdnum.gb import upn as upn_number

from careers_portal.accounts.models import Membership, Role, User
from careers_portal.schools.models import AcademicYear, Department, Institution, Learner, Trust
from careers_portal.schools.services import academic_year_ensure
from careers_portal.schools.signals import demo_institution_seeded, learners_changed

DEMO_PASSWORD = "careers-demo-2026"
DEMO_DOMAIN = "demo.careers-portal.test"
TRUST_NAME = "Northfield Learning Trust"
INSTITUTION_NAMES = [
    "Northfield Academy",
    "Riverside School",
    "Hillcrest Academy",
    "Oakwood School",
]
DEPARTMENTS = [
    "English",
    "Maths",
    "Science",
    "Humanities",
    "Computing",
    "Art and Design",
    "Physical Education",
    "Business",
    "Design and Technology",
    "Learning Support",
    "Sixth Form",
]
DEMO_PEOPLE = [
    (Role.CAREERS_LEADER, "leader", "Alex", "Morgan", None),
    (Role.CHAMPION, "champion", "Sam", "Patel", "Science"),
    (Role.SLT, "slt", "Jordan", "Hughes", None),
    (Role.GOVERNOR, "governor", "Chris", "Okafor", None),
]
FIRST_NAMES = [
    "Olivia",
    "Noah",
    "Amelia",
    "Muhammad",
    "Isla",
    "George",
    "Ava",
    "Oliver",
    "Mia",
    "Arthur",
    "Ivy",
    "Leo",
    "Freya",
    "Harry",
    "Lily",
    "Oscar",
    "Florence",
    "Archie",
    "Sophia",
    "Jack",
    "Aisha",
    "Ibrahim",
    "Zara",
    "Yusuf",
    "Maya",
    "Theo",
    "Ella",
    "Finley",
    "Grace",
    "Kai",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Khan",
    "Ali",
    "Hussain",
    "Begum",
    "Clarke",
    "Lewis",
    "Young",
    "Nowak",
    "Kowalski",
    "Ahmed",
]
# Sixth-form year groups are smaller than the main school.
YEAR_GROUP_WEIGHTS = {7: 10, 8: 10, 9: 10, 10: 10, 11: 10, 12: 6, 13: 6}


class Command(BaseCommand):
    help = "Create demo data: institutions, one user per role, departments, years and learners."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--learners", type=int, default=1200, help="learners per institution")
        parser.add_argument("--institutions", type=int, default=1, help="more than 1 makes a trust")
        parser.add_argument(
            "--no-content",
            dest="content",
            action="store_false",
            help="people and learners only: no demo plan, assessments or encounters",
        )

    def handle(self, *args, learners: int, institutions: int, **options) -> None:
        started = time.monotonic()
        today = timezone.localdate()
        current = AcademicYear.start_year_for(today)
        for start_year in range(min(2024, current - 1), current + 1):
            academic_year_ensure(start_year=start_year)

        trust = Trust.objects.get_or_create(name=TRUST_NAME)[0] if institutions > 1 else None
        for index in range(institutions):
            with transaction.atomic():
                institution = self._institution(index, trust)
                departments = self._departments(institution)
                self._people(institution, index, departments)
                created = self._learners(institution, index, learners, current)
                if options["content"]:
                    demo_institution_seeded.send(sender=self.__class__, institution=institution)
            if created > 2000 and connection.vendor == "postgresql":
                # Fresh statistics first, as the import does, so what follows plans on the roll.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            with transaction.atomic():
                # Figures kept about the roll (encounters' coverage counts) are brought up to date.
                learners_changed.send(sender=self.__class__, institution=institution)
            self.stdout.write(f"{institution}: {learners} learners ({created} new).")

        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s.")
        )
        self.stdout.write(f"Sign in at {settings.SITE_URL} with any of these (password below):")
        for role, local, *_ in DEMO_PEOPLE:
            self.stdout.write(f"  {role.label:<18} {local}@{DEMO_DOMAIN}")
        self.stdout.write(f"  Password for all: {DEMO_PASSWORD}")

    def _institution(self, index: int, trust: Trust | None) -> Institution:
        name = (
            INSTITUTION_NAMES[index]
            if index < len(INSTITUTION_NAMES)
            else f"Demo School {index + 1}"
        )
        institution, _ = Institution.objects.get_or_create(
            urn=f"{140000 + index}",
            defaults={
                "name": name,
                "kind": Institution.Kind.SCHOOL,
                "phase": Institution.Phase.SECONDARY_SIXTH,
                "lowest_year_group": 7,
                "highest_year_group": 13,
                # Off, so that the demo sign-ins printed below work with a password alone; the
                # careers leader's home page says where to turn it on.
                "second_factor_policy": Institution.SecondFactorPolicy.OFF,
            },
        )
        if trust and institution.trust_id != trust.pk:
            institution.trust = trust
            institution.save(update_fields=["trust"])
        return institution

    def _departments(self, institution: Institution) -> dict[str, Department]:
        existing = set(
            Department.objects.for_institution(institution).values_list("name", flat=True)
        )
        Department.objects.bulk_create(
            Department(institution=institution, name=name)
            for name in DEPARTMENTS
            if name not in existing
        )
        return {d.name: d for d in Department.objects.for_institution(institution)}

    def _people(self, institution: Institution, index: int, departments: dict) -> None:
        for role, local, first, last, department in DEMO_PEOPLE:
            # The demo people of the first institution work across the trust, so that switching
            # institution can be tried; other schools get their own.
            email = (
                f"{local}@{DEMO_DOMAIN}"
                if index == 0 or role == Role.CAREERS_LEADER
                else (f"{local}{index + 1}@{DEMO_DOMAIN}")
            )
            user, created = User.objects.get_or_create(
                email=email, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user,
                institution=institution,
                defaults={"role": role, "department": departments.get(department)},
            )

    def _learners(self, institution: Institution, index: int, count: int, current: int) -> int:
        existing = set(
            Learner.objects.for_institution(institution)
            .filter(mis_id__startswith="DEMO-")
            .values_list("mis_id", flat=True)
        )
        years = list(YEAR_GROUP_WEIGHTS)
        weights = list(YEAR_GROUP_WEIGHTS.values())
        new = []
        for n in range(count):
            mis_id = f"DEMO-{index + 1:02d}-{n + 1:06d}"
            if mis_id in existing:
                continue
            # Seeded per learner, so each learner is the same whatever the run that creates it.
            rng = random.Random(f"{index}:{n}")
            year_group = rng.choices(years, weights)[0]
            send_roll = rng.random()
            new.append(
                Learner(
                    institution=institution,
                    mis_id=mis_id,
                    upn=_demo_upn(index, n, current - (year_group - 7)),
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    year_group=year_group,
                    gender=rng.choices("FMO", [49, 49, 2])[0],
                    send=(
                        Learner.Send.EHCP
                        if send_roll < 0.03
                        else Learner.Send.SEN_SUPPORT
                        if send_roll < 0.18
                        else Learner.Send.NONE
                    ),
                    disadvantaged=rng.random() < 0.25,
                    looked_after=rng.random() < 0.01,
                    eal=rng.random() < 0.15,
                    young_carer=rng.random() < 0.02,
                    roni_score=rng.randint(0, 10) if year_group >= 10 else None,
                )
            )
        Learner.objects.bulk_create(new, batch_size=2000)
        return len(new)


def _demo_upn(index: int, n: int, issue_year: int) -> str:
    # A real LA number (201), as the check letter needs, with an establishment number in the
    # unused 9xxx range, so demo UPNs can never match a real pupil.
    establishment = 9000 + (index * 40 + n // 1000) % 1000
    body = f"201{establishment:04d}{issue_year % 100:02d}{n % 1000:03d}"
    return upn_number.calc_check_digit(body) + body
