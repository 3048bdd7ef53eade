"""Priority to plan in a real browser: a careers leader with a maturity review turns two priority
statements into plan actions, each in one step, then sees them in the plan (with where they came
from) and on the statements (with their status); the plan's current state shows the latest
self-assessment's scores and the priorities beside the leader's own text.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from benchmarks.models import AnswerStatus, Criterion, CriterionAnswer, MaturityStatement
from plans.models import Action
from tests.benchmarks.factories import (
    MaturityResponseFactory,
    MaturityReviewFactory,
    SelfAssessmentFactory,
    compass,
)
from tests.browser.helpers import SCREENSHOTS
from tests.plans.factories import ObjectiveFactory, StrategicPlanFactory

pytestmark = pytest.mark.browser

PLANNING = "Share the careers plan with governors, staff and parents; review it each term."
DESTINATIONS = "Track destinations for three years and report the gaps to governors."


@pytest.fixture
def world(transactional_db, institution, leader):
    plan = StrategicPlanFactory(
        institution=institution, start_year=2025, end_year=2028, compass_score="We wrote: 75%"
    )
    leadership = ObjectiveFactory(plan=plan, number=1, title="Embed careers leadership")
    impact = ObjectiveFactory(plan=plan, number=2, title="Evaluate the careers programme")
    review = MaturityReviewFactory(institution=institution, reviewed_on=dt.date(2026, 10, 5))
    statements = {s.code: s for s in MaturityStatement.objects.all()}
    MaturityResponseFactory(
        review=review,
        statement=statements["1.3"],
        level=2,
        marking="priority",
        current_position="There is a plan, but few stakeholders know it.",
        actions_to_improve=PLANNING,
        next_steps="Share careers plan with stakeholders",
        by_when_who="HT3 - SR",
    )
    MaturityResponseFactory(
        review=review,
        statement=statements["2.4"],
        level=1,
        marking="priority",
        actions_to_improve=DESTINATIONS,
        by_when_who="HT4 - SR",
    )
    MaturityResponseFactory(review=review, statement=statements["1.5"], level=3, marking="strength")
    assessment = SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 10, 1))
    CriterionAnswer.objects.bulk_create(
        CriterionAnswer(
            self_assessment=assessment,
            criterion=criterion,
            status=AnswerStatus.MET if criterion.benchmark.number <= 4 else AnswerStatus.NOT_MET,
        )
        for criterion in Criterion.objects.filter(
            benchmark__version="2025", audience="school"
        ).select_related("benchmark")
    )
    compass(assessment, 1, 80)
    return {
        "plan": plan,
        "leadership": leadership,
        "impact": impact,
        "review": review,
        "assessment": assessment,
    }


def test_it_turns_two_priorities_into_plan_actions(world, leader, open_screen):
    screen = open_screen("desktop")
    page = screen.page
    screen.visit("/accounts/sign-in/")
    screen.sign_in(leader.email)
    review_url = world["review"].get_absolute_url()
    screen.visit(review_url, "review")

    # The first priority: the description is the school's own "Next steps", and "HT3 - SR" is
    # the plan's next half term 3 and responsible SR (seed 002).
    screen.follow(
        locator=page.get_by_role(
            "link", name="Turn into a plan action for 1.3 Strategic careers planning"
        )
    )
    expect(page.get_by_label("The action")).to_have_value("Share careers plan with stakeholders")
    expect(page.get_by_label("Responsible")).to_have_value("SR")
    expect(page.get_by_label("Due half term").locator("option:checked")).to_have_text(
        "HT3 (spring 1) 2026/27"
    )
    screen.shot("first-form")
    # Forgetting the objective keeps what was typed and says what to fix.
    page.get_by_label("The action").fill("Share the plan with governors, staff and parents")
    screen.submit("Add to the plan", "first-error")
    expect(
        page.get_by_text("Choose the objective the action belongs to.", exact=True)
    ).to_be_visible()
    expect(page.get_by_label("The action")).to_have_value(
        "Share the plan with governors, staff and parents"
    )
    page.get_by_label("Priority 1: Embed careers leadership").check()
    page.get_by_label("Owner").select_option(label=str(leader))
    screen.submit("Add to the plan", "first-added")
    assert page.url.endswith(f"{review_url}#statement-1.3")
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Action added to priority 1"
    )
    row = page.locator("#statement-1\\.3")
    expect(row).to_contain_text("Share the plan with governors, staff and parents")
    expect(row.locator(".status-green")).to_have_text("On track")

    # The second priority, into the other objective, in one step.
    screen.follow(
        locator=page.get_by_role("link", name="Turn into a plan action for 2.4 Destinations data")
    )
    expect(page.get_by_label("The action")).to_have_value(DESTINATIONS)
    page.get_by_label("Priority 2: Evaluate the careers programme").check()
    # "HT4 - SR" gave half term 4; the leader gives a day instead.
    page.get_by_label("Due half term").select_option(label="No half term")
    page.get_by_label("Due date").fill("2026-11-30")
    screen.submit("Add to the plan", "second-added")
    row = page.locator("#statement-2\\.4")
    expect(row).to_contain_text(DESTINATIONS)
    expect(row.locator(".status-amber")).to_have_text("Due soon")
    screen.shot("statements")

    actions = list(Action.objects.order_by("pk").select_related("objective"))
    assert [(a.objective.number, a.from_maturity_response.statement.code) for a in actions] == [
        (1, "1.3"),
        (2, "2.4"),
    ]

    # A criterion not met in the self-assessment goes the same way.
    assessment_url = world["assessment"].get_absolute_url()
    answer = (
        CriterionAnswer.objects.filter(
            self_assessment=world["assessment"], criterion__benchmark__number=8
        )
        .select_related("criterion")
        .order_by("criterion__order")
        .first()
    )
    screen.visit(assessment_url)
    page.get_by_text("Benchmark 8: Personal guidance").click()
    screen.follow(
        locator=page.get_by_role(
            "link", name=f"Turn into a plan action for criterion {answer.criterion.code}"
        )
    )
    expect(page.get_by_label("The action")).to_have_value(
        f"Meet {answer.criterion.code}: {answer.criterion.text}"
    )
    page.get_by_label("Priority 2: Evaluate the careers programme").check()
    screen.submit("Add to the plan")
    assert page.url.endswith(f"{assessment_url}#criterion-{answer.pk}")
    criterion = page.locator(f"#criterion-{answer.pk}")
    expect(criterion).to_be_visible()  # the anchor opens its benchmark's details
    expect(criterion).to_contain_text("In the plan:")
    # Added without a due date: "No date" in grey, never a green "On track" (issue 9.1).
    expect(criterion.locator(".status-grey")).to_have_text("No date")
    screen.shot("criterion-added")

    # The plan shows both actions, where they came from, and the live figures.
    # Objectives link to the Gatsby Benchmarks of the plan's version (2025), by their titles.
    screen.visit(world["plan"].get_absolute_url())
    screen.follow("Edit priority 2")
    expect(page.get_by_label("3 Addressing the needs of each young person")).to_be_visible()
    page.get_by_label("1 A stable careers programme").check()
    page.get_by_label("8 Personal guidance").check()
    screen.submit("Save objective", "plan")
    objectives = page.locator("#objectives")
    expect(objectives.locator(f"#objective-{world['impact'].pk}")).to_contain_text(
        "1 A stable careers programme8 Personal guidance"
    )
    expect(objectives.locator(f"#objective-{world['leadership'].pk}")).to_contain_text(
        "Share the plan with governors, staff and parents"
    )
    expect(objectives.locator(f"#objective-{world['impact'].pk}")).to_contain_text(DESTINATIONS)
    expect(
        objectives.get_by_role("link", name="maturity review 1.3 Strategic careers planning")
    ).to_be_visible()
    current = page.locator("#current-state")
    expect(current).to_contain_text("We wrote: 75%")  # the leader's own text ...
    live = current.locator(".plan-live-figures")  # ... and what the app holds, beside it
    expect(live).to_contain_text("self-assessment of 1 October 2026")
    first_row = live.locator("tbody tr").first
    expect(first_row.locator('[data-label="Our score"]')).to_contain_text("100%")
    expect(first_row.locator('[data-label="Official Compass"]')).to_have_text("80%")
    expect(live.locator("tbody tr").nth(4).locator('[data-label="Our score"]')).to_contain_text(
        "0%"
    )
    expect(live.get_by_role("link", name="2.4 Destinations data")).to_be_visible()
    expect(live).not_to_contain_text("1.5 Governance")
    page.locator("#current-state").screenshot(
        path=SCREENSHOTS / f"{screen.test_name}-current-state.png"
    )

    # Back from the action to the statement it came from.
    screen.follow(
        locator=objectives.get_by_role(
            "link", name="maturity review 1.3 Strategic careers planning"
        ),
        step="back-to-statement",
    )
    assert page.url.endswith("#statement-1.3")

    # At phone width the plan's tables stack and stay readable.
    phone = open_screen("phone")
    phone.visit("/accounts/sign-in/")
    phone.sign_in(leader.email)
    phone.visit(world["plan"].get_absolute_url() + "#current-state", "plan-phone")
    phone.visit(review_url + "#statement-1.3", "review-phone")
