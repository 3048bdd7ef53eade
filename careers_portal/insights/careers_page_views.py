"""The statutory careers page: the public page, the careers leader's editor and its HTML."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from careers_portal import locking
from careers_portal.accounts.permissions import capability_required
from careers_portal.dates import today
from careers_portal.insights import careers_page
from careers_portal.insights.careers_page_forms import CareersPageForm

PUBLIC_TEMPLATE = "insights/careers_page_public.html"


def public(request: HttpRequest, pk: int) -> HttpResponse:
    """The published page of institution `pk`: no sign-in, no learner data."""
    page = careers_page.published_page(pk)
    if page is None:
        raise Http404("This institution has not published its careers information here.")
    return render(request, PUBLIC_TEMPLATE, {"c": careers_page.content(page, today())})


@capability_required("careers_page.edit")
def edit(request: HttpRequest) -> HttpResponse:
    institution = request.membership.institution
    page = careers_page.page_for(institution)
    form = CareersPageForm(
        request.POST if request.method == "POST" else None,
        instance=page,
        institution=institution,
    )
    context = {
        "page": page,
        "public_url": request.build_absolute_uri(page.get_absolute_url()),
        "published_status": careers_page.PUBLISHED,
        "draft_status": careers_page.NOT_PUBLISHED,
    }
    if request.method == "POST" and form.is_valid():
        data = form.model_data()
        try:
            careers_page.page_save(
                page=page, by=request.user, expected_version=form.opened_at(), **data
            )
        except locking.EditConflict as conflict:
            return locking.conflict_page(
                request,
                conflict=conflict,
                form=form,
                yours=data,
                template="insights/careers_page_edit.html",
                context=context,
                what="the careers page",
            )
        messages.success(
            request,
            "Careers page saved and published."
            if page.published
            else "Careers page saved. "
            "It is not published: tick \u201cPublish this page\u201d when it is ready.",
        )
        return redirect("insights:careers_page_edit")
    return render(request, "insights/careers_page_edit.html", {**context, "form": form})


@capability_required("careers_page.edit")
def html(request: HttpRequest) -> HttpResponse:
    """The page's HTML to paste into the school's own website."""
    page = careers_page.page_for(request.membership.institution)
    snippet = ""
    if page.pk:
        snippet = render_to_string(
            f"{PUBLIC_TEMPLATE}#statement",
            {"c": careers_page.content(page, today())},
        ).strip()
    return render(
        request,
        "insights/careers_page_html.html",
        {"page": page, "snippet": snippet, "public_url": page.get_absolute_url()},
    )
