"""Learner validation (UPN, ULN, an identifier) and the history of changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from stdnum.gb import upn as upn_number

from careers_portal.schools.models import Learner
from tests.factories import LearnerFactory
from tests.two_step import fully_signed_in


@pytest.fixture
def admin_client(client, admin_user):
    # The admin always requires two-step sign-in.
    return fully_signed_in(client, admin_user)


def _valid_upn(body: str = "201901526001") -> str:
    return upn_number.calc_check_digit(body) + body


def test_the_factory_makes_valid_learners(institution):
    for learner in LearnerFactory.create_batch(3, institution=institution):
        learner.full_clean()


def test_it_accepts_a_valid_upn(institution):
    learner = LearnerFactory.build(institution=institution, upn=_valid_upn())

    learner.full_clean()  # no error


def test_it_accepts_a_upn_typed_in_lower_case_and_stores_it_in_capitals(institution):
    upn = _valid_upn()
    learner = LearnerFactory.build(institution=institution, upn=upn.lower())

    learner.full_clean()

    assert learner.upn == upn


@pytest.mark.parametrize(
    "bad_upn",
    [
        "A20190152600",  # too short
        "1201901526001",  # no check letter
        "A999901526001",  # 999 is no local authority
    ],
)
def test_it_rejects_a_bad_upn_with_a_clear_message(institution, bad_upn):
    learner = LearnerFactory.build(institution=institution, upn=bad_upn)

    with pytest.raises(ValidationError) as error:
        learner.full_clean()

    messages = error.value.message_dict["upn"]
    assert any("This is not a valid UPN" in message for message in messages)
    assert any("Check it against your MIS" in message for message in messages)


def test_it_rejects_a_upn_whose_check_letter_is_wrong(institution):
    upn = _valid_upn()
    wrong_letter = "B" if upn[0] != "B" else "C"
    learner = LearnerFactory.build(institution=institution, upn=wrong_letter + upn[1:])

    with pytest.raises(ValidationError) as error:
        learner.full_clean()

    assert "This is not a valid UPN" in error.value.message_dict["upn"][0]


def test_it_rejects_a_uln_that_is_not_ten_digits(institution):
    learner = LearnerFactory.build(institution=institution, upn="", uln="12345")

    with pytest.raises(ValidationError) as error:
        learner.full_clean()

    assert error.value.message_dict["uln"] == ["A ULN is 10 digits. Check it against your MIS."]


def test_it_needs_at_least_one_identifier(institution):
    learner = LearnerFactory.build(institution=institution, upn="", uln="", mis_id="")

    with pytest.raises(ValidationError) as error:
        learner.full_clean()

    assert error.value.message_dict["mis_id"] == [
        "Give at least one of UPN, ULN or your MIS reference."
    ]


def test_the_database_refuses_a_learner_without_an_identifier(institution):
    with pytest.raises(IntegrityError):
        Learner.objects.create(
            institution=institution, first_name="No", last_name="Id", year_group=9
        )


def test_it_refuses_the_same_upn_twice_in_one_institution(institution, other_institution):
    upn = _valid_upn()
    LearnerFactory(institution=institution, upn=upn)
    LearnerFactory(institution=other_institution, upn=upn)  # another school's record is fine

    with pytest.raises(ValidationError) as error:
        LearnerFactory.build(institution=institution, upn=upn).full_clean()

    assert "__all__" in error.value.message_dict or "upn" in error.value.message_dict


def test_it_records_the_history_of_changes(institution):
    learner = LearnerFactory(institution=institution, year_group=9, disadvantaged=False)

    learner.year_group = 10
    learner.disadvantaged = True
    learner.save()

    history = list(learner.history.order_by("history_date"))
    assert [record.history_type for record in history] == ["+", "~"]
    assert (history[0].year_group, history[0].disadvantaged) == (9, False)
    assert (history[1].year_group, history[1].disadvantaged) == (10, True)
    changes = history[1].diff_against(history[0]).changed_fields
    assert set(changes) == {"year_group", "disadvantaged"}


def test_it_records_who_changed_a_learner_in_the_admin(admin_client, institution):
    learner = LearnerFactory(institution=institution, year_group=9)

    response = admin_client.post(
        f"/admin/schools/learner/{learner.pk}/change/",
        {
            "institution": institution.pk,
            "upn": learner.upn,
            "uln": "",
            "mis_id": "",
            "first_name": learner.first_name,
            "last_name": learner.last_name,
            "year_group": 11,
            "gender": learner.gender,
            "send": Learner.Send.SEN_SUPPORT,
            "roni_score": "",
            "date_of_leaving": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    latest = learner.history.latest()
    assert latest.year_group == 11
    assert latest.history_user is not None
    assert latest.history_user.is_superuser


def test_year_groups_is_one_row_per_year_group_whatever_the_names(institution):
    # Learner's default ordering is by name: DISTINCT over it as well would be a row per learner.
    LearnerFactory.create_batch(3, institution=institution, year_group=9)
    LearnerFactory(institution=institution, year_group=11)

    with CaptureQueriesContext(connection) as queries:
        years = Learner.objects.for_institution(institution).year_groups()

    assert years == {9, 11}
    assert len(queries) == 1
    assert "last_name" not in queries[0]["sql"]
