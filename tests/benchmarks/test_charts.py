"""The shared SVG charts: valid XML, accessible names, escaped text."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from careers_portal.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _trend(count: int) -> str:
    labels = [
        f"{(dt.date(2026, 1, 1) + dt.timedelta(days=40 * i)):%-d %b %Y}" for i in range(count)
    ]
    series = [
        Series(
            f"BM{n}", [None if (i + n) % 7 == 0 else (n * 10 + i * 3) % 101 for i in range(count)]
        )
        for n in range(1, 9)
    ]
    return line_chart(
        title="Benchmark scores", desc="Scores over time", x_labels=labels, series=series
    )


@pytest.mark.parametrize("count", [1, 2, 10])
def test_it_renders_a_trend_as_valid_svg(count):
    root = ET.fromstring(_trend(count))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Benchmark scores"
    assert root.find(f"{SVG}desc").text == "Scores over time"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "BM8" in texts and "100%" in texts
    assert len(root.findall(f".//{SVG}g[@class='chart-x-labels']/{SVG}text")) == count
    lines = root.findall(f".//{SVG}polyline")
    assert (len(lines) > 0) is (count > 1)


def test_it_escapes_text_and_uses_no_script_or_style():
    svg = line_chart(
        title='Scores <b>&</b> "trend"', desc="x", x_labels=["<a>"], series=[Series("<s>", [5])]
    )
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == 'Scores <b>&</b> "trend"'
    assert "<script" not in svg and "style=" not in svg


def test_it_renders_grouped_bars_as_valid_svg():
    svg = bar_chart(
        title="Scores",
        desc="Ours and Compass",
        categories=[f"BM{n}" for n in range(1, 9)],
        series=[
            Series("Ours", [10, 20, 30, 40, 50, 60, 70, 100]),
            Series("Compass", [None] * 7 + [90]),
        ],
    )
    root = ET.fromstring(svg)
    bars = root.findall(f".//{SVG}g[@class='chart-series']/{SVG}rect")
    assert len(bars) == 9  # eight of ours, one Compass
    assert len(root.findall(f".//{SVG}g[@class='chart-legend']/{SVG}text")) == 2
    assert any(el.text == "90%" for el in root.iter(f"{SVG}text"))
