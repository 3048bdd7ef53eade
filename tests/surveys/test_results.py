"""Results: distributions, share agreeing, small groups "c", free text, change from baseline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from careers_portal.dates import today
from surveys import selectors, services
from surveys.models import Invitation, Question, Response, Survey
from tests.factories import LearnerFactory
from tests.surveys.factories import a_survey, agreement_questions, answer, answer_every_kind

pytestmark = pytest.mark.django_db


def _learner_survey(institution, *, send_count: int, others: int):
    survey = a_survey(institution, key="baseline-learners")
    LearnerFactory.create_batch(send_count, institution=institution, year_group=9, send="K")
    LearnerFactory.create_batch(others, institution=institution, year_group=9)
    services.invite_learners(survey=survey, year_group=9)
    for invitation in Invitation.objects.filter(survey=survey):
        answer(survey, 4, invitation=invitation, text="Please run a careers fair")
    return survey


def test_results_with_5_respondents_in_a_cohort_show_c_to_a_governor(
    institution, governor, leader, client_for
):
    survey = _learner_survey(institution, send_count=5, others=10)
    page = client_for(governor).get(reverse("surveys:results", args=[survey.pk]))
    assert page.status_code == 200
    rows = page.context["figures"].by_cohort
    send = next(row for row in rows if row.label == "SEND")
    assert send.agree == "c"
    others = next(row for row in rows if row.label == "Not SEND")
    assert others.agree == "100%"
    body = page.content.decode()
    assert "Please run a careers fair" not in body  # governors never see free text
    assert "Governors see the figures, not what people wrote." in body
    leader_page = client_for(leader).get(reverse("surveys:results", args=[survey.pk]))
    send = next(row for row in leader_page.context["figures"].by_cohort if row.label == "SEND")
    assert send.agree == "100%"
    assert "Please run a careers fair" in leader_page.content.decode()


def test_slt_see_free_text_but_small_groups_hidden(institution, slt, client_for):
    survey = _learner_survey(institution, send_count=5, others=10)
    page = client_for(slt).get(reverse("surveys:results", args=[survey.pk]))
    send = next(row for row in page.context["figures"].by_cohort if row.label == "SEND")
    assert send.agree == "c"
    assert "Please run a careers fair" in page.content.decode()


def test_it_gives_each_questions_distribution_mean_and_share(institution):
    survey = a_survey(institution, key="baseline-staff")
    for value in [1, 2, 3, 4, 5, 5]:
        answer(survey, value)
    figures = selectors.results(survey, role="careers_leader")
    first = figures.questions[0]
    assert first.answered == 6
    assert [bar.count for bar in first.bars] == [1, 1, 1, 1, 2]
    assert first.mean == pytest.approx(3.33)
    assert first.agree == 50.0


def test_the_change_from_baseline_is_in_points_with_the_numbers(institution, leader, client_for):
    baseline = a_survey(institution, key="baseline-staff", days_ago=3)
    for value in [2, 2, 2, 4, 4, 4]:
        answer(baseline, value)
    repeat = services.survey_copy(
        survey=baseline,
        by=leader,
        opens_on=today() - dt.timedelta(days=1),
        closes_on=today() + dt.timedelta(days=7),
    )
    for value in [4, 4, 4, 4, 5, 2]:
        answer(repeat, value)
    figures = selectors.results(repeat, role="careers_leader")
    first = figures.questions[0]
    assert (first.baseline_agree, first.baseline_answered) == (50.0, 6)
    assert first.agree == pytest.approx(83.3)
    assert first.change == pytest.approx(33.3)
    page = client_for(leader).get(reverse("surveys:results", args=[repeat.pk]))
    assert "Up 33.3 points" in page.content.decode()
    # A copy of the copy still compares with the first baseline.
    third = services.survey_copy(
        survey=repeat, by=leader, opens_on=today(), closes_on=today() + dt.timedelta(days=7)
    )
    assert third.baseline == baseline
    assert agreement_questions(third)[0].baseline_question == agreement_questions(baseline)[0]


def test_the_export_is_formula_neutralised(institution, leader, client_for):
    survey = a_survey(institution, key="baseline-staff")
    Survey.objects.filter(pk=survey.pk)
    question = agreement_questions(survey)[0]
    question.text = "=HYPERLINK(1)"
    question.save()
    answer(survey, 4)
    client = client_for(leader)
    csv_body = client.get(reverse("surveys:results_export", args=[survey.pk, "csv"]))
    assert "'=HYPERLINK(1)" in csv_body.content.decode()
    xlsx = client.get(reverse("surveys:results_export", args=[survey.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_list_has_an_empty_state(leader, client_for):
    page = client_for(leader).get(reverse("surveys:list"))
    assert "You have no surveys yet." in page.content.decode()


def test_the_pdf_summary_hides_small_groups_and_free_text_from_governors(
    institution, governor, client_for
):
    survey = _learner_survey(institution, send_count=5, others=10)
    pdf = client_for(governor).get(reverse("surveys:results_export", args=[survey.pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    from surveys.pdf import results_pdf

    figures = selectors.results(survey, role="governor")
    from django.template.loader import render_to_string

    html = render_to_string(
        "surveys/pdf.html", {"survey": survey, "figures": figures, "today": today()}
    )
    assert "Please run a careers fair" not in html and "not shown to governors" in html
    assert ">c<" in html
    assert results_pdf(figures, today())[:4] == b"%PDF"


def test_an_unknown_format_is_not_found(institution, leader, client_for):
    survey = a_survey(institution, key="baseline-staff")
    page = client_for(leader).get(reverse("surveys:results_export", args=[survey.pk, "doc"]))
    assert page.status_code == 404


def test_choices_are_counted_per_option_and_free_text_lists_the_latest(institution, monkeypatch):
    monkeypatch.setattr(selectors, "TEXTS_SHOWN", 2)
    survey = a_survey(institution, key="readiness-ks4")
    for option in range(6):
        answer_every_kind(survey, 4, option)
    figures = selectors.results(survey, role="careers_leader")
    single = next(r for r in figures.questions if r.question.kind == Question.Kind.SINGLE)
    assert single.answered == 6
    assert [bar.count for bar in single.bars] == [2, 2, 1, 1]
    multiple = next(r for r in figures.questions if r.question.kind == Question.Kind.MULTIPLE)
    # Options 0, 3: the first option; 1, 4: the first two; 2, 5: the first three.
    assert multiple.answered == 6
    assert [bar.count for bar in multiple.bars][:4] == [6, 4, 2, 0]
    assert multiple.bars[0].percent == 100.0
    staff = a_survey(institution, key="baseline-staff")
    for n in range(3):
        answer_every_kind(staff, 3, n, text=f"Idea {n}")
    written = next(r for r in selectors.results(staff, role="careers_leader").questions if r.texts)
    assert written.answered == 3 and len(written.texts) == 2
    assert set(written.texts) <= {"Idea 0", "Idea 1", "Idea 2"}


def test_the_list_shows_each_surveys_response_rate(institution, leader, client_for):
    survey = _learner_survey(institution, send_count=0, others=8)
    services.invite_learners(survey=survey, year_group=10)  # nobody in Year 10
    LearnerFactory.create_batch(2, institution=institution, year_group=9)
    services.invite_learners(survey=survey, year_group=9)
    page = client_for(leader).get(reverse("surveys:list"))
    [row] = page.context["surveys"]
    assert (row.n_responses, row.n_invited) == (8, 10)
    assert "8 of 10 invited (80%)" in page.content.decode()


def test_the_lists_rate_is_not_shown_when_some_answered_through_the_open_link(
    institution, leader, client_for
):
    # Open-link answers come from people nobody invited: "13 of 10 (130%)" would mislead.
    survey = _learner_survey(institution, send_count=0, others=8)
    LearnerFactory.create_batch(2, institution=institution, year_group=9)
    services.invite_learners(survey=survey, year_group=9)
    Response.objects.filter(pk=Response.objects.filter(survey=survey).first().pk).update(
        via_open_link=True
    )
    page = client_for(leader).get(reverse("surveys:list"))
    [row] = page.context["surveys"]
    assert row.completion_rate is None
    assert "8 of 10 invited" in page.content.decode()
    assert "(80%)" not in page.content.decode()
