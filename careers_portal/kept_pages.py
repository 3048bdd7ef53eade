"""Whole read pages kept between requests, for the pages whose rendering costs the most
(issue 14): the plan document, the coverage and programme pages, the dashboards.

Their figures are already kept (figure_cache.py); what is left on each view is rendering a
template of thousands of nodes. `@kept_page` keeps the rendered page itself, in the same
figures cache and under the same data version, so any write anywhere shows on the next view.

What a kept page is keyed on, so that nobody is ever shown a page made for someone else:
- the view, the path and its query string (filters, the page of a list), less the parameters
  only a live part reads (below);
- the person, their membership (institution and role) and whether they owe the second step of
  signing in (the layout hides the menu while they do);
- the day (overdue, this term, "this year" all change at midnight).

What is never kept: anything but a GET; an htmx request (it asks for a fragment); a page with
messages to show, before or after its view (they are shown once); a query with a parameter the
page does not read; an answer that is not a 200 HTML page or that sets a cookie; a page whose
making wrote to the database (figure_cache does not keep those either).

A part of a page that names learners (the destinations page's leavers to follow up) is a live
part: kept_page(live={name: make}) and live_part(name) in the page's context. The page is kept
with a placeholder where the part goes, and `make(request)` fills it in for every answer, so
learners' details never reach the cache and the rest of the page is still kept.

The CSRF token differs per person and per request: a page is rendered for keeping with a
placeholder in its place (csrf_placeholder, a context processor), and every answer, kept or
not, carries the asker's own token.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

from careers_portal.dates import today
from careers_portal.figure_cache import remembered

# Not guessable from outside (a page's own text cannot be made to hold it by chance), the same
# in every process (a page kept by one replica is served by another), and letters and digits
# only, so that no filter (escapejs, urlencode) on the way into a page can change it.
PLACEHOLDER = (
    "keptpagecsrf" + hashlib.sha256(f"kept-page:{settings.SECRET_KEY}".encode()).hexdigest()
)
_RENDERING = "_kept_page_rendering"
# A query value longer than this is no filter a page offers: such a page is made, not kept.
LONGEST_KEPT_VALUE = 40


@dataclass(frozen=True)
class KeptPage:
    # Compressed: a page of the programme journey is 120 KB of HTML and about 12 KB so, and a
    # shared Redis holds one per person and page for up to FIGURE_CACHE_SECONDS.
    compressed: bytes
    content_type: str

    def response(self) -> HttpResponse:
        return HttpResponse(zlib.decompress(self.compressed), content_type=self.content_type)


def csrf_placeholder(request: HttpRequest) -> dict:
    """Context processor: while a page is rendered for keeping, its CSRF token is a placeholder
    (after Django's own csrf processor, so it stands in for the real token)."""
    return {"csrf_token": PLACEHOLDER} if getattr(request, _RENDERING, False) else {}


def _live_marker(name: str) -> str:
    return "keptpagelive" + hashlib.sha256(f"{PLACEHOLDER}:{name}".encode()).hexdigest()


def live_part(name: str) -> str:
    """Where the live part `name` goes in a kept page: its view puts this in the context, and
    the `make` given to kept_page(live=...) fills it in for every answer, kept or made."""
    return mark_safe(_live_marker(name))


LivePart = Callable[[HttpRequest], str]


def kept_page(
    view: Callable | None = None,
    *,
    params: tuple[str, ...] = (),
    live: dict[str, LivePart] | None = None,
    live_params: tuple[str, ...] = (),
) -> Callable:
    """Keep the page `view` renders for a GET until the data changes (see the module's notes).

    `params` are the query parameters the page reads (its filters, `page` of a list): a query
    with any other, a repeated or an overlong one is made and not kept, so that junk in the
    query string cannot fill the cache. Goes inside the permission decorators: who may see the
    page is checked on every request. `live` names the page's live parts and what makes each
    from the request alone (it is called whether the page was kept or made); `live_params` are
    the query parameters only the live parts read (`page` of a list in one): allowed, and left
    out of the key, so that every page of that list is served from the one kept page."""
    if view is None:
        return lambda view: kept_page(view, params=params, live=live, live_params=live_params)
    live = live or {}
    if getattr(view, "capability", None):
        # Outside the permission check, a kept page would be served before it ran.
        raise ImproperlyConfigured(
            f"@kept_page goes inside @capability_required on {view.__qualname__}"
        )

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _may_keep(request, (*params, *live_params)):
            return _with_live_parts(request, view(request, *args, **kwargs), live)

        def render() -> KeptPage | HttpResponse:
            setattr(request, _RENDERING, True)
            try:
                response = view(request, *args, **kwargs)
                return _as_kept(request, response) or response  # a TemplateResponse renders
            finally:
                setattr(request, _RENDERING, False)

        made = remembered(
            _key(request, view, live_params), render, keep=lambda made: isinstance(made, KeptPage)
        )
        response = made.response() if isinstance(made, KeptPage) else made
        response = _with_live_parts(request, response, live)
        if not getattr(response, "streaming", False) and PLACEHOLDER.encode() in response.content:
            response.content = response.content.replace(
                PLACEHOLDER.encode(), get_token(request).encode()
            )
        return response

    wrapped.keeps_page = True
    return wrapped


def _with_live_parts(
    request: HttpRequest, response: HttpResponse, live: dict[str, LivePart]
) -> HttpResponse:
    """Each live part's placeholder in the answer replaced by the part, made now."""
    if not live or getattr(response, "streaming", False):
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    for name, make in live.items():
        marker = _live_marker(name).encode()
        if marker in response.content:
            response.content = response.content.replace(marker, make(request).encode())
    return response


def _may_keep(request: HttpRequest, params: tuple[str, ...]) -> bool:
    membership = getattr(request, "membership", None)
    return (
        request.method == "GET"
        and membership is not None
        and not getattr(request, "htmx", False)
        and not len(messages.get_messages(request))
        and all(
            name in params and len(values) == 1 and len(values[0]) <= LONGEST_KEPT_VALUE
            for name, values in request.GET.lists()
        )
    )


def _key(request: HttpRequest, view: Callable, live_params: tuple[str, ...] = ()) -> tuple:
    membership = request.membership
    query = sorted((k, v) for k, v in request.GET.items() if k not in live_params)
    return (
        "kept_pages.page",
        f"{view.__module__}.{view.__qualname__}",
        request.path,
        tuple(query),
        request.user.pk,
        membership.pk,
        membership.institution_id,
        str(membership.role),
        getattr(request, "second_step", None),
        today().isoformat(),
    )


def _as_kept(request: HttpRequest, response: HttpResponse) -> KeptPage | None:
    """The answer as it can be kept, or None when it must not be."""
    if (
        response.status_code != 200
        or getattr(response, "streaming", False)
        or response.cookies
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return None
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if len(messages.get_messages(request)):  # a message the view added: never kept
        return None
    return KeptPage(zlib.compress(response.content, 1), response["Content-Type"])
