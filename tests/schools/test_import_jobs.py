"""Big imports run as background jobs: progress on a polled page, the check, then one apply.

The threshold is lowered so that a few rows make a "big" file; Celery is eager in the tests, and
the tasks start once the job is committed (captured on-commit callbacks run them).
"""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from stdnum.gb import upn as upn_number

from careers_portal.schools import import_jobs
from careers_portal.schools.models import AcademicYear, ImportJob, Learner
from careers_portal.schools.services import academic_year_ensure
from destinations.models import DestinationRecord
from encounters.models import Encounter
from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.encounters.factories import OrganisationFactory
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db
_today = pinned_today(AUTUMN_TERM_2026)

HEADER = "title,date,kind,in_school_day,organisations,benchmarks,year_groups,is_pal\n"


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    monkeypatch.setattr(import_jobs, "BACKGROUND_ROWS", 3)


def _encounters(rows: int, *, broken: bool = False) -> SimpleUploadedFile:
    lines = [
        f"Talk {n},2026-10-{1 + n % 28:02d},Employer talk,1,Acme Bank,5,9,0" for n in range(rows)
    ]
    if broken:
        lines.append("Broken,2026-10-05,Tea party,1,Nobody Ltd,5,9,0")
    return SimpleUploadedFile("encounters.csv", (HEADER + "\n".join(lines) + "\n").encode())


def _upload(client, upload, captured):
    with captured(execute=True):
        response = client.post(reverse("encounters:import"), {"file": upload})
    assert response.status_code == 302
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


@pytest.fixture
def school(institution):
    OrganisationFactory(institution=institution, name="Acme Bank")
    return LearnerFactory.create_batch(3, institution=institution, year_group=9)


def test_a_big_file_is_checked_by_the_worker_then_applied_in_one_step(
    client_for, leader, institution, school, django_capture_on_commit_callbacks
):
    client = client_for(leader)
    job = _upload(client, _encounters(10), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert (job.rows_done, job.rows_total) == (10, 10)
    assert not Encounter.objects.exists()  # checking writes nothing
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "10 rows checked" in page and "Import the file" in page
    assert page.count('<td data-label="Result"><span class="status status-green">New</span>') == 10

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:apply", args=[job.pk]))
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert "10 encounters imported" in job.message
    assert Encounter.objects.filter(institution=institution).count() == 10
    assert all(e.learners.count() == 3 for e in Encounter.objects.all())
    assert not default_storage.exists(f"uploads/{job.upload_token}.csv")

    # Delivered twice (a worker retry): applied once.
    import_jobs.job_apply(job.pk)
    assert Encounter.objects.count() == 10


def test_the_page_polls_a_progress_fragment_while_the_worker_checks(
    client_for, leader, institution, school
):
    client = client_for(leader)
    response = client.post(reverse("encounters:import"), {"file": _encounters(10)})
    job = ImportJob.objects.get()  # the on-commit task has not run: still checking
    assert job.status == ImportJob.Status.CHECKING
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    ImportJob.objects.filter(pk=job.pk).update(rows_total=10, rows_done=5)
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "Checking the file: 5 of 10 rows so far." in text
    assert 'value="50"' in text and "<h1>" not in text  # the fragment alone

    import_jobs.job_check(job.pk)
    refresh = client.get(response["Location"], headers={"HX-Request": "true"})
    assert refresh["HX-Refresh"] == "true"  # checked: the whole page changes


def test_a_big_file_with_a_wrong_row_is_shown_and_never_half_written(
    client_for, leader, institution, school, django_capture_on_commit_callbacks
):
    client = client_for(leader)
    job = _upload(client, _encounters(5, broken=True), django_capture_on_commit_callbacks)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "some have errors" in page
    assert "Unknown kind" in page and "Unknown organisation: Nobody Ltd." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert not Encounter.objects.exists()


def test_applying_writes_nothing_when_a_row_went_wrong_since_the_check(
    client_for, leader, institution, school, django_capture_on_commit_callbacks
):
    client = client_for(leader)
    job = _upload(client, _encounters(5), django_capture_on_commit_callbacks)
    Learner.objects.update(date_of_leaving=timezone.localdate())  # Year 9 has left since
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.message.startswith("Nothing was imported")
    assert not Encounter.objects.exists()


def test_another_institutions_job_is_not_found_and_a_role_without_the_import_is_refused(
    client_for, leader, champion, outsider, institution, school, django_capture_on_commit_callbacks
):
    job = _upload(client_for(leader), _encounters(5), django_capture_on_commit_callbacks)
    url = reverse("imports:detail", args=[job.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(champion).get(url).status_code == 403
    assert client_for(champion).post(reverse("imports:apply", args=[job.pk])).status_code == 403
    assert client_for(None).get(url).status_code == 302


def _upn(serial: int) -> str:
    body = f"201901526{serial:03d}"
    return upn_number.calc_check_digit(body) + body


def test_a_big_roll_goes_to_the_worker_after_the_mapping(
    client_for, leader, institution, django_capture_on_commit_callbacks
):
    lines = ["UPN,Legal Surname,Legal Forename,Year,Reg"]
    lines += [f"{_upn(n)},Surname{n},First{n},Year 10,10A" for n in range(6)]
    lines.append(f"{_upn(99)},Nobody,Missing,,10A")
    client = client_for(leader)
    client.post(
        reverse("learners:import"),
        {"file": SimpleUploadedFile("roll.csv", "\r\n".join(lines).encode())},
    )
    form = client.get(reverse("learners:import_mapping")).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("learners:import_mapping"), data)
    job = ImportJob.objects.get(kind="learners")
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The year group is missing." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]))
    assert not Learner.objects.exists()  # a wrong row and no choice to leave it out
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]), {"skip_invalid": "on"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert (
        job.message == "Learners imported: 6 added, 0 updated, 0 unchanged, 1 left out with errors."
    )
    assert Learner.objects.filter(institution=institution, year_group=10).count() == 6


def test_a_big_destinations_file_goes_to_the_worker(
    client_for, leader, institution, django_capture_on_commit_callbacks
):
    learners = LearnerFactory.create_batch(5, institution=institution, year_group=11)
    year = academic_year_ensure(start_year=AcademicYear.start_year_for(timezone.localdate()))
    rows = "\r\n".join(f"{lr.upn},310,Acme College" for lr in learners)
    content = f"UPN,Activity Code,Provider\r\n{rows}\r\n".encode()
    client = client_for(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("destinations:import"),
            {
                "file": SimpleUploadedFile("la.csv", content),
                "academic_year": year.pk,
                "stage": "actual",
                "source": "la",
            },
        )
    job = ImportJob.objects.get(kind="destinations")
    assert response["Location"] == reverse("imports:detail", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    records = DestinationRecord.objects.filter(learner__in=learners, stage="actual")
    assert records.count() == 5
    assert {r.provider for r in records} == {"Acme College"}
    assert all(r.history.count() == 1 for r in records)


def test_the_encounters_check_runs_a_fixed_number_of_queries(
    institution, school, django_assert_max_num_queries
):
    from careers_portal import uploads
    from careers_portal.dates import today
    from encounters import importing

    def queries_for(rows: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        dataset = uploads.read_table(_encounters(rows).read(), "csv")
        with CaptureQueriesContext(connection) as captured:
            report = importing.check(institution=institution, dataset=dataset, today=today())
        assert not report.has_errors, [r.errors for r in report.rows if r.errors]
        return len(captured)

    assert queries_for(3) == queries_for(200)


def test_a_job_that_breaks_says_so_instead_of_waiting_for_ever(
    client_for, leader, institution, school, monkeypatch, django_capture_on_commit_callbacks
):
    from encounters import importing

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(importing, "check", broken)
    job = _upload(client_for(leader), _encounters(5), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "something went wrong on our side" in job.message
    assert not default_storage.exists(f"uploads/{job.upload_token}.csv")
