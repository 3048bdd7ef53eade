"""A learner's page in insights: details, benchmarks, encounters, meetings and destinations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careers_portal.accounts.models import SecurityEvent
from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure
from destinations import services as destination_services
from encounters.models import GuidanceMeeting
from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.encounters.factories import EncounterFactory
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db
_today = pinned_today(AUTUMN_TERM_2026)


@pytest.fixture
def learner(institution, leader):
    learner = LearnerFactory(institution=institution, year_group=11, reg_group="11B")
    encounter = EncounterFactory(institution=institution, title="Hospital careers talk")
    encounter.learners.add(learner)
    GuidanceMeeting.objects.create(
        learner=learner, date=AUTUMN_TERM_2026, adviser_name="Sam Adviser", adviser_level6=True
    )
    year = academic_year_ensure(start_year=AcademicYear.start_year_for(AUTUMN_TERM_2026))
    destination_services.destination_record(
        learner=learner,
        academic_year=year,
        stage="intended",
        by=leader,
        category="fe_college",
        provider="Northfield College",
    )
    return learner


def test_it_gathers_what_every_app_holds_about_the_learner(client_for, leader, learner):
    page = client_for(leader).get(reverse("insights:learner", args=[learner.pk])).content.decode()
    assert learner.first_name in page and "11B" in page
    assert "Hospital careers talk" in page
    assert "Sam Adviser" in page
    assert "Northfield College" in page and "FE college" in page
    assert "BM8" in page
    assert SecurityEvent.objects.filter(detail=f"Learner page of learner {learner.pk}").exists()


def test_the_leader_edits_the_details_and_a_wrong_value_comes_back(client_for, leader, learner):
    client = client_for(leader)
    url = reverse("insights:learner_edit", args=[learner.pk])
    data = {
        **{k: v for k, v in client.get(url).context["form"].initial.items() if v is not None},
        "reg_group": "11C",
        "date_of_birth": "",
        "planned_end_date": "",
        "date_of_leaving": "",
        "roni_score": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    learner.refresh_from_db()
    assert learner.reg_group == "11C"
    assert learner.history.first().history_user == leader

    wrong = client.post(url, {**data, "upn": "NOTAUPN12345X", "year_group": "11"})
    assert wrong.status_code == 200
    assert "not a valid UPN" in wrong.content.decode()
    assert 'value="NOTAUPN12345X"' in wrong.content.decode()  # what was typed is kept
    learner.refresh_from_db()
    assert learner.upn != "NOTAUPN12345X"


def test_the_page_works_with_nothing_recorded(client_for, leader, institution):
    bare = LearnerFactory(institution=institution, year_group=9)
    page = client_for(leader).get(reverse("insights:learner", args=[bare.pk])).content.decode()
    assert "No encounters yet" in page and "No destination recorded yet" in page
