from __future__ import annotations

from urllib.parse import urlsplit

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError

from careers_portal.accounts.models import Membership, Role
from careers_portal.accounts.throttle import address_must_wait
from careers_portal.schools.models import Department, Institution


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": (
            "The email address or password is not right. Check both and try again, "
            "or reset your password."
        ),
        "inactive": "This account has been deactivated. Ask your careers leader.",
        "slowed": (
            "Many wrong passwords came from this network in the last few minutes, so sign-in "
            "from it is slowed down. Wait 10 seconds, then sign in again."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Sign in", css_class="btn-lg"))

    def clean(self):
        if self.request is not None and address_must_wait(self.request):
            raise ValidationError(self.error_messages["slowed"], code="slowed")
        return super().clean()


class ResetPasswordForm(PasswordResetForm):
    def save(self, **kwargs):
        # The link points at SITE_URL, never at the Host header a request brought: a forged
        # Host would otherwise mail a working reset link to someone else's server.
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        return super().save(**kwargs)

    def get_users(self, email: str):
        # Django skips people without a usable password; here those are invited people whose
        # link expired, and asking for a reset is how they get a new one.
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)


class _RoleFields(forms.Form):
    """Role and department, shared by the invitation and the role change."""

    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect)
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        required=False,
        help_text="Careers champions only: the department whose encounters they log.",
    )

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_institution(institution)

    def clean(self):
        data = super().clean()
        if data.get("role") != Role.CHAMPION:
            data["department"] = None
        return data


class InviteForm(_RoleFields):
    email = forms.EmailField(label="Email address")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    field_order = ["first_name", "last_name", "email", "role", "department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Send invitation", css_class="btn-lg"))


class RoleChangeForm(_RoleFields):
    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault("initial", {"role": membership.role, "department": membership.department})
        super().__init__(*args, institution=membership.institution, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save role", css_class="btn-lg"))


class ChooseInstitutionForm(forms.Form):
    institution = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="Work in")

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [
            (m.institution_id, f"{m.institution} ({m.get_role_display()})") for m in memberships
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Continue", css_class="btn-lg"))


class SecondFactorCodeForm(forms.Form):
    """The code from the authenticator app, or a recovery code, at the second step of signing in."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows for Careers Portal, "
        "or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Type the code from your authenticator app."},
    )

    def __init__(self, *args, submit: str = "Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit, css_class="btn-lg"))


class SecondFactorSetupForm(SecondFactorCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, submit="Turn on two-step sign-in", **kwargs)
        field = self.fields["code"]
        field.help_text = "The 6-digit code your authenticator app now shows for Careers Portal."
        field.widget.attrs.update(inputmode="numeric", autofocus=False)


class SecondFactorPolicyForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["second_factor_policy"]
        widgets = {"second_factor_policy": forms.RadioSelect}
        labels = {"second_factor_policy": "Who must use two-step sign-in here"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save", css_class="btn-lg"))
