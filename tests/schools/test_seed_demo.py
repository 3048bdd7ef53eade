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


def test_the_demo_school_has_two_step_sign_in_off_so_the_printed_sign_ins_work(db):
    _seed(learners=60)

    policy = Institution.objects.get().second_factor_policy
    assert policy == Institution.SecondFactorPolicy.OFF


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

    learners = list(Learner.objects.on_roll())  # on roll: leavers come with the demo destinations
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
        assert Learner.objects.for_institution(institution).on_roll().count() == 30
        roles = set(Membership.objects.for_institution(institution).values_list("role", flat=True))
        assert roles == set(Role.values)
    all_upns = list(Learner.objects.on_roll().values_list("upn", flat=True))
    assert len(set(all_upns)) == 60
    # The demo leader works across the trust, so switching institution can be tried.
    leader = User.objects.get(email=f"leader@{DEMO_DOMAIN}")
    assert leader.memberships.count() == 2

    _seed(learners=30, institutions=2)
    assert Learner.objects.on_roll().count() == 60
    assert Trust.objects.count() == 1


@pytest.mark.django_db
def test_it_seeds_realistic_flag_rates():
    _seed(learners=1200)

    totals = Learner.objects.on_roll().aggregate(
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


# --- Demo content: each domain app adds its own (plans, benchmarks, encounters) -------------

CONTENT_APPS = ("plans", "benchmarks", "encounters")


def _content_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        f"{label}.{model.__name__}": model.objects.count()
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture
def _today():
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.mark.usefixtures("_today")
def test_it_adds_demo_content_once_however_often_it_runs(db):
    from encounters.models import Encounter, GuidanceMeeting
    from plans.models import Action, StrategicPlan

    _seed(learners=120)
    first = _content_counts()

    _seed(learners=120)

    assert _content_counts() == first
    assert first["plans.StrategicPlan"] == 1
    assert first["benchmarks.SelfAssessment"] == 2
    assert first["benchmarks.MaturityReview"] == 1
    assert first["benchmarks.AnnualChecklist"] == 2
    assert first["encounters.Organisation"] >= 10
    assert first["encounters.Encounter"] >= 20
    assert first["encounters.EncounterLearner"] > 0
    assert GuidanceMeeting.objects.exists()
    assert Action.objects.filter(owner__isnull=False).count() == Action.objects.count()
    assert StrategicPlan.objects.get().institution == Encounter.objects.first().institution


@pytest.mark.usefixtures("_today")
def test_it_leaves_the_content_out_when_asked(db):
    _seed(learners=30, content=False)

    assert Learner.objects.count() == 30
    counts = _content_counts()
    assert counts["plans.StrategicPlan"] == 0
    assert counts["benchmarks.SelfAssessment"] == 0
    assert counts["encounters.Encounter"] == 0


@pytest.mark.usefixtures("_today")
def test_it_gives_each_school_of_a_trust_its_own_content(db):
    from encounters.models import Encounter
    from plans.models import StrategicPlan

    _seed(learners=40, institutions=2)

    for institution in Institution.objects.all():
        assert StrategicPlan.objects.for_institution(institution).count() == 1
        assert Encounter.objects.for_institution(institution).count() >= 20


@pytest.mark.usefixtures("_today")
def test_the_demo_leaders_pages_answer_after_seeding(db, client_for):
    from django.urls import reverse

    from plans.models import StrategicPlan

    _seed(learners=120)
    leader = User.objects.get(email=f"leader@{DEMO_DOMAIN}")
    client = client_for(leader)
    plan = StrategicPlan.objects.get()

    pages = {
        "home": reverse("home"),
        "plan document": reverse("plans:detail", args=[plan.pk]),
        "action table": reverse("plans:actions", args=[plan.pk]),
        "benchmarks summary": reverse("benchmarks:index"),
        "self-assessments": reverse("benchmarks:assessment_list"),
        "checklist": reverse("benchmarks:checklist"),
        "encounters": reverse("encounters:list"),
        "coverage": reverse("encounters:coverage"),
        "PAL": reverse("encounters:pal"),
    }
    statuses = {name: client.get(path).status_code for name, path in pages.items()}

    assert statuses == dict.fromkeys(pages, 200)
    document = client.get(pages["plan document"]).content.decode()
    assert "Northfield Academy" in document
    coverage = client.get(pages["coverage"]).content.decode()
    assert "Year 7" in coverage and "Year 13" in coverage


def test_it_seeds_destinations_for_the_last_two_years_leavers_at_realistic_rates(db):
    from django.utils import timezone

    from destinations import selectors as destination_selectors
    from destinations.models import DestinationRecord

    _seed(learners=1200)
    institution = Institution.objects.get()
    current = AcademicYear.start_year_for(timezone.localdate())
    for years_ago in (1, 2):
        year = AcademicYear.objects.get(start_year=current - years_ago)
        summary = destination_selectors.cohort_summary(
            institution, year, current=False, suppress=False
        )
        shares = {label: fig.percent for label, fig in summary.rows}
        assert summary.size > 250, summary.size  # Year 11 and Year 13 leavers of a school this size
        assert shares["In education"] > 70, shares
        assert 1 <= shares["NEET"] <= 6, shares
        assert 1 <= shares["Not known"] <= 8, shares
        stages = set(
            DestinationRecord.objects.filter(academic_year=year).values_list("stage", flat=True)
        )
        assert stages >= {"intended", "actual"}
    older = AcademicYear.objects.get(start_year=current - 2)
    assert DestinationRecord.objects.filter(academic_year=older, stage="sustained").exists()
    records = DestinationRecord.objects.count()

    _seed(learners=1200)
    assert DestinationRecord.objects.count() == records  # once, however often it runs
