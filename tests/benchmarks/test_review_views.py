"""Maturity review pages: start, answer a statement a page, the summary at a glance."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.models import MaturityResponse, MaturityReview, MaturityStatement
from tests.benchmarks.factories import MaturityResponseFactory, MaturityReviewFactory


def _response_data(**overrides):
    return {
        "level": "2",
        "current_position": "There is a strategic careers development plan.",
        "actions_to_improve": "Monitored by SLT and governors.",
        "next_steps": "Share careers plan with stakeholders",
        "by_when_who": "HT3 - SR",
        "marking": "priority",
        **overrides,
    }


def test_it_starts_a_review_at_the_first_statement(institution, leader, client_for):
    response = client_for(leader).post(
        reverse("benchmarks:review_create"),
        {"reviewed_on": "2025-01-15", "participants": "SR, NR"},
    )
    review = MaturityReview.objects.get()
    assert response["Location"] == reverse("benchmarks:response_edit", args=[review.pk, "1.1"])


def test_it_saves_a_response_and_moves_to_the_next_statement(institution, leader, client_for):
    review = MaturityReviewFactory(institution=institution)
    url = reverse("benchmarks:response_edit", args=[review.pk, "1.3"])
    response = client_for(leader).post(url, {**_response_data(), "next": ""})
    assert response["Location"] == reverse("benchmarks:response_edit", args=[review.pk, "1.4"])
    saved = MaturityResponse.objects.get()
    assert (saved.statement.code, saved.level, saved.marking) == ("1.3", 2, "priority")


def test_it_refuses_level_5_with_a_clear_message(institution, leader, client_for):
    review = MaturityReviewFactory(institution=institution)
    url = reverse("benchmarks:response_edit", args=[review.pk, "1.3"])
    response = client_for(leader).post(url, _response_data(level="5"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a level from 1 to 4" in page
    assert "Share careers plan with stakeholders" in page
    assert not MaturityResponse.objects.exists()


def test_it_answers_404_for_an_unknown_statement(institution, leader, client_for):
    review = MaturityReviewFactory(institution=institution)
    url = reverse("benchmarks:response_edit", args=[review.pk, "9.9"])
    assert client_for(leader).get(url).status_code == 404


def test_the_summary_shows_priorities_and_strengths_at_a_glance(institution, governor, client_for):
    review = MaturityReviewFactory(institution=institution)
    MaturityResponseFactory(
        review=review,
        statement=MaturityStatement.objects.get(code="1.2"),
        marking="priority",
        next_steps="Create shared vision for careers",
        by_when_who="HT3 - SR",
    )
    MaturityResponseFactory(
        review=review,
        statement=MaturityStatement.objects.get(code="1.5"),
        level=4,
        marking="strength",
    )
    page = client_for(governor).get(review.get_absolute_url()).content.decode()
    glance = page.split("At a glance", 1)[1].split("Indicator of maturity", 1)[0]
    priorities, strengths = glance.split("Areas of strength", 1)
    assert "1.2 Leaders&#x27; vision" in priorities and "1.5" not in priorities
    assert "1.5 Governance" in strengths
    assert "Create shared vision for careers" in page and "HT3 - SR" in page
    assert "Answer the statements" not in page
    assert "/statement/" not in page


def test_the_wording_an_institution_pastes_shows_on_the_statement(institution, leader, client_for):
    client = client_for(leader)
    review = MaturityReviewFactory(institution=institution)
    edit = reverse("benchmarks:statement_text_edit", args=["1.2"])
    response_url = reverse("benchmarks:response_edit", args=[review.pk, "1.2"])
    saved = client.post(
        f"{edit}?next={response_url}", {"text": "Our wording of 1.2", "level_1": "Just starting"}
    )
    assert saved["Location"] == response_url
    page = client.get(response_url).content.decode()
    assert "Our wording of 1.2" in page and "Just starting" in page


def test_it_never_redirects_off_site_after_saving_wording(institution, leader, client_for):
    edit = reverse("benchmarks:statement_text_edit", args=["1.2"])
    saved = client_for(leader).post(f"{edit}?next=https://evil.example/", {"text": "x"})
    assert saved["Location"] == reverse("benchmarks:review_list")


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_review_pages_run_the_same_queries_with_1_and_10_reviews(institution, slt, client_for):
    client = client_for(slt)
    first = MaturityReviewFactory(institution=institution)
    MaturityResponseFactory(review=first)
    one_list = _queries(client, reverse("benchmarks:review_list"))
    one_detail = _queries(client, first.get_absolute_url())
    statements = list(MaturityStatement.objects.all()[:10])
    for day in range(9):
        review = MaturityReviewFactory(
            institution=institution, reviewed_on=dt.date(2025, 2, day + 1)
        )
        for statement in statements:
            MaturityResponseFactory(review=review, statement=statement, marking="strength")
    for statement in statements:
        if statement.code == "1.2":  # answered already
            continue
        MaturityResponseFactory(review=first, statement=statement, marking="priority")
    assert _queries(client, reverse("benchmarks:review_list")) == one_list
    assert _queries(client, first.get_absolute_url()) == one_detail


def test_next_steps_can_be_saved_before_a_level_is_chosen(institution, leader, client_for):
    review = MaturityReviewFactory(institution=institution)
    url = reverse("benchmarks:response_edit", args=[review.pk, "1.3"])
    client = client_for(leader)
    response = client.post(url, {**_response_data(level=""), "summary": ""})
    assert response.status_code == 302
    saved = MaturityResponse.objects.get()
    assert (saved.level, saved.next_steps, saved.by_when_who) == (
        None,
        "Share careers plan with stakeholders",
        "HT3 - SR",
    )
    summary = client.get(review.get_absolute_url()).content.decode()
    assert "No level chosen yet" in summary
    assert "no level chosen yet" in summary  # among the priorities
    # The level comes later, on the same page.
    client.post(url, {**_response_data(level="3"), "summary": ""})
    saved.refresh_from_db()
    assert saved.level == 3
