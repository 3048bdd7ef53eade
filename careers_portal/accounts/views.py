"""Sign-in and its second step, the choice of institution, and the management of people."""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from careers_portal.accounts import services
from careers_portal.accounts.forms import (
    ChooseInstitutionForm,
    InviteForm,
    ResetPasswordForm,
    RoleChangeForm,
    SecondFactorCodeForm,
    SecondFactorPolicyForm,
    SecondFactorSetupForm,
    SignInForm,
)
from careers_portal.accounts.middleware import (
    HAS_SECOND_FACTOR_SESSION_KEY,
    INSTITUTION_SESSION_KEY,
)
from careers_portal.accounts.models import Membership, SecurityEvent
from careers_portal.accounts.permissions import (
    capability_required,
    get_for_institution,
    second_factor_required,
)
from careers_portal.accounts.throttle import client_address
from careers_portal.forms import add_errors
from careers_portal.pagination import page_of

# Fresh recovery codes wait here until the person says they have saved them; shown once.
NEW_CODES_SESSION_KEY = "new_recovery_codes"
NEXT_SESSION_KEY = "two_step_next"

sign_in = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=SignInForm,
    redirect_authenticated_user=True,
)
sign_out = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link, a few times an hour per account and per address at most."""

    template_name = "accounts/password_reset.html"
    form_class = ResetPasswordForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        allowed = services.password_reset_allowed(
            email=form.cleaned_data["email"], address=client_address(self.request)
        )
        if allowed is services.ResetAllowed.ADDRESS_LIMIT:
            form.add_error(
                None,
                "Many reset emails were asked for from this network in the last hour. Wait an "
                "hour and try again, or ask your careers leader to invite you again.",
            )
            return self.form_invalid(form)
        if allowed is services.ResetAllowed.ACCOUNT_LIMIT:
            # Said the same as a sent email, so the page never tells who has an account; the
            # person already has recent links in their inbox.
            return redirect(self.success_url)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever chose a new password through the emailed link owns the account: the pause
        # after wrong passwords no longer protects anything and would refuse the new password.
        services.lift_sign_in_pause(form.user)
        return response


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required
def choose_institution(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.active().filter(user=request.user).select_related("institution")
    )
    form = ChooseInstitutionForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        request.session[INSTITUTION_SESSION_KEY] = form.cleaned_data["institution"]
        return redirect("home")
    if request.membership:
        form.initial["institution"] = request.membership.institution_id
    return render(
        request, "accounts/choose_institution.html", {"form": form, "memberships": memberships}
    )


@capability_required("people.view")
def people(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.for_institution(request.membership.institution)
        .select_related("user", "department")
        .annotate(
            has_second_factor=Exists(
                TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
            )
        )
        .order_by("-is_active", "role", "user__first_name", "user__last_name")
    )
    return render(request, "accounts/people.html", {"memberships": memberships})


@capability_required("users.manage")
def invite(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    form = InviteForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_invite(
                institution=institution, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Invitation sent to {membership.user.email}. They choose their password "
                "from the link in the email.",
            )
            return redirect("accounts:people")
    return render(request, "accounts/invite.html", {"form": form})


@capability_required("users.manage")
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_institution(request, Membership.objects.select_related("user"), pk=pk)
    form = RoleChangeForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{membership.user} is now a {membership.role_label}.")
            return redirect("accounts:people")
    return render(request, "accounts/membership_edit.html", {"form": form, "person": membership})


@require_POST
@capability_required("users.manage")
def membership_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_institution(request, Membership.objects.select_related("user"), pk=pk)
    try:
        services.membership_deactivate(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{membership.user} can no longer sign in here. Their sessions have ended."
        )
    return redirect("accounts:people")


@require_POST
@capability_required("users.manage")
def membership_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_institution(request, Membership.objects.select_related("user"), pk=pk)
    services.membership_reactivate(membership=membership)
    messages.success(request, f"{membership.user} can sign in again.")
    return redirect("accounts:people")


# --- Two-step sign-in ----------------------------------------------------------------------------


def _next_url(request: HttpRequest, default: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse_lazy(default)


def _verified(request: HttpRequest, device) -> None:
    django_otp.login(request, device)
    # A new session key once fully signed in, as after the password step.
    request.session.cycle_key()
    request.session[HAS_SECOND_FACTOR_SESSION_KEY] = True


@login_required
def two_step(request: HttpRequest) -> HttpResponse:
    has_second_factor = services.user_has_second_factor(request.user)
    context = {
        "has_second_factor": has_second_factor,
        "recovery_codes_left": StaticToken.objects.filter(device__user=request.user).count(),
        "required": second_factor_required(request.user, request.active_memberships, admin=False),
    }
    return render(request, "accounts/two_step.html", context)


@login_required
def two_step_setup(request: HttpRequest) -> HttpResponse:
    if request.second_step == "code":
        # Replacing an authenticator needs the second step first (or a recovery code).
        return redirect("accounts:two_step_code")
    device = services.second_factor_begin(user=request.user)
    form = SecondFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.second_factor_confirm(
                user=request.user,
                device=device,
                code=form.cleaned_data["code"],
                institution=request.membership.institution if request.membership else None,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            _verified(request, device)
            request.session[NEW_CODES_SESSION_KEY] = codes
            request.session[NEXT_SESSION_KEY] = str(_next_url(request))
            return redirect("accounts:two_step_recovery_codes")
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": secret,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "next": _next_url(request),
        "required": request.second_step == "setup",
    }
    return render(request, "accounts/two_step_setup.html", context)


@login_required
def two_step_code(request: HttpRequest) -> HttpResponse:
    if request.second_step != "code":
        return redirect(_next_url(request))
    if not services.user_has_second_factor(request.user):
        # Turned off or reset from another session since this one signed in.
        request.session[HAS_SECOND_FACTOR_SESSION_KEY] = False
        return redirect(_next_url(request))
    form = SecondFactorCodeForm(request.POST or None)
    paused_until = None
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_check(user=request.user, code=form.cleaned_data["code"])
        if check.accepted:
            _verified(request, check.device)
            if check.recovery_codes_left is not None:
                messages.warning(
                    request,
                    f"You signed in with a recovery code; it cannot be used again. You have "
                    f"{check.recovery_codes_left} left. If you have lost your phone, set up "
                    "your authenticator again now.",
                )
                return redirect("accounts:two_step")
            return redirect(_next_url(request))
        if check.paused_until:
            paused_until = check.paused_until
        else:
            minutes = int(settings.SECOND_FACTOR_COOLOFF_TIME.total_seconds() // 60)
            form.add_error(
                "code",
                "That code is not right. Type the code your app shows now; it changes every "
                f"30 seconds. {check.tries_left} more wrong "
                f"{'code pauses' if check.tries_left == 1 else 'codes pause'} sign-in "
                f"for {minutes} minutes.",
            )
    context = {"form": form, "paused_until": paused_until, "next": _next_url(request)}
    return render(
        request, "accounts/two_step_code.html", context, status=429 if paused_until else 200
    )


@login_required
def two_step_recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.get(NEW_CODES_SESSION_KEY)
    if not codes:
        return redirect("accounts:two_step")
    if request.method == "POST":
        del request.session[NEW_CODES_SESSION_KEY]
        return redirect(request.session.pop(NEXT_SESSION_KEY, None) or "home")
    return render(request, "accounts/two_step_recovery_codes.html", {"codes": codes})


@require_POST
@login_required
def two_step_new_codes(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.recovery_codes_replace(
            user=request.user,
            institution=request.membership.institution if request.membership else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:two_step")
    request.session[NEW_CODES_SESSION_KEY] = codes
    request.session[NEXT_SESSION_KEY] = str(reverse_lazy("accounts:two_step"))
    return redirect("accounts:two_step_recovery_codes")


@require_POST
@login_required
def two_step_turn_off(request: HttpRequest) -> HttpResponse:
    try:
        services.second_factor_turn_off(user=request.user, memberships=request.active_memberships)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        request.session[HAS_SECOND_FACTOR_SESSION_KEY] = False
        messages.success(request, "Two-step sign-in is off. You sign in with your password alone.")
    return redirect("accounts:two_step")


@capability_required("security.manage")
def two_step_policy(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    form = SecondFactorPolicyForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        services.institution_set_second_factor_policy(
            institution=institution,
            by=request.user,
            policy=form.cleaned_data["second_factor_policy"],
        )
        messages.success(
            request,
            "Saved. People whose role now needs two-step sign-in set it up on their next page.",
        )
        return redirect("accounts:people")
    return render(request, "accounts/two_step_policy.html", {"form": form})


@require_POST
@capability_required("security.manage")
def two_step_reset(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_institution(request, Membership.objects.select_related("user"), pk=pk)
    try:
        services.second_factor_reset(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{membership.user}'s two-step sign-in is reset and they have been signed out. "
            "We have emailed them; next time they sign in they set up an authenticator again.",
        )
    return redirect("accounts:people")


ACTIVITY_PER_PAGE = 50


@capability_required("security.manage")
def activity(request: HttpRequest) -> HttpResponse:
    """Who signed in wrongly, was refused a page, or looked at or downloaded learners' data."""
    events = (
        SecurityEvent.objects.for_activity_log(request.membership.institution)
        .select_related("user")
        .order_by("-at", "-pk")
    )
    kinds = SecurityEvent.Kind
    kind = request.GET.get("kind", "")
    if kind in kinds.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    page = page_of(request, events, ACTIVITY_PER_PAGE)
    return render(
        request,
        "accounts/activity.html",
        {"page": page, "kinds": kinds.choices, "kind": kind},
    )
