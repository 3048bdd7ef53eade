"""An extension point: live evidence beside a self-assessment's criteria, from the apps above us.

benchmarks sits below encounters (and destinations and surveys) and never imports them, yet a
careers leader answers "every pupil has a guidance meeting by 16" from the figures those apps
hold. So each of them registers a provider here in its AppConfig.ready(); the self-assessment pages
ask every provider for what it has and show it beside the criterion it bears on, with its date and
a link to the figures. The leader's judgement stays theirs: evidence never sets a status. With no
provider registered the pages show no evidence and work the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from careers_portal.rag import Colour
from careers_portal.schools.models import Institution


@dataclass(frozen=True)
class EvidenceRequest:
    """What the page asks about: whose self-assessment, which criteria, on which day, for whom."""

    institution: Institution
    version: str
    audience: str
    today: dt.date
    benchmarks: frozenset[int]  # the benchmark numbers the page shows
    role: str  # the reader's role: a provider hides what that role may not see (small groups)


@dataclass(frozen=True)
class EvidenceLine:
    """One figure of the evidence, with its status in words and a colour (never colour alone)."""

    label: str  # "Year 9"
    figure: str  # "34%, 58 of 172"
    status: str = ""  # "Due by July 2027"
    colour: Colour = Colour.GREY


@dataclass(frozen=True)
class Evidence:
    """Live figures that bear on one criterion (by its code, e.g. "8.1")."""

    criterion_code: str
    title: str
    lines: tuple[EvidenceLine, ...]
    summary: str  # the one line "use this as evidence" adds to the evidence notes
    as_of: dt.date
    url: str
    link_text: str


Provider = Callable[[EvidenceRequest], Iterable[Evidence]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (once, however often an app's ready() runs); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    """Remove a provider (tests prove the pages work without one)."""
    if provider in _providers:
        _providers.remove(provider)


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def evidence_for(request: EvidenceRequest) -> dict[str, list[Evidence]]:
    """Every provider's evidence for the page, by criterion code, in the providers' order."""
    found: dict[str, list[Evidence]] = {}
    for provider in _providers:
        for item in provider(request):
            if int(item.criterion_code.split(".")[0]) in request.benchmarks:
                found.setdefault(item.criterion_code, []).append(item)
    return found


def with_summary(notes: str, summary: str) -> str:
    """The evidence notes with the summary added on a line of its own, keeping what is typed.

    Pressing the button twice adds it once: the same summary is never appended again.
    """
    notes = notes.rstrip()
    if summary in notes:
        return notes
    return f"{notes}\n{summary}" if notes else summary
