"""SWOT editing in place: htmx swaps one quadrant; without JavaScript the page reloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.locking import EditConflict, conflict_page
from plans import selectors, services
from plans.forms import KeyPrioritiesForm, SwotItemForm, SwotTextForm
from plans.models import StrategicPlan, SwotItem


def _swot_context(request, plan, *, priorities_form=None) -> dict:
    return {
        "plan": plan,
        "quadrants": selectors.swot_quadrants(plan),
        "priorities_form": priorities_form or KeyPrioritiesForm(instance=plan),
    }


def _swot_page(request, plan, *, priorities_form=None):
    return render(
        request, "plans/swot.html", _swot_context(request, plan, priorities_form=priorities_form)
    )


def _quadrant(request, plan, quadrant, *, editing=None, add_form=None, edit_form=None):
    """One quadrant, as an htmx fragment, or the whole page when JavaScript is off."""
    if not request.htmx:
        return redirect(reverse("plans:swot", args=[plan.pk]) + f"#swot-{quadrant}")
    context = _quadrant_context(
        plan, quadrant, editing=editing, add_form=add_form, edit_form=edit_form
    )
    return render(request, "plans/swot.html#quadrant", context)


def _quadrant_context(plan, quadrant, *, editing=None, add_form=None, edit_form=None) -> dict:
    return {
        "plan": plan,
        "value": quadrant,
        "label": SwotItem.Quadrant(quadrant).label,
        "items": list(plan.swot_items.filter(quadrant=quadrant)),
        "editing": editing,
        "add_form": add_form,
        "edit_form": edit_form,
    }


@capability_required("plans.edit")
def swot(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for_institution(request, StrategicPlan, pk=pk)
    form = KeyPrioritiesForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan, by=request.user, expected_version=form.opened_at(), **form.model_data()
            )
        except EditConflict as conflict:
            # The SWOT page is many small forms: the conflict shows above the priorities form.
            return conflict_page(
                request,
                conflict=conflict,
                form=form,
                yours=form.model_data(),
                template="plans/swot.html",
                context=_swot_context(request, conflict.saved, priorities_form=form),
                what="this plan",
            )
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
    form = SwotTextForm(posted, initial={"text": item.text, "version": item.version})
    if posted is not None and form.is_valid():
        try:
            services.swot_update(
                item=item,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return _item_conflict(request, form, conflict)
        return _quadrant(request, item.plan, item.quadrant)
    if not request.htmx:
        return render(request, "plans/swot_item_edit.html", {"item": item, "form": form})
    return _quadrant(request, item.plan, item.quadrant, editing=item.pk, edit_form=form)


def _item_conflict(request, form, conflict: EditConflict) -> HttpResponse:
    """The item's edit form again with both texts; saving it again keeps the typed one."""
    saved = conflict.saved
    if request.htmx:
        template = "plans/swot.html#quadrant"
        context = _quadrant_context(saved.plan, saved.quadrant, editing=saved.pk, edit_form=form)
    else:
        template, context = "plans/swot_item_edit.html", {"item": saved}
    return conflict_page(
        request,
        conflict=conflict,
        form=form,
        yours={"text": form.cleaned_data["text"]},
        template=template,
        context={**context, "edit_form": form},
        what="this SWOT item",
    )


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
