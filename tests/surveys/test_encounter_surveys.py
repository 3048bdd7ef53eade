"""After an encounter: its learners asked for reflections, its employer for feedback; the
answers shown on the encounter's page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from careers_portal.dates import today
from encounters import panels
from encounters import services as encounter_services
from encounters.models import OrganisationContact
from surveys.models import Invitation, Survey
from surveys.panels import encounter_panels
from tests.encounters.factories import EncounterFactory, OrganisationFactory
from tests.factories import LearnerFactory
from tests.surveys.factories import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def encounter(institution):
    encounter = EncounterFactory(institution=institution, date=today(), year_groups=[9])
    organisation = OrganisationFactory(
        institution=institution,
        name="Brightwell Engineering",
        contacts="Raj, raj@brightwell.example",
    )
    OrganisationContact.objects.create(
        organisation=organisation,
        name="Dee Harper",
        role="Education lead",
        email="dee@brightwell.example",
    )
    encounter.organisations.set([organisation])
    learners = LearnerFactory.create_batch(7, institution=institution, year_group=9)
    encounter_services.attach_learners(encounter, [learner.pk for learner in learners])
    return encounter


def test_ask_for_reflections_gives_each_learner_who_took_part_a_link(encounter, leader, client_for):
    client = client_for(leader)
    page = client.post(reverse("surveys:ask_reflections", args=[encounter.pk]))
    survey = Survey.objects.get(encounter_id=encounter.pk)
    assert page["Location"] == reverse("surveys:links", args=[survey.pk])
    assert survey.audience == "learners" and survey.purpose == "encounter"
    assert Invitation.objects.filter(survey=survey).count() == 7
    client.post(reverse("surveys:ask_reflections", args=[encounter.pk]))
    assert Survey.objects.filter(encounter_id=encounter.pk).count() == 1  # asked once


def test_ask_for_feedback_offers_the_contacts_and_emails_them(
    encounter, leader, client_for, django_capture_on_commit_callbacks
):
    client = client_for(leader)
    url = reverse("surveys:ask_feedback", args=[encounter.pk])
    body = client.get(url).content.decode()
    assert "Dee Harper, dee@brightwell.example" in body
    assert "raj@brightwell.example" in body  # found in the old free-text contacts
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"lines": "Dee Harper, dee@brightwell.example"})
    survey = Survey.objects.get(encounter_id=encounter.pk, audience="employers")
    assert len(mail.outbox) == 1 and survey.title.startswith("Feedback: ")


def test_the_encounter_page_shows_answers_and_the_buttons(encounter, leader, champion, client_for):
    assert encounter_panels in panels._providers
    leader_page = client_for(leader).get(reverse("encounters:detail", args=[encounter.pk]))
    body = leader_page.content.decode()
    assert "Ask for reflections" in body and "Ask for feedback" in body
    client_for(leader).post(reverse("surveys:ask_reflections", args=[encounter.pk]))
    survey = Survey.objects.get(encounter_id=encounter.pk)
    for invitation in Invitation.objects.filter(survey=survey)[:6]:
        answer(survey, 5, invitation=invitation, text="I want to be an engineer now")
    body = (
        client_for(leader).get(reverse("encounters:detail", args=[encounter.pk])).content.decode()
    )
    assert "6 of 7 asked have answered." in body
    assert "100% agreed with the statements." in body
    assert "I want to be an engineer now" in body
    assert "Ask for reflections" not in body
    champion_panels = encounter_panels(encounter=encounter, role="champion")
    assert not champion_panels[0].quotes and not champion_panels[0].url


def test_the_encounter_page_works_with_no_provider(encounter, leader, client_for):
    panels.unregister(encounter_panels)
    try:
        page = client_for(leader).get(reverse("encounters:detail", args=[encounter.pk]))
    finally:
        panels.register(encounter_panels)
    assert page.status_code == 200
    assert "Reflections and feedback" not in page.content.decode()


def test_another_institutions_encounter_is_not_found(other_institution, leader, client_for):
    encounter = EncounterFactory(institution=other_institution, date=today())
    client = client_for(leader)
    assert client.post(reverse("surveys:ask_reflections", args=[encounter.pk])).status_code == 404
    assert client.get(reverse("surveys:ask_feedback", args=[encounter.pk])).status_code == 404


def test_a_learners_record_shows_career_readiness_over_time(institution, leader, client_for):
    from surveys import services
    from tests.surveys.factories import a_survey

    learner = LearnerFactory(institution=institution, year_group=10)
    first = a_survey(institution, key="readiness-ks4", days_ago=3)
    services.invite_learners(survey=first, year_group=10)
    answer(first, 2, invitation=Invitation.objects.get(survey=first))
    second = services.survey_copy(
        survey=first, by=leader, opens_on=today(), closes_on=first.closes_on
    )
    services.invite_learners(survey=second, year_group=10)
    answer(second, 4, invitation=Invitation.objects.get(survey=second))
    client = client_for(leader)
    record = client.get(reverse("encounters:learner_record", args=[learner.pk])).content.decode()
    assert "Career readiness over time" in record
    assert "agreed with 0 of 19 statements (0%)" in record
    assert "agreed with 19 of 19 statements (100%), +100 points on the time before" in record
    page = client.get(reverse("surveys:learner", args=[learner.pk]))
    assert page.content.decode().count("Strongly disagree") == 0
    assert page.content.decode().count('<th scope="row" data-label="Question">') == 38
    assert learner_panels_for_slt_is_empty(learner)


def learner_panels_for_slt_is_empty(learner) -> bool:
    from surveys.panels import learner_panels

    return learner_panels(learner=learner, role="slt") == []


def test_the_leader_uses_the_reflections_as_the_encounters_evidence(encounter, leader, client_for):
    from benchmarks.models import Benchmark, MeaningfulCriterion
    from encounters import rules

    encounter.benchmarks.set(Benchmark.objects.filter(version="2025", number__in=[5, 6]))
    client = client_for(leader)
    client.post(reverse("surveys:ask_reflections", args=[encounter.pk]))
    survey = Survey.objects.get(encounter_id=encounter.pk)
    page = client.get(encounter.get_absolute_url()).content.decode()
    assert "Use as the reflection evidence" not in page  # nobody has answered yet
    for invitation in Invitation.objects.filter(survey=survey)[:6]:
        answer(survey, 5, invitation=invitation)
    page = client.get(encounter.get_absolute_url()).content.decode()
    assert "Use as the reflection evidence" in page
    assert "reflect" in str(rules.encounter_missing_criteria(encounter)).lower()
    done = client.post(reverse("surveys:use_as_evidence", args=[encounter.pk, survey.pk]))
    assert done.status_code == 302
    encounter.refresh_from_db()
    ticked = set(encounter.meaningful_criteria.values_list("benchmark_number", "code"))
    assert {(5, "reflection"), (6, "reflection")} <= ticked
    assert "6 of 7 learners answered, 100% agreeing" in encounter.reflections
    assert MeaningfulCriterion.objects.filter(code="reflection", benchmark_number=7).exists()
    assert (7, "reflection") not in ticked  # not a benchmark this encounter evidences
    page = client.get(encounter.get_absolute_url()).content.decode()
    assert "Use as the reflection evidence" not in page
    # Twice: the sentence is kept once.
    client.post(reverse("surveys:use_as_evidence", args=[encounter.pk, survey.pk]))
    encounter.refresh_from_db()
    assert encounter.reflections.count("6 of 7 learners answered") == 1


def test_a_survey_of_another_encounter_is_not_used_as_evidence(encounter, leader, client_for):
    other = EncounterFactory(institution=encounter.institution, date=today(), year_groups=[9])
    client = client_for(leader)
    client.post(reverse("surveys:ask_reflections", args=[other.pk]))
    survey = Survey.objects.get(encounter_id=other.pk)
    url = reverse("surveys:use_as_evidence", args=[encounter.pk, survey.pk])
    assert client.post(url).status_code == 404


def test_a_survey_nobody_answered_is_refused_as_evidence(encounter, leader, client_for):
    from benchmarks.models import Benchmark

    encounter.benchmarks.set(Benchmark.objects.filter(version="2025", number__in=[5]))
    client = client_for(leader)
    client.post(reverse("surveys:ask_reflections", args=[encounter.pk]))
    survey = Survey.objects.get(encounter_id=encounter.pk)
    url = reverse("surveys:use_as_evidence", args=[encounter.pk, survey.pk])
    page = client.post(url, follow=True).content.decode()
    assert "Nobody has answered this survey yet" in page
    encounter.refresh_from_db()
    assert not encounter.meaningful_criteria.filter(code="reflection").exists()
    assert encounter.reflections == ""


def test_the_sentence_kept_as_evidence_hides_a_small_groups_share(encounter, leader, client_for):
    # The encounter's text is read by SLT and champions, who see groups under 6 as "c".
    from benchmarks.models import Benchmark

    encounter.benchmarks.set(Benchmark.objects.filter(version="2025", number__in=[5]))
    client = client_for(leader)
    client.post(reverse("surveys:ask_reflections", args=[encounter.pk]))
    survey = Survey.objects.get(encounter_id=encounter.pk)
    for invitation in Invitation.objects.filter(survey=survey)[:3]:
        answer(survey, 5, invitation=invitation)
    client.post(reverse("surveys:use_as_evidence", args=[encounter.pk, survey.pk]))
    encounter.refresh_from_db()
    assert "3 of 7 learners answered." in encounter.reflections
    assert "agreeing" not in encounter.reflections
