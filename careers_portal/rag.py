"""The one status vocabulary of the app: every status shown is words and a colour together.

Plans, benchmarks and encounters all say status with these colours and, where they mean the
same thing, these words, so "red" means the same everywhere and a template never decides a
colour by comparing status strings: it gets a `Status` and shows `{{ status.label }}` in
`{{ status.css }}` (plans/_rag.html does it for you). Lowest layer: it imports no app.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Colour(StrEnum):
    """The badge colours (portal.css and plans-pdf.css define `.status-<colour>`)."""

    GREEN = "green"  # fine: met, on track
    AMBER = "amber"  # needs attention soon
    RED = "red"  # needs attention now: missed, overdue, blocked
    BLUE = "blue"  # finished or informative: done, draft, PAL
    GREY = "grey"  # nothing to judge yet: no date, no data

    @property
    def css(self) -> str:
        return f"status status-{self.value}"


@dataclass(frozen=True)
class Status:
    """A status as people read it: its words, its colour, and how bad it is (higher is worse)."""

    label: str
    colour: Colour
    severity: int = 0

    @property
    def css(self) -> str:
        return self.colour.css

    def __str__(self) -> str:
        return self.label


# Work with a due date: actions, milestones and objectives of the plan (DOMAIN section 4).
# Severity orders "the worst of": an undated item is worse than on track (we cannot tell that it
# is on track, so it is never green) and better than anything that needs attention.
NO_ACTIONS = Status("No actions yet", Colour.GREY, -1)
DONE = Status("Done", Colour.BLUE, 0)
ON_TRACK = Status("On track", Colour.GREEN, 1)
NO_DATE = Status("No date", Colour.GREY, 2)
DUE_SOON = Status("Due soon", Colour.AMBER, 3)
BLOCKED = Status("Blocked", Colour.RED, 4)
OVERDUE = Status("Overdue", Colour.RED, 5)

WORK_STATUSES = (NO_ACTIONS, DONE, ON_TRACK, NO_DATE, DUE_SOON, BLOCKED, OVERDUE)

# Red / amber / green bands of a score (the annual checklist's 0-10, 11-15, 16-20).
RED = Status("Red", Colour.RED, 2)
AMBER = Status("Amber", Colour.AMBER, 1)
GREEN = Status("Green", Colour.GREEN, 0)

# Criteria and rules: met, on the way, not met; or nothing recorded yet.
MET = Status("Met", Colour.GREEN, 0)
IN_PROGRESS = Status("In progress", Colour.AMBER, 1)
NOT_MET = Status("Not met", Colour.RED, 2)
NOT_ANSWERED = Status("Not answered", Colour.GREY, -1)


def worst(statuses, *, empty: Status = NO_ACTIONS) -> Status:
    """The worst of several statuses; `empty` when there are none."""
    statuses = list(statuses)
    return max(statuses, key=lambda status: status.severity) if statuses else empty


def band_colour(percent: int | None, *, green_from: int, amber_from: int) -> Colour:
    """The colour of a percentage against its thresholds; grey when there is nothing to count."""
    if percent is None:
        return Colour.GREY
    if percent >= green_from:
        return Colour.GREEN
    return Colour.AMBER if percent >= amber_from else Colour.RED
