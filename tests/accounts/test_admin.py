"""The people who run the service add users in the admin; addresses are stored in lower case."""

from __future__ import annotations

import pytest

from careers_portal.accounts.models import User
from tests.two_step import fully_signed_in


@pytest.fixture
def admin_client(client, admin_user):
    # The admin always requires two-step sign-in (tests/accounts/test_two_step_required.py).
    return fully_signed_in(client, admin_user)


def test_it_adds_a_user_in_the_admin_with_the_address_in_lower_case(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Person@School.test",
            "password1": "a-long-careers-password-1",
            "password2": "a-long-careers-password-1",
            "usable_password": "true",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.person@school.test")
    assert user.check_password("a-long-careers-password-1")


def test_it_lists_people_and_memberships_in_the_admin(admin_client, leader):
    users = admin_client.get("/admin/accounts/user/")
    memberships = admin_client.get("/admin/accounts/membership/")

    assert users.status_code == 200
    assert leader.email in users.content.decode()
    assert memberships.status_code == 200
    assert "Northfield Academy" in memberships.content.decode()
