"""Spreadsheets people upload: read within fixed bounds, and kept as a file until confirmed.

Every import (encounters today, the roll from the MIS next) is checked whole, shown, then applied
on a second request. Between the two the upload is a file of its own in the default storage, named
by a random token that only the uploader's session holds: never the session itself (a 5 MB file
in the session tripled the uploader's page times) and never a log. A scheduled clean-up removes
what nobody confirmed (`remove_stale_uploads`).

Reading is bounded: an .xlsx whose sheet claims the range A1:XFD1048576 makes openpyxl fill in
every cell up to it, even in read-only mode (80 KB grew to 554 MB), so rows and columns are
capped while iterating and a file beyond the caps is refused with a message that says what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import tablib
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 60
UPLOAD_FOLDER = "uploads"
KEEP_UNCONFIRMED = dt.timedelta(hours=6)
FORMATS = ("csv", "xlsx")


class UnreadableTable(ValueError):
    """A file that cannot be read as a table; the message says what to do, in the user's words."""


def format_of(name: str) -> str:
    """ "csv" or "xlsx" from the file's name; anything else is refused."""
    lowered = name.lower()
    for fmt in FORMATS:
        if lowered.endswith(f".{fmt}"):
            return fmt
    raise UnreadableTable("Upload a .csv or .xlsx file.")


# An MIS export may put a title or the date it was run above the column headings.
HEADER_SEARCH_ROWS = 10


def read_table(
    content: bytes, fmt: str, is_header: Callable[[list[str]], bool] | None = None
) -> tablib.Dataset:
    """The first sheet as a Dataset with headers, within MAX_ROWS rows and MAX_COLUMNS columns.

    With `is_header`, rows above the first of the first HEADER_SEARCH_ROWS rows it accepts are
    title rows and are skipped; without it (or when none is accepted) the first row is the header.
    """
    if len(content) > MAX_UPLOAD_BYTES:
        raise UnreadableTable("The file is over 5 MB. Split it into smaller files.")
    rows = _xlsx_rows(content) if fmt == "xlsx" else _csv_rows(content)
    if not rows:
        raise UnreadableTable("The file is empty: its first row should name the columns.")
    skipped = 0
    if is_header is not None:
        skipped = next(
            (
                index
                for index, row in enumerate(rows[:HEADER_SEARCH_ROWS])
                if is_header([_text(cell) for cell in row])
            ),
            0,
        )
    header, *body = rows[skipped:]
    if not body:
        raise UnreadableTable(
            "The file has column headings but no rows under them: add a row for each record."
        )
    headings = [_text(cell) for cell in header]
    width = max(number for number, heading in enumerate(headings, start=1) if heading)
    dataset = tablib.Dataset(headers=headings[:width])
    for line, row in enumerate(body, start=2 + skipped):
        cells = list(row)
        if not _blank(cells[width:]):
            raise UnreadableTable(
                f"Row {line} has a value in a column with no heading. Add a heading for that "
                "column in the first row, or remove the value, and try again."
            )
        cells = cells[:width]
        dataset.append(cells + [None] * (width - len(cells)))
    # Row numbers as the person sees them in the file, title rows counted.
    dataset.first_row_number = 2 + skipped
    return dataset


def _too_many_rows() -> UnreadableTable:
    return UnreadableTable(
        f"The file has more than {MAX_ROWS:,} rows. Split it into files of up to {MAX_ROWS:,} "
        "rows and import them one after another."
    )


def _too_many_columns() -> UnreadableTable:
    return UnreadableTable(
        f"The file has more than {MAX_COLUMNS} columns. Keep only the columns the import needs "
        "(download an export to see them) and try again."
    )


def _blank(cells) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


class _Rows:
    """Collects the non-blank rows of a sheet, refusing one beyond the caps as soon as it shows."""

    # Blank rows are skipped, but reading them is bounded too (a sheet can state a range of a
    # million rows in a few bytes).
    MAX_READ = 10 * MAX_ROWS

    def __init__(self):
        self.rows: list[list] = []
        self.read = 0

    def add(self, cells: list) -> None:
        self.read += 1
        if len(cells) > MAX_COLUMNS:
            if not _blank(cells[MAX_COLUMNS:]):
                raise _too_many_columns()
            cells = cells[:MAX_COLUMNS]
        if not _blank(cells):
            self.rows.append(cells)
            if len(self.rows) > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                raise _too_many_rows()
        elif self.read > self.MAX_READ:
            raise _too_many_rows()


def _csv_rows(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252 unless told "CSV UTF-8".
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableTable(
                "This file could not be read. Save it as CSV UTF-8 or .xlsx and try again."
            ) from None
    if "\x00" in text:
        raise UnreadableTable("This is not a CSV file. Save it as CSV UTF-8 or .xlsx.")
    rows = _Rows()
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.add(row)
    except csv.Error:
        raise UnreadableTable(
            "This file could not be read as CSV. Save it again as CSV UTF-8 or .xlsx."
        ) from None
    return rows.rows


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableTable(
            "This file could not be read as Excel. Save it as .xlsx or CSV UTF-8 and try again."
        ) from None
    rows = _Rows()
    try:
        # One column past the cap, to tell a full sheet from one that is too wide; the row
        # bound stops openpyxl filling in a stated range far past the data.
        for row in sheet.iter_rows(
            max_col=MAX_COLUMNS + 1, max_row=_Rows.MAX_READ + 1, values_only=True
        ):
            rows.add(list(row))
    except UnreadableTable:
        raise
    except Exception:  # the sheet's XML is read as it is iterated: broken XML shows only here
        raise UnreadableTable(
            "Part of this workbook could not be read. Open it in Excel, save it as .xlsx or "
            "CSV UTF-8, and try again."
        ) from None
    finally:
        workbook.close()
    return rows.rows


def _text(cell) -> str:
    return "" if cell is None else str(cell).strip()


# --- Kept until confirmed ---------------------------------------------------------------------


@dataclass(frozen=True)
class StoredUpload:
    token: str
    fmt: str

    @property
    def path(self) -> str:
        return f"{UPLOAD_FOLDER}/{self.token}.{self.fmt}"

    def as_session_value(self) -> dict[str, str]:
        return {"token": self.token, "fmt": self.fmt}


def keep_upload(content: bytes, fmt: str) -> StoredUpload:
    """Store a checked file until the person confirms it; its name is a random token."""
    upload = StoredUpload(token=secrets.token_urlsafe(24), fmt=fmt)
    default_storage.save(upload.path, ContentFile(content))
    return upload


def take_upload(session_value: dict | None) -> bytes | None:
    """The stored file's content, removed from storage; None if it is gone or never was."""
    if not isinstance(session_value, dict):
        return None
    token, fmt = str(session_value.get("token", "")), session_value.get("fmt")
    if fmt not in FORMATS or not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    upload = StoredUpload(token=token, fmt=fmt)
    if not default_storage.exists(upload.path):
        return None
    with default_storage.open(upload.path, "rb") as stored:
        content = stored.read()
    default_storage.delete(upload.path)
    return content


def peek_upload(session_value: dict | None) -> bytes | None:
    """The stored file's content, left in storage for a later step; None if it is gone."""
    upload = _stored(session_value)
    if upload is None or not default_storage.exists(upload.path):
        return None
    with default_storage.open(upload.path, "rb") as stored:
        return stored.read()


def _stored(session_value: dict | None) -> StoredUpload | None:
    if not isinstance(session_value, dict):
        return None
    token, fmt = str(session_value.get("token", "")), session_value.get("fmt")
    if fmt not in FORMATS or not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    return StoredUpload(token=token, fmt=fmt)


def forget_upload(session_value: dict | None) -> None:
    take_upload(session_value)


def remove_stale_uploads(now: dt.datetime | None = None) -> int:
    """Delete uploads nobody confirmed within KEEP_UNCONFIRMED; returns how many."""
    now = now or timezone.now()
    try:
        _, files = default_storage.listdir(UPLOAD_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in files:
        path = f"{UPLOAD_FOLDER}/{name}"
        if now - default_storage.get_modified_time(path) > KEEP_UNCONFIRMED:
            default_storage.delete(path)
            removed += 1
    return removed


def check_upload(upload):
    """A form's `clean_<file>`: the file's format and size, refused in the user's words."""
    from django.core.exceptions import ValidationError

    try:
        format_of(upload.name)
    except UnreadableTable as problem:
        raise ValidationError(str(problem)) from None
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The file is over 5 MB. Split it into smaller files.")
    return upload
