"""Writes on destination records."""

from __future__ import annotations

from django.db import transaction

from careers_portal.schools.models import AcademicYear, Learner
from destinations.models import DestinationRecord, NccisCode


def nccis_codes_ensure() -> None:
    """The shipped NCCIS codes in the lookup table (the data migration calls the same list)."""
    from destinations.nccis import CODES

    for code, label, category in CODES:
        NccisCode.objects.update_or_create(
            code=code, valid_from=None, defaults={"label": label, "category": category}
        )


def category_for_code(code: str) -> str | None:
    """Our category for an NCCIS activity code (the row valid today), or None if unknown."""
    row = NccisCode.objects.filter(code=code).order_by("-valid_from").first()
    return row.category if row else None


@transaction.atomic
def destination_record(
    *,
    learner: Learner,
    academic_year: AcademicYear,
    stage: str,
    by,
    category: str = "",
    nccis_code: str = "",
    provider: str = "",
    level: str = "",
    date=None,
    source: str = DestinationRecord.Source.LEARNER,
) -> DestinationRecord:
    """Record (or replace) a learner's destination for one stage of a year; history keeps the old.

    With an NCCIS code and no category, the category comes from the code's lookup row, so a
    local authority's return and a leader's entry count the same way.
    """
    if nccis_code and not category:
        category = category_for_code(nccis_code) or ""
    record = (
        DestinationRecord.objects.select_for_update()
        .filter(learner=learner, academic_year=academic_year, stage=stage)
        .first()
    ) or DestinationRecord(learner=learner, academic_year=academic_year, stage=stage)
    record.category = category
    record.nccis_code = nccis_code
    record.provider = provider
    record.level = level
    record.date = date
    record.source = source
    record.recorded_by = by
    record.full_clean(validate_constraints=False, validate_unique=False)
    record.save()
    return record
