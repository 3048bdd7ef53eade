"""Reads of the surveys app: lists, results, change from baseline, and headlines for dashboards.

Small groups: a group of fewer than 6 respondents shows "c" to everyone but the careers leader
(`suppresses`), with the same threshold as every other aggregate (careers_portal/disclosure.py).
Governors never see free text.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from careers_portal import charts
from careers_portal.accounts.permissions import role_can
from careers_portal.dates import today as today_
from careers_portal.disclosure import SMALL_GROUP, SUPPRESSED, suppresses_for
from careers_portal.figure_cache import remembered
from careers_portal.schools.models import AcademicYear, Institution, Learner
from surveys import tallies
from surveys.models import Answer, Invitation, Question, Response, ResponseTally, Survey

AGREE = Q(number__in=Question.AGREEING)


def suppresses(role: str | None) -> bool:
    """Whether this reader sees groups under 6 respondents as "c".

    Issue 13: small groups are hidden from SLT and governors as well as anyone without learner
    access; only the careers leader, who runs the survey, sees every figure.
    """
    return suppresses_for(role) or not role_can(role, "surveys.edit")


def sees_free_text(role: str | None) -> bool:
    """Free text answers are read by the careers leader and SLT, never by governors."""
    return role is not None and role_can(role, "surveys.free_text")


def _pct(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


# ---------------------------------------------------------------- the contract for dashboards


@dataclass(frozen=True)
class VoiceHeadline:
    """One survey's headline for the SLT and governor dashboards and the annual report."""

    survey_title: str
    audience: str  # in words: "Learners", "Parents and carers"...
    responses: int
    completion_rate: float | None  # 0-100; None when the number invited is unknown (open link)
    share_positive: float | None  # 0-100 agreeing; None when fewer than 6 responded
    baseline_share: float | None  # the same for its baseline survey, when it has one
    as_of: dt.date
    url: str
    purpose: str = ""
    survey_id: int | None = None


@dataclass(frozen=True)
class ShareFigure:
    """A question's share agreeing (0-100) and how many answered; None when fewer than 6."""

    share: float | None
    responses: int


def voice_headlines(
    *, institution: Institution, academic_year: AcademicYear
) -> list[VoiceHeadline]:
    """Each survey of the year with its responses, completion and share agreeing (vs baseline).

    Share positive counts agreement-scale answers of 4 or 5 over all agreement answers; the
    baseline share counts the baseline survey's answers to the questions this one repeats.
    A survey with fewer than 6 responses shows no share (a small group). A few grouped queries,
    whatever the number of surveys.
    """
    surveys = list(
        Survey.objects.for_institution(institution)
        .filter(academic_year=academic_year)
        .annotate(n_responses=Count("responses", distinct=True))
        .order_by("opens_on", "title")
    )
    if not surveys:
        return []
    ids = [s.pk for s in surveys]
    invited = dict(
        Invitation.objects.filter(survey_id__in=ids)
        .values_list("survey_id")
        .annotate(n=Count("id"))
        .values_list("survey_id", "n")
    )
    open_answers = set(
        Response.objects.filter(survey_id__in=ids, via_open_link=True)
        .values_list("survey_id", flat=True)
        .distinct()
    )
    baseline_ids = {s.baseline_id for s in surveys if s.baseline_id}
    # Read from the kept tallies (surveys/tallies.py), brought up to date first.
    counts = {s.pk: (s.tallied_responses, s.n_responses) for s in surveys}
    counts.update(
        {
            pk: (tallied, n)
            for pk, tallied, n in Survey.objects.filter(pk__in=baseline_ids - set(ids))
            .annotate(n=Count("responses"))
            .values_list("pk", "tallied_responses", "n")
        }
    )
    tallies.ensure(counts)
    agreement = {
        row["survey_id"]: row
        for row in ResponseTally.objects.filter(
            survey_id__in=ids, question__kind=Question.Kind.AGREEMENT
        )
        .values("survey_id")
        .annotate(answered=Sum("n"), agree=Sum("n", filter=AGREE))
    }
    baseline = _baseline_agreement(ids, baseline_ids, {pk: n for pk, (_, n) in counts.items()})
    today = today_()
    headlines = []
    for survey in surveys:
        row = agreement.get(survey.pk)
        small = survey.n_responses < SMALL_GROUP
        share = None if small or not row else _pct(row["agree"], row["answered"])
        completion = completion_rate(
            survey.n_responses,
            invited.get(survey.pk, 0),
            open_link_answers=survey.pk in open_answers,
        )
        headlines.append(
            VoiceHeadline(
                survey_title=survey.title,
                audience=survey.get_audience_display(),
                responses=survey.n_responses,
                completion_rate=completion,
                share_positive=share,
                baseline_share=baseline.get(survey.pk),
                as_of=min(today, survey.closes_on),
                url=reverse("surveys:results", args=[survey.pk]),
                purpose=survey.get_purpose_display(),
                survey_id=survey.pk,
            )
        )
    return headlines


def _baseline_agreement(
    survey_ids: list[int], baseline_ids: set[int], respondents: dict[int, int]
) -> dict[int, float | None]:
    """Per repeat survey: its baseline's share agreeing on the questions it repeats (from the
    baselines' kept tallies; `respondents` counts each survey's responses)."""
    if not baseline_ids:
        return {}
    links = defaultdict(set)  # repeat survey -> baseline question ids
    for survey_id, base_q in Question.objects.filter(
        section__survey_id__in=survey_ids, baseline_question__isnull=False
    ).values_list("section__survey_id", "baseline_question_id"):
        links[survey_id].add(base_q)
    per_question = {
        row["question_id"]: row
        for row in ResponseTally.objects.filter(
            survey_id__in=baseline_ids, question__kind=Question.Kind.AGREEMENT
        )
        .values("question_id")
        .annotate(answered=Sum("n"), agree=Sum("n", filter=AGREE))
    }
    base_of = dict(
        Survey.objects.filter(pk__in=survey_ids, baseline__isnull=False).values_list(
            "pk", "baseline_id"
        )
    )
    out: dict[int, float | None] = {}
    for survey_id, question_ids in links.items():
        if respondents.get(base_of.get(survey_id), 0) < SMALL_GROUP:
            out[survey_id] = None
            continue
        n = sum(per_question[q]["answered"] for q in question_ids if q in per_question)
        agree = sum(per_question[q]["agree"] for q in question_ids if q in per_question)
        out[survey_id] = _pct(agree, n)
    return out


def question_share_positive(*, question: Question, until: dt.date | None = None) -> ShareFigure:
    """The share of answers agreeing (4 or 5) to one agreement question, up to a day if given.

    For measurable objectives that track a survey question. Fewer than 6 answers give no share.
    """
    answers = Answer.objects.filter(question=question, number__isnull=False)
    if until is not None:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min)
        answers = answers.filter(response__submitted_at__lt=timezone.make_aware(end))
    counts = answers.aggregate(n=Count("id"), agree=Count("id", filter=AGREE))
    n = counts["n"]
    share = None if n < SMALL_GROUP else _pct(counts["agree"], n)
    return ShareFigure(share=share, responses=n)


# ---------------------------------------------------------------------------- lists


def completion_rate(
    responses: int, invited: int | None, *, open_link_answers: bool = False
) -> float | None:
    """The share of those invited who answered (0-100), or None when it is not known: nobody was
    invited by a link of their own, or some answered through the open link (who they are, and
    so how many were asked, is not known)."""
    if not invited or open_link_answers:
        return None
    return min(100.0, _pct(responses, invited))


def survey_list(institution: Institution) -> list[Survey]:
    """The institution's surveys, newest first, with their responses and invitations counted
    and each one's `completion_rate`."""
    # Each count its own subquery: joining responses and invitations together would multiply
    # them (4,500 responses by 6,500 invitations for one survey of 20,000 learners).
    responses = Response.objects.filter(survey=OuterRef("pk")).values("survey")
    invitations = Invitation.objects.filter(survey=OuterRef("pk")).values("survey")
    surveys = list(
        Survey.objects.for_institution(institution)
        .select_related("academic_year", "baseline")
        .annotate(
            n_responses=Coalesce(Subquery(responses.annotate(n=Count("id")).values("n")), 0),
            n_invited=Coalesce(Subquery(invitations.annotate(n=Count("id")).values("n")), 0),
            last_response=Subquery(responses.annotate(last=Max("submitted_at")).values("last")),
            open_link_answers=Exists(
                Response.objects.filter(survey=OuterRef("pk"), via_open_link=True)
            ),
        )
    )
    for survey in surveys:
        survey.completion_rate = completion_rate(
            survey.n_responses, survey.n_invited, open_link_answers=survey.open_link_answers
        )
    return surveys


def survey_outline(survey: Survey):
    """The survey's sections with their questions and tags, in order (two queries)."""
    return survey.sections.prefetch_related(
        "questions__benchmark", "questions__cdi_area", "questions__skill"
    )


def invitations_of(survey: Survey):
    """The survey's single-use links, by year and registration group then name."""
    return survey.invitations.select_related("learner").order_by(
        "year_group", "learner__reg_group", "learner__last_name", "name", "email", "pk"
    )


def invitation_counts(survey: Survey) -> dict:
    """How many were invited, answered and (for emails) sent."""
    return survey.invitations.aggregate(
        invited=Count("id"),
        used=Count("id", filter=Q(used_at__isnull=False)),
        sent=Count("id", filter=Q(sent_at__isnull=False)),
        emails=Count("id", filter=~Q(email="")),
    )


# ---------------------------------------------------------------------------- results


@dataclass
class Bar:
    label: str
    count: int
    percent: float | None


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    agree: float | None = None  # share agreeing, 0-100
    suppressed: bool = False
    baseline_agree: float | None = None
    baseline_answered: int = 0
    change: float | None = None  # percentage points
    texts: list[str] = field(default_factory=list)
    chart: str | None = None  # result_chart(): kept with the figures, drawn once

    @property
    def shown_agree(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        return "No answers" if self.agree is None else f"{self.agree:.0f}%"


@dataclass
class GroupRow:
    label: str
    invited: int | None
    responses: int
    rate: str
    agree: str  # share agreeing over every agreement question, or "c"
    highest: list[tuple[str, str]] = field(default_factory=list)
    lowest: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Results:
    survey: Survey
    responses: int
    invited: int
    rate: float | None
    questions: list[QuestionResult]
    by_year: list[GroupRow]
    by_cohort: list[GroupRow]
    suppress: bool
    free_text: bool
    has_baseline: bool


def _agree_share(n: int, agree: int, suppress: bool) -> tuple[float | None, bool]:
    if suppress and n < SMALL_GROUP:
        return None, True
    return _pct(agree, n), False


# Written answers listed per question on the page and in the PDF: the latest ones, with the count.
TEXTS_SHOWN = 100


def results(survey: Survey, *, role: str | None) -> Results:
    """Every figure of the results page: per question, per year group and cohort, vs baseline.

    Read from the kept tallies (surveys/tallies.py: a few rows per question and respondent
    group), so it costs the same whatever the number of answers: a fixed number of queries (one
    more per free-text question, for its latest answers) and Python only adds up tally rows.
    Kept until the data changes (careers_portal/figure_cache.py).
    """
    return remembered(
        ("survey results", survey.pk, role, today_().isoformat()),
        lambda: _results(survey, role=role),
    )


def _results(survey: Survey, *, role: str | None) -> Results:
    suppress = suppresses(role)
    free_text = sees_free_text(role)
    questions = list(
        Question.objects.filter(section__survey=survey).select_related(
            "section", "benchmark", "cdi_area", "skill", "baseline_question__section"
        )
    )
    ids = [q.pk for q in questions]
    kind = {q.pk: q.kind for q in questions}
    baseline_ids = [q.baseline_question_id for q in questions if q.baseline_question_id]
    surveys = {survey.pk} | {
        q.baseline_question.section.survey_id for q in questions if q.baseline_question_id
    }
    counts = {
        pk: (tallied, n)
        for pk, tallied, n in Survey.objects.filter(pk__in=surveys)
        .annotate(n=Count("responses"))
        .values_list("pk", "tallied_responses", "n")
    }
    tallies.ensure(counts)
    people = _response_groups(survey)
    invited_by_year = dict(
        survey.invitations.values_list("year_group")
        .annotate(n=Count("id"))
        .values_list("year_group", "n")
    )
    invited = sum(invited_by_year.values())
    invited_by_year.pop(None, None)
    responses = counts[survey.pk][1]
    numbers, options, groups = defaultdict(Counter), defaultdict(Counter), Counter()
    baseline = defaultdict(lambda: [0, 0])  # baseline question -> [answered, agreeing]
    for qid, year, send, disadvantaged, gender, number, option, n in ResponseTally.objects.filter(
        question_id__in=ids + baseline_ids
    ).values_list(*tallies.KEY, "n"):
        if qid not in kind:  # a baseline question
            baseline[qid][0] += n
            baseline[qid][1] += n if number in Question.AGREEING else 0
        elif kind[qid] in (Question.Kind.AGREEMENT, Question.Kind.NUMBER):
            numbers[qid][number] += n
            groups[(year or None, send, disadvantaged, gender, qid, number)] += n
        else:
            options[qid][option] += n
    texts = _latest_texts([q for q in ids if kind[q] == Question.Kind.TEXT]) if free_text else {}
    out = []
    for q in questions:
        if q.kind == Question.Kind.AGREEMENT:
            counts_ = numbers[q.pk]
            n = sum(counts_.values())
            agree_n = sum(counts_[v] for v in Question.AGREEING)
            share, hidden = _agree_share(n, agree_n, suppress)
            result = QuestionResult(q, n, suppressed=hidden, agree=share)
            if not hidden:
                result.bars = [Bar(label, counts_[v], _pct(counts_[v], n)) for v, label in q.SCALE]
                result.mean = round(sum(v * c for v, c in counts_.items()) / n, 2) if n else None
            if q.baseline_question_id in baseline:
                base_n, base_agree = baseline[q.baseline_question_id]
                result.baseline_answered = base_n
                b_share, _ = _agree_share(base_n, base_agree, suppress)
                result.baseline_agree = b_share
                if share is not None and b_share is not None:
                    result.change = round(share - b_share, 1)
        elif q.kind == Question.Kind.NUMBER:
            counts_ = numbers[q.pk]
            n = sum(counts_.values())
            hidden = suppress and n < SMALL_GROUP
            result = QuestionResult(q, n, suppressed=hidden)
            if n and not hidden:
                result.mean = round(sum(v * c for v, c in counts_.items()) / n, 1)
        elif q.has_choices:
            chosen = options[q.pk]
            # Multiple choice: the row with no option counts those who answered.
            n = sum(chosen.values()) if q.kind == Question.Kind.SINGLE else chosen[""]
            hidden = suppress and n < SMALL_GROUP
            result = QuestionResult(q, n, suppressed=hidden)
            if not hidden:
                result.bars = [Bar(c, chosen[c], _pct(chosen[c], n)) for c in q.choices]
        else:
            result = QuestionResult(q, options[q.pk][""], texts=texts.get(q.pk, []))
        result.chart = result_chart(result)
        out.append(result)
    learners = survey.audience == "learners"
    agreement = {q for q in ids if kind[q] == Question.Kind.AGREEMENT}
    return Results(
        survey=survey,
        responses=responses,
        invited=invited,
        rate=_pct(responses, invited) if invited else None,
        questions=out,
        by_year=_by_year(questions, groups, people, invited_by_year, suppress) if learners else [],
        by_cohort=_by_cohort(groups, people, agreement, suppress) if learners else [],
        suppress=suppress,
        free_text=free_text,
        has_baseline=survey.baseline_id is not None,
    )


def result_chart(result: QuestionResult) -> str | None:
    """The agreement scale as a diverging bar; choices as bars; the same figures in a table."""
    if not result.bars:
        return None
    if result.question.kind == Question.Kind.AGREEMENT:
        return charts.diverging_bar(
            title=result.question.text,
            desc="Share of answers from strongly disagree (left) to strongly agree (right).",
            labels=[bar.label for bar in result.bars],
            shares=[bar.percent or 0 for bar in result.bars],
        )
    return charts.bar_chart(
        title=result.question.text,
        desc="Share of answers for each option.",
        categories=[bar.label for bar in result.bars],
        series=[charts.Series("Share of answers", [bar.percent or 0 for bar in result.bars])],
        height=220,
    )


# A group of respondents: (year group, SEND, disadvantaged, gender), copied from the invitation.
GROUP_FIELDS = ("year_group", "send", "disadvantaged", "gender")


def _response_groups(survey: Survey) -> Counter:
    """The survey's respondents counted by group (year group, SEND, disadvantaged, gender)."""
    return Counter(
        {
            tuple(row[:-1]): row[-1]
            for row in survey.responses.values_list(*GROUP_FIELDS)
            .annotate(n=Count("id"))
            .values_list(*GROUP_FIELDS, "n")
        }
    )


def _latest_texts(ids: list[int]) -> dict[int, list[str]]:
    """Per free-text question, its latest TEXTS_SHOWN written answers (an index scan each)."""
    return {
        qid: list(
            Answer.objects.filter(question_id=qid)
            .exclude(text="")
            .order_by("-id")
            .values_list("text", flat=True)[:TEXTS_SHOWN]
        )
        for qid in ids
    }


def _rate(responses: int, invited: int | None, hidden: bool) -> str:
    if hidden:
        return SUPPRESSED
    rate = completion_rate(responses, invited)
    return "Not known" if rate is None else f"{rate:.0f}%"


def _by_year(
    questions: list[Question],
    groups: Counter,
    people: Counter,
    invited: dict[int, int],
    suppress: bool,
) -> list[GroupRow]:
    """Per year group: responses, rate, share agreeing, and the three items highest and lowest."""
    agreement = {q.pk: q.text for q in questions if q.kind == Question.Kind.AGREEMENT}
    answered = Counter()
    for (year, *_), n in people.items():
        if year is not None:
            answered[year] += n
    per = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # year -> question -> [n, agree]
    for (year, _, _, _, qid, number), n in groups.items():
        if year is not None and qid in agreement:
            per[year][qid][0] += n
            if number in Question.AGREEING:
                per[year][qid][1] += n
    rows = []
    for year in sorted(set(invited) | set(answered)):
        n = answered.get(year, 0)
        hidden = suppress and n < SMALL_GROUP
        items = per.get(year, {})
        total_n = sum(v[0] for v in items.values())
        total_agree = sum(v[1] for v in items.values())
        row = GroupRow(
            label=f"Year {year}",
            invited=invited.get(year),
            responses=n,
            rate=_rate(n, invited.get(year), hidden),
            agree=SUPPRESSED if hidden else (_shown(_pct(total_agree, total_n))),
        )
        if not hidden and items:
            ranked = sorted(
                ((100 * a / m, agreement[q]) for q, (m, a) in items.items() if m), reverse=True
            )
            row.highest = [(t, f"{s:.0f}%") for s, t in ranked[:3]]
            row.lowest = [(t, f"{s:.0f}%") for s, t in sorted(ranked)[:3]]
        rows.append(row)
    return rows


def _shown(value: float | None) -> str:
    return "No answers" if value is None else f"{value:.0f}%"


# Cohorts of learner surveys: a label and who is in it, from a group (year, SEND, disadvantaged,
# gender).
COHORTS = [
    ("SEND", lambda g: g[1]),
    ("Not SEND", lambda g: not g[1]),
    ("Disadvantaged", lambda g: g[2]),
    ("Not disadvantaged", lambda g: not g[2]),
    ("Female", lambda g: g[3] == Learner.Gender.FEMALE),
    ("Male", lambda g: g[3] == Learner.Gender.MALE),
]


def _by_cohort(
    groups: Counter, people: Counter, agreement: set[int], suppress: bool
) -> list[GroupRow]:
    """Per cohort (SEND, disadvantaged, gender): responses and share agreeing, "c" when small.

    The share counts the answers to the `agreement` questions (`groups` holds number questions'
    answers too).
    """
    rows = []
    for label, member in COHORTS:
        n = sum(count for group, count in people.items() if member(group))
        answered = agree = 0
        for key, count in groups.items():
            if key[4] in agreement and member(key):
                answered += count
                agree += count if key[5] in Question.AGREEING else 0
        hidden = suppress and n < SMALL_GROUP
        rows.append(
            GroupRow(
                label=label,
                invited=None,
                responses=n,
                rate="",
                agree=SUPPRESSED if hidden else _shown(_pct(agree, answered)),
            )
        )
    return rows


def learner_readiness(learner: Learner) -> list[dict]:
    """A learner's career-readiness answers over time (linked surveys only), oldest first."""
    responses = (
        Response.objects.filter(learner=learner, survey__anonymous=False)
        .select_related("survey")
        .prefetch_related("answers__question")
        .order_by("submitted_at")
    )
    return [
        {
            "survey": r.survey,
            "submitted_at": r.submitted_at,
            "answers": sorted(
                r.answers.all(), key=lambda a: (a.question.section_id, a.question.order)
            ),
        }
        for r in responses
    ]


def surveys_of_encounter(encounter):
    """The surveys asked about one encounter (reflections, feedback), oldest first."""
    return Survey.objects.filter(encounter_id=encounter.pk).order_by("created_at")


def encounter_survey_figures(survey: Survey, *, role: str | None) -> dict:
    """What the encounter page shows of one survey: answered, share agreeing, what was written."""
    responses = survey.responses.count()
    counts = Answer.objects.filter(
        response__survey=survey, question__kind=Question.Kind.AGREEMENT
    ).aggregate(n=Count("id"), agree=Count("id", filter=AGREE))
    hidden = suppresses(role) and responses < SMALL_GROUP
    texts = []
    if sees_free_text(role):
        texts = list(
            Answer.objects.filter(response__survey=survey, question__kind=Question.Kind.TEXT)
            .exclude(text="")
            .order_by("-response__submitted_at")
            .values_list("text", flat=True)[:10]
        )
    return {
        "responses": responses,
        "invited": survey.invitations.count(),
        "share": None if hidden else _pct(counts["agree"], counts["n"]),
        "texts": texts,
    }


def evidence_code(survey: Survey) -> str:
    """The meaningful criterion a survey about an encounter evidences: its learners'
    reflection, or the employer's feedback."""
    return "reflection" if survey.audience == "learners" else "feedback"


def evidence_summary(survey: Survey, *, on: dt.date) -> str:
    """One sentence for the encounter's record: who answered the survey and how many agreed."""
    # Kept on the encounter, which SLT and champions read too: small groups as "c" for all.
    figures = encounter_survey_figures(survey, role=None)
    who = "learners" if survey.audience == "learners" else "people asked"
    sentence = (
        f"“{survey.title}” (survey, {on:%-d %B %Y}): {figures['responses']} of "
        f"{figures['invited'] or figures['responses']} {who} answered"
    )
    if figures["share"] is not None:
        sentence += f", {figures['share']:.0f}% agreeing with its statements"
    return sentence + "."


def learner_readiness_summary(learner: Learner) -> list[dict]:
    """Per linked response of the learner, oldest first: agreement statements agreed with."""
    rows = (
        Response.objects.filter(learner=learner, survey__anonymous=False)
        .values("pk", "survey__title", "submitted_at", "year_group")
        .annotate(
            answered=Count("answers", filter=Q(answers__question__kind=Question.Kind.AGREEMENT)),
            agree=Count(
                "answers",
                filter=Q(
                    answers__question__kind=Question.Kind.AGREEMENT,
                    answers__number__in=Question.AGREEING,
                ),
            ),
        )
        .order_by("submitted_at")
    )
    return [
        {
            "title": row["survey__title"],
            "day": timezone.localtime(row["submitted_at"]).date(),
            "year_group": row["year_group"],
            "answered": row["answered"],
            "agree": row["agree"],
            "share": 100 * row["agree"] / row["answered"] if row["answered"] else 0.0,
        }
        for row in rows
        if row["answered"]
    ]
