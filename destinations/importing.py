"""Destinations from a spreadsheet: the careers leader's own, an MIS export or a local authority
activity file with NCCIS codes. Checked whole, then applied in one transaction (or nothing).

Learners are found by UPN, ULN or MIS reference, read under the same headings as the roll import;
a row gives a category (as we name it) or an NCCIS code (which then decides the category).
Recording a stage again replaces it, so a file imported twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from careers_portal import uploads
from careers_portal.schools import learner_import
from careers_portal.schools.identifiers import upn_clean
from careers_portal.schools.models import AcademicYear, Institution, Learner
from careers_portal.spreadsheets import SchoolDateWidget
from destinations.models import Category, DestinationRecord, NccisCode

COLUMNS: dict[str, tuple[str, ...]] = {
    "upn": ("upn", "uniquepupilnumber"),
    "uln": ("uln", "uniquelearnernumber", "learnernumber", "miapuln"),
    "mis_id": tuple(learner_import.FIELDS["mis_id"][1]),
    "nccis_code": (
        "nccis",
        "ncciscode",
        "activitycode",
        "activity",
        "nccisactivitycode",
        "currentactivitycode",
    ),
    "category": ("category", "destination", "destinationcategory"),
    "provider": (
        "provider",
        "employer",
        "providername",
        "provideroremployer",
        "destinationprovider",
    ),
    "level": ("level", "courselevel"),
    "date": ("date", "startdate", "activitydate", "dateofactivity", "asofdate"),
}
_SYNONYMS = {synonym: name for name, synonyms in COLUMNS.items() for synonym in synonyms}
_CATEGORIES = {learner_import.normalise(label): value for value, label in Category.choices} | {
    learner_import.normalise(value): value for value in Category.values
}
_LEVELS = (
    {learner_import.normalise(label): value for value, label in DestinationRecord.Level.choices}
    | {value: value for value in DestinationRecord.Level.values}
    | {"4+": "4", "l2": "2", "l3": "3"}
)
_DATES = SchoolDateWidget()


def looks_like_header(cells: list[str]) -> bool:
    names = {_SYNONYMS.get(learner_import.normalise(c)) for c in cells} - {None}
    return bool(names & {"upn", "uln", "mis_id"}) and bool(names & {"nccis_code", "category"})


def read(content: bytes, fmt: str) -> tablib.Dataset:
    return uploads.read_table(content, fmt, is_header=looks_like_header)


@dataclass
class Row:
    number: int
    name: str = ""
    outcome: str = "unchanged"
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    learner: Learner | None = None
    record: DestinationRecord | None = None  # the one held for this stage, if any


@dataclass
class Report:
    rows: list[Row]
    problems: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def wrong(self) -> int:
        return self.count("error")

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or self.wrong > 0


def check(
    *,
    institution: Institution,
    dataset: tablib.Dataset,
    year: AcademicYear,
    stage: str,
    progress=None,
) -> Report:
    """What importing the file would record for `stage` in `year`, row by row; nothing written.

    Set-based: learners, codes and the records held are read once each, never per row.
    """
    columns: dict[str, int] = {}
    for index, heading in enumerate(dataset.headers):
        name = _SYNONYMS.get(learner_import.normalise(heading))
        if name and name not in columns:
            columns[name] = index
    problems = []
    if not columns.keys() & {"upn", "uln", "mis_id"}:
        problems.append(
            "The file needs a column of UPNs, ULNs or MIS references (for example UPN)."
        )
    if not columns.keys() & {"nccis_code", "category"}:
        problems.append(
            "The file needs a column of NCCIS activity codes or destinations (for example "
            "'Activity code' or 'Destination')."
        )
    if problems:
        return Report(rows=[], problems=problems)
    learners = list(Learner.objects.for_institution(institution).filter(anonymised_at=None))
    by_id = {
        name: {getattr(lr, name): lr for lr in learners if getattr(lr, name)}
        for name in ("upn", "uln", "mis_id")
    }
    codes = dict(NccisCode.objects.values_list("code", "category"))
    held = {
        record.learner_id: record
        for record in DestinationRecord.objects.for_institution(institution).filter(
            academic_year=year, stage=stage
        )
    }
    rows, seen = [], {}
    first = getattr(dataset, "first_row_number", 2)
    for offset, cells in enumerate(dataset):
        if progress is not None and offset and offset % 250 == 0:
            progress(offset, len(dataset))
        row = Row(number=first + offset)
        rows.append(row)
        cell = {name: learner_import._text(cells[index]) for name, index in columns.items()}
        learner = None
        for name in ("upn", "uln", "mis_id"):
            key = cell.get(name, "")
            if name == "upn" and key:
                key = upn_clean(key.replace(" ", "")) or key.upper()
            if key and learner is None:
                learner = by_id[name].get(key)
        if learner is None:
            shown = next((cell[n] for n in ("upn", "uln", "mis_id") if cell.get(n)), "")
            row.errors.append(
                f"No learner here has the identifier {shown}: import the roll first, or check it."
                if shown
                else "The row has no UPN, ULN or MIS reference."
            )
        else:
            row.name = str(learner)
            if learner.pk in seen:
                row.errors.append(
                    f"{learner} is also on row {seen[learner.pk]}: each learner once."
                )
            seen[learner.pk] = row.number
        code = cell.get("nccis_code", "")
        category = ""
        if code:
            code = code.split()[0].split(".")[0]
            if code not in codes:
                row.errors.append(f"{code} is not an NCCIS activity code we know.")
            else:
                category = codes[code]
        if not category and (words := cell.get("category", "")):
            category = _CATEGORIES.get(learner_import.normalise(words), "")
            if not category:
                row.errors.append(
                    f"The destination {words!r} is not one we know: use one of "
                    + ", ".join(label for _, label in Category.choices[:5])
                    + " and so on, or an NCCIS code."
                )
        elif not category and not code:
            row.errors.append("The row has no destination or NCCIS code.")
        level = cell.get("level", "")
        if level and learner_import.normalise(level) not in _LEVELS and level not in _LEVELS:
            row.errors.append(f"The level {level!r} is not one we know: write 1, 2, 3 or 4+.")
        day = None
        if cell.get("date"):
            try:
                day = _DATES.clean(cells[columns["date"]])
            except ValueError as problem:
                row.errors.append(str(problem))
        if row.errors:
            row.outcome = "error"
            continue
        row.learner = learner
        row.values = {
            "category": category,
            "nccis_code": code,
            "provider": cell.get("provider", "")[:200],
            "level": _LEVELS.get(learner_import.normalise(level), _LEVELS.get(level, "")),
            "date": day,
        }
        before = row.record = held.get(learner.pk)
        if before is None:
            row.outcome = "new"
        elif any(getattr(before, k) != v for k, v in row.values.items()):
            row.outcome = "update"
    return Report(rows=rows)


@transaction.atomic
def apply(
    *,
    institution: Institution,
    dataset: tablib.Dataset,
    year: AcademicYear,
    stage: str,
    source: str,
    by,
    skip_invalid: bool = False,
    **progress,
) -> Report:
    """Check again and record every row in one transaction; a wrong row writes nothing unless
    the leader chose to leave the wrong rows out. Written set-wise: the new records and their
    history in bulk, the replaced ones likewise (their history keeps what they said before)."""
    report = check(institution=institution, dataset=dataset, year=year, stage=stage, **progress)
    if report.problems or (report.wrong and not skip_invalid):
        return report
    now = timezone.now()
    new, changed = [], []
    for row in report.rows:
        if row.outcome == "new":
            record = DestinationRecord(learner=row.learner, academic_year=year, stage=stage)
            new.append(record)
        elif row.outcome == "update":
            record = row.record
            changed.append(record)
        else:
            continue
        for name, value in row.values.items():
            setattr(record, name, value)
        record.source, record.recorded_by, record.updated_at = source, by, now
        record.full_clean(
            exclude=["learner", "academic_year", "recorded_by"],
            validate_constraints=False,
            validate_unique=False,
        )
    if new:
        bulk_create_with_history(new, DestinationRecord, batch_size=500, default_user=by)
    if changed:
        bulk_update_with_history(
            changed,
            DestinationRecord,
            [
                "category",
                "nccis_code",
                "provider",
                "level",
                "date",
                "source",
                "recorded_by",
                "updated_at",
            ],
            batch_size=500,
            default_user=by,
        )
    return report


# --- Big files: checked and applied by the worker (careers_portal/schools/import_jobs.py) ------


def _job_year(job) -> AcademicYear:
    from careers_portal.schools.import_jobs import ImportRefused

    year = AcademicYear.objects.filter(pk=job.options.get("year")).first()
    if year is None:
        raise ImportRefused("the academic year chosen is no longer here. Upload the file again.")
    return year


def _job_check(job, dataset: tablib.Dataset, progress):
    from careers_portal.schools.import_jobs import Checked, ImportRefused, ResultRow

    try:
        year = _job_year(job)
    except ImportRefused as refused:
        return Checked(rows=[], problems=[str(refused)])
    report = check(
        institution=job.institution,
        dataset=dataset,
        year=year,
        stage=job.options.get("stage", ""),
        progress=progress,
    )
    return Checked(
        rows=[ResultRow(row.number, row.name, row.outcome, row.errors) for row in report.rows],
        problems=report.problems,
    )


def _job_apply(job, dataset: tablib.Dataset, choices: dict) -> str:
    from careers_portal.schools.import_jobs import ImportRefused

    skip = bool(choices.get("skip_invalid"))
    report = apply(
        institution=job.institution,
        dataset=dataset,
        year=_job_year(job),
        stage=job.options.get("stage", ""),
        source=job.options.get("source", ""),
        by=job.created_by,
        skip_invalid=skip,
    )
    if report.problems or (report.wrong and not skip):
        raise ImportRefused(
            "some rows have errors. Fix them and upload the file again, or choose to leave "
            "those rows out."
        )
    return summary(report)


def summary(report: Report) -> str:
    """What an applied import recorded, in one sentence."""
    written = report.count("new") + report.count("update")
    return (
        f"Destinations imported: {written:,} recorded, {report.count('unchanged'):,} unchanged"
        + (f", {report.wrong:,} left out with errors." if report.wrong else ".")
    )


def importer():
    """The destinations import as the background jobs run it."""
    from careers_portal.schools.import_jobs import Choice, Importer

    return Importer(
        kind="destinations",
        title="Import destinations",
        capability="destinations.edit",
        read=read,
        check=_job_check,
        apply=_job_apply,
        done_url="destinations:summary",
        back_url="destinations:import",
        choices=(
            Choice(
                "skip_invalid",
                "Import the rows without errors and leave out the rows with errors",
            ),
        ),
        can_skip_invalid=True,
    )
