"""The Kent grid in the annual checklist (seed 004): planned, evidence and actions for next year
per item, and item 4 showing the governors' approval of this year's plan (recorded in plans,
through benchmarks' checklist_notes extension point)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from benchmarks import checklist_notes
from benchmarks.models import AnnualChecklist, ChecklistEntry
from careers_portal.schools.models import AcademicYear
from plans import services as plan_services
from plans.checklist_notes import plan_checklist_notes
from tests.plans.factories import ObjectiveFactory, StrategicPlanFactory


def _start_year() -> int:
    return AcademicYear.start_year_for(timezone.localdate())


def test_an_item_keeps_its_tick_and_the_kent_grid(institution, leader, client_for):
    client = client_for(leader)
    url = reverse("benchmarks:checklist_item_edit", args=[9])
    form_page = client.get(url).content.decode()
    assert "9. Someone attends the local CEIAG network meetings" in form_page
    saved = client.post(
        url,
        {
            "done": "on",
            "planned": "Attend the termly Kent CEIAG Network.",
            "evidence": "Minutes of the October meeting.",
            "actions_for_next_year": "Send the deputy careers leader too.",
        },
    )
    assert saved["Location"] == reverse("benchmarks:checklist") + "#item-9"
    entry = ChecklistEntry.objects.get()
    assert entry.checklist.academic_year.start_year == _start_year()
    assert list(entry.checklist.items_done.values_list("number", flat=True)) == [9]
    page = client.get(reverse("benchmarks:checklist")).content.decode()
    for text in (
        "Attend the termly Kent CEIAG Network.",
        "Minutes of the October meeting.",
        "Send the deputy careers leader too.",
        "1 of 20",
    ):
        assert text in page
    # Unticking keeps the grid.
    client.post(url, {"planned": "Attend the termly Kent CEIAG Network."})
    assert not AnnualChecklist.objects.get().items_done.exists()
    assert ChecklistEntry.objects.get().planned == "Attend the termly Kent CEIAG Network."


def test_too_long_a_text_is_refused_and_kept(institution, leader, client_for):
    url = reverse("benchmarks:checklist_item_edit", args=[3])
    page = client_for(leader).post(url, {"evidence": "x" * 4001, "planned": "Kept"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Keep it to 4,000 characters or fewer" in html
    assert ">\nKept</textarea>" in html
    assert not ChecklistEntry.objects.exists()


def test_an_unknown_item_is_not_found(institution, leader, client_for):
    assert (
        client_for(leader).get(reverse("benchmarks:checklist_item_edit", args=[21])).status_code
        == 404
    )


def test_item_4_shows_the_governors_approval_of_this_years_plan(
    institution, leader, slt, governor, client_for
):
    start = _start_year()
    plan = StrategicPlanFactory(institution=institution, start_year=start, end_year=start + 3)
    ObjectiveFactory(plan=plan, number=1, title="Embed careers leadership")
    client = client_for(leader)
    page = client.get(reverse("benchmarks:checklist")).content.decode()
    assert f"{plan}: not yet approved by the governors." in page

    plan_services.plan_approve_slt(plan=plan, by=slt)
    approval = plan_services.plan_approve_governors(plan=plan, by=governor)
    page = client.get(reverse("benchmarks:checklist")).content.decode()
    when = f"{timezone.localtime(approval.approved_at):%-d %B %Y}"
    assert f"Governors approved {plan}, version 1, on {when} ({governor})." in page
    assert "status-green" in page.split('id="item-4"')[1].split("</tr>")[0]

    ObjectiveFactory(plan=plan, number=2, title="A new priority")
    page = client.get(reverse("benchmarks:checklist_item_edit", args=[4])).content.decode()
    assert "It has changed since: the governors have not approved this version." in page
    assert "Changed since approval" in page


def test_item_4_without_a_plan_this_year_says_so(institution, leader, client_for):
    StrategicPlanFactory(institution=institution, start_year=2001, end_year=2004)
    page = client_for(leader).get(reverse("benchmarks:checklist")).content.decode()
    assert "No Strategic Careers Plan runs in" in page


def test_without_the_plans_provider_the_checklist_still_works(institution, leader, client_for):
    checklist_notes.unregister(plan_checklist_notes)
    try:
        page = client_for(leader).get(reverse("benchmarks:checklist"))
        assert page.status_code == 200
        assert "Governors approved" not in page.content.decode()
        assert "not yet approved by the governors" not in page.content.decode()
    finally:
        checklist_notes.register(plan_checklist_notes)
