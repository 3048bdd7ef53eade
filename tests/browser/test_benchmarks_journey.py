"""A new careers leader's benchmark work in a real browser, and what a governor then sees.

The leader completes a self-assessment for all eight Gatsby Benchmarks (with one Compass figure
refused and corrected), a maturity review reproducing the leadership areas of seed 002 (current
position, next steps, by when / who), and the annual checklist. The governor sees the summaries
and the chart but no edit control, and is refused the edit pages.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from benchmarks.models import (
    AnswerStatus,
    CompassScore,
    Criterion,
    CriterionAnswer,
    MaturityResponse,
    MaturityStatement,
    SelfAssessment,
)

# The live server's transactional tests empty every table afterwards; benchmarks' post_migrate
# receiver puts the reference data back after each flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Leadership areas of seed 002's action plan: code, current position, next steps, by when / who.
SEED_AREAS = [
    (
        "1.2",
        "The school vision includes specific reference to preparing learners for their future.",
        "Create shared vision for careers which matches new Gatsby changes. "
        "Share vision with Governors and LT. Align with wider school priorities",
        "HT3 \u2013 SR",
    ),
    (
        "1.3",
        "There is a strategic careers development plan with priorities and careers roles.",
        "Share careers plan with stakeholders",
        "HT3 - SR",
    ),
    (
        "1.6",
        "The Careers Leader regularly meets with an Enterprise Co-ordinator.",
        "See Julie Hussey about work with Careers Hub. Strategically engaging",
        "HT3/4 SR/ JHu",
    ),
    (
        "1.7",
        "The Careers Leader is supported and challenged by an Enterprise Adviser.",
        "Contact Steve Langrick and look at how this work can link into strategic development",
        "HT3 - SR",
    ),
    (
        "2.1",
        "A documented careers learning journey is shared and understood.",
        "Revise learning journey for careers which shows measurable intent",
        "HT3 \u2013 SR",
    ),
    (
        "2.2",
        "Data about vulnerable and targeted groups is used to personalise careers guidance.",
        "Look at targeted groups using FSQ. Share findings with SENDCO",
        "On going",
    ),
    (
        "2.3",
        "Recording systems (e.g. Compass+) capture careers activities and destinations.",
        "Look at Morrisby platform to record all data from students. Act on FSQ data",
        "HT3 - SR",
    ),
    (
        "2.4",
        "Destinations data is collected, analysed and reported on against success criteria.",
        "Share Destination Data with LT and Governors",
        "HT3/4 \u2013 SR / NR",
    ),
    (
        "2.6",
        "Stakeholder voice is collected to inform evaluation of the careers provision.",
        "Employers and all stakeholders survey for improvements in careers provision",
        "",
    ),
    (
        "2.7",
        "Careers provision is structured with reference to relevant frameworks and guidance.",
        "Monitoring of careers learning in PSHE must be strategically planned",
        "HT3/HT4 SR and PLLS",
    ),
    (
        "3.3",
        "A written careers learning journey maps chances to challenge stereotypes.",
        "To add to learning journey",
        "HT3 - SR",
    ),
    (
        "3.4",
        "Parents and carers receive labour market information on an ad hoc basis.",
        "Share with all students and parents on platforms (Morrisby?)",
        "HT3 - SR",
    ),
    (
        "3.6",
        "Staff are regularly supported to understand LMI and all routes at key transitions.",
        "Staff to use LMI data when teaching. Unbiased careers conversations",
        "HOFS / SR / ALL STAFF",
    ),
    (
        "3.7",
        "The school engages with a range of providers to support careers provision.",
        "Learning journey to show connections with employers",
        "HT3 / 4 SR",
    ),
    (
        "4.1",
        "Discrete timetabled careers education is structured and progressive.",
        "Monitored by key staff to ensure the content is delivered effectively",
        "HT3 / 4 SR",
    ),
    (
        "4.2",
        "Staff are expected to refer to pathways and the world of work in lessons.",
        "Staff to be supported in delivering key skills",
        "HOFS / ALL STAFF",
    ),
    (
        "4.3",
        "Staff receive LMI and routes information on an ad hoc basis.",
        "Train staff to discuss LMI in all lessons where relevant",
        "",
    ),
    (
        "4.4",
        "There is a whole school approach to essential skills development.",
        "Measurable opportunities for key skills",
        "HT3/4 \u2013 SR",
    ),
    (
        "5.1",
        "The school identifies and engages with employers, including key regional sectors.",
        "Employer encounters \u2013 employer engagement recorded",
        "HT3/ 4",
    ),
    (
        "5.2",
        "All learners engage in progressive meaningful encounters with employers.",
        "Ensure all insights are recorded on learning journey",
        "HT3/4",
    ),
    (
        "6.1",
        "Learners can have a personal guidance interview; parents and carers are told.",
        "Mapping document for personal guidance and parental encounters",
        "HT3/4",
    ),
    (
        "6.2",
        "Learners can have a personal guidance interview; parents and carers are told.",
        "As above",
        "",
    ),
    (
        "6.3",
        "There is evidence of evaluation of the impact of impartial personal guidance.",
        "Review the personal guidance interview system. Meet with NR to discuss",
        "HT 3 SR/ NR",
    ),
]
PRIORITIES = {"1.2", "1.3", "2.1", "2.4", "6.3"}
STRENGTHS = {"2.3", "5.1"}


def _complete_self_assessment(screen) -> None:
    page = screen.page
    screen.follow("Self-assessments and trend", "sa-list-empty")
    screen.follow("Start a self-assessment", "sa-start")
    page.get_by_label("Who took part").fill("SR (careers leader), NR (deputy head)")
    screen.submit("Start the self-assessment", "bm1")
    for number in range(1, 9):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"{number}.")
        groups = page.locator("fieldset")
        for index in range(groups.count()):
            group = groups.nth(index)
            status = "Met" if (number + index) % 3 else "In progress"
            group.get_by_label(status, exact=True).check()
            group.get_by_role("textbox").fill(f"Evidence for benchmark {number}, item {index + 1}")
        if number == 2:
            # A mistyped official figure is refused with a clear message, and nothing is saved.
            page.get_by_label("Official Compass percentage (optional)").fill("120")
            screen.submit("Save and go to benchmark 3", "bm2-compass-120")
            expect(page.get_by_role("alert")).to_contain_text("between 0 and 100")
            expect(page.locator("fieldset").first.get_by_role("textbox")).to_have_value(
                "Evidence for benchmark 2, item 1"
            )
            assert not CriterionAnswer.objects.filter(criterion__benchmark__number=2).exists()
            page.get_by_label("Official Compass percentage (optional)").fill("70")
        if number < 8:
            screen.submit(f"Save and go to benchmark {number + 1}")
        else:
            screen.submit("Save and see the summary", "sa-summary")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Self-assessment,")
    assessment = SelfAssessment.objects.get()
    every_criterion = Criterion.objects.filter(benchmark__version="2025", audience="school")
    assert assessment.answers.count() == every_criterion.count() == 24
    assert CompassScore.objects.get().percentage == 70
    screen.follow("Back to self-assessments", "sa-list")
    expect(page.locator("svg.chart")).to_be_visible()


def _complete_maturity_review(screen) -> None:
    page = screen.page
    areas = {code: rest for code, *rest in SEED_AREAS}
    screen.visit("/benchmarks/")
    screen.follow("Maturity reviews", "mr-empty")
    screen.follow("Start a maturity review", "mr-start")
    page.get_by_label("Who took part").fill("SR (careers leader), NR (deputy head)")
    screen.submit("Start the review")
    statements = list(MaturityStatement.objects.values_list("code", flat=True))
    for index, code in enumerate(statements):
        expect(page.get_by_role("heading", level=1)).to_contain_text(code)
        following = statements[index + 1] if index + 1 < len(statements) else None
        if code not in areas:
            screen.follow(f"Skip to {following} without saving")
            continue
        position, next_steps, who = areas[code]
        page.get_by_label("Level 2" if code in PRIORITIES else "Level 3", exact=True).check()
        page.get_by_label("Current position").fill(position)
        page.get_by_label("Next steps").fill(next_steps)
        page.get_by_label("By when / who").fill(who)
        if code in PRIORITIES:
            page.get_by_label("Priority action area").check()
        elif code in STRENGTHS:
            page.get_by_label("Area of strength").check()
        step = "mr-statement" if code == "1.2" else None
        if following:
            screen.submit(f"Save and go to {following}", step)
        else:
            screen.submit("Save and see the summary", "mr-summary")
    assert MaturityResponse.objects.count() == len(SEED_AREAS)
    glance = page.locator("section").filter(has_text="Priority action areas")
    for code in PRIORITIES:
        expect(glance).to_contain_text(code)
    expect(page.locator("section").filter(has_text="Areas of strength")).to_contain_text(
        "5.1 Effective employer engagement"
    )
    plan = page.get_by_role("table").filter(has_text="Current position")
    expect(plan).to_contain_text("Share careers plan with stakeholders")
    expect(plan).to_contain_text("HT3/HT4 SR and PLLS")


def _tick_checklist(screen) -> None:
    page = screen.page
    screen.visit("/benchmarks/")
    screen.follow("Annual checklist")
    screen.follow("Tick this year's checklist", "checklist-edit")
    boxes = page.get_by_role("checkbox")
    for index in range(12):
        boxes.nth(index).check()
    screen.submit("Save the checklist", "checklist")
    expect(page.locator(".summary-card").first).to_contain_text("12 of 20 · Amber")


def test_a_careers_leader_completes_the_benchmarks_and_a_governor_reads_them(
    open_screen, leader, governor
):
    screen = open_screen("desktop")
    screen.visit("/accounts/sign-in/")
    screen.sign_in(leader.email)
    screen.follow("Benchmarks", "index-empty")
    _complete_self_assessment(screen)
    _complete_maturity_review(screen)
    _tick_checklist(screen)

    reader = open_screen("desktop")
    page = reader.page
    reader.visit("/accounts/sign-in/")
    reader.sign_in(governor.email)
    reader.follow("Benchmarks", "governor-index")
    reader.follow("Self-assessments and trend", "governor-sa-list")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.get_by_role("link", name="Start a self-assessment")).to_have_count(0)
    assessment = SelfAssessment.objects.get()
    reader.follow(locator=page.get_by_role("link", name=f"{assessment.assessed_on.day} "))
    reader.shot("governor-sa-summary")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.get_by_role("cell", name="70%")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Answer")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(0)

    reader.visit("/benchmarks/maturity/")
    reader.follow(locator=page.get_by_role("table").get_by_role("link").first)
    reader.shot("governor-mr-summary")
    expect(page.get_by_role("link", name="Answer the statements")).to_have_count(0)
    expect(page.locator("main").get_by_role("link", name="Change")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(0)

    refused = reader.visit(f"/benchmarks/self-assessments/{assessment.pk}/benchmark/1/", "403")
    assert refused.status == 403


def test_a_governor_reads_the_summary_on_a_phone(open_screen, institution, governor):
    from tests.benchmarks.factories import SelfAssessmentFactory, answer_all, compass

    for month in (1, 6, 11):
        import datetime as dt

        assessment = SelfAssessmentFactory(
            institution=institution, assessed_on=dt.date(2026, month, 10)
        )
        answer_all(assessment, AnswerStatus.NOT_MET)
        # Scores that rise over the year, differently per benchmark, for a readable trend.
        CriterionAnswer.objects.filter(
            self_assessment=assessment, criterion__order__lte=1 + month // 4
        ).update(status=AnswerStatus.MET)
        compass(assessment, 1, 60 + month)
    screen = open_screen("phone")
    screen.visit("/accounts/sign-in/")
    screen.sign_in(governor.email)
    screen.visit("/benchmarks/self-assessments/", "sa-list")
    expect(screen.page.locator("svg.chart")).to_be_visible()
    screen.visit(assessment.get_absolute_url(), "sa-summary")
