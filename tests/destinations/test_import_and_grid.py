"""Destinations imported (checked whole, all or nothing), the Year 11 grid and the LA return."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure
from destinations import importing
from destinations.models import DestinationRecord
from tests.factories import LearnerFactory


def this_year() -> AcademicYear:
    return academic_year_ensure(start_year=AcademicYear.start_year_for(timezone.localdate()))


def _la_file(*rows: str) -> bytes:
    return ("\ufeffUPN,Surname,Activity Code,Provider,Date\r\n" + "\r\n".join(rows)).encode()


def _post(client, content: bytes, stage: str = "actual"):
    return client.post(
        reverse("destinations:import"),
        {
            "file": SimpleUploadedFile("la.csv", content),
            "academic_year": this_year().pk,
            "stage": stage,
            "source": "la",
        },
    )


def test_an_la_activity_file_is_checked_then_applied(leader, client_for, institution):
    one = LearnerFactory(institution=institution, year_group=11)
    two = LearnerFactory(institution=institution, year_group=11)
    client = client_for(leader)

    response = _post(
        client,
        _la_file(
            f"{one.upn},{one.last_name},310,Acme,01/10/2026",
            f"{two.upn},{two.last_name},999,,",
        ),
    )

    report = response.context["report"]
    assert [row.outcome for row in report.rows] == ["new", "error"]
    assert "999 is not an NCCIS activity code we know." in response.content.decode()
    refused = client.post(reverse("destinations:import_apply"))
    assert refused["Location"] == reverse("destinations:import")
    assert not DestinationRecord.objects.exists()

    client.post(reverse("destinations:import_apply"), {"skip_invalid": "on"})

    record = DestinationRecord.objects.get()
    assert (record.learner, record.category, record.source) == (one, "apprenticeship", "la")


def test_the_same_file_twice_changes_nothing(leader, institution):
    learner = LearnerFactory(institution=institution, year_group=11)
    content = _la_file(f"{learner.upn},{learner.last_name},540,,")
    year = this_year()
    importing.apply(
        institution=institution,
        dataset=importing.read(content, "csv"),
        year=year,
        stage="actual",
        source="la",
        by=leader,
    )

    again = importing.check(
        institution=institution, dataset=importing.read(content, "csv"), year=year, stage="actual"
    )

    assert [row.outcome for row in again.rows] == ["unchanged"]


def test_a_file_without_the_columns_says_what_it_needs(institution):
    report = importing.check(
        institution=institution,
        dataset=importing.read(b"Name,Colour\r\nAmy,Blue\r\n", "csv"),
        year=this_year(),
        stage="actual",
    )

    assert "UPNs, ULNs or MIS references" in report.problems[0]


def test_another_institutions_learner_is_not_found(leader, institution, other_institution):
    stranger = LearnerFactory(institution=other_institution)
    report = importing.check(
        institution=institution,
        dataset=importing.read(_la_file(f"{stranger.upn},X,310,,"), "csv"),
        year=this_year(),
        stage="actual",
    )

    assert report.rows[0].outcome == "error"


def test_the_grid_saves_one_row_at_a_time(leader, client_for, institution):
    learners = LearnerFactory.create_batch(3, institution=institution, year_group=11)
    client = client_for(leader)

    page = client.get(reverse("destinations:grid"), {"year_group": "11"})
    assert len(page.context["learners"]) == 3

    row = client.post(
        reverse("destinations:grid_save", args=[learners[0].pk]),
        {"category": "fe_college", "provider": "Leeds City College"},
        headers={"HX-Request": "true"},
    )

    body = row.content.decode()
    assert "Saved" in body
    # Only the row's status comes back: nothing the user typed in the browser is replaced.
    assert "<html" not in body and "<input" not in body and "<select" not in body
    record = DestinationRecord.objects.get()
    assert (record.stage, record.category, record.provider) == (
        "intended",
        "fe_college",
        "Leeds City College",
    )


def test_the_grid_keeps_a_provider_typed_without_a_destination(leader, client_for, institution):
    learner = LearnerFactory(institution=institution, year_group=11)

    row = client_for(leader).post(
        reverse("destinations:grid_save", args=[learner.pk]),
        {"category": "", "provider": "Typed College"},
        headers={"HX-Request": "true"},
    )

    body = row.content.decode()
    assert "Choose a destination" in body and "<input" not in body  # the typed field stays as is
    assert not DestinationRecord.objects.exists()


def test_without_javascript_the_grid_shows_the_typed_row_again_with_its_error(
    leader, client_for, institution
):
    learner, _other = LearnerFactory.create_batch(2, institution=institution, year_group=11)

    page = client_for(leader).post(
        reverse("destinations:grid_save", args=[learner.pk]),
        {"category": "", "provider": "Typed College"},
    )

    assert page.status_code == 200
    body = page.content.decode()
    assert f'id="provider-{learner.pk}" class="form-control" maxlength="200" ' in body
    assert 'value="Typed College"' in body and body.count("Choose a destination") == 1
    assert not DestinationRecord.objects.exists()


def test_without_javascript_a_saved_row_says_so(leader, client_for, institution):
    learner = LearnerFactory(institution=institution, year_group=11)

    page = client_for(leader).post(
        reverse("destinations:grid_save", args=[learner.pk]),
        {"category": "apprenticeship", "provider": ""},
        follow=True,
    )

    assert "intended destination" in page.content.decode()
    assert DestinationRecord.objects.get().category == "apprenticeship"


def test_the_la_return_is_neutralised_and_keeps_accents(leader, client_for, institution):
    learner = LearnerFactory(
        institution=institution, year_group=11, last_name="=cmd()", first_name="Zoë"
    )
    DestinationRecord.objects.create(
        learner=learner,
        academic_year=this_year(),
        stage="actual",
        category="neet",
        nccis_code="540",
    )

    response = client_for(leader).get(reverse("destinations:la_return"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == "'=cmd()"
    assert rows[1][3] == "Zoë"
    assert rows[1][8] == "540"


def test_the_command_imports_an_la_file_and_fails_on_a_wrong_row(institution, tmp_path, capsys):
    import pytest
    from django.core.management import call_command

    learner = LearnerFactory(institution=institution, year_group=11)
    year = this_year()
    path = tmp_path / "la.csv"
    path.write_bytes(_la_file(f"{learner.upn},X,230,,", "B000000000000,Y,310,,"))
    arguments = [str(path), "--institution", institution.urn, "--year", str(year.start_year)]

    with pytest.raises(SystemExit):
        call_command("import_destinations", *arguments)
    assert not DestinationRecord.objects.exists()

    call_command("import_destinations", *arguments, "--skip-invalid")
    assert DestinationRecord.objects.get().category == "fe_college"
    assert "row 3: error" in capsys.readouterr().out
