"""Approval of a version (issue 9.2) and "Send for approval" (issue 9.4).

An approval stores the plan's content as a snapshot and its PDF as approved. A later change of
content marks the plan "changed since approval" with what changed; progress (statuses, notes,
done dates) never does. The next approval covers the new version. The careers leader asks SLT
and governors to approve: one email each per request, never twice, and the plan shows who.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from plans import selectors, services
from plans.models import Action, PlanApproval, StrategicPlan
from plans.tasks import send_approval_request
from tests.plans.factories import ActionFactory, MilestoneFactory, ObjectiveFactory


@pytest.fixture
def built(plan, leader):
    objective = ObjectiveFactory(plan=plan, number=1, title="Embed careers leadership")
    action = ActionFactory(
        objective=objective, description="Appoint careers champions", owner=leader
    )
    milestone = MilestoneFactory(objective=objective, title="Leadership team in place")
    return plan, objective, action, milestone


def _approve_both(plan, slt, governor, comment=""):
    services.plan_approve_slt(plan=plan, by=slt, comment=comment)
    services.plan_approve_governors(plan=plan, by=governor)
    plan.refresh_from_db()


def test_it_stores_a_snapshot_and_the_pdf_with_each_approval(built, slt, governor):
    plan, *_ = built
    _approve_both(plan, slt, governor, comment="Agreed at the October meeting.")
    approvals = list(plan.approvals.order_by("approved_at"))
    assert [(a.kind, a.content_version) for a in approvals] == [("slt", 1), ("governors", 1)]
    assert approvals[0].comment == "Agreed at the October meeting."
    for approval in approvals:
        assert approval.snapshot["objectives"][0]["title"] == "Embed careers leadership"
        with approval.pdf.open("rb") as stored:
            assert stored.read().startswith(b"%PDF")
    assert plan.status == StrategicPlan.Status.APPROVED
    state = selectors.approval_state(plan)
    assert (state.changed, state.current_version, state.needs_approval) == (False, 1, False)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda p, o, a, m: services.plan_update(plan=p, by=None, title="Careers Strategy"),
            "Title changed from Strategic Careers Plan to Careers Strategy",
        ),
        (
            lambda p, o, a, m: services.plan_update(plan=p, by=None, careers_vision="New vision"),
            "Careers vision statement changed",
        ),
        (
            lambda p, o, a, m: services.swot_add(plan=p, quadrant="threat", text="Falling rolls"),
            "SWOT: threats added: Falling rolls",
        ),
        (
            lambda p, o, a, m: setattr(o, "title", "Lead careers") or o.save(),
            "Priority 1: title changed from Embed careers leadership to Lead careers",
        ),
        (
            lambda p, o, a, m: services.action_create(objective=o, by=None, description="Run CPD"),
            "Priority 1: action added: Run CPD",
        ),
        (
            lambda p, o, a, m: services.action_update(
                action=a, by=None, expected_version=a.version, due_date=dt.date(2027, 5, 3)
            ),
            "Priority 1: action 'Appoint careers champions': due date changed from 1 March 2027 "
            "to 3 May 2027",
        ),
        (
            lambda p, o, a, m: services.action_update(
                action=a, by=None, expected_version=a.version, responsible="HR"
            ),
            "Priority 1: action 'Appoint careers champions': responsible changed",
        ),
        (
            lambda p, o, a, m: services.action_update(
                action=a, by=None, expected_version=a.version, owner=None
            ),
            "Priority 1: action 'Appoint careers champions': owner changed",
        ),
        (
            lambda p, o, a, m: setattr(m, "due_date", dt.date(2027, 7, 1)) or m.save(),
            "Priority 1: milestone 'Leadership team in place': due date changed from 1 June 2027 "
            "to 1 July 2027",
        ),
        (
            lambda p, o, a, m: services.milestone_delete(milestone=m, by=None),
            "Priority 1: milestone removed: Leadership team in place",
        ),
    ],
)
def test_a_change_of_content_marks_the_plan_changed_since_approval(
    change, expected, built, slt, governor, leader, client_for
):
    plan, objective, action, milestone = built
    _approve_both(plan, slt, governor)
    change(plan, objective, action, milestone)
    plan.refresh_from_db()
    state = selectors.approval_state(plan)
    assert state.changed
    assert any(line.startswith(expected) for line in state.changes), state.changes
    assert state.needs_approval
    page = client_for(governor).get(plan.get_absolute_url()).content.decode()
    assert "Changed since approval" in page
    assert "Record governors' approval of this version" in page


def test_progress_never_undoes_an_approval(built, slt, governor, champion, leader, client_for):
    plan, _objective, action, milestone = built
    _approve_both(plan, slt, governor)
    services.action_update(
        action=action,
        by=leader,
        expected_version=action.version,
        status=Action.Status.DONE,
        progress_notes="Champions in all seven departments.",
        evidence_links="https://example.test/minutes",
    )
    milestone.done_date = dt.date(2026, 11, 20)
    services.milestone_save(milestone=milestone, by=leader)
    client_for(leader).post(
        reverse("plans:action_update", args=[action.pk]),
        {"status": "in_progress", "progress_notes": "Reopened", "version": action.version + 1},
    )
    plan.refresh_from_db()
    state = selectors.approval_state(plan)
    assert (state.changed, state.changes, state.current_version) == (False, [], 1)
    page = client_for(slt).get(plan.get_absolute_url()).content.decode()
    assert "Changed since approval" not in page


def test_the_next_approval_covers_the_new_version_and_both_pdfs_stay(
    built, slt, governor, client_for
):
    plan, objective, *_ = built
    _approve_both(plan, slt, governor)
    services.action_create(objective=objective, by=None, description="Run CPD on the benchmarks")
    services.plan_approve_slt(plan=plan, by=slt)
    state = selectors.approval_state(plan)
    assert state.changed and (state.slt is not None, state.governors) == (True, None)
    services.plan_approve_governors(plan=plan, by=governor, comment="Approved with the CPD.")
    plan.refresh_from_db()
    state = selectors.approval_state(plan)
    assert (state.changed, state.current_version, state.approved.content_version) == (False, 2, 2)
    assert sorted(a.content_version for a in state.approvals) == [1, 1, 2, 2]

    client = client_for(governor)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Approved with the CPD." in page
    for approval in state.approvals:
        url = reverse("plans:approval_pdf", args=[approval.pk])
        assert url in page
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert f"version-{approval.content_version}" in response["Content-Disposition"]


def test_approving_unchanged_content_again_keeps_its_version(built, slt, governor):
    plan, *_ = built
    _approve_both(plan, slt, governor)
    again = services.plan_approve_slt(plan=plan, by=slt)
    assert again.content_version == 1


def test_an_approval_posts_its_comment(built, slt, client_for):
    plan, *_ = built
    response = client_for(slt).post(
        reverse("plans:approve_slt", args=[plan.pk]), {"comment": "Fine by SLT."}
    )
    assert response.status_code == 302
    approval = PlanApproval.objects.get(plan=plan)
    assert (approval.kind, approval.comment, approval.approved_by) == ("slt", "Fine by SLT.", slt)


def test_it_refuses_to_approve_an_archived_plan(built, slt, leader, client_for):
    plan, *_ = built
    services.plan_archive(plan=plan, by=leader)
    client_for(slt).post(reverse("plans:approve_slt", args=[plan.pk]))
    assert not PlanApproval.objects.exists()


def test_send_for_approval_emails_slt_and_governors_once(
    built, leader, slt, governor, champion, client_for, django_capture_on_commit_callbacks
):
    plan, *_ = built
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(leader).post(reverse("plans:send_for_approval", args=[plan.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([slt.email, governor.email])
    assert plan.get_absolute_url() in mail.outbox[0].body
    request = plan.approval_requests.get()
    # A retried task (or a second worker) sends nothing more for the same request.
    assert send_approval_request(request.pk) == 0
    assert len(mail.outbox) == 2

    page = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert f"{escape(str(slt))} (Senior leadership team): asked" in page
    assert f"{escape(str(governor))} (Governors): asked" in page
    services.plan_approve_slt(plan=plan, by=slt)
    page = client_for(leader).get(plan.get_absolute_url()).content.decode()
    assert "approved since" in page


def test_the_email_waits_for_the_commit(built, leader, slt, governor):
    plan, *_ = built
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.plan_send_for_approval(plan=plan, by=leader)
        raise RuntimeError("the request failed")
    assert mail.outbox == []
