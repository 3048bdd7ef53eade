"""The action plan table, its filters and exports, and constant queries for the plan pages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.models import AnswerStatus, Benchmark, MaturityStatement
from careers_portal.spreadsheets import neutralise
from tests.benchmarks.factories import (
    MaturityResponseFactory,
    MaturityReviewFactory,
    SelfAssessmentFactory,
    answer_all,
    compass,
)
from tests.factories import MembershipFactory
from tests.plans.factories import (
    ActionFactory,
    MilestoneFactory,
    ObjectiveFactory,
    StrategicPlanFactory,
    SwotItemFactory,
)

COLUMNS = ["Objectives", "Actions, including CPD", "Responsible", "Time", "Outcomes", "Progress"]


@pytest.fixture
def table(plan, leader, champion):
    first = ObjectiveFactory(plan=plan, number=1, title="Leadership", outcomes="Clear ownership")
    second = ObjectiveFactory(plan=plan, number=2, title="Readiness")
    return {
        "late": ActionFactory(
            objective=first, description="Late one", due_date=dt.date(2026, 11, 1), owner=leader
        ),
        "cpd": ActionFactory(
            objective=first,
            description="Train staff",
            is_cpd=True,
            owner=champion,
            status="in_progress",
            progress_notes="Half the staff trained",
        ),
        "done": ActionFactory(
            objective=second,
            description="Finished",
            status="done",
            responsible="HR",
            due_date=dt.date(2026, 10, 1),
        ),
        "first": first,
        "second": second,
    }


def _rows(page: str) -> list[str]:
    return [name for name in ("Late one", "Train staff", "Finished") if name in page]


def test_it_shows_the_columns_of_the_hub_template(plan, table, governor, client_for):
    page = client_for(governor).get(reverse("plans:actions", args=[plan.pk])).content.decode()
    positions = [page.index(f'<th scope="col">{column}</th>') for column in COLUMNS]
    assert positions == sorted(positions)
    assert _rows(page) == ["Late one", "Train staff", "Finished"]
    assert "Half the staff trained" in page and "Clear ownership" in page
    assert "Overdue" in page and "CPD" in page
    assert 'data-label="Responsible"' in page  # readable at phone width


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "done"}, ["Finished"]),
        ({"overdue": "on"}, ["Late one"]),
        ({"owner": "champion"}, ["Train staff"]),
        ({"objective": "second"}, ["Finished"]),
    ],
)
def test_it_filters_by_owner_status_objective_and_overdue(
    plan, table, leader, champion, client_for, query, expected
):
    ids = {"champion": champion.pk, "second": table["second"].pk}
    params = {key: ids.get(value, value) for key, value in query.items()}
    page = client_for(leader).get(reverse("plans:actions", args=[plan.pk]), params)
    assert _rows(page.content.decode()) == expected


def test_it_says_when_nothing_matches_the_filter(plan, table, leader, client_for):
    page = (
        client_for(leader)
        .get(reverse("plans:actions", args=[plan.pk]), {"status": "blocked"})
        .content.decode()
    )
    assert "No action matches this filter." in page


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain text", "Plain text"),
        ("", ""),
        (None, None),
    ],
)
def test_it_neutralises_formulas(value, expected):
    assert neutralise(value) == expected


EXPORT_COLUMNS = [
    "Objectives",
    "Actions, including CPD",
    "Owner",
    "Responsible",
    "Time",
    "Outcomes",
    "Status",
    "RAG",
    "Progress",
    "Evidence",
]


def test_it_exports_the_table_as_csv_with_formulas_neutralised(plan, table, leader, client_for):
    ActionFactory(objective=table["first"], description="=cmd|' /C calc'!A0", responsible="@HR")
    response = client_for(leader).get(
        reverse("plans:actions_export", args=[plan.pk, "csv"]), {"objective": table["first"].pk}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == EXPORT_COLUMNS
    assert [row[1] for row in rows[1:]] == ["Late one", "Train staff (CPD)", "'=cmd|' /C calc'!A0"]
    assert rows[3][3] == "'@HR"
    late = dict(zip(EXPORT_COLUMNS, rows[1], strict=True))
    assert (late["Owner"], late["Time"], late["Status"], late["RAG"]) == (
        str(leader),
        "1 November 2026",
        "Not started",
        "Overdue",
    )


def _sheet_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_it_exports_the_table_as_xlsx_with_a_header_and_milestones(
    plan, table, leader, slt, governor, client_for
):
    from plans import services

    ActionFactory(objective=table["second"], description="+SUM(1,2)", responsible="HR")
    MilestoneFactory(objective=table["first"], title="=Leadership team in place", owner=leader)
    services.plan_approve_slt(plan=plan, by=slt)
    services.plan_approve_governors(plan=plan, by=governor)
    response = client_for(leader).get(reverse("plans:actions_export", args=[plan.pk, "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Action plan 2025-2028", "Milestones 2025-2028"]
    sheet = workbook["Action plan 2025-2028"]
    values = _sheet_rows(sheet)
    assert values[0][0] == plan.display_title
    assert values[1][0].startswith(str(plan.institution))
    assert values[2][0].startswith("Version 1 approved by Senior leadership team on")
    assert f"({governor})" in values[2][0]
    header = values.index(EXPORT_COLUMNS)
    rows = [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in values[header + 1 :]]
    assert rows[0]["Objectives"] == "1. Leadership"
    assert (rows[0]["Owner"], rows[0]["Status"], rows[0]["RAG"]) == (
        str(leader),
        "Not started",
        "Overdue",
    )
    summed = next(row for row in rows if row["Actions, including CPD"] == "'+SUM(1,2)")
    assert summed["Responsible"] == "HR"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    first = sheet.cell(row=header + 2, column=2)
    assert first.alignment.wrap_text
    rag = sheet.cell(row=header + 2, column=EXPORT_COLUMNS.index("RAG") + 1)
    assert rag.fill.fgColor.rgb.endswith("F6D7D2")  # red, as on the page

    milestones = _sheet_rows(workbook["Milestones 2025-2028"])
    assert milestones[0][0] == plan.display_title
    heading = milestones.index(["Objectives", "Milestone", "Owner", "Due", "Done on", "RAG"])
    assert milestones[heading + 1][:3] == [
        "1. Leadership",
        "'=Leadership team in place",
        str(leader),
    ]


def _benchmark_world(institution) -> dict:
    """A self-assessment with Compass figures and a maturity review with priorities."""
    assessment = SelfAssessmentFactory(institution=institution)
    answer_all(assessment, AnswerStatus.NOT_MET)
    compass(assessment, 1, 62)
    review = MaturityReviewFactory(institution=institution)
    responses = [
        MaturityResponseFactory(review=review, statement=statement, marking="priority")
        for statement in MaturityStatement.objects.all()[:3]
    ]
    return {"answers": list(assessment.answers.all()[:3]), "responses": responses}


def _fill(plan, institution, objectives: int, actions: int, sources: dict | None = None) -> None:
    people = [MembershipFactory(institution=institution).user for _ in range(3)]
    SwotItemFactory(plan=plan)
    linked = list(Benchmark.objects.filter(version=plan.benchmark_version)[:3])
    response = sources["responses"][-1] if sources else None
    answer = sources["answers"][0] if sources else None
    for number in range(1, objectives + 1):
        objective = ObjectiveFactory(plan=plan, number=number)
        objective.benchmarks.set(linked[: number % 4])
        for index in range(actions):
            ActionFactory(
                objective=objective,
                owner=people[index % 3],
                responsible="HR",
                from_maturity_response=response if index % 2 else None,
                from_criterion_answer=None if index % 2 else answer,
            )
        MilestoneFactory(objective=objective, owner=people[0])
        MilestoneFactory(objective=objective)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["plans:detail", "plans:actions", "plans:pdf"])
def test_it_runs_the_same_number_of_queries_for_a_small_and_a_large_plan(
    institution, leader, client_for, page
):
    small = StrategicPlanFactory(institution=institution, start_year=2025, end_year=2028)
    large = StrategicPlanFactory(institution=institution, start_year=2028, end_year=2031)
    _fill(small, institution, objectives=3, actions=4)
    _fill(large, institution, objectives=5, actions=40, sources=_benchmark_world(institution))
    client = client_for(leader)
    client.get(reverse(page, args=[small.pk]))  # warm the session and caches
    assert _count(client, reverse(page, args=[small.pk])) == _count(
        client, reverse(page, args=[large.pk])
    )


def test_it_counts_the_queries_of_the_document_and_table(institution, leader, client_for):
    plan = StrategicPlanFactory(institution=institution)
    _fill(plan, institution, objectives=5, actions=40, sources=_benchmark_world(institution))
    client = client_for(leader)
    client.get(reverse("plans:detail", args=[plan.pk]))
    # Session, user, membership, plan, objectives, their benchmarks, actions (with where they
    # came from), milestones, SWOT, reviews, the savepoints of ATOMIC_REQUESTS, then the live
    # figures: the latest self-assessment and its scores (5), the maturity priorities (2), and
    # the approvals with who was asked (2), the objectives' measures (1, plans/measures.py), and
    # the live figures (plans/live.py): the latest leavers' destinations (the year, whether any
    # are recorded, the records: 3 at most) and the academic year of the voice figures (1).
    assert _count(client, reverse("plans:detail", args=[plan.pk])) <= 25
    assert _count(client, reverse("plans:actions", args=[plan.pk])) <= 12
