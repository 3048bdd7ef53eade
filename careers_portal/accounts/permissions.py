"""Roles, their capabilities and the access helpers every view goes through.

This module is the only place that knows what a role may do. Views ask for a capability
(`@capability_required("plans.edit")`), templates ask `can.plans_edit`, and objects looked up from a
URL come through `get_for_institution()`, which answers 404 outside the user's institution.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect

from careers_portal.accounts.models import Membership, Role, User
from careers_portal.schools.models import Institution

EVERYONE = frozenset(Role)
LEADER = frozenset({Role.CAREERS_LEADER})
LEADER_AND_SLT = frozenset({Role.CAREERS_LEADER, Role.SLT})

# capability -> roles that have it. Later features add their capabilities here, and only here.
CAPABILITIES: dict[str, frozenset[Role]] = {
    "institution.view": EVERYONE,
    "people.view": EVERYONE,
    "users.manage": LEADER,
    # Who must use two-step sign-in in the institution, and resetting a colleague's.
    "security.manage": LEADER,
    "learners.view": LEADER_AND_SLT,
    "learners.edit": LEADER,
    "plans.view": EVERYONE,
    "plans.edit": LEADER,
    "plans.approve_slt": frozenset({Role.SLT}),
    "plans.approve_governors": frozenset({Role.GOVERNOR}),
    "actions.update_own": frozenset({Role.CAREERS_LEADER, Role.CHAMPION}),
    "benchmarks.view": EVERYONE,
    "benchmarks.edit": LEADER,
    "encounters.view": frozenset({Role.CAREERS_LEADER, Role.CHAMPION, Role.SLT}),
    "encounters.log": frozenset({Role.CAREERS_LEADER, Role.CHAMPION}),
    "encounters.edit_any": LEADER,
    "coverage.view": EVERYONE,
    # Learner-level careers records: who is not covered, a learner's record, guidance meetings.
    "learners.record": LEADER,
    "destinations.view": LEADER_AND_SLT,
    "destinations.edit": LEADER,
    # Cohort figures only, small groups suppressed for those without learners.view (disclosure.py).
    "destinations.summary": frozenset({Role.CAREERS_LEADER, Role.SLT, Role.GOVERNOR}),
    "surveys.view": LEADER_AND_SLT,
    "surveys.edit": LEADER,
    # Survey results: figures with groups under 6 respondents "c" for all but the leader.
    "surveys.results": frozenset({Role.CAREERS_LEADER, Role.SLT, Role.GOVERNOR}),
    # Free text answers: never governors.
    "surveys.free_text": LEADER_AND_SLT,
    "dashboards.view": frozenset({Role.CAREERS_LEADER, Role.SLT, Role.GOVERNOR}),
    "reports.view": frozenset({Role.CAREERS_LEADER, Role.SLT, Role.GOVERNOR}),
    "reports.build": LEADER_AND_SLT,
}


def sees_attendance(membership: Membership, department_id: int | None) -> bool:
    """Whether learners' names and years on an encounter are shown to this person.

    The careers leader and SLT see learners. A champion sees them only on their own department's
    encounters, where they record who attended; never learners' flags, destinations, guidance
    or records (those capabilities are the leader's, above).
    """
    if role_can(membership.role, "learners.view"):
        return True
    return (
        membership.role == Role.CHAMPION
        and department_id is not None
        and membership.department_id == department_id
    )


Policy = Institution.SecondFactorPolicy

# An institution's two-step sign-in policy -> the roles that must use it there. Champions and
# governors hold no learner-level personal data, so the default leaves it their own choice.
SECOND_FACTOR_REQUIRED: dict[str, frozenset[Role]] = {
    Policy.LEADERS_AND_SLT: LEADER_AND_SLT,
    Policy.EVERYONE: EVERYONE,
    Policy.OFF: frozenset(),
}


def second_factor_required(user: User, memberships: list[Membership], *, admin: bool) -> bool:
    """Whether this person must use two-step sign-in: the strictest of their memberships' policies.

    The admin (`admin=True`) reaches every institution's data, so it always requires it.
    """
    if admin and (user.is_staff or user.is_superuser):
        return True
    return any(
        m.role in SECOND_FACTOR_REQUIRED[m.institution.second_factor_policy] for m in memberships
    )


def role_can(role: str, capability: str) -> bool:
    """Whether a role has a capability; an unknown capability is a programming error."""
    return role in CAPABILITIES[capability]


class Can:
    """Capabilities of the current membership, for templates: `{% if can.users_manage %}`."""

    # Templates call callables; without this `can` would render as "" and every check be false.
    do_not_call_in_templates = True

    def __init__(self, membership: Membership | None):
        self._role = membership.role if membership else None

    def __getattr__(self, name: str) -> bool:
        capability = name.replace("_", ".", 1)
        if capability not in CAPABILITIES:
            raise AttributeError(name)
        return self._role is not None and role_can(self._role, capability)

    def __call__(self, capability: str) -> bool:
        return self._role is not None and role_can(self._role, capability)


def capability_required(capability: str) -> Callable:
    """Sign-in, a chosen institution and the capability, checked before the view runs."""
    if capability not in CAPABILITIES:
        raise ValueError(f"Unknown capability {capability!r}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.membership is None:
                return redirect("accounts:choose_institution")
            if not role_can(request.membership.role, capability):
                raise PermissionDenied(f"Your role cannot use {capability}.")
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator


def get_for_institution[M: Model](
    request: HttpRequest, model_or_queryset: type[M] | QuerySet[M], **lookup
) -> M:
    """The object in the current institution matching `lookup`, or 404 (never another's)."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    return get_object_or_404(queryset.for_institution(request.membership.institution), **lookup)
