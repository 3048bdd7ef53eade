"""Two institutions' data never mix: pages, selectors and the access helper stay in their own."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from careers_portal.accounts.models import Membership, Role
from careers_portal.accounts.permissions import get_for_institution
from careers_portal.schools import selectors
from careers_portal.schools.models import Department, Learner
from tests.factories import DepartmentFactory, LearnerFactory, MembershipFactory, UserFactory


@pytest.fixture
def two_schools(institution, other_institution, leader, outsider):
    """Each school with its own people, departments and learners in different year groups."""
    MembershipFactory(
        institution=institution, role=Role.SLT, user=UserFactory(email="slt@north.test")
    )
    MembershipFactory(
        institution=other_institution, role=Role.SLT, user=UserFactory(email="slt@south.test")
    )
    MembershipFactory(
        institution=other_institution,
        role=Role.GOVERNOR,
        user=UserFactory(email="governor@south.test"),
    )
    DepartmentFactory(institution=institution, name="North Science")
    DepartmentFactory(institution=other_institution, name="South Geography")
    LearnerFactory.create_batch(3, institution=institution, year_group=7)
    LearnerFactory.create_batch(5, institution=other_institution, year_group=12)
    LearnerFactory.create_batch(2, institution=other_institution, year_group=7)
    return institution, other_institution


def _request_in(membership: Membership):
    request = RequestFactory().get("/")
    request.user = membership.user
    request.membership = membership
    return request


def test_it_shows_each_leader_only_their_own_people(client_for, two_schools, leader, outsider):
    north = client_for(leader).get(reverse("accounts:people")).content.decode()
    south = client_for(outsider).get(reverse("accounts:people")).content.decode()

    assert "slt@north.test" in north
    assert leader.email in north
    assert "slt@south.test" not in north
    assert "governor@south.test" not in north
    assert outsider.email not in north
    assert "slt@south.test" in south
    assert "slt@north.test" not in south
    assert leader.email not in south


def test_it_shows_each_home_page_only_its_own_figures(client_for, two_schools, leader, outsider):
    north = client_for(leader).get(reverse("home"))
    south = client_for(outsider).get(reverse("home"))

    assert north.context["roll"] == [
        {"year_group": 7, "learners": 3, "send": 0, "disadvantaged": 0}
    ]
    assert [(row["year_group"], row["learners"]) for row in south.context["roll"]] == [
        (7, 2),
        (12, 5),
    ]
    north_people = {row["label"]: row["count"] for row in north.context["people"]}
    south_people = {row["label"]: row["count"] for row in south.context["people"]}
    assert north_people == {
        "Careers leader": 1,
        "Careers champion": 0,
        "Senior leader": 1,
        "Governor": 0,
    }
    assert south_people == {
        "Careers leader": 1,
        "Careers champion": 0,
        "Senior leader": 1,
        "Governor": 1,
    }
    north_page = north.content.decode()
    assert "Northfield Academy" in north_page
    assert "Southfield School" not in north_page
    assert "Year 12" not in north_page


def test_the_selectors_count_one_institution(two_schools):
    north, south = two_schools

    assert sum(row["learners"] for row in selectors.roll_by_year_group(north)) == 3
    assert sum(row["learners"] for row in selectors.roll_by_year_group(south)) == 7


def test_the_invite_form_offers_only_our_departments(client_for, two_schools, leader):
    content = client_for(leader).get(reverse("accounts:invite")).content.decode()

    assert "North Science" in content
    assert "South Geography" not in content


def test_get_for_institution_finds_our_own_object(two_schools, leader):
    request = _request_in(Membership.objects.get(user=leader))
    ours = Learner.objects.for_institution(two_schools[0]).first()

    assert get_for_institution(request, Learner, pk=ours.pk) == ours


@pytest.mark.parametrize("model", [Learner, Department, Membership])
def test_get_for_institution_is_404_for_another_institutions_object(model, two_schools, leader):
    request = _request_in(Membership.objects.get(user=leader))
    theirs = model.objects.for_institution(two_schools[1]).first()
    assert theirs is not None

    with pytest.raises(Http404):
        get_for_institution(request, model, pk=theirs.pk)


def test_get_for_institution_scopes_a_queryset_too(two_schools, leader):
    request = _request_in(Membership.objects.get(user=leader))
    theirs = Learner.objects.for_institution(two_schools[1]).first()

    with pytest.raises(Http404):
        get_for_institution(request, Learner.objects.all(), pk=theirs.pk)


def test_a_leader_cannot_edit_another_institutions_person(client_for, two_schools, leader):
    theirs = Membership.objects.get(user__email="slt@south.test")

    edit = client_for(leader).get(reverse("accounts:membership_edit", args=[theirs.pk]))
    deactivate = client_for(leader).post(
        reverse("accounts:membership_deactivate", args=[theirs.pk])
    )

    assert edit.status_code == 404
    assert deactivate.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active
