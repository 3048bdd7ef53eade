"""What applying the roll writes: the same learners and history rows on PostgreSQL (COPY into a
staging table, then set-wise SQL) as through the ORM (SQLite, `make run`), in a fixed number of
queries whatever the rows, with the same messages for wrong rows as the model's own validation.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalRecords

from careers_portal.schools import learner_import
from careers_portal.schools.models import Learner
from tests.factories import LearnerFactory, UserFactory
from tests.schools.test_learner_import import upn

TODAY = dt.date(2026, 11, 22)
HEADER = "UPN,Legal Surname,Legal Forename,DOB,Year,Reg,SEN Status,Pupil Premium Indicator"


def _file(rows: list[str]):
    dataset = learner_import.read(("\r\n".join([HEADER, *rows]) + "\r\n").encode(), "csv")
    return dataset


def _apply(institution, rows: list[str], **options):
    dataset = _file(rows)
    mapping = learner_import.suggested_mapping(institution, dataset.headers)
    return learner_import.apply(
        institution=institution, dataset=dataset, mapping=mapping, today=TODAY, **options
    )


def _roll(institution) -> list[tuple]:
    """Every learner as stored, by UPN."""
    return sorted(
        Learner.objects.for_institution(institution).values_list(
            "upn",
            "first_name",
            "last_name",
            "date_of_birth",
            "year_group",
            "reg_group",
            "send",
            "disadvantaged",
            "date_of_leaving",
        )
    )


def _history(institution) -> list[tuple]:
    return sorted(
        Learner.history.filter(institution=institution).values_list(
            "upn", "history_type", "year_group", "date_of_leaving", "history_user_id"
        ),
        key=lambda row: tuple(str(v) for v in row),
    )


@pytest.fixture
def roll(institution):
    """Four learners on roll and one who left last year."""
    kept = LearnerFactory(
        institution=institution,
        upn=upn(1),
        first_name="Zoë",
        last_name="Ngũgĩ",
        year_group=9,
        date_of_birth=dt.date(2012, 3, 14),
        reg_group="9AB",
    )
    moving = LearnerFactory(
        institution=institution, upn=upn(2), first_name="Jack", last_name="Smith", year_group=9
    )
    leaving = LearnerFactory(institution=institution, upn=upn(3), year_group=11)
    returning = LearnerFactory(
        institution=institution,
        upn=upn(4),
        first_name="Amy",
        last_name="Jones",
        year_group=10,
        date_of_leaving=dt.date(2026, 7, 20),
    )
    Learner.history.all().delete()  # only the import's rows are compared below
    return kept, moving, leaving, returning


FILE = [
    # unchanged, moving up a year with new flags, back on roll, and two newcomers
    f"{upn(1)},Ngũgĩ,Zoë,14/03/2012,Year 9,9AB,N,N",
    f"{upn(2)},Smith,Jack,,Year 10,10CD,K,Y",
    f"{upn(4)},Jones,Amy,,10,10AB,N,N",
    f"{upn(5)},O'Brien,Siobhán,01/09/2011,Y10,10AB,E,N",
    f'{upn(6)},"=HYPERLINK(""x"")","Tab\tand, comma",,7,7A,N,Y',
]


def _expected(institution, roll, user_id):
    leaving = roll[2]
    return (
        sorted(
            [
                (upn(1), "Zoë", "Ngũgĩ", dt.date(2012, 3, 14), 9, "9AB", "N", False, None),
                (upn(2), "Jack", "Smith", None, 10, "10CD", "K", True, None),
                (
                    upn(3),
                    leaving.first_name,
                    leaving.last_name,
                    leaving.date_of_birth,
                    11,
                    leaving.reg_group,
                    leaving.send,
                    leaving.disadvantaged,
                    TODAY,
                ),
                (upn(4), "Amy", "Jones", None, 10, "10AB", "N", False, None),
                (upn(5), "Siobhán", "O'Brien", dt.date(2011, 9, 1), 10, "10AB", "E", False, None),
                (upn(6), "Tab\tand, comma", '=HYPERLINK("x")', None, 7, "7A", "N", True, None),
            ]
        ),
        sorted(
            [
                (upn(2), "~", 10, None, user_id),
                (upn(3), "~", 11, TODAY, user_id),
                (upn(4), "~", 10, None, user_id),
                (upn(5), "+", 10, None, user_id),
                (upn(6), "+", 7, None, user_id),
            ],
            key=lambda row: tuple(str(v) for v in row),
        ),
    )


def test_it_writes_the_learners_and_their_history(institution, roll):
    report = _apply(institution, FILE, mark_left=True)

    assert not report.has_errors
    assert (report.new, report.updated, report.unchanged) == (2, 2, 1)
    assert (_roll(institution), _history(institution)) == _expected(institution, roll, None)
    # The report's new learners carry their ids, as bulk_create sets them.
    new = {row.learner.upn: row.learner.pk for row in report.rows if row.outcome == "new"}
    assert new == dict(Learner.objects.filter(upn__in=[upn(5), upn(6)]).values_list("upn", "pk"))


def test_the_history_names_the_signed_in_user(institution, roll):
    user = UserFactory()
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        _apply(institution, FILE, mark_left=True)
    finally:
        del HistoricalRecords.context.request

    assert _history(institution) == _expected(institution, roll, user.pk)[1]


# Each write path that this database runs: both on PostgreSQL, the ORM's alone elsewhere.
WRITERS = ["_write_by_orm"] + (["_write_set_wise"] if connection.vendor == "postgresql" else [])


@pytest.mark.parametrize("writer", WRITERS)
def test_each_write_path_writes_the_same(institution, roll, monkeypatch, writer):
    monkeypatch.setattr(learner_import, "_writer", lambda: getattr(learner_import, writer))
    with CaptureQueriesContext(connection) as captured:
        _apply(institution, FILE, mark_left=True)

    assert (_roll(institution), _history(institution)) == _expected(institution, roll, None)
    assert ("learner_import_rows" in str(captured.captured_queries)) == (
        writer == "_write_set_wise"
    )


def test_the_queries_do_not_grow_with_the_rows(institution):
    def queries(count: int, offset: int) -> int:
        rows = [f"{upn(offset + n)},Surname{n},Forename{n},,Year 10,10A,N,N" for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            report = _apply(institution, rows)
        assert report.new == count
        return len(captured)

    queries(2, 100)  # the first import also creates the kept coverage counts' row
    assert queries(3, 200) == queries(60, 300)


def test_a_value_too_long_gets_the_models_message(institution):
    report = _apply(institution, [f"{upn(1)},{'x' * 101},Ann,,10,{'R' * 21},N,N"])

    (row,) = report.rows
    assert row.errors == [
        "Last name: Ensure this value has at most 100 characters (it has 101).",
        "Registration group: Ensure this value has at most 20 characters (it has 21).",
    ]
    assert not Learner.objects.exists()


def test_a_big_import_refreshes_the_statistics_once_it_has_committed(
    institution, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(learner_import, "ANALYSE_AFTER_ROWS", 2)
    rows = [f"{upn(400 + n)},Surname{n},Forename{n},,Year 10,10A,N,N" for n in range(3)]
    with (
        CaptureQueriesContext(connection) as applying,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        _apply(institution, rows)
    assert not [q for q in applying if q["sql"].startswith("ANALYZE")]
    assert learner_import.analyse_learner_tables in callbacks

    with CaptureQueriesContext(connection) as after:
        learner_import.analyse_learner_tables()
    tables = ['"schools_learner"', '"schools_historicallearner"']
    expected = (
        [f"ANALYZE {', '.join(tables)}"]
        if connection.vendor == "postgresql"
        else [f"ANALYZE {table}" for table in tables]
    )
    assert [q["sql"] for q in after] == expected


def test_a_small_import_leaves_the_statistics_to_autovacuum(
    institution, django_capture_on_commit_callbacks
):
    rows = [f"{upn(500 + n)},Surname{n},Forename{n},,Year 10,10A,N,N" for n in range(3)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _apply(institution, rows)
    assert learner_import.analyse_learner_tables not in callbacks
