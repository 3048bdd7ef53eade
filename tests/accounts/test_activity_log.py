"""The activity log: wrong passwords, pauses, refused pages and every look at learners' data."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from careers_portal.accounts.models import SecurityEvent
from tests.factories import LearnerFactory, shows_learner

Kind = SecurityEvent.Kind


def _log(client):
    return client.get(reverse("accounts:activity")).content.decode()


def test_a_wrong_password_is_logged_without_the_password(client, client_for, leader):
    client.post(
        reverse("accounts:login"), {"username": leader.email.upper(), "password": "s3cret!x"}
    )
    event = SecurityEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert event.user == leader and event.address == "127.0.0.1"
    assert "s3cret" not in str(vars(event))
    page = _log(client_for(leader))
    assert "Wrong password" in page and "s3cret" not in page


def test_a_wrong_password_for_no_account_is_kept_for_superusers_only(client, client_for, leader):
    client.post(reverse("accounts:login"), {"username": "Nobody@School.test", "password": "x"})
    event = SecurityEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert event.user is None and event.detail == "nobody@school.test"
    assert "nobody@school.test" not in _log(client_for(leader))


def test_a_pause_is_logged(client, leader):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"), {"username": leader.email, "password": f"no{attempt}"}
        )
    assert SecurityEvent.objects.filter(kind=Kind.SIGN_IN_PAUSED, user=leader).exists()


def test_a_refused_page_is_logged(client_for, champion, leader):
    assert client_for(champion).get(reverse("accounts:invite")).status_code == 403
    event = SecurityEvent.objects.get(kind=Kind.PERMISSION_REFUSED)
    assert event.user == champion and event.path == reverse("accounts:invite")
    assert "Refused a page their role does not allow" in _log(client_for(leader))


def test_every_look_at_a_learners_record_is_logged(client_for, leader, institution):
    learner = LearnerFactory(institution=institution, year_group=10)
    client = client_for(leader)
    client.get(reverse("encounters:learner_record", args=[learner.pk]))
    client.get(reverse("encounters:not_covered") + "?benchmark=8&year_group=10")
    details = list(
        SecurityEvent.objects.filter(kind=Kind.LEARNER_VIEWED).values_list("detail", flat=True)
    )
    assert f"Careers record of learner {learner.pk}" in details
    assert "Learners not covered for benchmark 8, Year 10" in details
    # The log names the record, never the learner's details.
    assert not shows_learner(_log(client), learner)


def test_the_log_is_the_institutions_own_and_filtered(client_for, leader, outsider):
    client_for(outsider).get(reverse("encounters:guidance"))
    client_for(leader).get(reverse("encounters:guidance"))
    page = _log(client_for(leader))
    assert page.count("Guidance meetings") == 1
    only_refusals = client_for(leader).get(
        reverse("accounts:activity") + "?kind=permission_refused"
    )
    assert "Nothing of this kind has been recorded yet" in only_refusals.content.decode()
