"""A signed-in session ends when idle and at its lifetime, and no signed-in page is cached."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

HOME = reverse("home")


def _signed_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_it_signs_out_after_two_hours_without_activity(client, leader):
    assert dt.timedelta(hours=2) == settings.SESSION_IDLE_TIMEOUT
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _signed_in(client, leader)
        traveller.shift(dt.timedelta(hours=1, minutes=59))
        assert client.get(HOME).status_code == 200
        traveller.shift(dt.timedelta(hours=1, minutes=59))  # active a moment ago: still in
        assert client.get(HOME).status_code == 200
        traveller.shift(dt.timedelta(hours=2, minutes=2))
        response = client.get(HOME, follow=True)
    assert SESSION_KEY not in client.session
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "signed out after 2 hours without activity" in response.content.decode()


def test_it_signs_out_twelve_hours_after_sign_in_however_active(client, leader):
    assert dt.timedelta(hours=12) == settings.SESSION_ABSOLUTE_LIFETIME
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _signed_in(client, leader)
        for _ in range(12):
            traveller.shift(dt.timedelta(minutes=59))
            assert client.get(HOME).status_code == 200
        traveller.shift(dt.timedelta(minutes=13))
        response = client.get(HOME, follow=True)
    assert SESSION_KEY not in client.session
    assert "signed out 12 hours after signing in" in response.content.decode()


def test_a_password_change_signs_out_other_devices(client_for, leader):
    other_device = client_for(leader)
    assert other_device.get(HOME).status_code == 200
    leader.set_password("a-new-long-passphrase-for-2027")
    leader.save()
    assert other_device.get(HOME).status_code == 302


def test_the_sign_in_page_and_the_answer_to_signing_in_are_not_cached(client, leader):
    # Every signed-in URL is checked in tests/test_permissions.py.
    assert "no-store" in client.get(reverse("accounts:login"))["Cache-Control"]
    response = client.post(
        reverse("accounts:login"), {"username": leader.email, "password": PASSWORD}
    )
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
