"""Building a survey: from a template, questions changed and reordered, a copy for next year."""

from __future__ import annotations

import pytest
from django.urls import reverse

from surveys.models import Question, Survey
from tests.surveys.factories import a_survey, answer

pytestmark = pytest.mark.django_db


def test_it_builds_a_survey_from_a_template(leader, client_for):
    client = client_for(leader)
    page = client.post(
        reverse("surveys:new"),
        {"blueprint": "readiness-ks3", "opens_on": "2030-01-10", "closes_on": "2030-01-31"},
    )
    survey = Survey.objects.get()
    assert page["Location"] == survey.get_absolute_url()
    assert survey.academic_year.start_year == 2029
    assert not survey.anonymous  # career readiness is kept with each learner
    skills = Question.objects.filter(section__survey=survey, skill__isnull=False)
    assert skills.count() == 8


def test_a_survey_that_closes_before_it_opens_is_refused_in_words(leader, client_for):
    page = client_for(leader).post(
        reverse("surveys:new"),
        {"blueprint": "readiness-ks3", "opens_on": "2030-01-10", "closes_on": "2030-01-01"},
    )
    assert "The survey must close on or after the day it opens." in page.content.decode()
    assert 'value="2030-01-10"' in page.content.decode()  # what was typed stays
    assert not Survey.objects.exists()


def test_a_choice_question_needs_two_options(institution, leader, client_for):
    survey = a_survey(institution, key="baseline-staff")
    section = survey.sections.first()
    url = reverse("surveys:question_add", args=[survey.pk, section.pk])
    page = client_for(leader).post(
        url, {"text": "Which events did you attend?", "kind": "multiple", "options": "Fair"}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count("Give at least two options, one a line.") >= 1
    assert "Which events did you attend?" in body
    client_for(leader).post(
        url,
        {"text": "Which events did you attend?", "kind": "multiple", "options": "Fair\nTalk\n"},
    )
    question = Question.objects.get(text="Which events did you attend?")
    assert question.choices == ["Fair", "Talk"]
    assert question.order == section.questions.count()


def test_an_option_longer_than_the_tallies_keep_is_refused_in_words(
    institution, leader, client_for
):
    survey = a_survey(institution, key="baseline-staff")
    section = survey.sections.first()
    url = reverse("surveys:question_add", args=[survey.pk, section.pk])
    long_option = "A careers fair " * 20  # 300 characters
    page = client_for(leader).post(
        url, {"text": "Which events?", "kind": "single", "options": f"Talk\n{long_option}"}
    )
    assert page.status_code == 200
    assert "Keep each option to 200 characters or fewer" in page.content.decode()
    assert long_option.strip() in page.content.decode()  # what was typed stays
    assert not Question.objects.filter(text="Which events?").exists()


def test_an_answered_questions_kind_cannot_change(institution, leader, client_for):
    survey = a_survey(institution, key="baseline-staff")
    question = Question.objects.filter(section__survey=survey, kind="agreement").first()
    answer(survey, 4)
    page = client_for(leader).post(
        reverse("surveys:question_edit", args=[question.pk]),
        {"text": question.text, "kind": "text", "required": "on"},
    )
    assert page.status_code == 200
    assert "so its kind cannot change" in page.content.decode()
    question.refresh_from_db()
    assert question.kind == "agreement"


def test_moving_a_question_swaps_it_with_its_neighbour(institution, leader, client_for):
    survey = a_survey(institution, key="baseline-staff")
    first, second = list(survey.sections.first().questions.order_by("order"))[:2]
    page = client_for(leader).post(
        reverse("surveys:question_move", args=[first.pk]),
        {"direction": "down"},
        headers={"HX-Request": "true"},
    )
    assert page.status_code == 200 and f'id="section-{first.section_id}"' in page.content.decode()
    order = list(survey.sections.first().questions.order_by("order").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk]


def test_a_survey_nobody_answered_can_be_deleted_one_with_answers_is_kept(
    institution, leader, client_for
):
    from tests.surveys.factories import answer

    client = client_for(leader)
    draft = a_survey(institution, key="baseline-staff")
    assert client.post(reverse("surveys:delete", args=[draft.pk]))["Location"] == reverse(
        "surveys:list"
    )
    assert not Survey.objects.filter(pk=draft.pk).exists()
    answered = a_survey(institution, key="baseline-staff")
    answer(answered, 4)
    page = client.post(reverse("surveys:delete", args=[answered.pk]), follow=True)
    assert "This survey has answers, so it is kept" in page.content.decode()
    assert Survey.objects.filter(pk=answered.pk).exists()


def test_a_section_is_renamed_and_moved_in_place(institution, leader, client_for):
    survey = a_survey(institution, key="readiness-ks4")
    first, second, *_ = list(survey.sections.order_by("order"))
    client = client_for(leader)
    edit = reverse("surveys:section_edit", args=[survey.pk, second.pk])
    assert 'value="Information and advice"' in client.get(edit).content.decode()
    saved = client.post(
        edit, {"title": "Where you find advice", "introduction": "About the people you ask."}
    )
    assert saved["Location"].endswith(f"#section-{second.pk}")
    second.refresh_from_db()
    assert (second.title, second.introduction) == (
        "Where you find advice",
        "About the people you ask.",
    )
    assert "This field is required." in client.post(edit, {"title": ""}).content.decode()
    page = client.post(
        reverse("surveys:section_move", args=[survey.pk, second.pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )
    body = page.content.decode()
    assert page.status_code == 200 and body.startswith('\n<div id="survey-sections">')
    assert body.index("1. Where you find advice") < body.index(f"2. {first.title}")
    order = list(survey.sections.order_by("order").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk]
    # The public form asks the sections in their new order.
    assert [s.pk for s in survey.sections.all()][:2] == [second.pk, first.pk]


def test_a_section_nobody_answered_is_removed_one_with_answers_is_kept(
    institution, leader, client_for
):
    from tests.surveys.factories import answer

    client = client_for(leader)
    survey = a_survey(institution, key="baseline-staff")
    sections = list(survey.sections.order_by("order"))
    client.post(reverse("surveys:section_delete", args=[survey.pk, sections[-1].pk]))
    assert survey.sections.count() == len(sections) - 1
    answer(survey, 4)
    page = client.post(
        reverse("surveys:section_delete", args=[survey.pk, sections[0].pk]), follow=True
    )
    assert "has answers, so it is kept" in page.content.decode()
    assert survey.sections.count() == len(sections) - 1
