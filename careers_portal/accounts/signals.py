"""Note at sign-in whether the account has a second factor, for the two-step sign-in middleware."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import user_has_device

from careers_portal.accounts.middleware import HAS_SECOND_FACTOR_SESSION_KEY


@receiver(user_logged_in, dispatch_uid="accounts_note_second_factor")
def note_second_factor(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[HAS_SECOND_FACTOR_SESSION_KEY] = user_has_device(user)
