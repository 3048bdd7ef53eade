"""Writes on institutions' shared data."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from careers_portal.schools.models import AcademicYear, HalfTerm, Learner

# Typical English half terms as (month, day) pairs; each institution's exact dates can be edited
# in the admin. Months from September belong to the start year, the rest to the next.
TYPICAL_HALF_TERMS = [
    ((9, 1), (10, 24)),
    ((11, 3), (12, 19)),
    ((1, 5), (2, 13)),
    ((2, 23), (3, 27)),
    ((4, 13), (5, 22)),
    ((6, 1), (7, 22)),
]


def _date_in(start_year: int, month: int, day: int) -> dt.date:
    return dt.date(start_year if month >= 9 else start_year + 1, month, day)


@transaction.atomic
def academic_year_ensure(*, start_year: int) -> AcademicYear:
    """The academic year starting in September of `start_year`, created with typical half terms."""
    year, created = AcademicYear.objects.get_or_create(
        start_year=start_year,
        defaults={
            "start_date": dt.date(start_year, 9, 1),
            "end_date": dt.date(start_year + 1, 8, 31),
        },
    )
    if created:
        HalfTerm.objects.bulk_create(
            HalfTerm(
                academic_year=year,
                number=number,
                start_date=_date_in(start_year, *start),
                end_date=_date_in(start_year, *end),
            )
            for number, (start, end) in enumerate(TYPICAL_HALF_TERMS, start=1)
        )
    return year


# What anonymising keeps: year group, gender, flags and leaving date, so every aggregate (coverage,
# destinations, cohort gaps) still counts the learner; everything that names them is cleared.
ANONYMISED_VALUES = {
    "upn": "",
    "uln": "",
    "mis_id": "",
    "date_of_birth": None,
    "reg_group": "",
    "roni_score": None,
}


@transaction.atomic
def learner_anonymise(*, learner: Learner, now: dt.datetime | None = None) -> Learner:
    """Clear everything that names a learner, in the row and in every history row of it.

    Other records point at the learner (attendance changes, destinations) rather than copying
    the name, so scrubbing the learner and its history is enough for nothing to name them again.
    """
    from django.utils import timezone

    if learner.anonymised_at is not None:
        return learner  # idempotent: the nightly job and a leader may both get there
    now = now or timezone.now()
    values = {
        **ANONYMISED_VALUES,
        "first_name": "Anonymised",
        "last_name": f"learner {learner.pk}",
    }
    Learner.history.filter(id=learner.pk).update(**values)
    for name, value in values.items():
        setattr(learner, name, value)
    learner.anonymised_at = now
    # One history row records that it happened (who and when), naming nobody.
    learner.save()
    return learner


def learners_due_for_retention(*, today: dt.date, years: int):
    """Learners who left more than `years` years before `today` and still have their names."""
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return Learner.objects.filter(
        date_of_leaving__isnull=False, date_of_leaving__lt=cutoff, anonymised_at__isnull=True
    ).order_by("institution_id", "date_of_leaving", "pk")


def learners_apply_retention(*, today: dt.date, years: int) -> int:
    """Anonymise every learner past the retention period; returns how many (0 when run again)."""
    done = 0
    for learner in learners_due_for_retention(today=today, years=years).iterator():
        learner_anonymise(learner=learner)
        done += 1
    return done


# The details of a learner the careers leader edits on their page (the MIS import sets them too).
LEARNER_DETAILS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "year_group",
    "reg_group",
    "gender",
    "upn",
    "uln",
    "mis_id",
    "planned_end_date",
    "send",
    "disadvantaged",
    "looked_after",
    "eal",
    "young_carer",
    "roni_score",
    "date_of_leaving",
)


@transaction.atomic
def learner_update(*, learner: Learner, by=None, **details) -> Learner:
    """Change a learner's details; the model's rules (identifiers, year group) checked first."""
    unknown = set(details) - set(LEARNER_DETAILS)
    if unknown:
        raise ValueError(f"Not a learner detail: {', '.join(sorted(unknown))}")
    for name, value in details.items():
        setattr(learner, name, value)
    learner.full_clean()
    if by is not None:
        learner._history_user = by
    learner.save()
    return learner
