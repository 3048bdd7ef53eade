"""The plan's current state shows the latest leavers' destinations beside the leader's text."""

from __future__ import annotations

from django.urls import reverse

from careers_portal.schools.services import academic_year_ensure
from destinations import services as destination_services
from tests.factories import LearnerFactory
from tests.plans.conftest import TODAY


def _leavers(institution, leader, categories):
    from careers_portal.schools.models import AcademicYear

    year = academic_year_ensure(start_year=AcademicYear.start_year_for(TODAY) - 1)
    for category in categories:
        learner = LearnerFactory(institution=institution, year_group=11)
        destination_services.destination_record(
            learner=learner, academic_year=year, stage="actual", by=leader, category=category
        )
    return year


def test_the_current_state_shows_last_years_leavers_destinations(
    plan, leader, institution, client_for
):
    year = _leavers(institution, leader, ["fe_college"] * 8 + ["neet", "apprenticeship"])
    page = client_for(leader).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert f"In education (leavers of {year})" in page
    assert "80.0% (8 of 10)" in page
    assert "NEET" in page and "10.0% (1 of 10)" in page
    assert "destinations of" in page and "10 learners" in page


def test_a_governor_sees_small_figures_as_c(plan, leader, governor, institution, client_for):
    _leavers(institution, leader, ["fe_college"] * 8 + ["neet", "apprenticeship"])
    page = client_for(governor).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "80.0% (8 of 10)" in page  # big enough to show
    assert "1 of 10" not in page and "c (fewer than 6 learners, or 1 or 2)" in page


def test_no_destinations_no_figures(plan, leader, client_for):
    page = client_for(leader).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "leavers of" not in page
