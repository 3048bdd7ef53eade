"""Destination records, the NCCIS lookup and the leaver cohort summary with suppression."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from careers_portal.disclosure import figure, suppresses_for
from careers_portal.schools.models import AcademicYear, Learner
from careers_portal.schools.services import academic_year_ensure
from destinations import selectors, services
from destinations.models import Category, DestinationRecord, NccisCode
from destinations.nccis import CODES
from tests.factories import LearnerFactory, shows_learner


def this_year() -> AcademicYear:
    return academic_year_ensure(start_year=AcademicYear.start_year_for(timezone.localdate()))


def test_every_nccis_code_ships_with_a_category(db):
    assert NccisCode.objects.count() == len(CODES)
    assert {row.category for row in NccisCode.objects.all()} <= set(Category.values)
    assert NccisCode.objects.get(code="310").category == Category.APPRENTICESHIP
    assert NccisCode.objects.get(code="710").category == Category.OTHER  # custody


def test_a_code_decides_the_category(leader, institution):
    learner = LearnerFactory(institution=institution, year_group=11)

    record = services.destination_record(
        learner=learner, academic_year=this_year(), stage="actual", by=leader, nccis_code="540"
    )

    assert record.category == Category.NEET


def test_recording_a_stage_again_replaces_it_and_keeps_the_history(leader, institution):
    learner = LearnerFactory(institution=institution, year_group=11)
    year = this_year()
    services.destination_record(
        learner=learner, academic_year=year, stage="intended", by=leader, category="fe_college"
    )

    services.destination_record(
        learner=learner, academic_year=year, stage="intended", by=leader, category="apprenticeship"
    )

    assert DestinationRecord.objects.get().category == "apprenticeship"
    assert DestinationRecord.history.count() == 2


def test_the_leader_records_a_destination_from_the_learners_page(leader, client_for, institution):
    learner = LearnerFactory(institution=institution, year_group=11)
    url = reverse("destinations:record", args=[learner.pk])

    response = client_for(leader).post(
        url,
        {
            "academic_year": this_year().pk,
            "stage": "intended",
            "category": "",
            "nccis_code": "310",
            "provider": "Acme Engineering",
            "level": "3",
            "source": "learner",
        },
    )

    assert response.status_code == 302
    record = DestinationRecord.objects.get()
    assert (record.category, record.provider, record.recorded_by) == (
        "apprenticeship",
        "Acme Engineering",
        leader,
    )


def test_a_wrong_code_comes_back_with_what_was_typed(leader, client_for, institution):
    learner = LearnerFactory(institution=institution, year_group=11)

    response = client_for(leader).post(
        reverse("destinations:record", args=[learner.pk]),
        {
            "academic_year": this_year().pk,
            "stage": "actual",
            "nccis_code": "999",
            "provider": "Somewhere typed",
            "source": "learner",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "999 is not an NCCIS activity code we know" in body
    assert "Somewhere typed" in body
    assert not DestinationRecord.objects.exists()


def test_another_institutions_learner_is_404(leader, client_for, other_institution):
    learner = LearnerFactory(institution=other_institution)

    assert (
        client_for(leader).get(reverse("destinations:learner", args=[learner.pk])).status_code
        == 404
    )


def _cohort(institution, leader, categories: list[str], **flags):
    year = this_year()
    for category in categories:
        learner = LearnerFactory(institution=institution, year_group=11, **flags)
        services.destination_record(
            learner=learner, academic_year=year, stage="actual", by=leader, category=category
        )
    return year


def test_the_summary_counts_shares_and_gaps(leader, institution):
    year = _cohort(institution, leader, ["fe_college"] * 8 + ["apprenticeship", "neet"])
    _cohort(institution, leader, ["fe_college"] * 5 + ["neet"] * 5, disadvantaged=True)

    summary = selectors.cohort_summary(institution, year, current=True, suppress=False)

    shares = dict(summary.rows)
    assert summary.size == 20
    assert shares["In education"].count == 13
    assert shares["NEET"].count == 6
    gap = next(g for g in summary.gaps if g["label"] == "Disadvantaged")
    assert round(gap["gap"]) == 50 - 90
    assert len(summary.follow_up) == 6


def test_governors_see_c_for_small_groups_and_no_names(governor, leader, institution, client_for):
    _cohort(institution, leader, ["fe_college"] * 8 + ["neet"])
    _cohort(institution, leader, ["fe_college"] * 2, looked_after=True)

    page = client_for(governor).get(reverse("destinations:summary"))

    body = page.content.decode()
    summary = page.context["summary"]
    assert dict(summary.rows)["NEET"].shown_count == "c"  # one learner
    looked_after = next(g for g in summary.gaps if g["label"] == "Looked after")
    assert looked_after["inside"].shown_percent == "c"
    assert not summary.follow_up.exists()
    for learner in Learner.objects.all():
        assert not shows_learner(body, learner)


def test_slt_sees_the_figures_and_the_learners_to_follow_up(slt, leader, institution, client_for):
    _cohort(institution, leader, ["fe_college"] * 8 + ["neet"])

    page = client_for(slt).get(reverse("destinations:summary"))

    assert dict(page.context["summary"].rows)["NEET"].shown_count == "1"
    neet = Learner.objects.get(destinations__category="neet")
    assert neet.last_name in page.content.decode()


def test_the_learners_to_follow_up_come_a_page_at_a_time(leader, institution, client_for):
    from destinations.views import FOLLOW_UP_PER_PAGE

    _cohort(institution, leader, ["neet"] * (FOLLOW_UP_PER_PAGE + 5))
    client = client_for(leader)

    first = client.get(reverse("destinations:summary"))
    second = client.get(reverse("destinations:summary") + "?page=2")

    assert (
        f"{FOLLOW_UP_PER_PAGE + 5} leavers with no destination confirmed" in first.content.decode()
    )
    assert len(first.context["follow_up"].object_list) == FOLLOW_UP_PER_PAGE
    assert len(second.context["follow_up"].object_list) == 5
    assert "Page 1 of 2" in first.content.decode()


def test_the_summary_asks_a_constant_number_of_queries(
    leader, institution, client_for, django_assert_max_num_queries
):
    _cohort(institution, leader, ["fe_college"] * 30)
    client = client_for(leader)
    client.get(reverse("destinations:summary"))

    with django_assert_max_num_queries(20):
        client.get(reverse("destinations:summary"))


@pytest.mark.parametrize(
    ("count", "of", "suppress", "shown"),
    [
        (0, 10, True, "0"),
        (1, 10, True, "c"),
        (5, 5, True, "c"),
        (7, 10, True, "7"),
        (1, 2, False, "1"),
    ],
)
def test_one_rule_suppresses_small_numbers(count, of, suppress, shown):
    assert figure(count, of, suppress=suppress).shown_count == shown


def test_only_people_who_may_see_learners_see_unsuppressed_figures():
    assert suppresses_for("governor")
    assert not suppresses_for("careers_leader")
    assert not suppresses_for("slt")


def test_a_colleges_leavers_are_counted_by_the_planned_end_date(leader, db):
    import datetime as dt

    from tests.factories import InstitutionFactory

    college = InstitutionFactory(name="Riverside College", kind="college")
    year = this_year()
    ending = LearnerFactory.create_batch(
        3,
        institution=college,
        year_group=12,
        planned_end_date=year.end_date - dt.timedelta(days=40),
    )
    # Year 13 on roll but ending next year: not a leaver of this year at a college.
    LearnerFactory(
        institution=college, year_group=13, planned_end_date=year.end_date + dt.timedelta(days=300)
    )
    services.destination_record(
        learner=ending[0], academic_year=year, stage="actual", by=leader, category="apprenticeship"
    )

    summary = selectors.cohort_summary(college, year, current=True, suppress=False)

    assert summary.size == 3
    assert dict(summary.rows)["Not known"].count == 2
    assert sum(f.count for _, f in summary.by_category) == 3
