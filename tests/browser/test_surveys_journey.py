"""A new careers leader builds the career-readiness survey, repeats last year's baseline, invites
Year 10 and downloads the links; a learner answers on a phone without signing in; the results
show the answer and the change from the baseline."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from careers_portal.dates import today
from surveys import services
from surveys.models import Invitation, Question, Survey
from tests.factories import LearnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer_page(page) -> None:
    """Agree with every agreement question, take the first option of any other choice."""
    chosen: set[str] = set()
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
        chosen.add(radio.get_attribute("name"))
    for radio in page.locator("input[type=radio]").all():
        name = radio.get_attribute("name")
        if name not in chosen:
            radio.check()
            chosen.add(name)


def test_a_leader_runs_a_career_readiness_survey_and_a_learner_answers_it(
    open_screen, institution, leader, governor
):
    day = today()
    # Last year's baseline, answered by six learners (then in Year 9): half agreed.
    baseline = services.survey_from_blueprint(
        institution=institution,
        key="readiness-ks4",
        by=leader,
        opens_on=day - dt.timedelta(days=380),
        closes_on=day - dt.timedelta(days=360),
    )
    Survey.objects.filter(pk=baseline.pk).update(closes_on=day)  # let the seed answer it
    baseline.refresh_from_db()
    agreement = Question.objects.filter(section__survey=baseline, kind=Question.Kind.AGREEMENT)
    for value in [2, 2, 2, 4, 4, 4]:
        services.response_submit(
            survey=baseline, answers={q.pk: {"number": value} for q in agreement}, today=day
        )
    Survey.objects.filter(pk=baseline.pk).update(closes_on=day - dt.timedelta(days=360))
    LearnerFactory(institution=institution, year_group=10, first_name="Nia", last_name="Brook")
    LearnerFactory.create_batch(3, institution=institution, year_group=10)

    desk = open_screen("desktop")
    page = desk.page
    desk.visit("/accounts/sign-in/")
    desk.sign_in(leader.email)
    desk.navigate("Surveys", "list")
    desk.follow("New survey", "new")
    page.get_by_label("Career readiness (Key Stage 4)").check()
    desk.submit("Create the survey", "built")
    expect(
        page.get_by_role("heading", name="Career readiness (Key Stage 4)", level=1)
    ).to_be_visible()
    expect(
        page.get_by_text("I understand what a T level is and who it suits", exact=True)
    ).to_be_visible()
    # Reordered in place: htmx swaps the section, the page stays.
    first = page.locator(".survey-question").first
    expect(first).to_contain_text("I know what my options are after Year 11")
    page.get_by_role("button", name=re.compile("Move down.*I know what my options")).click()
    expect(first).to_contain_text("I understand what an apprenticeship is")
    desk.check()
    desk.shot("reordered")
    # Sections too: moved in place, then renamed.
    headings = page.locator("#survey-sections h2")
    page.get_by_role("button", name=re.compile("Move section down.*Your options")).click()
    expect(headings.first).to_have_text("1. Information and advice")
    desk.check()
    desk.shot("sections-reordered")
    desk.follow(
        "", "section-rename", locator=page.get_by_role("link", name=re.compile("Rename.*advice"))
    )
    page.get_by_label("Section title").fill("Where you find advice")
    desk.submit("Save the section", "section-renamed")
    expect(headings.first).to_have_text("1. Where you find advice")
    built = Survey.objects.exclude(pk=baseline.pk).get()
    assert Question.objects.filter(section__survey=built).count() == 21

    # This year's repeat of last year's baseline, asked of Year 10.
    desk.visit(f"/surveys/{baseline.pk}/copy/", "copy")
    page.get_by_label("Opens on").fill(day.isoformat())
    page.get_by_label("Closes on").fill((day + dt.timedelta(days=14)).isoformat())
    desk.submit("Copy the survey", "repeat")
    repeat = Survey.objects.get(baseline=baseline)
    desk.follow("Invite people", "invite")
    page.get_by_label("Year group").select_option(label="Year 10")
    desk.submit("Make the links", "links-made")
    expect(page.get_by_text("4 links made.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the links (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert len(rows) == 4
    nia = next(row for row in rows if row["Name"] == "Nia Brook")
    desk.follow("Printable sheet with QR codes", "sheet")
    expect(page.locator(".link-slip")).to_have_count(4)

    # Nia opens her link on a phone, signed out.
    phone = open_screen("phone")
    ppage = phone.page
    link = nia["Link"].split("/surveys/", 1)[1]
    phone.visit(f"/surveys/{link}", "public-first")
    expect(ppage.locator("#progress-label")).to_have_text("Page 1 of 4")
    expect(ppage.get_by_text("kept with your name")).to_be_visible()
    phone.submit("Continue", "public-error")  # nothing chosen: the errors, in words
    expect(ppage.get_by_text("There is a problem")).to_be_visible()
    for number in range(1, 5):
        _answer_page(ppage)
        phone.submit("Send my answers" if number == 4 else "Continue", f"public-page-{number}")
    expect(ppage.get_by_role("heading", name="Thank you")).to_be_visible()
    phone.visit(f"/surveys/{link}", "public-used")
    expect(ppage.get_by_role("heading", name="This link has been used")).to_be_visible()
    assert Invitation.objects.get(survey=repeat, learner__first_name="Nia").used_at is not None

    desk.visit(f"/surveys/{repeat.pk}/results/", "results")
    expect(page.locator("#response-rate")).to_contain_text("1 response from 4 invited")
    change = page.locator("#baseline-change")
    expect(change).to_contain_text("Up 50.0 points")
    expect(page.locator("#by-year")).to_contain_text("Year 10")
    desk.shot("results-change")

    # A governor reads the same results on a phone: one answer is a small group, shown as "c".
    gov = open_screen("phone")
    gov.visit("/accounts/sign-in/")
    gov.sign_in(governor.email)
    gov.navigate("Surveys", "governor-list")
    gov.visit(f"/surveys/{repeat.pk}/results/", "governor-results")
    expect(gov.page.locator("#suppression-note")).to_be_visible()
    expect(gov.page.locator("#baseline-change")).to_contain_text("Not comparable")


def test_a_leader_adds_an_employers_contact_and_asks_them_for_feedback(
    open_screen, institution, leader
):
    from tests.encounters.factories import EncounterFactory, OrganisationFactory

    organisation = OrganisationFactory(institution=institution, name="Brightwell Engineering")
    encounter = EncounterFactory(
        institution=institution, title="Engineering talk", date=today(), year_groups=[9]
    )
    encounter.organisations.set([organisation])
    desk = open_screen("desktop")
    page = desk.page
    desk.visit("/accounts/sign-in/")
    desk.sign_in(leader.email)
    desk.visit(encounter.get_absolute_url(), "encounter")
    desk.follow("Brightwell Engineering", "organisation")
    expect(page.get_by_text("No contacts yet.")).to_be_visible()
    page.get_by_label("Name").fill("Dee Harper")
    page.get_by_label("Role (optional)").fill("Education lead")
    page.get_by_label("Email address").fill("dee@brightwell")
    desk.submit("Add the contact", "contact-error")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Dee Harper")
    page.get_by_label("Email address").fill("dee@brightwell.example")
    desk.submit("Add the contact", "contact-added")
    expect(page.locator("#contact-people")).to_contain_text("Education lead")
    desk.visit(encounter.get_absolute_url())
    desk.follow("Ask for feedback", "ask-feedback")
    expect(page.get_by_label("People to invite, one a line")).to_have_value(
        re.compile("Dee Harper, dee@brightwell.example")
    )
