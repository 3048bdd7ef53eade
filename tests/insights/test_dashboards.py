"""The SLT and governor dashboards, the governors' questions and the trust view."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from careers_portal.accounts.models import Role
from careers_portal.insights.models import LocalNeetFigure, NationalFigure
from careers_portal.schools.models import Trust
from tests.factories import InstitutionFactory, MembershipFactory


def test_it_ships_the_national_averages_with_their_year_and_source(db):
    figures = {f.academic_year: f for f in NationalFigure.objects.all()}
    assert figures["2024/25"].average_benchmarks_met == Decimal("5.96")
    assert figures["2023/24"].average_benchmarks_met == Decimal("5.83")
    assert "Careers & Enterprise Company" in figures["2024/25"].source


def test_it_shows_slt_every_figure_with_words_and_colour(school, slt, client_for):
    response = client_for(slt).get(reverse("insights:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    # Plan: one objective overdue, the overdue action with its owner.
    assert "Recruit ten employers for mock interviews" in page
    assert "50% of actions done" in page
    # Benchmarks: all 8 met this year (none last year) against the national 5.96.
    assert "8 of 8" in page
    assert "At or above the national average" in page
    assert "5.96" in page
    # Coverage: 30 of 40 in Year 10; guidance by 18 for a group of 3 shown to SLT.
    assert "75.0%" in page
    assert "33.3%" in page
    # NEET: 4 of 20 of last year's leavers.
    assert "20.0%" in page
    assert 'class="status status-' in page
    assert "suppression-note" not in page


def test_it_shows_governors_c_for_small_groups_and_never_a_learner(school, governor, client_for):
    page = client_for(governor).get(reverse("insights:dashboard")).content.decode()
    assert "suppression-note" in page
    assert "33.3%" not in page  # Year 13 (3 learners) is suppressed
    assert ">c<" in page
    assert "75.0%" in page  # Year 10 (40 learners) is not
    for surname in school["surnames"]:
        assert surname not in page


def test_it_compares_neet_with_the_local_authoritys_figure(
    school, institution, governor, client_for
):
    LocalNeetFigure.objects.create(
        institution=institution,
        academic_year=school["last_year"],
        percent=Decimal("3.5"),
        source="County",
    )
    page = client_for(governor).get(reverse("insights:questions")).content.decode()
    assert "20.0% of 2025/26 leavers NEET against the local authority&#x27;s 3.5%" in page
    assert "Above the local authority" in page


def test_it_answers_the_governors_questions_with_evidence_and_dates(
    school, leader, governor, client_for
):
    page = client_for(governor).get(reverse("insights:questions")).content.decode()
    assert "Is there a named careers leader?" in page
    assert str(leader) in page
    assert "Not yet approved by governors." in page
    assert "Next review 15 July 2027" in page
    assert "8 of 8 against a national average of 5.96" in page
    assert "Is provider access (PAL) met for each phase?" in page
    assert "What are the gaps for disadvantaged and SEND learners?" in page
    assert "22 November 2026" in page
    for surname in school["surnames"]:
        assert surname not in page


def test_the_leader_enters_the_local_authority_figure_and_bad_input_is_kept(
    school, leader, client_for
):
    client = client_for(leader)
    url = reverse("insights:local_neet")
    response = client.post(
        url, {"academic_year": school["last_year"].pk, "percent": "140", "source": "County"}
    )
    assert response.status_code == 200
    assert "County" in response.content.decode()  # what was typed stays
    response = client.post(
        url, {"academic_year": school["last_year"].pk, "percent": "3.2", "source": "County"}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"academic_year": school["last_year"].pk, "percent": "3.4", "source": "County"}
    )
    figure = LocalNeetFigure.objects.get()
    assert figure.percent == Decimal("3.4")


def test_the_trust_view_shows_each_institution_side_by_side(school, institution, slt, client_for):
    trust = Trust.objects.create(name="Northfield Learning Trust")
    other = InstitutionFactory(name="Riverside School", trust=trust)
    institution.trust = trust
    institution.save()
    MembershipFactory(user=slt, institution=other, role=Role.SLT)
    outside = InstitutionFactory(name="Elsewhere School")
    MembershipFactory(user=slt, institution=outside, role=Role.SLT)
    client = client_for(slt)
    client.post(reverse("accounts:choose_institution"), {"institution": institution.pk})
    page = client.get(reverse("insights:trust")).content.decode()
    assert "Northfield Academy" in page and "Riverside School" in page
    assert "Elsewhere School" not in page
    assert "8 of 8" in page  # ours; the other has no self-assessment
    assert "No self-assessment" in page
    for surname in school["surnames"]:
        assert surname not in page


def test_the_trust_view_of_a_single_school_says_what_to_expect(institution, slt, client_for):
    page = client_for(slt).get(reverse("insights:trust")).content.decode()
    assert "When you are given a role in another institution" in page


def test_the_dashboard_of_an_empty_school_says_what_to_do_first(leader, client_for):
    page = client_for(leader).get(reverse("insights:dashboard")).content.decode()
    assert "No strategic careers plan yet" in page
    assert "No self-assessment recorded yet" in page


def test_it_marks_a_change_of_framework_between_last_year_and_this(institution, slt, client_for):
    import datetime as dt

    from benchmarks.models import AnswerStatus
    from tests.benchmarks.factories import SelfAssessmentFactory, answer_all

    old = SelfAssessmentFactory(
        institution=institution, assessed_on=dt.date(2026, 3, 1), version="2018"
    )
    answer_all(old, AnswerStatus.MET)
    SelfAssessmentFactory(institution=institution, assessed_on=dt.date(2026, 10, 1))
    page = client_for(slt).get(reverse("insights:dashboard")).content.decode()
    assert "Framework changed" in page
    assert "2018 framework" in page  # in the chart's legend too


def test_the_careers_page_answers_the_publication_question(institution, governor, client_for):
    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    from careers_portal.insights.models import CareersPage

    questions_page = reverse("insights:questions")
    page = client_for(governor).get(questions_page).content.decode()
    assert "Published, last updated" not in page  # no careers page yet
    CareersPage.objects.create(institution=institution, published=True, telephone="0161 496 0000")
    page = client_for(governor).get(questions_page).content.decode()
    updated = date_format(timezone.localdate(), "j F Y")
    assert f"Published, last updated {updated}." in page


def test_the_kept_dashboard_and_plan_figures_hold_no_learner(school, institution):
    """Figures are kept in a cache (careers_portal/figure_cache.py): learners' details must not
    be, so a figure naming learners (the destinations' follow-up list) is a query built when
    asked, never a kept list."""
    import pickle

    from careers_portal.insights import figures
    from tests.conftest import AUTUMN_TERM_2026

    for suppress in (False, True):
        board = figures.dashboard(institution, AUTUMN_TERM_2026, suppress=suppress)
        kept = pickle.dumps(board)
        assert not [name for name in school["surnames"] if name.encode() in kept]
    assert board.destinations.leavers.follow_up.count() == 0  # suppressed: governors
    open_board = figures.dashboard(institution, AUTUMN_TERM_2026, suppress=False)
    assert open_board.destinations.leavers.follow_up.exists()  # still listed, when asked
