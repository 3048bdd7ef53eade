"""The roll from the MIS: headings by synonym, every row checked, applied whole or not at all."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.gb import upn as upn_number

from careers_portal.schools import learner_import
from careers_portal.schools.identifiers import uln_is_valid
from careers_portal.schools.models import Learner, LearnerImportMapping
from careers_portal.spreadsheets import neutralise
from tests.factories import LearnerFactory

TODAY = dt.date(2026, 11, 22)


def upn(serial: int) -> str:
    body = f"201901526{serial:03d}"
    return upn_number.calc_check_digit(body) + body


def bad_check_letter(serial: int) -> str:
    good = upn(serial)
    return ("B" if good[0] != "B" else "C") + good[1:]


def messy_sims_export() -> bytes:
    """A SIMS-style export as it arrives: a title row, a BOM, CRLF and every kind of trouble."""
    lines = [
        "Student List - exported 01/12/2026,,,,,,,,,",
        "Adno,UPN,Legal Surname,Legal Forename,DOB,Gender,Year,Reg,SEN Status,Pupil Premium "
        "Indicator,In Care,EAL,Notes",
        f"000123,{upn(1)},  Ngũgĩ  ,Zoë,14/03/2011,F,Year 10,10AB,K,Y,N,Y,extra",
        f"000124,{upn(2)},Smith,Jack,02/09/2010,M,Y10,10CD,N,N,N,N,",
        f"000125,{upn(2)},Smyth,Jake,02/09/2010,M,10,10CD,N,N,N,N,",
        f"000126,{bad_check_letter(3)},Jones,Amy,01/01/2011,F,10,10AB,E,N,N,N,",
        f'000127,{upn(4)},=HYPERLINK("x"),Ann,01/01/2011,F,10,10AB,N,N,N,N,',
        f"000128,{upn(5)},Brown,Tom,01/01/2011,M,,10AB,N,N,N,N,",
        f"000129,{upn(6)},Patel,Ria,31/02/2011,F,10,10AB,Q,N,N,N,",
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _check(institution, content: bytes, fmt: str = "csv"):
    dataset = learner_import.read(content, fmt)
    mapping = learner_import.suggested_mapping(institution, dataset.headers)
    return (
        dataset,
        mapping,
        learner_import.check(institution=institution, dataset=dataset, mapping=mapping),
    )


@pytest.mark.parametrize("number", ["9276308686"])
def test_it_accepts_a_known_uln(number):
    assert uln_is_valid(number)


@pytest.mark.parametrize("number", ["9276308687", "0276308686", "927630868", "92763086x6"])
def test_it_refuses_a_uln_with_a_wrong_check_digit_or_shape(number):
    assert not uln_is_valid(number)


def test_it_maps_the_headings_of_a_sims_export_by_synonym(institution):
    _, mapping, _ = _check(institution, messy_sims_export())

    assert mapping["Adno"] == "mis_id"
    assert mapping["Legal Surname"] == "last_name"
    assert mapping["Pupil Premium Indicator"] == "disadvantaged"
    assert mapping["In Care"] == "looked_after"
    assert mapping["Notes"] == ""


def test_it_gives_each_row_of_a_messy_export_the_right_result(institution):
    _, _, report = _check(institution, messy_sims_export())

    by_number = {row.number: row for row in report.rows}
    assert by_number[3].outcome == "new"
    assert by_number[3].values["last_name"] == "Ngũgĩ"  # padding gone, accents kept
    assert by_number[3].values["year_group"] == 10
    assert by_number[3].values["mis_id"] == "000123"  # leading zeros kept
    assert by_number[3].values["date_of_birth"] == dt.date(2011, 3, 14)
    assert by_number[3].values["send"] == "K"
    assert by_number[4].outcome == "new"
    assert by_number[5].outcome == "error"
    assert "also on row 4" in by_number[5].errors[0]
    assert by_number[6].outcome == "error"
    assert "check letter" in by_number[6].errors[0]
    assert by_number[7].outcome == "new"  # a formula is only text here
    assert by_number[8].errors == ["The year group is missing."]
    assert any("not a date" in e for e in by_number[9].errors)
    assert any("SEND code 'Q'" in e for e in by_number[9].errors)


def test_it_writes_nothing_when_a_row_is_wrong(institution):
    dataset, mapping, _ = _check(institution, messy_sims_export())

    report = learner_import.apply(
        institution=institution, dataset=dataset, mapping=mapping, today=TODAY
    )

    assert report.has_errors
    assert not Learner.objects.exists()


def test_it_writes_only_the_valid_rows_when_asked(institution):
    dataset, mapping, _ = _check(institution, messy_sims_export())

    learner_import.apply(
        institution=institution, dataset=dataset, mapping=mapping, today=TODAY, skip_invalid=True
    )

    assert Learner.objects.count() == 3
    formula = Learner.objects.get(first_name="Ann")
    assert formula.last_name == '=HYPERLINK("x")'
    assert neutralise(formula.last_name).startswith("'=")
    assert Learner.history.count() == 3


def test_importing_the_same_file_twice_changes_nothing(institution):
    dataset, mapping, _ = _check(institution, messy_sims_export())
    learner_import.apply(
        institution=institution, dataset=dataset, mapping=mapping, today=TODAY, skip_invalid=True
    )

    _, _, again = _check(institution, messy_sims_export())

    assert again.new == 0 and again.updated == 0 and again.unchanged == 3


def test_it_shows_the_fields_that_change_and_who_is_not_in_the_file(institution):
    learner = LearnerFactory(
        institution=institution, upn=upn(2), first_name="Jack", last_name="Smith", year_group=9
    )
    gone = LearnerFactory(institution=institution, upn=upn(50))
    content = (f"UPN,Surname,Forename,Year\r\n{upn(2)},Smith,Jack,Year 10\r\n").encode()

    dataset, mapping, report = _check(institution, content)

    assert report.rows[0].outcome == "update"
    assert report.rows[0].learner == learner
    assert report.rows[0].changes == ["Year group"]
    assert report.not_in_file == [gone]

    learner_import.apply(
        institution=institution, dataset=dataset, mapping=mapping, today=TODAY, mark_left=True
    )
    gone.refresh_from_db()
    assert gone.date_of_leaving == TODAY  # marked as left, never deleted


def test_it_remembers_the_leaders_mapping_for_the_next_export(institution):
    headings = ["Pupil Ref", "Family Name", "Given Names", "Curriculum Year"]
    learner_import.mapping_save(
        institution=institution,
        mapping={
            "Pupil Ref": "mis_id",
            "Family Name": "last_name",
            "Given Names": "first_name",
            "Curriculum Year": "year_group",
        },
    )

    mapping = learner_import.suggested_mapping(institution, headings)

    assert mapping["Pupil Ref"] == "mis_id"
    assert LearnerImportMapping.objects.get(institution=institution).columns["pupilref"] == "mis_id"


def test_it_says_what_a_mapping_lacks(institution):
    problems = learner_import.mapping_problems({"A": "first_name", "B": "first_name"})

    assert any("more than one column" in p for p in problems)
    assert "Choose the column that holds year group." in problems
    assert "Choose the column that holds the UPN, the ULN or your MIS reference." in problems


def test_it_reads_an_xlsx_export_of_a_college_mis(institution):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["LearnRefNumber", "ULN", "FamilyName", "GivenNames", "DateOfBirth", "NC Year"])
    sheet.append(["00042", 9276308686, "Lefèvre", "Élodie", dt.datetime(2008, 3, 13), 13])  # noqa: DTZ001 - Excel cells are naive
    buffer = io.BytesIO()
    book.save(buffer)

    _, _, report = _check(institution, buffer.getvalue(), "xlsx")

    row = report.rows[0]
    assert row.outcome == "new", row.errors
    assert row.values["uln"] == "9276308686"
    assert row.values["date_of_birth"] == dt.date(2008, 3, 13)
    assert row.values["last_name"] == "Lefèvre"


def test_it_reads_windows_1252(institution):
    content = f"UPN,Surname,Forename,Year\r\n{upn(9)},Bront\xeb,Zo\xeb,8\r\n".encode("cp1252")

    _, _, report = _check(institution, content)

    assert report.rows[0].values["last_name"] == "Brontë"


def test_it_warns_when_the_date_of_birth_gives_another_year_group(institution):
    content = (
        "UPN,Surname,Forename,DOB,Year\r\n"
        f"{upn(1)},Lee,Sam,01/09/2010,11\r\n"
        f"{upn(2)},Lee,Kim,01/09/2010,9\r\n"
    ).encode()
    dataset = learner_import.read(content, "csv")
    mapping = learner_import.suggested_mapping(institution, dataset.headers)

    report = learner_import.check(
        institution=institution, dataset=dataset, mapping=mapping, today=dt.date(2026, 11, 22)
    )

    assert report.rows[0].warnings == []
    assert report.rows[1].warnings == [
        "Born 1 September 2010, this learner would usually be in Year 11, not Year 9: check the "
        "year group and the date of birth."
    ]
    assert report.rows[1].outcome == "new"  # a warning never stops the row
