"""The pages `make bench` measures. A feature adds its page with one line in PAGES.

`role` is who asks for the page (a Role, or None for anonymous); `kwargs` builds the URL's
arguments from the benchmark institution, e.g.
`Page("plan", "plans:detail", Role.SLT, lambda institution: {"pk": plan_of(institution).pk})`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from careers_portal.accounts.models import Role
from careers_portal.schools.models import Institution
from plans.demo import demo_plan


def no_kwargs(institution: Institution) -> dict:
    return {}


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    role: Role | None
    kwargs: Callable[[Institution], dict] = no_kwargs


FLOOR = Page("floor: one indexed query", "bench_floor", None)

PAGES: list[Page] = [
    Page("home: careers leader", "home", Role.CAREERS_LEADER),
    Page("home: careers champion", "home", Role.CHAMPION),
    Page("home: senior leader", "home", Role.SLT),
    Page("home: governor", "home", Role.GOVERNOR),
    Page("plan document: SLT", "plans:detail", Role.SLT, lambda i: {"pk": demo_plan(i).pk}),
    Page(
        "action plan table: leader",
        "plans:actions",
        Role.CAREERS_LEADER,
        lambda i: {"pk": demo_plan(i).pk},
    ),
    Page("encounters coverage: leader", "encounters:coverage", Role.CAREERS_LEADER),
]
