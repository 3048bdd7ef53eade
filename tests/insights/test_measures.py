"""Measurable objectives: live values from a baseline to a target, on the plan through plans'
extension point; the plan works the same with no provider registered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from careers_portal.insights.measures import Current, line_for, plan_measures
from careers_portal.insights.models import Measure
from encounters import kept
from plans import measures as extension
from tests.plans.factories import ObjectiveFactory, StrategicPlanFactory


def _measure(objective, **fields) -> Measure:
    defaults = {
        "kind": Measure.Kind.COVERAGE,
        "benchmark": 5,
        "year_group": 10,
        "baseline_value": Decimal(42),
        "baseline_date": dt.date(2025, 10, 1),
        "target": Decimal(80),
    }
    return Measure.objects.create(objective=objective, **{**defaults, **fields})


def test_it_says_where_a_measure_started_where_it_is_and_its_target(school):
    measure = _measure(school["objective"])
    line = line_for(measure, Current(71))
    assert line.text == "from 42% (October 2025) to 71% now, target 80%"
    assert line.status == "Moving towards the target"
    assert line_for(measure, Current(85)).status == "Target reached"
    assert line_for(measure, Current(40)).status == "Not moving towards the target"
    assert line_for(measure, Current(None, suppressed=True)).text.endswith("to c now, target 80%")


def test_a_downward_target_is_reached_by_going_down(school):
    measure = _measure(
        school["objective"],
        kind="destination",
        category="neet",
        benchmark=None,
        year_group=None,
        baseline_value=Decimal(5),
        target=Decimal(2),
    )
    assert line_for(measure, Current(1.5)).status == "Target reached"
    assert line_for(measure, Current(4)).status == "Moving towards the target"


def test_the_plan_shows_each_objectives_live_measures(school, leader, client_for):
    _measure(school["objective"])  # Year 10 BM5: 30 of 40 = 75%
    _measure(
        school["objective"],
        kind="benchmark_score",
        benchmark=3,
        year_group=None,
        baseline_value=Decimal(20),
        target=Decimal(90),
    )  # every criterion met now: 100%
    _measure(
        school["objective"],
        kind="destination",
        category="neet",
        benchmark=None,
        year_group=None,
        baseline_value=Decimal(25),
        target=Decimal(10),
    )  # 4 of 20 = 20%
    page = client_for(leader).get(school["plan"].get_absolute_url()).content.decode()
    assert "from 42% (October 2025) to 75% now, target 80%" in page
    assert "from 20% (October 2025) to 100% now, target 90%" in page
    assert "from 25% (October 2025) to 20% now, target 10%" in page
    assert reverse("insights:measures", args=[school["objective"].pk]) in page


def test_governors_see_a_small_groups_measure_as_c(school, governor, client_for):
    _measure(school["objective"], year_group=13, benchmark=8)  # 3 learners
    page = client_for(governor).get(school["plan"].get_absolute_url()).content.decode()
    assert "to c now, target 80%" in page


@pytest.fixture
def no_provider():
    extension.unregister(plan_measures)
    yield
    extension.register(plan_measures)


def test_the_plan_works_with_no_measures_provider(no_provider, institution, leader, client_for):
    plan = StrategicPlanFactory(institution=institution)
    objective = ObjectiveFactory(plan=plan, number=1, title="Measured objective")
    _measure(objective)
    assert extension.providers() == ()
    page = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert "Measured objective" in page
    assert "target 80%" not in page
    response = client_for(leader).get(reverse("plans:pdf", args=[plan.pk]))
    assert response.status_code == 200


def test_the_leader_adds_and_removes_a_measure(school, leader, client_for):
    client = client_for(leader)
    url = reverse("insights:measures", args=[school["objective"].pk])
    response = client.post(
        url,
        {"kind": "coverage", "baseline_value": "30", "baseline_date": "2025-10-01", "target": "90"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the benchmark this measure counts." in page
    assert 'value="30"' in page  # what was typed stays
    response = client.post(
        url,
        {
            "kind": "coverage",
            "benchmark": "5",
            "year_group": "4",
            "baseline_value": "30",
            "baseline_date": "2025-10-01",
            "target": "90",
        },
    )
    assert "Northfield Academy has Year 7 to Year 13." in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "coverage",
            "benchmark": "5",
            "year_group": "10",
            "baseline_value": "30",
            "baseline_date": "2025-10-01",
            "target": "90",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    page = client.get(url).content.decode()
    assert "from 30% (October 2025) to 75% now, target 90%" in page
    client.post(reverse("insights:measure_delete", args=[measure.pk]))
    assert not Measure.objects.exists()


def test_only_the_leader_changes_measures_and_another_school_gets_404(
    school, slt, outsider, client_for
):
    url = reverse("insights:measures", args=[school["objective"].pk])
    data = {
        "kind": "benchmark_score",
        "benchmark": "1",
        "baseline_value": "1",
        "baseline_date": "2025-10-01",
        "target": "2",
    }
    assert client_for(slt).post(url, data).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert not Measure.objects.exists()


def test_the_provider_reads_all_objectives_in_a_fixed_number_of_queries(
    school, django_assert_max_num_queries
):
    objectives = [school["objective"]] + [
        ObjectiveFactory(plan=school["plan"], number=n) for n in range(2, 6)
    ]
    for objective in objectives:
        _measure(objective)
        _measure(objective, kind="benchmark_score", benchmark=2, year_group=None)
    for objective in objectives:
        objective.plan = school["plan"]
    # Today's coverage comes from the kept counts; their rebuild is measured in encounters' tests.
    kept.groups(school["plan"].institution, dt.date(2026, 11, 22))
    with django_assert_max_num_queries(12):
        found = plan_measures(objectives, dt.date(2026, 11, 22), True)
    assert all(len(found[o.pk].lines) == 2 for o in objectives)
