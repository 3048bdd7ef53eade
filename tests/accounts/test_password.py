"""Changing a password when signed in, and resetting a forgotten one by email."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-careers-password-7"


def _link_in(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def test_it_changes_the_password_and_keeps_the_person_signed_in(client_for, slt):
    client = client_for(slt)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    slt.refresh_from_db()
    assert slt.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_it_explains_a_wrong_current_password(client_for, slt):
    response = client_for(slt).post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    slt.refresh_from_db()
    assert slt.check_password(PASSWORD)


def test_it_resets_a_forgotten_password_by_email(client, governor):
    response = client.post(reverse("accounts:password_reset"), {"email": governor.email})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [governor.email]
    assert email.subject == "Choose a new Careers Portal password"

    link = _link_in(email.body)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'name="new_password1"' in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")

    signed_in = client.post(
        reverse("accounts:login"), {"username": governor.email, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.session[SESSION_KEY] == str(governor.pk)


def test_it_uses_a_reset_link_only_once(client, governor):
    client.post(reverse("accounts:password_reset"), {"email": governor.email})
    link = _link_in(mail.outbox[0].body)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    content = again.content.decode()
    assert "This link has expired or has been used already." in content
    assert 'name="new_password1"' not in content
    governor.refresh_from_db()
    assert governor.check_password(NEW_PASSWORD)


def test_it_sends_nothing_for_an_unknown_address_without_saying_so(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@school.test"})

    # The same answer as for a known address, so the form cannot be used to find accounts.
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_it_sends_a_new_link_to_an_invited_person_who_never_chose_a_password(client, governor):
    # Their invitation link has expired: the reset form is how they get a fresh one.
    governor.set_unusable_password()
    governor.save()

    client.post(reverse("accounts:password_reset"), {"email": governor.email.upper()})

    assert [email.to for email in mail.outbox] == [[governor.email]]


def test_it_sends_no_link_to_a_deactivated_person(client, governor):
    governor.is_active = False
    governor.save()

    client.post(reverse("accounts:password_reset"), {"email": governor.email})

    assert mail.outbox == []


def test_the_reset_link_points_at_the_site_whatever_host_the_request_named(
    client, governor, settings
):
    settings.SITE_URL = "https://careers.example.org"
    client.post(
        reverse("accounts:password_reset"), {"email": governor.email}, HTTP_HOST="127.0.0.1:6666"
    )
    assert "https://careers.example.org/accounts/" in mail.outbox[0].body
    assert "6666" not in mail.outbox[0].body


def test_it_sends_three_reset_emails_an_hour_per_account(client, governor, settings):
    for _ in range(settings.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR + 3):
        response = client.post(reverse("accounts:password_reset"), {"email": governor.email})
        # Every answer is the same page, so the form never tells who has an account.
        assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR
    with time_machine.travel(dt.timedelta(hours=1, minutes=1)):
        client.post(reverse("accounts:password_reset"), {"email": governor.email.upper()})
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR + 1


def test_it_slows_one_address_asking_for_many_accounts(client, settings, institution):
    from tests.factories import MembershipFactory

    people = [MembershipFactory(institution=institution).user for _ in range(3)]
    settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 4
    for number in range(4):
        client.post(reverse("accounts:password_reset"), {"email": people[number % 3].email})
    refused = client.post(reverse("accounts:password_reset"), {"email": people[0].email})
    assert refused.status_code == 200
    assert "Wait an hour and try again" in refused.content.decode()
    assert len(mail.outbox) == 4
    # Another address (another school) is not held back.
    other = client.post(
        reverse("accounts:password_reset"), {"email": people[1].email}, REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 302


def test_a_successful_reset_lifts_the_pause_on_sign_in(client, governor, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"), {"username": governor.email, "password": f"no-{attempt}"}
        )
    paused = client.post(
        reverse("accounts:login"), {"username": governor.email, "password": PASSWORD}
    )
    assert paused.status_code == 429

    client.post(reverse("accounts:password_reset"), {"email": governor.email})
    form_page = client.get(_link_in(mail.outbox[0].body), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    signed_in = client.post(
        reverse("accounts:login"), {"username": governor.email, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.session[SESSION_KEY] == str(governor.pk)
