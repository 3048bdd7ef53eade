"""The statutory careers page: public once published, the leader's wording and live data."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from careers_portal.accounts.models import Role
from careers_portal.insights import careers_page
from careers_portal.insights.models import CareersPage
from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.encounters.factories import EncounterFactory, OrganisationFactory, pal_encounter
from tests.factories import InstitutionFactory, LearnerFactory, MembershipFactory
from tests.plans.factories import StrategicPlanFactory

# The page lists this academic year's encounters, typed as dates of autumn 2026.
_today = pinned_today(AUTUMN_TERM_2026)

EDIT = reverse("insights:careers_page_edit")
HTML = reverse("insights:careers_page_html")


def _public(institution) -> str:
    return reverse("careers_information", args=[institution.pk])


def _form(leader, **overrides) -> dict:
    data = {
        "careers_leader": leader.pk,
        "contact_email": "",
        "telephone": "0161 496 0000",
        "programme_summary": "A programme for every year group, built with local employers.",
        "finding_out": "Ask at reception.",
        "measuring_impact": "Compass every term.",
        "next_review_date": "2027-07-15",
        "provider_requests": "Email the careers leader.",
        "grounds": "Exams and safeguarding.",
        "premises": "The hall and a projector.",
        "published": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def published(institution, leader):
    return CareersPage.objects.create(
        institution=institution,
        careers_leader=leader,
        telephone="0161 496 0000",
        next_review_date=dt.date(2027, 7, 15),
        programme_summary="Careers for every year group.",
        published=True,
    )


def test_nothing_is_public_until_the_page_is_published(client, institution, leader):
    assert client.get(_public(institution)).status_code == 404
    CareersPage.objects.create(institution=institution, careers_leader=leader)

    assert client.get(_public(institution)).status_code == 404
    assert client.get(reverse("careers_information", args=[999999])).status_code == 404


def test_anyone_reads_the_published_page_without_signing_in(client, published, leader):
    response = client.get(_public(published.institution))

    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    page = response.content.decode()
    assert "Careers information: Northfield Academy" in page
    assert html.escape(leader.get_full_name()) in page
    assert f"mailto:{leader.email}" in page
    assert "0161 496 0000" in page and 'href="tel:01614960000"' in page
    assert "15 July 2027" in page
    assert "Careers for every year group." in page
    # The standard wording until the leader changes it.
    assert html.escape(published.provider_requests) in page
    assert "Provider access policy statement" in page
    assert "section 42B of the Education Act 1997" in page


def test_a_contact_email_replaces_the_leaders_own(client, published, leader):
    CareersPage.objects.filter(pk=published.pk).update(contact_email="careers@north.test")

    page = client.get(_public(published.institution)).content.decode()

    assert "mailto:careers@north.test" in page
    assert leader.email not in page


def test_the_programme_by_year_group_comes_from_the_encounters(client, published, institution):
    EncounterFactory(institution=institution, year_groups=[7, 8], date=dt.date(2026, 10, 1))
    EncounterFactory(institution=institution, year_groups=[7], date=dt.date(2026, 11, 2))
    # Last academic year: not this year's programme.
    EncounterFactory(institution=institution, year_groups=[13], date=dt.date(2026, 6, 1))

    content = careers_page.content(published, AUTUMN_TERM_2026)

    rows = {row.year_group: row.activities for row in content.programme}
    assert rows[7] == [("Employer talk", 2)]
    assert rows[8] == [("Employer talk", 1)]
    assert rows[13] == []
    assert content.academic_year == "2026/27"
    page = client.get(_public(institution)).content.decode()
    assert "Employer talk (2)" in page
    assert "None logged yet this year" in page


def test_provider_encounters_are_listed_by_phase_held_or_planned(client, published, institution):
    college = OrganisationFactory(institution=institution, name="Northfield College")
    pal_encounter(institution, [], date=dt.date(2026, 10, 6), year_groups=[9], provider=college)
    pal_encounter(institution, [], date=dt.date(2027, 1, 20), year_groups=[11])

    phases = {p.years: p for p in careers_page.content(published, AUTUMN_TERM_2026).pal}

    assert [e.planned for e in phases[(8, 9)].encounters] == [False]
    assert phases[(8, 9)].encounters[0].providers == ["Northfield College"]
    assert [e.planned for e in phases[(10, 11)].encounters] == [True]
    assert phases[(12, 13)].encounters == []
    assert not phases[(12, 13)].mandatory
    page = client.get(_public(institution)).content.decode()
    assert "6 October 2026: Provider talk with Northfield College, Year 9 (held)" in page
    assert "(planned)" in page
    assert "The encounters for this phase are being arranged." in page


def test_a_college_without_year_8_to_11_shows_only_its_phase(client, leader):
    college = InstitutionFactory(lowest_year_group=12, highest_year_group=13)
    page = CareersPage.objects.create(institution=college, careers_leader=leader, published=True)

    phases = careers_page.content(page, AUTUMN_TERM_2026).pal

    assert [p.years for p in phases] == [(12, 13)]


def test_no_learner_is_named_or_counted(client, published, institution):
    learners = [
        LearnerFactory(institution=institution, year_group=9, first_name="Zebedee", last_name=n)
        for n in ("Quillfeather", "Marchbanks")
    ]
    pal_encounter(institution, learners, date=dt.date(2026, 10, 6), year_groups=[9])

    page = client.get(_public(institution)).content.decode()

    for learner in learners:
        assert learner.first_name not in page and learner.last_name not in page
    assert "attended" not in page.lower()


def test_the_leader_starts_from_standard_wording_and_the_plans_review_date(
    client_for, leader, institution
):
    StrategicPlanFactory(institution=institution, next_review_date=dt.date(2027, 7, 9))

    page = client_for(leader).get(EDIT).content.decode()

    assert "Nothing is saved yet" in page
    assert "We reply within 10 school days." in page
    assert 'value="2027-07-09"' in page
    assert f'<option value="{leader.pk}" selected' in page


def test_the_leader_saves_and_publishes(client_for, leader, institution, client):
    response = client_for(leader).post(EDIT, _form(leader), follow=True)

    assert "Careers page saved and published." in response.content.decode()
    page = CareersPage.objects.get(institution=institution)
    assert page.published and page.updated_by == leader
    public = client.get(_public(institution)).content.decode()
    assert "Ask at reception." in public
    assert f"Last updated {AUTUMN_TERM_2026:%-d %B %Y}" in public


def test_saved_without_publishing_stays_private(client_for, leader, institution, client):
    response = client_for(leader).post(EDIT, _form(leader, published=None), follow=True)

    assert "It is not published" in response.content.decode()
    assert client.get(_public(institution)).status_code == 404


def test_publishing_needs_what_schools_must_publish(client_for, leader, institution):
    typed = _form(leader, telephone="", next_review_date="", careers_leader="")

    response = client_for(leader).post(EDIT, typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a telephone number: schools must publish one." in page
    assert "Enter the date of the next review: schools must publish it." in page
    assert "Choose the careers leader to name on the page." in page
    assert "Ask at reception." in page  # nothing typed is dropped
    assert not CareersPage.objects.exists()


def test_a_wrong_date_is_explained(client_for, leader):
    response = client_for(leader).post(EDIT, _form(leader, next_review_date="31/13/2027"))

    assert "Enter the date of the next review, for example 15 July 2027." in (
        response.content.decode()
    )


def test_only_the_institutions_own_careers_leaders_can_be_named(client_for, leader, outsider):
    response = client_for(leader).post(EDIT, _form(leader, careers_leader=outsider.pk))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    left = MembershipFactory(institution=leader.memberships.first().institution)
    left.is_active = False
    left.save()
    assert left.user not in [m.user for m in careers_page.careers_leaders(left.institution)]
    champion = MembershipFactory(institution=left.institution, role=Role.CHAMPION)
    assert champion.user not in [m.user for m in careers_page.careers_leaders(left.institution)]


def test_two_editors_get_a_conflict_not_an_overwrite(client_for, leader, published):
    first = _form(leader, version=published.version, finding_out="Mine")
    second = _form(leader, version=published.version, finding_out="Theirs")
    client_for(leader).post(EDIT, first)

    response = client_for(leader).post(EDIT, second)

    assert response.status_code == 409
    published.refresh_from_db()
    assert published.finding_out == "Mine"


def test_the_html_to_paste_is_the_page_as_published(client_for, leader, published):
    page = client_for(leader).get(HTML).content.decode()

    assert '<textarea class="form-control font-monospace" id="careers-html"' in page
    assert "&lt;h2&gt;Our careers leader&lt;/h2&gt;" in page
    assert "&lt;h2&gt;Provider access policy statement&lt;/h2&gt;" in page
    assert "<h1>The careers page" in page


def test_the_html_page_waits_for_a_saved_page(client_for, leader):
    page = client_for(leader).get(HTML).content.decode()

    assert "Save the careers page first" in page


def test_the_careers_leader_of_another_institution_edits_only_their_own(
    client_for, outsider, published
):
    client_for(outsider).post(EDIT, _form(outsider, finding_out="Outsider's words"))

    published.refresh_from_db()
    assert published.finding_out != "Outsider's words"
    assert CareersPage.objects.get(institution__memberships__user=outsider).finding_out == (
        "Outsider's words"
    )


def test_an_address_with_an_impossible_number_is_not_found(client, db):
    response = client.get("/careers-information/99999999999999999999/")

    assert response.status_code == 404


def test_the_planned_careers_programme_is_summarised_by_year_group(client, published):
    from careers_portal.schools.services import academic_year_ensure
    from tests.encounters.factories import PlannedActivityFactory

    year = academic_year_ensure(start_year=2026)
    PlannedActivityFactory(
        institution=published.institution,
        academic_year=year,
        title="Mock interviews",
        year_groups=[10],
        half_term=4,
        benchmark_numbers=[5],
    )

    content = careers_page.content(published, AUTUMN_TERM_2026)

    row = next(r for r in content.programme if r.year_group == 10)
    assert [a.title for a in row.planned] == ["Mock interviews"]
    assert row.benchmarks == [5]
    assert next(r for r in content.programme if r.year_group == 7).planned == []
    page = client.get(_public(published.institution)).content.decode()
    assert "Mock interviews (" in page
    assert "Being planned" in page
