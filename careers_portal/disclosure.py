"""Small numbers suppressed as official statistics do: the one rule for every aggregate page.

DOMAIN section 6: a breakdown whose group has fewer than 6 learners shows "c" instead of its
figures; a true zero stays 0. Suppression applies to people who may not see learner data
(governors, the report, public pages); the careers leader and SLT see the figures themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from careers_portal.accounts.permissions import role_can

SMALL_GROUP = 6
# A count of 1 or 2 in a group large enough to show would still point at one or two learners.
SMALL_COUNT = 3
SUPPRESSED = "c"


def suppresses_for(role: str | None) -> bool:
    """Whether someone in this role sees small groups suppressed: all who may not see learners."""
    return role is None or not role_can(role, "learners.view")


@dataclass(frozen=True)
class Figure:
    """A count out of a denominator, as shown: the figures, or "c" when suppressed."""

    count: int
    of: int
    suppressed: bool

    @property
    def percent(self) -> float | None:
        return None if not self.of else 100 * self.count / self.of

    @property
    def shown_count(self) -> str:
        return SUPPRESSED if self.suppressed else str(self.count)

    @property
    def shown_percent(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.percent is None:
            return "z"  # not applicable: nobody in the group
        return f"{self.percent:.1f}%"


def small_group(of: int) -> bool:
    """A group of some learners, but too few to stay anonymous (an empty group hides nobody)."""
    return 0 < of < SMALL_GROUP


def hides(count: int, of: int) -> bool:
    """Whether "count of `of`" is shown as "c" to someone who may not see learners."""
    return small_group(of) or 0 < count < SMALL_COUNT


def figure(count: int, of: int, *, suppress: bool) -> Figure:
    """One figure, suppressed when shown to someone who must not work out who it is."""
    hidden = suppress and (of == 0 or hides(count, of))
    return Figure(count=count, of=of, suppressed=hidden)
