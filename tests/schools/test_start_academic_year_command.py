"""`manage.py start_academic_year`: one institution or a whole trust, --dry-run first."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from careers_portal.schools import new_year
from careers_portal.schools.models import Learner, NewYearRun
from careers_portal.schools.new_year import NewYearChange
from tests.conftest import travel_to
from tests.factories import InstitutionFactory, LearnerFactory, TrustFactory

pytestmark = pytest.mark.django_db

JULY = dt.date(2027, 7, 15)


def run(*args) -> str:
    out = StringIO()
    call_command("start_academic_year", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def school(db):
    with travel_to(dt.date(2026, 10, 1)):
        institution = InstitutionFactory(urn="123456", name="Northfield Academy")
        year_7 = LearnerFactory(institution=institution, year_group=7)
        year_11 = LearnerFactory(institution=institution, year_group=11, mis_id="ADM11")
    return institution, year_7, year_11


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(school):
    _, year_7, _ = school
    with travel_to(JULY):
        out = run("--institution", "123456", "--dry-run")
    assert "Northfield Academy: would start 2027/28" in out
    assert "Learners: moving up a year for 2027/28: 1" in out
    assert "Dry run: nothing was changed." in out
    assert Learner.objects.get(pk=year_7.pk).year_group == 7
    assert not NewYearRun.objects.exists()


def test_it_starts_the_year_once(school):
    _, year_7, year_11 = school
    with travel_to(JULY):
        first = run("--institution", "123456", "--stay-on", "ADM11")
        second = run("--institution", "123456")
    assert "started 2027/28" in first
    assert "already started 2027/28" in second
    year_7.refresh_from_db()
    year_11.refresh_from_db()
    assert year_7.year_group == 8
    assert (year_11.year_group, year_11.date_of_leaving) == (12, None)


class Refuses:
    name = "Refuses"

    def preview(self, *, institution, from_year, to_year):
        return []

    def apply(self, *, institution, from_year, to_year, by):
        if institution.name == "Second School":
            raise RuntimeError("the second school fails")
        return [NewYearChange("Fine", 0)]


def test_a_trust_starts_all_its_institutions_at_once_or_none(db):
    with travel_to(dt.date(2026, 10, 1)):
        trust = TrustFactory(name="Northern Learning Trust")
        first = InstitutionFactory(trust=trust, name="First School")
        second = InstitutionFactory(trust=trust, name="Second School")
        learners = [LearnerFactory(institution=i, year_group=9) for i in (first, second)]
    step = Refuses()
    new_year.register(step)
    try:
        with travel_to(JULY), pytest.raises(RuntimeError):
            run("--trust", "northern learning trust")
    finally:
        new_year.unregister(step)
    assert not NewYearRun.objects.exists()
    assert [Learner.objects.get(pk=lr.pk).year_group for lr in learners] == [9, 9]

    with travel_to(JULY):
        out = run("--trust", "Northern Learning Trust")
    assert "First School: started 2027/28" in out
    assert "Second School: started 2027/28" in out
    assert [Learner.objects.get(pk=lr.pk).year_group for lr in learners] == [10, 10]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--institution", "999999"], "No institution has the URN or UKPRN 999999."),
        (["--trust", "Nobody"], "No trust is called Nobody."),
    ],
)
def test_it_says_what_is_wrong(school, args, message):
    with travel_to(JULY), pytest.raises(CommandError, match=message):
        run(*args)


def test_it_is_not_offered_before_july(school):
    with (
        travel_to(dt.date(2027, 3, 15)),
        pytest.raises(CommandError, match="offered from 1 July 2027"),
    ):
        run("--institution", "123456")
