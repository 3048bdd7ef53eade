"""Unknown addresses and server errors get our own styled pages, not Django's bare ones."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import include, path, reverse

from careers_portal import urls as project_urls


def _boom(request):
    raise RuntimeError("something broke")


# A test-only urlconf: the project's URLs plus a view that fails, with the project's handlers.
urlpatterns = [
    path("", include(project_urls)),
    path("test-only/boom/", _boom),
]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500

LAYOUT_MARKERS = ['<header class="portal-header">', 'href="/static/css/portal.css"']


def _assert_in_layout(content: str) -> None:
    for marker in LAYOUT_MARKERS:
        assert marker in content, marker


def test_it_shows_the_styled_404_page_for_an_unknown_address(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert "<title>Page not found \N{EN DASH} Careers Portal</title>" in content
    assert "check it is correct" in content
    _assert_in_layout(content)


def test_it_shows_the_styled_404_page_to_a_signed_in_person_with_the_menu(client_for, leader):
    response = client_for(leader).get("/accounts/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert "Sign out" in content
    _assert_in_layout(content)


def test_it_shows_the_styled_403_page(client_for, governor):
    response = client_for(governor).get(reverse("accounts:invite"))

    assert response.status_code == 403
    content = response.content.decode()
    assert "<h1>You cannot use this page</h1>" in content
    _assert_in_layout(content)


@pytest.mark.urls("tests.test_errors")
def test_it_shows_the_styled_500_page_when_a_view_fails(client_for, leader):
    client = client_for(leader)
    client.raise_request_exception = False

    response = client.get("/test-only/boom/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "<h1>Sorry, there is a problem with the service</h1>" in content
    assert "Nothing you saved before this page is lost" in content
    assert "something broke" not in content  # never the error itself
    _assert_in_layout(content)


@pytest.mark.urls("tests.test_errors")
def test_the_project_urls_still_work_under_the_test_urlconf(db):
    # Guards the test above: the 500 must come from the failing view, not a broken urlconf.
    response = Client().get("/healthz")

    assert response.status_code == 200
