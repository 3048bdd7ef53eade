"""Attach the membership the signed-in person is working under to every request, and hold back
everyone who still owes the second step of signing in."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from careers_portal.accounts.models import Membership
from careers_portal.accounts.permissions import second_factor_required

INSTITUTION_SESSION_KEY = "institution_id"
# Whether the signed-in account has an authenticator, noted at sign-in so that pages need not ask
# the database each time (accounts.signals); the services keep it true when it changes.
HAS_SECOND_FACTOR_SESSION_KEY = "has_second_factor"


class MembershipMiddleware:
    """Sets `request.membership` (or None), and ends the session of anyone whose access ended.

    A person with one active membership works in it straight away; with several they choose
    (accounts:choose_institution) and the choice is kept in the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.active_memberships = []
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
        # The two-step sign-in middleware reads them too: the strictest policy of them all applies.
        request.active_memberships = memberships
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


# The pages someone half-way through signing in may still open.
SECOND_STEP_OPEN = {
    "accounts:two_step_code",
    "accounts:two_step_setup",
    "accounts:logout",
    "healthz",
}


class SecondFactorMiddleware:
    """The one place that holds back a signed-in person who still owes the second step.

    Someone with an authenticator who has only typed their password is sent to the code page;
    someone whose roles require two-step sign-in (the strictest policy of their memberships, and
    always for the admin) and who has none yet is sent to set it up, before any other page.
    `request.second_step` says which ("code", "setup" or None) for the layout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.second_step = None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        has_device = request.session.get(HAS_SECOND_FACTOR_SESSION_KEY)
        if has_device is None:
            # A session from before two-step sign-in existed: ask once, then remember.
            has_device = user_has_device(user)
            request.session[HAS_SECOND_FACTOR_SESSION_KEY] = has_device
        if has_device:
            request.second_step = "code"
        elif second_factor_required(
            user,
            request.active_memberships,
            admin=request.path_info.startswith(_admin_prefix()),
        ):
            request.second_step = "setup"
        if request.second_step is None or _url_name(request) in SECOND_STEP_OPEN:
            return self.get_response(request)
        return _send_to(request, f"accounts:two_step_{request.second_step}")


def _admin_prefix() -> str:
    return reverse("admin:index")


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


def _send_to(request, name: str) -> HttpResponse:
    url = reverse(name)
    if request.method == "GET":
        # Back to the page they asked for once the step is done (the view checks it is ours).
        url += "?" + urlencode({"next": request.get_full_path()})
    if request.headers.get("HX-Request"):
        # An htmx swap would put the whole page inside a fragment: have htmx load it instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
