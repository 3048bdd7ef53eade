"""An extension point: what each app carries into a new academic year, previewed and then applied.

"Start the new academic year" belongs to schools (learners move up a year, leavers leave), but the
careers leader expects one page that also carries the annual checklist, the careers programme and
the plan's recurring milestones into the new year. Those live in apps above schools, which schools
never imports; so each of them registers a step here in its AppConfig.ready(). The new-year page
asks every step for its preview, shows the counts and the lists behind them, and on "Apply" calls
each step's apply() inside the one transaction the caller holds: all or nothing.

A step's apply() must be idempotent: running the new year twice changes nothing the second time
(check for what is already carried, by a unique constraint or an existence test, never by hope).
With no step registered the page still moves learners up and works the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from careers_portal.accounts.models import User
    from careers_portal.schools.models import AcademicYear, Institution


@dataclass(frozen=True)
class NewYearChange:
    """One line of the preview (or of the report after applying), in the careers leader's words."""

    label: str  # "Plan milestones that recur each year, carried into 2027/28"
    count: int
    items: Sequence[str] = field(default_factory=tuple)  # what lies behind the count, to list
    warning: str = ""  # something the leader should know before applying ("3 have no owner")


class NewYearStep(Protocol):
    """What an app carries into the new year. `name` orders and labels its section of the page."""

    name: str  # "Plan", "Careers programme", "Annual checklist"

    def preview(
        self, *, institution: Institution, from_year: AcademicYear, to_year: AcademicYear
    ) -> list[NewYearChange]:
        """What apply() would do, changing nothing."""
        ...

    def apply(
        self,
        *,
        institution: Institution,
        from_year: AcademicYear,
        to_year: AcademicYear,
        by: User | None,
    ) -> list[NewYearChange]:
        """Do it inside the caller's transaction; idempotent; return what was done."""
        ...


_steps: list[NewYearStep] = []


def register(step: NewYearStep) -> NewYearStep:
    """Add a step (once, however often an app's ready() runs)."""
    if not any(type(existing) is type(step) for existing in _steps):
        _steps.append(step)
    return step


def unregister(step: NewYearStep) -> None:
    """Remove a step (tests prove the new year works without one)."""
    _steps[:] = [existing for existing in _steps if type(existing) is not type(step)]


def steps() -> tuple[NewYearStep, ...]:
    return tuple(_steps)
