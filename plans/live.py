"""An extension point: live figures from the apps beside plans, shown beside the current state.

The plan document's "What Careers Portal holds now" box (templates/plans/_live_figures.html)
lists `live_figures`: each a {label, value, source}. plans never imports the apps beside it
(surveys: the latest stakeholder voice), so they register a provider here in their
AppConfig.ready(): provider(institution=, today=) -> list of figures. With none, nothing shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

Provider = Callable[..., Iterable[dict]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (once, however often an app's ready() runs)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def figures_for(*, institution, today: dt.date) -> list[dict]:
    """Every provider's figures for the plan page, in the providers' order."""
    return [f for provider in _providers for f in provider(institution=institution, today=today)]
