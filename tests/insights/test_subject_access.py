"""Subject access: everything held about one learner as a zip of JSON and CSV."""

from __future__ import annotations

import io
import json
import zipfile

from django.urls import reverse
from django.utils import timezone

from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure
from destinations import services
from encounters import services as encounter_services
from tests.encounters.factories import EncounterFactory, GuidanceMeetingFactory
from tests.factories import LearnerFactory


def test_the_leader_downloads_everything_held_about_a_learner(leader, client_for, institution):
    learner = LearnerFactory(institution=institution, first_name="Zoë", last_name="=Ngũgĩ")
    year = academic_year_ensure(start_year=AcademicYear.start_year_for(timezone.localdate()))
    services.destination_record(
        learner=learner, academic_year=year, stage="intended", by=leader, category="fe_college"
    )

    encounter = EncounterFactory(institution=institution, title="NHS careers talk")
    encounter_services.attach_learners(encounter, [learner.pk])
    GuidanceMeetingFactory(learner=learner, adviser_name="Sam Adviser")

    response = client_for(leader).get(reverse("insights:subject_access", args=[learner.pk]))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {
        "details.json",
        "encounters.csv",
        "guidance_meetings.csv",
        "destinations.csv",
        "history.csv",
    }
    details = json.loads(archive.read("details.json"))
    assert details["first_name"] == "Zoë"
    assert "NHS careers talk" in archive.read("encounters.csv").decode("utf-8-sig")
    assert "Sam Adviser" in archive.read("guidance_meetings.csv").decode("utf-8-sig")
    assert "FE college" in archive.read("destinations.csv").decode("utf-8-sig")
    assert "'=Ngũgĩ" in archive.read("history.csv").decode("utf-8-sig")  # neutralised


def test_another_institutions_learner_is_404(leader, client_for, other_institution):
    learner = LearnerFactory(institution=other_institution)

    response = client_for(leader).get(reverse("insights:subject_access", args=[learner.pk]))

    assert response.status_code == 404
