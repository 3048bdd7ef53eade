"""Writes on institutions' shared data."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from careers_portal.schools.models import AcademicYear, HalfTerm

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
