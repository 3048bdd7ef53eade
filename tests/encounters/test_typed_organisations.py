"""No typed input lost in the encounter form's organisation picker (issue 9.10).

A name typed under "Add a new organisation" without pressing its button, or typed into the search
box without ticking a result, is matched to one of ours, created on save, or refused with what to
do; the encounter is never saved with the typed organisation silently dropped.
"""

from __future__ import annotations

import pathlib
import re

import pytest
from django.urls import reverse

from encounters.models import Encounter, Organisation
from tests.encounters.factories import EncounterFactory, OrganisationFactory
from tests.encounters.test_encounter_views import _post
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _year_9(institution):
    # The encounters below are logged for Year 9, which needs learners on roll.
    LearnerFactory.create_batch(2, institution=institution, year_group=9)


def _log(client, department, **typed):
    return client.post(reverse("encounters:create"), _post(department, **typed), follow=True)


def test_it_creates_a_new_organisation_typed_but_not_added(
    client_for, champion, institution, department
):
    response = _log(
        client_for(champion), department, **{"new-name": "Northgate Motors", "new-kind": "employer"}
    )
    encounter = Encounter.objects.get()
    assert [org.name for org in encounter.organisations.all()] == ["Northgate Motors"]
    assert Organisation.objects.get().institution == institution
    page = response.content.decode()
    assert "Northgate Motors added to your organisations." in page
    assert "Organisations: None" not in page


def test_it_ticks_an_existing_organisation_whose_name_was_typed_as_new(
    client_for, champion, institution, department
):
    acme = OrganisationFactory(institution=institution, name="Acme Engineering Ltd")
    _log(
        client_for(champion), department, **{"new-name": "acme engineering", "new-kind": "employer"}
    )
    assert list(Encounter.objects.get().organisations.all()) == [acme]
    assert Organisation.objects.count() == 1


def test_it_refuses_a_near_duplicate_typed_as_new_and_keeps_everything_typed(
    client_for, champion, institution, department
):
    OrganisationFactory(institution=institution, name="Acme Engineering")
    response = _log(
        client_for(champion), department, **{"new-name": "Acme Enginering", "new-kind": "employer"}
    )
    page = response.content.decode()
    assert Encounter.objects.count() == 0 and Organisation.objects.count() == 1
    assert "you may already have it (Acme Engineering)" in page
    assert 'value="Acme Enginering"' in page  # the typed name is still there
    assert 'value="NHS talk on careers in health"' in page
    confirmed = _log(
        client_for(champion),
        department,
        **{"new-name": "Acme Enginering", "new-kind": "employer", "new-confirm": "1"},
    )
    assert confirmed.status_code == 200
    assert [o.name for o in Encounter.objects.get().organisations.all()] == ["Acme Enginering"]


def test_it_refuses_a_new_organisation_it_cannot_create_and_says_what_to_do(
    client_for, champion, institution, department
):
    response = _log(
        client_for(champion),
        department,
        **{"new-name": "Bright Dental", "new-kind": "employer", "new-approved_provider": "on"},
    )
    page = response.content.decode()
    assert Encounter.objects.count() == 0 and Organisation.objects.count() == 0
    assert "&quot;Bright Dental&quot; was typed as a new organisation but not added" in page
    assert "Only providers of education or training can be approved providers" in page


def test_it_ticks_the_organisation_named_in_the_search_box(
    client_for, champion, institution, department
):
    nhs = OrganisationFactory(institution=institution, name="NHS Trust")
    _log(client_for(champion), department, q="nhs trust")
    assert list(Encounter.objects.get().organisations.all()) == [nhs]


def test_it_refuses_a_search_that_ticked_nothing(client_for, champion, institution, department):
    OrganisationFactory(institution=institution, name="NHS Trust")
    response = _log(client_for(champion), department, q="Northgate")
    page = response.content.decode()
    assert Encounter.objects.count() == 0
    assert (
        "You searched for &quot;Northgate&quot; but no organisation of that name is ticked" in page
    )
    assert 'value="Northgate"' in page


def test_it_accepts_a_search_that_led_to_a_ticked_organisation(
    client_for, champion, institution, department
):
    nhs = OrganisationFactory(institution=institution, name="NHS Trust")
    _log(client_for(champion), department, q="nhs", organisations=[nhs.pk])
    assert list(Encounter.objects.get().organisations.all()) == [nhs]


def test_it_does_not_keep_a_new_organisation_when_the_encounter_is_refused(
    client_for, champion, institution, department
):
    _log(
        client_for(champion),
        department,
        date="2027-09-01",  # refused by the service: after this academic year
        **{"new-name": "Northgate Motors", "new-kind": "employer"},
    )
    assert Encounter.objects.count() == 0 and Organisation.objects.count() == 0


def test_it_adds_a_typed_organisation_when_editing_too(client_for, leader, institution, department):
    encounter = EncounterFactory(institution=institution, department=department)
    data = _post(department, **{"new-name": "Northgate Motors", "new-kind": "employer"})
    client_for(leader).post(reverse("encounters:edit", args=[encounter.pk]), data)
    assert [o.name for o in encounter.organisations.all()] == ["Northgate Motors"]


TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "templates"
# The forms with a search-and-add widget, each tested for what was typed and not added: the
# encounter form above; the self-assessment's "Use this as evidence" button, which adds the live
# evidence under the notes already typed (tests/benchmarks/test_evidence.py).
COVERED = {"encounters/encounter_form.html", "benchmarks/assessment_benchmark.html"}


def test_every_form_with_a_search_and_add_widget_is_held_to_the_rule():
    """A POST form holding a search box or a separate "add" button is a search-and-add widget:
    its typed input must be matched, created or refused on save, as tested in this module."""
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        html = path.read_text()
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S | re.I):
            if 'type="search"' in form or re.search(r'type="button"[^>]*hx-post', form):
                found.add(str(path.relative_to(TEMPLATES)))
    assert found == COVERED
