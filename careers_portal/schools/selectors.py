"""Reads about an institution's people and roll, shared by the home pages and later dashboards."""

from __future__ import annotations

from django.db.models import Count, Q

from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import Institution, Learner


def people_by_role(institution: Institution) -> list[dict]:
    """How many active people hold each role, in the order of the Role choices."""
    counts = dict(
        Membership.objects.for_institution(institution)
        .active()
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [{"role": role, "label": role.label, "count": counts.get(role, 0)} for role in Role]


def roll_by_year_group(institution: Institution) -> list[dict]:
    """Learners on roll per year group, with the cohort flags counted in the same query."""
    return list(
        Learner.objects.for_institution(institution)
        .on_roll()
        .values("year_group")
        .annotate(
            learners=Count("id"),
            send=Count("id", filter=~Q(send=Learner.Send.NONE)),
            disadvantaged=Count("id", filter=Q(disadvantaged=True)),
        )
        .order_by("year_group")
    )
