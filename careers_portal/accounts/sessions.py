"""How long a signed-in session lasts, and keeping signed-in pages out of every cache.

Staff sign in on shared classroom and staffroom computers. A session ends after a spell without
activity (two hours by default) and, whatever happens, a while after signing in (twelve hours),
as OWASP ASVS level 2 asks. Every response to a signed-in person may carry learners' personal
data, so none of them is kept by the browser or a proxy: one rule here, not a decorator per view.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
# Noting activity writes the session: once a minute is precise enough for a two-hour timeout.
SEEN_RESOLUTION_SECONDS = 60


@receiver(user_logged_in)
def _note_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


def session_expiry_reason(session, now: float) -> str | None:
    """Why this session is over ("idle" or "lifetime"), or None while it may go on."""
    signed_in_at = session.get(SIGNED_IN_AT)
    seen_at = session.get(SEEN_AT, signed_in_at)
    if signed_in_at is None:
        return None
    if now - signed_in_at > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
        return "lifetime"
    if now - seen_at > settings.SESSION_IDLE_TIMEOUT.total_seconds():
        return "idle"
    return None


def _hours(duration) -> str:
    hours = round(duration.total_seconds() / 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"


class SessionLifetimeMiddleware:
    """Ends a session that was idle too long or is too old; keeps signed-in pages uncached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        if signed_in:
            now = timezone.now().timestamp()
            reason = session_expiry_reason(request.session, now)
            if reason is not None:
                return self._sign_out(request, reason)
            if SIGNED_IN_AT not in request.session:
                # A session from before this rule: its lifetime starts now.
                request.session[SIGNED_IN_AT] = now
            if now - request.session.get(SEEN_AT, 0) > SEEN_RESOLUTION_SECONDS:
                request.session[SEEN_AT] = now
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _sign_out(request, reason: str):
        logout(request)
        if reason == "idle":
            text = (
                f"You were signed out after {_hours(settings.SESSION_IDLE_TIMEOUT)} without "
                "activity, to keep learners' information safe. Sign in again to carry on."
            )
        else:
            text = (
                f"You were signed out {_hours(settings.SESSION_ABSOLUTE_LIFETIME)} after "
                "signing in, to keep learners' information safe. Sign in again to carry on."
            )
        messages.info(request, text)
        response = redirect_to_login(request.get_full_path())
        add_never_cache_headers(response)
        return response
