"""The plan document, the dashboards, the governors' questions, the programme journey and the
destinations summary ask the same number of SQL queries for the demo school at 10 learners and
topped up to 300 (as `make bench` does at 100, 2,000 and 20,000), each within a ceiling."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import Institution
from plans.demo import demo_plan

TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.I)

# The page, who asks for it, and the most queries it may ask (a few above today's count).
PAGES = [
    ("plan document", Role.SLT, lambda i: reverse("plans:detail", args=[demo_plan(i).pk]), 45),
    ("careers dashboard", Role.SLT, lambda i: reverse("insights:dashboard"), 41),
    ("careers dashboard", Role.GOVERNOR, lambda i: reverse("insights:dashboard"), 41),
    ("governors' questions", Role.GOVERNOR, lambda i: reverse("insights:questions"), 28),
    (
        "careers programme journey",
        Role.CAREERS_LEADER,
        lambda i: reverse("encounters:programme"),
        17,
    ),
    ("destinations of leavers", Role.SLT, lambda i: reverse("destinations:summary"), 16),
]


def _client(institution, role) -> Client:
    membership = Membership.objects.for_institution(institution).active().filter(role=role).first()
    client = Client()
    client.force_login(membership.user)
    client.get(reverse("home"))  # the first request records the institution in the session
    return client


def _counts(institution) -> list[int]:
    counts = []
    for _label, role, url, _ceiling in PAGES:
        client = _client(institution, role)
        client.get(url(institution))  # the first read of a day may keep figures (kept coverage)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(institution)).status_code == 200
        counts.append(
            sum(1 for q in queries.captured_queries if not TRANSACTION_CONTROL.match(q["sql"]))
        )
    return counts


def test_the_figure_pages_ask_as_many_queries_at_300_learners_as_at_10(db):
    call_command("seed_demo", learners=10, verbosity=0)
    institution = Institution.objects.get()
    small = _counts(institution)
    call_command("seed_demo", learners=300, verbosity=0)  # tops the same school up
    medium = _counts(institution)

    assert medium == small
    for (label, role, _url, ceiling), count in zip(PAGES, medium, strict=True):
        assert count <= ceiling, f"{label} as {role}: {count} queries"
