"""Stakeholder voice from the surveys app on the dashboards and in the report, and a measure that
follows one survey question's share agreeing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.html import escape

from careers_portal.insights import report
from careers_portal.insights.figures import year_of
from careers_portal.insights.models import Measure
from tests.insights.conftest import TODAY
from tests.surveys.factories import a_survey, agreement_questions, answer


def _parents_survey(institution, leader):
    survey = a_survey(institution, key="baseline-parents", by=leader)
    for value in [5, 4, 4, 2, 1, 3]:  # 3 of 6 agree on every question
        answer(survey, value)
    return survey


def test_the_dashboard_shows_each_surveys_headline(school, institution, leader, slt, client_for):
    survey = _parents_survey(institution, leader)
    page = client_for(slt).get(reverse("insights:dashboard")).content.decode()
    assert escape(f"Parents and carers: {survey.title}") in page
    assert "50.0% positive" in page
    assert "6 responses" in page
    assert "No baseline to compare" in page


def test_a_small_survey_shows_c_to_governors(school, institution, leader, governor, client_for):
    survey = a_survey(institution, key="baseline-staff", by=leader)
    for value in [5, 5, 5]:
        answer(survey, value)
    page = client_for(governor).get(reverse("insights:dashboard")).content.decode()
    assert escape(f"Staff: {survey.title}") in page
    assert "Small group: not shown" in page


def test_the_report_has_the_voice_section(school, institution, leader):
    survey = _parents_survey(institution, leader)
    html = report.render_html(institution, year_of(TODAY), today=TODAY)
    assert "6. Stakeholder voice and career readiness" in html
    assert escape(survey.title) in html and "50.0% positive" in html


def test_a_measure_follows_a_survey_question(school, institution, leader, client_for):
    survey = _parents_survey(institution, leader)
    question = agreement_questions(survey)[0]
    client = client_for(leader)
    url = reverse("insights:measures", args=[school["objective"].pk])
    response = client.post(
        url,
        {"kind": "survey", "baseline_value": "40", "baseline_date": "2025-10-01", "target": "70"},
    )
    assert "Choose the survey question this measure follows." in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "survey",
            "question": question.pk,
            "baseline_value": "40",
            "baseline_date": "2025-10-01",
            "target": "70",
        },
    )
    assert response.status_code == 302
    page = client.get(school["plan"].get_absolute_url()).content.decode()
    assert "from 40% (October 2025) to 50% now, target 70%" in page
    assert escape(question.text) in page


def test_a_survey_measure_with_few_answers_is_c(school, institution, leader, client_for):
    survey = a_survey(institution, key="baseline-staff", by=leader)
    answer(survey, 5)
    Measure.objects.create(
        objective=school["objective"],
        kind=Measure.Kind.SURVEY,
        question=agreement_questions(survey)[0],
        baseline_value=Decimal(10),
        baseline_date=dt.date(2025, 10, 1),
        target=Decimal(50),
    )
    page = client_for(leader).get(school["plan"].get_absolute_url()).content.decode()
    assert "to c now, target 50%" in page


def test_another_institutions_question_cannot_be_chosen(school, leader, outsider, client_for):
    from careers_portal.accounts.models import Membership

    theirs = a_survey(Membership.objects.get(user=outsider).institution, key="baseline-parents")
    response = client_for(leader).post(
        reverse("insights:measures", args=[school["objective"].pk]),
        {
            "kind": "survey",
            "question": agreement_questions(theirs)[0].pk,
            "baseline_value": "40",
            "baseline_date": "2025-10-01",
            "target": "70",
        },
    )
    assert response.status_code == 200
    assert not Measure.objects.exists()
