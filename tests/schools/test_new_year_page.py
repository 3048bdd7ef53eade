"""The "Start the new academic year" page: offered from July, previews, ticks, applies once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from careers_portal.schools.models import Learner, NewYearRun
from tests.conftest import travel_to
from tests.factories import LearnerFactory


def csv_bytes(rows) -> bytes:
    return ("\r\n".join(",".join(row) for row in rows) + "\r\n").encode("utf-8")


pytestmark = pytest.mark.django_db

JULY = dt.date(2027, 7, 15)
MARCH = dt.date(2027, 3, 15)


@pytest.fixture
def roll(institution):
    with travel_to(dt.date(2026, 10, 1)):
        return {
            "y7": LearnerFactory(institution=institution, year_group=7, reg_group="7A"),
            "y11": LearnerFactory(institution=institution, year_group=11, reg_group="11B"),
            "stays": LearnerFactory(institution=institution, year_group=11, reg_group="11C"),
            "y13": LearnerFactory(institution=institution, year_group=13, reg_group="13D"),
        }


def test_it_is_not_offered_before_july(client_for, leader, roll):
    with travel_to(MARCH):
        client = client_for(leader)
        body = client.get("/learners/new-year/").content.decode()
        refused = client.post("/learners/new-year/apply/")
    assert "offered from 1 July 2027" in body
    assert refused.status_code == 302
    assert not NewYearRun.objects.exists()


def test_it_previews_with_counts_and_ticks_and_changes_nothing(client_for, leader, roll):
    with travel_to(JULY):
        client = client_for(leader)
        page = client.get("/learners/new-year/", {"stay": [roll["stays"].pk]})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Move from 2026/27 to 2027/28" in body
    assert f"{roll['y7'].full_name} (7A): Year 7 to Year 8" in body
    assert f'value="{roll["stays"].pk}" id="stay-{roll["stays"].pk}" checked' in body
    assert "Annual checklist" in body
    assert "Start 2027/28" in body
    assert Learner.objects.get(pk=roll["y7"].pk).year_group == 7


def test_it_applies_with_the_ticked_learners_staying_on(client_for, leader, roll):
    with travel_to(JULY):
        client = client_for(leader)
        done = client.post("/learners/new-year/apply/", {"stay": [roll["stays"].pk, "x"]})
        after = client.get(done.url).content.decode()
    assert done.status_code == 302
    assert "2027/28 has started." in after
    assert "2027/28: started 15 July 2027" in after
    learners = {lr.pk: lr for lr in Learner.objects.all()}
    assert learners[roll["y7"].pk].year_group == 8
    assert learners[roll["stays"].pk].year_group == 12
    assert learners[roll["y11"].pk].date_of_leaving == dt.date(2027, 8, 31)
    assert learners[roll["y13"].pk].date_of_leaving == dt.date(2027, 8, 31)
    run = NewYearRun.objects.get()
    assert run.applied_by == leader


def test_applying_again_from_the_page_says_so_and_changes_nothing(client_for, leader, roll):
    with travel_to(JULY):
        client = client_for(leader)
        client.post("/learners/new-year/apply/")
        again = client.post("/learners/new-year/apply/", {"stay": [roll["y11"].pk]})
        body = client.get(again.url).content.decode()
    assert "was started already: nothing about the learners changed again" in body
    assert Learner.objects.get(pk=roll["y11"].pk).date_of_leaving == dt.date(2027, 8, 31)


def test_another_institutions_learner_ticked_is_ignored(
    client_for, leader, roll, other_institution
):
    with travel_to(JULY):
        stranger = LearnerFactory(institution=other_institution, year_group=11)
        client_for(leader).post("/learners/new-year/apply/", {"stay": [stranger.pk]})
    stranger.refresh_from_db()
    assert (stranger.year_group, stranger.date_of_leaving) == (11, None)


def next_years_roll(roll) -> bytes:
    rows = [
        (roll["y7"].upn, roll["y7"].first_name, roll["y7"].last_name, "8"),
        (roll["stays"].upn, roll["stays"].first_name, roll["stays"].last_name, "12"),
    ]
    return csv_bytes([("UPN", "Forename", "Surname", "Year"), *rows])


def test_the_roll_from_the_mis_decides_who_stays_and_who_leaves(client_for, leader, roll):
    with travel_to(JULY):
        client = client_for(leader)
        uploaded = client.post(
            "/learners/new-year/roll/",
            {"file": SimpleUploadedFile("roll.csv", next_years_roll(roll), "text/csv")},
        )
        assert uploaded.status_code == 302
        preview = client.get(uploaded.url).content.decode()
        done = client.post("/learners/new-year/apply/", {"source": "mis"})
    assert "From your MIS" in preview
    assert "not in the file, marked as left" in preview
    assert done.status_code == 302
    learners = {lr.pk: lr for lr in Learner.objects.all()}
    assert learners[roll["y7"].pk].year_group == 8
    assert learners[roll["stays"].pk].year_group == 12
    assert learners[roll["y11"].pk].date_of_leaving == dt.date(2027, 8, 31)
    assert learners[roll["y13"].pk].date_of_leaving == dt.date(2027, 8, 31)
    assert NewYearRun.objects.count() == 1


def test_a_roll_with_errors_changes_nothing(client_for, leader, roll):
    wrong = csv_bytes(
        [("UPN", "Forename", "Surname", "Year"), (roll["y7"].upn, "Ann", "Smith", "Year 20")]
    )
    with travel_to(JULY):
        client = client_for(leader)
        client.post(
            "/learners/new-year/roll/", {"file": SimpleUploadedFile("roll.csv", wrong, "text/csv")}
        )
        done = client.post("/learners/new-year/apply/", {"source": "mis"})
        body = client.get(done.url).content.decode()
    assert "Nothing was changed: the roll from your MIS has rows with errors" in body
    assert not NewYearRun.objects.exists()
    assert Learner.objects.get(pk=roll["y7"].pk).year_group == 7


def test_a_file_that_is_not_a_table_is_refused_in_words(client_for, leader, roll):
    with travel_to(JULY):
        client = client_for(leader)
        answer = client.post(
            "/learners/new-year/roll/",
            {"file": SimpleUploadedFile("roll.pdf", b"%PDF-1.4", "application/pdf")},
        )
        body = client.get(answer.url).content.decode()
    assert answer.status_code == 302
    assert "alert" in body
    assert not NewYearRun.objects.exists()


def test_the_list_to_confirm_shows_each_year_11_leaver_once_and_who_is_confirmed(
    client_for, leader, slt, roll
):
    from careers_portal.schools.services import academic_year_ensure
    from destinations.models import DestinationRecord

    with travel_to(JULY):
        client_for(leader).post("/learners/new-year/apply/", {"stay": [roll["stays"].pk]})
        DestinationRecord.objects.create(
            learner=roll["y11"],
            academic_year=academic_year_ensure(start_year=2026),
            stage=DestinationRecord.Stage.ACTUAL,
            category="fe_college",
        )
    with travel_to(dt.date(2027, 9, 20)):
        body = client_for(slt).get("/destinations/to-confirm/").content.decode()
        empty = client_for(slt).get("/destinations/to-confirm/?year=2027").content.decode()
    assert "2026/27 Year 11 leavers" in body
    assert "1 of 1 confirmed" in body
    assert roll["y11"].full_name in body
    assert roll["stays"].full_name not in body
    assert "There is no list for 2027/28 yet." in empty


def test_last_years_encounters_are_listed_under_last_year(client_for, leader, institution):
    from tests.encounters.factories import EncounterFactory

    with travel_to(dt.date(2027, 9, 20)):
        old = EncounterFactory(institution=institution, date=dt.date(2027, 3, 1), title="Old talk")
        new = EncounterFactory(institution=institution, date=dt.date(2027, 9, 10), title="New talk")
        client = client_for(leader)
        this_year = client.get("/encounters/").content.decode()
        last_year = client.get("/encounters/?year=2026").content.decode()
        unknown = client.get("/encounters/?year=1999").content.decode()
    assert new.title in this_year and old.title not in this_year
    assert old.title in last_year and new.title not in last_year
    assert "Encounters 2026/27" in last_year
    assert "1 September 2026 to 31 August 2027" in last_year
    assert "Encounters this year" in unknown


@pytest.mark.parametrize(("day", "shown"), [(JULY, True), (MARCH, False)])
def test_the_leaders_home_page_offers_the_new_year_from_july(client_for, leader, slt, day, shown):
    with travel_to(day):
        home = client_for(leader).get("/").content.decode()
        slt_home = client_for(slt).get("/").content.decode()
    assert ("2027/28 can be started" in home) is shown
    assert "can be started" not in slt_home


def _queries_for_page(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get("/learners/new-year/").status_code == 200
    return len(captured)


def test_the_preview_takes_the_same_queries_for_a_small_and_a_large_roll(
    client_for, leader, institution, django_assert_max_num_queries
):
    with travel_to(dt.date(2026, 10, 1)):
        LearnerFactory.create_batch(3, institution=institution, year_group=11)
    with travel_to(JULY):
        client = client_for(leader)
        client.get("/learners/new-year/")  # the first visit makes the two academic years
        small = _queries_for_page(client, django_assert_max_num_queries, 40)
        with travel_to(dt.date(2026, 10, 1)):
            for year in range(7, 14):
                LearnerFactory.create_batch(6, institution=institution, year_group=year)
        large = _queries_for_page(client, django_assert_max_num_queries, 40)
    assert large == small
