"""Note at sign-in whether the account has a second factor, for the two-step sign-in middleware."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django_otp import user_has_device

from careers_portal.accounts.middleware import HAS_SECOND_FACTOR_SESSION_KEY
from careers_portal.accounts.models import SecurityEvent, User, canonical_email


@receiver(user_logged_in, dispatch_uid="accounts_note_second_factor")
def note_second_factor(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[HAS_SECOND_FACTOR_SESSION_KEY] = user_has_device(user)


def _named_account(email) -> tuple[User | None, str]:
    """The account an attempt named, or (None, the address typed) when there is none."""
    email = canonical_email(email)
    user = User.objects.filter(email=email).first() if email else None
    return user, "" if user else email


@receiver(user_login_failed, dispatch_uid="accounts_log_wrong_password")
def log_wrong_password(sender, credentials, request=None, **kwargs):
    # The credentials hold the password typed: only the email is read from them.
    from careers_portal.accounts.services import record_activity

    if request is None:
        return
    user, typed = _named_account(credentials.get(settings.AXES_USERNAME_FORM_FIELD))
    record_activity(request, SecurityEvent.Kind.SIGN_IN_FAILED, user=user, detail=typed)


@receiver(user_locked_out, dispatch_uid="accounts_log_pause")
def log_pause(sender, request, username, ip_address, **kwargs):
    from careers_portal.accounts.services import record_activity

    user, typed = _named_account(username)
    record_activity(request, SecurityEvent.Kind.SIGN_IN_PAUSED, user=user, detail=typed)
