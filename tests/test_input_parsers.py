"""Property-based tests (Hypothesis) of the parsers that read what people type and upload.

School dates, year groups, UPNs and ULNs, spreadsheet cells and files, and the roll import's column
mapping: whatever comes in, each gives a value or a clear message in the user's words, never an
exception of Python's own. Examples are bounded (max_examples) so the run stays short, and
no deadline is set: the machine is shared, and a test is never about time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stdnum.gb import upn as upn_number

from careers_portal import uploads
from careers_portal.inputs import EARLIEST_DATE, LATEST_DATE
from careers_portal.schools import learner_import
from careers_portal.schools.identifiers import uln_is_valid, upn_clean
from careers_portal.spreadsheets import SchoolDateWidget, neutralise, restore
from encounters import importing as encounter_import

# On a developer's machine every run explores new examples; CI (CI=true) replays the same ones,
# so that a red build always means a change, never the luck of the draw.
CHECKS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("CI") == "true",
)
# Words that mean Python spoke instead of us.
RAW = (
    "invalid literal",
    "Traceback",
    "object has no attribute",
    "NoneType",
    "unconverted data",
    "does not match format",
    "out of range",
    "too large to convert",
    "float infinity",
    "matching query",
)
# Cells as spreadsheets hold them: text of any kind, numbers, dates, booleans, nothing.
CELLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["Y10", "Year 10", "=1+1", "@SUM(A1)", "\t", "31/02/2011", "0001-01-01"]),
)


def _clear(message: str) -> None:
    assert message.strip(), "an empty message"
    assert not any(raw in message for raw in RAW), message


# --- School dates --------------------------------------------------------------------------------


@CHECKS
@given(CELLS)
@example("5/10/2026")
@example("9999-12-31")
def test_a_school_date_is_a_date_in_a_schools_life_or_a_clear_message(value):
    try:
        day = SchoolDateWidget().clean(value)
    except ValueError as problem:
        _clear(str(problem))
    else:
        assert day is None or EARLIEST_DATE <= day <= LATEST_DATE


@CHECKS
@given(
    st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE),
    st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y"]),
)
def test_a_date_written_as_english_schools_do_reads_back_to_itself(day, pattern):
    assert SchoolDateWidget().clean(day.strftime(pattern)) == day


@CHECKS
@given(CELLS)
def test_a_roll_date_of_birth_is_a_date_or_a_clear_message(value):
    try:
        day = learner_import._date(value, "Date of birth")
    except ValueError as problem:
        assert str(problem).startswith("Date of birth: ")
        _clear(str(problem))
    else:
        assert day is None or EARLIEST_DATE <= day <= LATEST_DATE


# --- Year groups ---------------------------------------------------------------------------------


@CHECKS
@given(CELLS)
@example("inf")
@example("9;10;Y11")
def test_year_groups_are_numbers_1_to_14_or_the_format_expected(value):
    try:
        years = encounter_import.parse_year_groups(value)
    except ValueError as problem:
        assert str(problem) == encounter_import.YEAR_GROUPS_MESSAGE
    else:
        assert years == sorted(set(years)) and all(1 <= year <= 14 for year in years)


@CHECKS
@given(
    st.lists(st.integers(min_value=1, max_value=14), min_size=1, max_size=5),
    st.sampled_from(["{}", "Y{}", "Year {}"]),
)
def test_year_groups_written_any_usual_way_read_as_numbers(years, pattern):
    text = ";".join(pattern.format(year) for year in years)
    assert encounter_import.parse_year_groups(text) == sorted(set(years))


# --- UPNs and ULNs ------------------------------------------------------------------------------


@CHECKS
@given(st.text(max_size=20))
def test_a_upn_is_clean_or_refused_never_an_exception(text):
    cleaned = upn_clean(text)
    assert cleaned is None or (len(cleaned) == 13 and cleaned == cleaned.upper())


# Local authority numbers of London boroughs, which UPNs start with.
LA_CODES = ["201", "202", "203", "204", "205", "206", "207", "208", "209", "210"]


@CHECKS
@given(st.sampled_from(LA_CODES), st.from_regex(r"\A[0-9]{9}\Z"))
def test_a_upn_with_its_check_letter_is_valid_and_a_wrong_letter_is_not(la, rest):
    body = la + rest
    good = upn_number.calc_check_digit(body) + body
    assert upn_clean(good) == good
    wrong = ("B" if good[0] != "B" else "C") + body
    assert upn_clean(wrong) is None


@CHECKS
@given(st.text(max_size=12))
def test_a_uln_is_judged_true_or_false_never_an_exception(text):
    assert uln_is_valid(text) in (True, False)


# --- Spreadsheet cells and files ----------------------------------------------------------------


@CHECKS
@given(st.text(max_size=30))
@example("''+1")
def test_neutralising_then_restoring_gives_the_cell_back(text):
    assert restore(neutralise(text)) == text
    shown = neutralise(text)
    assert not shown.startswith(("=", "+", "-", "@", "\t", "\r"))


@CHECKS
@given(st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=12))
def test_any_csv_reads_as_a_table_or_a_clear_message(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    try:
        dataset = uploads.read_table(buffer.getvalue().encode(), "csv")
    except uploads.UnreadableTable as problem:
        _clear(str(problem))
    else:
        assert len(dataset) >= 1 and dataset.headers


@CHECKS
@given(st.binary(max_size=400), st.sampled_from(["csv", "xlsx"]))
def test_any_bytes_read_as_a_table_or_a_clear_message(content, fmt):
    try:
        uploads.read_table(content, fmt)
    except uploads.UnreadableTable as problem:
        _clear(str(problem))


# --- The roll's column mapping and its rows ------------------------------------------------------


HEADINGS = st.lists(
    st.one_of(
        st.sampled_from(
            ["UPN", "Legal Surname", "Forename", "Year", "Reg", "DOB", "SEN Status", "PP", "EAL"]
        ),
        st.text(max_size=15),
    ),
    max_size=10,
)


@pytest.mark.django_db
@CHECKS
@given(HEADINGS)
def test_a_mapping_is_suggested_for_any_headings_and_its_problems_are_words(institution, headings):
    mapping = learner_import.suggested_mapping(institution, headings)
    assert set(mapping) == set(headings)
    chosen = [name for name in mapping.values() if name]
    assert len(chosen) == len(set(chosen))  # each field for one column at most
    assert all(name in learner_import.FIELDS for name in chosen)
    for problem in learner_import.mapping_problems(mapping):
        _clear(problem)
    assert isinstance(learner_import.looks_like_header(headings), bool)


@CHECKS
@given(st.dictionaries(st.sampled_from(list(learner_import.FIELDS)), CELLS, max_size=10))
def test_a_roll_row_gives_values_or_errors_in_words(cells):
    row = learner_import.Row(number=2)
    learner_import._parse_row(cells, row)
    for message in row.errors + row.warnings:
        _clear(message)
    if "year_group" in row.values:
        assert 7 <= row.values["year_group"] <= 14


def _no_lookups():
    return encounter_import._Lookups(
        departments={},
        organisations={},
        benchmarks={},
        criteria={},
        all_criteria=[],
        years_on_roll={9, 10},
        existing={},
    )


@CHECKS
@given(st.dictionaries(st.sampled_from(list(encounter_import.COLUMNS)), CELLS, max_size=13))
def test_an_encounter_row_gives_values_or_errors_in_words(cells):
    row = encounter_import.ImportRow(number=2, title="", outcome="new")
    encounter_import._check_row(row, cells, _no_lookups(), dt.date(2026, 11, 22))
    for message in row.errors:
        _clear(message)
