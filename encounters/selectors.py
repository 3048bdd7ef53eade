"""Reads for the encounter pages: lists, a learner's record, the learning outcomes audit."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from simple_history.utils import get_m2m_reverse_field_name

from benchmarks.models import CdiLearningArea, SkillsBuilderSkill
from careers_portal.schools.models import Institution, Learner
from encounters import rules
from encounters.models import (
    ENCOUNTER_HISTORY,
    HISTORY_M2M_FIELDS,
    Encounter,
    EncounterLearner,
    GuidanceMeeting,
    Organisation,
    OrganisationContact,
)


def encounter_list(institution: Institution, *, year_start: dt.date | None = None):
    """Encounters, newest first, with their learner count and organisations, in three queries."""
    encounters = (
        Encounter.objects.for_institution(institution)
        .select_related("department")
        .annotate(learner_count=Count("attendance", distinct=True))
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.only("name")),
            "benchmarks",
        )
    )
    if year_start is not None:
        encounters = encounters.filter(date__gte=year_start)
    return encounters.order_by("-date", "-pk")


def encounter_learners(encounter: Encounter, *, name: str = ""):
    """The learners who took part, by year group and name; those whose name has `name`."""
    learners = Learner.objects.filter(attendance__encounter=encounter)
    if name:
        learners = learners.filter(Q(first_name__icontains=name) | Q(last_name__icontains=name))
    return learners.order_by("year_group", "last_name", "first_name", "pk")


def attendance_count(encounter: Encounter) -> int:
    return EncounterLearner.objects.filter(encounter=encounter).count()


def learners_matching(institution: Institution, query: str):
    """Learners on roll whose first or last name has `query`, or whose UPN it is: the one
    learner search of the encounter and guidance pages."""
    words = query.split()
    learners = Learner.objects.for_institution(institution).on_roll()
    if len(words) > 1:
        # "Amy Smith" or "Smith Amy": every word in one of the names.
        for word in words:
            learners = learners.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    else:
        learners = learners.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(upn__iexact=query)
        )
    return learners.order_by("last_name", "first_name", "pk")


def learners_to_add(encounter: Encounter, query: str):
    """Learners on roll matching a name or UPN who are not yet on the encounter."""
    return learners_matching(encounter.institution, query).exclude(attendance__encounter=encounter)


def year_counts(institution: Institution) -> dict[int, int]:
    """Learners on roll per year group."""
    return dict(
        Learner.objects.for_institution(institution)
        .on_roll()
        .order_by()
        .values("year_group")
        .annotate(n=Count("pk"))
        .values_list("year_group", "n")
    )


# --- Figures for the pages above us (insights: dashboards and the annual report) -------------


@dataclass
class CoverageSummary:
    """BM5-8 coverage on one day: the rules in words, per year group and per cohort."""

    rules: list[tuple[int, str, str]]
    by_year: list[rules.CoverageRow]
    by_cohort: list[rules.CoverageRow]


def coverage_summary(institution: Institution, today: dt.date) -> CoverageSummary:
    """Coverage of BM5-8 by year group and by cohort, from one grouped query."""
    calendar = rules.calendar_for(today)
    groups = rules.coverage_groups(institution, today)
    return CoverageSummary(
        rules=rules.coverage_rules(institution),
        by_year=rules.coverage_by_year_group(institution, calendar, groups),
        by_cohort=rules.coverage_by_cohort(institution, calendar, groups),
    )


def pal_summary(institution: Institution, today: dt.date) -> list[rules.PalPhase]:
    """Provider Access compliance per phase on one day (two queries)."""
    return rules.pal_phases(institution, today)


def encounters_by_benchmark(institution: Institution, start: dt.date, end: dt.date) -> list[dict]:
    """Encounters between two days per benchmark evidenced, and how many were meaningful
    (BM5-7 only: the others have no meaningful criteria). One query."""
    meaningful = {5: "meaningful_bm5", 6: "meaningful_bm6", 7: "meaningful_bm7"}
    rows = (
        Encounter.objects.for_institution(institution)
        .filter(date__gte=start, date__lte=end, benchmarks__isnull=False)
        .values("benchmarks__number")
        .annotate(
            encounters=Count("pk", distinct=True),
            **{
                f"m{n}": Count("pk", distinct=True, filter=Q(**{field: True}))
                for n, field in meaningful.items()
            },
        )
        .order_by()
    )
    found = {row["benchmarks__number"]: row for row in rows}
    result = []
    for number in range(1, 9):
        row = found.get(number, {})
        result.append(
            {
                "number": number,
                "encounters": row.get("encounters", 0),
                "meaningful": row.get(f"m{number}") if number in meaningful else None,
            }
        )
    return result


def learners_for_guidance(institution: Institution):
    """Learners on roll, with a RONI score, SEND or disadvantaged first, and their meetings."""
    priority = Case(
        When(
            Q(roni_score__isnull=False) | ~Q(send=Learner.Send.NONE) | Q(disadvantaged=True),
            then=Value(0),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Learner.objects.for_institution(institution)
        .on_roll()
        .annotate(priority=priority, meetings=Count("guidance_meetings"))
        .order_by("priority", "-roni_score", "year_group", "last_name", "first_name")
    )


def learner_record(learner: Learner) -> dict:
    """Everything careers-related about one learner: encounters and guidance meetings."""
    encounters = (
        Encounter.objects.filter(attendance__learner=learner)
        .select_related("department")
        .prefetch_related("organisations", "benchmarks")
        .order_by("-date")
    )
    meetings = GuidanceMeeting.objects.filter(learner=learner).order_by("-date")
    return {"encounters": encounters, "meetings": meetings}


def outcomes_audit(institution: Institution, today: dt.date) -> dict:
    """CDI areas and Skills Builder skills x year groups: encounters this year meeting each."""
    encounters = list(
        Encounter.objects.for_institution(institution)
        .filter(
            date__gte=rules.academic_year_start(today), date__lte=rules.academic_year_end(today)
        )
        .values_list("pk", "year_groups")
    )
    years_of = {pk: set(years) for pk, years in encounters}
    year_groups = institution.year_groups
    cdi_links = Encounter.cdi_areas.through.objects.filter(encounter_id__in=years_of).values_list(
        "encounter_id", "cdilearningarea__code"
    )
    skill_links = Encounter.skills.through.objects.filter(encounter_id__in=years_of).values_list(
        "encounter_id", "skillsbuilderskill_id"
    )
    cdi_counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for encounter_id, code in cdi_links:
        for year in years_of[encounter_id]:
            cdi_counts[code][year] += 1
    skill_counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for encounter_id, skill_id in skill_links:
        for year in years_of[encounter_id]:
            skill_counts[skill_id][year] += 1
    areas = {}
    for area in CdiLearningArea.objects.order_by("order"):
        areas.setdefault(area.code, area.title)
    cdi_rows = [
        (title, [cdi_counts[code][year] for year in year_groups]) for code, title in areas.items()
    ]
    skill_rows = [
        (skill.name, [skill_counts[skill.pk][year] for year in year_groups])
        for skill in SkillsBuilderSkill.objects.all()
    ]
    return {"year_groups": year_groups, "cdi_rows": cdi_rows, "skill_rows": skill_rows}


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    who: str
    changes: list[str]


# The fields an encounter's history names when they change, in the order the form shows them.
HISTORY_FIELDS = (
    "title",
    "date",
    "in_school_day",
    "department",
    "kind",
    "year_groups",
    "purpose",
    "is_pal",
    "reflections",
    "employer_feedback",
)
# Free text can be long: the history says that it changed, not what it now says.
HISTORY_TEXT_FIELDS = {"purpose", "reflections", "employer_feedback"}


def _who(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else "Unknown"


def _value_label(record, name: str) -> str:
    value = getattr(record, name)
    if name == "department":
        return str(record.department) if record.department_id else "None"
    if name == "kind":
        return Encounter.Kind(value).label if value in Encounter.Kind.values else str(value)
    if name == "year_groups":
        return ", ".join(f"Year {year}" for year in sorted(value or [])) or "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return str(value) if value not in (None, "") else "None"


def _related_names(record_ids: list[int]) -> dict[str, dict[int, set[str]]]:
    """For each tracked relation: history record id -> names of what it held, one query each."""
    held: dict[str, dict[int, set[str]]] = {}
    for name in HISTORY_M2M_FIELDS:
        field = Encounter._meta.get_field(name)
        target = get_m2m_reverse_field_name(field)
        rows = (
            ENCOUNTER_HISTORY.m2m_models[field]
            .objects.filter(history_id__in=record_ids)
            .select_related(target)
        )
        by_record: dict[int, set[str]] = defaultdict(set)
        for row in rows:
            related = getattr(row, target)
            by_record[row.history_id].add(
                _related_label(related) if related is not None else "(deleted)"
            )
        held[name] = by_record
    return held


def _related_label(related) -> str:
    number = getattr(related, "number", None)
    if number is not None and hasattr(related, "version"):
        return f"BM{number}"
    return getattr(related, "text", None) or str(related)


def encounter_history(encounter: Encounter) -> list[HistoryEntry]:
    """Every change to the encounter, oldest first: who, when, what; 8 queries however many."""
    records = list(
        encounter.history.select_related("history_user", "department").order_by(
            "history_date", "history_id"
        )
    )
    held = _related_names([record.history_id for record in records])
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes: list[str] = []
        if previous is None or record.history_type == "+":
            changes.append("Logged the encounter")
        elif record.history_type == "-":
            changes.append("Deleted the encounter")
        else:
            for name in HISTORY_FIELDS:
                before, after = getattr(previous, name), getattr(record, name)
                if name == "department":
                    before, after = previous.department_id, record.department_id
                if before == after:
                    continue
                label = Encounter._meta.get_field(name).verbose_name
                label = "year groups" if name == "year_groups" else label
                if name in HISTORY_TEXT_FIELDS:
                    changes.append(f"Changed {label}")
                else:
                    changes.append(
                        f"Changed {label} from {_value_label(previous, name)} "
                        f"to {_value_label(record, name)}"
                    )
        for name, by_record in held.items():
            label = Encounter._meta.get_field(name).verbose_name
            now = by_record.get(record.history_id, set())
            before = by_record.get(previous.history_id, set()) if previous else set()
            if added := sorted(now - before):
                changes.append(f"Added to {label}: {', '.join(added)}")
            if removed := sorted(before - now):
                changes.append(f"Removed from {label}: {', '.join(removed)}")
        if previous is not None and record.history_type == "~" and not changes:
            changes.append("Saved with no change")
        entries.append(HistoryEntry(record.history_date, _who(record.history_user), changes))
        previous = record
    for change in encounter.attendance_changes.select_related("changed_by", "learner"):
        entries.append(HistoryEntry(change.changed_at, _who(change.changed_by), [change.summary]))
    entries.sort(key=lambda entry: entry.at)
    return entries


def encounter_of(institution: Institution, pk: int) -> Encounter | None:
    """One encounter of the institution, or None (never another's): for the apps beside us."""
    return Encounter.objects.for_institution(institution).filter(pk=pk).first()


def feedback_contacts(encounter: Encounter) -> list[dict]:
    """The people at the encounter's organisations who have an email address, for feedback.

    Contacts with a name, role and email first; then any address written in an organisation's
    free-text contacts (kept as it was typed before contacts were people), once each.
    """
    found, seen = [], set()
    for contact in (
        OrganisationContact.objects.filter(organisation__encounters=encounter)
        .exclude(email="")
        .select_related("organisation")
    ):
        if contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            found.append(
                {
                    "name": contact.name,
                    "email": contact.email,
                    "organisation": contact.organisation.name,
                }
            )
    for organisation in encounter.organisations.all():
        for email in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", organisation.contacts or ""):
            if email.lower() not in seen:
                seen.add(email.lower())
                found.append({"name": "", "email": email, "organisation": organisation.name})
    return found
