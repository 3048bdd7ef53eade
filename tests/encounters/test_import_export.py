"""Import (dry run, then all rows or none) and export with formula cells neutralised."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careers_portal.spreadsheets import neutralise
from encounters.models import Encounter
from tests.encounters.factories import EncounterFactory, OrganisationFactory
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "title,date,kind,in_school_day,department,organisations,benchmarks,meaningful_criteria,"
    "year_groups,is_pal,purpose,reflections,employer_feedback\n"
)


def _csv(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "encounters.csv", (HEADER + "\n".join(rows) + "\n").encode(), "text/csv"
    )


GOOD = (
    "Bank talk,2026-10-05,Employer talk,1,,Acme Bank,5,"
    "5:purpose;5:outcomes;5:two_way;5:reflection,9,0,Money careers,,",
    "College taster,2026-10-12,provider_taster,1,,,7,,9;10,0,,,",
)


def test_it_checks_every_row_then_imports_them_all(client_for, leader, institution):
    OrganisationFactory(institution=institution, name="Acme Bank")
    year9 = LearnerFactory.create_batch(2, institution=institution, year_group=9)
    LearnerFactory(institution=institution, year_group=10)
    client = client_for(leader)
    response = client.post(reverse("encounters:import"), {"file": _csv(*GOOD)})
    page = response.content.decode()
    assert "Every row is ready to import" in page
    assert page.count("New encounter") == 2
    assert not Encounter.objects.exists()  # the dry run wrote nothing

    response = client.post(reverse("encounters:import_confirm"))
    assert response.status_code == 302
    bank = Encounter.objects.get(title="Bank talk")
    assert bank.institution == institution and bank.meaningful_bm5
    assert set(bank.learners.all()) == set(year9)
    assert Encounter.objects.get(title="College taster").learners.count() == 3


def test_it_refuses_the_whole_file_when_one_row_is_broken(client_for, leader, institution):
    OrganisationFactory(institution=institution, name="Acme Bank")
    LearnerFactory(institution=institution, year_group=9)
    LearnerFactory(institution=institution, year_group=10)
    broken = "Broken row,2026-10-20,Tea party,1,,Nobody Ltd,5,,9,0,,,"
    client = client_for(leader)
    response = client.post(reverse("encounters:import"), {"file": _csv(*GOOD, broken)})
    page = response.content.decode()
    assert "nothing will be imported" in page
    assert "Unknown kind" in page and "Unknown organisation: Nobody Ltd" in page
    assert "This field cannot be null" not in page
    assert page.count("New encounter") == 2  # the good rows are shown with their result
    assert "Import 3 rows" not in page
    # Nothing is waiting to be confirmed, and nothing was written.
    response = client.post(reverse("encounters:import_confirm"))
    assert response.status_code == 302
    assert not Encounter.objects.exists()


def test_it_refuses_a_row_with_a_date_beyond_the_year_or_an_empty_year_group(
    client_for, leader, institution
):
    LearnerFactory(institution=institution, year_group=9)
    rows = (
        "Future talk,2027-10-01,Employer talk,1,,,5,,9,0,,,",
        "Sixth form talk,2026-10-01,Employer talk,1,,,5,,12,0,,,",
    )
    page = (
        client_for(leader)
        .post(reverse("encounters:import"), {"file": _csv(*rows)})
        .content.decode()
    )
    assert "after the end of this academic year" in page
    assert "No learners are on roll in Year 12" in page
    assert not Encounter.objects.exists()


def test_it_refuses_a_file_that_is_not_csv_or_excel(client_for, leader):
    upload = SimpleUploadedFile("notes.txt", b"hello", "text/plain")
    page = client_for(leader).post(reverse("encounters:import"), {"file": upload}).content.decode()
    assert "Upload a .csv or .xlsx file." in page


def test_it_neutralises_formula_cells_in_exports(client_for, slt, institution):
    EncounterFactory(
        institution=institution, title='=HYPERLINK("http://evil")', reflections="@SUM(A1)"
    )
    EncounterFactory(institution=institution, title="Plain talk", reflections="+44 7000")
    client = client_for(slt)
    csv = client.get(reverse("encounters:export", args=["csv"])).content.decode()
    assert "'=HYPERLINK" in csv and "'@SUM(A1)" in csv and "'+44 7000" in csv
    xlsx = client.get(reverse("encounters:export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://evil")' in values


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_it_prefixes_each_formula_start_with_an_apostrophe(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Safe text") == "Safe text"
    assert neutralise(5) == 5


def test_it_imports_its_own_export(client_for, leader, institution):
    LearnerFactory(institution=institution, year_group=9)
    EncounterFactory(institution=institution, title="Round trip", year_groups=[9])
    client = client_for(leader)
    csv = client.get(reverse("encounters:export", args=["csv"])).content
    upload = SimpleUploadedFile("encounters.csv", csv, "text/csv")
    page = client.post(reverse("encounters:import"), {"file": upload}).content.decode()
    assert "Updates an encounter" in page


def test_it_writes_nothing_when_a_row_fails_while_applying(leader, institution):
    import datetime as dt

    import tablib

    from encounters.importing import encounters_import

    OrganisationFactory(institution=institution, name="Acme Bank")
    LearnerFactory(institution=institution, year_group=9)
    broken = "Broken row,2026-10-20,Employer talk,1,,,5,,11,0,,,"
    dataset = tablib.Dataset().load(HEADER + "\n".join([GOOD[0], broken]) + "\n", format="csv")
    report = encounters_import(
        institution=institution,
        by=leader,
        today=dt.date(2026, 11, 22),
        dataset=dataset,
        dry_run=False,
    )
    assert report.has_errors and not report.applied
    assert [row.outcome for row in report.rows] == ["new", "error"]
    assert not Encounter.objects.exists()


def test_the_checked_file_waits_in_storage_not_in_the_session(client_for, leader, institution):
    from django.core.files.storage import default_storage

    OrganisationFactory(institution=institution, name="Acme Bank")
    LearnerFactory(institution=institution, year_group=9)
    LearnerFactory(institution=institution, year_group=10)
    client = client_for(leader)
    client.post(reverse("encounters:import"), {"file": _csv(*GOOD)})
    stored = client.session["encounters_import"]
    assert set(stored) == {"token", "fmt"}  # a name, never the file's content
    path = f"uploads/{stored['token']}.csv"
    assert b"Bank talk" in default_storage.open(path).read()

    client.post(reverse("encounters:import_confirm"))
    assert Encounter.objects.count() == 2
    assert not default_storage.exists(path)  # removed once applied


def test_it_says_so_when_the_file_has_headings_and_no_rows(client_for, leader):
    page = client_for(leader).post(reverse("encounters:import"), {"file": _csv()}).content.decode()
    assert "column headings but no rows under them" in page
    assert "Import 0 rows" not in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_to_the_same_values(client_for, leader, institution, fmt):
    from tests.factories import DepartmentFactory

    science = DepartmentFactory(institution=institution, name="Science")
    acme = OrganisationFactory(institution=institution, name="Acme Bank")
    LearnerFactory(institution=institution, year_group=9)
    original = EncounterFactory(
        institution=institution,
        title="=HYPERLINK(x)",
        purpose="-2+3 careers",
        reflections="",
        employer_feedback="",
        department=science,
        year_groups=[9],
    )
    original.organisations.add(acme)
    fields = ["title", "date", "kind", "purpose", "reflections", "employer_feedback", "year_groups"]
    before = {name: getattr(original, name) for name in fields}
    client = client_for(leader)
    body = client.get(reverse("encounters:export", kwargs={"fmt": fmt})).content
    Encounter.objects.all().delete()

    page = client.post(
        reverse("encounters:import"), {"file": SimpleUploadedFile(f"encounters.{fmt}", body)}
    ).content.decode()
    assert "Every row is ready to import" in page, page
    client.post(reverse("encounters:import_confirm"))

    again = Encounter.objects.get()
    assert {name: getattr(again, name) for name in fields} == before
    assert again.department == science
    assert list(again.organisations.all()) == [acme]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("Talk,2026-10-05,Employer talk,1,Nowhere,,5,,9,0,,,", "Unknown department &#x27;Nowhere"),
        ("Talk,05.10.2026,Employer talk,1,,,5,,9,0,,,", "write it as 2026-10-05 or 5/10/2026"),
        ("Talk,0001-01-01,Employer talk,1,,,5,,9,0,,,", "check the year"),
        ("Talk,2026-10-05,Employer talk,1,,,5,,inf,0,,,", "Year groups are numbers from 1 to 14"),
        ("Talk,2026-10-05,Employer talk,1,,,99999999999999999999,,9,0,,,", "Unknown benchmark"),
    ],
)
def test_import_errors_speak_the_users_language(client_for, leader, institution, cells, message):
    LearnerFactory(institution=institution, year_group=9)
    page = (
        client_for(leader)
        .post(reverse("encounters:import"), {"file": _csv(cells)})
        .content.decode()
    )
    assert message in page
    for raw in ("matching query does not exist", "too large to convert", "float infinity"):
        assert raw not in page


def test_it_reads_dates_as_english_schools_write_them(client_for, leader, institution):
    LearnerFactory(institution=institution, year_group=9)
    client = client_for(leader)
    client.post(
        reverse("encounters:import"),
        {"file": _csv("Talk,5/10/2026,Employer talk,1,,,5,,Y9,0,,,")},
    )
    client.post(reverse("encounters:import_confirm"))
    talk = Encounter.objects.get()
    assert talk.date.isoformat() == "2026-10-05"
    assert talk.year_groups == [9]


def test_an_imported_encounter_has_one_history_record_with_its_relations(
    client_for, leader, institution
):
    OrganisationFactory(institution=institution, name="Acme Bank")
    LearnerFactory(institution=institution, year_group=9)
    LearnerFactory(institution=institution, year_group=10)
    client = client_for(leader)
    client.post(reverse("encounters:import"), {"file": _csv(*GOOD)})
    client.post(reverse("encounters:import_confirm"))
    bank = Encounter.objects.get(title="Bank talk")
    records = list(bank.history.all())
    assert len(records) == 1
    assert records[0].history_type == "+" and records[0].history_user == leader
    assert [m.organisation.name for m in records[0].organisations.all()] == ["Acme Bank"]
