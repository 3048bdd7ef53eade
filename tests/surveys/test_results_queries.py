"""The results page asks the same number of queries whatever the number of answers, and the
pages `make bench` measures for surveys answer as the bench expects."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import pages
from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import Institution
from surveys import services
from surveys.models import Invitation
from tests.factories import LearnerFactory
from tests.surveys.factories import a_survey, answer_every_kind

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_results_page_query_count_does_not_grow(institution, leader, client_for):
    survey = a_survey(institution, key="readiness-ks4")
    LearnerFactory.create_batch(8, institution=institution, year_group=10)
    services.invite_learners(survey=survey, year_group=10)
    invitations = list(Invitation.objects.filter(survey=survey))
    for invitation in invitations[:2]:
        answer_every_kind(survey, 4, 1, invitation=invitation)
    client = client_for(leader)
    url = reverse("surveys:results", args=[survey.pk])
    few = _queries(client, url)
    LearnerFactory.create_batch(30, institution=institution, year_group=11, send="K")
    services.invite_learners(survey=survey, year_group=11)
    LearnerFactory.create_batch(10, institution=institution, year_group=11, disadvantaged=True)
    services.invite_learners(survey=survey, year_group=11)
    for value, invitation in enumerate(Invitation.objects.filter(used_at=None)):
        answer_every_kind(survey, value % 5 + 1, value, invitation=invitation)
    assert survey.responses.count() == 48
    assert _queries(client, url) == few
    staff = a_survey(institution, key="baseline-staff")
    url = reverse("surveys:results", args=[staff.pk])
    answer_every_kind(staff, 4, 0, text="More visits")
    few = _queries(client, url)
    for n in range(30):
        answer_every_kind(staff, n % 5 + 1, n, text=f"Idea {n}")
    assert _queries(client, url) == few


def test_the_bench_pages_answer_on_the_demo_school(db):
    call_command("seed_demo", learners=300, stdout=io.StringIO())
    institution = Institution.objects.get()
    leader = Membership.objects.get(institution=institution, role=Role.CAREERS_LEADER).user
    for page in [p for p in pages.PAGES if p.url_name.startswith("surveys:")]:
        client = Client()
        if page.role is not None:
            client.force_login(leader)
        path = reverse(page.url_name, kwargs=page.kwargs(institution))
        if page.method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, page.data(institution))
        assert response.status_code == page.status, page.label
        if page.note:
            assert "answers" in page.note(institution)
