"""The governors' questions (DOMAIN section 8), each answered from live data with its evidence
and date. Figures are suppressed: governors never see a learner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.dateformat import format as date_format

from careers_portal import rag
from careers_portal.accounts.models import Membership, Role
from careers_portal.insights.figures import QuestionFigures
from careers_portal.rag import Colour, Status
from careers_portal.schools.models import Institution

YES = Status("Yes", Colour.GREEN)
NO = Status("No", Colour.RED)
PARTLY = Status("Partly", Colour.AMBER)
UNKNOWN = Status("Not known yet", Colour.GREY)


@dataclass(frozen=True)
class Publication:
    """Whether the statutory careers information and the provider access statement are
    published, and when (filled by the careers page feature, if present)."""

    published: bool
    updated: dt.date | None
    url: str


# The careers page (its own feature in insights) registers a function here; none means unknown.
_publication: list[Callable[[Institution], Publication | None]] = []


def register_publication(provider: Callable[[Institution], Publication | None]) -> None:
    """Let the careers page say whether it is published."""
    if provider not in _publication:
        _publication.append(provider)


def unregister_publication(provider: Callable[[Institution], Publication | None]) -> None:
    """Remove it again (tests)."""
    if provider in _publication:
        _publication.remove(provider)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    status: Status
    evidence: str
    as_of: dt.date | None
    url: str


def _day(day) -> str:
    return date_format(day, "j F Y") if day else ""


def answers(board: QuestionFigures) -> list[Answer]:
    """Each question with its answer, the evidence and its date."""
    institution, today = board.institution, board.today
    result = []
    leaders = list(
        Membership.objects.active()
        .for_institution(institution)
        .filter(role=Role.CAREERS_LEADER)
        .select_related("user")
    )
    result.append(
        Answer(
            "Is there a named careers leader?",
            ", ".join(str(m.user) for m in leaders) if leaders else "No careers leader is named.",
            YES if leaders else NO,
            "People with the careers leader role in the portal",
            today,
            reverse("accounts:people"),
        )
    )
    plan = board.plan
    if plan is None:
        result.append(
            Answer(
                "Is the plan approved by the board, and when is the next review?",
                "There is no strategic careers plan yet.",
                NO,
                "",
                None,
                reverse("plans:list"),
            )
        )
    else:
        approved = plan.governors_approved_at
        words = (
            f"Approved by governors on {_day(approved)}."
            if approved
            else "Not yet approved by governors."
        )
        words += (
            f" Next review {_day(plan.next_review_date)}."
            if plan.next_review_date
            else " No review date set."
        )
        overdue_review = plan.next_review_date and plan.next_review_date < today
        status = (
            YES
            if approved and plan.next_review_date and not overdue_review
            else (PARTLY if approved else NO)
        )
        result.append(
            Answer(
                "Is the plan approved by the board, and when is the next review?",
                words,
                status,
                plan.display_title,
                approved.date() if approved else None,
                plan.get_absolute_url(),
            )
        )
    publication = next((p(institution) for p in _publication), None)
    result.append(
        Answer(
            "Are the careers information and the provider access policy statement published?",
            (
                "Not recorded in the portal."
                if publication is None
                else (
                    "Published"
                    + (
                        f", last updated {_day(publication.updated)}."
                        if publication.updated
                        else "."
                    )
                )
                if publication.published
                else "Not published yet."
            ),
            UNKNOWN if publication is None else (YES if publication.published else NO),
            "The school's careers page",
            publication.updated if publication else None,
            publication.url if publication else "",
        )
    )
    programme = board.programme
    parts = []
    shares = []
    for label, fig in (("by 16", programme.guidance_16), ("by 18", programme.guidance_18)):
        if fig is not None:
            parts.append(f"{fig.shown_percent} {label}")
            shares.append(fig)
    if shares:
        everyone = all(not f.suppressed and f.of and f.count == f.of for f in shares)
        status = YES if everyone else (UNKNOWN if all(f.suppressed for f in shares) else PARTLY)
    else:
        status = UNKNOWN
    result.append(
        Answer(
            "What share had a guidance meeting by 16 and a further one by 18?",
            "; ".join(parts) if parts else "No Year 11 or Year 13 on roll.",
            status,
            "Guidance meetings recorded for Year 11 (by 16) and Year 13 (by 18)",
            today,
            programme.coverage_url,
        )
    )
    bm = board.benchmarks
    national = bm.national
    result.append(
        Answer(
            "How many benchmarks are fully met, against the national average?",
            (
                "No self-assessment yet."
                if bm.fully_met is None
                else f"{bm.fully_met} of 8"
                + (
                    f" against a national average of {national.average_benchmarks_met}"
                    f" ({national.academic_year})"
                    if national
                    else ""
                )
                + "."
            ),
            bm.fully_met_status,
            (national.source if national else "The school's latest self-assessment"),
            (bm.this_year or bm.last_year).assessment.assessed_on
            if (bm.this_year or bm.last_year)
            else None,
            bm.url,
        )
    )
    pal = programme.pal
    result.append(
        Answer(
            "Is provider access (PAL) met for each phase?",
            "; ".join(f"{phase.label}: {phase.status.label.lower()}" for phase in pal)
            or "No phases to judge.",
            YES
            if pal and all(p.met for p in pal)
            else rag.worst([p.status for p in pal], empty=UNKNOWN),
            "Provider encounters marked PAL, offered and attended"
            + (f"; next deadline {_day(programme.pal_deadline)}" if programme.pal_deadline else ""),
            today,
            programme.pal_url,
        )
    )
    dest = board.destinations
    neet_words = "No destinations recorded for last year's leavers."
    if dest.neet is not None:
        neet_words = f"{dest.neet.shown_percent} of {dest.leavers.year.name} leavers NEET"
        neet_words += (
            f" against the local authority's {dest.local_neet.percent}%."
            if dest.local_neet
            else "; the local authority's figure is not entered yet."
        )
    result.append(
        Answer(
            "How does NEET compare with the local authority's figure?",
            neet_words,
            dest.neet_status,
            dest.local_neet.source
            if dest.local_neet and dest.local_neet.source
            else "Leavers' destinations",
            dest.local_neet.updated_at.date() if dest.local_neet else None,
            reverse("insights:local_neet")
            if dest.neet is not None and dest.local_neet is None
            else dest.url,
        )
    )
    gaps = []
    cohorts = {line.label: line for line in programme.by_cohort}
    everyone_line = cohorts.get("All learners")
    for label in ("SEND (SEN support or EHCP)", "Disadvantaged"):
        line = cohorts.get(label)
        if line is None or everyone_line is None:
            continue
        name = label.split(" (")[0]
        pairs = list(zip(line.cells, everyone_line.cells, strict=False))
        if pairs and all(cell[1].suppressed for cell, _all in pairs):
            gaps.append(f"{name}: c (a small group)")
            continue
        for (number, fig, _colour, _words), (_n, all_fig, *_rest) in pairs:
            if fig.suppressed:
                gaps.append(f"{name}, BM{number}: c")
            elif fig.percent is not None and all_fig.percent is not None:
                gaps.append(
                    f"{name}, BM{number}: {fig.percent:.0f}% against {all_fig.percent:.0f}% for all"
                )
    if dest.leavers and dest.leavers.size:
        for gap in dest.leavers.gaps:
            if gap["label"] in ("SEND", "Disadvantaged"):
                gaps.append(
                    f"{gap['label']} leavers participating: {gap['inside'].shown_percent} against "
                    f"{gap['outside'].shown_percent} for the others"
                )
    gaps = [g for g in gaps if g]
    result.append(
        Answer(
            "What are the gaps for disadvantaged and SEND learners?",
            "; ".join(gaps) + "." if gaps else "No figures yet.",
            Status("See the figures", Colour.BLUE) if gaps else UNKNOWN,
            "Coverage of Benchmarks 5 to 8 by cohort, and leavers' participation by cohort",
            today,
            programme.coverage_url,
        )
    )
    return result
