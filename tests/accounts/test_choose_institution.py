"""A person with roles in two institutions chooses where they work, and can switch."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careers_portal.accounts.models import Role
from tests.factories import LearnerFactory, MembershipFactory, UserFactory

CHOOSE = reverse("accounts:choose_institution")


@pytest.fixture
def two_hats(institution, other_institution):
    """A careers leader here who is also a governor of the other institution."""
    user = UserFactory(first_name="Robin", last_name="Twohats")
    MembershipFactory(user=user, institution=institution, role=Role.CAREERS_LEADER)
    MembershipFactory(user=user, institution=other_institution, role=Role.GOVERNOR)
    return user


@pytest.fixture
def colleagues(institution, other_institution):
    here = MembershipFactory(
        institution=institution, role=Role.SLT, user=UserFactory(email="here@north.test")
    )
    there = MembershipFactory(
        institution=other_institution, role=Role.SLT, user=UserFactory(email="there@south.test")
    )
    return here.user, there.user


def test_it_asks_a_person_with_two_memberships_to_choose(client_for, two_hats):
    client = client_for(two_hats)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == CHOOSE
    page = client.get(CHOOSE).content.decode()
    assert "Choose where you are working" in page
    assert "Northfield Academy (Careers leader)" in page
    assert "Southfield School (Governor)" in page


def test_it_does_not_ask_a_person_with_one_membership(client_for, leader):
    response = client_for(leader).get(reverse("home"))

    assert response.status_code == 200


def test_it_shows_only_the_chosen_institutions_data(
    client_for, two_hats, institution, other_institution, colleagues
):
    LearnerFactory.create_batch(3, institution=institution, year_group=8)
    client = client_for(two_hats)

    client.post(CHOOSE, {"institution": institution.pk})
    home = client.get(reverse("home")).content.decode()
    people = client.get(reverse("accounts:people")).content.decode()

    assert "Your careers programme" in home
    assert "Northfield Academy" in home
    assert "Southfield School" not in home
    assert "Year 8" in home
    assert "here@north.test" in people
    assert "there@south.test" not in people
    assert "Switch institution" in home


def test_it_switches_institution_and_role(
    client_for, two_hats, institution, other_institution, colleagues
):
    LearnerFactory.create_batch(3, institution=institution, year_group=8)
    client = client_for(two_hats)
    client.post(CHOOSE, {"institution": institution.pk})

    response = client.post(CHOOSE, {"institution": other_institution.pk})

    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(reverse("home")).content.decode()
    people = client.get(reverse("accounts:people")).content.decode()
    assert "Careers for governors" in home
    assert "Southfield School" in home
    assert "Northfield Academy" not in home
    # A governor sees no learner figures, and nothing of the first institution.
    assert "Year 8" not in home
    assert "there@south.test" in people
    assert "here@north.test" not in people
    # The governor role cannot manage people there, though it can here.
    assert client.get(reverse("accounts:invite")).status_code == 403


def test_it_refuses_an_institution_the_person_has_no_role_in(client_for, leader, other_institution):
    client = client_for(leader)

    response = client.post(CHOOSE, {"institution": other_institution.pk})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert "Northfield Academy" in home
    assert "Southfield School" not in home


def test_it_stops_using_an_institution_whose_membership_ended(
    client_for, two_hats, institution, other_institution
):
    client = client_for(two_hats)
    client.post(CHOOSE, {"institution": other_institution.pk})
    two_hats.memberships.filter(institution=other_institution).update(is_active=False)

    response = client.get(reverse("home"))

    # Only one membership is left, so that is where they now work.
    assert response.status_code == 200
    assert "Your careers programme" in response.content.decode()
