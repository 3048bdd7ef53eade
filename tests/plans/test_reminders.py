"""The daily reminders digest: what it lists, to whom, and never twice (plans.reminders)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careers_portal.accounts.models import Membership, Role
from careers_portal.celery import app
from careers_portal.schools.models import AcademicYear, HalfTerm
from plans import reminders
from plans.models import Action, ReminderDigest, ReminderPreference, StrategicPlan
from tests.conftest import AUTUMN_TERM_2026
from tests.factories import InstitutionFactory, MembershipFactory
from tests.plans.factories import (
    ActionFactory,
    MilestoneFactory,
    ObjectiveFactory,
    StrategicPlanFactory,
)

# The folder runs on Sunday 22 November 2026 (tests/plans/conftest.py); the job is given its day.
MONDAY = AUTUMN_TERM_2026 + dt.timedelta(days=1)
TUESDAY = MONDAY + dt.timedelta(days=1)


def days(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


@pytest.fixture
def objective(plan):
    return ObjectiveFactory(plan=plan, number=1, title="Embed careers leadership")


def _action(objective, owner, due, **extra):
    return ActionFactory(objective=objective, owner=owner, due_date=due, **extra)


def _sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_it_lists_what_is_due_tomorrow_and_in_7_days_in_one_email(objective, champion):
    _action(objective, champion, days(TUESDAY, 1), description="Book the careers fair hall")
    _action(objective, champion, days(TUESDAY, 7), description="Send the parents' letter")
    _action(objective, champion, days(TUESDAY, 3), description="Not today: due in 3 days")
    MilestoneFactory(
        objective=objective, owner=champion, due_date=days(TUESDAY, 1), title="Fair booked"
    )

    result = reminders.send_reminders(TUESDAY)

    assert result.sent == 1
    (message,) = mail.outbox
    assert message.to == [champion.email]
    assert "3 things" in message.subject
    text = message.body
    assert text.index("Due tomorrow") < text.index("Book the careers fair hall")
    assert text.index("Due in 7 days") < text.index("Send the parents' letter")
    assert "Fair booked" in text and "Milestone, Priority 1: Embed careers leadership" in text
    assert "Not today" not in text
    assert "Wednesday 25 November 2026" in text
    assert "http://testserver/plan/mine/" in text or reverse("plans:mine") in text


def test_the_email_has_an_html_part_with_the_same_items_and_links(objective, champion):
    _action(objective, champion, days(TUESDAY, 1), description="Book the careers fair hall")

    reminders.send_reminders(TUESDAY)

    (message,) = mail.outbox
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "<h2" in html and "Due tomorrow" in html
    assert "Book the careers fair hall" in html
    assert reverse("plans:mine") in html and reverse("plans:reminders") in html
    # Escaped in the HTML, as typed in the text.
    _action(objective, champion, days(TUESDAY, 8), description="Fish & <chips>")
    reminders.send_reminders(days(TUESDAY, 1))
    html = mail.outbox[-1].alternatives[0][0]
    assert "Fish &amp; &lt;chips&gt;" in html
    assert "Fish & <chips>" in mail.outbox[-1].body


def test_overdue_work_is_reminded_on_mondays_only(objective, champion):
    _action(objective, champion, days(MONDAY, -10), description="Late action")
    MilestoneFactory(objective=objective, owner=champion, due_date=days(MONDAY, -3), title="Late")

    assert reminders.send_reminders(TUESDAY).sent == 0
    assert reminders.send_reminders(MONDAY).sent == 1

    body = mail.outbox[0].body
    assert "Overdue" in body and "Late action" in body and "Late\n" in body
    assert "Was due Friday 13 November 2026." in body


def test_it_never_sends_the_same_day_twice(objective, champion, leader):
    _action(objective, champion, days(TUESDAY, 1))
    _action(objective, leader, days(TUESDAY, 7))

    first = reminders.send_reminders(TUESDAY)
    second = reminders.send_reminders(TUESDAY)
    call_command("send_reminders", "--today", TUESDAY.isoformat(), stdout=StringIO())

    assert first.sent == 2
    assert second.sent == 0
    assert len(mail.outbox) == 2
    assert ReminderDigest.objects.filter(day=TUESDAY, sent_at__isnull=False).count() == 2


def test_work_added_after_the_days_digest_waits_for_its_next_reminder(objective, champion):
    _action(objective, champion, days(TUESDAY, 1), description="First")
    reminders.send_reminders(TUESDAY)
    _action(objective, champion, days(TUESDAY, 7), description="Added later")

    assert reminders.send_reminders(TUESDAY).sent == 0
    assert len(mail.outbox) == 1


def test_a_claim_a_dead_worker_left_unsent_is_sent_by_the_next_run(objective, champion, leader):
    _action(objective, champion, days(TUESDAY, 1), description="Claimed before the crash")
    _action(objective, leader, days(TUESDAY, 1))
    # The dead run: claimed both, sent the leader's, died before the champion's.
    reminders.claim(TUESDAY, reminders.due_items(TUESDAY))
    ReminderDigest.objects.filter(user=leader).update(sent_at=timezone.now())
    Action.objects.filter(description="Claimed before the crash").update(description="Edited")

    retried = reminders.send_reminders(TUESDAY, retry_only=True)

    assert retried.sent == 1
    assert retried.recipients == [champion.email]
    # The digest claimed is the one sent: what it said when it was claimed.
    assert "Claimed before the crash" in mail.outbox[0].body
    assert reminders.send_reminders(TUESDAY).sent == 0
    assert len(mail.outbox) == 1


def test_the_catch_up_run_claims_nothing_new(objective, champion):
    _action(objective, champion, days(TUESDAY, 1))

    assert reminders.send_reminders(TUESDAY, retry_only=True).sent == 0
    assert not ReminderDigest.objects.exists()


def test_one_digest_for_a_person_working_in_two_institutions(objective, champion):
    other = InstitutionFactory(name="Eastfield College")
    MembershipFactory(user=champion, institution=other, role=Role.CAREERS_LEADER)
    other_objective = ObjectiveFactory(plan=StrategicPlanFactory(institution=other), number=2)
    _action(objective, champion, days(TUESDAY, 1), description="At Northfield")
    _action(other_objective, champion, days(TUESDAY, 7), description="At Eastfield")

    reminders.send_reminders(TUESDAY)

    (message,) = mail.outbox
    assert "At Northfield" in message.body and "At Eastfield" in message.body
    assert "Northfield Academy" in message.body and "Eastfield College" in message.body


def test_nothing_goes_to_people_who_left_or_turned_it_off(objective, champion, leader, slt):
    _action(objective, champion, days(TUESDAY, 1))
    _action(objective, leader, days(TUESDAY, 1))
    _action(objective, slt, days(TUESDAY, 1))
    Membership.objects.filter(user=champion).update(is_active=False)
    type(leader).objects.filter(pk=leader.pk).update(is_active=False)
    ReminderPreference.objects.create(user=slt, digests=False)

    assert reminders.send_reminders(TUESDAY).sent == 0
    assert mail.outbox == []


def test_done_blocked_archived_and_unowned_work_is_not_reminded(objective, champion, plan):
    _action(objective, champion, days(TUESDAY, 1), status=Action.Status.DONE)
    _action(objective, champion, days(TUESDAY, 1), status=Action.Status.BLOCKED)
    _action(objective, None, days(TUESDAY, 1))
    MilestoneFactory(
        objective=objective, owner=champion, due_date=days(TUESDAY, 1), done_date=TUESDAY
    )
    archived = StrategicPlanFactory(institution=plan.institution, start_year=2022, end_year=2025)
    StrategicPlan.objects.filter(pk=archived.pk).update(status=StrategicPlan.Status.ARCHIVED)
    _action(ObjectiveFactory(plan=archived), champion, days(TUESDAY, 1))

    assert reminders.send_reminders(TUESDAY).sent == 0


def test_an_action_due_by_a_half_term_is_due_on_its_last_day(objective, champion):
    year = AcademicYear.objects.create(
        start_year=2026, start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 8, 31)
    )
    half_term = HalfTerm.objects.create(
        academic_year=year, number=2, start_date=dt.date(2026, 11, 2), end_date=days(TUESDAY, 7)
    )
    _action(objective, champion, None, half_term=half_term, description="By the end of HT2")

    reminders.send_reminders(TUESDAY)

    assert "By the end of HT2" in mail.outbox[0].body


def _many_actions(objective, owners, count: int) -> None:
    Action.objects.bulk_create(
        Action(
            objective=objective,
            description=f"Action {n}",
            owner=owners[n % len(owners)],
            due_date=days(MONDAY, [1, 7, -5][n % 3]),
            order=n,
        )
        for n in range(count)
    )


def _queries_of_a_run(day: dt.date) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        sent = reminders.send_reminders(day).sent
    return len(queries), sent


def test_the_job_makes_the_same_queries_for_100_or_10000_actions(objective, institution):
    owners = [MembershipFactory(institution=institution, role=Role.CHAMPION).user for _ in "abc"]
    _many_actions(objective, owners, 100)
    small, sent_small = _queries_of_a_run(MONDAY)
    mail.outbox.clear()
    ReminderDigest.objects.all().delete()
    _many_actions(objective, owners, 9_900)

    large, sent_large = _queries_of_a_run(MONDAY)

    assert sent_small == sent_large == 3
    assert large == small
    assert all(len(m.alternatives) == 1 for m in mail.outbox)
    assert sum(m.body.count("\n- ") for m in mail.outbox) == 10_000


def test_the_dry_run_claims_and_sends_nothing(objective, champion):
    _action(objective, champion, days(TUESDAY, 1))
    out = StringIO()

    call_command("send_reminders", "--dry-run", "--today", TUESDAY.isoformat(), stdout=out)

    assert "1 people would get a digest, 1 items" in out.getvalue()
    assert "1 due tomorrow" in out.getvalue()
    assert mail.outbox == [] and not ReminderDigest.objects.exists()


def test_the_command_sends_and_says_how_many(objective, champion):
    _action(objective, champion, days(TUESDAY, 7))
    out = StringIO()

    call_command("send_reminders", "--today", TUESDAY.isoformat(), stdout=out)

    assert "1 digests sent" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_command_explains_a_wrong_date(db):
    with pytest.raises(CommandError, match="--today must be a date like"):
        call_command("send_reminders", "--today", "31/12/2026")


def test_the_task_runs_the_job(objective, champion):
    from plans.tasks import send_reminders

    _action(objective, champion, days(TUESDAY, 1))

    assert send_reminders.delay(TUESDAY.isoformat()).get() == 1
    assert send_reminders.delay(TUESDAY.isoformat()).get() == 0


def test_the_beat_schedule_runs_it_at_7_and_catches_up_hourly():
    schedule = app.conf.beat_schedule
    daily = schedule["daily-reminders"]
    assert daily["task"] == "plans.send_reminders"
    assert daily["schedule"].hour == {7} and daily["schedule"].minute == {0}
    catch_up = schedule["daily-reminders-catch-up"]
    assert catch_up["kwargs"] == {"retry_only": True}
    assert 7 not in catch_up["schedule"].hour
    assert app.conf.timezone == "Europe/London"


def test_a_person_turns_the_email_off_and_on(client_for, champion, objective):
    client = client_for(champion)
    url = reverse("plans:reminders")
    assert "you get these emails" in client.get(url).content.decode()

    response = client.post(url, {"digests": "no"}, follow=True)

    assert "You will not get reminder emails" in response.content.decode()
    assert not reminders.digests_wanted(champion)
    _action(objective, champion, days(TUESDAY, 1))
    assert reminders.send_reminders(TUESDAY).sent == 0

    client.post(url, {"digests": "yes"})
    assert reminders.digests_wanted(champion)


def test_the_choice_must_be_made(client_for, champion):
    response = client_for(champion).post(reverse("plans:reminders"), {})

    assert response.status_code == 200
    assert "Choose whether you want the daily reminders email." in response.content.decode()


def test_my_actions_links_to_the_reminder_emails_page(client_for, champion):
    page = client_for(champion).get(reverse("plans:mine")).content.decode()

    assert reverse("plans:reminders") in page


def _seed_demo() -> None:
    call_command("seed_demo", learners=60, stdout=StringIO())


def test_the_demo_has_reminders_due_on_the_day_it_is_seeded(db):
    _seed_demo()
    today = timezone.localdate()

    wanted = reminders.due_items(today)

    champion = Membership.objects.get(role=Role.CHAMPION, user__email__startswith="champion@")
    whens = {item["when"] for item in wanted[champion.user_id]}
    assert {"tomorrow", "week"} <= whens
    assert reminders.send_reminders(today).sent >= 1


def test_the_demo_has_overdue_work_for_the_next_monday(db):
    _seed_demo()
    today = timezone.localdate()
    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)

    wanted = reminders.due_items(monday)

    assert any(item["when"] == "overdue" for items in wanted.values() for item in items)
