"""The permission matrix: every URL pattern x every kind of visitor, with the expected answer.

A new URL pattern without a row here fails `test_it_covers_every_url_pattern`. Visitors are
anonymous, the four roles of the institution, and `outsider`, a careers leader of another
institution: for URLs naming an object of our institution the outsider must get 404, never the
object. "login" means a redirect to the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careers_portal.accounts.models import Membership

VISITORS = ["anonymous", "leader", "champion", "slt", "governor", "outsider"]


@dataclass(frozen=True)
class Row:
    expect: dict[str, int | str]
    kwargs: Callable[[dict], dict] | None = None
    method: str = "get"
    data: Callable[[dict], dict] | dict = field(default_factory=dict)


def everyone(code: int | str, **overrides) -> dict[str, int | str]:
    """The same answer for every signed-in visitor, anonymous sent to sign in, with exceptions."""
    return {"anonymous": "login", **dict.fromkeys(VISITORS[1:], code), **overrides}


def only(codes: dict[str, int | str], otherwise: int = 403, outsider: int | str | None = None):
    """`codes` for the roles named, `otherwise` for the others; the outsider as given."""
    expect = everyone(otherwise, **codes)
    if outsider is not None:
        expect["outsider"] = outsider
    return expect


def membership_of(role: str) -> Callable[[dict], dict]:
    return lambda world: {"pk": Membership.objects.get(user=world[role]).pk}


PUBLIC = {"anonymous": 200, **dict.fromkeys(VISITORS[1:], 200)}
# Signed-in people are sent on from the sign-in page.
SIGN_IN_PAGE = {"anonymous": 200, **dict.fromkeys(VISITORS[1:], 302)}

MATRIX: dict[str, Row] = {
    "home": Row(everyone(200)),
    "healthz": Row(PUBLIC),
    "accounts:login": Row(SIGN_IN_PAGE),
    "accounts:logout": Row({"anonymous": 302, **dict.fromkeys(VISITORS[1:], 302)}, method="post"),
    "accounts:password_change": Row(everyone(200)),
    "accounts:password_change_done": Row(everyone(200)),
    "accounts:password_reset": Row(PUBLIC),
    "accounts:password_reset_done": Row(PUBLIC),
    "accounts:password_reset_confirm": Row(
        PUBLIC, kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "accounts:password_reset_complete": Row(PUBLIC),
    "accounts:choose_institution": Row(everyone(200)),
    "accounts:people": Row(everyone(200)),
    "accounts:invite": Row(only({"leader": 200}, outsider=200)),
    "accounts:membership_edit": Row(
        only({"leader": 200}, outsider=404), kwargs=membership_of("champion")
    ),
    "accounts:membership_deactivate": Row(
        only({"leader": 302}, outsider=404), kwargs=membership_of("champion"), method="post"
    ),
    "accounts:membership_reactivate": Row(
        only({"leader": 302}, outsider=404), kwargs=membership_of("champion"), method="post"
    ),
    # The admin is for the people who run the service (staff), never for a role.
    "admin:*": Row({"anonymous": 302, **dict.fromkeys(VISITORS[1:], 302)}),
}

ADMIN_PROBE = "admin:index"


def _pattern_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                names.add("admin:*")
                continue
            names |= _pattern_names(entry, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>")
    return names


def test_it_covers_every_url_pattern():
    assert _pattern_names(get_resolver()) == set(MATRIX)


@pytest.fixture
def world(role_users, institution, other_institution):
    return {**role_users, "institution": institution, "other_institution": other_institution}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_gives_each_visitor_the_expected_answer(name, visitor, world, client_for):
    row = MATRIX[name]
    url = reverse(ADMIN_PROBE if name == "admin:*" else name, kwargs=row.kwargs(world) if row.kwargs else None)
    data = row.data(world) if callable(row.data) else row.data
    response = getattr(client_for(world[visitor]), row.method)(url, data)
    expected = row.expect[visitor]
    if expected == "login":
        assert response.status_code == 302, (name, visitor, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == expected, (name, visitor, response.status_code)
