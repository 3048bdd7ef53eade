"""Writes on institutions' shared data."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from careers_portal.schools.models import AcademicYear, HalfTerm, Institution, Learner

# Typical English half terms as (month, day) pairs: the default every institution starts from,
# until its careers leader enters its own (term_dates_save). Months from September belong to the
# start year, the rest to the next.
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


def term_dates_problems(
    academic_year: AcademicYear, dates: dict[int, tuple[dt.date, dt.date]]
) -> dict[int, str]:
    """What is wrong with a year's half-term dates, per half term, in the leader's words."""
    problems: dict[int, str] = {}
    previous_end = None
    for number in HalfTerm.Number.values:
        start, end = dates[number]
        label = f"HT{number}"
        if start > end:
            problems[number] = f"{label} ends before it starts."
        elif start < academic_year.start_date or end > academic_year.end_date:
            problems[number] = (
                f"{label} must fall within {academic_year.name} "
                f"({academic_year.start_date:%-d %B %Y} to {academic_year.end_date:%-d %B %Y})."
            )
        elif previous_end is not None and start <= previous_end:
            problems[number] = f"{label} starts before HT{number - 1} ends."
        previous_end = end
    return problems


@transaction.atomic
def term_dates_save(
    *,
    institution: Institution,
    academic_year: AcademicYear,
    dates: dict[int, tuple[dt.date, dt.date]],
) -> list[HalfTerm]:
    """Set an institution's own half-term dates for one year (the default stays for the others).

    Whatever pointed at England's default half term of that year for this institution (a plan
    action due "HT3") now points at the institution's own, so its due date follows the school's
    calendar. Found through every model's scoped queryset, so schools never names a higher app.
    """
    if problems := term_dates_problems(academic_year, dates):
        from django.core.exceptions import ValidationError

        raise ValidationError(list(problems.values()))
    had_own = HalfTerm.objects.filter(institution=institution, academic_year=academic_year).exists()
    own = []
    for number, (start, end) in sorted(dates.items()):
        half_term, _ = HalfTerm.objects.update_or_create(
            institution=institution,
            academic_year=academic_year,
            number=number,
            defaults={"start_date": start, "end_date": end},
        )
        own.append(half_term)
    if not had_own:
        _repoint_to_own(institution, academic_year, own)
    return own


def _repoint_to_own(
    institution: Institution, academic_year: AcademicYear, own: list[HalfTerm]
) -> None:
    from careers_portal.schools.models import InstitutionQuerySet

    defaults = {
        ht.number: ht.pk
        for ht in HalfTerm.objects.filter(academic_year=academic_year, institution=None)
    }
    own_by_number = {ht.number: ht.pk for ht in own}
    for relation in HalfTerm._meta.get_fields(include_hidden=True):
        if not (relation.one_to_many and relation.auto_created) or relation.remote_field is None:
            continue
        model, field = relation.related_model, relation.field
        if (
            not isinstance(model._default_manager.all(), InstitutionQuerySet)
            or field.model is HalfTerm
        ):
            continue
        rows = model._default_manager.for_institution(institution)
        for number, default_pk in defaults.items():
            rows.filter(**{field.attname: default_pk}).update(
                **{field.attname: own_by_number[number]}
            )


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


def learners_due_for_retention(*, today: dt.date, years: int, institution_id: int | None = None):
    """Learners who left more than `years` years before `today` and still have their names
    (of one institution, or of all)."""
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    learners = Learner.objects.filter(
        date_of_leaving__isnull=False, date_of_leaving__lt=cutoff, anonymised_at__isnull=True
    )
    if institution_id is not None:
        learners = learners.filter(institution_id=institution_id)
    return learners.order_by("institution_id", "date_of_leaving", "pk")


def learners_apply_retention(
    *, today: dt.date, years: int, institution_id: int | None = None
) -> int:
    """Anonymise every learner (of one institution, or of all) past the retention period;
    returns how many (0 when run again)."""
    done = 0
    due = learners_due_for_retention(today=today, years=years, institution_id=institution_id)
    for learner in due.iterator():
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
