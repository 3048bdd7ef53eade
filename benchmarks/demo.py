"""Demo content for `seed_demo`: self-assessments, a maturity review and annual checklists.

The receiver of `demo_institution_seeded` (connected in BenchmarksConfig.ready). Two 2025
self-assessments (spring of last academic year and this autumn term) whose answers and Compass
percentages show progress, a maturity review of this term with priorities and strengths, and the
annual checklist of last year and this year. Each is keyed by its date or academic year and made
only when missing, so running seed_demo again creates nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from benchmarks import services
from benchmarks.models import (
    AnnualChecklist,
    AnswerStatus,
    Benchmark,
    ChecklistItem,
    Criterion,
    Marking,
    MaturityReview,
    MaturityStatement,
    SelfAssessment,
    Version,
    audience_for,
)
from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import AcademicYear
from careers_portal.schools.services import academic_year_ensure

# Per benchmark: share of criteria met (last year, this term), and the Compass percentages.
MET_SHARE = {
    1: (0.6, 0.85),
    2: (0.5, 0.75),
    3: (0.3, 0.5),
    4: (0.4, 0.6),
    5: (0.6, 0.8),
    6: (0.3, 0.45),
    7: (0.55, 0.8),
    8: (0.7, 0.9),
}
COMPASS = {
    1: (62, 81),
    2: (50, 72),
    3: (35, 52),
    4: (45, 60),
    5: (64, 80),
    6: (33, 47),
    7: (58, 78),
    8: (71, 88),
}
EVIDENCE = {
    1: "Careers programme published on the website; reviewed with governors each July.",
    2: "LMI displays in the library; LMI in tutor time each half term.",
    3: "Careers records in the portal; SEND and PP learners tracked by the careers leader.",
    4: "Careers links in schemes of work for English, maths and science.",
    5: "Employer talks logged for every year group; reflection sheets afterwards.",
    6: "Year 10 work experience week; Year 9 engineering visit.",
    7: "PAL encounters with Northfield College and Midlands Apprenticeship Training.",
    8: "Level 6 adviser in school two days a week; Year 11 interviews from October.",
}
PARTICIPANTS = (
    "Careers leader, careers champion (science), deputy head (SLT link), "
    "link governor, enterprise adviser"
)

# Maturity review: statement code -> (level, marking, current position, actions, next steps,
# by when / who). Statements not listed are answered at a plain level.
MATURITY = {
    "1.1": (
        4,
        Marking.STRENGTH,
        "A careers champion in every department, meeting each half term.",
        "",
        "Share our champion model with the Careers Hub.",
        "HT4 - careers leader",
    ),
    "1.6": (
        4,
        Marking.STRENGTH,
        "Active in the Careers Hub; the careers leader chairs the local network.",
        "",
        "Keep it up.",
        "",
    ),
    "1.7": (
        3,
        Marking.STRENGTH,
        "Our enterprise adviser helps plan the employer programme each term.",
        "",
        "Ask the adviser to join the July review.",
        "HT6 - careers leader",
    ),
    "2.2": (
        1,
        Marking.PRIORITY,
        "Careers support for SEND and disadvantaged learners is not planned separately.",
        "Plan extra guidance and encounters for SEND and pupil premium learners.",
        "Agree with the SENCo which learners get an extra guidance meeting.",
        "HT3 - careers leader and SENCo",
    ),
    "2.4": (
        1,
        Marking.PRIORITY,
        "Destinations are collected by hand in September and often late.",
        "Collect intended destinations in the spring and check actual ones in October.",
        "Import the LA's destinations return into the portal.",
        "HT4 - data manager",
    ),
    "2.5": (
        2,
        Marking.PRIORITY,
        "We do not ask learners what they gained from the programme.",
        "Run a career readiness survey for every year group.",
        "Send the baseline survey to Year 7 and Year 10.",
        "HT3 - careers champion",
    ),
    "3.4": (
        2,
        Marking.PRIORITY,
        "Parents know little about local jobs and apprenticeships.",
        "Add an LMI session to the Year 9 options evening.",
        "Book the Careers Hub's LMI presenter for the options evening.",
        "HT4 - careers leader",
    ),
}
LEVELS_BY_AREA = {1: 3, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3}
# Checklist items done, last academic year and this one.
CHECKLIST_DONE = (
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20],
)


def seed_demo_content(sender, institution, **kwargs) -> None:
    """Receiver: the demo self-assessments, maturity review and checklists of `institution`."""
    current = AcademicYear.start_year_for(timezone.localdate())
    leader = (
        Membership.objects.filter(institution=institution, role=Role.CAREERS_LEADER, is_active=True)
        .select_related("user")
        .first()
    )
    by = leader.user if leader else None
    # Spring of last academic year, and this autumn term.
    for which, day in enumerate((dt.date(current, 3, 12), dt.date(current, 10, 15))):
        _self_assessment(institution, by, day, which)
    _maturity_review(institution, by, dt.date(current, 10, 8))
    for which, start_year in enumerate((current - 1, current)):
        _checklist(institution, start_year, CHECKLIST_DONE[which])


def _self_assessment(institution, by, day: dt.date, which: int) -> None:
    assessments = SelfAssessment.objects.for_institution(institution)
    if assessments.filter(assessed_on=day, version=Version.V2025).exists():
        return
    assessment = services.assessment_start(
        institution=institution,
        by=by,
        assessed_on=day,
        version=Version.V2025,
        participants=PARTICIPANTS,
    )
    criteria = Criterion.objects.filter(
        benchmark__version=Version.V2025, audience=audience_for(institution)
    ).order_by("benchmark__number", "order")
    by_benchmark: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        by_benchmark.setdefault(criterion.benchmark_id, []).append(criterion)
    for benchmark in Benchmark.objects.filter(version=Version.V2025):
        own = by_benchmark.get(benchmark.pk, [])
        met = round(len(own) * MET_SHARE[benchmark.number][which])
        answers = {}
        for index, criterion in enumerate(own):
            if index < met:
                answers[criterion.pk] = services.AnswerInput(
                    AnswerStatus.MET, EVIDENCE[benchmark.number]
                )
            elif index < met + 2:
                answers[criterion.pk] = services.AnswerInput(AnswerStatus.IN_PROGRESS)
            else:
                answers[criterion.pk] = services.AnswerInput(AnswerStatus.NOT_MET)
        services.benchmark_answers_save(
            assessment=assessment,
            benchmark=benchmark,
            answers=answers,
            compass_percentage=COMPASS[benchmark.number][which],
        )


def _maturity_review(institution, by, day: dt.date) -> None:
    if MaturityReview.objects.for_institution(institution).filter(reviewed_on=day).exists():
        return
    review = services.review_start(
        institution=institution, by=by, reviewed_on=day, participants=PARTICIPANTS
    )
    for statement in MaturityStatement.objects.all():
        level, marking, position, actions, next_steps, who = MATURITY.get(
            statement.code, (LEVELS_BY_AREA.get(statement.area, 2), Marking.NONE, "", "", "", "")
        )
        services.response_save(
            review=review,
            statement=statement,
            level=level,
            marking=marking,
            current_position=position,
            actions_to_improve=actions,
            next_steps=next_steps,
            by_when_who=who,
        )


def _checklist(institution, start_year: int, numbers: list[int]) -> None:
    year = academic_year_ensure(start_year=start_year)
    if AnnualChecklist.objects.for_institution(institution).filter(academic_year=year).exists():
        return
    services.checklist_save(
        institution=institution,
        academic_year=year,
        items=ChecklistItem.objects.filter(number__in=numbers),
    )
