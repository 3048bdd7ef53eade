"""Score and band rules at their boundaries."""

from __future__ import annotations

import pytest

from benchmarks.models import rag_for_total
from benchmarks.selectors import BenchmarkScore, score_percent
from careers_portal import rag


@pytest.mark.parametrize(
    ("met", "total", "expected"),
    [
        (0, 3, 0),
        (1, 3, 33),
        (2, 3, 67),
        (3, 3, 100),
        (1, 2, 50),
        (1, 8, 13),
        (0, 1, 0),
        (1, 1, 100),
    ],
)
def test_it_scores_the_share_of_criteria_met(met, total, expected):
    assert score_percent(met, total) == expected


def test_it_gives_no_score_without_criteria():
    assert score_percent(0, 0) is None


@pytest.mark.parametrize(("met", "total"), [(-1, 3), (4, 3)])
def test_it_refuses_impossible_counts(met, total):
    with pytest.raises(ValueError):
        score_percent(met, total)


def test_it_keeps_in_progress_and_compass_out_of_the_score():
    score = BenchmarkScore(number=1, title="", total=4, met=1, in_progress=3, compass=90)
    assert score.percent == 25
    assert score.unanswered == 0


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, rag.RED),
        (10, rag.RED),
        (11, rag.AMBER),
        (15, rag.AMBER),
        (16, rag.GREEN),
        (20, rag.GREEN),
    ],
)
def test_it_bands_the_checklist_total(total, band):
    assert rag_for_total(total) is band


@pytest.mark.parametrize("total", [-1, 21])
def test_it_refuses_a_checklist_total_outside_0_to_20(total):
    with pytest.raises(ValueError):
        rag_for_total(total)
