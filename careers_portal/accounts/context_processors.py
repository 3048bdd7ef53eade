from __future__ import annotations

from careers_portal.accounts.permissions import Can


def membership(request):
    """The current membership and what it may do, for the layout and every page."""
    current = getattr(request, "membership", None)
    return {
        "membership": current,
        "institution": current.institution if current else None,
        "can": Can(current),
        "has_several_memberships": getattr(request, "has_several_memberships", False),
        # "code" or "setup" while the second step of signing in is owed: the layout hides the menu.
        "second_step": getattr(request, "second_step", None),
    }
