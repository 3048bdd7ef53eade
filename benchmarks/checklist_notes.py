"""An extension point: what apps above record that bears on an item of the annual checklist.

Item 4, "Annual Careers Plan agreed by Governing Body", is true when the governors approved this
year's plan; the approval is recorded in plans, above us, which benchmarks must not import. So
plans registers a provider here in its AppConfig.ready(); the checklist page asks every provider
for its notes on the year's items and shows them beside the tick, in words and a status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from careers_portal.rag import Status

# The item the plan's governors' approval answers (seed 004's checklist, item 4).
PLAN_AGREED_BY_GOVERNORS = 4


@dataclass(frozen=True)
class ChecklistNote:
    text: str  # "Governors approved Strategic Careers Plan (2025-2028), version 2, on 3 March 2026"
    status: Status
    url: str = ""  # where to see it, if anywhere


class Provider(Protocol):
    """Notes by item number for one institution's academic year."""

    def __call__(
        self, *, institution, academic_year, item_numbers: Sequence[int]
    ) -> dict[int, list[ChecklistNote]]: ...


_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def notes_for(*, institution, academic_year, items: Sequence) -> dict[int, list[ChecklistNote]]:
    """Every provider's notes, by item number (an item with none is left out)."""
    numbers = [item.number for item in items]
    notes: dict[int, list[ChecklistNote]] = {}
    for provider in _providers:
        found = provider(institution=institution, academic_year=academic_year, item_numbers=numbers)
        for number, more in found.items():
            notes.setdefault(number, []).extend(more)
    return notes
