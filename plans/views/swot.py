"""SWOT editing in place: htmx swaps one quadrant; without JavaScript the page reloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careers_portal.accounts.permissions import capability_required, get_for_institution
from plans import selectors, services
from plans.forms import KeyPrioritiesForm, SwotItemForm, SwotTextForm
from plans.models import StrategicPlan, SwotItem


def _swot_page(request, plan, *, priorities_form=None):
    context = {
        "plan": plan,
        "quadrants": selectors.swot_quadrants(plan),
        "priorities_form": priorities_form or KeyPrioritiesForm(instance=plan),
    }
    return render(request, "plans/swot.html", context)


def _quadrant(request, plan, quadrant, *, editing=None, add_form=None, edit_form=None):
    """One quadrant, as an htmx fragment, or the whole page when JavaScript is off."""
    if not request.htmx:
        return redirect(reverse("plans:swot", args=[plan.pk]) + f"#swot-{quadrant}")
    items = list(plan.swot_items.filter(quadrant=quadrant))
    context = {
        "plan": plan,
        "value": quadrant,
        "label": SwotItem.Quadrant(quadrant).label,
        "items": items,
        "editing": editing,
        "add_form": add_form,
        "edit_form": edit_form,
    }
    return render(request, "plans/swot.html#quadrant", context)


@capability_required("plans.edit")
def swot(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for_institution(request, StrategicPlan, pk=pk)
    form = KeyPrioritiesForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.plan_update(plan=plan, by=request.user, **form.cleaned_data)
        messages.success(request, "Key priority areas saved.")
        return redirect(reverse("plans:detail", args=[plan.pk]) + "#swot")
    return _swot_page(request, plan, priorities_form=form)


@require_POST
@capability_required("plans.edit")
def swot_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for_institution(request, StrategicPlan, pk=pk)
    form = SwotItemForm(request.POST)
    if not form.is_valid():
        quadrant = request.POST.get("quadrant")
        if quadrant not in SwotItem.Quadrant.values:
            raise Http404("No such quadrant.")
        if not request.htmx:
            messages.error(request, "Enter the text of the item before adding it.")
        return _quadrant(request, plan, quadrant, add_form=form)
    services.swot_add(plan=plan, **form.cleaned_data)
    return _quadrant(request, plan, form.cleaned_data["quadrant"])


def _item(request, pk) -> SwotItem:
    return get_for_institution(request, SwotItem.objects.select_related("plan"), pk=pk)


@capability_required("plans.edit")
def swot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    posted = request.POST if request.method == "POST" else None
    form = SwotTextForm(posted, initial={"text": item.text})
    if posted is not None and form.is_valid():
        services.swot_update(item=item, text=form.cleaned_data["text"])
        return _quadrant(request, item.plan, item.quadrant)
    if not request.htmx:
        return render(request, "plans/swot_item_edit.html", {"item": item, "form": form})
    return _quadrant(request, item.plan, item.quadrant, editing=item.pk, edit_form=form)


@require_POST
@capability_required("plans.edit")
def swot_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    item = _item(request, pk)
    if direction not in {"up", "down"}:
        raise Http404("Items move up or down.")
    services.swot_move(item=item, direction=direction)
    return _quadrant(request, item.plan, item.quadrant)


@require_POST
@capability_required("plans.edit")
def swot_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    plan, quadrant = item.plan, item.quadrant
    services.swot_remove(item=item)
    return _quadrant(request, plan, quadrant)
