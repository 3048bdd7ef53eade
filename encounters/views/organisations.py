"""Organisations: the list, an organisation's page, and its contacts (the people asked for
feedback after an encounter). Whoever logs encounters (the leader and champions), who add
organisations, also add, change and remove their contacts; SLT read them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careers_portal.accounts.permissions import (
    capability_required,
    get_for_institution,
    role_can,
)
from careers_portal.pagination import page_of
from encounters import selectors, services
from encounters.forms import ContactForm
from encounters.models import Organisation, OrganisationContact
from encounters.views._helpers import add_errors

ORGANISATIONS_PER_PAGE = 50


@capability_required("encounters.view")
def organisation_list(request: HttpRequest) -> HttpResponse:
    page = page_of(
        request,
        selectors.organisation_list(request.membership.institution),
        ORGANISATIONS_PER_PAGE,
    )
    return render(
        request,
        "encounters/organisation_list.html",
        {"organisations": page.object_list, "page": page},
    )


@capability_required("encounters.view")
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_for_institution(request, Organisation, pk=pk)
    return _organisation_page(request, organisation, ContactForm(prefix="contact"))


def _organisation_page(request, organisation, form, status: int = 200) -> HttpResponse:
    return render(
        request,
        "encounters/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": organisation.contact_people.all(),
            "encounters": selectors.organisation_encounters(organisation),
            "form": form,
            "editable": role_can(request.membership.role, "encounters.log"),
        },
        status=status,
    )


@require_POST
@capability_required("encounters.log")
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_for_institution(request, Organisation, pk=pk)
    form = ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            contact = services.contact_add(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{contact.name} added to {organisation}'s contacts.")
            return redirect(organisation.get_absolute_url() + "#contacts")
    # What was typed stays in the form, with what to fix.
    return _organisation_page(request, organisation, form, status=200)


def _contact(request, pk: int, contact_pk: int) -> tuple[Organisation, OrganisationContact]:
    organisation = get_for_institution(request, Organisation, pk=pk)
    return organisation, get_object_or_404(organisation.contact_people, pk=contact_pk)


@capability_required("encounters.log")
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation, contact = _contact(request, pk, contact_pk)
    form = ContactForm(request.POST or None, instance=contact, prefix="contact")
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_change(contact=contact, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{contact.name}'s details saved.")
            return redirect(organisation.get_absolute_url() + "#contacts")
    return render(
        request,
        "encounters/contact_form.html",
        {"organisation": organisation, "contact": contact, "form": form},
    )


@require_POST
@capability_required("encounters.log")
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organisation, contact = _contact(request, pk, contact_pk)
    services.contact_remove(contact=contact)
    messages.success(request, f"{contact.name} removed from {organisation}'s contacts.")
    return redirect(organisation.get_absolute_url() + "#contacts")
