"""Whole read pages kept between requests (careers_portal/kept_pages.py): served again without
rendering until the data changes or the day turns, never to anyone but the person they were made
for, each answer with the asker's own CSRF token, and never kept when they must not be.

A page is seen to be kept when the test client records no template rendered for it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from careers_portal import kept_pages
from careers_portal.accounts.models import Membership, Role
from careers_portal.dates import today
from plans.models import StrategicPlan
from tests.conftest import travel_to
from tests.factories import MembershipFactory
from tests.plans.factories import StrategicPlanFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def plan(institution):
    return StrategicPlanFactory(institution=institution, title="Our careers plan")


def _view(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def _rendered(response) -> bool:
    return bool(response.templates)


def test_a_page_is_kept_until_a_write_then_made_again(plan, slt, client_for):
    client = client_for(slt)
    url = reverse("plans:detail", args=[plan.pk])
    assert _rendered(_view(client, url))
    kept = _view(client, url)
    assert not _rendered(kept)
    assert "Our careers plan" in kept.content.decode()

    StrategicPlan.objects.filter(pk=plan.pk).update(title="Our renewed careers plan")

    again = _view(client, url)
    assert _rendered(again)
    assert "Our renewed careers plan" in again.content.decode()


def test_a_kept_page_is_made_again_when_the_day_turns(plan, slt, client_for):
    url = reverse("plans:detail", args=[plan.pk])
    day = today()
    with travel_to(day):
        client = client_for(slt)
        _view(client, url)
        assert not _rendered(_view(client, url))
    with travel_to(day + dt.timedelta(days=1)):
        client.force_login(slt)  # a day later the session has timed out
        assert _rendered(_view(client, url))


def test_each_person_has_their_own_page_and_their_own_working_token(
    institution, plan, leader, client_for
):
    other_leader = MembershipFactory(institution=institution, role=Role.CAREERS_LEADER).user
    url = reverse("plans:detail", args=[plan.pk])
    first = Client(enforce_csrf_checks=True)
    first.force_login(leader)
    second = Client(enforce_csrf_checks=True)
    second.force_login(other_leader)

    _view(first, url)
    kept = _view(first, url)
    assert not _rendered(kept)
    assert _rendered(_view(second, url))  # made for the first leader only
    page = kept.content.decode()
    assert kept_pages.PLACEHOLDER not in page
    # The kept page carries the asker's own token, which their next POST is accepted with;
    # the page that POST leads to has a message to show, so it is made, not kept.
    token = TOKEN.search(page).group(1)
    sent = first.post(
        reverse("plans:send_for_approval", args=[plan.pk]),
        {"csrfmiddlewaretoken": token},
        follow=True,
    )
    assert sent.status_code == 200
    assert _rendered(sent)
    (message,) = (str(m) for m in get_messages(sent.wsgi_request))
    assert message in sent.content.decode()
    assert message not in _view(first, url).content.decode()  # shown once
    assert (
        second.post(
            reverse("plans:send_for_approval", args=[plan.pk]),
            {"csrfmiddlewaretoken": token},
        ).status_code
        == 403
    )


def test_who_may_see_a_page_is_checked_on_every_request(institution, leader, client_for):
    from tests.benchmarks.factories import SelfAssessmentFactory

    assessment = SelfAssessmentFactory(institution=institution)
    url = reverse("benchmarks:assessment_benchmark", args=[assessment.pk, 5])
    client = client_for(leader)
    _view(client, url)  # the day's first read keeps the coverage counts: a write, so not kept
    _view(client, url)
    assert not _rendered(_view(client, url))

    Membership.objects.filter(user=leader).update(role=Role.GOVERNOR)

    assert client.get(url).status_code == 403


def test_an_htmx_request_an_error_page_and_another_query_are_not_served_kept(
    plan, other_institution, leader, client_for
):
    client = client_for(leader)
    url = reverse("plans:actions", args=[plan.pk])
    for _ in range(2):
        assert _rendered(client.get(url, headers={"HX-Request": "true"}))
    theirs = StrategicPlanFactory(institution=other_institution)
    for _ in range(2):
        assert client.get(reverse("plans:detail", args=[theirs.pk])).status_code == 404
    # A filter in the query string is a page of its own.
    _view(client, url)
    assert not _rendered(_view(client, url))
    assert _rendered(_view(client, url + "?status=done"))


def test_every_kept_view_checks_its_permission_first():
    """@kept_page sits inside the permission decorator of every view it keeps: placed outside,
    it refuses to wrap the view, and every kept URL has a capability checked around it."""
    from django.core.exceptions import ImproperlyConfigured
    from django.urls import get_resolver

    from careers_portal.accounts.permissions import capability_required

    def page(request):
        raise AssertionError("never called")

    with pytest.raises(ImproperlyConfigured):
        kept_pages.kept_page(capability_required("plans.view")(page))
    kept = [
        pattern
        for pattern in _all_patterns(get_resolver().url_patterns)
        if getattr(pattern.callback, "keeps_page", False)
    ]
    assert len(kept) >= 12
    for pattern in kept:
        assert getattr(pattern.callback, "capability", None), pattern.name


def _all_patterns(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _all_patterns(pattern.url_patterns)
        else:
            yield pattern


def test_the_placeholder_survives_any_filter_on_its_way_into_a_page():
    assert re.fullmatch(r"[a-z0-9]{40,}", kept_pages.PLACEHOLDER)


def test_a_query_the_page_does_not_read_is_made_not_kept(plan, leader, client_for):
    client = client_for(leader)
    url = reverse("plans:actions", args=[plan.pk])
    for query in ("?junk=1", "?status=done&status=open", f"?status={'x' * 41}"):
        _view(client, url + query)
        assert _rendered(_view(client, url + query)), query
    _view(client, url + "?status=done&overdue=on")
    assert not _rendered(_view(client, url + "?status=done&overdue=on"))


def test_a_message_the_view_adds_is_not_kept(plan, slt, client_for, monkeypatch):
    from django.contrib import messages

    from plans.views import plan as plan_views

    render = plan_views.render

    def with_a_message(request, *args, **kwargs):
        messages.info(request, "A note made while showing the plan.")
        return render(request, *args, **kwargs)

    monkeypatch.setattr(plan_views, "render", with_a_message)
    client = client_for(slt)
    url = reverse("plans:detail", args=[plan.pk])
    for _ in range(3):
        response = _view(client, url)
        assert _rendered(response)
        assert "A note made while showing the plan." in response.content.decode()


def test_no_kept_page_keeps_a_learners_name(
    role_users, institution, other_institution, leader, slt, client_for
):
    """Every kept URL, viewed by those who see learners, with leavers to follow up: nothing in
    the figures cache names a learner (their details do not belong in a cache)."""
    import pickle
    import zlib

    from django.core.cache import caches
    from django.urls import resolve

    from careers_portal.schools.models import AcademicYear
    from careers_portal.schools.services import academic_year_ensure
    from destinations import services
    from tests.factories import LearnerFactory
    from tests.test_permissions import MATRIX

    year = academic_year_ensure(start_year=AcademicYear.start_year_for(today()))
    surnames = ["Quillfeather", "Brackenridge", "Umbervale"]
    for surname, category in zip(surnames, ["neet", "fe_college", "neet"], strict=True):
        learner = LearnerFactory(institution=institution, last_name=surname, year_group=11)
        services.destination_record(
            learner=learner, academic_year=year, stage="actual", by=leader, category=category
        )
    world = {**role_users, "institution": institution, "other_institution": other_institution}
    urls = []
    for name, row in MATRIX.items():
        if name == "admin:*" or row.method != "get":
            continue
        url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
        if getattr(resolve(url).func, "keeps_page", False):
            urls.append(url)
    assert len(urls) >= 12
    for visitor in (leader, slt):
        client = client_for(visitor)
        for url in urls:
            client.get(url)
            client.get(url)
    shown = client_for(slt).get(reverse("destinations:summary")).content.decode()
    assert "Quillfeather" in shown  # the page names them, in its live part only

    cache = caches["figures"]
    kept = [pickle.loads(raw) for raw in cache._cache.values()]
    pages = [zlib.decompress(v.compressed) for v in kept if isinstance(v, kept_pages.KeptPage)]
    assert len(pages) >= 10, "pages were not kept"
    text = b"".join(pages) + b"".join(pickle.dumps(v) for v in kept)
    for surname in surnames:
        assert surname.encode() not in text


def test_a_live_part_is_made_for_every_answer_and_the_rest_of_the_page_kept(
    institution, leader, client_for, monkeypatch
):
    """The destinations page's leavers to follow up name learners: that part is made for each
    answer (kept_page's `live`), while the rest of the page is served kept, one kept page for
    every page of the list (`page` is the live part's own parameter)."""
    from careers_portal.schools.models import AcademicYear
    from careers_portal.schools.services import academic_year_ensure
    from destinations import services
    from destinations import views as destination_views
    from tests.factories import LearnerFactory

    monkeypatch.setattr(destination_views, "FOLLOW_UP_PER_PAGE", 1)
    year = academic_year_ensure(start_year=AcademicYear.start_year_for(today()))
    for surname in ("Brackenridge", "Quillfeather"):
        learner = LearnerFactory(institution=institution, last_name=surname, year_group=11)
        services.destination_record(
            learner=learner, academic_year=year, stage="actual", by=leader, category="neet"
        )
    client = client_for(leader)
    url = reverse("destinations:summary")
    made = _view(client, url)
    kept = _view(client, url)
    second = _view(client, url + "?page=2")
    as_htmx = client.get(url, headers={"HX-Request": "true"})

    def pages(response) -> list[str]:
        return [t.name for t in response.templates if t.name.startswith("destinations/")]

    assert {"destinations/summary.html", "destinations/_follow_up.html"} <= set(pages(made))
    assert pages(kept) == pages(second) == ["destinations/_follow_up.html"]
    for response, shown, not_shown in (
        (made, "Brackenridge", "Quillfeather"),
        (kept, "Brackenridge", "Quillfeather"),
        (second, "Quillfeather", "Brackenridge"),
        (as_htmx, "Brackenridge", "Quillfeather"),
    ):
        page = response.content.decode()
        assert shown in page
        assert not_shown not in page
        assert "keptpagelive" not in page
        assert TOKEN.search(page)
