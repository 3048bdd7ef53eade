"""Encounters from a spreadsheet, checked whole and set-based, then applied in one transaction.

The file is read once (careers_portal/uploads.py bounds it) and checked against lookup tables
loaded once each: the institution's departments, organisations and encounters with the titles
in the file, the evidenced benchmarks, the meaningful criteria and the year groups on roll. No
query runs per row, so 5,000 rows check in about a second; django-import-export's per-row
lookups, saves and history records took some 0.2 s a row.

Applying writes everything set-wise in one transaction, or nothing: the encounters in bulk, their
relations, the learners on roll in their year groups, one attendance change and one history
record (with its relations) per encounter, as logging one by hand does. Importing the app's own
export updates the encounters it names (matched on title and date) instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from benchmarks import selectors as benchmark_selectors
from careers_portal.schools.models import Department, Institution, Learner
from careers_portal.spreadsheets import FieldRules, SchoolDateWidget, restore
from encounters import kept as kept_counts
from encounters import rules
from encounters.models import (
    ENCOUNTER_HISTORY,
    EVIDENCED_BENCHMARKS,
    HISTORY_M2M_FIELDS,
    AttendanceChange,
    Encounter,
    EncounterLearner,
    Organisation,
)

Progress = Callable[[int, int], None]  # (rows done, rows in all)

# Our column -> headings accepted, normalised (lower case, letters and digits only).
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "whathappened", "encounter", "name"),
    "date": ("date", "day", "dateofencounter"),
    "kind": ("kind", "type", "kindofencounter"),
    "in_school_day": ("inschoolday", "intheschoolday", "schoolday"),
    "department": ("department", "dept", "subject"),
    "organisations": ("organisations", "organisation", "organizations", "employers"),
    "benchmarks": ("benchmarks", "benchmark", "benchmarksitevidences"),
    "meaningful_criteria": ("meaningfulcriteria", "meaningfulcriteriamet", "criteria"),
    "year_groups": ("yeargroups", "yeargroup", "years", "year"),
    "is_pal": ("ispal", "pal", "countsforpal"),
    "purpose": ("purpose",),
    "reflections": ("reflections",),
    "employer_feedback": ("employerfeedback", "feedback"),
}
REQUIRED = ("title", "date", "kind")
TEXT = ("purpose", "reflections", "employer_feedback")
RELATIONS = ("organisations", "benchmarks", "meaningful_criteria")
_SYNONYMS = {synonym: name for name, synonyms in COLUMNS.items() for synonym in synonyms}
_TRUE = {"1", "y", "yes", "true", "t"}
_FALSE = {"0", "n", "no", "false", "f"}
_DATES = SchoolDateWidget()
PROGRESS_EVERY = 250
YEAR_GROUPS_MESSAGE = "Year groups are numbers from 1 to 14 separated by ';', for example 9;10."


def normalise(heading) -> str:
    return re.sub(r"[^a-z0-9]", "", str(heading or "").lower())


@dataclass
class ImportRow:
    number: int
    title: str
    outcome: str  # "new", "update" or "error"
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    encounter: Encounter | None = None


@dataclass
class ImportReport:
    rows: list[ImportRow]
    applied: bool = False
    problems: list[str] = field(default_factory=list)  # about the file as a whole
    all_criteria: list = field(default_factory=list)  # the meaningful criteria, read once

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or any(row.outcome == "error" for row in self.rows)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


# --- Reading one cell ----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore(str(value)).strip()


def parse_year_groups(value) -> list[int]:
    """Year groups written "9;10", "Y9, Y10" or "Year 9"; ValueError with the format expected."""
    text = _text(value)
    if not text:
        return []
    try:
        years = {
            int(float(part.strip().upper().removeprefix("YEAR").removeprefix("Y").strip()))
            for part in text.replace(",", ";").split(";")
            if part.strip()
        }
    except (ValueError, OverflowError):
        raise ValueError(YEAR_GROUPS_MESSAGE) from None
    if not all(1 <= year <= 14 for year in years):
        raise ValueError(YEAR_GROUPS_MESSAGE)
    return sorted(years)


def parse_kind(value) -> str:
    """The kind by its code or its label ("Employer talk")."""
    code = _KINDS.get(_text(value).lower())
    if code is not None:
        return code
    raise ValueError(
        f"Unknown kind {_text(value)!r}: use one of {', '.join(Encounter.Kind.labels)}."
    )


def parse_yes_no(value, label: str, default: bool) -> bool:
    text = _text(value).lower()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{label} {_text(value)!r} is unknown: write Y or N (or 1 or 0).")


def _parts(value) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in _text(value).split(";") if p.strip()))


# --- The lookup tables, one query each ------------------------------------------------------------


@dataclass
class _Lookups:
    departments: dict[str, Department]
    organisations: dict[str, Organisation]
    benchmarks: dict[str, object]
    criteria: dict[tuple[str, str], object]
    all_criteria: list
    years_on_roll: set[int]
    existing: dict[tuple[str, dt.date], list[Encounter]]


def _lookups(institution: Institution, titles: set[str]) -> _Lookups:
    criteria = list(benchmark_selectors.meaningful_criteria())
    existing: dict[tuple[str, dt.date], list[Encounter]] = defaultdict(list)
    for encounter in Encounter.objects.for_institution(institution).filter(title__in=titles):
        existing[encounter.title, encounter.date].append(encounter)
    return _Lookups(
        departments={d.name.lower(): d for d in Department.objects.for_institution(institution)},
        organisations={
            o.name.lower(): o for o in Organisation.objects.for_institution(institution)
        },
        benchmarks={
            str(b.number): b for b in benchmark_selectors.benchmarks(**EVIDENCED_BENCHMARKS)
        },
        criteria={(str(c.benchmark_number), c.code.lower()): c for c in criteria},
        all_criteria=criteria,
        years_on_roll=Learner.objects.for_institution(institution).on_roll().year_groups(),
        existing=existing,
    )


SIMPLE = ("title", "date", "kind", "in_school_day", "is_pal", *TEXT)
_FIELD_RULES = FieldRules(Encounter, list(SIMPLE))
# A kind by its code or its label in any case: the first choice that matches, as the list reads.
_KINDS: dict[str, str] = {}
for _code, _label in Encounter.Kind.choices:
    _KINDS.setdefault(_code, _code)
    _KINDS.setdefault(_label.lower(), _code)


def _check_row(row: ImportRow, cells: dict[str, object], found: _Lookups, today: dt.date) -> None:
    """Every error of one row at once, in the user's words; the values go to row.values."""
    values, errors = row.values, row.errors

    def field_error(name: str, message: str) -> None:
        errors.append(f"{name.replace('_', ' ')}: {message}")

    title = _text(cells.get("title"))
    if not title:
        field_error("title", "The title (what happened) is missing.")
    elif len(title) > 200:
        field_error("title", f"The title has {len(title)} characters: keep it to 200.")
    values["title"] = title
    try:
        raw = cells.get("date")
        day = _DATES.clean(restore(raw.strip()) if isinstance(raw, str) else raw)
    except ValueError as problem:
        field_error("date", str(problem))
    else:
        if day is None:
            field_error("date", "The date is missing: write it as 2026-10-05 or 5/10/2026.")
        elif day > rules.academic_year_end(today):
            field_error(
                "date",
                f"The date is after the end of this academic year "
                f"({rules.academic_year_end(today):%-d %B %Y}). Log an encounter once it is "
                "planned for this year, or check the year you typed.",
            )
        values["date"] = day
    try:
        values["kind"] = parse_kind(cells.get("kind"))
    except ValueError as problem:
        field_error("kind", str(problem))
    for name, label, default in (
        ("in_school_day", "In the school day", True),
        ("is_pal", "PAL", False),
    ):
        if name in cells:
            try:
                values[name] = parse_yes_no(cells[name], label, default)
            except ValueError as problem:
                field_error(name, str(problem))
    if "department" in cells:
        name = _text(cells["department"])
        values["department"] = found.departments.get(name.lower()) if name else None
        if name and values["department"] is None:
            known = ", ".join(sorted(d.name for d in found.departments.values())[:12])
            field_error(
                "department",
                f"Unknown department {name!r}"
                + (f": use one of {known}." if known else ": there are no departments yet."),
            )
    if "organisations" in cells:
        wanted = _parts(cells["organisations"])
        unknown = [n for n in wanted if n.lower() not in found.organisations]
        if unknown:
            field_error("organisations", f"Unknown organisation: {', '.join(unknown)}.")
        values["organisations"] = [
            found.organisations[n.lower()] for n in wanted if n.lower() in found.organisations
        ]
    if "benchmarks" in cells:
        wanted = [p.upper().removeprefix("BM").strip() for p in _parts(cells["benchmarks"])]
        unknown = [n for n in wanted if n not in found.benchmarks]
        if unknown:
            field_error("benchmarks", f"Unknown benchmark: {', '.join(unknown)}.")
        values["benchmarks"] = [found.benchmarks[n] for n in wanted if n in found.benchmarks]
    if "meaningful_criteria" in cells:
        chosen = []
        for part in _parts(cells["meaningful_criteria"]):
            number, _, code = part.partition(":")
            criterion = found.criteria.get((number.strip(), code.strip().lower()))
            if criterion is None:
                field_error(
                    "meaningful_criteria",
                    f"Unknown meaningful criterion {part!r}: write it as 5:purpose.",
                )
            else:
                chosen.append(criterion)
        values["meaningful_criteria"] = list(dict.fromkeys(chosen))
    if "year_groups" in cells:
        try:
            years = parse_year_groups(cells["year_groups"])
        except ValueError as problem:
            field_error("year_groups", str(problem))
        else:
            empty = [year for year in years if year not in found.years_on_roll]
            if empty:
                names = ", ".join(f"Year {year}" for year in empty)
                field_error(
                    "year_groups",
                    f"No learners are on roll in {names}. Untick it, or import your learners "
                    "first.",
                )
            values["year_groups"] = years
    for name in TEXT:
        if name in cells:
            values[name] = _text(cells[name])
    if not errors and not _FIELD_RULES.plainly_valid(
        lambda name: values.get(name, FieldRules.ABSENT)
    ):
        # The model's own field rules (lengths, choices), without a query: only for a row
        # whose values may break one, as building and validating a probe costs 0.1 ms a row.
        probe = Encounter(**{name: values[name] for name in SIMPLE if name in values})
        try:
            probe.clean_fields(
                exclude=[f.name for f in Encounter._meta.fields if f.name not in values]
            )
        except ValidationError as problem:
            for name, messages in problem.message_dict.items():
                errors.extend(f"{name.replace('_', ' ')}: {m}" for m in messages)
    if values.get("is_pal"):
        if not values.get("in_school_day", True):
            field_error(
                "is_pal",
                "Only encounters in the school day count for PAL. Untick PAL or tick 'in the "
                "school day'.",
            )
        elif not rules.pal_suggested(
            in_school_day=True, organisations=values.get("organisations", ())
        ):
            field_error(
                "is_pal",
                "PAL counts encounters with an approved provider. Add the provider, or untick PAL.",
            )


def check(
    *,
    institution: Institution,
    dataset: tablib.Dataset,
    today: dt.date,
    progress: Progress | None = None,
) -> ImportReport:
    """What importing the file would do, row by row, every error at once; nothing is written."""
    columns: dict[str, int] = {}
    for index, heading in enumerate(dataset.headers or []):
        name = _SYNONYMS.get(normalise(heading))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        return ImportReport(
            rows=[],
            problems=[
                "The file needs a column for "
                + ", ".join(name.replace("_", " ") for name in missing)
                + ": its first row should name the columns, as an export does."
            ],
        )
    titles = {_text(cells[columns["title"]]) for cells in dataset}
    found = _lookups(institution, titles)
    rows: list[ImportRow] = []
    seen: dict[tuple[str, dt.date], int] = {}
    first = getattr(dataset, "first_row_number", 2)
    total = len(dataset)
    for offset, cells in enumerate(dataset):
        row = ImportRow(number=first + offset, title="", outcome="new")
        rows.append(row)
        _check_row(row, {name: cells[index] for name, index in columns.items()}, found, today)
        row.title = row.values.get("title", "")
        key = (row.values.get("title"), row.values.get("date"))
        if key[0] and key[1]:
            if key in seen:
                row.errors.append(
                    f"The encounter {key[0]!r} on {key[1]:%-d %B %Y} is also on row "
                    f"{seen[key]}: each encounter once."
                )
            else:
                seen[key] = row.number
            matches = found.existing.get(key, [])
            if len(matches) > 1:
                row.errors.append(
                    f"There are {len(matches)} encounters called {key[0]!r} on "
                    f"{key[1]:%-d %B %Y} already: rename one of them first."
                )
            elif matches:
                row.encounter = matches[0]
                row.outcome = "update"
        if row.errors:
            row.outcome = "error"
        if progress and (offset + 1) % PROGRESS_EVERY == 0:
            progress(offset + 1, total)
    if progress:
        progress(total, total)
    return ImportReport(rows=rows, all_criteria=found.all_criteria)


# --- Applying ------------------------------------------------------------------------------------


def _relation_ids(name: str, encounter_ids: list[int]) -> dict[int, list[int]]:
    """The ids of one relation for these encounters, in one query."""
    through = getattr(Encounter, name).through
    target = getattr(Encounter, name).field.m2m_reverse_field_name()
    held: dict[int, list[int]] = defaultdict(list)
    for encounter_id, target_id in through.objects.filter(
        encounter_id__in=encounter_ids
    ).values_list("encounter_id", f"{target}_id"):
        held[encounter_id].append(target_id)
    return held


@transaction.atomic
def apply(
    *,
    institution: Institution,
    dataset: tablib.Dataset,
    by,
    today: dt.date,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the file again and write it in one transaction: every row, or none."""
    with kept_counts.keeping(today):
        return _apply(
            institution=institution, dataset=dataset, by=by, today=today, progress=progress
        )


def _apply(
    *,
    institution: Institution,
    dataset: tablib.Dataset,
    by,
    today: dt.date,
    progress: Progress | None = None,
) -> ImportReport:
    report = check(institution=institution, dataset=dataset, today=today, progress=progress)
    if report.has_errors:
        return report
    now = timezone.now()
    new = [row for row in report.rows if row.outcome == "new"]
    updated = [row for row in report.rows if row.outcome == "update"]
    updated_ids = [row.encounter.pk for row in updated]
    # What updated encounters hold in relations the file does not set (their history keeps all).
    held = {name: _relation_ids(name, updated_ids) for name in HISTORY_M2M_FIELDS}
    criteria_by_id = {c.pk: c for c in report.all_criteria}
    benchmark_numbers = benchmark_selectors.benchmark_numbers()

    for row in new:
        row.encounter = Encounter(institution=institution, logged_by=by)
    for row in [*new, *updated]:
        encounter, values = row.encounter, row.values
        for name in SIMPLE:
            if name in values:
                setattr(encounter, name, values[name])
        if "department" in values:
            encounter.department = values["department"]
        if "year_groups" in values:
            encounter.year_groups = values["year_groups"]
        if row.outcome == "update":
            encounter.version += 1
        numbers = (
            {b.number for b in values["benchmarks"]}
            if "benchmarks" in values
            else {benchmark_numbers[pk] for pk in held["benchmarks"].get(encounter.pk, [])}
        )
        met = (
            values["meaningful_criteria"]
            if "meaningful_criteria" in values
            else [criteria_by_id[pk] for pk in held["meaningful_criteria"].get(encounter.pk, [])]
        )
        missing = rules.missing_criteria(numbers, met, report.all_criteria)
        for number in rules.MEANINGFUL_BENCHMARKS:
            setattr(encounter, f"meaningful_bm{number}", rules.is_meaningful(number, missing))
    if new:
        Encounter.objects.bulk_create([row.encounter for row in new], batch_size=500)
    if updated:
        Encounter.objects.bulk_update(
            [row.encounter for row in updated],
            [
                *SIMPLE,
                "department",
                "year_groups",
                "version",
                "meaningful_bm5",
                "meaningful_bm6",
                "meaningful_bm7",
            ],
            batch_size=500,
        )
    written = report.rows
    # Relations: replaced where the file gives them, kept where it does not.
    relation_rows: dict[str, list] = {}
    for name in HISTORY_M2M_FIELDS:
        through = getattr(Encounter, name).through
        target = getattr(Encounter, name).field.m2m_reverse_field_name()
        given = [row for row in written if name in row.values]
        through.objects.filter(
            encounter_id__in=[row.encounter.pk for row in given if row.outcome == "update"]
        ).delete()
        created = through.objects.bulk_create(
            [
                through(encounter_id=row.encounter.pk, **{f"{target}_id": item.pk})
                for row in given
                for item in row.values[name]
            ],
            batch_size=1000,
        )
        kept = through.objects.filter(
            encounter_id__in=[
                row.encounter.pk
                for row in written
                if row.outcome == "update" and name not in row.values
            ]
        )
        relation_rows[name] = [*created, *kept]
    _attach_year_groups(institution, written, by=by, now=now)
    _write_history(written, relation_rows, by=by, now=now)
    # Bulk writes send no signals: the kept coverage counts are recomputed at the end of this
    # transaction (encounters.kept).
    kept_counts.changed(institution, kept_counts.ALL)
    report.applied = True
    return report


def _attach_year_groups(institution: Institution, rows: list[ImportRow], *, by, now) -> None:
    """Every learner on roll in each encounter's year groups, as logging one does; none removed.

    The attendance is inserted by the database, one INSERT ... SELECT per combination of year
    groups in the file: 5,000 encounters of a year group of 300 are 1.5 million rows, which as
    Python objects would take gigabytes. Counts for the attendance changes come from two
    aggregate queries.
    """
    on_roll = Learner.objects.for_institution(institution).on_roll()
    per_year = dict(
        on_roll.values_list("year_group").annotate(n=Count("pk")).values_list("year_group", "n")
    )
    updated = [row.encounter.pk for row in rows if row.outcome == "update"]
    attending: dict[tuple[int, int], int] = {
        (encounter_id, year): n
        for encounter_id, year, n in EncounterLearner.objects.filter(
            encounter_id__in=updated,
            learner__date_of_leaving__isnull=True,
            learner__anonymised_at__isnull=True,
        )
        .values_list("encounter_id", "learner__year_group")
        .annotate(n=Count("pk"))
        .values_list("encounter_id", "learner__year_group", "n")
    }
    by_years: dict[tuple[int, ...], list[int]] = defaultdict(list)
    changes = []
    for row in rows:
        encounter = row.encounter
        years = tuple(sorted(set(encounter.year_groups)))
        added = sum(
            per_year.get(year, 0) - attending.get((encounter.pk, year), 0) for year in years
        )
        if added > 0:
            by_years[years].append(encounter.pk)
            changes.append(
                AttendanceChange(
                    encounter_id=encounter.pk,
                    action=AttendanceChange.Action.ADDED,
                    count=added,
                    year_groups=list(years),
                    changed_by=by,
                    changed_at=now,
                )
            )
    links, learners = EncounterLearner._meta.db_table, Learner._meta.db_table
    # Table names are ours and the values are parameters.
    with connection.cursor() as cursor:
        for years, encounter_ids in by_years.items():
            for start in range(0, len(encounter_ids), 500):
                chunk = encounter_ids[start : start + 500]
                cursor.execute(
                    f"INSERT INTO {links} (encounter_id, learner_id) "
                    f"SELECT e.id, l.id FROM {Encounter._meta.db_table} e, {learners} l "
                    f"WHERE e.id IN ({', '.join(['%s'] * len(chunk))}) "
                    "AND l.institution_id = %s "
                    f"AND l.year_group IN ({', '.join(['%s'] * len(years))}) "
                    "AND l.date_of_leaving IS NULL AND l.anonymised_at IS NULL "
                    "ON CONFLICT DO NOTHING",
                    [*chunk, institution.pk, *years],
                )
    AttendanceChange.objects.bulk_create(changes, batch_size=1000)


def _write_history(rows: list[ImportRow], relation_rows: dict[str, list], *, by, now) -> None:
    """One history record per encounter, its relations included, as a change by hand writes."""
    history = Encounter.history.model
    records = history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_type="+" if row.outcome == "new" else "~",
                history_user=by,
                history_change_reason="Imported from a spreadsheet",
                **{f.attname: getattr(row.encounter, f.attname) for f in history.tracked_fields},
            )
            for row in rows
        ],
        batch_size=500,
    )
    record_of = {record.id: record for record in records}
    models_by_name = {f.name: model for f, model in ENCOUNTER_HISTORY.m2m_models.items()}
    for name, through_rows in relation_rows.items():
        model = models_by_name[name]
        model.objects.bulk_create(
            [
                model(
                    history_id=record_of[link.encounter_id].history_id,
                    **{f.attname: getattr(link, f.attname) for f in link._meta.fields},
                )
                for link in through_rows
                if link.encounter_id in record_of
            ],
            batch_size=1000,
        )


def encounters_import(
    *,
    institution: Institution,
    by,
    today: dt.date,
    dataset: tablib.Dataset,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the file (dry run) or apply it, every row or none."""
    if dry_run:
        return check(institution=institution, dataset=dataset, today=today, progress=progress)
    return apply(institution=institution, dataset=dataset, by=by, today=today, progress=progress)


# --- Big files: checked and applied by the worker (careers_portal/schools/import_jobs.py) ------


def _job_check(job, dataset: tablib.Dataset, progress: Progress):
    from careers_portal.dates import today
    from careers_portal.schools.import_jobs import Checked, ResultRow

    report = check(institution=job.institution, dataset=dataset, today=today(), progress=progress)
    return Checked(
        rows=[ResultRow(row.number, row.title, row.outcome, row.errors) for row in report.rows],
        problems=report.problems,
    )


def _job_apply(job, dataset: tablib.Dataset, choices: dict) -> str:
    from careers_portal.dates import today
    from careers_portal.schools.import_jobs import ImportRefused

    report = apply(institution=job.institution, dataset=dataset, by=job.created_by, today=today())
    if report.has_errors:
        raise ImportRefused(
            "a row has an error now (the roll or the organisations changed since the check). "
            "Upload the file again to see it."
        )
    return (
        f"{len(report.rows):,} encounters imported: {report.count('new'):,} new, "
        f"{report.count('update'):,} updated."
    )


def importer():
    """The encounters import as the background jobs run it."""
    from careers_portal import uploads
    from careers_portal.schools.import_jobs import Importer

    return Importer(
        kind="encounters",
        title="Import encounters",
        capability="encounters.edit_any",
        read=lambda content, fmt: uploads.read_table(content, fmt),
        check=_job_check,
        apply=_job_apply,
        done_url="encounters:list",
        back_url="encounters:import",
    )
