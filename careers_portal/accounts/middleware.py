"""Attach the membership the signed-in person is working under to every request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect

from careers_portal.accounts.models import Membership

INSTITUTION_SESSION_KEY = "institution_id"


class MembershipMiddleware:
    """Sets `request.membership` (or None), and ends the session of anyone whose access ended.

    A person with one active membership works in it straight away; with several they choose
    (accounts:choose_institution) and the choice is kept in the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        user = request.user
        if not user.is_authenticated:
            if SESSION_KEY in request.session:
                # The account was deactivated: the old session must not linger.
                request.session.flush()
            return self.get_response(request)

        memberships = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("institution", "department")
        )
        chosen = request.session.get(INSTITUTION_SESSION_KEY)
        if chosen is not None:
            request.membership = next((m for m in memberships if m.institution_id == chosen), None)
            if request.membership is None:
                # That membership ended since it was chosen.
                request.session.pop(INSTITUTION_SESSION_KEY, None)
        if request.membership is None:
            if len(memberships) == 1:
                request.membership = memberships[0]
                request.session[INSTITUTION_SESSION_KEY] = memberships[0].institution_id
            elif not memberships and not user.is_superuser:
                return self._end_session(request)
        request.has_several_memberships = len(memberships) > 1
        return self.get_response(request)

    @staticmethod
    def _end_session(request):
        logout(request)
        messages.warning(
            request,
            "Your access to Careers Portal has ended. If you think this is a mistake, "
            "ask your careers leader.",
        )
        return redirect("accounts:login")
