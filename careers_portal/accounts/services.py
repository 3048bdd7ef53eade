"""Writes on people and memberships: invitations, role changes, deactivation, two-step sign-in."""

from __future__ import annotations

import datetime as dt
import enum
import logging
import re
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from careers_portal import ratelimit
from careers_portal.accounts.models import (
    Membership,
    Role,
    SecondFactorThrottle,
    SecurityEvent,
    User,
    canonical_email,
)
from careers_portal.accounts.permissions import second_factor_required
from careers_portal.accounts.tasks import send_invitation, send_second_factor_reset
from careers_portal.accounts.throttle import client_address
from careers_portal.schools.models import Department, Institution

security_log = logging.getLogger("careers_portal.security")


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


# --- Two-step sign-in ----------------------------------------------------------------------------


def _log(
    kind: str,
    user: User,
    *,
    by: User | None = None,
    institution: Institution | None = None,
    detail: str = "",
) -> SecurityEvent:
    event = SecurityEvent.objects.create(
        kind=kind, user=user, by=by, institution=institution, detail=detail
    )
    security_log.info(
        "%s: user %s by %s in %s %s",
        kind,
        user.pk,
        by.pk if by else "-",
        institution.pk if institution else "-",
        detail,
    )
    return event


# --- The activity log (DOMAIN section 7) -----------------------------------------------------


def record_activity(
    request,
    kind: str,
    *,
    detail: str = "",
    user: User | None = None,
    institution: Institution | None = None,
) -> SecurityEvent:
    """Note who did what, when, from where: never a password, never a learner's details beyond
    the name of what was looked at ("Careers record of learner 1234")."""
    if (
        user is None
        and getattr(request, "user", None) is not None
        and request.user.is_authenticated
    ):
        user = request.user
    membership = getattr(request, "membership", None)
    if institution is None and membership is not None:
        institution = membership.institution
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        by=user,
        institution=institution,
        detail=detail[:200],
        path=request.get_full_path()[:300] if request is not None else "",
        address=client_address(request) if request is not None else None,
    )
    security_log.info(
        "%s: user %s in %s at %s %s",
        kind,
        user.pk if user else "-",
        institution.pk if institution else "-",
        event.path,
        detail,
    )
    return event


def record_learner_access(request, what: str, *, exported: bool = False) -> None:
    """Every view of a learner's record and every download of learners' data is logged."""
    kind = SecurityEvent.Kind.LEARNER_EXPORTED if exported else SecurityEvent.Kind.LEARNER_VIEWED
    record_activity(request, kind, detail=what)


def second_factor_begin(*, user: User) -> TOTPDevice:
    """The authenticator being set up: the same secret on every visit until it is confirmed."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return pending or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


@transaction.atomic
def second_factor_confirm(
    *, user: User, device: TOTPDevice, code: str, institution: Institution | None
) -> list[str]:
    """Turn on the authenticator once it shows the right code; return new recovery codes."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError("Start setting up your authenticator again.")
    if not device.verify_token(_digits(code)):
        raise ValidationError(
            {
                "code": "That code is not right. Type the 6-digit code your authenticator app "
                "shows for Careers Portal now; it changes every 30 seconds."
            }
        )
    # One authenticator per person: setting up a new phone replaces the old one.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _log(SecurityEvent.Kind.SET_UP, user, by=user, institution=institution)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: User, institution: Institution | None) -> list[str]:
    """New recovery codes for someone with an authenticator; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("Set up an authenticator app first.")
    codes = _new_recovery_codes(user)
    _log(SecurityEvent.Kind.NEW_RECOVERY_CODES, user, by=user, institution=institution)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a code typed at the second step of signing in."""

    device: Device | None = None
    paused_until: dt.datetime | None = None
    tries_left: int = 0
    recovery_codes_left: int | None = None

    @property
    def accepted(self) -> bool:
        return self.device is not None


def _digits(code: str) -> str:
    return re.sub(r"\s", "", code)


def _recovery(code: str) -> str:
    # Recovery codes are shown in lower case; people type them in any case, with spaces or dashes.
    return re.sub(r"[\s-]", "", code).lower()


@transaction.atomic
def second_factor_check(*, user: User, code: str) -> CodeCheck:
    """Check a code from the authenticator or a recovery code, with a pause after too many wrong.

    The count is kept per account and locked for the whole check, so that parallel guesses, new
    sessions, other spellings of the email and switching to recovery codes all meet one count.
    As with passwords, the pause does not restart when someone keeps trying during it.
    """
    throttle, _ = SecondFactorThrottle.objects.select_for_update().get_or_create(user=user)
    now = timezone.now()
    if throttle.paused_until and throttle.paused_until > now:
        return CodeCheck(paused_until=throttle.paused_until)
    device = _matching_device(user, code)
    if device is not None:
        throttle.failures = 0
        throttle.paused_until = None
        throttle.save()
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            _log(SecurityEvent.Kind.RECOVERY_CODE_USED, user, detail=f"{left} left")
            return CodeCheck(device=device, recovery_codes_left=left)
        return CodeCheck(device=device)
    throttle.failures += 1
    if throttle.failures >= settings.SECOND_FACTOR_FAILURE_LIMIT:
        throttle.failures = 0
        throttle.paused_until = now + settings.SECOND_FACTOR_COOLOFF_TIME
        throttle.save()
        _log(SecurityEvent.Kind.PAUSED, user)
        return CodeCheck(paused_until=throttle.paused_until)
    throttle.save()
    return CodeCheck(tries_left=settings.SECOND_FACTOR_FAILURE_LIMIT - throttle.failures)


def _matching_device(user: User, code: str) -> Device | None:
    digits = _digits(code)
    if digits.isdigit():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(digits):
                return device
        return None
    recovery = _recovery(code)
    if not recovery:
        return None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(recovery):
            return device
    return None


@transaction.atomic
def second_factor_turn_off(*, user: User, memberships: list[Membership]) -> None:
    """Turn off one's own two-step sign-in, where no role held requires it."""
    if second_factor_required(user, memberships, admin=False):
        raise ValidationError(
            "Your role requires two-step sign-in, so it cannot be turned off. "
            "To use a new phone, set up your authenticator again."
        )
    _remove_second_factor(user)
    _log(SecurityEvent.Kind.TURNED_OFF, user, by=user)


@transaction.atomic
def second_factor_reset(*, membership: Membership, by: User) -> SecurityEvent:
    """A careers leader removes a colleague's authenticator and recovery codes (a lost phone).

    Their sessions end, the reset is recorded and they are emailed; next time they sign in with
    their password they set up an authenticator again if their role requires it.
    """
    user = membership.user
    if user.pk == by.pk:
        raise ValidationError(
            "You cannot reset your own two-step sign-in. Sign in with one of your recovery "
            "codes, then set up your authenticator again. With no codes left, ask another "
            "careers leader or the Careers Portal support team."
        )
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            f"{user} looks after Careers Portal itself: ask the Careers Portal support team."
        )
    if not user_has_second_factor(user):
        raise ValidationError(
            f"{user} has not set up two-step sign-in, so there is nothing to reset."
        )
    _remove_second_factor(user)
    _end_sessions(user)
    event = _log(SecurityEvent.Kind.RESET, user, by=by, institution=membership.institution)
    send_second_factor_reset.delay_on_commit(event.pk)
    return event


@transaction.atomic
def second_factor_reset_by_admin(*, user: User) -> SecurityEvent:
    """A superuser (`manage.py reset_two_step`) recovers someone no leader can, e.g. a leader."""
    _remove_second_factor(user)
    _end_sessions(user)
    event = _log(SecurityEvent.Kind.RESET_BY_ADMIN, user)
    send_second_factor_reset.delay_on_commit(event.pk)
    return event


def user_has_second_factor(user: User) -> bool:
    """Whether the person has a working authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _remove_second_factor(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    SecondFactorThrottle.objects.filter(user=user).delete()


def institution_set_second_factor_policy(
    *, institution: Institution, by: User, policy: str
) -> Institution:
    """Say who must use two-step sign-in in the institution; it applies from their next page."""
    # Read from the database: a bound ModelForm has already put the new value on the instance.
    old = (
        Institution.objects.filter(pk=institution.pk)
        .values_list("second_factor_policy", flat=True)
        .get()
    )
    institution.second_factor_policy = policy
    institution.full_clean()
    institution.save(update_fields=["second_factor_policy"])
    if old != policy:
        _log(
            SecurityEvent.Kind.POLICY_CHANGED,
            by,
            by=by,
            institution=institution,
            detail=f"{old} -> {policy}",
        )
    return institution
