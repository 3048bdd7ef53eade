"""Helpers shared by the encounter views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from careers_portal.accounts.permissions import get_for_institution, role_can
from careers_portal.dates import today
from careers_portal.forms import add_errors
from encounters.models import Encounter

__all__ = ["add_errors", "today"]


def logs_for_any_department(request: HttpRequest) -> bool:
    """The leader logs for any department; a champion only for their own."""
    return role_can(request.membership.role, "encounters.edit_any")


def can_edit(request: HttpRequest, encounter: Encounter) -> bool:
    """The leader edits any encounter; a champion those of their own department."""
    if logs_for_any_department(request):
        return True
    department = request.membership.department
    return (
        role_can(request.membership.role, "encounters.log")
        and department is not None
        and encounter.department_id == department.pk
    )


def encounter_for_edit(request: HttpRequest, pk: int) -> Encounter:
    """The encounter (404 outside the institution), or 403 when this person may not change it."""
    encounter = get_for_institution(request, Encounter, pk=pk)
    if not can_edit(request, encounter):
        raise PermissionDenied("Champions change encounters of their own department only.")
    return encounter
