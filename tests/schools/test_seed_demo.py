"""seed_demo: one demo school (or a trust of them) with people, years and realistic learners."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from stdnum.gb import upn as upn_number

from careers_portal.accounts.models import Membership, Role, User
from careers_portal.schools.management.commands.seed_demo import DEMO_DOMAIN, DEMO_PASSWORD
from careers_portal.schools.models import (
    AcademicYear,
    Department,
    HalfTerm,
    Institution,
    Learner,
    Trust,
)

MODELS = [Trust, Institution, Department, AcademicYear, HalfTerm, User, Membership, Learner]


def _seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_seeds_a_school_with_one_person_per_role(db):
    output = _seed(learners=60)

    institution = Institution.objects.get()
    assert institution.trust is None
    roles = sorted(Membership.objects.for_institution(institution).values_list("role", flat=True))
    assert roles == sorted(Role.values)
    assert User.objects.count() == 4
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
        assert user.email in output
    assert DEMO_PASSWORD in output
    champion = Membership.objects.get(role=Role.CHAMPION)
    assert champion.department is not None
    assert champion.department.institution == institution


def test_it_seeds_departments_and_academic_years_with_half_terms(db):
    _seed(learners=60)

    assert Department.objects.for_institution(Institution.objects.get()).count() >= 5
    names = set(AcademicYear.objects.values_list("start_year", flat=True))
    assert {2024, 2025} <= names
    assert {str(year) for year in AcademicYear.objects.all()} >= {"2024/25", "2025/26"}
    for year in AcademicYear.objects.all():
        numbers = list(year.half_terms.values_list("number", flat=True))
        assert numbers == [1, 2, 3, 4, 5, 6]


def test_it_seeds_the_learners_asked_for_with_valid_upns(db):
    _seed(learners=60)

    learners = list(Learner.objects.all())
    assert len(learners) == 60
    assert all(upn_number.is_valid(learner.upn) for learner in learners)
    assert len({learner.upn for learner in learners}) == 60
    assert {learner.year_group for learner in learners} == {7, 8, 9, 10, 11, 12, 13}
    for learner in learners[:10]:
        learner.full_clean()  # every model rule holds, not just the UPN


def test_running_it_twice_changes_nothing(db):
    _seed(learners=60)
    first = _counts()
    upns = set(Learner.objects.values_list("upn", flat=True))

    _seed(learners=60)

    assert _counts() == first
    assert set(Learner.objects.values_list("upn", flat=True)) == upns


def test_it_makes_a_trust_of_several_institutions(db):
    _seed(learners=30, institutions=2)

    trust = Trust.objects.get()
    institutions = list(trust.institutions.all())
    assert len(institutions) == 2
    for institution in institutions:
        assert Learner.objects.for_institution(institution).count() == 30
        roles = set(Membership.objects.for_institution(institution).values_list("role", flat=True))
        assert roles == set(Role.values)
    all_upns = list(Learner.objects.values_list("upn", flat=True))
    assert len(set(all_upns)) == 60
    # The demo leader works across the trust, so switching institution can be tried.
    leader = User.objects.get(email=f"leader@{DEMO_DOMAIN}")
    assert leader.memberships.count() == 2

    _seed(learners=30, institutions=2)
    assert Learner.objects.count() == 60
    assert Trust.objects.count() == 1


@pytest.mark.django_db
def test_it_seeds_realistic_flag_rates():
    _seed(learners=1200)

    totals = Learner.objects.aggregate(
        n=Count("id"),
        sen_support=Count("id", filter=Q(send=Learner.Send.SEN_SUPPORT)),
        ehcp=Count("id", filter=Q(send=Learner.Send.EHCP)),
        disadvantaged=Count("id", filter=Q(disadvantaged=True)),
        looked_after=Count("id", filter=Q(looked_after=True)),
        eal=Count("id", filter=Q(eal=True)),
    )
    n = totals.pop("n")
    rates = {flag: count / n for flag, count in totals.items()}

    assert n == 1200
    assert 0.10 <= rates["sen_support"] <= 0.20, rates
    assert 0.01 <= rates["ehcp"] <= 0.06, rates
    assert 0.20 <= rates["disadvantaged"] <= 0.30, rates
    assert 0.002 <= rates["looked_after"] <= 0.03, rates
    assert 0.10 <= rates["eal"] <= 0.20, rates
