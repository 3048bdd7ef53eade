"""The plan's title is shown as typed, and the objectives advice says only what is true (9.7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.plans.factories import ObjectiveFactory, StrategicPlanFactory


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Strategic Careers Plan (2025\u20132028)", "Strategic Careers Plan (2025\u20132028)"),
        ("Strategic Careers Plan (2025-2028)", "Strategic Careers Plan (2025-2028)"),
        ("Careers Plan 2025/28", "Careers Plan 2025/28"),
        ("Careers plan 2025 to 2028", "Careers plan 2025 to 2028"),
        ("Strategic Careers Plan", "Strategic Careers Plan (2025-2028)"),
        ("Plan for 2025", "Plan for 2025 (2025-2028)"),  # names a year, not the period
    ],
)
def test_it_adds_the_period_only_when_the_title_does_not_give_it(typed, shown):
    plan = StrategicPlanFactory.build(title=typed, start_year=2025, end_year=2028)
    assert plan.display_title == shown == str(plan)


@pytest.mark.parametrize("page", ["plans:detail", "plans:actions", "plans:list"])
def test_it_shows_the_title_as_typed_on_every_page(page, institution, leader, client_for):
    plan = StrategicPlanFactory(
        institution=institution, title="Strategic Careers Plan (2025\u20132028)"
    )
    url = reverse(page, args=[plan.pk]) if page != "plans:list" else reverse(page)
    html = client_for(leader).get(url).content.decode()
    assert "Strategic Careers Plan (2025\u20132028)" in html
    assert "(2025\u20132028) (2025-2028)" not in html
    assert "(2025\u20132028) 2025-2028" not in html


def test_it_shows_the_title_as_typed_in_the_pdf_head(institution):
    from django.template.loader import render_to_string

    plan = StrategicPlanFactory(
        institution=institution, title="Strategic Careers Plan (2025\u20132028)"
    )
    head = render_to_string("plans/pdf.html", {"plan": plan, "doc": None})[:400]
    assert "<title>Strategic Careers Plan (2025\u20132028) \u2013 " in head


def test_the_empty_add_an_objective_form_claims_no_count(plan, leader, client_for):
    html = client_for(leader).get(reverse("plans:objective_create", args=[plan.pk])).content
    assert "this plan has" not in html.decode()
    assert "recommends 3 to 5" not in html.decode()


def test_it_warns_before_adding_a_sixth_objective_with_the_true_count(plan, leader, client_for):
    for number in range(1, 6):
        ObjectiveFactory(plan=plan, number=number)
    html = client_for(leader).get(reverse("plans:objective_create", args=[plan.pk])).content
    assert "this plan already has 5, so this one makes 6" in html.decode()
