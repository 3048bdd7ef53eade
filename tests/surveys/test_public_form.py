"""The public form: answered by a single-use link, without an account."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from careers_portal.dates import today
from surveys import services
from surveys.models import Answer, Invitation, Question, Response
from tests.factories import LearnerFactory
from tests.surveys.factories import a_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(institution):
    survey = a_survey(institution, key="baseline-parents")
    return survey


@pytest.fixture
def invitation(survey):
    services.invite_emails(survey=survey, lines="Sam Jones, sam@example.com", send=False)
    return Invitation.objects.get(survey=survey)


def _pages(survey):
    return [s for s in survey.sections.all() if s.questions.exists()]


def _answers_for(section, value="4"):
    data = {}
    for q in section.questions.all():
        if q.kind == Question.Kind.AGREEMENT:
            data[f"q{q.pk}"] = value
        elif q.kind == Question.Kind.TEXT:
            data[f"q{q.pk}"] = "More talks from local employers, please."
    return data


def _answer_all(client, url, survey, **extra):
    response = None
    for number, section in enumerate(_pages(survey), start=1):
        response = client.post(f"{url}?page={number}", {**_answers_for(section), **extra})
    return response


def test_it_saves_a_response_whole_after_the_last_page(survey, invitation):
    client = Client()
    url = reverse("surveys:answer", args=[invitation.token])
    first = client.get(url)
    assert first.status_code == 200
    assert "Page 1 of 3" in first.content.decode()
    pages = _pages(survey)
    client.post(f"{url}?page=1", _answers_for(pages[0]))
    assert Response.objects.count() == 0  # nothing is saved before the last page
    client.post(f"{url}?page=2", _answers_for(pages[1]))
    last = client.post(f"{url}?page=3", _answers_for(pages[2]))
    assert last.status_code == 302 and last["Location"] == reverse("surveys:thanks")
    response = Response.objects.get()
    assert response.invitation is None and response.learner is None  # anonymous
    assert (
        Answer.objects.filter(response=response).count()
        == Question.objects.filter(section__survey=survey).count()
    )
    again = client.get(url)
    assert "This link has been used" in again.content.decode()


def test_it_keeps_what_was_typed_on_a_validation_error(survey, invitation):
    client = Client()
    url = reverse("surveys:answer", args=[invitation.token])
    section = _pages(survey)[0]
    questions = list(section.questions.all())
    data = _answers_for(section)
    del data[f"q{questions[1].pk}"]
    page = client.post(f"{url}?page=1", data)
    assert page.status_code == 400
    body = page.content.decode()
    assert "Choose how far you agree." in body
    assert f'name="q{questions[0].pk}" value="4"' in body and "checked" in body
    assert Response.objects.count() == 0


def test_a_honeypot_submission_saves_nothing(survey, invitation):
    client = Client()
    url = reverse("surveys:answer", args=[invitation.token])
    last = _answer_all(client, url, survey, website="http://spam.example")
    assert last["Location"] == reverse("surveys:thanks")
    assert Response.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_an_unknown_token_gets_a_clear_page(db):
    page = Client().get(reverse("surveys:answer", args=["no-such-token"]))
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_a_closed_survey_says_so(survey, invitation):
    from surveys.models import Survey

    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today().replace(year=today().year - 1),
        closes_on=today().replace(year=today().year - 1),
    )
    page = Client().get(reverse("surveys:answer", args=[invitation.token]))
    assert "This survey has closed" in page.content.decode()


def test_a_link_answered_twice_saves_one_response(survey, invitation):
    survey_answers = {
        q.pk: {"number": 5}
        for q in Question.objects.filter(section__survey=survey, kind=Question.Kind.AGREEMENT)
    }
    services.response_submit(
        survey=survey, answers=survey_answers, invitation=invitation, today=today()
    )
    with pytest.raises(services.LinkUnusable):
        services.response_submit(
            survey=survey, answers=survey_answers, invitation=invitation, today=today()
        )
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_link_answered_twice_at_the_same_moment_saves_one_response(institution):
    survey = a_survey(institution, key="baseline-staff")
    services.invite_emails(survey=survey, lines="a@example.com", send=False)
    # Both submissions hold the invitation as they read it, unused, before either saved.
    invitation = Invitation.objects.get(survey=survey)
    answers = {
        q.pk: {"number": 4}
        for q in Question.objects.filter(section__survey=survey, kind=Question.Kind.AGREEMENT)
    }
    outcomes = []

    def submit(barrier=None):
        try:
            if barrier:
                barrier.wait()
            services.response_submit(
                survey=survey, answers=answers, invitation=invitation, today=today()
            )
            outcomes.append("saved")
        except services.LinkUnusable:
            outcomes.append("used")
        finally:
            if barrier:
                connection.close()

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=submit, args=(barrier,)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        # The test database of SQLite is one in-memory connection: threads cannot race on it,
        # so the two submissions interleave as a race would (both read the link unused first).
        submit()
        submit()
    assert sorted(outcomes) == ["saved", "used"]
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_public_form_shows_no_learner_data(institution):
    survey = a_survey(institution, key="readiness-ks4")
    learner = LearnerFactory(institution=institution, year_group=10, first_name="Zebedee")
    other = LearnerFactory(institution=institution, year_group=10, first_name="Quentina")
    services.invite_learners(survey=survey, year_group=10)
    invitation = Invitation.objects.get(learner=learner)
    body = Client().get(reverse("surveys:answer", args=[invitation.token])).content.decode()
    assert "Zebedee" not in body and "Quentina" not in body and other.last_name not in body
    assert "kept with your name" in body  # a linked survey says so


def test_a_linked_learner_survey_keeps_the_learner(institution):
    survey = a_survey(institution, key="readiness-ks4")
    learner = LearnerFactory(institution=institution, year_group=10)
    services.invite_learners(survey=survey, year_group=10)
    invitation = Invitation.objects.get(learner=learner)
    client = Client()
    url = reverse("surveys:answer", args=[invitation.token])
    for number, section in enumerate(_pages(survey), start=1):
        data = {}
        for q in section.questions.all():
            if q.kind == Question.Kind.AGREEMENT:
                data[f"q{q.pk}"] = "5"
            elif q.kind == Question.Kind.SINGLE:
                data[f"q{q.pk}"] = q.choices[0]
        client.post(f"{url}?page={number}", data)
    response = Response.objects.get()
    assert response.learner == learner and response.year_group == 10


def test_an_anonymous_learner_response_keeps_only_year_and_cohort(institution):
    survey = a_survey(institution, key="baseline-learners")
    learner = LearnerFactory(institution=institution, year_group=9, disadvantaged=True)
    services.invite_learners(survey=survey, year_group=9)
    invitation = Invitation.objects.get(learner=learner)
    client = Client()
    url = reverse("surveys:answer", args=[invitation.token])
    _answer_all(client, url, survey)
    response = Response.objects.get()
    assert response.learner is None and response.invitation is None
    assert (response.year_group, response.disadvantaged) == (9, True)


def test_the_open_link_is_rate_limited_per_address(survey, settings, monkeypatch):
    from surveys import views_public

    monkeypatch.setattr(views_public, "SUBMITS_PER_WINDOW", 2)
    services.open_link_set(survey=survey, on=True)
    url = reverse("surveys:answer_open", args=[survey.open_token])
    for _ in range(2):
        _answer_all(Client(), url, survey)
    blocked = _answer_all(Client(), url, survey)
    assert blocked.status_code == 429
    assert "Please try again later" in blocked.content.decode()
    assert Response.objects.filter(survey=survey, via_open_link=True).count() == 2
