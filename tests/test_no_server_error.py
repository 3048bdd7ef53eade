"""No input, however malformed, answers a server error.

Every URL pattern of the project's own apps (the permission matrix lists them all) is asked for
with malformed, huge, negative and missing ids and query values; then every form the pages show is
found in the page itself and posted garbage in every field, so a new form is covered without a
new test (tests/test_permissions.py holds every URL pattern to the matrix). The admin gets a
smaller smoke set. Anything 5xx fails, with the request that caused it.
"""

from __future__ import annotations

import re
import zlib
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import NoReverseMatch, reverse

from tests.conftest import AUTUMN_TERM_2026, pinned_today
from tests.test_permissions import MATRIX

# The matrix's objects come from factories with typed dates.
_today = pinned_today(AUTUMN_TERM_2026)

HUGE = "99999999999999999999"  # past a 64-bit integer: the database cannot hold it
NASTY = [
    "",
    " ",
    "-1",
    "0",
    HUGE,
    "1e309",
    "NaN",
    "-inf",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31/12/2026",
    "<script>alert(1)</script>",
    "'; DROP TABLE encounters;--",
    "x" * 5000,
    "١٢٣",
    "☃\u202e",
    "%s%n{0}",
    "\x00",
]
QUERY = {
    "page": ["abc", "-1", HUGE],
    "year": ["abc", HUGE, "-5"],
    "year_group": ["abc", HUGE],
    "q": ["\x00", "x" * 3000],
    "department": ["abc", HUGE],
    "learner": ["abc", HUGE],
    "benchmark": ["abc", HUGE],
    "status": ["<b>"],
    "sort": ["'", "-"],
    "date": ["9999-99-99"],
    "from": ["0001-01-01"],
    "to": ["x"],
    "next": ["https://evil.example/"],
    "fmt": ["exe"],
}
ADMIN_SMOKE = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:schools_learner_changelist",
    "admin:plans_strategicplan_changelist",
    "admin:encounters_encounter_changelist",
]


@pytest.fixture
def world(role_users, institution, other_institution):
    return {**role_users, "institution": institution, "other_institution": other_institution}


def _routes(world) -> list[tuple[str, dict]]:
    """(name, valid kwargs) for every project URL, with objects made for it."""
    routes = []
    for name, row in sorted(MATRIX.items()):
        if name == "admin:*":
            continue
        routes.append((name, row.kwargs(world) if row.kwargs else {}))
    return routes


def _malformed(kwargs: dict) -> list[dict]:
    variants = []
    for key, value in kwargs.items():
        if isinstance(value, int):
            for bad in (0, int(HUGE), 2**31, 2**63):
                variants.append({**kwargs, key: bad})
        else:
            for bad in ("x" * 300, "%C3%28", "'\"<>", "0", HUGE):
                variants.append({**kwargs, key: bad})
    return variants


def _urls(name: str, kwargs: dict) -> list[str]:
    urls = []
    for candidate in [kwargs, *_malformed(kwargs)]:
        try:
            urls.append(reverse(name, kwargs=candidate or None))
        except NoReverseMatch:
            continue  # the converter refuses it: the resolver answers 404 by itself
    return urls


def _check(response, what: str, failures: list[str]) -> None:
    if response.status_code >= 500:
        failures.append(f"{response.status_code} for {what}")


def _request(client, method: str, url: str, data, what: str, failures: list[str]):
    try:
        response = getattr(client, method)(url, data)
    except Exception as error:  # the test client re-raises what the view raised
        failures.append(f"{type(error).__name__}: {error} for {what}"[:400])
        return None
    _check(response, what, failures)
    return response


def test_no_url_answers_a_server_error_to_malformed_ids_or_query_values(
    world, client_for, leader, champion
):
    failures: list[str] = []
    visitors = {"leader": client_for(leader), "champion": client_for(champion)}
    for name, kwargs in _routes(world):
        method = MATRIX[name].method
        for url in _urls(name, kwargs):
            for who, client in visitors.items():
                _request(client, method, url, {}, f"{method.upper()} {url} as {who}", failures)
        url = reverse(name, kwargs=kwargs or None)
        for key, values in QUERY.items():
            for value in values:
                query = urlencode({key: value})
                _request(
                    visitors["leader"],
                    "get",
                    f"{url}?{query}",
                    None,
                    f"GET {url}?{query}"[:200],
                    failures,
                )
    assert not failures, "\n".join(failures)


def test_the_admin_answers_no_server_error_to_malformed_values(admin_client, world):
    failures: list[str] = []
    for name in ADMIN_SMOKE:
        url = reverse(name)
        for value in ("abc", HUGE, "\x00", "'"):
            for key in ("q", "p", "o", "id__exact", "institution__id__exact"):
                query = urlencode({key: value})
                _request(
                    admin_client, "get", f"{url}?{query}", None, f"GET {url}?{query}", failures
                )
    for model in ("accounts/user", "schools/learner", "plans/strategicplan"):
        for bad in ("abc", HUGE, "-1"):
            url = f"/admin/{model}/{bad}/change/"
            _request(admin_client, "get", url, None, f"GET {url}", failures)
    assert not failures, "\n".join(failures)


class _Forms(HTMLParser):
    """The forms of a page: their method, action and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attributes.get("method") or "get").lower(),
                "action": attributes.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._current)
        elif tag in {"input", "select", "textarea"} and self._current is not None:
            name = attributes.get("name")
            kind = (attributes.get("type") or tag).lower()
            if name and kind not in {"submit", "button", "image", "reset"}:
                self._current["fields"].setdefault(name, attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _forms_on(page: str) -> list[dict]:
    parser = _Forms()
    parser.feed(page)
    return parser.forms


# The crawl below posts thousands of requests: split in parts, so the test workers share it.
CRAWL_PARTS = 6


def _crawled(name: str, part: int) -> bool:
    """Whether URL `name` is in this part of the crawl (the same answer on every run)."""
    return zlib.crc32(name.encode()) % CRAWL_PARTS == part


@pytest.mark.parametrize("part", range(CRAWL_PARTS))
def test_no_form_answers_a_server_error_to_garbage_in_any_field(part, world, client_for, leader):
    """Found from the pages themselves: every form a GET page shows to the careers leader."""
    client = client_for(leader)
    failures: list[str] = []
    seen: set[tuple[str, str, tuple]] = set()
    posted = 0
    for name, kwargs in _routes(world):
        if MATRIX[name].method != "get" or name.endswith(("_export", "export", "pdf")):
            continue
        if not _crawled(name, part):
            continue
        url = reverse(name, kwargs=kwargs or None)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in _forms_on(response.content.decode()):
            action = form["action"] or url
            if urlsplit(action).netloc or "logout" in action or "sign-out" in action:
                continue
            fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
            key = (form["method"], re.sub(r"\d+", "N", action), tuple(sorted(fields)))
            if key in seen or not fields:
                continue
            seen.add(key)
            method = "post" if form["method"] == "post" else "get"
            # Every field at once with each nasty value, then each field alone with each.
            attempts = [dict.fromkeys(fields, value) for value in NASTY]
            attempts += [{**fields, field: value} for field in fields for value in NASTY[:8]]
            attempts.append({})
            for data in attempts:
                posted += 1
                what = f"{method.upper()} {action} from {url} with {str(data)[:160]}"
                _request(client, method, action, data, what, failures)
    assert posted > 200 / CRAWL_PARTS, "the crawl found too few forms: is the leader signed in?"
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"
