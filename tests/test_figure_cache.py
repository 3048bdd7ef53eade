"""Figures kept between requests (careers_portal/figure_cache.py): read again after every kind of
committed write (the ORM, a QuerySet.update that sends no signal, raw SQL, a write in a
transaction), never across a day or an institution, and computed afresh when the cache is down."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.urls import reverse

from careers_portal import figure_cache
from careers_portal.dates import today
from careers_portal.figure_cache import remembered, writes_data
from careers_portal.insights import figures
from plans.models import Action
from tests.plans.factories import ActionFactory, ObjectiveFactory, StrategicPlanFactory


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "plans_action" ("description") VALUES (%s)', True),
        ('  update "plans_action" SET "status" = %s', True),
        ('DELETE FROM "encounters_attendance" WHERE "id" IN (%s)', True),
        ("WITH new AS (INSERT INTO schools_learner SELECT * FROM t RETURNING id) SELECT 1", True),
        ("WITH c AS (SELECT 1) UPDATE schools_learner SET year_group = 11", True),
        ("TRUNCATE schools_learner", True),
        ("CREATE TEMPORARY TABLE roll_staging (upn text)", True),
        ('SELECT "plans_action"."id" FROM "plans_action" FOR UPDATE', False),
        ("WITH counts AS (SELECT 1) SELECT * FROM counts", False),
        ("SAVEPOINT s1", False),
        ("ANALYZE schools_learner", False),
        # The sessions and the database cache change no figure.
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "careers_portal_cache" (cache_key) VALUES (%s)', False),
        ('DELETE FROM "careers_portal_cache" WHERE cache_key = %s', False),
        ('UPDATE "careers_portal_figure_cache" SET "value" = %s', False),
    ],
)
def test_it_knows_a_write_from_a_read(sql, writes, settings):
    # Without Redis the cache is a table (the production settings' fallback).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "careers_portal_cache",
        },
        "figures": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "careers_portal_figure_cache",
        },
    }
    assert writes_data(sql) is writes


def _version():
    return caches["figures"].get(figure_cache.VERSION_KEY)


@pytest.mark.django_db(transaction=True)
def test_each_kind_of_committed_write_changes_the_data_version(institution):
    objective = ObjectiveFactory(plan=StrategicPlanFactory(institution=institution), number=1)
    action = ActionFactory(objective=objective)
    seen = [_version()]

    def changed() -> bool:
        seen.append(_version())
        return seen[-1] != seen[-2]

    action.description = "Saved by the ORM"
    action.save()
    assert changed()
    Action.objects.filter(pk=action.pk).update(status="done")  # no signal is sent
    assert changed()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE plans_action SET status = 'not_started'")
    assert changed()
    with transaction.atomic():
        Action.objects.bulk_create([Action(objective=objective, description="Bulk", order=9)])
        assert not changed()  # not yet: nobody else can see it before the commit
    assert changed()
    try:
        with transaction.atomic():
            Action.objects.filter(pk=action.pk).delete()
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert not changed()  # a rolled-back write changed nothing
    assert Action.objects.filter(pk=action.pk).exists()
    Action.objects.count()
    assert not changed()  # a read changes nothing


def _counting():
    """A figure that says how many times it was worked out."""
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute


@pytest.mark.django_db(transaction=True)
def test_a_figure_is_kept_until_a_write_then_computed_again(institution):
    compute = _counting()
    day = today()
    key = ("test figure", institution.pk, day.isoformat())
    assert remembered(key, compute) == 1
    assert remembered(key, compute) == 1  # kept
    tomorrow = (day + dt.timedelta(days=1)).isoformat()
    assert remembered(("test figure", institution.pk, tomorrow), compute) == 2  # another day
    institution.name = "Renamed"
    institution.save()
    assert remembered(key, compute) == 3  # the data changed


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_wrote_reads_its_own_writes(institution):
    compute = _counting()
    key = ("test figure", institution.pk)
    remembered(key, compute)
    with transaction.atomic():
        assert remembered(key, compute) == 1  # nothing written yet: the kept figure
        institution.name = "Renamed"
        institution.save()
        assert remembered(key, compute) == 2
        assert remembered(key, compute) == 3  # never kept while the write is uncommitted


@pytest.mark.django_db(transaction=True)
def test_with_the_cache_down_figures_are_computed_and_it_is_left_alone_a_while(
    institution, monkeypatch
):
    asked = []
    warnings = []
    # Recorded at the logger itself: another test's logging setup may have turned loggers off.
    monkeypatch.setattr(figure_cache.logger, "warning", lambda *a, **k: warnings.append(a))

    def down(*args, **kwargs):
        asked.append(1)
        raise ConnectionError("cache down")

    cache = caches["figures"]
    monkeypatch.setattr(figure_cache, "_unreachable_until", 0.0)  # put back after the test
    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    monkeypatch.setattr(cache, "add", down)
    values = iter(range(10))
    assert remembered(("x",), lambda: next(values)) == 0
    assert remembered(("x",), lambda: next(values)) == 1
    institution.save()  # a write still succeeds when the version cannot be changed
    # One try, one warning: not a timeout for every statement and read while it is down.
    assert len(asked) == 1
    assert len(warnings) == 1 and "figure cache" in warnings[0][0]
    later = time.monotonic() + figure_cache.UNREACHABLE_SECONDS + 1
    monkeypatch.setattr(figure_cache.time, "monotonic", lambda: later)
    assert remembered(("x",), lambda: next(values)) == 2
    assert len(asked) == 2  # tried again after the pause


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_is_kept_and_shows_a_write_on_the_next_read(
    institution, slt, client_for, monkeypatch
):
    objective = ObjectiveFactory(plan=StrategicPlanFactory(institution=institution), number=1)
    ActionFactory(objective=objective, status="done", due_date=today())
    waiting = ActionFactory(objective=objective, due_date=today() + dt.timedelta(days=30))
    computed = []
    compute = figures._dashboard
    monkeypatch.setattr(
        figures, "_dashboard", lambda *a, **k: computed.append(1) or compute(*a, **k)
    )
    client = client_for(slt)
    client.get(reverse("insights:dashboard"))  # the day's first read keeps coverage: a write
    computed.clear()

    assert "50% of actions done" in client.get(reverse("insights:dashboard")).content.decode()
    assert "50% of actions done" in client.get(reverse("insights:dashboard")).content.decode()
    assert len(computed) == 1  # the second read was the kept figures
    Action.objects.filter(pk=waiting.pk).update(status="done")

    assert "100% of actions done" in client.get(reverse("insights:dashboard")).content.decode()
    assert len(computed) == 2


@pytest.mark.django_db(transaction=True)
def test_kept_figures_never_cross_institutions_or_suppression(institution, other_institution):
    day = today()
    ours = figures.dashboard(institution, day, suppress=False)
    assert figures.dashboard(institution, day, suppress=False).institution == institution
    assert figures.dashboard(other_institution, day, suppress=False).institution == (
        other_institution
    )
    assert figures.dashboard(institution, day, suppress=True).suppress is True
    assert ours.suppress is False


@pytest.mark.django_db(transaction=True)
def test_a_figure_whose_working_out_wrote_is_not_kept_until_that_commits(institution):
    calls = []

    def compute_and_write():
        calls.append(1)
        institution.save()  # e.g. the day's first coverage count
        return len(calls)

    with transaction.atomic():
        assert remembered(("wrote",), compute_and_write) == 1
        transaction.set_rollback(True)  # the write never happened: nor may its figure stay
    assert remembered(("wrote",), lambda: "computed again") == "computed again"


@pytest.mark.django_db(transaction=True)
def test_a_database_cache_that_fails_leaves_the_request_transaction_usable(institution, settings):
    # The figures cache's table is missing: its query fails inside the request's transaction.
    settings.CACHES = {
        **settings.CACHES,
        "figures": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        },
    }
    with transaction.atomic():
        assert remembered(("x",), lambda: "computed") == "computed"
        assert Action.objects.count() == 0  # the transaction still answers


@pytest.mark.django_db(transaction=True)
def test_a_write_that_cannot_be_said_at_once_is_said_by_the_next_statement(
    institution, monkeypatch
):
    # SQLite with the database cache (make run): not from inside the write's own statement.
    monkeypatch.setattr(figure_cache, "_can_say_at_once", lambda connection: False)
    before = _version()
    Action.objects.update(status="done")  # one statement (a save would add a history row)
    assert _version() == before  # not yet
    Action.objects.count()  # the next statement on the connection
    assert _version() != before


@pytest.mark.django_db(transaction=True)
def test_a_write_left_unsaid_is_said_before_a_figure_is_read(institution, monkeypatch):
    monkeypatch.setattr(figure_cache, "_can_say_at_once", lambda connection: False)
    values = iter(range(10))
    assert remembered(("x",), lambda: next(values)) == 0
    institution.save()
    assert remembered(("x",), lambda: next(values)) == 1  # said, then worked out again


@pytest.mark.django_db(transaction=True)
def test_a_change_made_while_the_cache_was_unreachable_is_told_before_the_next_read(
    institution, monkeypatch
):
    values = iter(range(10))
    assert remembered(("owed",), lambda: next(values)) == 0
    assert remembered(("owed",), lambda: next(values)) == 0  # kept
    monkeypatch.setattr(figure_cache, "_unreachable_until", time.monotonic() + 60)
    institution.save()  # committed while the version cannot be changed
    monkeypatch.setattr(figure_cache, "_unreachable_until", 0.0)

    assert remembered(("owed",), lambda: next(values)) == 1  # the owed change told first
    assert remembered(("owed",), lambda: next(values)) == 1
