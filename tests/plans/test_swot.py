"""SWOT editing in place: add, edit, reorder and remove, as htmx fragments of one quadrant."""

from __future__ import annotations

from django.urls import reverse

from plans.models import SwotItem
from tests.plans.factories import SwotItemFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _texts(plan, quadrant="strength"):
    return list(plan.swot_items.filter(quadrant=quadrant).values_list("text", flat=True))


def test_it_adds_an_item_and_answers_with_its_quadrant_only(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:swot_add", args=[plan.pk]),
        {"quadrant": "threat", "text": "Falling rolls"},
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="swot-cell swot-threat" id="swot-threat"')
    assert "Falling rolls" in page
    assert "<html" not in page
    assert _texts(plan, "threat") == ["Falling rolls"]


def test_it_keeps_the_quadrant_and_says_what_to_fix_when_the_text_is_empty(
    plan, leader, client_for
):
    response = client_for(leader).post(
        reverse("plans:swot_add", args=[plan.pk]), {"quadrant": "weakness", "text": " "}, **HTMX
    )
    assert "Enter the text of the item before adding it." in response.content.decode()
    assert not SwotItem.objects.exists()


def test_it_edits_an_item_in_place(plan, leader, client_for):
    item = SwotItemFactory(plan=plan, text="Strong employer links")
    client = client_for(leader)
    form = client.get(reverse("plans:swot_edit", args=[item.pk]), **HTMX).content.decode()
    assert f'id="swot-text-{item.pk}"' in form and "Strong employer links" in form
    response = client.post(
        reverse("plans:swot_edit", args=[item.pk]), {"text": "Strong employer links (BM5)"}, **HTMX
    )
    assert "Strong employer links (BM5)" in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Strong employer links (BM5)"


def test_it_keeps_the_edit_open_when_the_text_is_emptied(plan, leader, client_for):
    item = SwotItemFactory(plan=plan, text="Keep me")
    response = client_for(leader).post(
        reverse("plans:swot_edit", args=[item.pk]), {"text": ""}, **HTMX
    )
    assert "Enter the text of the item, or remove the item." in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Keep me"


def test_it_moves_items_up_and_down_within_their_quadrant(plan, leader, client_for):
    first, _second, third = (SwotItemFactory(plan=plan, text=t) for t in ("A", "B", "C"))
    SwotItemFactory(plan=plan, quadrant="threat", text="Other quadrant")
    client = client_for(leader)
    client.post(reverse("plans:swot_move", args=[third.pk, "up"]), **HTMX)
    assert _texts(plan) == ["A", "C", "B"]
    response = client.post(reverse("plans:swot_move", args=[first.pk, "down"]), **HTMX)
    assert _texts(plan) == ["C", "A", "B"]
    page = response.content.decode()
    assert page.index(">C<") < page.index(">A<") < page.index(">B<")
    # The first item cannot go further up.
    client.post(reverse("plans:swot_move", args=[third.pk, "up"]), **HTMX)
    assert _texts(plan) == ["C", "A", "B"]


def test_it_removes_an_item(plan, leader, client_for):
    item = SwotItemFactory(plan=plan, text="Gone soon")
    response = client_for(leader).post(reverse("plans:swot_remove", args=[item.pk]), **HTMX)
    assert "Gone soon" not in response.content.decode()
    assert not SwotItem.objects.exists()


def test_it_works_without_javascript_too(plan, leader, client_for):
    response = client_for(leader).post(
        reverse("plans:swot_add", args=[plan.pk]), {"quadrant": "opportunity", "text": "CPD"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#swot-opportunity")


def test_it_saves_the_key_priority_areas(plan, leader, client_for):
    client_for(leader).post(
        reverse("plans:swot", args=[plan.pk]),
        {"key_priority_areas": "- Review BM7 provision\n- Develop staff CPD on BM4"},
    )
    plan.refresh_from_db()
    assert plan.priority_area_list == ["Review BM7 provision", "Develop staff CPD on BM4"]


def test_it_does_not_touch_another_institutions_items(outsider, plan, client_for):
    item = SwotItemFactory(plan=plan)
    response = client_for(outsider).post(reverse("plans:swot_remove", args=[item.pk]), **HTMX)
    assert response.status_code == 404
    assert SwotItem.objects.filter(pk=item.pk).exists()
