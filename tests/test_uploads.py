"""Uploaded spreadsheets are read within bounds, kept as files until confirmed, then removed."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.core.files.storage import default_storage
from openpyxl import Workbook

from careers_portal import uploads
from careers_portal.celery import app

ROOT = Path(__file__).resolve().parent.parent
HEADER = "title,date,kind\n"


def _xlsx(cells: dict[str, object], *, claimed_range: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    if claimed_range is None:
        return buffer.getvalue()
    # Rewrite the sheet's stated range, as some MIS exports and crafted files do.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+"', f'<dimension ref="{claimed_range}"'.encode(), data
                )
            target.writestr(item, data)
    return out.getvalue()


def test_it_reads_a_csv_with_its_headings():
    dataset = uploads.read_table(f"{HEADER}Bank talk,2026-10-05,Employer talk\n".encode(), "csv")
    assert dataset.headers == ["title", "date", "kind"]
    assert dataset[0] == ("Bank talk", "2026-10-05", "Employer talk")


def test_it_reads_a_csv_saved_by_excel_on_windows():
    content = f"{HEADER}Café visit,2026-10-05,Employer talk\n".encode("cp1252")
    assert uploads.read_table(content, "csv")[0][0] == "Café visit"


def test_it_says_so_when_a_file_has_headings_and_no_rows():
    with pytest.raises(uploads.UnreadableTable, match="no rows under them"):
        uploads.read_table(f"{HEADER}\n,,\n".encode(), "csv")
    with pytest.raises(uploads.UnreadableTable, match="empty"):
        uploads.read_table(b"", "csv")


def test_it_skips_blank_rows_without_losing_the_rows_after_them():
    content = HEADER + "A,2026-10-05,x\n" + ",,\n" * 3000 + "B,2026-10-06,y\n"
    assert [row[0] for row in uploads.read_table(content.encode(), "csv")] == ["A", "B"]


def test_it_refuses_more_rows_than_the_cap_and_takes_the_cap_itself():
    rows = "".join(f"Talk {n},2026-10-05,x\n" for n in range(uploads.MAX_ROWS))
    assert len(uploads.read_table((HEADER + rows).encode(), "csv")) == uploads.MAX_ROWS
    with pytest.raises(uploads.UnreadableTable, match="more than 10,000 rows"):
        uploads.read_table((HEADER + rows + "One more,2026-10-05,x\n").encode(), "csv")


def test_it_refuses_a_file_wider_than_the_cap():
    wide = ",".join(f"c{n}" for n in range(uploads.MAX_COLUMNS + 1))
    with pytest.raises(uploads.UnreadableTable, match="more than 60 columns"):
        uploads.read_table(f"{wide}\n{wide}\n".encode(), "csv")
    with pytest.raises(uploads.UnreadableTable, match="more than 60 columns"):
        uploads.read_table(_xlsx({"A1": "title", "BI1": "surplus", "A2": "x"}), "xlsx")


def test_it_refuses_a_value_under_no_heading_rather_than_drop_it():
    with pytest.raises(uploads.UnreadableTable, match="Row 3 has a value in a column with no"):
        uploads.read_table(b"title,date\nA,2026-10-05\nB,2026-10-06,surplus\n", "csv")


def test_it_reads_an_xlsx_and_ignores_a_stated_range_far_past_the_data():
    content = _xlsx(
        {"A1": "title", "B1": "date", "A2": "Bank talk", "B2": dt.date(2026, 10, 5)},
        claimed_range="A1:XFD1048576",
    )
    dataset = uploads.read_table(content, "xlsx")
    assert dataset.headers == ["title", "date"]
    assert dataset[0][0] == "Bank talk"


def _with_sheet_text(content: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced by `new` in its sheet's XML, as a broken export has it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(old, new)
            target.writestr(item.filename, data)
    return out.getvalue()


@pytest.mark.parametrize("broken", [b"Bank&#0;talk", b"Bank\x00talk", b"Bank<talk"])
def test_a_sheet_whose_xml_breaks_part_way_gets_a_message_not_an_error(broken):
    # openpyxl parses the sheet while it is read row by row, so the error shows only then.
    content = _with_sheet_text(_xlsx({"A1": "title", "A2": "Bank talk"}), b"Bank talk", broken)
    with pytest.raises(uploads.UnreadableTable, match="Part of this workbook could not be read"):
        uploads.read_table(content, "xlsx")


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04broken zip", b"\x00\x01"])
def test_it_refuses_a_broken_file_with_a_message(content):
    with pytest.raises(uploads.UnreadableTable, match="could not be read"):
        uploads.read_table(content, "xlsx")


MEMORY_CAPPED = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (768 * 1024 * 1024, 768 * 1024 * 1024))
import django
django.setup()
from careers_portal import uploads
content = open(sys.argv[1], "rb").read()
started = time.monotonic()
try:
    dataset = uploads.read_table(content, sys.argv[2])
    print("rows", len(dataset))
except uploads.UnreadableTable as problem:
    print("refused", problem)
print("seconds", round(time.monotonic() - started, 1))
"""


def _read_capped(tmp_path, content: bytes, fmt: str) -> str:
    path = tmp_path / f"upload.{fmt}"
    path.write_bytes(content)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careers_portal.settings"}
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_CAPPED, str(path), fmt],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_crafted_wide_xlsx_is_read_within_a_memory_cap(tmp_path):
    # One cell at XFD5000 makes openpyxl's read-only mode fill 80 million cells when unbounded.
    workbook = Workbook()
    workbook.active["A1"] = "title"
    workbook.active["A2"] = "Bank talk"
    workbook.active.cell(row=5000, column=16384, value="far away")
    buffer = io.BytesIO()
    workbook.save(buffer)
    output = _read_capped(tmp_path, buffer.getvalue(), "xlsx")
    assert "rows 1" in output


def test_a_10000_row_csv_is_read_within_a_memory_cap_in_seconds(tmp_path):
    rows = "".join(
        f"Talk {n},2026-10-05,Employer talk,1,,Acme Bank,5,,9,0,,,\n"
        for n in range(uploads.MAX_ROWS)
    )
    header = "title,date,kind,in_school_day,department,organisations,benchmarks,"
    header += "meaningful_criteria,year_groups,is_pal,purpose,reflections,employer_feedback\n"
    output = _read_capped(tmp_path, (header + rows).encode(), "csv")
    assert "rows 10000" in output
    seconds = float(output.split("seconds")[1])
    assert seconds < 10


def test_an_upload_waits_in_storage_until_taken_then_is_gone():
    kept = uploads.keep_upload(b"title\nx\n", "csv")
    assert default_storage.exists(kept.path)
    assert uploads.take_upload(kept.as_session_value()) == b"title\nx\n"
    assert not default_storage.exists(kept.path)
    assert uploads.take_upload(kept.as_session_value()) is None


@pytest.mark.parametrize(
    "value", [None, {}, {"token": "../../etc/passwd", "fmt": "csv"}, {"token": "x", "fmt": "exe"}]
)
def test_a_forged_session_value_reads_nothing(value):
    assert uploads.take_upload(value) is None


def test_the_hourly_clean_up_removes_what_nobody_confirmed():
    fresh = uploads.keep_upload(b"a", "csv")
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(hours=7)):
        stale = uploads.keep_upload(b"b", "csv")
    # The beat schedule names the task that does it.
    schedule = app.conf.beat_schedule["remove-stale-uploads"]
    assert schedule["task"] in app.tasks
    assert app.tasks[schedule["task"]].delay().get() >= 1
    assert default_storage.exists(fresh.path)
    assert not default_storage.exists(stale.path)
    uploads.take_upload(fresh.as_session_value())
