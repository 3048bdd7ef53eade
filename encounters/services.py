"""Writes with a rule: logging encounters, attaching learners, organisations, guidance.

Imports are in resources.py: the resource calls these services, so they never import it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from difflib import SequenceMatcher

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.functions import Lower

from benchmarks.selectors import Benchmark, CdiLearningArea, SkillsBuilderSkill
from careers_portal.locking import claim_version
from careers_portal.schools.models import AcademicYear, HalfTerm, Institution, Learner
from encounters import kept, programme, rules, selectors
from encounters.models import (
    ENCOUNTER_HISTORY,
    HISTORY_M2M_FIELDS,
    MONTHS_OF_HALF_TERM,
    AttendanceChange,
    Encounter,
    EncounterLearner,
    GuidanceMeeting,
    Organisation,
    OrganisationContact,
    PlannedActivity,
)

SIMPLE_FIELDS = (
    "title",
    "date",
    "in_school_day",
    "department",
    "kind",
    "purpose",
    "is_pal",
    "reflections",
    "employer_feedback",
    "planned_activity",
)
# Every relation an encounter's writes set is one its history keeps.
M2M_FIELDS = HISTORY_M2M_FIELDS


def validate_encounter(
    *,
    institution: Institution,
    date: dt.date,
    year_groups: Iterable[int],
    today: dt.date,
    is_pal: bool = False,
    in_school_day: bool = True,
    organisations: Iterable[Organisation] = (),
    check_year_groups: bool = True,
) -> None:
    """The rules an encounter's input must meet, as one ValidationError by field."""
    errors: dict[str, str] = {}
    if date > rules.academic_year_end(today):
        errors["date"] = (
            f"The date is after the end of this academic year "
            f"({rules.academic_year_end(today):%-d %B %Y}). "
            "Log an encounter once it is planned for this year, or check the year you typed."
        )
    if check_year_groups:
        years = sorted(set(year_groups))
        on_roll = (
            Learner.objects.for_institution(institution)
            .on_roll()
            .filter(year_group__in=years)
            .year_groups()
        )
        empty = [year for year in years if year not in on_roll]
        if empty:
            names = ", ".join(f"Year {year}" for year in empty)
            errors["year_groups"] = (
                f"No learners are on roll in {names}. Untick it, or import your learners first."
            )
    if is_pal and not in_school_day:
        errors["is_pal"] = (
            "Only encounters in the school day count for PAL. "
            "Untick PAL or tick 'in the school day'."
        )
    elif is_pal and not rules.pal_suggested(
        in_school_day=in_school_day, organisations=organisations
    ):
        errors["is_pal"] = (
            "PAL counts encounters with an approved provider. Add the provider, or untick PAL."
        )
    if errors:
        raise ValidationError(errors)


def validate_planned_activity(
    *, institution: Institution, date: dt.date, activity: PlannedActivity | None
) -> None:
    """An encounter delivers an activity of its own institution's programme for its year."""
    if activity is None:
        return
    if activity.institution_id != institution.pk:
        raise ValidationError({"planned_activity": "Choose one of your own planned activities."})
    year = activity.academic_year
    if date and not (year.start_date <= date <= year.end_date):
        raise ValidationError(
            {
                "planned_activity": f"'{activity.title}' is planned for {year.name}, and the "
                f"date is outside that year. Check the date, or choose an activity of the "
                "programme for the year it happened."
            }
        )


def encounter_refresh_meaningful(encounter: Encounter) -> None:
    """Store whether it is meaningful for BM5/6/7: benchmark evidenced, all its criteria met."""
    missing = rules.encounter_missing_criteria(encounter)
    flags = {f"meaningful_bm{n}": rules.is_meaningful(n, missing) for n in (5, 6, 7)}
    Encounter.objects.filter(pk=encounter.pk).update(**flags)
    was = {name: getattr(encounter, name) for name in flags}
    encounter.refresh_from_db(fields=list(flags))
    if was != flags:
        # Everyone who took part is now covered differently (kept counts, encounters.kept).
        with kept.keeping():
            kept.changed(encounter.institution_id, kept.year_groups_attending(encounter))


def attach_learners(
    encounter: Encounter, learner_ids: Iterable[int], *, by=None, year_groups: Iterable[int] = ()
) -> int:
    """Attach learners of the encounter's institution in one statement; returns the new count.

    The change is kept in one AttendanceChange row (who, when, how many, which year groups or
    which learner), whatever the number of learners.
    """
    found = dict(
        Learner.objects.for_institution(encounter.institution)
        .filter(pk__in=list(learner_ids))
        .values_list("pk", "year_group")
    )
    return _attach(
        encounter,
        Learner.objects.filter(pk__in=found),
        by=by,
        year_groups=year_groups,
        years=set(found.values()),
    )


def _attach(encounter: Encounter, learners, *, by, year_groups: Iterable[int], years: set[int]):
    """Attach `learners` (a query of the encounter's institution's learners, of the year groups
    `years`), and bring the kept coverage counts of those years up to date."""
    with kept.keeping():
        added = _attach_rows(encounter, learners, by=by, year_groups=year_groups)
        if added:
            kept.changed(encounter.institution_id, years)
    return added


def _attach_rows(encounter: Encounter, learners, *, by, year_groups: Iterable[int]) -> int:
    """One INSERT ... SELECT of the attendance rows, by the database: a year group of 3,000 costs
    what one of 30 does, with no learner read into Python; those already attending are left."""
    try:
        sql, params = learners.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # no learner at all (an empty list of ids)
        return 0
    table = connection.ops.quote_name(EncounterLearner._meta.db_table)
    with connection.cursor() as cursor:
        # "WHERE true": SQLite needs it to read ON CONFLICT as the INSERT's, not a join's.
        cursor.execute(
            f"INSERT INTO {table} (encounter_id, learner_id) "
            f"SELECT %s, chosen.* FROM ({sql}) AS chosen WHERE true "
            "ON CONFLICT DO NOTHING RETURNING learner_id",
            [encounter.pk, *params],
        )
        new = [row[0] for row in cursor.fetchall()]
    if new:
        AttendanceChange.objects.create(
            encounter=encounter,
            action=AttendanceChange.Action.ADDED,
            count=len(new),
            learner_id=new[0] if len(new) == 1 and not year_groups else None,
            year_groups=sorted(set(year_groups)),
            changed_by=by,
        )
    return len(new)


def attach_year_groups(encounter: Encounter, year_groups: Iterable[int], *, by=None) -> int:
    """Attach every learner on roll in these year groups; returns how many were new."""
    year_groups = sorted(set(year_groups))
    learners = (
        Learner.objects.for_institution(encounter.institution)
        .on_roll()
        .filter(year_group__in=year_groups)
    )
    return _attach(encounter, learners, by=by, year_groups=year_groups, years=set(year_groups))


@contextmanager
def _one_history_record(encounter: Encounter, history_type: str, by) -> Iterator[None]:
    """One history record for a whole change, written once its fields and relations are set.

    Without this, saving and then setting each relation would write a record apiece, the first
    with none of the relations yet.
    """
    encounter.skip_history_when_saving = True
    try:
        yield
    finally:
        del encounter.skip_history_when_saving
    write_history_record(encounter, history_type, by)


def write_history_record(encounter: Encounter, history_type: str, by) -> None:
    """The encounter's history record as it stands now, its relations included."""
    if by is not None:
        encounter._history_user = by
    ENCOUNTER_HISTORY.create_historical_record(encounter, history_type)


def _save_with_relations(encounter: Encounter, data: dict, *, history_type: str, by) -> None:
    """Save the encounter, set the relations given in `data`, and refresh its meaningful flags."""
    encounter.full_clean()
    with _one_history_record(encounter, history_type, by):
        encounter.save()
        for name in M2M_FIELDS:
            if name in data:
                getattr(encounter, name).set(data[name])
        encounter_refresh_meaningful(encounter)


def _with_new_organisation(institution: Institution, data: dict, new: dict | None) -> None:
    # An organisation typed into the form but not added with its button is added now, in the
    # encounter's transaction: if the encounter is refused, the organisation is not kept.
    if new:
        created = organisation_create(institution=institution, **new)
        data["organisations"] = [*data.get("organisations", ()), created]


@transaction.atomic
@kept.keeping()
def encounter_log(
    *,
    institution: Institution,
    by,
    today: dt.date,
    year_groups: Iterable[int] = (),
    new_organisation: dict | None = None,
    **data,
) -> Encounter:
    """Log an encounter and attach every learner on roll in its year groups; `new_organisation`
    (an organisation's fields) is created and linked too."""
    _with_new_organisation(institution, data, new_organisation)
    year_groups = sorted({int(year) for year in year_groups})
    validate_encounter(
        institution=institution,
        date=data["date"],
        year_groups=year_groups,
        today=today,
        is_pal=data.get("is_pal", False),
        in_school_day=data.get("in_school_day", True),
        organisations=data.get("organisations", ()),
    )
    validate_planned_activity(
        institution=institution, date=data["date"], activity=data.get("planned_activity")
    )
    encounter = Encounter(
        institution=institution,
        logged_by=by,
        year_groups=year_groups,
        **{name: data[name] for name in SIMPLE_FIELDS if name in data},
    )
    _save_with_relations(encounter, data, history_type="+", by=by)
    attach_year_groups(encounter, year_groups, by=by)
    return encounter


@transaction.atomic
@kept.keeping()
def encounter_update(
    *,
    encounter: Encounter,
    today: dt.date,
    year_groups: Iterable[int] = (),
    by=None,
    new_organisation: dict | None = None,
    expected_version: int | None = None,
    **data,
) -> Encounter:
    """Change an encounter; learners of newly added year groups are attached, none are removed;
    `new_organisation` (an organisation's fields) is created and linked too. Refused with
    EditConflict when someone saved it since `expected_version` (the version the form opened)."""
    claim_version(encounter, expected_version or encounter.version)
    _with_new_organisation(encounter.institution, data, new_organisation)
    year_groups = sorted({int(year) for year in year_groups})
    added_years = set(year_groups) - set(encounter.year_groups)
    validate_encounter(
        institution=encounter.institution,
        date=data.get("date", encounter.date),
        year_groups=added_years,
        today=today,
        is_pal=data.get("is_pal", encounter.is_pal),
        in_school_day=data.get("in_school_day", encounter.in_school_day),
        organisations=data.get("organisations", encounter.organisations.all()),
    )
    validate_planned_activity(
        institution=encounter.institution,
        date=data.get("date", encounter.date),
        activity=data.get("planned_activity", encounter.planned_activity),
    )
    for name in SIMPLE_FIELDS:
        if name in data:
            setattr(encounter, name, data[name])
    encounter.year_groups = year_groups
    _save_with_relations(encounter, data, history_type="~", by=by)
    if added_years:
        attach_year_groups(encounter, added_years, by=by)
    # Its date, kind or organisations may have changed how everyone who took part is covered.
    kept.changed(encounter.institution_id, kept.year_groups_attending(encounter))
    return encounter


# The criteria answers to a survey can evidence, and the encounter's text that keeps them.
EVIDENCE_FIELDS = {"reflection": "reflections", "feedback": "employer_feedback"}


@transaction.atomic
@kept.keeping()
def encounter_evidence_record(*, encounter: Encounter, code: str, summary: str, by=None) -> int:
    """Record answers as the evidence of the encounter's reflection or employer feedback: the
    criterion ticked for each benchmark it evidences, `summary` added to the text kept for it
    (once). Returns how many criteria were ticked."""
    field = EVIDENCE_FIELDS[code]
    claim_version(encounter, encounter.version)
    criteria = list(selectors.criteria_to_evidence(encounter, code))
    text = getattr(encounter, field)
    if summary not in text:
        setattr(encounter, field, f"{text}\n\n{summary}".strip())
    data = {"meaningful_criteria": [*encounter.meaningful_criteria.all(), *criteria]}
    _save_with_relations(encounter, data, history_type="~", by=by)
    kept.changed(encounter.institution_id, kept.year_groups_attending(encounter))
    return len(criteria)


def detach_learner(encounter: Encounter, learner: Learner, *, by=None) -> None:
    """Remove one learner from an encounter (they did not take part), keeping who did it."""
    deleted, _ = EncounterLearner.objects.filter(encounter=encounter, learner=learner).delete()
    if deleted:
        with kept.keeping():
            kept.changed(encounter.institution_id, [learner.year_group])
        AttendanceChange.objects.create(
            encounter=encounter,
            action=AttendanceChange.Action.REMOVED,
            count=1,
            learner=learner,
            changed_by=by,
        )


def similar_organisations(
    institution: Institution, name: str, *, limit: int = 5
) -> list[Organisation]:
    """Organisations whose names look like `name`, ignoring case, "Ltd", "the" and the like."""
    key = _name_key(name)
    if not key:
        return []
    first_word = key.split()[0]
    candidates = Organisation.objects.for_institution(institution).filter(
        name__icontains=first_word
    )[:50]
    found = [
        org for org in candidates if _name_key(org.name) == key or _close(_name_key(org.name), key)
    ]
    return found[:limit]


def organisation_named(institution: Institution, name: str) -> Organisation | None:
    """The one organisation whose name is `name`, ignoring case, spaces, "Ltd", "the" and the
    like; None when there is none, or more than one (then the person must choose)."""
    key = _name_key(name)
    if not key:
        return None
    found = [org for org in similar_organisations(institution, name) if _name_key(org.name) == key]
    return found[0] if len(found) == 1 else None


_NOISE = {"the", "ltd", "limited", "plc", "llp", "co", "and", "&", "uk"}


def _name_key(name: str) -> str:
    words = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in name.lower()).split()
    return " ".join(word for word in words if word not in _NOISE)


def _close(a: str, b: str) -> bool:
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def organisation_create(*, institution: Institution, **data) -> Organisation:
    """Add an organisation; the same name (ignoring case) twice is refused."""
    name = data.get("name", "").strip()
    if Organisation.objects.for_institution(institution).filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": f"{name} is already in your organisations. Choose it from the list."}
        )
    organisation = Organisation(institution=institution, **{**data, "name": name})
    organisation.full_clean()
    organisation.save()
    return organisation


def contact_add(*, organisation: Organisation, name: str, role: str = "", email: str = ""):
    """Add a person at an organisation; the same email address twice there is refused."""
    contact = OrganisationContact(organisation=organisation)
    return _contact_save(contact, name=name, role=role, email=email)


def contact_change(*, contact: OrganisationContact, name: str, role: str = "", email: str = ""):
    """Change a contact's name, role or email address."""
    return _contact_save(contact, name=name, role=role, email=email)


def contact_remove(*, contact: OrganisationContact) -> None:
    """Remove a contact. Feedback already asked of them keeps its invitation and answers."""
    contact.delete()


def _contact_save(contact: OrganisationContact, *, name: str, role: str, email: str):
    contact.name, contact.role, contact.email = name.strip(), role.strip(), email.strip()
    if (
        contact.email
        and OrganisationContact.objects.filter(
            organisation_id=contact.organisation_id, email__iexact=contact.email
        )
        .exclude(pk=contact.pk)
        .exists()
    ):
        raise ValidationError({"email": f"{contact.email} is already one of its contacts."})
    contact.full_clean()
    contact.save()
    return contact


def guidance_meeting_record(*, learner: Learner, by, today: dt.date, **data) -> GuidanceMeeting:
    """Record a personal guidance meeting (BM8)."""
    if data["date"] > today:
        raise ValidationError(
            {
                "date": "A guidance meeting is recorded once it has happened: "
                "the date is in the future."
            }
        )
    meeting = GuidanceMeeting(learner=learner, recorded_by=by, **data)
    meeting.full_clean()
    with transaction.atomic(), kept.keeping(today):
        meeting.save()
        kept.changed(learner.institution_id, [learner.year_group])
    return meeting


def organisations_matching(institution: Institution, query: str, *, limit: int = 10):
    """Organisations whose name contains `query`, for search as you type."""
    query = query.strip()
    organisations = Organisation.objects.for_institution(institution)
    if query:
        organisations = organisations.filter(name__icontains=query)
    return organisations.order_by(Lower("name"))[:limit]


# --- The careers programme ------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "title",
    "year_groups",
    "pathway",
    "half_term",
    "month",
    "kind",
    "learning_outcome",
    "department",
    "lead",
    "organisation",
    "is_pal",
)
ACTIVITY_M2M = ("benchmarks", "cdi_areas", "skills", "meaningful_criteria")


def _activity_save(activity: PlannedActivity, data: dict) -> PlannedActivity:
    for name in ACTIVITY_FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    activity.year_groups = sorted({int(year) for year in activity.year_groups})
    activity.pathway = " ".join(activity.pathway.split())
    _check_same_institution(activity, data)
    activity.full_clean()
    activity.save()
    for name in ACTIVITY_M2M:
        if name in data:
            getattr(activity, name).set(data[name])
    return activity


def _check_same_institution(activity: PlannedActivity, data: dict) -> None:
    for name in ("department", "organisation"):
        related = data.get(name)
        if related is not None and related.institution_id != activity.institution_id:
            raise ValidationError({name: "Choose one of your own."})


@transaction.atomic
def activity_create(
    *, institution: Institution, academic_year: AcademicYear, by=None, **data
) -> PlannedActivity:
    """Plan an activity in the programme of `academic_year`, last in its cell."""
    last = (
        PlannedActivity.objects.for_institution(institution)
        .filter(academic_year=academic_year)
        .aggregate(last=Max("order"))["last"]
    )
    activity = PlannedActivity(
        institution=institution, academic_year=academic_year, order=(last or 0) + 1
    )
    return _activity_save(activity, data)


@transaction.atomic
def activity_update(
    *, activity: PlannedActivity, expected_version: int | None = None, **data
) -> PlannedActivity:
    """Change a planned activity; refused with EditConflict when someone saved it since the
    form opened (`expected_version`)."""
    claim_version(activity, expected_version or activity.version)
    return _activity_save(activity, data)


@transaction.atomic
def activity_move(
    *,
    activity: PlannedActivity,
    half_term: int,
    from_year_group: int | None = None,
    to_year_group: int | None = None,
) -> PlannedActivity:
    """Move an activity to another cell of the journey: another half term, and (from one of its
    year groups) to another year group. A month that is not in the new half term is cleared."""
    if half_term not in HalfTerm.Number.values:
        raise ValidationError({"half_term": "Choose a half term from HT1 to HT6."})
    years = set(activity.year_groups)
    if to_year_group is not None and to_year_group != from_year_group:
        if to_year_group not in activity.institution.year_groups:
            raise ValidationError({"year_groups": f"You do not teach Year {to_year_group}."})
        years.discard(from_year_group)
        years.add(to_year_group)
    month = activity.month
    if month and month not in MONTHS_OF_HALF_TERM[half_term]:
        month = None
    claim_version(activity, activity.version)
    return _activity_save(
        activity, {"half_term": half_term, "month": month, "year_groups": sorted(years)}
    )


def activity_delete(*, activity: PlannedActivity) -> None:
    """Take an activity out of the programme; one that was delivered stays (its encounters
    name it)."""
    if activity.encounters.exists():
        raise ValidationError(
            "It has been delivered: its encounters name it. Edit it instead, or unlink the "
            "encounters first."
        )
    activity.delete()


def _copy(activity: PlannedActivity, *, to_year: AcademicYear, **changes) -> PlannedActivity:
    copy = PlannedActivity(
        institution_id=activity.institution_id,
        academic_year=to_year,
        order=activity.order,
        **{name: getattr(activity, name) for name in ACTIVITY_FIELDS},
        **changes,
    )
    return copy


@transaction.atomic
def programme_copy_forward(
    *, institution: Institution, from_year: AcademicYear, to_year: AcademicYear, by=None
) -> list[PlannedActivity]:
    """Carry the planned activities of `from_year` into `to_year`, without their delivery.

    Idempotent: an activity already carried (its copy points back at it, a one-to-one link)
    is not carried again, so running the new year twice changes nothing the second time.
    """
    if to_year.start_year <= from_year.start_year:
        raise ValidationError("A programme is carried into a later academic year.")
    sources = list(
        PlannedActivity.objects.for_institution(institution)
        .filter(academic_year=from_year, carried_to__isnull=True)
        .prefetch_related(*ACTIVITY_M2M)
        .order_by("half_term", "order", "pk")
    )
    copies = PlannedActivity.objects.bulk_create(
        [_copy(source, to_year=to_year, carried_from=source) for source in sources]
    )
    for name in ACTIVITY_M2M:
        through = getattr(PlannedActivity, name).through
        target = getattr(PlannedActivity, name).field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(plannedactivity_id=copy.pk, **{f"{target}_id": related.pk})
                for source, copy in zip(sources, copies, strict=True)
                for related in getattr(source, name).all()
            ]
        )
    return copies


@transaction.atomic
def programme_apply_template(
    *, institution: Institution, academic_year: AcademicYear, key: str, by=None
) -> list[PlannedActivity]:
    """Start (or add to) a year's programme from one of the app's templates; an activity of the
    template already in the programme (same title and half term) is not added twice, nor one
    for year groups the institution does not teach."""
    template = programme.TEMPLATES.get(key)
    if template is None:
        raise ValidationError("Choose one of the starting templates.")
    existing = set(
        PlannedActivity.objects.for_institution(institution)
        .filter(academic_year=academic_year)
        .values_list("title", "half_term")
    )
    offered = set(institution.year_groups)
    benchmarks = {b.number: b for b in Benchmark.objects.filter(version="2025")}
    areas = {(a.code, a.stage): a for a in CdiLearningArea.objects.all()}
    skills = {s.name: s for s in SkillsBuilderSkill.objects.all()}
    departments = {}
    created = []
    for item in template.activities:
        years = [year for year in item.years if year in offered]
        if (item.title, item.half_term) in existing or not (years or item.pathway):
            continue
        stages = {programme.cdi_stage_for(year) for year in years} or {"11-14"}
        activity = activity_create(
            institution=institution,
            academic_year=academic_year,
            by=by,
            title=item.title,
            year_groups=years,
            pathway=item.pathway,
            half_term=item.half_term,
            month=item.month,
            kind=item.kind,
            learning_outcome=item.outcome,
            lead=item.lead,
            is_pal=item.is_pal,
            department=departments.get(item.lead),
            benchmarks=[benchmarks[n] for n in item.benchmarks if n in benchmarks],
            cdi_areas=[
                areas[(code, stage)]
                for code in item.cdi
                for stage in sorted(stages)
                if (code, stage) in areas
            ],
            skills=[skills[name] for name in item.skills if name in skills],
        )
        created.append(activity)
    return created


def encounter_initial_from_activity(activity: PlannedActivity) -> dict:
    """What logging an encounter from a planned activity starts with: its fields; the champion
    confirms the date and who attended."""
    return {
        "planned_activity": activity.pk,
        "title": activity.title,
        "kind": activity.kind,
        "department": activity.department_id,
        "year_groups": list(activity.year_groups),
        "organisations": [activity.organisation_id] if activity.organisation_id else [],
        "benchmarks": [b.pk for b in activity.benchmarks.all() if b.number in (4, 5, 6, 7)],
        "purpose": activity.learning_outcome,
        "cdi_areas": [area.pk for area in activity.cdi_areas.all()],
        "skills": [skill.pk for skill in activity.skills.all()],
        "meaningful_criteria": [c.pk for c in activity.meaningful_criteria.all()],
        "is_pal": activity.is_pal,
    }
