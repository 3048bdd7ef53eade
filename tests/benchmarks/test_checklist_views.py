"""The annual checklist: ticks, the RAG total and last year's beside it."""

from __future__ import annotations

from django.urls import reverse

from benchmarks import services
from benchmarks.models import AnnualChecklist, ChecklistItem
from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure


def _current_start_year() -> int:
    from django.utils import timezone

    return AcademicYear.start_year_for(timezone.localdate())


def test_it_ticks_this_years_checklist_and_shows_the_band(institution, leader, client_for):
    items = list(ChecklistItem.objects.all())
    client = client_for(leader)
    response = client.post(
        reverse("benchmarks:checklist_edit"), {"items": [str(item.pk) for item in items[:16]]}
    )
    assert response["Location"] == reverse("benchmarks:checklist")
    checklist = AnnualChecklist.objects.get()
    assert checklist.academic_year.start_year == _current_start_year()
    page = client.get(reverse("benchmarks:checklist")).content.decode()
    assert "16 of 20 · Green" in page


def test_it_shows_last_years_total_beside_this_years(institution, slt, client_for):
    start = _current_start_year()
    items = list(ChecklistItem.objects.all())
    services.checklist_save(
        institution=institution,
        academic_year=academic_year_ensure(start_year=start - 1),
        items=items[:11],
    )
    services.checklist_save(
        institution=institution,
        academic_year=academic_year_ensure(start_year=start),
        items=items[:10],
    )
    page = client_for(slt).get(reverse("benchmarks:checklist")).content.decode()
    assert "10 of 20 · Red" in page
    assert "11 of 20 · Amber" in page
    assert "Tick this year" not in page


def test_it_keeps_other_institutions_checklists_apart(
    institution, other_institution, leader, client_for
):
    start = _current_start_year()
    services.checklist_save(
        institution=other_institution,
        academic_year=academic_year_ensure(start_year=start),
        items=ChecklistItem.objects.all(),
    )
    page = client_for(leader).get(reverse("benchmarks:checklist")).content.decode()
    assert "0 of 20 · Red" in page
