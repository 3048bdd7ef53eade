"""An extension point: live measures on an objective, from the layer above (insights).

An objective can be measured by live figures that other apps hold (a benchmark's score, a year
group's coverage, the NEET share, a survey question's share agreeing). plans sits below those apps
and never imports them, so insights registers a provider here in its AppConfig.ready(); the plan
document asks every provider for the measures of its objectives and shows each as one line, for
example "from 42% (October 2025) to 71% now, target 80%". With no provider registered the plan
shows no measures and works the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from careers_portal.rag import Colour


@dataclass(frozen=True)
class MeasureLine:
    """One measure of an objective as a reader sees it, its status in words and a colour."""

    label: str  # "Year 10 with a meaningful employer encounter (Benchmark 5)"
    text: str  # "from 42% (October 2025) to 71% now, target 80%"
    status: str = ""  # "On the way to the target"
    colour: Colour = Colour.GREY


@dataclass(frozen=True)
class ObjectiveMeasures:
    """What a provider has for one objective: its lines and, for an editor, where to change them."""

    lines: tuple[MeasureLine, ...]
    manage_url: str = ""
    manage_text: str = ""


# (objectives, today, suppress) -> {objective pk: ObjectiveMeasures}. `suppress` says the reader
# may not see small groups' figures (disclosure.py); a provider shows "c" for them then.
Provider = Callable[[Sequence, dt.date, bool], dict[int, ObjectiveMeasures]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (once, however often an app's ready() runs); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    """Remove a provider (tests prove the plan works without one)."""
    if provider in _providers:
        _providers.remove(provider)


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def attach(objectives: Iterable, today: dt.date, *, suppress: bool = True) -> None:
    """Give each objective `measure_lines` and `measure_links` from every provider."""
    objectives = list(objectives)
    for objective in objectives:
        objective.measure_lines = []
        objective.measure_links = []
    if not objectives:
        return
    by_pk = {objective.pk: objective for objective in objectives}
    for provider in _providers:
        for pk, found in provider(objectives, today, suppress).items():
            objective = by_pk.get(pk)
            if objective is None:
                continue
            objective.measure_lines.extend(found.lines)
            if found.manage_url:
                objective.measure_links.append((found.manage_url, found.manage_text))
