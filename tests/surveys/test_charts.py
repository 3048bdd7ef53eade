"""The agreement scale as a diverging bar: disagreement left of the centre, agreement right."""

from __future__ import annotations

import re

from careers_portal.charts import diverging_bar

LABELS = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]


def _rects(svg: str) -> dict[str, tuple[float, float]]:
    found = {}
    for x, w, title in re.findall(
        r'<rect x="([\d.]+)" y="10" width="([\d.]+)" height="34" fill="#\w+">'
        r"<title>([^<]+)</title>",
        svg,
    ):
        found[title.split(":")[0]] = (float(x), float(w))
    return found


def test_it_centres_the_bar_on_the_neutral_answer():
    svg = diverging_bar(title="Q", desc="D", labels=LABELS, shares=[10, 20, 20, 30, 20], width=412)
    rects = _rects(svg)
    centre = 12 + 388 / 2
    neutral_x, neutral_w = rects["Neither"]
    assert abs(neutral_x + neutral_w / 2 - centre) < 0.1
    assert rects["Disagree"][0] + rects["Disagree"][1] <= neutral_x + 0.1
    assert rects["Strongly disagree"][0] < rects["Disagree"][0]
    assert rects["Agree"][0] >= neutral_x + neutral_w - 0.1
    assert rects["Strongly agree"][0] > rects["Agree"][0]
    assert "Strongly agree (20%)" in svg  # the legend names each share
    assert "style=" not in svg and "<script" not in svg  # the CSP allows neither


def test_a_segment_with_no_answers_is_left_out():
    svg = diverging_bar(title="Q", desc="D", labels=LABELS, shares=[0, 0, 0, 0, 100])
    assert set(_rects(svg)) == {"Strongly agree"}
