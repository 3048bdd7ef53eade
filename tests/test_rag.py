"""The app's one status vocabulary: words and colour together, one colour set, used everywhere."""

from __future__ import annotations

import pathlib
import re

from careers_portal import rag

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_it_gives_every_status_words_and_a_colour_of_the_one_set():
    for status in (*rag.WORK_STATUSES, rag.RED, rag.AMBER, rag.GREEN, rag.MET, rag.NOT_MET):
        assert status.label.strip()
        assert status.colour in set(rag.Colour)
        assert status.css == f"status status-{status.colour}"


def test_it_orders_the_work_statuses_from_done_to_overdue():
    order = [rag.DONE, rag.ON_TRACK, rag.NO_DATE, rag.DUE_SOON, rag.BLOCKED, rag.OVERDUE]
    assert sorted(order, key=lambda s: s.severity) == order
    assert rag.worst([rag.ON_TRACK, rag.NO_DATE, rag.DONE]) is rag.NO_DATE
    assert rag.worst([]) is rag.NO_ACTIONS


def test_it_bands_percentages_with_grey_for_nothing_to_count():
    assert rag.band_colour(None, green_from=90, amber_from=50) is rag.Colour.GREY
    assert rag.band_colour(90, green_from=90, amber_from=50) is rag.Colour.GREEN
    assert rag.band_colour(89, green_from=90, amber_from=50) is rag.Colour.AMBER
    assert rag.band_colour(49, green_from=90, amber_from=50) is rag.Colour.RED


def test_the_domain_apps_take_their_colours_from_the_shared_module():
    """No app keeps its own colour strings or status vocabulary (issue 9.1)."""
    colour_literal = re.compile(r"""["'](red|amber|green|blue|grey)["']""")
    for name in ("plans/rules.py", "benchmarks/models.py", "encounters/rules.py"):
        source = (ROOT / name).read_text()
        assert "careers_portal.rag" in source or "careers_portal import rag" in source, name
        assert not colour_literal.search(source), f"{name} spells a colour itself"
        assert "class Rag" not in source, f"{name} has a vocabulary of its own"


def test_no_template_picks_a_colour_by_comparing_a_status_string():
    compares_status = re.compile(r"\.status\s*[!=]=|status-\{\{")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if compares_status.search(path.read_text())
    ]
    assert offenders == []
