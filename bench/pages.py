"""The pages `make bench` measures. A feature adds its page with one line in PAGES.

`role` is who asks for the page (a Role, or None for anonymous); `kwargs` builds the URL's
arguments from the benchmark institution, e.g.
`Page("plan", "plans:detail", Role.SLT, lambda institution: {"pk": plan_of(institution).pk})`.

A form submission is a Page with `method="POST"`, `data` (the form's fields, built from the
institution), the `status` it answers with (302 for a redirect after saving) and, as each POST
writes, fewer `requests` at a lower `concurrency`. `largest=True` also measures the page after
the school is topped up to --largest learners. `note` says what the data looked like, e.g. how
many learners a POST attached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from benchmarks.models import Benchmark, MeaningfulCriterion, SelfAssessment
from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import Institution, Learner
from plans.demo import demo_plan


def no_kwargs(institution: Institution) -> dict:
    return {}


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    role: Role | None
    kwargs: Callable[[Institution], dict] = no_kwargs
    method: str = "GET"
    data: Callable[[Institution], dict] | None = None
    status: int = 200
    requests: int | None = None  # None: --requests
    concurrency: int | None = None  # None: --concurrency
    largest: bool = False
    note: Callable[[Institution], str] | None = None
    # How often a person of the mixed load test asks for it, against the other pages (0: never).
    weight: int = 0


# The year group the bench logs an encounter for: about 300 on roll at 2,000 learners.
LOGGED_YEAR = 9


def log_encounter_data(institution: Institution) -> dict:
    """The log-encounter form as a champion fills it in: a meaningful BM5 talk for all of Y9."""
    champion = (
        Membership.objects.for_institution(institution)
        .active()
        .filter(role=Role.CHAMPION)
        .order_by("pk")
        .first()
    )
    return {
        "title": "Bench: employer talk for a whole year group",
        "date": f"{timezone.localdate():%Y-%m-%d}",
        "in_school_day": "on",
        "department": champion.department_id or "",
        "kind": "employer_talk",
        "benchmarks": [Benchmark.objects.get(version="2025", number=5).pk],
        "meaningful_criteria": list(
            MeaningfulCriterion.objects.filter(benchmark_number=5).values_list("pk", flat=True)
        ),
        "year_groups": [str(LOGGED_YEAR)],
        "purpose": "Measured by make bench.",
    }


def logged_year_on_roll(institution: Institution) -> str:
    count = (
        Learner.objects.for_institution(institution)
        .on_roll()
        .filter(year_group=LOGGED_YEAR)
        .count()
    )
    return f"Year {LOGGED_YEAR}: {count} on roll, each POST attaches them all"


def readiness_survey(institution: Institution):
    """The demo's career-readiness repeat (Years 10 and 11, about 20 answers per learner)."""
    from surveys.models import Survey

    return Survey.objects.for_institution(institution).filter(baseline__isnull=False).first()


def answers_note(institution: Institution) -> str:
    from surveys.models import Answer

    survey = readiness_survey(institution)
    return f"{Answer.objects.filter(response__survey=survey).count():,} answers"


def open_survey_token(institution: Institution) -> dict:
    from surveys.models import Survey

    survey = Survey.objects.for_institution(institution).exclude(open_token=None).first()
    return {"token": survey.open_token}


def open_survey_page_one(institution: Institution) -> dict:
    """Page 1 of the demo parents' survey answered in full (the POST saves it to the session)."""
    from surveys.models import Question, Survey

    survey = Survey.objects.for_institution(institution).exclude(open_token=None).first()
    first = survey.sections.order_by("order", "pk").first()
    return {
        f"q{q.pk}": "4"
        for q in Question.objects.filter(section=first, kind=Question.Kind.AGREEMENT)
    }


# In the mixed load test too, so its pages are compared with the floor under the same load.
FLOOR = Page("floor: one indexed query", "bench_floor", None, weight=2)

PAGES: list[Page] = [
    Page("home: careers leader", "home", Role.CAREERS_LEADER, weight=4),
    Page("home: careers champion", "home", Role.CHAMPION, weight=4),
    Page("home: senior leader", "home", Role.SLT, weight=3),
    Page("home: governor", "home", Role.GOVERNOR, weight=2),
    Page(
        "plan document: SLT",
        "plans:detail",
        Role.SLT,
        lambda i: {"pk": demo_plan(i).pk},
        weight=3,
    ),
    Page(
        "action plan table: leader",
        "plans:actions",
        Role.CAREERS_LEADER,
        lambda i: {"pk": demo_plan(i).pk},
        weight=3,
    ),
    Page(
        "encounters coverage: leader",
        "encounters:coverage",
        Role.CAREERS_LEADER,
        largest=True,
        weight=3,
    ),
    # The careers programme (seed_demo plans this year's from the mainstream template).
    Page("careers programme journey: leader", "encounters:programme", Role.CAREERS_LEADER),
    Page("learning outcome gaps: governor", "encounters:programme_audit", Role.GOVERNOR),
    Page("destinations of leavers: SLT", "destinations:summary", Role.SLT, largest=True),
    Page("careers dashboard: SLT", "insights:dashboard", Role.SLT, largest=True),
    Page("careers dashboard: governor", "insights:dashboard", Role.GOVERNOR, largest=True),
    Page("governors' questions: governor", "insights:questions", Role.GOVERNOR),
    Page(
        "self-assessment BM5 with live evidence: leader",
        "benchmarks:assessment_benchmark",
        Role.CAREERS_LEADER,
        lambda i: {"pk": SelfAssessment.objects.for_institution(i).first().pk, "number": 5},
        weight=2,
    ),
    Page("surveys list: leader", "surveys:list", Role.CAREERS_LEADER, largest=True),
    Page(
        "survey results with baseline: leader",
        "surveys:results",
        Role.CAREERS_LEADER,
        lambda i: {"pk": readiness_survey(i).pk},
        largest=True,
        note=answers_note,
    ),
    # Under the per-address limit of the public form (600 pages an hour from one address).
    Page(
        "public survey form, one page: anonymous",
        "surveys:answer_open",
        None,
        open_survey_token,
        method="POST",
        data=open_survey_page_one,
        status=302,
        requests=50,
        concurrency=4,
    ),
    Page(
        "log encounter, whole year group: champion",
        "encounters:create",
        Role.CHAMPION,
        method="POST",
        data=log_encounter_data,
        status=302,
        requests=50,
        concurrency=4,
        note=logged_year_on_roll,
        weight=1,
    ),
]
