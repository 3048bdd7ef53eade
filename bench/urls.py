"""The project's URLs plus the floor view that every page is compared with."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from careers_portal.schools.models import Institution
from careers_portal.urls import handler403, handler404, handler500
from careers_portal.urls import urlpatterns as project_urls

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def floor(request: HttpRequest) -> HttpResponse:
    """The least a page can cost here: the middleware stack and one indexed query."""
    found = Institution.objects.filter(pk=1).exists()
    return HttpResponse(b"yes" if found else b"no", content_type="text/plain")


urlpatterns = [*project_urls, path("bench/floor", floor, name="bench_floor")]
