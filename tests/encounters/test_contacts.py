"""An organisation's contacts (name, role, email), kept from its page by whoever logs
encounters, and offered by "Ask for feedback" on an encounter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careers_portal.dates import today
from encounters.models import OrganisationContact
from tests.encounters.factories import EncounterFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(institution):
    return OrganisationFactory(
        institution=institution, name="Brightwell Engineering", contacts="Raj on 0161 496 0001"
    )


def _add(client, organisation, **data):
    return client.post(
        reverse("encounters:contact_add", args=[organisation.pk]),
        {f"contact-{key}": value for key, value in data.items()},
    )


def test_the_leader_adds_changes_and_removes_a_contact(organisation, leader, client_for):
    client = client_for(leader)
    page = client.get(organisation.get_absolute_url())
    body = page.content.decode()
    assert "No contacts yet." in body and "Add a contact" in body
    assert "Raj on 0161 496 0001" in body  # the old free text stays as written
    response = _add(
        client, organisation, name="Dee Harper", role="Education lead", email="dee@example.com"
    )
    assert response.status_code == 302
    contact = OrganisationContact.objects.get(organisation=organisation)
    assert (contact.name, contact.role, contact.email) == (
        "Dee Harper",
        "Education lead",
        "dee@example.com",
    )
    assert "Dee Harper" in client.get(organisation.get_absolute_url()).content.decode()
    edit = reverse("encounters:contact_edit", args=[organisation.pk, contact.pk])
    assert "Education lead" in client.get(edit).content.decode()
    client.post(edit, {"contact-name": "Dee Harper", "contact-email": "dee.harper@example.com"})
    contact.refresh_from_db()
    assert (contact.role, contact.email) == ("", "dee.harper@example.com")
    client.post(reverse("encounters:contact_remove", args=[organisation.pk, contact.pk]))
    assert not OrganisationContact.objects.exists()


def test_a_mistake_keeps_what_was_typed_and_an_address_is_not_added_twice(
    organisation, champion, client_for
):
    client = client_for(champion)  # champions add organisations, and so their contacts
    page = _add(client, organisation, name="Dee Harper", role="Outreach", email="not an email")
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" in body and 'value="Outreach"' in body
    assert not OrganisationContact.objects.exists()
    assert _add(client, organisation, name="Dee", email="dee@example.com").status_code == 302
    again = _add(client, organisation, name="Dee H", email="DEE@example.com")
    assert "is already one of its contacts" in again.content.decode()
    assert OrganisationContact.objects.count() == 1


def test_slt_read_the_contacts_but_do_not_change_them(organisation, slt, client_for):
    OrganisationContact.objects.create(organisation=organisation, name="Dee Harper")
    client = client_for(slt)
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "Dee Harper" in body and "Add a contact" not in body and "Remove" not in body
    assert _add(client, organisation, name="Sam").status_code == 403


def test_another_institutions_organisation_and_contact_are_not_found(
    organisation, other_institution, leader, client_for
):
    theirs = OrganisationFactory(institution=other_institution)
    contact = OrganisationContact.objects.create(organisation=theirs, name="Kim")
    client = client_for(leader)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    # Their contact under our organisation's address is not found either.
    ours_theirs = [organisation.pk, contact.pk]
    assert client.get(reverse("encounters:contact_edit", args=ours_theirs)).status_code == 404
    remove = reverse("encounters:contact_remove", args=ours_theirs)
    assert client.post(remove).status_code == 404
    assert OrganisationContact.objects.filter(pk=contact.pk).exists()


def test_ask_for_feedback_offers_a_contact_added_on_the_organisations_page(
    organisation, institution, leader, client_for
):
    encounter = EncounterFactory(institution=institution, date=today(), year_groups=[9])
    encounter.organisations.set([organisation])
    client = client_for(leader)
    encounter_page = client.get(encounter.get_absolute_url()).content.decode()
    assert organisation.get_absolute_url() in encounter_page
    _add(client, organisation, name="Dee Harper", email="dee@example.com")
    ask = client.get(reverse("surveys:ask_feedback", args=[encounter.pk])).content.decode()
    assert "Dee Harper, dee@example.com" in ask
    listing = client.get(reverse("encounters:organisations")).content.decode()
    assert "Brightwell Engineering" in listing
