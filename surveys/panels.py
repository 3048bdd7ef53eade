"""Surveys' panels on an encounter's page, through encounters' extension point.

For each survey asked about the encounter (reflections of its learners, feedback from its
employer or provider): how many answered, the share agreeing, and what people wrote (for the
careers leader and SLT); and, for the careers leader, "Ask for reflections" and "Ask for feedback".
The leader uses them as the evidence of the "reflection" and "employer feedback" criteria.
"""

from __future__ import annotations

from django.urls import reverse

from careers_portal.accounts.permissions import role_can
from careers_portal.schools.models import AcademicYear
from encounters import selectors as encounter_selectors
from encounters.panels import Panel, PanelAction
from surveys import selectors
from surveys.models import Audience, Purpose


def encounter_panels(*, encounter, role: str) -> list[Panel]:
    """The reflection and feedback surveys of one encounter, and the buttons to ask for them."""
    surveys = list(selectors.surveys_of_encounter(encounter))
    can_read = role_can(role, "surveys.results")
    panels = []
    can_edit = role_can(role, "surveys.edit")
    for survey in surveys:
        figures = selectors.encounter_survey_figures(survey, role=role)
        lines = [f"{figures['responses']} of {figures['invited']} asked have answered."]
        if figures["share"] is not None:
            lines.append(f"{figures['share']:.0f}% agreed with the statements.")
        code = selectors.evidence_code(survey)
        actions = ()
        # The leader records the answers as the evidence of the criterion still missing.
        if (
            can_edit
            and figures["responses"]
            and encounter_selectors.criteria_to_evidence(encounter, code).exists()
        ):
            label = "reflection" if code == "reflection" else "employer feedback"
            actions = (
                PanelAction(
                    f"Use as the {label} evidence",
                    reverse("surveys:use_as_evidence", args=[encounter.pk, survey.pk]),
                    post=True,
                ),
            )
        panels.append(
            Panel(
                title=survey.title,
                lines=tuple(lines),
                quotes=tuple(figures["texts"]),
                url=reverse("surveys:results", args=[survey.pk]) if can_read else "",
                link_text="See the answers",
                actions=actions,
            )
        )
    if can_edit:
        audiences = {s.audience for s in surveys}
        actions = []
        if Audience.LEARNERS not in audiences:
            actions.append(
                PanelAction(
                    "Ask for reflections",
                    reverse("surveys:ask_reflections", args=[encounter.pk]),
                    post=True,
                )
            )
        if Audience.EMPLOYERS not in audiences:
            actions.append(
                PanelAction(
                    "Ask for feedback", reverse("surveys:ask_feedback", args=[encounter.pk])
                )
            )
        if actions:
            panels.append(
                Panel(
                    title="Ask the learners and the employer",
                    lines=(
                        "Learners reflect on what they learned; the employer or provider gives "
                        "feedback. Their answers appear here.",
                    ),
                    actions=tuple(actions),
                )
            )
    return panels


def learner_panels(*, learner, role: str) -> list[Panel]:
    """The learner's career-readiness answers over time, for the careers leader only."""
    if not role_can(role, "learners.record"):
        return []
    rows = selectors.learner_readiness_summary(learner)
    if not rows:
        return []
    lines = []
    previous = None
    for row in rows:
        line = (
            f"{row['title']}, {row['day']:%-d %B %Y} (Year {row['year_group']}): agreed with "
            f"{row['agree']} of {row['answered']} statements ({row['share']:.0f}%)"
        )
        if previous is not None:
            line += f", {row['share'] - previous:+.0f} points on the time before"
        previous = row["share"]
        lines.append(line + ".")
    return [
        Panel(
            title="Career readiness over time",
            lines=tuple(lines),
            url=reverse("surveys:learner", args=[learner.pk]),
            link_text="See every answer",
        )
    ]


def plan_voice_figures(*, institution, today, suppress: bool = True) -> list[dict]:
    """The latest voice per audience (this academic year, else last) beside the plan's text."""
    start = AcademicYear.start_year_for(today)
    for year in AcademicYear.objects.filter(start_year__in=[start, start - 1]).order_by(
        "-start_year"
    ):
        headlines = [
            h
            for h in selectors.voice_headlines(institution=institution, academic_year=year)
            if h.responses and h.purpose != Purpose.ENCOUNTER.label
        ]
        if headlines:
            break
    else:
        return []
    figures = []
    for h in headlines:
        share = (
            "fewer than 6 answered"
            if h.share_positive is None
            else f"{h.share_positive:.0f}% agree"
        )
        if h.share_positive is not None and h.baseline_share is not None:
            share += f" ({h.share_positive - h.baseline_share:+.0f} points on the baseline)"
        figures.append(
            {
                "group": "Stakeholder voice",
                "label": f"Voice of {h.audience.lower()}: {h.survey_title}",
                "value": f"{share}, {h.responses} response{'s' if h.responses != 1 else ''}",
                "source": f"survey, {h.as_of:%-d %B %Y}",
            }
        )
    return figures
