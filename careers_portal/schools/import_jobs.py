"""Big imports in the background: checked and applied by a Celery worker, followed on a page.

Each import (the roll here, encounters, destinations) is checked whole and applied in one
transaction. A file of more than BACKGROUND_ROWS rows would keep a request waiting past the
server's timeout, so it becomes an ImportJob: the upload waits in storage, a task checks it and
writes its progress to the job row as it goes (outside any transaction, so the page's progress bar
moves), the page shows the check, and on confirmation a second task applies it as one step. With
no broker (`make run`, the tests) Celery runs the tasks eagerly, in the request.

This is an extension point (../shared/STYLE.md): the apps that import register an `Importer`
in their AppConfig.ready(), so this module, low in the layers, never imports them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.core.paginator import Paginator
from django.db import transaction

from careers_portal import uploads
from careers_portal.schools.models import ImportJob, Institution

BACKGROUND_ROWS = 2000
UNEXPECTED = (
    "Nothing was imported: something went wrong on our side while working on the file. "
    "Try again later; if it happens again, tell your administrator."
)
logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ResultRow:
    """One row of a check, as the job page shows it (kept as JSON in the job)."""

    number: int
    label: str
    outcome: str  # new, update, unchanged, error
    details: list[str] = field(default_factory=list)


OUTCOMES = {
    "new": ("New", "green"),
    "update": ("Updates a record", "blue"),
    "unchanged": ("Unchanged", "grey"),
    "error": ("Error", "red"),
}


@dataclass(frozen=True)
class Checked:
    """What an importer's check returns to the job: the rows, the file's problems, extra notes."""

    rows: list[ResultRow]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    """A choice offered before applying, as a checkbox (leave out the wrong rows, mark left)."""

    name: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Importer:
    kind: str
    title: str  # "Import learners"
    capability: str  # needed to see and apply the job
    read: Callable[[bytes, str], tablib.Dataset]
    check: Callable[[ImportJob, tablib.Dataset, Progress], Checked]
    # Writes in one transaction; returns the message shown after, or raises ImportRefused.
    apply: Callable[[ImportJob, tablib.Dataset, dict], str]
    done_url: str  # where the page sends people once it is imported
    back_url: str  # the upload page
    choices: tuple[Choice, ...] = ()
    # Whether the wrong rows may be left out by choice (then `skip_invalid` is one of `choices`).
    can_skip_invalid: bool = False


class ImportRefused(Exception):
    """Applying found a reason to write nothing; the message says it in the user's words."""


_IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    """Add an importer (from an AppConfig.ready()); registering the same kind again replaces it."""
    _IMPORTERS[importer.kind] = importer
    return importer


def importer_for(kind: str) -> Importer | None:
    return _IMPORTERS.get(kind)


def in_background(dataset: tablib.Dataset) -> bool:
    """Whether a file is big enough to be checked and applied by the worker."""
    return len(dataset) > BACKGROUND_ROWS


def job_start(
    *, institution: Institution, by, kind: str, content: bytes, fmt: str, options: dict
) -> ImportJob:
    """Keep the file, make the job and have the worker check it once the job is committed."""
    from careers_portal.schools.tasks import import_check

    upload = uploads.keep_upload(content, fmt)
    job = ImportJob.objects.create(
        institution=institution,
        kind=kind,
        created_by=by,
        upload_token=upload.token,
        upload_fmt=upload.fmt,
        options=options,
    )
    import_check.delay_on_commit(job.pk)
    return job


def _stored(job: ImportJob) -> dict:
    return {"token": job.upload_token, "fmt": job.upload_fmt}


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, message=message)
    uploads.forget_upload(_stored(job))


def job_check(job_id: int) -> None:
    """Check the job's file, writing progress as it goes; idempotent (a retry checks again)."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.CHECKING).first()
    if job is None:
        return
    importer = importer_for(job.kind)
    content = uploads.peek_upload(_stored(job))
    if importer is None or content is None:
        _fail(job, "The uploaded file is no longer here (a file waits 6 hours). Upload it again.")
        return
    try:
        dataset = importer.read(content, job.upload_fmt)
    except uploads.UnreadableTable as problem:
        _fail(job, str(problem))
        return
    ImportJob.objects.filter(pk=job.pk).update(rows_total=len(dataset), rows_done=0)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    try:
        checked = importer.check(job, dataset, progress)
    except Exception:
        # A bug, not the file: logged for us, and the page stops waiting and says so.
        logger.exception("Import job %s failed while checking", job.pk)
        _fail(job, UNEXPECTED)
        return
    counts = dict.fromkeys(OUTCOMES, 0)
    for row in checked.rows:
        counts[row.outcome] += 1
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKING).update(
        status=ImportJob.Status.CHECKED,
        rows_done=len(dataset),
        result={
            "counts": counts,
            "problems": checked.problems,
            "notes": checked.notes,
            "rows": [[row.number, row.label, row.outcome, row.details] for row in checked.rows],
        },
    )


def job_apply_request(job: ImportJob, choices: dict) -> bool:
    """Ask the worker to apply a checked job; False when it is not waiting to be applied."""
    from careers_portal.schools.tasks import import_apply

    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.APPLYING, options={**job.options, "choices": choices}
    )
    if claimed:
        import_apply.delay_on_commit(job.pk)
    return bool(claimed)


def job_apply(job_id: int) -> None:
    """Apply a job in one transaction, every row or none; idempotent (done once, then skipped)."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.APPLYING).first()
    if job is None:
        return
    importer = importer_for(job.kind)
    content = uploads.peek_upload(_stored(job))
    if importer is None or content is None:
        _fail(job, "The uploaded file is no longer here (a file waits 6 hours). Upload it again.")
        return
    try:
        with transaction.atomic():
            message = importer.apply(
                job, importer.read(content, job.upload_fmt), job.options.get("choices", {})
            )
    except (ImportRefused, uploads.UnreadableTable) as refused:
        _fail(job, f"Nothing was imported: {refused}")
        return
    except Exception:
        logger.exception("Import job %s failed while applying", job.pk)
        _fail(job, UNEXPECTED)
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, message=message)
    uploads.forget_upload(_stored(job))


# --- What the job page shows ----------------------------------------------------------------


@dataclass(frozen=True)
class ShownRow:
    number: int
    label: str
    outcome: str
    details: list[str]

    @property
    def outcome_label(self) -> str:
        return OUTCOMES[self.outcome][0]

    @property
    def css(self) -> str:
        return f"status status-{OUTCOMES[self.outcome][1]}"


def result_rows(job: ImportJob, *, errors: bool) -> list[ShownRow]:
    """The wrong rows (errors=True) or the others, from the job's stored check."""
    rows = [ShownRow(*row) for row in job.result.get("rows", [])]
    return [row for row in rows if (row.outcome == "error") == errors]


def result_page(job: ImportJob, page_number) -> object:
    """One page of 100 of the rows without errors."""
    return Paginator(result_rows(job, errors=False), 100).get_page(page_number)


def counts_in_words(job: ImportJob) -> list[tuple[str, int, str]]:
    counts = job.result.get("counts", {})
    return [
        (OUTCOMES[outcome][0], counts.get(outcome, 0), f"status status-{OUTCOMES[outcome][1]}")
        for outcome in OUTCOMES
    ]
