"""Logging, changing and viewing encounters; organisations search and inline creation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from benchmarks.models import Benchmark, MeaningfulCriterion
from encounters.models import Encounter, Organisation
from tests.encounters.factories import EncounterFactory, OrganisationFactory
from tests.factories import DepartmentFactory, LearnerFactory

pytestmark = pytest.mark.django_db


def _bm(number):
    return Benchmark.objects.get(version="2025", number=number).pk


def _criteria(number, *, without=()):
    return [
        c.pk
        for c in MeaningfulCriterion.objects.filter(benchmark_number=number)
        if c.code not in without
    ]


def _post(department, **overrides):
    data = {
        "title": "NHS talk on careers in health",
        "date": "2026-11-20",
        "in_school_day": "on",
        "department": department.pk,
        "kind": "employer_talk",
        "benchmarks": [_bm(5)],
        "meaningful_criteria": _criteria(5),
        "year_groups": ["9"],
        "purpose": "Show routes into health careers",
    }
    data.update(overrides)
    return data


def test_it_logs_an_encounter_for_a_whole_year_group(client_for, champion, institution, department):
    year9 = LearnerFactory.create_batch(4, institution=institution, year_group=9)
    LearnerFactory(institution=institution, year_group=10)
    LearnerFactory(institution=institution, year_group=9, date_of_leaving=dt.date(2026, 10, 1))
    response = client_for(champion).post(
        reverse("encounters:create"), _post(department), follow=True
    )
    encounter = Encounter.objects.get()
    assert set(encounter.learners.all()) == set(year9)
    assert encounter.meaningful_bm5 and encounter.logged_by == champion
    assert encounter.department == department
    assert "Encounter logged with 4 learners." in response.content.decode()
    assert "Meaningful for benchmark 5" in response.content.decode()


def test_it_names_the_missing_meaningful_criterion(client_for, champion, institution, department):
    LearnerFactory(institution=institution, year_group=9)
    data = _post(department, meaningful_criteria=_criteria(5, without=["reflection"]))
    response = client_for(champion).post(reverse("encounters:create"), data, follow=True)
    page = response.content.decode()
    assert "Not yet meaningful for benchmark 5" in page
    assert "Time afterwards for the young person to reflect" in page
    assert not Encounter.objects.get().meaningful_bm5


def test_it_refuses_a_date_beyond_the_academic_year_and_keeps_the_input(
    client_for, champion, institution, department
):
    LearnerFactory(institution=institution, year_group=9)
    data = _post(department, date="2027-09-01", reflections="They asked lots of questions")
    response = client_for(champion).post(reverse("encounters:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "after the end of this academic year" in page
    assert "They asked lots of questions" in page
    assert 'value="NHS talk on careers in health"' in page
    assert not Encounter.objects.exists()


def test_it_refuses_an_empty_year_group(client_for, champion, institution, department):
    LearnerFactory(institution=institution, year_group=9)
    response = client_for(champion).post(
        reverse("encounters:create"), _post(department, year_groups=["9", "12"])
    )
    assert "No learners are on roll in Year 12" in response.content.decode()
    assert not Encounter.objects.exists()


def test_it_refuses_pal_outside_the_school_day(client_for, leader, institution, department):
    LearnerFactory(institution=institution, year_group=9)
    provider = OrganisationFactory(institution=institution, kind="itp", approved_provider=True)
    data = _post(department, is_pal="on", organisations=[provider.pk])
    del data["in_school_day"]
    response = client_for(leader).post(reverse("encounters:create"), data)
    assert "Only encounters in the school day count for PAL" in response.content.decode()
    assert not Encounter.objects.exists()


def test_it_keeps_a_champion_to_their_own_department(client_for, champion, institution, department):
    LearnerFactory(institution=institution, year_group=9)
    other = DepartmentFactory(institution=institution, name="History")
    response = client_for(champion).post(reverse("encounters:create"), _post(other))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Encounter.objects.exists()


def test_it_lets_a_champion_edit_only_their_departments_encounters(
    client_for, champion, leader, institution, department
):
    other = DepartmentFactory(institution=institution, name="History")
    theirs = EncounterFactory(institution=institution, department=other)
    mine = EncounterFactory(institution=institution, department=department)
    client = client_for(champion)
    assert client.get(reverse("encounters:edit", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("encounters:edit", args=[mine.pk])).status_code == 200
    assert client_for(leader).get(reverse("encounters:edit", args=[theirs.pk])).status_code == 200


def test_it_attaches_learners_of_a_year_group_added_when_editing(
    client_for, leader, institution, department
):
    y9 = LearnerFactory(institution=institution, year_group=9)
    y10 = LearnerFactory(institution=institution, year_group=10)
    client = client_for(leader)
    client.post(reverse("encounters:create"), _post(department))
    encounter = Encounter.objects.get()
    response = client.post(
        reverse("encounters:edit", args=[encounter.pk]), _post(department, year_groups=["9", "10"])
    )
    assert response.status_code == 302
    assert set(encounter.learners.all()) == {y9, y10}


def test_it_adds_and_removes_individual_learners(client_for, champion, institution, department):
    encounter = EncounterFactory(institution=institution, department=department)
    learner = LearnerFactory(institution=institution, first_name="Priya", last_name="Shah")
    client = client_for(champion)
    page = client.get(reverse("encounters:detail", args=[encounter.pk]), {"q": "shah"})
    assert "Shah, Priya" in page.content.decode()
    client.post(reverse("encounters:learner_add", args=[encounter.pk]), {"learner": learner.pk})
    assert list(encounter.learners.all()) == [learner]
    client.post(reverse("encounters:learner_remove", args=[encounter.pk, learner.pk]))
    assert not encounter.learners.exists()


def test_it_never_attaches_another_institutions_learner(
    client_for, leader, institution, other_institution
):
    encounter = EncounterFactory(institution=institution)
    stranger = LearnerFactory(institution=other_institution)
    response = client_for(leader).post(
        reverse("encounters:learner_add", args=[encounter.pk]), {"learner": stranger.pk}
    )
    assert response.status_code == 404
    assert not encounter.learners.exists()


def test_it_searches_organisations_as_you_type(
    client_for, champion, institution, other_institution
):
    acme = OrganisationFactory(institution=institution, name="Acme Engineering")
    OrganisationFactory(institution=institution, name="Bright Dental")
    OrganisationFactory(institution=other_institution, name="Acme Elsewhere")
    response = client_for(champion).get(
        reverse("encounters:organisation_search"), {"q": "acme"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert f'id="org-{acme.pk}">' in page  # offered, not yet ticked
    assert "Bright Dental" not in page and "Acme Elsewhere" not in page
    assert "<html" not in page  # the fragment only


def test_it_warns_before_creating_a_near_duplicate_organisation(client_for, champion, institution):
    OrganisationFactory(institution=institution, name="Acme Engineering Ltd")
    client = client_for(champion)
    url = reverse("encounters:organisation_create")
    data = {"new-name": "ACME Engineering", "new-kind": "employer"}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert "You may already have this organisation" in response.content.decode()
    assert Organisation.objects.count() == 1
    response = client.post(url, {**data, "new-confirm": "1"}, headers={"HX-Request": "true"})
    created = Organisation.objects.get(name="ACME Engineering")
    assert f'value="{created.pk}" id="org-{created.pk}" checked' in response.content.decode()


def test_it_suggests_pal_when_an_approved_provider_is_chosen(client_for, champion, institution):
    provider = OrganisationFactory(
        institution=institution, name="Tech College", kind="fe_college", approved_provider=True
    )
    response = client_for(champion).get(
        reverse("encounters:organisation_search"),
        {"organisations": [provider.pk]},
        headers={"HX-Request": "true"},
    )
    assert 'tick "Counts for PAL"' in response.content.decode()


def test_it_lists_this_years_encounters_with_an_empty_state(client_for, slt, institution):
    client = client_for(slt)
    assert "No encounters are logged" in client.get(reverse("encounters:list")).content.decode()
    EncounterFactory(institution=institution, title="Careers fair")
    EncounterFactory(institution=institution, title="Old talk", date=dt.date(2025, 3, 1))
    page = client.get(reverse("encounters:list")).content.decode()
    assert "Careers fair" in page and "Old talk" not in page


def test_it_lists_3_or_30_encounters_in_as_many_queries(client_for, slt, institution):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(slt)
    client.get(reverse("encounters:list"))  # the first request also saves the session
    learner = LearnerFactory(institution=institution, year_group=9)

    def add(count):
        for _ in range(count):
            encounter = EncounterFactory(institution=institution)
            encounter.organisations.set([OrganisationFactory(institution=institution)])
            encounter.benchmarks.set([_bm(5)])
            encounter.learners.add(learner)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("encounters:list")).content.decode()
        return len(captured), page.count('data-label="Learners">1<')

    add(3)
    small, listed_small = queries()
    add(27)
    large, listed_large = queries()
    assert (listed_small, listed_large) == (3, 30)
    assert small == large


def test_it_lets_a_champion_without_a_department_log_for_none(client_for, institution, department):
    from careers_portal.accounts.models import Role
    from tests.factories import MembershipFactory

    champion = MembershipFactory(institution=institution, role=Role.CHAMPION).user
    LearnerFactory(institution=institution, year_group=9)
    client = client_for(champion)
    response = client.post(reverse("encounters:create"), _post(department))
    assert "Select a valid choice" in response.content.decode()
    response = client.post(reverse("encounters:create"), {**_post(department), "department": ""})
    assert response.status_code == 302
    assert Encounter.objects.get().department is None


def test_it_logs_for_300_learners_with_as_many_queries_as_for_10(
    client_for, leader, institution, department
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careers_portal.dates import today
    from careers_portal.schools.models import Learner
    from encounters import kept

    def bulk(year, count):
        Learner.objects.bulk_create(
            Learner(
                institution=institution,
                mis_id=f"Y{year}-{n}",
                first_name="A",
                last_name=f"L{n}",
                year_group=year,
            )
            for n in range(count)
        )

    bulk(9, 10)
    bulk(10, 300)
    # The kept coverage counts as the services would have left them (bulk_create bypasses them).
    kept.rebuild(institution, today())
    client = client_for(leader)
    client.get(reverse("encounters:create"))  # the first request also saves the session

    def log(year) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("encounters:create"), _post(department, year_groups=[str(year)])
            )
        assert response.status_code == 302
        return len(queries)

    assert log(9) == log(10)
    assert Encounter.objects.get(year_groups=[10]).learners.count() == 300


def _attendance_page(client, encounter, **query):
    return client.get(reverse("encounters:detail", args=[encounter.pk]), query).content.decode()


def test_a_champion_sees_names_only_on_their_own_departments_encounters(
    client_for, champion, institution, department
):
    from encounters.models import EncounterLearner

    maths = DepartmentFactory(institution=institution, name="Maths")
    pupil = LearnerFactory(institution=institution, year_group=9, last_name="Zebedee")
    own = EncounterFactory(institution=institution, department=department)
    other = EncounterFactory(institution=institution, department=maths)
    for encounter in (own, other):
        EncounterLearner.objects.create(encounter=encounter, learner=pupil)
    client = client_for(champion)
    assert "Zebedee" in _attendance_page(client, own)
    page = _attendance_page(client, other)
    assert "Zebedee" not in page
    assert "1 learner took part" in page


def test_a_long_attendance_list_is_a_count_a_page_at_a_time_and_searchable(
    client_for, leader, institution
):
    from encounters.models import EncounterLearner

    encounter = EncounterFactory(institution=institution)
    learners = LearnerFactory.create_batch(60, institution=institution, year_group=9)
    learners[0].last_name = "Quintavalle"
    learners[0].save()
    EncounterLearner.objects.bulk_create(
        EncounterLearner(encounter=encounter, learner=learner) for learner in learners
    )
    client = client_for(leader)
    page = _attendance_page(client, encounter)
    assert "Learners who took part (60)" in page
    assert '<details class="mb-3">' in page  # closed: a count to expand, not a long page
    assert page.count("btn-outline-danger") == 50
    assert "Page 1 of 2" in page
    found = _attendance_page(client, encounter, who="quintav")
    assert "Quintavalle" in found and found.count("btn-outline-danger") == 1


def test_every_list_is_a_page_at_a_time_with_its_full_count(client_for, leader, institution):
    EncounterFactory.create_batch(55, institution=institution)
    LearnerFactory.create_batch(120, institution=institution, year_group=10)
    client = client_for(leader)
    first = client.get(reverse("encounters:list")).content.decode()
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in client.get(reverse("encounters:list"), {"page": "2"}).content.decode()
    not_covered = client.get(reverse("encounters:not_covered"), {"benchmark": 8}).content.decode()
    assert "do not yet meet the rule (120)" in not_covered and "Page 1 of 2" in not_covered
    guidance = client.get(reverse("encounters:guidance")).content.decode()
    assert "Page 1 of 3" in guidance
    # Anything malformed gives the first page, never an error.
    assert client.get(reverse("encounters:list"), {"page": "x"}).status_code == 200
