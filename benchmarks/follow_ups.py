"""An extension point: the work an app above records to follow up a criterion or a statement.

A self-assessment criterion not yet met, or a priority of a maturity review, is where planning
starts. The plan (plans, above us) keeps the actions made from them; benchmarks must not know it
exists, so plans registers a provider here in its AppConfig.ready(). A page asks every provider
for what follows each item it shows, and for a link to start such work, and shows both as they
come: words and a status, never anything a provider's app would have to explain to us.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from careers_portal.rag import Status


@dataclass(frozen=True)
class FollowUp:
    """One piece of follow-up work: what it is, in words, and how it stands."""

    text: str  # "Share the careers plan with governors (priority 1)"
    status: Status


@dataclass(frozen=True)
class StartLink:
    """A link that starts follow-up work from an item: "Turn into a plan action"."""

    label: str
    url: str


@dataclass(frozen=True)
class FollowUps:
    heading: str  # "In the plan"
    items: tuple[FollowUp, ...]
    start: StartLink | None


class Provider(Protocol):
    """What an app above offers. `kind` is "criterion" (a CriterionAnswer) or "statement" (a
    MaturityResponse); the answer maps each item's pk to what follows it, for this reader."""

    def __call__(self, kind: str, items: Sequence, membership) -> dict[int, FollowUps]: ...


_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def attach(kind: str, items: Sequence, membership) -> None:
    """Set `item.follow_ups` (a list of FollowUps, one per provider with something to say) on
    each item, so that a template shows them without knowing where they came from."""
    items = [item for item in items if item is not None and item.pk]
    for item in items:
        item.follow_ups = []
    for provider in _providers:
        found = provider(kind, items, membership)
        for item in items:
            if item.pk in found:
                item.follow_ups.append(found[item.pk])
