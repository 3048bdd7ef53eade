"""Who a sign-in attempt is for, as django-axes counts wrong passwords."""

from __future__ import annotations

from django.conf import settings

from careers_portal.accounts.models import canonical_email


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
