"""Inviting people: learners by year or registration group, emails sent once, links downloaded."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from surveys import services
from surveys.models import Invitation
from surveys.tasks import send_invitation
from tests.factories import LearnerFactory
from tests.surveys.factories import a_survey

pytestmark = pytest.mark.django_db


def test_an_email_invitation_task_run_twice_sends_once(institution):
    survey = a_survey(institution, key="baseline-parents")
    result = services.invite_emails(survey=survey, lines="Sam Jones, sam@example.com", send=False)
    assert result.created == 1
    invitation = Invitation.objects.get()
    assert send_invitation(invitation.pk) is True
    assert send_invitation(invitation.pk) is False
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert mail.outbox[0].to == ["sam@example.com"]


def test_inviting_by_email_sends_after_commit_and_lists_bad_lines(
    institution, leader, client_for, django_capture_on_commit_callbacks
):
    survey = a_survey(institution, key="baseline-parents", by=leader)
    client = client_for(leader)
    url = reverse("surveys:invite_emails", args=[survey.pk])
    lines = "Sam Jones, sam@example.com\nnot an address\nkim@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"lines": lines})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Line 2 (not an address) has no valid email address." in body
    assert "not an address" in body  # what was typed comes back
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"lines": "sam@example.com"})
    assert len(mail.outbox) == 2  # never twice to one invitee
    assert Invitation.objects.filter(survey=survey).count() == 2


def test_it_invites_a_year_group_once_and_copies_the_cohort(institution, leader, client_for):
    survey = a_survey(institution, key="readiness-ks4", by=leader)
    LearnerFactory.create_batch(3, institution=institution, year_group=10, reg_group="10A")
    LearnerFactory(institution=institution, year_group=10, reg_group="10B", disadvantaged=True)
    LearnerFactory(institution=institution, year_group=11)
    client = client_for(leader)
    client.post(reverse("surveys:invite_learners", args=[survey.pk]), {"year_group": "10"})
    client.post(reverse("surveys:invite_learners", args=[survey.pk]), {"year_group": "10"})
    assert Invitation.objects.filter(survey=survey).count() == 4
    assert Invitation.objects.get(learner__reg_group="10B").disadvantaged is True
    sheet = client.get(reverse("surveys:links", args=[survey.pk]) + "?group=10A")
    assert sheet.content.decode().count('class="link-slip"') == 3
    assert "<svg" in sheet.content.decode()  # a QR code per link
    download = client.get(reverse("surveys:links_csv", args=[survey.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:5] == ["Name", "Email", "Year group", "Registration group", "Link"]
    assert len(rows) == 5
    assert all("/surveys/answer/" in row[4] for row in rows[1:])


def test_inviting_nobody_says_what_to_choose(institution, leader, client_for):
    survey = a_survey(institution, key="readiness-ks4", by=leader)
    page = client_for(leader).post(reverse("surveys:invite_learners", args=[survey.pk]), {})
    assert "Choose a year group or type a registration group." in page.content.decode()


def test_another_institutions_survey_is_not_found(
    institution, other_institution, leader, client_for
):
    survey = a_survey(other_institution)
    client = client_for(leader)
    for name in ["detail", "invite", "results", "links", "links_csv"]:
        assert client.get(reverse(f"surveys:{name}", args=[survey.pk])).status_code == 404


def test_an_anonymised_learner_is_named_by_no_invitation(institution, leader, client_for):
    from careers_portal.schools.services import learner_anonymise

    survey = a_survey(institution, key="readiness-ks4", by=leader)
    learner = LearnerFactory(
        institution=institution, year_group=10, first_name="Ottoline", reg_group="10C"
    )
    services.invite_learners(survey=survey, year_group=10)
    client = client_for(leader)
    assert "Ottoline" in client.get(reverse("surveys:links", args=[survey.pk])).content.decode()
    learner_anonymise(learner=learner)
    sheet = client.get(reverse("surveys:links", args=[survey.pk])).content.decode()
    download = client.get(reverse("surveys:links_csv", args=[survey.pk])).content.decode()
    assert "Ottoline" not in sheet and "Ottoline" not in download and "10C" not in download
    assert f"Anonymised learner {learner.pk}" in sheet
    assert not Invitation.objects.filter(name__icontains="Ottoline").exists()
