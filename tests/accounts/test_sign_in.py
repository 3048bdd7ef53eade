"""Sign-in and sign-out: the right password, a wrong one, and the throttle after too many."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

SIGN_IN = reverse("accounts:login")
WRONG_PASSWORD_MESSAGE = "The email address or password is not right."
PAUSED_MESSAGE = "Sign-in is paused for a few minutes"


def _sign_in(client, email: str, password: str):
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_it_shows_the_sign_in_page_with_labelled_fields(client, db):
    response = client.get(SIGN_IN)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Sign in</h1>" in content
    assert 'for="id_username"' in content
    assert 'for="id_password"' in content


def test_it_lands_on_the_home_page_with_the_right_password(client, leader, institution):
    response = _sign_in(client, leader.email, PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(response.url)
    assert home.status_code == 200
    assert institution.name in home.content.decode()
    assert client.session[SESSION_KEY] == str(leader.pk)


def test_it_accepts_the_email_in_any_case(client, leader):
    response = _sign_in(client, leader.email.upper(), PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(leader.pk)


def test_it_explains_a_wrong_password_and_keeps_the_email(client, leader):
    response = _sign_in(client, leader.email, "not-the-password")

    assert response.status_code == 200
    content = response.content.decode()
    assert WRONG_PASSWORD_MESSAGE in content
    assert f'value="{leader.email}"' in content
    assert SESSION_KEY not in client.session


def test_it_refuses_a_deactivated_account(client, leader):
    leader.is_active = False
    leader.save()

    response = _sign_in(client, leader.email, PASSWORD)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_it_pauses_sign_in_at_the_sixth_wrong_password_then_lets_in_after_the_cool_off(
    client, leader
):
    assert settings.AXES_FAILURE_LIMIT == 6
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        # The first five wrong passwords are explained; the sixth is throttled.
        for attempt in range(1, 6):
            response = _sign_in(client, leader.email, f"wrong-{attempt}")
            assert response.status_code == 200, attempt
            assert WRONG_PASSWORD_MESSAGE in response.content.decode(), attempt
        sixth = _sign_in(client, leader.email, "wrong-6")
        assert sixth.status_code == 429
        assert PAUSED_MESSAGE in sixth.content.decode()

        # While paused, even the right password is refused.
        seventh = _sign_in(client, leader.email, PASSWORD)
        assert seventh.status_code == 429
        content = seventh.content.decode()
        assert PAUSED_MESSAGE in content
        assert "too many wrong passwords" in content
        assert "sign-in is paused for 15 minutes." in content
        assert SESSION_KEY not in client.session

        # Still paused just before the cool-off ends.
        traveller.shift(settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=30))
        assert _sign_in(client, leader.email, PASSWORD).status_code == 429

        traveller.shift(dt.timedelta(seconds=60))
        response = _sign_in(client, leader.email, PASSWORD)
        assert response.status_code == 302
        assert response.url == reverse("home")
        assert client.session[SESSION_KEY] == str(leader.pk)


def test_it_pauses_only_that_account_not_the_whole_school(client, leader, slt):
    # A school shares one public address: one person's mistakes must not lock out the others.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, leader.email, f"wrong-{attempt}")
    assert _sign_in(client, leader.email, PASSWORD).status_code == 429

    response = _sign_in(client, slt.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(slt.pk)


def test_it_sends_a_signed_in_person_on_from_the_sign_in_page(client_for, leader):
    response = client_for(leader).get(SIGN_IN)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_it_signs_out(client_for, leader):
    client = client_for(leader)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == SIGN_IN
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("leader", "Your careers programme"),
        ("champion", "Your careers work"),
        ("slt", "Careers at a glance"),
        ("governor", "Careers for governors"),
    ],
)
def test_it_signs_each_role_in_to_its_own_home_page(role, heading, role_users, client):
    user = role_users[role]

    response = _sign_in(client, user.email, PASSWORD)
    home = client.get(response.url)

    assert home.status_code == 200
    assert f"<h1>{heading}</h1>" in home.content.decode()


def test_one_pause_holds_for_every_spelling_of_the_email(client, leader):
    # After the pause on one spelling, other spellings get no more guesses and the right
    # password in another case neither signs in nor clears the pause.
    local, domain = leader.email.split("@")
    spellings = [
        leader.email,
        leader.email.upper(),
        f"{local.capitalize()}@{domain}",
        f"{local}@{domain.upper()}",
        f"  {leader.email} ",
    ]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, spellings[attempt % len(spellings)], f"wrong-{attempt}")
    for spelling in spellings:
        response = _sign_in(client, spelling, PASSWORD)
        assert response.status_code == 429, spelling
        assert SESSION_KEY not in client.session
    assert _sign_in(client, leader.email, PASSWORD).status_code == 429
