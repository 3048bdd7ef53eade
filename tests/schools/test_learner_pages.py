"""The learners list and the import pages: upload, columns, check, apply."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careers_portal.schools.models import Learner, LearnerImportMapping
from tests.factories import LearnerFactory
from tests.schools.test_learner_import import messy_sims_export, upn


def _upload(client, content: bytes, name: str = "roll.csv"):
    return client.post(reverse("learners:import"), {"file": SimpleUploadedFile(name, content)})


def test_it_takes_the_leader_from_upload_to_import(leader, client_for):
    client = client_for(leader)

    response = _upload(client, messy_sims_export())
    assert response.status_code == 302 and response["Location"] == reverse(
        "learners:import_mapping"
    )

    page = client.get(reverse("learners:import_mapping"))
    assert "Legal Surname" in page.content.decode()
    data = {name: page.context["form"][name].value() or "" for name in page.context["form"].fields}
    response = client.post(reverse("learners:import_mapping"), data)
    assert response["Location"] == reverse("learners:import_check")
    assert LearnerImportMapping.objects.get().columns["legalsurname"] == "last_name"

    check = client.get(reverse("learners:import_check"))
    body = check.content.decode()
    assert "The year group is missing." in body
    assert check.context["report"].new == 3

    refused = client.post(reverse("learners:import_apply"))
    assert refused["Location"] == reverse("learners:import_check")
    assert not Learner.objects.exists()

    applied = client.post(reverse("learners:import_apply"), {"skip_invalid": "on"})
    assert applied["Location"] == reverse("learners:list")
    assert Learner.objects.count() == 3
    # The stored file is gone once applied.
    assert client.get(reverse("learners:import_check"))["Location"] == reverse("learners:import")


def test_it_says_which_column_is_missing_and_keeps_the_choices(leader, client_for):
    client = client_for(leader)
    _upload(client, f"UPN,Surname,Forename,Year\r\n{upn(1)},Lee,Sam,9\r\n".encode())

    response = client.post(
        reverse("learners:import_mapping"),
        {"column_0": "upn", "column_1": "last_name", "column_2": "first_name", "column_3": ""},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the column that holds year group." in body
    assert response.context["form"]["column_1"].value() == "last_name"


def test_it_refuses_a_file_it_cannot_read_in_the_users_words(leader, client_for):
    response = _upload(client_for(leader), b"", name="roll.csv")

    assert response.status_code == 200
    assert "empty" in response.content.decode()


def test_the_list_searches_and_filters(leader, client_for, institution):
    LearnerFactory(institution=institution, first_name="Amira", last_name="Khan", reg_group="10AB")
    LearnerFactory(institution=institution, first_name="Amira", last_name="Khan", reg_group="10CD")
    LearnerFactory(institution=institution, first_name="Ben", last_name="Ode", year_group=11)

    page = client_for(leader).get(reverse("learners:list"), {"q": "khan"})

    body = page.content.decode()
    assert page.context["page"].paginator.count == 2
    assert "10AB" in body and "10CD" in body  # the registration group tells them apart
    eleven = client_for(leader).get(reverse("learners:list"), {"year_group": "11"})
    assert [lr.first_name for lr in eleven.context["page"]] == ["Ben"]


def test_the_list_never_shows_another_institutions_learners(leader, client_for, other_institution):
    LearnerFactory(institution=other_institution, last_name="Elsewhere")

    page = client_for(leader).get(reverse("learners:list"))

    assert "Elsewhere" not in page.content.decode()
    assert "There are no learners yet." in page.content.decode()


def test_the_list_asks_a_constant_number_of_queries(
    leader, client_for, institution, django_assert_max_num_queries
):
    LearnerFactory.create_batch(60, institution=institution)
    client = client_for(leader)
    client.get(reverse("learners:list"))

    with django_assert_max_num_queries(12):
        client.get(reverse("learners:list"))
