"""An encounter's history: who changed its fields, relations and learners, and when."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.models import Benchmark, MeaningfulCriterion
from encounters.models import AttendanceChange, Encounter
from tests.encounters.factories import OrganisationFactory
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def _post(department, **overrides):
    data = {
        "title": "NHS talk on careers in health",
        "date": "2026-11-20",
        "in_school_day": "on",
        "department": department.pk,
        "kind": "employer_talk",
        "benchmarks": [Benchmark.objects.get(version="2025", number=5).pk],
        "meaningful_criteria": [
            c.pk for c in MeaningfulCriterion.objects.filter(benchmark_number=5)
        ],
        "year_groups": ["9"],
    }
    data.update(overrides)
    return data


def _log(client, department, **overrides) -> Encounter:
    response = client.post(reverse("encounters:create"), _post(department, **overrides))
    assert response.status_code == 302
    return Encounter.objects.latest("pk")


def test_it_keeps_one_history_record_with_its_relations_when_logging(
    client_for, champion, institution, department
):
    LearnerFactory.create_batch(3, institution=institution, year_group=9)
    hospital = OrganisationFactory(institution=institution, name="Northfield Hospital")
    encounter = _log(client_for(champion), department, organisations=[hospital.pk])

    record = encounter.history.get()
    assert record.history_type == "+"
    assert record.history_user == champion
    assert [row.organisation for row in record.organisations.all()] == [hospital]
    assert [row.benchmark.number for row in record.benchmarks.all()] == [5]
    assert (
        record.meaningful_criteria.count()
        == MeaningfulCriterion.objects.filter(benchmark_number=5).count()
    )
    change = AttendanceChange.objects.get(encounter=encounter)
    assert (change.action, change.count, change.year_groups) == ("added", 3, [9])
    assert change.changed_by == champion


def test_it_names_changed_fields_and_relations_with_who_changed_them(
    client_for, champion, leader, institution, department
):
    LearnerFactory(institution=institution, year_group=9)
    hospital = OrganisationFactory(institution=institution, name="Northfield Hospital")
    college = OrganisationFactory(institution=institution, name="Northfield College")
    encounter = _log(client_for(champion), department, organisations=[hospital.pk])
    reflection = MeaningfulCriterion.objects.get(benchmark_number=5, code="reflection")

    client = client_for(leader)
    edit = _post(
        department,
        title="NHS careers talk",
        organisations=[college.pk],
        meaningful_criteria=[
            c.pk
            for c in MeaningfulCriterion.objects.filter(benchmark_number=5)
            if c.pk != reflection.pk
        ],
    )
    assert client.post(reverse("encounters:edit", args=[encounter.pk]), edit).status_code == 302

    page = client.get(reverse("encounters:history", args=[encounter.pk])).content.decode()
    assert "Changed what happened from NHS talk on careers in health to NHS careers talk" in page
    assert "Added to organisations: Northfield College" in page
    assert "Removed from organisations: Northfield Hospital" in page
    assert f"Removed from meaningful criteria met: {reflection.text}" in page
    assert "Logged the encounter" in page
    assert str(leader) in page and str(champion) in page
    assert encounter.history.count() == 2


def test_it_keeps_who_added_and_removed_an_individual_learner(
    client_for, champion, institution, department
):
    LearnerFactory(institution=institution, year_group=9)
    client = client_for(champion)
    encounter = _log(client, department)
    ada = LearnerFactory(institution=institution, year_group=10, first_name="Ada", last_name="Lo")
    client.post(reverse("encounters:learner_add", args=[encounter.pk]), {"learner": ada.pk})
    client.post(reverse("encounters:learner_remove", args=[encounter.pk, ada.pk]))

    changes = list(AttendanceChange.objects.filter(encounter=encounter))
    assert [(c.action, c.learner, c.changed_by) for c in changes[1:]] == [
        ("added", ada, champion),
        ("removed", ada, champion),
    ]
    page = client.get(reverse("encounters:history", args=[encounter.pk])).content.decode()
    assert "Added Ada Lo" in page and "Removed Ada Lo" in page
    assert "Added 1 learner of Year 9" in page


def test_it_shows_the_history_in_as_many_queries_for_many_changes_as_for_one(
    client_for, leader, institution, department
):
    LearnerFactory.create_batch(2, institution=institution, year_group=9)
    client = client_for(leader)
    encounter = _log(client, department)
    url = reverse("encounters:history", args=[encounter.pk])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for n in range(4):
        org = OrganisationFactory(institution=institution, name=f"Employer {n}")
        client.post(
            reverse("encounters:edit", args=[encounter.pk]),
            _post(department, title=f"Talk {n}", organisations=[org.pk], year_groups=["9"]),
        )
    assert encounter.history.count() == 5
    assert count() == one


def test_it_writes_one_attendance_row_for_a_year_group_of_300(
    client_for, leader, institution, department
):
    from careers_portal.schools.models import Learner

    Learner.objects.bulk_create(
        Learner(
            institution=institution, mis_id=f"M{n}", first_name="A", last_name=f"L{n}", year_group=9
        )
        for n in range(300)
    )
    encounter = _log(client_for(leader), department)
    assert encounter.learners.count() == 300
    assert AttendanceChange.objects.filter(encounter=encounter).count() == 1
    assert "Added 300 learners of Year 9" in str(AttendanceChange.objects.get())


def test_attaching_one_learner_names_them_and_attaching_again_changes_nothing(
    institution, other_institution, leader
):
    from encounters import services
    from tests.encounters.factories import EncounterFactory

    encounter = EncounterFactory(institution=institution)
    learner = LearnerFactory(institution=institution, year_group=10)
    elsewhere = LearnerFactory(institution=other_institution, year_group=10)

    assert services.attach_learners(encounter, [learner.pk], by=leader) == 1
    assert services.attach_learners(encounter, [learner.pk], by=leader) == 0
    assert services.attach_learners(encounter, [elsewhere.pk], by=leader) == 0
    assert services.attach_learners(encounter, [], by=leader) == 0

    change = AttendanceChange.objects.get(encounter=encounter)
    assert (change.action, change.count, change.learner, change.year_groups) == (
        "added",
        1,
        learner,
        [],
    )
    assert list(encounter.attendance.values_list("learner", flat=True)) == [learner.pk]
