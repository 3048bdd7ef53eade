"""The careers programme's pages: the journey built in place, logging from it, the gaps."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.models import CdiLearningArea, SkillsBuilderSkill
from careers_portal.schools.services import academic_year_ensure
from encounters.models import Encounter, PlannedActivity
from tests.encounters.factories import EncounterFactory, PlannedActivityFactory
from tests.factories import DepartmentFactory, InstitutionFactory, LearnerFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
JOURNEY = reverse("encounters:programme")


@pytest.fixture
def year(db):
    return academic_year_ensure(start_year=2026)


def test_it_says_what_to_do_first_when_nothing_is_planned(client_for, leader, year):
    page = client_for(leader).get(JOURNEY).content.decode()
    assert "Nothing is planned for 2026/27 yet" in page
    assert "Start from a template above" in page


def test_the_mainstream_template_builds_a_journey_by_year_group(client_for, leader, year):
    client = client_for(leader)
    response = client.post(
        reverse("encounters:programme_template"), {"template": "mainstream", "year": "2026"}
    )
    assert response.status_code == 302
    activities = PlannedActivity.objects.filter(academic_year=year)
    assert activities.count() == 22
    assert activities.filter(is_pal=True).count() == 6
    page = client.get(JOURNEY).content.decode()
    assert "Me and my future: careers lesson" in page
    assert "Year 13" in page
    # Applying it again adds nothing twice.
    client.post(
        reverse("encounters:programme_template"), {"template": "mainstream", "year": "2026"}
    )
    assert activities.count() == 22


def test_the_special_school_template_keeps_pathways(client_for, leader, year):
    client_for(leader).post(
        reverse("encounters:programme_template"), {"template": "special", "year": "2026"}
    )
    assert PlannedActivity.objects.filter(pathway="Sensory pathway", year_groups=[]).exists()
    page = client_for(leader).get(JOURNEY).content.decode()
    assert "Sensory pathway" in page


def test_an_unknown_template_is_refused_in_words(client_for, leader, year):
    response = client_for(leader).post(
        reverse("encounters:programme_template"), {"template": "nope"}, follow=True
    )
    assert "Choose one of the starting templates." in response.content.decode()


def test_adding_in_place_keeps_what_was_typed_when_something_is_missing(client_for, leader, year):
    client = client_for(leader)
    form = client.get(
        reverse("encounters:activity_create") + "?year=2026&year_group=8&half_term=3", **HTMX
    ).content.decode()
    assert 'id="journey"' in form
    # The cell it was opened from is filled in: Year 8, HT3.
    assert re.search(r'<input[^>]*name="year_groups" value="8"[^>]*checked', form)
    assert re.search(r'<option value="3" selected>HT3', form)
    response = client.post(
        reverse("encounters:activity_create") + "?year=2026",
        {
            "title": "Careers in sport talk",
            "half_term": "3",
            "kind": "employer_talk",
            "year": "2026",
        },
        **HTMX,
    )
    page = response.content.decode()
    assert "Choose the year groups it is for, or name a pathway." in page
    assert "Careers in sport talk" in page
    assert not PlannedActivity.objects.exists()

    response = client.post(
        reverse("encounters:activity_create") + "?year=2026",
        {
            "title": "Careers in sport talk",
            "year_groups": ["8"],
            "half_term": "3",
            "kind": "employer_talk",
            "year": "2026",
        },
        **HTMX,
    )
    page = response.content.decode()
    assert "added to the 2026/27 programme" in page
    assert "<html" not in page  # the fragment, swapped in place
    activity = PlannedActivity.objects.get()
    assert (activity.year_groups, activity.half_term, activity.academic_year) == ([8], 3, year)


def test_a_month_outside_the_half_term_is_refused_in_words(client_for, leader, year):
    response = client_for(leader).post(
        reverse("encounters:activity_create") + "?year=2026",
        {
            "title": "Fair",
            "year_groups": ["9"],
            "half_term": "1",
            "month": "3",
            "kind": "careers_fair",
        },
    )
    assert "March is not in HT1 (autumn 1)" in response.content.decode()


def test_moving_changes_the_half_term_and_year_group_in_place(
    client_for, leader, institution, year
):
    activity = PlannedActivityFactory(
        institution=institution, academic_year=year, year_groups=[7, 8], half_term=1, month=9
    )
    response = client_for(leader).post(
        reverse("encounters:activity_move", args=[activity.pk]),
        {"half_term": "4", "from_year_group": "8", "to_year_group": "9"},
        **HTMX,
    )
    assert "moved to HT4 (spring 2)" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.half_term, activity.month, activity.year_groups) == (4, None, [7, 9])


def test_editing_keeps_a_lock_against_two_people(client_for, leader, institution, year):
    activity = PlannedActivityFactory(institution=institution, academic_year=year)
    data = {
        "title": "Renamed",
        "year_groups": ["9"],
        "half_term": "2",
        "kind": "careers_lesson",
        "version": str(activity.version),
    }
    PlannedActivity.objects.filter(pk=activity.pk).update(version=activity.version + 1)
    response = client_for(leader).post(
        reverse("encounters:activity_edit", args=[activity.pk]), data
    )
    assert response.status_code == 409
    assert "Renamed" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title != "Renamed"


def test_a_delivered_activity_is_not_removed(client_for, leader, institution, year):
    activity = PlannedActivityFactory(institution=institution, academic_year=year)
    EncounterFactory(institution=institution, planned_activity=activity)
    response = client_for(leader).post(
        reverse("encounters:activity_remove", args=[activity.pk]), **HTMX
    )
    assert "It has been delivered" in response.content.decode()
    assert PlannedActivity.objects.filter(pk=activity.pk).exists()


def test_a_champion_sees_and_logs_their_departments_activities(
    client_for, champion, department, institution, year
):
    LearnerFactory.create_batch(3, institution=institution, year_group=10)
    ours = PlannedActivityFactory(
        institution=institution,
        academic_year=year,
        title="Science careers lesson",
        department=department,
        year_groups=[10],
        kind="curriculum_link",
        learning_outcome="Name three jobs that use biology.",
    )
    ours.skills.set(SkillsBuilderSkill.objects.filter(name="Listening"))
    theirs = PlannedActivityFactory(
        institution=institution,
        academic_year=year,
        title="History trip",
        department=DepartmentFactory(institution=institution, name="History"),
    )
    client = client_for(champion)
    page = client.get(JOURNEY).content.decode()
    assert "Science careers lesson" in page
    assert "History trip" not in page  # opened at their own department
    assert f"?planned={ours.pk}" in page

    form = client.get(reverse("encounters:create") + f"?planned={ours.pk}").content.decode()
    assert "Logging a planned activity: Science careers lesson" in form
    assert "Name three jobs that use biology." in form
    assert client.get(reverse("encounters:create") + f"?planned={theirs.pk}").status_code == 403

    response = client.post(
        reverse("encounters:create"),
        {
            "planned_activity": str(ours.pk),
            "title": "Science careers lesson",
            "date": "2026-11-20",
            "in_school_day": "on",
            "kind": "curriculum_link",
            "department": str(department.pk),
            "year_groups": ["10"],
            "purpose": "Name three jobs that use biology.",
        },
    )
    assert response.status_code == 302
    encounter = Encounter.objects.get()
    assert encounter.planned_activity == ours
    assert encounter.attendance.count() == 3
    journey = client.get(JOURNEY).content.decode()
    assert "Logged: Science careers lesson on 20 November 2026" in journey
    detail = client.get(reverse("encounters:activity", args=[ours.pk])).content.decode()
    assert "Delivered" in detail
    assert encounter.title in detail


def test_an_encounter_outside_the_activitys_year_is_refused_in_words(
    client_for, leader, institution, year
):
    activity = PlannedActivityFactory(institution=institution, academic_year=year)
    response = client_for(leader).post(
        reverse("encounters:create"),
        {
            "planned_activity": str(activity.pk),
            "title": "Old talk",
            "date": "2026-07-01",
            "in_school_day": "on",
            "kind": "employer_talk",
        },
    )
    page = response.content.decode()
    assert "is planned for 2026/27, and the date is outside that year" in page
    assert not Encounter.objects.exists()


def test_governors_read_the_journey_without_logging_or_learners(
    client_for, governor, institution, year
):
    learner = LearnerFactory(institution=institution, year_group=9, last_name="Quibble")
    activity = PlannedActivityFactory(institution=institution, academic_year=year)
    encounter = EncounterFactory(institution=institution, planned_activity=activity)
    encounter.learners.add(learner)
    client = client_for(governor)
    page = client.get(JOURNEY).content.decode()
    assert activity.title in page
    assert "?planned=" not in page
    assert "Quibble" not in page
    detail = client.get(reverse("encounters:activity", args=[activity.pk])).content.decode()
    assert encounter.title in detail
    assert "Quibble" not in detail


def test_filters_narrow_the_journey(client_for, leader, institution, year):
    PlannedActivityFactory(
        institution=institution, academic_year=year, title="Guidance", benchmark_numbers=[8]
    )
    PlannedActivityFactory(
        institution=institution, academic_year=year, title="Fair", benchmark_numbers=[5]
    )
    page = client_for(leader).get(JOURNEY + "?benchmark=8", **HTMX).content.decode()
    assert "Guidance" in page
    assert ">Fair<" not in page
    page = client_for(leader).get(JOURNEY + "?benchmark=99").content.decode()
    assert "Select a valid choice" in page  # a filter not ours says so and shows everything
    assert ">Fair<" in page


def test_the_journey_pdf_is_a_pdf(client_for, governor, institution, year):
    PlannedActivityFactory(institution=institution, academic_year=year, title="Options evening")
    response = client_for(governor).get(reverse("encounters:programme_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_copy_into_next_year_keeps_activities_and_drops_delivery(
    client_for, leader, institution, year
):
    activity = PlannedActivityFactory(institution=institution, academic_year=year)
    EncounterFactory(institution=institution, planned_activity=activity)
    response = client_for(leader).post(reverse("encounters:programme_copy"), {"year": "2026"})
    assert response.status_code == 302
    copy = PlannedActivity.objects.get(academic_year__start_year=2027)
    assert copy.title == activity.title
    assert not copy.encounters.exists()
    assert activity.encounters.count() == 1


def test_a_gap_appears_and_disappears_as_activities_are_planned_and_delivered(
    client_for, leader, institution, year
):
    audit_url = reverse("encounters:programme_audit")
    client = client_for(leader)

    def year_8_balance():
        response = client.get(audit_url)
        (row,) = [r for r in response.context["audit"]["rows"] if r.year_group == 8]
        return next(cell for key, name, cell in row.cells if key == "cdi:balance").status.label

    assert year_8_balance() == "Gap"
    assert "Plan an activity here" in client.get(audit_url).content.decode()
    activity = PlannedActivityFactory(institution=institution, academic_year=year, year_groups=[8])
    activity.cdi_areas.set(CdiLearningArea.objects.filter(code="balance", stage="11-14"))
    assert year_8_balance() == "Planned"
    EncounterFactory(
        institution=institution,
        planned_activity=activity,
        year_groups=[8],
        date=dt.date(2026, 11, 20),
    )
    assert year_8_balance() == "Delivered"


def test_an_unplanned_encounter_with_the_outcome_delivers_it_too(
    client_for, leader, institution, year
):
    encounter = EncounterFactory(
        institution=institution, year_groups=[12], date=dt.date(2026, 10, 1)
    )
    encounter.skills.set(SkillsBuilderSkill.objects.filter(name="Teamwork"))
    audit = client_for(leader).get(reverse("encounters:programme_audit")).context["audit"]
    (row,) = [r for r in audit["rows"] if r.year_group == 12]
    cell = next(cell for key, name, cell in row.cells if name == "Teamwork")
    assert cell.status.label == "Delivered"
    assert cell.delivered == (encounter.title,)


def test_another_institutions_activity_is_not_found(client_for, leader, year):
    theirs = PlannedActivityFactory(institution=InstitutionFactory(), academic_year=year)
    client = client_for(leader)
    assert client.get(reverse("encounters:activity", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("encounters:create") + f"?planned={theirs.pk}").status_code == 404


def _many(institution, year, size):
    activities = PlannedActivityFactory.create_batch(
        size, institution=institution, academic_year=year, year_groups=[7, 10], half_term=3
    )
    areas = list(CdiLearningArea.objects.filter(code="explore"))
    for activity in activities[:10]:
        activity.cdi_areas.set(areas)
        EncounterFactory(institution=institution, planned_activity=activity, year_groups=[7])
    # Encounters logged without naming an activity count in the audit too.
    EncounterFactory.create_batch(3, institution=institution, year_groups=[10])


@pytest.mark.parametrize("url", [JOURNEY, reverse("encounters:programme_audit")])
def test_the_journey_and_audit_run_a_constant_number_of_queries(
    client_for, leader, institution, year, url
):
    client = client_for(leader)
    client.get(url)  # the first request of a session reads more (the session, the membership)
    counts = []
    for size in (20, 300):
        Encounter.objects.all().delete()
        PlannedActivity.objects.all().delete()
        _many(institution, year, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_champion_cannot_link_another_departments_activity(
    client_for, champion, institution, year
):
    theirs = PlannedActivityFactory(
        institution=institution,
        academic_year=year,
        department=DepartmentFactory(institution=institution, name="History"),
    )
    response = client_for(champion).post(
        reverse("encounters:create"),
        {
            "planned_activity": str(theirs.pk),
            "title": "Trip",
            "date": "2026-11-20",
            "in_school_day": "on",
            "kind": "workplace_visit",
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Encounter.objects.exists()
