"""The careers programme's rules: when a planned activity is due, delivered or missed; the two
starting templates; and the "Careers programme" step of the new academic year.

Seed 003's "Making it Meaningful" cycle asks of every learning outcome: when does it take place,
is it tracked, and where there is a gap, where is it best addressed. The programme answers the
first (an activity in a half term), the encounters log the second (an encounter names the planned
activity it delivers), and the audit (selectors.programme_audit) the third.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from careers_portal.rag import Colour, Status
from careers_portal.schools.models import AcademicYear, HalfTerm
from careers_portal.schools.services import TYPICAL_HALF_TERMS

DELIVERED = Status("Delivered", Colour.GREEN, 0)
DUE_LATER = Status("Due later", Colour.GREY, 1)
DUE_NOW = Status("Due this half term", Colour.AMBER, 2)
MISSED = Status("Missed", Colour.RED, 3)
ACTIVITY_STATUSES = (DELIVERED, DUE_LATER, DUE_NOW, MISSED)

# In the audit: an outcome delivered, planned and not yet delivered, or neither (a gap).
OUTCOME_DELIVERED = Status("Delivered", Colour.GREEN, 0)
OUTCOME_PLANNED = Status("Planned", Colour.BLUE, 1)
OUTCOME_GAP = Status("Gap", Colour.RED, 2)


@dataclass(frozen=True)
class Window:
    """The days an activity is meant to happen in: its half term, or its month within it."""

    start: dt.date
    end: dt.date


def half_term_windows(year: AcademicYear, recorded: Iterable[HalfTerm] = ()) -> dict[int, Window]:
    """Half term number -> its first and last day that year: the recorded dates (a school's own)
    where there are some, the typical ones the app creates years with otherwise."""
    windows = {}
    for number, ((start_month, start_day), (end_month, end_day)) in enumerate(
        TYPICAL_HALF_TERMS, start=1
    ):
        windows[number] = Window(
            _in_year(year.start_year, start_month, start_day),
            _in_year(year.start_year, end_month, end_day),
        )
    for half_term in recorded:
        windows[half_term.number] = Window(half_term.start_date, half_term.end_date)
    return windows


def _in_year(start_year: int, month: int, day: int) -> dt.date:
    return dt.date(start_year if month >= 9 else start_year + 1, month, day)


def activity_window(
    *, year: AcademicYear, half_term: int, month: int | None, windows: dict[int, Window]
) -> Window:
    """When an activity is meant to happen: its month when it has one, else its half term."""
    if month:
        first = _in_year(year.start_year, month, 1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return Window(first, last)
    return windows[half_term]


def activity_status(*, delivered: bool, window: Window, today: dt.date) -> Status:
    """Delivered once an encounter names it; otherwise due later, due now, or missed once the
    last day of its half term (or month) has passed."""
    if delivered:
        return DELIVERED
    if today > window.end:
        return MISSED
    if today >= window.start:
        return DUE_NOW
    return DUE_LATER


def cdi_stage_for(year_group: int) -> str:
    """The CDI framework stage of a year group: 11-14 (Y7-9), 14-16 (Y10-11), post-16."""
    if year_group <= 9:
        return "11-14"
    if year_group <= 11:
        return "14-16"
    return "post-16"


# --- Starting templates, in the app's own words ---------------------------------------------


@dataclass(frozen=True)
class TemplateActivity:
    title: str
    years: tuple[int, ...]
    half_term: int
    kind: str
    benchmarks: tuple[int, ...]
    outcome: str
    cdi: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    lead: str = ""
    pathway: str = ""
    is_pal: bool = False
    month: int | None = None


@dataclass(frozen=True)
class ProgrammeTemplate:
    key: str
    title: str
    summary: str
    activities: tuple[TemplateActivity, ...]


T = TemplateActivity

# fmt: off
MAINSTREAM = ProgrammeTemplate(
    "mainstream",
    "Mainstream school, 11 to 18",
    "Careers lessons, employer encounters and guidance from Year 7 to Year 13, with the six "
    "provider encounters of the Provider Access Legislation.",
    (
        T("Me and my future: careers lesson", (7,), 1, "careers_lesson", (1, 3),
          "Describe my strengths and interests and how they link to jobs.",
          ("grow",), ("Aiming High",), "Form tutors"),
        T("People who work in our community: employer talk", (7,), 3, "employer_talk", (5,),
          "Name three jobs I had not heard of and what people in them do.",
          ("explore",), ("Listening",), "Careers leader"),
        T("Careers in every subject week", (7, 8, 9), 5, "curriculum_link", (4,),
          "Explain how one of my subjects is used at work.",
          ("explore", "big_picture"), ("Speaking",), "Heads of department"),
        T("Breaking stereotypes: PSHE unit", (8,), 2, "pshe_unit", (1, 3),
          "Challenge a stereotype about who does which job.",
          ("big_picture",), ("Listening", "Speaking"), "PSHE lead"),
        T("Provider encounter: college and apprenticeships (PAL 1)", (8,), 4, "provider_talk",
          (7,), "Describe technical and apprenticeship routes open to me at 16.",
          ("explore",), ("Listening",), "Careers leader", is_pal=True),
        T("Enterprise challenge with a local employer", (8,), 6, "enterprise_challenge", (5,),
          "Work in a team to solve a problem set by an employer.",
          ("create",), ("Teamwork", "Creativity", "Problem Solving"), "Business studies"),
        T("Options: choosing my GCSEs", (9,), 3, "options", (2, 3),
          "Use labour market information to choose options that keep doors open.",
          ("manage", "big_picture"), ("Aiming High",), "Head of Year 9"),
        T("Options evening for parents and carers", (9,), 3, "parents_evening", (1, 3),
          "Parents and carers know the routes after Year 9 and where to find help.",
          (), (), "Head of Year 9"),
        T("Provider encounter: technical routes taster (PAL 2)", (9,), 4, "provider_taster",
          (7,), "Try a technical course and say what learning there is like.",
          ("explore",), ("Problem Solving",), "Careers leader", is_pal=True),
        T("CVs and applications: careers lesson", (10,), 2, "careers_lesson", (1, 3),
          "Write a CV and a personal statement for a job I would like.",
          ("create",), ("Speaking",), "Form tutors"),
        T("Mock interviews with employers", (10,), 4, "mentoring", (5,),
          "Answer interview questions and reflect on the feedback.",
          ("create", "manage"), ("Speaking", "Staying Positive"), "Careers leader"),
        T("Work experience week", (10,), 6, "work_experience", (6,),
          "Carry out a task set by an employer and reflect on what I learned about work.",
          ("explore", "create"), ("Teamwork", "Leadership", "Staying Positive"),
          "Work experience coordinator"),
        T("Provider encounter: apprenticeships and T levels (PAL 3)", (10,), 5,
          "provider_talk", (7,), "Compare A levels, T levels and apprenticeships.",
          ("explore", "manage"), ("Listening",), "Careers leader", is_pal=True),
        T("Personal guidance interview", (11,), 1, "tutor_time", (8,),
          "Agree a realistic plan for after Year 11 with a qualified adviser.",
          ("manage",), ("Aiming High",), "Careers adviser"),
        T("Post-16 choices fair", (11,), 2, "careers_fair", (7,),
          "Ask colleges, sixth forms and providers about courses and entry requirements.",
          ("explore",), ("Speaking", "Listening"), "Careers leader"),
        T("Provider encounter: college open morning (PAL 4)", (11,), 3, "provider_visit", (7,),
          "Describe where a college course leads and how to apply.",
          ("manage",), ("Aiming High",), "Careers leader", is_pal=True),
        T("Higher education taster day", (12,), 5, "he_visit", (7,),
          "Describe what studying at university is like and how to apply.",
          ("explore", "manage"), ("Aiming High",), "Head of Sixth Form"),
        T("Provider encounter: degree apprenticeships (PAL 5)", (12,), 3, "provider_talk", (7,),
          "Weigh a degree apprenticeship against a degree.",
          ("explore",), ("Listening",), "Head of Sixth Form", is_pal=True),
        T("Work placement for sixth formers", (12,), 6, "work_experience", (6,),
          "Complete a placement linked to my next step and ask for employer feedback.",
          ("create",), ("Leadership", "Teamwork"), "Head of Sixth Form"),
        T("UCAS and applications support", (13,), 1, "careers_lesson", (3, 8),
          "Submit an application for university, an apprenticeship or a job.",
          ("manage",), ("Staying Positive",), "Head of Sixth Form"),
        T("Provider encounter: apprenticeship recruitment (PAL 6)", (13,), 2, "provider_talk",
          (7,), "Know how apprenticeship vacancies are advertised and applied for.",
          ("create",), ("Aiming High",), "Head of Sixth Form", is_pal=True),
        T("Moving on: managing change after school", (13,), 5, "pshe_unit", (3,),
          "Plan how to look after my wellbeing and money after school.",
          ("balance",), ("Staying Positive",), "PSHE lead"),
    ),
)

SPECIAL = ProgrammeTemplate(
    "special",
    "Special school",
    "Small steps by pathway as well as year group: sensory and pre-formal learners, "
    "semi-formal and formal pathways, and preparing for adulthood post-16.",
    (
        T("Jobs in our school: meet the staff", (7, 8, 9), 1, "employer_talk", (5,),
          "Say or show one job a person in our school does.",
          ("explore",), ("Listening",), "Class teachers", pathway="Semi-formal pathway"),
        T("Things I like and am good at", (7, 8, 9), 2, "careers_lesson", (1, 3),
          "Choose pictures of activities I enjoy and share them.",
          ("grow",), ("Speaking",), "Class teachers"),
        T("Sensory visit to a local workplace", (), 3, "workplace_visit", (6,),
          "Respond to the sights and sounds of a workplace with support.",
          ("explore",), ("Staying Positive",), "Class teachers", pathway="Sensory pathway"),
        T("Enterprise: our school café", (9, 10, 11), 4, "enterprise_challenge", (4, 5),
          "Take a role in running a café stall and handle money with help.",
          ("create",), ("Teamwork", "Problem Solving"), "Life skills lead"),
        T("Travel training and independence", (10, 11), 2, "tutor_time", (3,),
          "Plan a safe journey to a place of work or college.",
          ("balance", "manage"), ("Aiming High",), "Independence lead"),
        T("Provider encounter: college taster (PAL)", (9,), 5, "provider_taster", (7,),
          "Try a college course and say whether I would like it.",
          ("explore",), ("Listening",), "Careers leader", is_pal=True),
        T("Provider encounter: supported internships (PAL)", (11,), 3, "provider_talk", (7,),
          "Know what a supported internship is and who can help me apply.",
          ("explore", "manage"), ("Aiming High",), "Careers leader", is_pal=True),
        T("Preparing for adulthood review with parents and carers", (11,), 5,
          "parents_evening", (3, 8), "Families know the options after school and the next "
          "steps in the EHCP.", ("manage",), (), "SENCo"),
        T("Supported work experience", (12, 13), 4, "work_experience", (6,),
          "Complete tasks at a workplace with a job coach and reflect with photos.",
          ("create",), ("Teamwork", "Staying Positive"), "Job coach",
          pathway="Preparing for adulthood"),
        T("Personal guidance with a qualified adviser", (11, 13), 1, "tutor_time", (8,),
          "Share my hopes for the future and agree next steps.",
          ("manage",), ("Speaking",), "Careers adviser"),
    ),
)
# fmt: on

TEMPLATES = {template.key: template for template in (MAINSTREAM, SPECIAL)}


# --- The new academic year ------------------------------------------------------------------


class ProgrammeNewYearStep:
    """The "Careers programme" step of careers_portal.schools.new_year: this year's planned
    activities carried into the next, without their delivery."""

    name = "Careers programme"

    def preview(self, *, institution, from_year, to_year):
        from encounters import selectors

        activities = selectors.activities_to_carry(
            institution=institution, from_year=from_year, to_year=to_year
        )
        return [_change(activities, to_year, done=False)]

    def apply(self, *, institution, from_year, to_year, by):
        from encounters import services

        copies = services.programme_copy_forward(
            institution=institution, from_year=from_year, to_year=to_year, by=by
        )
        return [_change(copies, to_year, done=True)]


def _change(activities, to_year, *, done: bool):
    from careers_portal.schools.new_year import NewYearChange

    verb = "carried" if done else "to carry"
    return NewYearChange(
        label=f"Planned activities of the careers programme {verb} into {to_year.name} "
        "(without their delivery)",
        count=len(activities),
        items=tuple(f"{a.title}: {a.who_label}, {a.when_label}" for a in activities),
        warning=""
        if activities or done
        else f"Nothing to carry: the programme is already in {to_year.name}, or is empty.",
    )
