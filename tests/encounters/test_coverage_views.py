"""Coverage, PAL, learning outcomes, guidance and a learner's careers record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.models import CdiLearningArea
from careers_portal.schools.models import Learner
from encounters.models import GuidanceMeeting
from tests.encounters.factories import (
    EncounterFactory,
    GuidanceMeetingFactory,
    meaningful_encounter,
    pal_encounter,
)
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def _learners(institution, count, *, start=0):
    """`count` learners spread over Y7-Y13 and cohorts, in one insert."""
    learners = Learner.objects.bulk_create(
        Learner(
            institution=institution,
            mis_id=f"M{start + n}",
            first_name=f"First{start + n}",
            last_name=f"Last{start + n}",
            year_group=7 + n % 7,
            gender="FM"[n % 2],
            send="K" if n % 10 == 0 else "N",
            disadvantaged=n % 4 == 0,
        )
        for n in range(count)
    )
    return learners


def _coverage_queries(client) -> int:
    """The page's queries once its kept counts are today's (encounters.kept): learners
    bulk-created here bypass the services, so a first visit rebuilds them."""
    client.get(reverse("encounters:coverage"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("encounters:coverage"))
    assert response.status_code == 200
    return len(queries)


def test_it_runs_the_same_queries_for_100_and_2000_learners(client_for, leader, institution):
    client = client_for(leader)
    client.get(reverse("encounters:coverage"))  # the first request also saves the session
    learners = _learners(institution, 100)
    meaningful_encounter(institution, learners[:50])
    GuidanceMeetingFactory(learner=learners[0])
    small = _coverage_queries(client)
    more = _learners(institution, 1900, start=100)
    meaningful_encounter(institution, more[:900], number=6)
    large = _coverage_queries(client)
    assert small == large
    assert large <= 12


def test_it_shows_coverage_by_year_group_and_links_the_leader_to_who_is_missing(
    client_for, leader, institution
):
    covered = LearnerFactory(institution=institution, year_group=9, last_name="Covered")
    LearnerFactory(institution=institution, year_group=9, last_name="Missing")
    meaningful_encounter(institution, [covered])
    page = client_for(leader).get(reverse("encounters:coverage")).content.decode()
    assert "50%" in page and "1 of 2" in page
    link = reverse("encounters:not_covered") + "?benchmark=5&amp;year_group=9"
    assert link in page
    listing = client_for(leader).get(
        reverse("encounters:not_covered"), {"benchmark": 5, "year_group": 9}
    )
    assert "Missing" in listing.content.decode()
    assert "Covered" not in listing.content.decode()


def test_it_shows_governors_aggregates_only_with_small_groups_suppressed(
    client_for, governor, institution
):
    learners = [
        LearnerFactory(institution=institution, year_group=9, last_name=f"Pupil{n}")
        for n in range(3)
    ]
    meaningful_encounter(institution, learners[:1])
    page = client_for(governor).get(reverse("encounters:coverage")).content.decode()
    assert "Pupil0" not in page
    assert reverse("encounters:not_covered") not in page
    assert ">c<" in page and "1 of 3" not in page
    assert client_for(governor).get(reverse("encounters:not_covered")).status_code == 403


def test_it_shows_a_champion_figures_but_not_the_list_of_names(client_for, champion, institution):
    LearnerFactory.create_batch(7, institution=institution, year_group=9)
    page = client_for(champion).get(reverse("encounters:coverage")).content.decode()
    assert "0 of 7" in page
    assert reverse("encounters:not_covered") not in page


def test_a_champion_sees_small_groups_suppressed_by_the_one_rule(
    client_for, champion, leader, institution
):
    """Champions may not see learners' data, so careers_portal/disclosure.py suppresses for them
    as for governors (DOMAIN 6); the careers leader sees the figure."""
    LearnerFactory(institution=institution, year_group=9)
    page = client_for(champion).get(reverse("encounters:coverage")).content.decode()
    assert "0 of 1" not in page and ">c<" in page
    assert "0 of 1" in client_for(leader).get(reverse("encounters:coverage")).content.decode()


def test_it_says_what_to_do_when_nobody_is_on_roll(client_for, leader):
    page = client_for(leader).get(reverse("encounters:coverage")).content.decode()
    assert "no learners on roll yet" in page


def test_it_shows_pal_per_phase_with_a_warning_near_the_deadline(
    client_for, leader, institution, monkeypatch
):
    learners = LearnerFactory.create_batch(2, institution=institution, year_group=11)
    pal_encounter(institution, learners, date=dt.date(2026, 10, 1), year_groups=[11])
    monkeypatch.setattr("encounters.views.coverage.today", lambda: dt.date(2027, 1, 10))
    page = client_for(leader).get(reverse("encounters:pal")).content.decode()
    assert "Deadline near" in page
    assert "1 of 2 encounters offered" in page
    assert "28 February 2027" in page


def test_it_audits_learning_outcomes_by_year_group(client_for, slt, institution):
    encounter = EncounterFactory(institution=institution, year_groups=[9])
    encounter.cdi_areas.set(CdiLearningArea.objects.filter(code="explore")[:1])
    page = client_for(slt).get(reverse("encounters:outcomes")).content.decode()
    assert "Explore possibilities" in page
    assert 'status-green">1<' in page
    assert "Gap" in page


def test_it_lists_learners_at_risk_first_for_guidance(client_for, leader, institution):
    LearnerFactory(institution=institution, last_name="Aardvark")
    LearnerFactory(institution=institution, last_name="Zebra", roni_score=7)
    page = client_for(leader).get(reverse("encounters:guidance")).content.decode()
    assert page.index("Zebra") < page.index("Aardvark")


def test_it_records_a_guidance_meeting(client_for, leader, institution):
    learner = LearnerFactory(institution=institution)
    response = client_for(leader).post(
        reverse("encounters:guidance"),
        {
            "learner": learner.pk,
            "date": "2026-11-20",
            "adviser_name": "Jo Adviser",
            "adviser_level6": "on",
        },
    )
    assert response.status_code == 302
    meeting = GuidanceMeeting.objects.get()
    assert meeting.learner == learner and meeting.adviser_level6


def test_it_refuses_a_guidance_meeting_in_the_future(client_for, leader, institution):
    learner = LearnerFactory(institution=institution)
    response = client_for(leader).post(
        reverse("encounters:guidance"),
        {"learner": learner.pk, "date": "2027-01-20", "adviser_name": "Jo Adviser"},
    )
    assert "the date is in the future" in response.content.decode()
    assert not GuidanceMeeting.objects.exists()


def test_it_shows_a_learners_whole_careers_record(client_for, leader, institution):
    learner = LearnerFactory(institution=institution, year_group=9)
    meaningful_encounter(institution, [learner], title="Bank visit")
    GuidanceMeetingFactory(learner=learner, adviser_name="Jo Adviser")
    page = (
        client_for(leader)
        .get(reverse("encounters:learner_record", args=[learner.pk]))
        .content.decode()
    )
    assert "Bank visit" in page and "Jo Adviser" in page
    assert "BM5: met" in page
    # Year 9 in 2026/27: workplace experience falls due at the end of Year 11, in July 2029.
    assert "BM6: not yet, due by the end of Year 11 (July 2029)" in page
    assert "BM8: met" in page


def test_the_guidance_form_finds_the_learner_by_search_not_a_long_list(
    client_for, leader, institution
):
    from encounters.models import GuidanceMeeting

    LearnerFactory.create_batch(40, institution=institution, year_group=11)
    amy = LearnerFactory(
        institution=institution, year_group=11, first_name="Amy", last_name="Quill"
    )
    client = client_for(leader)
    page = client.get(reverse("encounters:guidance")).content.decode()
    assert "<select" not in page.split('id="record"')[1].split("</form>")[1]  # no list of 41
    found = client.get(reverse("encounters:guidance"), {"find": "quill amy"}).content.decode()
    assert f"?learner={amy.pk}#record" in found
    chosen = client.get(reverse("encounters:guidance"), {"learner": amy.pk}).content.decode()
    assert "With <strong>Quill, Amy</strong>" in chosen
    missing = client.post(reverse("encounters:guidance"), {"date": "2026-11-20"}).content.decode()
    assert "Find the learner first" in missing
    client.post(
        reverse("encounters:guidance") + f"?learner={amy.pk}",
        {"learner": amy.pk, "date": "2026-11-20", "adviser_name": "Jo Adviser"},
    )
    assert GuidanceMeeting.objects.filter(learner=amy).exists()
