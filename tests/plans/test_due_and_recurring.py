"""Due dates as real plans give them (issue 9 point 5): a day, a month ("December 2025", due at
its end) or a half term of any year of the plan; milestones that recur each year ("by July each
year"), one row per year of the plan, each with its own done date; a milestone of an action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careers_portal import rag
from careers_portal.schools.models import HalfTerm
from plans import due, rules, selectors, services
from plans.forms import ActionForm, MilestoneForm
from plans.models import Action, Milestone
from tests.plans.factories import ActionFactory, ObjectiveFactory, StrategicPlanFactory

# The plans' tests are pinned to 22 November 2026 (tests/plans/conftest.py).


@pytest.mark.parametrize(
    ("text", "month", "year"),
    [
        ("December 2025", 12, 2025),
        ("Dec 2025", 12, 2025),
        ("dec. 2025", 12, 2025),
        ("Sept 2026", 9, 2026),
        ("2025-12", 12, 2025),
        ("12/2025", 12, 2025),
        ("July 26", 7, 2026),
    ],
)
def test_a_month_is_read_as_people_write_it(text, month, year):
    assert due.parse_month(text) == (month, year)


@pytest.mark.parametrize("text", ["Decembre 2025", "13/2025", "2025-00", "soon", ""])
def test_what_is_not_a_month_is_refused(text):
    with pytest.raises(due.MonthError):
        due.parse_month(text)


def test_a_month_alone_needs_a_year_unless_it_recurs():
    with pytest.raises(due.MonthError):
        due.parse_month("July")
    assert due.parse_month("July", year_needed=False) == (7, None)


@pytest.mark.parametrize(
    ("text", "half_terms", "who"),
    [
        ("HT3 - SR", (3,), "SR"),
        ("HT3 \u2013 SR", (3,), "SR"),
        ("HT3/4 SR/ JHu", (3, 4), "SR/ JHu"),
        ("HT3/4 \u2013 SR / NR", (3, 4), "SR / NR"),
        ("HT3/HT4 SR and PLLS", (3, 4), "SR and PLLS"),
        ("HT 3 SR/ NR", (3,), "SR/ NR"),
        ("HT3 / 4 SR", (3, 4), "SR"),
        ("HT3/ 4", (3, 4), ""),
        ("SR by Easter", (), "SR by Easter"),
    ],
)
def test_by_when_who_is_read_as_half_terms_and_people(text, half_terms, who):
    read = due.parse_by_when_who(text)
    assert (read.half_terms, read.who) == (half_terms, who)
    assert read.last_half_term == (max(half_terms) if half_terms else None)


def _action_form(plan, objective, **data):
    return ActionForm(
        data={"description": "Deliver CPD", "status": "not_started", **data},
        instance=Action(objective=objective),
        plan=plan,
    )


def test_an_action_due_in_a_month_is_due_at_its_end_and_shown_as_the_month(plan):
    objective = ObjectiveFactory(plan=plan)
    form = _action_form(plan, objective, due_month="Dec 2026")
    assert form.is_valid(), form.errors
    action = services.action_create(objective=objective, by=None, **form.cleaned_data)
    action.refresh_from_db()
    assert (action.due_date, action.due_is_month) == (dt.date(2026, 12, 31), True)
    assert action.due_label == "December 2026"
    # 22 November 2026: the end of December is more than 14 days away.
    assert rules.action_rag(action, dt.date(2026, 11, 22)) is rag.ON_TRACK
    assert rules.action_rag(action, dt.date(2026, 12, 17)) is rag.DUE_SOON
    assert rules.action_rag(action, dt.date(2026, 12, 31)) is rag.DUE_SOON
    assert rules.action_rag(action, dt.date(2027, 1, 1)) is rag.OVERDUE


def test_a_month_of_an_action_opens_as_the_month_again(plan):
    action = ActionFactory(objective=ObjectiveFactory(plan=plan), due_date=dt.date(2025, 12, 31))
    action.due_is_month = True
    form = ActionForm(instance=action, plan=plan)
    assert form.initial["due_month"] == "December 2025"
    assert form.initial["due_date"] is None


def test_two_due_dates_are_refused_in_words(plan):
    objective = ObjectiveFactory(plan=plan)
    form = _action_form(plan, objective, due_month="December 2026", due_date="2026-12-01")
    assert not form.is_valid()
    assert "Give one due date" in form.errors["due_month"][0]
    form = _action_form(plan, objective, due_month="Decembre 2026")
    assert not form.is_valid()
    assert "for example" in form.errors["due_month"][0]
    assert form["due_month"].value() == "Decembre 2026"  # nothing typed is dropped


def test_the_half_terms_cover_every_year_of_the_plan_oldest_first(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan)
    page = client_for(leader).get(reverse("plans:action_create", args=[objective.pk]))
    assert page.status_code == 200
    half_terms = list(selectors.plan_half_terms(plan))
    assert [(h.academic_year.start_year, h.number) for h in half_terms] == [
        (year, number) for year in (2025, 2026, 2027) for number in range(1, 7)
    ]
    html = page.content.decode()
    first, last = html.index("HT1 (autumn 1) 2025/26"), html.index("HT6 (summer 2) 2027/28")
    assert first < last


def test_an_action_in_the_last_years_half_term_is_due_at_its_end(plan):
    services.plan_calendar_ensure(plan)
    objective = ObjectiveFactory(plan=plan)
    ht3 = HalfTerm.objects.get(academic_year__start_year=2027, number=3)
    form = _action_form(plan, objective, half_term=str(ht3.pk))
    assert form.is_valid(), form.errors
    action = services.action_create(objective=objective, by=None, **form.cleaned_data)
    assert action.due_on == ht3.end_date
    assert action.due_label == "HT3 2027/28"


def _milestone_form(objective, **data):
    return MilestoneForm(
        data={"title": "Annual review of encounters and feedback", **data},
        instance=Milestone(objective=objective),
        plan=objective.plan,
    )


def test_a_milestone_recurring_each_july_is_one_row_a_year_of_the_plan(plan, leader):
    objective = ObjectiveFactory(plan=plan)
    form = _milestone_form(objective, due_month="July", recurs_each_year="on", responsible="HR")
    assert form.is_valid(), form.errors
    first = services.milestone_save(milestone=form.instance, by=leader)
    rows = list(Milestone.objects.filter(objective=objective).order_by("due_date"))
    assert [m.due_date for m in rows] == [
        dt.date(2026, 7, 31),
        dt.date(2027, 7, 31),
        dt.date(2028, 7, 31),
    ]
    assert rows[0] == first
    assert {m.series for m in rows} == {first.series}
    assert all(m.due_is_month and m.responsible == "HR" for m in rows)
    assert [m.due_label for m in rows] == ["July 2026", "July 2027", "July 2028"]
    # Each year has its own done date: the first is done (late), the others are not.
    rows[0].done_date = dt.date(2026, 9, 3)
    services.milestone_save(milestone=rows[0], by=leader)
    today = dt.date(2026, 11, 22)
    assert [rules.milestone_rag(m, today) for m in Milestone.objects.order_by("due_date")] == [
        rag.DONE,
        rag.ON_TRACK,
        rag.ON_TRACK,
    ]


def test_a_recurring_milestone_needs_its_month(plan):
    objective = ObjectiveFactory(plan=plan)
    form = _milestone_form(objective, recurs_each_year="on")
    assert not form.is_valid()
    assert "month it recurs" in form.errors["due_month"][0]
    form = _milestone_form(objective, recurs_each_year="on", due_date="2027-07-01")
    assert not form.is_valid()


def test_a_milestone_can_belong_to_an_action_of_its_own_priority_only(plan):
    objective = ObjectiveFactory(plan=plan)
    action = ActionFactory(objective=objective)
    elsewhere = ActionFactory(objective=ObjectiveFactory(plan=plan))
    form = _milestone_form(objective, action=str(action.pk), due_month="March 2026")
    assert form.is_valid(), form.errors
    milestone = services.milestone_save(milestone=form.instance, by=None)
    assert milestone.action == action
    assert list(action.milestones.all()) == [milestone]
    form = _milestone_form(objective, action=str(elsewhere.pk))
    assert not form.is_valid()
    assert "Choose one of this priority's actions" in form.errors["action"][0]


def test_copy_forward_brings_a_recurring_milestone_into_the_new_plans_years(plan, leader):
    objective = ObjectiveFactory(plan=plan)
    form = _milestone_form(objective, due_month="July", recurs_each_year="on")
    assert form.is_valid(), form.errors
    services.milestone_save(milestone=form.instance, by=leader)
    Milestone.objects.update(done_date=dt.date(2026, 7, 20))  # all done: it still recurs
    new = services.plan_create(
        institution=plan.institution,
        by=leader,
        title="Strategic Careers Plan",
        start_year=2028,
        end_year=2031,
        copy_from=plan,
    )
    rows = list(Milestone.objects.filter(objective__plan=new).order_by("due_date"))
    assert [m.due_date for m in rows] == [
        dt.date(2029, 7, 31),
        dt.date(2030, 7, 31),
        dt.date(2031, 7, 31),
    ]
    assert all(m.done_date is None for m in rows)
    assert len({m.series for m in rows}) == 1
    assert rows[0].series != Milestone.objects.filter(objective__plan=plan).first().series


def test_the_objective_page_shows_months_and_recurring_milestones(plan, leader, client_for):
    objective = ObjectiveFactory(plan=plan)
    form = _milestone_form(objective, due_month="July", recurs_each_year="on")
    assert form.is_valid(), form.errors
    services.milestone_save(milestone=form.instance, by=leader)
    page = client_for(leader).get(reverse("plans:objective_edit", args=[objective.pk]))
    html = page.content.decode()
    for label in ("July 2026", "July 2027", "July 2028"):
        assert label in html
    assert "Recurs each year" in html
    document = client_for(leader).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "by July 2027 (recurs each year)" in document


def test_a_plan_made_covers_its_years_half_terms(institution, leader):
    plan = services.plan_create(
        institution=institution, by=leader, title="Plan", start_year=2030, end_year=2033
    )
    assert {h.academic_year.start_year for h in selectors.plan_half_terms(plan)} == {
        2030,
        2031,
        2032,
    }


def test_a_one_year_plan_still_has_its_year(institution):
    plan = StrategicPlanFactory(institution=institution, start_year=2026, end_year=2026)
    assert list(selectors.plan_years(plan)) == [2026]
