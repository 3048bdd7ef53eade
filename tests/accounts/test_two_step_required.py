"""Before the second step, no page: the permission matrix walked again with two-step sign-in on.

Every URL pattern of tests/test_permissions.py, for each role that must use two-step sign-in and
has only typed a password, answers with the way to the second step (setting up, or the code),
except the few pages of that step itself. The roles it does not bind get the matrix's answers.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from careers_portal.accounts.middleware import SECOND_STEP_OPEN
from careers_portal.schools.models import Institution
from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.test_permissions import ADMIN_PROBE, MATRIX
from tests.two_step import add_authenticator, fully_signed_in

# The matrix's objects come from the factories' dates: it runs on the day they were written around.
_today = pinned_today(AUTUMN_TERM_2026)

Policy = Institution.SecondFactorPolicy
SETUP = reverse("accounts:two_step_setup")
CODE = reverse("accounts:two_step_code")


@pytest.fixture
def world(role_users, institution, other_institution):
    return {**role_users, "institution": institution, "other_institution": other_institution}


@pytest.fixture
def policy_on(institution, other_institution):
    for each in (institution, other_institution):
        each.second_factor_policy = Policy.LEADERS_AND_SLT
        each.save()


def _request(client: Client, name: str, world: dict):
    row = MATRIX[name]
    url = reverse(
        ADMIN_PROBE if name == "admin:*" else name, kwargs=row.kwargs(world) if row.kwargs else None
    )
    data = row.data(world) if callable(row.data) else row.data
    return getattr(client, row.method)(url, data)


def _held_back(response, to: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(to)


@pytest.mark.parametrize("visitor", ["leader", "slt", "outsider"])
def test_a_required_role_reaches_no_page_before_setting_it_up(visitor, world, policy_on):
    client = Client()
    client.force_login(world[visitor])

    reached = [
        name
        for name in sorted(MATRIX)
        if name not in SECOND_STEP_OPEN and not _held_back(_request(client, name, world), SETUP)
    ]

    assert reached == []
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize("visitor", ["leader", "champion", "governor"])
def test_anyone_with_an_authenticator_reaches_no_page_before_the_code(visitor, world):
    add_authenticator(world[visitor])
    client = Client()
    client.force_login(world[visitor])

    reached = [
        name
        for name in sorted(MATRIX)
        if name not in SECOND_STEP_OPEN and not _held_back(_request(client, name, world), CODE)
    ]

    assert reached == []
    assert client.get(CODE).status_code == 200


@pytest.mark.parametrize("visitor", ["champion", "governor"])
def test_the_roles_it_leaves_optional_get_the_matrix_answers(visitor, world, policy_on):
    client = Client()
    client.force_login(world[visitor])

    # The pages only: the matrix itself tries each write on a fresh world.
    for name in sorted(name for name, row in MATRIX.items() if row.method == "get"):
        response = _request(client, name, world)
        assert response.status_code == MATRIX[name].expect[visitor], (name, response.status_code)


@pytest.mark.parametrize("visitor", ["leader", "slt"])
def test_once_both_steps_are_done_the_matrix_answers_again(visitor, world, policy_on):
    client = fully_signed_in(Client(), world[visitor])

    # The pages only: the matrix itself tries each write on a fresh world.
    for name in sorted(name for name, row in MATRIX.items() if row.method == "get"):
        response = _request(client, name, world)
        assert response.status_code == MATRIX[name].expect[visitor], (name, response.status_code)
