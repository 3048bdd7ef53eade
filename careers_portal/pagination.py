"""Every list a page at a time: counts from the database, never a silent cut-off."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def page_of(request, items, per_page: int, *, parameter: str = "page") -> Page:
    """The page of `items` the request asks for (the first for anything malformed or past the
    end); templates show it with `_pagination.html`, whose count comes from the database."""
    return Paginator(items, per_page).get_page(request.GET.get(parameter))
