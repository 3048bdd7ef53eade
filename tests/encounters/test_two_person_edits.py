"""Two people editing one encounter: the second save never silently wins (issue 9.11)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from careers_portal.locking import VersionedModelForm
from encounters.forms import EncounterForm
from tests.encounters.factories import EncounterFactory
from tests.encounters.test_encounter_views import _post
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def test_the_second_save_of_an_encounter_gets_both_versions(
    client_for, leader, champion, institution, department
):
    LearnerFactory(institution=institution, year_group=9)
    encounter = EncounterFactory(institution=institution, department=department)
    url = reverse("encounters:edit", args=[encounter.pk])
    assert 'name="version" value="1"' in client_for(champion).get(url).content.decode()
    theirs = _post(department, reflections="Theirs, saved first", version=1)
    assert client_for(leader).post(url, theirs).status_code == 302
    mine = _post(department, reflections="Mine, typed meanwhile", version=1)
    response = client_for(champion).post(url, mine)
    page = response.content.decode()
    assert response.status_code == 409
    assert f"{escape(str(leader))} saved this encounter while you were editing it" in page
    assert "Mine, typed meanwhile" in page and "Theirs, saved first" in page
    encounter.refresh_from_db()
    assert encounter.reflections == "Theirs, saved first"
    assert 'name="version" value="2"' in page
    response = client_for(champion).post(url, {**mine, "version": 2})
    assert response.status_code == 302
    encounter.refresh_from_db()
    assert (encounter.reflections, encounter.version) == ("Mine, typed meanwhile", 3)


def test_the_encounter_form_carries_the_lock():
    assert issubclass(EncounterForm, VersionedModelForm)
