"""One optimistic lock for every form two people may edit (issue 9.11).

Each such model has a `version` column. A form carries the version it was opened at; saving
claims the row with one conditional `UPDATE ... SET version = n + 1 WHERE pk = ... AND version = n`
before writing. If someone saved in between, no row matches, nothing is written, and the editor
gets a conflict page showing both versions, with what they typed kept in the form. A conditional
UPDATE holds on SQLite and PostgreSQL alike (`select_for_update` does nothing on SQLite).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.db import models, transaction
from django.shortcuts import render
from django.template.defaultfilters import date as format_date


class EditConflict(Exception):
    """Someone saved the row after the editor opened it; `saved` is the version now stored."""

    def __init__(self, saved: models.Model):
        super().__init__(f"The {saved._meta.verbose_name} changed since you opened it.")
        self.saved = saved


def claim_version(obj: models.Model, expected_version: int) -> None:
    """Move the stored row from `expected_version` to the next, or raise EditConflict.

    Call it inside the transaction that then writes `obj`, so a refused write undoes the claim.
    """
    model = type(obj)
    claimed = model._base_manager.filter(pk=obj.pk, version=expected_version).update(
        version=models.F("version") + 1
    )
    if claimed != 1:
        raise EditConflict(model._base_manager.get(pk=obj.pk))
    obj.version = expected_version + 1


def save_if_unchanged(obj: models.Model, *, expected_version: int, save: Callable[[], None]):
    """Run `save` (which writes `obj`) only if the stored row is still at `expected_version`.

    The claim and the write are one transaction: a write that fails its rules undoes the claim.
    """
    with transaction.atomic():
        claim_version(obj, expected_version)
        save()


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that carries the version of the row it was opened at (hidden)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]  # a new row has nothing to conflict with
        elif not self.is_bound:
            self.initial["version"] = self.instance.version

    def _update_errors(self, errors) -> None:
        # A model rule may speak of a field this form does not show (a progress form and the
        # action's owner): say it above the form rather than fail on the unknown field.
        if hasattr(errors, "error_dict"):
            shown = {k: v for k, v in errors.error_dict.items() if k in self.fields}
            hidden = [m for k, v in errors.error_dict.items() if k not in self.fields for m in v]
            if hidden:
                errors = forms.ValidationError({**shown, NON_FIELD_ERRORS: hidden})
        super()._update_errors(errors)

    def opened_at(self) -> int:
        """The version the editor opened (the stored one when the form did not say)."""
        return self.cleaned_data.get("version") or self.instance.version

    def model_data(self) -> dict:
        """The cleaned data without the version: the fields to write."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


@dataclass
class ConflictRow:
    field: str
    yours: str
    saved: str

    @property
    def differs(self) -> bool:
        return self.yours != self.saved


def _display(model, name: str, value) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and field.many_to_many:
        items = list(value.all()) if hasattr(value, "all") else list(value or [])
        return ", ".join(str(item) for item in items) or "(none)"
    if value in (None, ""):
        return "(empty)"
    if field is not None and field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return format_date(value, "j F Y")
    return str(value)


def _label(model, name: str) -> str:
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def conflict_rows(saved: models.Model, yours: dict) -> list[ConflictRow]:
    """Field by field: what the editor typed beside what is stored now."""
    model = type(saved)
    return [
        ConflictRow(
            field=_label(model, name),
            yours=_display(model, name, value),
            saved=_display(model, name, getattr(saved, name)),
        )
        for name, value in yours.items()
    ]


def _last_change(saved: models.Model):
    history = getattr(saved, "history", None)
    if history is None:
        return None
    return history.select_related("history_user").order_by("-history_date").first()


def conflict_page(
    request,
    *,
    conflict: EditConflict,
    form: VersionedModelForm,
    yours: dict,
    template: str,
    context: dict,
    what: str,
):
    """The form again (409), with both versions side by side; saving it again keeps yours.

    An htmx request gets 200: htmx swaps only successful responses into the page."""
    saved = conflict.saved
    change = _last_change(saved)
    who = getattr(change, "history_user", None)
    data = request.POST.copy()
    data["version"] = saved.version
    form.data = data  # what was typed stays; the version moves on to the stored one
    messages.error(
        request,
        f"{who or 'Someone'} saved {what} while you were editing it, so your changes have not "
        "been saved yet. Compare the two versions below: save again to keep yours, or go back "
        "to keep theirs.",
    )
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "conflict": {
                "what": what,
                "rows": conflict_rows(saved, yours),
                "by": who,
                "at": getattr(change, "history_date", None),
            },
        },
        status=200 if getattr(request, "htmx", False) else 409,
    )
