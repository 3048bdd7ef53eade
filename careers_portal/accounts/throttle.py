"""Who a sign-in attempt is for, as django-axes counts wrong passwords."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from careers_portal import ratelimit
from careers_portal.accounts.models import canonical_email

# One address trying many accounts (a pupil at a school's shared address, or a script) is slowed
# down, never paused: after this many wrong passwords from it in the window, it may try once in
# each short interval, so that the staff behind the same address can still sign in.
ADDRESS_FAILURES_BEFORE_SLOWING = 30
ADDRESS_FAILURE_WINDOW = dt.timedelta(minutes=10)
SLOWED_INTERVAL = dt.timedelta(seconds=10)


def username_for_pause(request, credentials: dict | None = None) -> str:
    """The account an attempt names, spelt as stored: one pause for every spelling of an email.

    Without this, axes keeps a count per exact spelling, and `Leader@…` gets five more guesses
    after `leader@…` was paused (then signs in and clears the pause).
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and field in credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "POST", {}).get(field) if request is not None else None
    return canonical_email(typed)


def client_address(request) -> str | None:
    """The visitor's address, read through exactly TRUSTED_PROXY_COUNT reverse proxies.

    Behind the documented proxy every connection comes from the proxy, so REMOTE_ADDR alone would
    give every visitor one address. Each trusted proxy appends the address it received the request
    from to X-Forwarded-For; the entry that many places from the right is the one the nearest
    trusted proxy saw. Entries further left are typed by the visitor and never trusted.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        # Not through all of our proxies: a request straight to the app server.
        return remote
    return forwarded[-count]


@receiver(user_login_failed)
def _count_failure_from_address(sender, credentials, request=None, **kwargs):
    if request is not None:
        ratelimit.attempt(
            "sign-in-failures",
            client_address(request) or "unknown",
            limit=ADDRESS_FAILURES_BEFORE_SLOWING,
            window=ADDRESS_FAILURE_WINDOW,
        )


def address_must_wait(request) -> bool:
    """Whether this attempt comes too soon from an address that has failed many times."""
    address = client_address(request) or "unknown"
    failures = ratelimit.count("sign-in-failures", address, window=ADDRESS_FAILURE_WINDOW)
    if failures < ADDRESS_FAILURES_BEFORE_SLOWING:
        return False
    return not ratelimit.attempt("sign-in-slowed", address, limit=1, window=SLOWED_INTERVAL)
