"""seed_demo publishes the demo school's careers page, once."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

from careers_portal.insights.models import CareersPage


def test_the_demo_school_has_a_published_careers_page(client, db):
    call_command("seed_demo", learners=60, stdout=io.StringIO())
    call_command("seed_demo", learners=60, stdout=io.StringIO())

    page = CareersPage.objects.get()
    assert page.published and page.careers_leader.email.startswith("leader@")
    response = client.get(reverse("careers_information", args=[page.institution_id]))
    assert response.status_code == 200
    assert "Northfield Academy runs a careers programme" in response.content.decode()
