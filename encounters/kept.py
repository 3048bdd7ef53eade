"""Kept coverage counts (issue 14): rules.coverage_groups() stored, so the pages read a few
hundred rows instead of evaluating BM5-8's rules over every learner's attendance on each view.

The rules stay in encounters.rules, computed from scratch; this module only keeps their result:

- `groups(institution, today)` is what the coverage page and the evidence provider read. When the
  counts are not kept for today (never built, made stale, or built on another day: the calendar
  alone changes coverage, as an encounter dated ahead starts to count and BM5 starts again each
  September), it rebuilds them first, so a page is never wrong, only slower once.
- The services (services.py, resources.py, and schools' `learners_changed` signal for the roll
  import and seed_demo) call `changed(institution, year_groups)` inside `keeping()`; when the
  outermost `keeping()` ends, the year groups that changed are recomputed in the same transaction
  as the write. A write that changes learners (an import) recomputes the whole institution.
- Any other save or delete of the models coverage reads (the admin, a shell, a test's factory)
  reaches the receivers below, which mark the counts stale: the next reader rebuilds them.
- Each night the beat schedule rebuilds every institution's counts, one task per institution
  (encounters.tasks), and `python manage.py rebuild_coverage` does it on demand.

Rebuilds of one institution are serialised by a row lock on its KeptCoverage row, so two
champions logging at once never interleave their counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from careers_portal.dates import today as local_today
from careers_portal.schools.models import Institution, Learner
from encounters import rules
from encounters.models import (
    Encounter,
    EncounterLearner,
    GuidanceMeeting,
    KeptCoverage,
    KeptCoverageGroup,
    Organisation,
)

COUNT_FIELDS = ("total", *(f"bm{n}" for n in rules.COVERAGE_BENCHMARKS))
ALL = None  # every year group

# Institution id -> the year groups that changed (ALL: every one), while a service writes.
_pending: ContextVar[dict[int, set[int] | None] | None] = ContextVar(
    "kept_coverage_pending", default=None
)


def groups(institution: Institution, today: dt.date | None = None) -> list[dict]:
    """rules.coverage_groups(institution, today), from the kept counts when they are today's.

    Two small queries when kept; otherwise the counts are rebuilt (and kept) first.
    """
    today = today or local_today()
    as_of = (
        KeptCoverage.objects.filter(institution=institution).values_list("as_of", flat=True).first()
    )
    if as_of != today:
        return rebuild(institution, today)
    return list(
        KeptCoverageGroup.objects.filter(institution=institution)
        .order_by()
        .values(*rules.GROUP_FIELDS, *COUNT_FIELDS)
    )


@contextmanager
def keeping(today: dt.date | None = None) -> Iterator[None]:
    """Writes inside note what they change (changed()); at the end, the kept counts of what
    changed are recomputed once, in the caller's transaction. Nested uses join the outermost."""
    if _pending.get() is not None:
        yield
        return
    pending: dict[int, set[int] | None] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    # Only reached when the block succeeded: a failed write changes nothing to keep.
    for institution_id, year_groups in pending.items():
        refresh(institution_id, today or local_today(), year_groups)


def changed(institution: Institution | int, year_groups: Iterable[int] | None = ALL) -> None:
    """Note that coverage of these year groups (ALL: every one) may have changed.

    Inside keeping() they are recomputed at its end; outside, the counts are marked stale.
    """
    institution_id = institution if isinstance(institution, int) else institution.pk
    pending = _pending.get()
    if pending is None:
        mark_stale(institution_id)
        return
    if institution_id in pending and pending[institution_id] is ALL:
        return
    if year_groups is ALL:
        pending[institution_id] = ALL
    else:
        pending.setdefault(institution_id, set()).update(year_groups)


def discard() -> None:
    """Forget what the current keeping() noted (its writes are being rolled back)."""
    pending = _pending.get()
    if pending is not None:
        pending.clear()


def mark_stale(institution_id: int) -> None:
    """The next reader rebuilds this institution's counts (one UPDATE, of at most one row)."""
    KeptCoverage.objects.filter(institution_id=institution_id).exclude(as_of=None).update(
        as_of=None
    )


def refresh(
    institution: Institution | int, today: dt.date, year_groups: Iterable[int] | None = ALL
) -> None:
    """Recompute the kept counts of these year groups; of all of them when the rest are not
    today's (then a partial recomputation would mix two days)."""
    rebuild(institution, today, year_groups)


@transaction.atomic
def rebuild(
    institution: Institution | int, today: dt.date, year_groups: Iterable[int] | None = ALL
) -> list[dict]:
    """Compute the counts from scratch (rules.coverage_groups) and keep them; returns the
    institution's groups when all of them were rebuilt."""
    if isinstance(institution, int):
        institution = Institution.objects.get(pk=institution)
    KeptCoverage.objects.get_or_create(institution=institution)
    # The lock: a second rebuild of this institution waits here, then reads what the first wrote.
    header = KeptCoverage.objects.select_for_update().get(institution=institution)
    if header.as_of != today:
        year_groups = ALL
    years = None if year_groups is ALL else sorted(set(year_groups))
    if years == []:
        return []
    computed = rules.coverage_groups(institution, today, years)
    kept = KeptCoverageGroup.objects.filter(institution=institution)
    if years is not None:
        kept = kept.filter(year_group__in=years)
    kept.delete()
    KeptCoverageGroup.objects.bulk_create(
        KeptCoverageGroup(institution=institution, **group) for group in computed
    )
    header.as_of = today
    header.rebuilt_at = timezone.now()
    header.save(update_fields=["as_of", "rebuilt_at"])
    return computed


def rebuild_all(today: dt.date | None = None) -> int:
    """Rebuild every institution's counts here, one after another; returns how many."""
    today = today or local_today()
    done = 0
    for pk in Institution.objects.order_by("pk").values_list("pk", flat=True):
        rebuild(pk, today)
        done += 1
    return done


def year_groups_attending(encounter: Encounter) -> set[int]:
    """The year groups of the learners who took part in `encounter` (one query)."""
    return Learner.objects.filter(attendance__encounter=encounter).year_groups()


# --- Receivers: any write outside the services marks the counts stale ----------------------


def _outside_services() -> bool:
    return _pending.get() is None


def _learner_saved(sender, instance: Learner, **kwargs) -> None:
    if _outside_services():
        mark_stale(instance.institution_id)


def _institution_saved(sender, instance: Institution, **kwargs) -> None:
    # Whether it is a college and its year groups decide which rules apply.
    if _outside_services() and not kwargs.get("created"):
        mark_stale(instance.pk)


def _with_institution(sender, instance, **kwargs) -> None:
    if _outside_services():
        mark_stale(instance.institution_id)


def _attendance_saved(sender, instance: EncounterLearner, **kwargs) -> None:
    if _outside_services():
        KeptCoverage.objects.filter(institution__encounters=instance.encounter_id).exclude(
            as_of=None
        ).update(as_of=None)


def _meeting_saved(sender, instance: GuidanceMeeting, **kwargs) -> None:
    if _outside_services():
        KeptCoverage.objects.filter(institution__learners=instance.learner_id).exclude(
            as_of=None
        ).update(as_of=None)


def _relations_changed(sender, instance, action: str, **kwargs) -> None:
    if not action.startswith("post_") or not _outside_services():
        return
    if isinstance(instance, Encounter):
        mark_stale(instance.institution_id)
    else:  # the reverse side (an organisation's or a learner's encounters)
        for institution_id in (
            Encounter.objects.filter(pk__in=kwargs.get("pk_set") or ())
            .values_list("institution_id", flat=True)
            .distinct()
        ):
            mark_stale(institution_id)


def connect() -> None:
    """Connected in EncountersConfig.ready()."""
    from careers_portal.schools.signals import learners_changed

    for signal in (post_save, post_delete):
        signal.connect(_learner_saved, sender=Learner, dispatch_uid=f"kept.learner.{signal}")
        signal.connect(_with_institution, sender=Encounter, dispatch_uid=f"kept.enc.{signal}")
        signal.connect(_with_institution, sender=Organisation, dispatch_uid=f"kept.org.{signal}")
        signal.connect(_meeting_saved, sender=GuidanceMeeting, dispatch_uid=f"kept.gm.{signal}")
    # Attendance is removed only by services.detach_learner() (which notes it) or by deleting
    # its encounter or learner (whose receivers above see it); a post_delete here would turn
    # every cascade into a query per row.
    post_save.connect(_attendance_saved, sender=EncounterLearner, dispatch_uid="kept.attendance")
    post_save.connect(_institution_saved, sender=Institution, dispatch_uid="kept.institution")
    for through in (
        Encounter.learners.through,
        Encounter.organisations.through,
        Encounter.benchmarks.through,
        Encounter.meaningful_criteria.through,
    ):
        m2m_changed.connect(_relations_changed, sender=through, dispatch_uid=f"kept.m2m.{through}")
    learners_changed.connect(_learners_changed, dispatch_uid="kept.learners_changed")


def _learners_changed(sender, institution: Institution, **kwargs) -> None:
    """The roll changed in bulk (an import, seed_demo): recompute it all, in its transaction."""
    with keeping():
        changed(institution, ALL)
