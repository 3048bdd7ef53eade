"""The daily reminders digest (DOMAIN section 6): one email per person per day, never twice.

Every morning (07:00 Europe/London, careers_portal/celery.py) each owner of an action or a
milestone gets one email listing what of theirs is due tomorrow, due in 7 days and, on
Mondays, overdue. Nothing is sent to someone who has left (their account or their membership of
the item's institution is deactivated), nor to someone who turned the email off
(ReminderPreference), nor about an archived plan, a done or blocked action or a done milestone.

Never twice. A run works in three steps:

1. it reads what is due, in two queries however many actions there are;
2. it claims one digest per person in the sent-log (ReminderDigest, unique on person and day),
   storing what the digest says, in one insert that skips the people already claimed today;
3. for each claim of the day not yet sent it takes the row's lock (PostgreSQL: FOR UPDATE SKIP
   LOCKED), sends the email and marks it sent in the same short transaction.

A second run on the same day finds every claim either sent (skipped) or locked by the run that
is sending it (skipped). A worker that dies halfway leaves its claims unsent and, its database
connection gone, their locks released: the next run (the task redelivered, the hourly catch-up,
or `manage.py send_reminders`) sends exactly the claimed digests. The one window left: the mail
server accepted a digest and the worker died before its row was marked; the next run sends that
one digest again (README, "Reminders").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careers_portal.accounts.models import Membership
from plans import rules
from plans.models import Action, Milestone, ReminderDigest, ReminderPreference, StrategicPlan

WEEK_AHEAD = 7
TOMORROW = 1

# The sections of a digest, in the order the email shows them.
SECTIONS = [
    ("tomorrow", "Due tomorrow"),
    ("week", "Due in 7 days"),
    ("overdue", "Overdue"),
]
SECTION_ORDER = {key: n for n, (key, _title) in enumerate(SECTIONS)}


def overdue_day(day: dt.date) -> bool:
    """Overdue work is reminded weekly, on Mondays."""
    return day.weekday() == 0


def _owner_may_receive(institution_path: str):
    """The owner still works at the item's institution, is active and has not opted out."""
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef("owner_id"),
            institution_id=OuterRef(institution_path),
            is_active=True,
            user__is_active=True,
        )
    ) & ~Exists(ReminderPreference.objects.filter(user_id=OuterRef("owner_id"), digests=False))


def _when(due: dt.date, day: dt.date) -> str:
    if due < day:
        return "overdue"
    return "tomorrow" if due == day + dt.timedelta(days=TOMORROW) else "week"


def due_items(day: dt.date) -> dict[int, list[dict]]:
    """What each person should be reminded of on `day`, by user id: two queries."""
    dates = [day + dt.timedelta(days=TOMORROW), day + dt.timedelta(days=WEEK_AHEAD)]
    open_plan = ~Q(objective__plan__status=StrategicPlan.Status.ARCHIVED)
    fields = (
        "pk",
        "owner_id",
        "due",
        "objective__number",
        "objective__title",
        "objective__plan__institution_id",
        "objective__plan__institution__name",
    )

    action_due = Q(due__in=dates) & ~Q(status__in=[Action.Status.DONE, Action.Status.BLOCKED])
    if overdue_day(day):
        action_due |= rules.overdue_actions_q(day)
    actions = (
        Action.objects.annotate(due=Coalesce("due_date", "half_term__end_date"))
        .filter(open_plan, action_due, owner__isnull=False)
        .filter(_owner_may_receive("objective__plan__institution_id"))
        .order_by("due", "pk")
        .values_list(*fields, "description")
    )
    milestone_due = Q(due__in=dates)
    if overdue_day(day):
        milestone_due |= Q(due__lt=day)
    milestones = (
        Milestone.objects.annotate(due=F("due_date"))
        .filter(open_plan, milestone_due, owner__isnull=False, done_date__isnull=True)
        .filter(_owner_may_receive("objective__plan__institution_id"))
        .order_by("due", "pk")
        .values_list(*fields, "title")
    )

    by_person: dict[int, list[dict]] = defaultdict(list)
    for kind, rows in (("action", actions), ("milestone", milestones)):
        for pk, owner_id, due, number, objective, institution_id, institution, what in rows:
            by_person[owner_id].append(
                {
                    "kind": kind,
                    "id": pk,
                    "what": what,
                    "due": due.isoformat(),
                    "when": _when(due, day),
                    "priority": f"Priority {number}: {objective}",
                    "institution_id": institution_id,
                    "institution": institution,
                }
            )
    for items in by_person.values():
        items.sort(key=lambda item: (SECTION_ORDER[item["when"]], item["due"], item["kind"]))
    return dict(by_person)


def claim(day: dt.date, items: dict[int, list[dict]]) -> int:
    """Claim one digest per person for `day` in the sent-log; people already claimed today
    (sent, being sent, or left unsent by a dead worker) keep their claim. Returns how many
    people the sent-log holds for the day."""
    now = timezone.now()
    ReminderDigest.objects.bulk_create(
        [
            ReminderDigest(user_id=user_id, day=day, items=person_items, claimed_at=now)
            for user_id, person_items in items.items()
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(items)


@dataclass
class RunResult:
    day: dt.date
    people: int = 0
    sent: int = 0
    skipped: int = 0
    recipients: list[str] = field(default_factory=list)


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def digest_email(digest: ReminderDigest) -> EmailMultiAlternatives:
    """The email of one claimed digest: plain text with an HTML alternative."""
    sections = [
        (title, [item for item in digest.items if item["when"] == key]) for key, title in SECTIONS
    ]
    sections = [
        (title, [{**item, "due_on": dt.date.fromisoformat(item["due"])} for item in items])
        for title, items in sections
        if items
    ]
    institutions = sorted({item["institution"] for item in digest.items})
    count = len(digest.items)
    context = {
        "user": digest.user,
        "day": digest.day,
        "sections": sections,
        "institutions": institutions,
        "count": count,
        "my_actions": _site(reverse("plans:mine")),
        "settings_link": _site(reverse("plans:reminders")),
    }
    things = "1 thing" if count == 1 else f"{count} things"
    message = EmailMultiAlternatives(
        subject=f"Careers plan: {things} of yours to look at ({digest.day:%-d %B %Y})",
        body=render_to_string("plans/email/reminder_digest.txt", context),
        to=[digest.user.email],
    )
    message.attach_alternative(
        render_to_string("plans/email/reminder_digest.html", context), "text/html"
    )
    return message


def _send_claimed(pk: int) -> str | None:
    """Send one claimed digest unless it is sent or being sent; the address it went to."""
    with transaction.atomic():
        digest = (
            ReminderDigest.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if digest is None:
            return None
        digest_email(digest).send()
        ReminderDigest.objects.filter(pk=pk).update(sent_at=timezone.now())
        return digest.user.email


def send_claimed(day: dt.date, result: RunResult) -> RunResult:
    """Send every claim of `day` not yet sent (this run's, or one a dead worker left)."""
    pending = ReminderDigest.objects.filter(
        day=day, sent_at__isnull=True, user__is_active=True
    ).exclude(user__reminder_preference__digests=False)
    for pk in pending.order_by("pk").values_list("pk", flat=True):
        sent_to = _send_claimed(pk)
        if sent_to is None:
            result.skipped += 1
        else:
            result.sent += 1
            result.recipients.append(sent_to)
    return result


def send_reminders(day: dt.date | None = None, *, retry_only: bool = False) -> RunResult:
    """The daily job: claim today's digests, then send every claim of the day not yet sent.

    `retry_only` (the hourly catch-up) claims nothing new: it only sends claims left unsent."""
    day = day or timezone.localdate()
    result = RunResult(day=day)
    if not retry_only:
        result.people = claim(day, due_items(day))
    return send_claimed(day, result)


def preview(day: dt.date) -> dict[int, list[dict]]:
    """What a run on `day` would claim, without claiming or sending (--dry-run)."""
    return due_items(day)


def digests_wanted(user) -> bool:
    """Whether `user` gets the daily reminders email."""
    preference = ReminderPreference.objects.filter(user=user).first()
    return preference is None or preference.digests


def set_digests_wanted(*, user, wanted: bool) -> ReminderPreference:
    """Turn the daily reminders email on or off for `user`."""
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"digests": wanted}
    )
    return preference
