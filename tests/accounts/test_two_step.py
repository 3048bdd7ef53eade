"""Two-step sign-in: setting up an authenticator, the code step, recovery codes, the pause on
wrong codes, turning it off, the careers leader's policy and reset, and the superuser's command."""

from __future__ import annotations

import datetime as dt
import io
import re
from base64 import b32encode

import pyotp
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from careers_portal.accounts.models import Membership, SecurityEvent
from careers_portal.schools.models import Institution
from tests.factories import PASSWORD, InstitutionFactory, MembershipFactory
from tests.two_step import add_authenticator, fully_signed_in

Policy = Institution.SecondFactorPolicy
SIGN_IN = reverse("accounts:login")
SETUP = reverse("accounts:two_step_setup")
CODE = reverse("accounts:two_step_code")
RECOVERY_CODES = reverse("accounts:two_step_recovery_codes")
HOME = reverse("home")
WRONG_CODE = "That code is not right."
PAUSED = "Sign-in is paused for a few minutes"


@pytest.fixture
def required(institution):
    institution.second_factor_policy = Policy.LEADERS_AND_SLT
    institution.save()
    return institution


def _password_step(client: Client, email: str):
    response = client.post(SIGN_IN, {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _secret_on(page) -> str:
    return re.search(r'data-secret="([A-Z2-7]+)"', page.content.decode()).group(1)


def test_a_new_institution_requires_it_of_leaders_and_slt():
    assert Institution().second_factor_policy == Policy.LEADERS_AND_SLT


def test_it_takes_a_leader_to_set_up_right_after_the_password(client, leader, required):
    response = _password_step(client, leader.email)
    assert client.get(response.url).url == f"{SETUP}?next=%2F"

    page = client.get(SETUP)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Set up two-step sign-in" in content
    assert 'src="data:image/svg+xml' in content  # the QR code
    phone = pyotp.TOTP(_secret_on(page))

    wrong = client.post(SETUP, {"code": "000000" if phone.now() != "000000" else "111111"})
    assert wrong.status_code == 200
    assert WRONG_CODE in wrong.content.decode()

    done = client.post(f"{SETUP}?next=%2F", {"code": phone.now()})
    assert done.url == RECOVERY_CODES
    codes_page = client.get(RECOVERY_CODES)
    codes = re.findall(r"<code>([a-z2-7]+)</code>", codes_page.content.decode())
    assert len(codes) == settings.SECOND_FACTOR_RECOVERY_CODES
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert client.post(RECOVERY_CODES).url == "/"
    assert client.get(HOME).status_code == 200
    # Shown once only.
    assert client.get(RECOVERY_CODES).url == reverse("accounts:two_step")
    assert SecurityEvent.objects.get().kind == SecurityEvent.Kind.SET_UP
    assert TOTPDevice.objects.get(user=leader).confirmed


def test_it_keeps_the_same_secret_until_the_setup_is_confirmed(client_for, leader):
    client = client_for(leader)

    assert _secret_on(client.get(SETUP)) == _secret_on(client.get(SETUP))


def test_it_asks_for_a_code_after_the_password_and_lets_in_with_the_right_one(client, leader):
    phone = add_authenticator(leader)
    response = _password_step(client, leader.email.upper())
    assert client.get(response.url).url == f"{CODE}?next=%2F"
    assert client.get(reverse("encounters:learner_record", args=[1])).url.startswith(CODE)

    page = client.get(CODE)
    assert "Enter the code from your authenticator app" in page.content.decode()
    done = client.post(f"{CODE}?next=%2Fplan%2F", {"code": phone.now()})

    assert done.url == "/plan/"
    assert client.get(HOME).status_code == 200


def test_it_never_accepts_the_same_code_twice(client, leader):
    phone = add_authenticator(leader)
    with time_machine.travel(timezone.now(), tick=False):
        code = phone.now()
        _password_step(client, leader.email)
        assert client.post(CODE, {"code": code}).status_code == 302
        other = Client()
        _password_step(other, leader.email)

        again = other.post(CODE, {"code": code})

    assert again.status_code == 200
    assert WRONG_CODE in again.content.decode()


def test_a_recovery_code_works_once(client, leader):
    fully_signed_in(Client(), leader)
    codes = fully_signed_in(Client(), leader).post(reverse("accounts:two_step_new_codes"))
    assert codes.url == RECOVERY_CODES
    code = StaticToken.objects.first().token
    _password_step(client, leader.email)

    used = client.post(CODE, {"code": f" {code.upper()[:5]}-{code.upper()[5:]} "})

    assert used.url == reverse("accounts:two_step")
    page = client.get(used.url).content.decode()
    assert "recovery code" in page and "9 left" in page
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.RECOVERY_CODE_USED).exists()
    second = Client()
    _password_step(second, leader.email)
    refused = second.post(CODE, {"code": code})
    assert refused.status_code == 200
    assert WRONG_CODE in refused.content.decode()


SPELLINGS = [
    lambda email: email,
    str.upper,
    str.title,
    lambda email: email.swapcase(),
    lambda email: email[0].upper() + email[1:],
]


@pytest.mark.parametrize("first", range(len(SPELLINGS)))
def test_the_pause_on_wrong_codes_holds_under_every_spelling_of_the_email(leader, first):
    phone = add_authenticator(leader)
    spellings = SPELLINGS[first:] + SPELLINGS[:first]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        # Five wrong codes, each from a new session with another spelling, are each explained.
        for attempt in range(settings.SECOND_FACTOR_FAILURE_LIMIT - 1):
            client = Client()
            _password_step(client, spellings[attempt % len(spellings)](leader.email))
            response = client.post(CODE, {"code": "wrong-code"})
            assert response.status_code == 200, attempt
            assert WRONG_CODE in response.content.decode()
        client = Client()
        _password_step(client, spellings[-1](leader.email))
        sixth = client.post(CODE, {"code": "000000" if phone.now() != "000000" else "111111"})
        assert sixth.status_code == 429
        assert PAUSED in sixth.content.decode()

        # Paused for the account, whatever the spelling, session, or kind of code.
        for spelling in SPELLINGS:
            client = Client()
            _password_step(client, spelling(leader.email))
            response = client.post(CODE, {"code": phone.now()})
            assert response.status_code == 429
            content = response.content.decode()
            assert PAUSED in content
            assert "too many wrong codes" in content
            assert "ask your careers leader to reset" in content
            assert client.get(HOME).url.startswith(CODE)

        traveller.shift(settings.SECOND_FACTOR_COOLOFF_TIME - dt.timedelta(seconds=30))
        assert client.post(CODE, {"code": phone.now()}).status_code == 429

        traveller.shift(dt.timedelta(seconds=60))
        assert client.post(CODE, {"code": phone.now()}).url == HOME
        assert client.get(HOME).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PAUSED).count() == 1


def test_it_says_how_many_tries_are_left(client, leader):
    add_authenticator(leader)
    _password_step(client, leader.email)

    response = client.post(CODE, {"code": "12345"})

    assert f"{settings.SECOND_FACTOR_FAILURE_LIMIT - 1} more wrong codes pause" in (
        response.content.decode()
    )


def test_someone_with_an_authenticator_cannot_replace_it_before_the_code(client, leader):
    add_authenticator(leader)
    _password_step(client, leader.email)

    assert client.get(SETUP).url == CODE
    assert client.post(SETUP, {"code": "123456"}).url == CODE


def test_an_optional_role_may_turn_it_on_and_off(champion, required):
    client = fully_signed_in(Client(), champion)

    response = client.post(reverse("accounts:two_step_turn_off"))

    assert response.url == reverse("accounts:two_step")
    assert not TOTPDevice.objects.filter(user=champion).exists()
    assert client.get(HOME).status_code == 200
    assert SecurityEvent.objects.get().kind == SecurityEvent.Kind.TURNED_OFF


def test_another_session_is_let_on_once_it_is_turned_off(champion):
    other = Client()
    _password_step(other, champion.email)
    add_authenticator(champion)
    waiting = Client()
    _password_step(waiting, champion.email)
    assert waiting.get(HOME).url.startswith(CODE)

    fully_signed_in(Client(), champion).post(reverse("accounts:two_step_turn_off"))

    assert waiting.get(CODE).url == HOME
    assert waiting.get(HOME).status_code == 200
    assert other.get(HOME).status_code == 200


def test_a_required_role_cannot_turn_it_off(leader, required):
    client = fully_signed_in(Client(), leader)

    response = client.post(reverse("accounts:two_step_turn_off"), follow=True)

    assert "Your role requires two-step sign-in" in response.content.decode()
    assert TOTPDevice.objects.filter(user=leader).exists()


def test_the_leader_sets_the_policy_and_it_is_recorded(client_for, leader, slt, institution):
    client = client_for(leader)
    assert "Two-step sign-in is off" in client.get(HOME).content.decode()

    response = client.post(
        reverse("accounts:two_step_policy"), {"second_factor_policy": Policy.EVERYONE}
    )

    assert response.url == reverse("accounts:people")
    institution.refresh_from_db()
    assert institution.second_factor_policy == Policy.EVERYONE
    event = SecurityEvent.objects.get()
    assert (event.kind, event.by, event.institution) == (
        SecurityEvent.Kind.POLICY_CHANGED,
        leader,
        institution,
    )
    # From the next page on, people whose role now needs it are taken to set it up.
    assert client.get(HOME).url.startswith(SETUP)
    assert client_for(slt).get(HOME).url.startswith(SETUP)


def test_the_banner_is_gone_once_the_policy_is_on(leader, required):
    page = fully_signed_in(Client(), leader).get(HOME).content.decode()

    assert "Two-step sign-in is off" not in page


def _sessions_of(user) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]


def test_a_leaders_reset_is_recorded_emailed_and_ends_the_colleagues_sessions(
    leader, slt, institution, required, django_capture_on_commit_callbacks
):
    fully_signed_in(Client(), slt)
    StaticToken.objects.create(
        device=slt.staticdevice_set.create(name="Recovery codes"), token="abcdefghij"
    )
    assert _sessions_of(slt)
    membership = Membership.objects.get(user=slt)

    leader_client = fully_signed_in(Client(), leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(
            reverse("accounts:two_step_reset", args=[membership.pk]), follow=True
        )

    assert "two-step sign-in is reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=slt).exists()
    assert not StaticToken.objects.filter(device__user=slt).exists()
    assert _sessions_of(slt) == []
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.RESET)
    assert (event.user, event.by, event.institution) == (slt, leader, institution)
    assert event.notified_at is not None
    [email] = mail.outbox
    assert email.to == [slt.email]
    assert "reset" in email.subject
    assert str(leader) in email.body and institution.name in email.body
    # Next time, the password step leads to setting up again.
    client = Client()
    assert client.get(_password_step(client, slt.email).url).url.startswith(SETUP)


def test_a_leader_cannot_reset_their_own(leader, required):
    client = fully_signed_in(Client(), leader)
    own = Membership.objects.get(user=leader)

    response = client.post(reverse("accounts:two_step_reset", args=[own.pk]), follow=True)

    assert "You cannot reset your own two-step sign-in" in response.content.decode()
    assert "recovery codes" in response.content.decode()
    assert TOTPDevice.objects.filter(user=leader).exists()
    assert mail.outbox == []


def test_the_people_page_shows_who_has_it_and_offers_the_reset(client_for, leader, slt):
    add_authenticator(slt)
    slt_membership = Membership.objects.get(user=slt)

    page = client_for(leader).get(reverse("accounts:people")).content.decode()

    assert reverse("accounts:two_step_reset", args=[slt_membership.pk]) in page
    assert reverse("accounts:two_step_policy") in page


def test_a_superuser_resets_a_careers_leader_from_the_command_line(
    leader, required, django_capture_on_commit_callbacks
):
    add_authenticator(leader)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reset_two_step", leader.email.upper(), stdout=io.StringIO())

    assert not TOTPDevice.objects.filter(user=leader).exists()
    event = SecurityEvent.objects.get()
    assert (event.kind, event.by) == (SecurityEvent.Kind.RESET_BY_ADMIN, None)
    [email] = mail.outbox
    assert email.to == [leader.email]
    assert "Careers Portal support team" in email.body


def test_the_strictest_policy_of_several_memberships_applies(client_for, slt, institution):
    # SLT where it is off, governor where everyone must: the governor's school decides.
    strict = InstitutionFactory(second_factor_policy=Policy.EVERYONE)
    MembershipFactory(user=slt, institution=strict, role="governor")

    assert client_for(slt).get(HOME).url.startswith(SETUP)


def test_the_admin_always_requires_it(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/").url.startswith(SETUP)
    assert fully_signed_in(Client(), admin_user).get("/admin/").status_code == 200


def test_the_setup_shows_a_key_that_works_in_an_authenticator(client_for, leader):
    page = client_for(leader).get(SETUP)
    device = TOTPDevice.objects.get(user=leader, confirmed=False)

    assert _secret_on(page) == b32encode(device.bin_key).decode()
    assert "otpauth" not in page.content.decode()  # only in the QR code
