from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from benchmarks.models import Benchmark, MeaningfulCriterion
from encounters.models import Encounter
from tests.factories import PASSWORD
from tests.two_step import fully_signed_in


def test_it_refreshes_the_meaningful_flags_when_an_encounter_is_saved_in_the_admin(
    institution, client
):
    admin_user = get_user_model().objects.create_superuser("ops@school.test", PASSWORD)
    fully_signed_in(client, admin_user)  # the admin always requires two-step sign-in
    bm5 = Benchmark.objects.get(version="2025", number=5)
    criteria = MeaningfulCriterion.objects.filter(benchmark_number=5)

    response = client.post(
        reverse("admin:encounters_encounter_add"),
        {
            "institution": institution.pk,
            "title": "Engineering employer talk",
            "date": dt.date(2026, 10, 1).isoformat(),
            "kind": Encounter.Kind.EMPLOYER_TALK,
            "in_school_day": "on",
            "benchmarks": [bm5.pk],
            "meaningful_criteria": [c.pk for c in criteria],
            "year_groups": "[9]",
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Encounter.objects.get().meaningful_bm5 is True


def test_the_admin_lists_and_opens_planned_activities(institution, client):
    from tests.encounters.factories import PlannedActivityFactory

    admin_user = get_user_model().objects.create_superuser("ops2@school.test", PASSWORD)
    fully_signed_in(client, admin_user)
    activity = PlannedActivityFactory(institution=institution, title="Options evening")
    listing = client.get(reverse("admin:encounters_plannedactivity_changelist"))
    assert "Options evening" in listing.content.decode()
    page = client.get(reverse("admin:encounters_plannedactivity_change", args=[activity.pk]))
    assert page.status_code == 200
