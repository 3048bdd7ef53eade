"""Self-assessment pages: start, answer one benchmark a page, the summary and the trend."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.models import AnswerStatus, CompassScore, Criterion, CriterionAnswer, SelfAssessment
from tests.benchmarks.factories import SelfAssessmentFactory, answer_all, compass


def _benchmark_post(assessment, number, status="met", compass_percentage="", **extra):
    data = {"compass_percentage": compass_percentage, **extra}
    for criterion in Criterion.objects.filter(
        benchmark__version=assessment.version, benchmark__number=number, audience="school"
    ):
        data[f"status_{criterion.pk}"] = status
        data[f"evidence_{criterion.pk}"] = f"Evidence for {criterion.code}"
    return data


def test_it_starts_a_self_assessment_and_opens_benchmark_1(institution, leader, client_for):
    response = client_for(leader).post(
        reverse("benchmarks:assessment_create"),
        {"assessed_on": "2026-11-20", "version": "2025", "participants": "SR, NR"},
    )
    assessment = SelfAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "benchmarks:assessment_benchmark", args=[assessment.pk, 1]
    )
    assert (assessment.institution, assessment.created_by) == (institution, leader)


def test_it_copies_the_last_assessment_when_asked(institution, leader, client_for):
    last = SelfAssessmentFactory(institution=institution)
    answer_all(last, AnswerStatus.IN_PROGRESS)
    client_for(leader).post(
        reverse("benchmarks:assessment_create"),
        {"assessed_on": "2026-11-20", "version": "2025", "copy_last": "1"},
    )
    new = SelfAssessment.objects.exclude(pk=last.pk).get()
    assert new.answers.count() == last.answers.count()


def test_it_explains_why_it_cannot_copy_across_versions(institution, leader, client_for):
    SelfAssessmentFactory(institution=institution, version="2018")
    response = client_for(leader).post(
        reverse("benchmarks:assessment_create"),
        {"assessed_on": "2026-11-20", "version": "2025", "copy_last": "1"},
    )
    assert response.status_code == 200
    assert "cannot be copied" in response.content.decode()
    assert SelfAssessment.objects.count() == 1


def test_it_saves_a_benchmark_and_moves_to_the_next(institution, leader, client_for):
    assessment = SelfAssessmentFactory(institution=institution)
    url = reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 3])
    response = client_for(leader).post(url, _benchmark_post(assessment, 3, compass_percentage="60"))
    assert response["Location"] == reverse(
        "benchmarks:assessment_benchmark", args=[assessment.pk, 4]
    )
    assert assessment.answers.filter(status="met").count() == 5
    assert CompassScore.objects.get().percentage == 60


def test_it_goes_back_or_to_the_summary_when_asked(institution, leader, client_for):
    assessment = SelfAssessmentFactory(institution=institution)
    client = client_for(leader)
    url = reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 3])
    back = client.post(url, {**_benchmark_post(assessment, 3), "previous": ""})
    assert back["Location"].endswith("/benchmark/2/")
    summary = client.post(url, {**_benchmark_post(assessment, 3), "summary": ""})
    assert summary["Location"] == assessment.get_absolute_url()


def test_it_refuses_a_compass_percentage_of_120_and_keeps_what_was_typed(
    institution, leader, client_for
):
    assessment = SelfAssessmentFactory(institution=institution)
    url = reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 8])
    response = client_for(leader).post(
        url, _benchmark_post(assessment, 8, compass_percentage="120")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A Compass percentage is between 0 and 100" in page
    assert "Evidence for 8.2" in page
    assert 'value="120"' in page
    assert not CriterionAnswer.objects.exists()
    assert not CompassScore.objects.exists()


def test_it_asks_for_every_criterion_and_saves_nothing_until_then(institution, leader, client_for):
    assessment = SelfAssessmentFactory(institution=institution)
    data = _benchmark_post(assessment, 1)
    first = Criterion.objects.get(
        benchmark__version="2025", benchmark__number=1, audience="school", code="1.2"
    )
    del data[f"status_{first.pk}"]
    response = client_for(leader).post(
        reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 1]), data
    )
    assert "Choose met, in progress or not met for 1.2." in response.content.decode()
    assert not CriterionAnswer.objects.exists()


def test_it_answers_404_for_a_benchmark_number_outside_1_to_8(institution, leader, client_for):
    assessment = SelfAssessmentFactory(institution=institution)
    url = reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 9])
    assert client_for(leader).get(url).status_code == 404


def test_the_summary_shows_our_score_and_compass_apart(institution, governor, client_for):
    assessment = SelfAssessmentFactory(institution=institution)
    answer_all(assessment, AnswerStatus.NOT_MET)
    CriterionAnswer.objects.filter(
        self_assessment=assessment, criterion__benchmark__number=2, criterion__order=1
    ).update(status=AnswerStatus.MET)
    compass(assessment, 2, 88)
    response = client_for(governor).get(assessment.get_absolute_url())
    page = response.content.decode()
    assert "50%" in page and "1 of 2 met" in page
    assert "88%" in page
    assert "<svg" in page and "<title" in page


def test_a_governor_sees_no_edit_control(institution, governor, client_for):
    assessment = SelfAssessmentFactory(institution=institution)
    client = client_for(governor)
    for url in (
        reverse("benchmarks:index"),
        reverse("benchmarks:assessment_list"),
        assessment.get_absolute_url(),
    ):
        page = client.get(url).content.decode()
        assert "Start a self-assessment" not in page
        assert "/benchmark/" not in page, url
        assert "<form" not in page.split("<main", 1)[1], url


def test_the_leader_sees_the_edit_controls(institution, leader, client_for):
    assessment = SelfAssessmentFactory(institution=institution)
    client = client_for(leader)
    assert (
        "Start a self-assessment"
        in client.get(reverse("benchmarks:assessment_list")).content.decode()
    )
    assert "/benchmark/1/" in client.get(assessment.get_absolute_url()).content.decode()


def test_the_list_shows_an_empty_state_first(institution, slt, client_for):
    page = client_for(slt).get(reverse("benchmarks:assessment_list")).content.decode()
    assert "There is no self-assessment yet." in page


def _queries(client, url) -> int:
    client.get(url)  # warm up: the session and the academic year are made on the first visit
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("name", ["benchmarks:index", "benchmarks:assessment_list"])
def test_summary_pages_run_the_same_queries_for_1_and_10_assessments(
    name, institution, slt, client_for
):
    client = client_for(slt)
    first = SelfAssessmentFactory(institution=institution)
    answer_all(first)
    compass(first, 1, 50)
    one = _queries(client, reverse(name))
    for day in range(9):
        more = SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 2, day + 1))
        answer_all(more, AnswerStatus.IN_PROGRESS)
        compass(more, 2, 40)
    assert SelfAssessment.objects.count() == 10
    assert _queries(client, reverse(name)) == one


def test_the_assessment_summary_runs_the_same_queries_with_1_and_10(institution, slt, client_for):
    client = client_for(slt)
    first = SelfAssessmentFactory(institution=institution)
    answer_all(first)
    one = _queries(client, first.get_absolute_url())
    for day in range(9):
        answer_all(
            SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 3, day + 1))
        )
    assert _queries(client, first.get_absolute_url()) == one
