"""The roll from the MIS: headings mapped by synonym, every row checked, then applied all at once.

SIMS, Arbor, Bromcom, ScholarPack and college MIS (ILR-style) exports never agree on headings, so
a heading is normalised (lower case, letters and digits only: "Legal Surname" is "legalsurname")
and looked up among the synonyms below, after the mapping the careers leader last confirmed for
the institution. `check()` reads every row and says what it would do, in the user's words, with
the row number; `apply()` checks again (the roll may have changed since) and writes in one
transaction: every row, or only the valid ones when the leader chose so, or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import re
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from careers_portal.schools.identifiers import uln_is_valid, upn_clean
from careers_portal.schools.models import Institution, Learner, LearnerImportMapping
from careers_portal.schools.signals import learners_changed
from careers_portal.spreadsheets import FieldRules, SchoolDateWidget, restore

# Our field -> (what the leader sees, headings as MIS exports write them, normalised).
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "upn": ("UPN", ("upn", "uniquepupilnumber")),
    "uln": ("ULN", ("uln", "uniquelearnernumber", "learnernumber", "miapuln")),
    "mis_id": (
        "MIS reference",
        (
            "adno",
            "admissionno",
            "admissionnumber",
            "studentid",
            "pupilid",
            "personid",
            "personcode",
            "misid",
            "learnrefnumber",
            "learnerref",
            "lsculin",
            "studentnumber",
        ),
    ),
    "last_name": (
        "Last name",
        (
            "legalsurname",
            "surname",
            "lastname",
            "familyname",
            "preferredsurname",
        ),
    ),
    "first_name": (
        "First name",
        (
            "legalforename",
            "forename",
            "firstname",
            "givennames",
            "givenname",
            "preferredforename",
            "preferredname",
            "preffirstname",
        ),
    ),
    "date_of_birth": ("Date of birth", ("dob", "dateofbirth", "birthdate")),
    "gender": ("Gender", ("gender", "sex", "legalsex", "mf")),
    "year_group": (
        "Year group",
        ("year", "yr", "yeargroup", "ncyear", "curriculumyear", "currentncyear"),
    ),
    "reg_group": (
        "Registration group",
        (
            "reg",
            "reggroup",
            "registrationgroup",
            "regroup",
            "form",
            "formgroup",
            "tutorgroup",
            "formtutorgroup",
            "class",
        ),
    ),
    "send": (
        "SEND",
        ("senstatus", "senprovision", "sen", "send", "senstage"),
    ),
    "disadvantaged": (
        "Disadvantaged (pupil premium)",
        (
            "pupilpremium",
            "pp",
            "pupilpremiumindicator",
            "pupilpremiumeligible",
            "disadvantaged",
            "ever6fsm",
        ),
    ),
    "looked_after": (
        "Looked after",
        ("incare", "inlacare", "lookedafter", "lac", "cla", "everincare"),
    ),
    "eal": ("EAL", ("eal", "englishadditionallanguage", "englishasadditionallanguage")),
    "young_carer": ("Young carer", ("youngcarer",)),
    "roni_score": ("RONI score", ("roni", "roniscore")),
    "planned_end_date": (
        "Planned end date",
        ("plannedenddate", "learnplanenddate", "expectedenddate"),
    ),
}
IDENTIFIERS = ("upn", "uln", "mis_id")
REQUIRED = ("first_name", "last_name", "year_group")
FLAGS = ("disadvantaged", "looked_after", "eal", "young_carer")
LEAVE_OUT = ""
PROGRESS_EVERY = 250


def normalise(heading: str) -> str:
    """A heading as compared: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", str(heading).lower())


_SYNONYMS = {synonym: name for name, (_, synonyms) in FIELDS.items() for synonym in synonyms}


def looks_like_header(cells: list[str]) -> bool:
    """A row that names at least three of our columns: the headings, not a title above them."""
    return len({_SYNONYMS[normalise(c)] for c in cells if normalise(c) in _SYNONYMS}) >= 3


def read(content: bytes, fmt: str) -> tablib.Dataset:
    """The upload as a table, title rows above the headings skipped (uploads' bounds apply)."""
    from careers_portal import uploads

    return uploads.read_table(content, fmt, is_header=looks_like_header)


def suggested_mapping(institution: Institution, headings: list[str]) -> dict[str, str]:
    """Heading -> our field for one file: the leader's saved choice first, then the synonyms.

    A field goes to the first heading that claims it, so a file with both legal and preferred
    names maps the legal ones (listed first by every MIS we know) and leaves the others out.
    """
    saved = LearnerImportMapping.objects.filter(institution=institution).first()
    remembered = saved.columns if saved else {}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for heading in headings:
        key = normalise(heading)
        choice = remembered.get(key)
        if choice is None or (choice and choice not in FIELDS):
            choice = _SYNONYMS.get(key, LEAVE_OUT)
        if choice in taken:
            choice = LEAVE_OUT
        if choice:
            taken.add(choice)
        mapping[heading] = choice
    return mapping


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping, in the leader's words (empty when it can be used)."""
    problems = []
    chosen = [f for f in mapping.values() if f]
    for name in dict.fromkeys(chosen):
        if chosen.count(name) > 1:
            headings = [h for h, f in mapping.items() if f == name]
            problems.append(
                f"{FIELDS[name][0]} is chosen for more than one column "
                f"({', '.join(headings)}): choose it for one only."
            )
    for name in REQUIRED:
        if name not in chosen:
            problems.append(f"Choose the column that holds {FIELDS[name][0].lower()}.")
    if not any(name in chosen for name in IDENTIFIERS):
        problems.append("Choose the column that holds the UPN, the ULN or your MIS reference.")
    return problems


def mapping_save(*, institution: Institution, mapping: dict[str, str]) -> None:
    """Remember the leader's choice per normalised heading, for the next export from the MIS."""
    saved, _ = LearnerImportMapping.objects.get_or_create(institution=institution)
    saved.columns = {**saved.columns, **{normalise(h): f for h, f in mapping.items()}}
    saved.save()


# --- Reading one value --------------------------------------------------------------------------

_YEAR = re.compile(r"^(?:(?:nc\s*)?(?:year|yr|y)\s*)?(\d{1,2})$", re.IGNORECASE)
_SEN = {
    "n": "N",
    "no": "N",
    "none": "N",
    "nosen": "N",
    "nospecialeducationalneeds": "N",
    "k": "K",
    "sensupport": "K",
    "support": "K",
    "e": "E",
    "ehcp": "E",
    "ehcplan": "E",
    "ehc": "E",
    "educationhealthandcareplan": "E",
    "s": "E",
    "statement": "E",
    "statemented": "E",
}
_SEN_LEGACY = {"a": "K", "p": "K", "schoolaction": "K", "schoolactionplus": "K"}
_TRUE = {"y", "yes", "true", "t", "1"}
_FALSE = {"n", "no", "false", "f", "0", ""}
_GENDER = {
    "m": "M",
    "male": "M",
    "boy": "M",
    "f": "F",
    "female": "F",
    "girl": "F",
    "o": "O",
    "other": "O",
    "x": "O",
    "u": "",
    "unknown": "",
    "notknown": "",
    "": "",
}
_DATES = SchoolDateWidget()
# Excel counts days from 30 December 1899; a CSV saved from Excel may keep the number.
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an identifier Excel held as a number: 123.0 is "123"
    return restore(str(value).strip())


def _date(value, label: str) -> dt.date | None:
    if isinstance(value, float) and not value.is_integer():  # NaN, infinity or a fraction
        value = str(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 5:
        value = _EXCEL_EPOCH + dt.timedelta(days=int(value.strip()))
    try:
        return _DATES.clean(value if not isinstance(value, str) else value.strip())
    except ValueError as problem:
        raise ValueError(f"{label}: {problem}") from None


# --- Checking the file --------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    name: str = ""
    reg_group: str = ""
    outcome: str = "unchanged"  # new, update, unchanged, error
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    learner: Learner | None = None


@dataclass
class Report:
    rows: list[Row]
    not_in_file: list[Learner]
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def wrong(self) -> int:
        return self.count("error")

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or self.wrong > 0

    @property
    def errors(self) -> list[Row]:
        return [row for row in self.rows if row.outcome == "error"]


def _parse_row(cells: dict[str, object], row: Row) -> None:
    """Our values from one row's mapped cells; problems go to row.errors in the user's words."""
    values = row.values
    for name, raw in cells.items():
        label = FIELDS[name][0]
        text = _text(raw) if not isinstance(raw, dt.date) else ""
        if name == "upn":
            if text:
                cleaned = upn_clean(text.replace(" ", ""))
                if cleaned is None:
                    row.errors.append(
                        f"The UPN {text} is not valid: its check letter or local authority code "
                        "is wrong. Check it against your MIS."
                    )
                else:
                    values[name] = cleaned
                    if cleaned[-1].isalpha():
                        row.warnings.append(f"The UPN {cleaned} is a temporary UPN.")
            else:
                values[name] = ""
        elif name == "uln":
            if text and not uln_is_valid(text):
                row.errors.append(
                    f"The ULN {text} is not valid: a ULN is 10 digits and its last digit is a "
                    "check digit. Check it against your MIS."
                )
            else:
                values[name] = text
        elif name in ("first_name", "last_name", "reg_group", "mis_id"):
            values[name] = text
        elif name == "year_group":
            match = _YEAR.match(text)
            if not text:
                row.errors.append("The year group is missing.")
            elif not match or not 7 <= int(match.group(1)) <= 14:
                row.errors.append(
                    f"The year group {text!r} is not one we know: write 7 to 14, as 10, Y10 or "
                    "Year 10."
                )
            else:
                values[name] = int(match.group(1))
        elif name == "send":
            key = normalise(text)
            if key in _SEN:
                values[name] = _SEN[key]
            elif key in _SEN_LEGACY:
                values[name] = _SEN_LEGACY[key]
                row.warnings.append(
                    f"SEND {text!r} is a code from before 2014: read as SEN support."
                )
            elif not key:
                values[name] = Learner.Send.NONE
            else:
                row.errors.append(
                    f"The SEND code {text!r} is unknown: use N (none), K (SEN support) or "
                    "E (EHC plan)."
                )
        elif name in FLAGS:
            key = text.lower()
            if key in _TRUE:
                values[name] = True
            elif key in _FALSE:
                values[name] = False
            else:
                row.errors.append(f"{label} {text!r} is unknown: write Y or N.")
        elif name == "gender":
            key = normalise(text)
            if key in _GENDER:
                values[name] = _GENDER[key]
            else:
                row.errors.append(f"The gender {text!r} is unknown: write F, M or O.")
        elif name == "roni_score":
            if not text:
                values[name] = None
            else:
                try:
                    number = float(text)
                except ValueError:
                    number = -1
                if number < 0 or not number.is_integer() or number > 100:
                    row.errors.append(f"The RONI score {text!r} is not a whole number.")
                else:
                    values[name] = int(number)
        elif name in ("date_of_birth", "planned_end_date"):
            try:
                values[name] = _date(raw, label)
            except ValueError as problem:
                row.errors.append(f"{problem}")
    for name in ("first_name", "last_name"):
        if name in values and not values[name]:
            row.errors.append(f"The {FIELDS[name][0].lower()} is missing.")
    identifier_wrong = any(e.startswith(("The UPN", "The ULN")) for e in row.errors)
    if not identifier_wrong and not any(values.get(name) for name in IDENTIFIERS):
        row.errors.append("The row has no UPN, ULN or MIS reference.")


def _cross_check_year(row: Row, today: dt.date) -> None:
    """Warn when the year group is not the one the date of birth gives (a typo in either).

    National curriculum year = age on the 31 August before the academic year, minus 4. Only a
    warning: learners taught out of their year group are real (and a college's year is loose).
    """
    born, year = row.values.get("date_of_birth"), row.values.get("year_group")
    if not born or not year:
        return
    start = today.year if today.month >= 9 else today.year - 1
    expected = start - born.year - ((born.month, born.day) > (8, 31)) - 4
    if expected != year:
        row.warnings.append(
            f"Born {born:%-d %B %Y}, this learner would usually be in Year {expected}, "
            f"not Year {year}: check the year group and the date of birth."
        )


# What Learner.clean_fields() checks, for the rows whose values plainly pass it.
_FIELD_RULES = FieldRules(Learner)


def _plainly_valid(learner: Learner, values: dict) -> bool:
    """Whether learner.full_clean() would surely pass, told without it (it costs 0.1 ms a row).

    False means "not sure": the caller then runs full_clean(), whose messages the row shows.
    The fields' rules come from the model (spreadsheets.FieldRules); Learner.clean()'s are
    checked here, the UPN only when it is not the one the file gave (already cleaned).
    """
    if not _FIELD_RULES.plainly_valid(learner.__dict__.get):
        return False
    # Learner.clean(): a UPN parsed from the file is already clean; one held before is checked.
    upn = learner.upn
    if upn and upn != values.get("upn") and upn_clean(upn) != upn:
        return False
    if learner.uln and not uln_is_valid(learner.uln):
        return False
    return bool(upn or learner.uln or learner.mis_id)


def check(
    *,
    institution: Institution,
    dataset: tablib.Dataset,
    mapping: dict[str, str],
    today: dt.date | None = None,
    progress=None,
) -> Report:
    """What importing the file would do, row by row; nothing is written.

    Set-based: the institution's learners are read once; no query runs per row. `progress`,
    when given, is called with (rows done, rows in all) every few hundred rows.
    """
    today = today or timezone.localdate()
    problems = mapping_problems(mapping)
    if problems:
        return Report(rows=[], not_in_file=[], problems=problems)
    columns = [(index, mapping.get(h, "")) for index, h in enumerate(dataset.headers)]
    columns = [(index, name) for index, name in columns if name]
    existing = list(Learner.objects.for_institution(institution).filter(anonymised_at=None))
    by_id = {
        name: {getattr(lr, name): lr for lr in existing if getattr(lr, name)}
        for name in IDENTIFIERS
    }
    seen: dict[tuple[str, str], int] = {}
    matched: set[int] = set()
    rows: list[Row] = []
    first_data_row = getattr(dataset, "first_row_number", 2)
    total = len(dataset)
    for offset, cells in enumerate(dataset):
        if progress is not None and offset and offset % PROGRESS_EVERY == 0:
            progress(offset, total)
        row = Row(number=first_data_row + offset)
        rows.append(row)
        _parse_row({name: cells[index] for index, name in columns}, row)
        values = row.values
        row.name = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
        row.reg_group = values.get("reg_group", "")
        for name in IDENTIFIERS:
            key = values.get(name)
            if not key:
                continue
            if (name, key) in seen:
                row.errors.append(
                    f"The {FIELDS[name][0]} {key} is also on row {seen[name, key]}: "
                    "each learner once."
                )
            else:
                seen[name, key] = row.number
        found = {by_id[name].get(values.get(name)) for name in IDENTIFIERS if values.get(name)}
        found.discard(None)
        if len(found) > 1:
            row.errors.append(
                "Its identifiers belong to different learners already here ("
                + " and ".join(sorted(str(lr) for lr in found))
                + "): check the UPN, ULN and MIS reference."
            )
        learner = next(iter(found)) if len(found) == 1 else None
        if row.errors:
            row.outcome = "error"
            continue
        _cross_check_year(row, today)
        row.learner = learner
        target = learner or Learner(institution=institution)
        before = {name: getattr(target, name) for name in values}
        was_left = learner is not None and learner.date_of_leaving is not None
        for name, value in values.items():
            if name in IDENTIFIERS and not value and learner is not None:
                continue  # a column left empty never removes an identifier we hold
            setattr(target, name, value)
        if learner is not None and learner.date_of_leaving is not None:
            target.date_of_leaving = None
        try:
            if not _plainly_valid(target, values):
                # The institution is ours (validating the key would query once per row).
                target.full_clean(
                    exclude=["institution"], validate_unique=False, validate_constraints=False
                )
        except ValidationError as problem:
            for name, messages in problem.message_dict.items():
                label = FIELDS.get(name, (name.replace("_", " ").capitalize(),))[0]
                row.errors.extend(f"{label}: {message}" for message in messages)
            row.outcome = "error"
            if learner is not None:
                learner.refresh_from_db()
            continue
        if learner is None:
            row.outcome = "new"
            row.learner = target
        else:
            matched.add(learner.pk)
            row.changes = [
                FIELDS[name][0] for name in values if before[name] != getattr(learner, name)
            ]
            if was_left:
                row.changes.append("Back on roll")
            row.outcome = "update" if row.changes else "unchanged"
    for row in rows:
        if row.outcome == "error" and row.learner is None:
            # A wrong row that names a learner we hold still keeps them out of "not in this file".
            for name in IDENTIFIERS:
                held = by_id[name].get(row.values.get(name))
                if held is not None:
                    matched.add(held.pk)
    not_in_file = [lr for lr in existing if lr.pk not in matched and lr.date_of_leaving is None]
    not_in_file.sort(key=lambda lr: (lr.year_group, lr.last_name, lr.first_name))
    return Report(rows=rows, not_in_file=not_in_file)


@transaction.atomic
def apply(
    *,
    institution: Institution,
    dataset: tablib.Dataset,
    mapping: dict[str, str],
    today: dt.date,
    skip_invalid: bool = False,
    mark_left: bool = False,
    progress=None,
) -> Report:
    """Check the file again and write it in one transaction: every row, or none.

    With `skip_invalid` the wrong rows are left out and the rest written; without it a wrong row
    writes nothing. With `mark_left` learners on roll who are not in the file are marked as left
    today (never deleted: their encounters and destinations still count).
    """
    report = check(
        institution=institution, dataset=dataset, mapping=mapping, today=today, progress=progress
    )
    if report.problems or (report.wrong and not skip_invalid):
        return report
    write(institution=institution, report=report, mapping=mapping, today=today, mark_left=mark_left)
    return report


def write(
    *,
    institution: Institution,
    report: Report,
    mapping: dict[str, str],
    today: dt.date,
    mark_left: bool = False,
) -> None:
    """The apply step on its own: a checked report's new and changed learners written (its wrong
    rows left out), and with `mark_left` those not in the file marked as left, all in the
    caller's transaction. apply() checks first; `make bench` times this step by itself."""
    new = [row.learner for row in report.rows if row.outcome == "new"]
    changed = [row.learner for row in report.rows if row.outcome == "update"]
    fields = sorted({name for name in FIELDS if name in mapping.values()} | {"date_of_leaving"})
    left = report.not_in_file if mark_left else []
    for learner in left:
        learner.date_of_leaving = today
    _writer()(new=new, changed=changed, fields=fields, left=left, today=today)
    if new or changed or left:
        learners_changed.send(sender=Learner, institution=institution)
    if len(new) + len(changed) > ANALYSE_AFTER_ROWS:
        # Fresh statistics, so the next pages plan on the roll as it now is; once it has
        # committed, so the apply's transaction (and its locks) is not held for it.
        transaction.on_commit(analyse_learner_tables)


# A bigger import than this changes the roll enough to mislead the query planner until
# autovacuum gets round to it.
ANALYSE_AFTER_ROWS = 2000


def analyse_learner_tables() -> None:
    """ANALYZE the tables an import fills: the learners and their history rows."""
    tables = [
        connection.ops.quote_name(t)
        for t in (Learner._meta.db_table, Learner.history.model._meta.db_table)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        else:  # SQLite's planner reads statistics too, but ANALYZE takes one table at a time
            for table in tables:
                cursor.execute(f"ANALYZE {table}")


def _writer():
    """Set-wise SQL on PostgreSQL; the ORM's bulk writes on SQLite (the same rows either way)."""
    return _write_set_wise if connection.vendor == "postgresql" else _write_by_orm


def _write_by_orm(*, new, changed, fields, left, today) -> None:
    """The learners written in bulk with their history rows, on any database."""
    if new:
        bulk_create_with_history(new, Learner, batch_size=500)
    if changed:
        bulk_update_with_history(changed, Learner, fields, batch_size=500)
    if left:
        bulk_update_with_history(left, Learner, ["date_of_leaving"], batch_size=500)


def _write_set_wise(*, new, changed, fields, left, today) -> None:
    """The same writes on PostgreSQL in a fixed number of statements: the new and changed
    learners copied (COPY) into a temporary table, then inserted and updated from it by the
    database, each statement also writing the history rows of what it wrote (as
    bulk_create_with_history and bulk_update_with_history would, with one time for all).

    Applying 10,000 new learners with their history takes about 0.25 s this way, the deferred
    foreign-key checks and the coverage rebuild included; through the ORM's bulk writes, 1.4 to
    2 s (README, "Import figures").
    """
    history = Learner.history.model
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        history = None
    quote = connection.ops.quote_name
    table = quote(Learner._meta.db_table)
    columns = [f.attname for f in Learner._meta.concrete_fields]
    listed = ", ".join(quote(c) for c in columns)
    inserted = ", ".join(quote(c) for c in columns if c != "id")
    values = operator.attrgetter(*columns)
    user = _history_user(new or changed or left)
    with connection.cursor() as cursor:
        if new or changed:
            # Without the table's constraints: a new learner has no id yet.
            cursor.execute(
                "DROP TABLE IF EXISTS pg_temp.learner_import_rows; "
                "CREATE TEMPORARY TABLE learner_import_rows ON COMMIT DROP AS "
                f"SELECT {listed}, true AS import_new FROM {table} WITH NO DATA"
            )
            _copy(
                cursor,
                "learner_import_rows",
                [*columns, "import_new"],
                [(*values(learner), True) for learner in new]
                + [(*values(learner), False) for learner in changed],
            )
        if new:
            sql, then = _with_history(
                f"INSERT INTO {table} ({inserted}) SELECT {inserted} FROM learner_import_rows "
                f"WHERE import_new RETURNING {listed}",
                history,
                "+",
                user,
            )
            cursor.execute(f"{sql} RETURNING id, upn, uln, mis_id", then)
            # The ids onto the report's learners, as bulk_create sets them: each new row has an
            # identifier that no other row of the file has.
            ids = {tuple(found[1:]): found[0] for found in cursor.fetchall()}
            for learner in new:
                learner.pk = ids[learner.upn, learner.uln, learner.mis_id]
                learner._state.adding, learner._state.db = False, connection.alias
        if changed:
            setting = ", ".join(f"{quote(f)} = s.{quote(f)}" for f in fields)
            sql, then = _with_history(
                f"UPDATE {table} AS l SET {setting} FROM learner_import_rows AS s "
                f"WHERE NOT s.import_new AND l.id = s.id "
                f"RETURNING {', '.join(f'l.{quote(c)}' for c in columns)}",
                history,
                "~",
                user,
            )
            cursor.execute(sql, then)
        if left:
            sql, then = _with_history(
                f"UPDATE {table} SET date_of_leaving = %s WHERE id = ANY(%s) RETURNING {listed}",
                history,
                "~",
                user,
            )
            cursor.execute(sql, [today, [learner.pk for learner in left], *then])


def _history_user(learners: list[Learner]) -> int | None:
    """Who the history rows name: the signed-in user of the request, as simple_history takes."""
    if not learners:
        return None
    user = Learner.history.model.get_default_history_user(learners[0])
    return getattr(user, "pk", None)


def _with_history(statement: str, history, history_type: str, user: int | None) -> tuple:
    """(SQL, parameters): `statement`, which returns the learners' columns, writing their
    history rows too, all at one time (the statement returns the history rows' columns)."""
    if history is None:  # SIMPLE_HISTORY_ENABLED is off
        return statement.rsplit(" RETURNING ", 1)[0], []
    quote = connection.ops.quote_name
    tracked = ", ".join(quote(f.attname) for f in history.tracked_fields)
    own = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    sql = (
        f"WITH written AS ({statement}) "
        f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, {own}) "
        f"SELECT {tracked}, %s, NULL, %s, %s FROM written"
    )
    return sql, [timezone.now(), history_type, user]


def _copy(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    """COPY rows of Python values (text, numbers, dates, booleans, None) into `table`.

    CSV with every value but None quoted: PostgreSQL reads a quoted "" as empty text and an
    unquoted empty value as NULL.
    """
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NOTNULL, lineterminator="\n").writerows(rows)
    sql = (
        f"COPY {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        "FROM STDIN WITH (FORMAT csv)"
    )
    buffer.seek(0)
    # Through Django's cursor, so that the statement is logged and counted like the others.
    if hasattr(cursor, "copy_expert"):  # psycopg2
        cursor.copy_expert(sql, buffer)
    else:  # psycopg 3
        with cursor.copy(sql) as copy:
            copy.write(buffer.getvalue())


# --- Big files: checked and applied by the worker (import_jobs.py) -----------------------------


def _job_check(job, dataset: tablib.Dataset, progress):
    from careers_portal.schools.import_jobs import Checked, ResultRow

    report = check(
        institution=job.institution,
        dataset=dataset,
        mapping=job.options.get("mapping", {}),
        progress=progress,
    )
    rows = []
    for row in report.rows:
        label = f"{row.name} ({row.reg_group})" if row.reg_group else row.name
        details = [*row.errors, *row.warnings]
        if row.changes:
            details.append("Changes: " + ", ".join(row.changes) + ".")
        rows.append(ResultRow(row.number, label, row.outcome, details))
    notes = []
    if report.not_in_file:
        count = len(report.not_in_file)
        notes.append(
            f"{count:,} learner{'s' if count != 1 else ''} on roll "
            f"{'are' if count != 1 else 'is'} not in this file. They stay on roll unless you "
            "choose to mark them as left."
        )
    return Checked(rows=rows, problems=report.problems, notes=notes)


def _job_apply(job, dataset: tablib.Dataset, choices: dict) -> str:
    from careers_portal.schools.import_jobs import ImportRefused

    skip = bool(choices.get("skip_invalid"))
    report = apply(
        institution=job.institution,
        dataset=dataset,
        mapping=job.options.get("mapping", {}),
        today=timezone.localdate(),
        skip_invalid=skip,
        mark_left=bool(choices.get("mark_left")),
    )
    if report.problems or (report.wrong and not skip):
        raise ImportRefused(
            "some rows have errors. Fix them in your MIS and upload the file again, or choose "
            "to leave those rows out."
        )
    return summary(report, marked_left=bool(choices.get("mark_left")))


def summary(report: Report, *, marked_left: bool) -> str:
    """What an applied import did, in one sentence."""
    text = f"{report.new:,} added, {report.updated:,} updated, {report.unchanged:,} unchanged"
    if report.wrong:
        text += f", {report.wrong:,} left out with errors"
    if marked_left and report.not_in_file:
        text += f", {len(report.not_in_file):,} marked as left"
    return f"Learners imported: {text}."


def importer():
    """The roll import as the background jobs run it."""
    from careers_portal.schools.import_jobs import Choice, Importer

    return Importer(
        kind="learners",
        title="Import learners from your MIS",
        capability="learners.edit",
        read=read,
        check=_job_check,
        apply=_job_apply,
        done_url="learners:list",
        back_url="learners:import",
        choices=(
            Choice(
                "skip_invalid",
                "Import the rows without errors and leave out the rows with errors",
            ),
            Choice("mark_left", "Mark the learners who are not in this file as left today"),
        ),
        can_skip_invalid=True,
    )
