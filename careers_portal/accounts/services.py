"""Writes on people and memberships: invitations, role changes, deactivation."""

from __future__ import annotations

import datetime as dt
import enum

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careers_portal import ratelimit
from careers_portal.accounts.models import Membership, Role, User, canonical_email
from careers_portal.accounts.tasks import send_invitation
from careers_portal.schools.models import Department, Institution


def _check_department(institution: Institution, role: str, department: Department | None) -> None:
    if department is not None and department.institution_id != institution.pk:
        raise ValidationError({"department": "Choose a department of your own institution."})
    if role != Role.CHAMPION and department is not None:
        raise ValidationError({"department": "Only careers champions belong to a department."})


@transaction.atomic
def membership_invite(
    *,
    institution: Institution,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    department: Department | None = None,
) -> Membership:
    """Give a person a role in the institution and email them a link to set their password."""
    _check_department(institution, role, department)
    email = canonical_email(email)
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    else:
        existing = Membership.objects.filter(user=user, institution=institution).first()
        if existing and existing.is_active:
            message = f"{email} already has access to {institution}. Change their role instead."
            raise ValidationError({"email": message})
        if existing:
            raise ValidationError(
                {"email": f"{email} was deactivated here. Reactivate them from the people page."}
            )
    membership = Membership(
        user=user, institution=institution, role=role, department=department, invited_by=by
    )
    membership.full_clean()
    membership.save()
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    send_invitation.delay_on_commit(membership.pk)
    return membership


def membership_change_role(
    *, membership: Membership, by: User, role: str, department: Department | None
) -> Membership:
    """Change what a person may do in the institution."""
    if membership.user_id == by.pk and role != Role.CAREERS_LEADER:
        # Otherwise an institution could be left with nobody who can manage people.
        raise ValidationError("You cannot change your own role. Ask another careers leader.")
    if role != Role.CHAMPION:
        department = None
    _check_department(membership.institution, role, department)
    membership.role = role
    membership.department = department
    membership.full_clean()
    membership.save(update_fields=["role", "department"])
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, by: User) -> None:
    """End a person's access to the institution at once, including sessions already open."""
    if membership.user_id == by.pk:
        raise ValidationError("You cannot deactivate yourself. Ask another careers leader.")
    updated = Membership.objects.filter(pk=membership.pk, is_active=True).update(
        is_active=False, deactivated_at=timezone.now()
    )
    if not updated:
        return
    user = membership.user
    if not user.memberships.filter(is_active=True).exists() and not user.is_superuser:
        user.is_active = False
        user.save(update_fields=["is_active"])
        _end_sessions(user)


def membership_reactivate(*, membership: Membership) -> None:
    """Give a deactivated person their access back, with the role they had."""
    Membership.objects.filter(pk=membership.pk).update(is_active=True, deactivated_at=None)
    User.objects.filter(pk=membership.user_id).update(is_active=True)


def _end_sessions(user: User) -> None:
    # Database sessions are opaque, so decode them; the table is small (12-hour sessions) and this
    # runs only on deactivation. The membership middleware also ends any session it meets later.
    user_id = str(user.pk)
    stale = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(session_key__in=stale).delete()


# --- Password reset -------------------------------------------------------------------------


class ResetAllowed(enum.Enum):
    YES = "yes"
    ACCOUNT_LIMIT = "account"
    ADDRESS_LIMIT = "address"


def password_reset_allowed(*, email: str, address: str | None) -> ResetAllowed:
    """Count a reset request against its account and its address (both, every time)."""
    hour = dt.timedelta(hours=1)
    for_address = ratelimit.attempt(
        "password-reset-address",
        address or "unknown",
        limit=settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
        window=hour,
    )
    for_account = ratelimit.attempt(
        "password-reset-account",
        canonical_email(email),
        limit=settings.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR,
        window=hour,
    )
    if not for_address:
        return ResetAllowed.ADDRESS_LIMIT
    if not for_account:
        return ResetAllowed.ACCOUNT_LIMIT
    return ResetAllowed.YES


def lift_sign_in_pause(user: User) -> None:
    """Forget the wrong passwords counted against this account, from every address."""
    axes_reset(username=canonical_email(user.email))
