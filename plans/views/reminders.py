"""Each person's choice about the daily reminders email (plans.reminders)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from careers_portal.accounts.permissions import capability_required
from plans import reminders
from plans.forms import ReminderPreferenceForm


@capability_required("institution.view")
def reminder_settings(request: HttpRequest) -> HttpResponse:
    wanted = reminders.digests_wanted(request.user)
    form = ReminderPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"digests": "yes" if wanted else "no"},
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["digests"]
        reminders.set_digests_wanted(user=request.user, wanted=wanted)
        messages.success(
            request,
            "You will get the daily reminders email."
            if wanted
            else "You will not get reminder emails. You can turn them on again here.",
        )
        return redirect("plans:reminders")
    return render(request, "plans/reminder_settings.html", {"form": form, "wanted": wanted})
