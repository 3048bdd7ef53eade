"""Anonymising a learner (now, or by the nightly retention job): nothing names them again."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.urls import reverse

from careers_portal.schools import services
from careers_portal.schools.models import Learner
from tests.factories import LearnerFactory


def test_it_scrubs_the_learner_and_every_history_row(institution):
    learner = LearnerFactory(institution=institution, first_name="Zoë", last_name="Secret")
    learner.reg_group = "10AB"
    learner.save()

    services.learner_anonymise(learner=learner)

    learner.refresh_from_db()
    assert learner.anonymised_at is not None
    assert (learner.upn, learner.reg_group, learner.year_group) == ("", "", 9)
    names = set(Learner.history.filter(id=learner.pk).values_list("last_name", flat=True))
    assert "Secret" not in names
    assert not Learner.history.filter(id=learner.pk).exclude(upn="").exists()


def test_the_leader_confirms_before_anonymising(leader, client_for, institution):
    learner = LearnerFactory(institution=institution, last_name="Secret")
    client = client_for(leader)
    url = reverse("learners:anonymise", args=[learner.pk])

    assert "cannot be undone" in client.get(url).content.decode()
    assert client.post(url).status_code == 302

    learner.refresh_from_db()
    assert learner.anonymised_at is not None
    assert client.get(url).status_code == 404  # nothing left to anonymise


def test_retention_anonymises_only_those_past_the_period_and_is_idempotent(institution, settings):
    settings.LEARNER_RETENTION_YEARS = 6
    today = dt.date.today()  # noqa: DTZ011 - the command uses the (possibly moved) local date
    old = LearnerFactory(
        institution=institution, date_of_leaving=today - dt.timedelta(days=7 * 366)
    )
    recent = LearnerFactory(institution=institution, date_of_leaving=today - dt.timedelta(days=365))

    call_command("apply_retention", "--dry-run")
    old.refresh_from_db()
    assert old.anonymised_at is None

    call_command("apply_retention")
    call_command("apply_retention")

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None and recent.anonymised_at is None
    assert services.learners_apply_retention(today=today, years=6) == 0


def test_the_nightly_job_is_in_the_one_beat_schedule():
    from careers_portal.celery import app

    assert any(
        entry["task"] == "schools.apply_retention" for entry in app.conf.beat_schedule.values()
    )
