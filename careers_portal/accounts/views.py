"""Sign-in, the choice of institution, and the careers leader's management of people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from careers_portal.accounts import services
from careers_portal.accounts.forms import (
    ChooseInstitutionForm,
    InviteForm,
    ResetPasswordForm,
    RoleChangeForm,
    SignInForm,
)
from careers_portal.accounts.middleware import INSTITUTION_SESSION_KEY
from careers_portal.accounts.models import Membership
from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.accounts.throttle import client_address
from careers_portal.forms import add_errors

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
