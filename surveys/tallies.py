"""Kept tallies of survey answers: what the results page reads, whatever the number of answers.

`ResponseTally` holds, per question, respondent group (year group, SEND, disadvantaged, gender)
and value, how many answered so. The results page reads those rows (a few per question and
group) instead of the answers, so it costs the same at 5,000 answers as at 50,000.

Kept true three ways:
- `response_submit` (surveys/services.py) adds each response's answers to its survey's tallies
  in its own transaction, under a row lock on the survey (`add`);
- `Survey.tallied_responses` says how many responses the tallies count. A reader (`ensure`)
  compares it with the survey's responses and rebuilds the tallies from the answers, in SQL,
  when they differ: answers written in bulk (seed_demo), or a response deleted;
- any other write of responses, answers or questions (the admin, a shell) marks the tallies stale
  (the signal receivers below), and the next reader rebuilds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar

from django.db import connection, transaction

from surveys.models import Answer, Question, Response, ResponseTally, Survey

KEY = ("question_id", "year_group", "send", "disadvantaged", "gender", "number", "option")
# Set while a service writes: its own saves do not mark the tallies stale.
_writing: ContextVar[bool] = ContextVar("surveys_tallies_writing", default=False)


def _group(response: Response) -> tuple:
    return (response.year_group or 0, response.send, response.disadvantaged, response.gender)


def rows_of(response: Response, answers: Iterable[Answer], kinds: dict[int, str]) -> list[tuple]:
    """The tally keys one response adds to, each with 1."""
    group = _group(response)
    rows = []
    for answer in answers:
        kind = kinds[answer.question_id]
        if kind in (Question.Kind.AGREEMENT, Question.Kind.NUMBER):
            if answer.number is not None:
                rows.append((answer.question_id, *group, answer.number, ""))
        elif kind == Question.Kind.SINGLE:
            if answer.text:
                rows.append((answer.question_id, *group, 0, answer.text))
        elif kind == Question.Kind.MULTIPLE:
            # Answered when anything was ticked, as rebuild() counts it (a non-empty list).
            if answer.options:
                rows.append((answer.question_id, *group, 0, ""))
                options = [o for o in dict.fromkeys(answer.options) if o]
                rows += [(answer.question_id, *group, 0, option) for option in options]
        elif answer.text:
            rows.append((answer.question_id, *group, 0, ""))
    return rows


def lock(survey_id: int) -> int | None:
    """Lock the survey's row (serialising writers and rebuilds); its tallied responses."""
    return (
        Survey.objects.select_for_update()
        .filter(pk=survey_id)
        .values_list("tallied_responses", flat=True)
        .get()
    )


def add(response: Response, answers: list[Answer], kinds: dict[int, str]) -> None:
    """Add one saved response to its survey's tallies (inside the caller's transaction).

    Tallies not built yet stay unbuilt: the next reader builds them from the answers.
    """
    tallied = lock(response.survey_id)
    if tallied is None:
        return
    _increment(response.survey_id, rows_of(response, answers, kinds))
    Survey.objects.filter(pk=response.survey_id).update(tallied_responses=tallied + 1)


def _increment(survey_id: int, rows: list[tuple]) -> None:
    if not rows:
        return
    table = ResponseTally._meta.db_table
    columns = ", ".join(["survey_id", *KEY, "n"])
    values = ", ".join(["(" + ", ".join(["%s"] * (len(KEY) + 2)) + ")"] * len(rows))
    params = [value for row in rows for value in (survey_id, *row, 1)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {values} "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = {table}.n + excluded.n",
            params,
        )


def ensure(counts: dict[int, tuple[int | None, int]]) -> None:
    """Rebuild the tallies of each survey whose tallied responses differ from its responses.

    `counts` maps a survey id to (tallied responses, responses), as the reader found them.
    """
    # In the order of the surveys' ids: two readers locking rows in opposite orders would deadlock.
    for survey_id, (tallied, responses) in sorted(counts.items()):
        if tallied != responses:
            rebuild(survey_id)


@transaction.atomic
def rebuild(survey_id: int) -> None:
    """The survey's tallies from its answers, in three INSERT ... SELECT statements."""
    lock(survey_id)
    ResponseTally.objects.filter(survey_id=survey_id).delete()
    table = ResponseTally._meta.db_table
    answer, response, question = (
        Answer._meta.db_table,
        Response._meta.db_table,
        Question._meta.db_table,
    )
    group = "COALESCE(r.year_group, 0), r.send, r.disadvantaged, r.gender"
    insert = f"INSERT INTO {table} (survey_id, {', '.join(KEY)}, n) "
    joins = (
        f"FROM {answer} a JOIN {response} r ON r.id = a.response_id "
        f"JOIN {question} q ON q.id = a.question_id "
    )
    if connection.vendor == "postgresql":
        length = "jsonb_array_length"
        unnest = "CROSS JOIN LATERAL jsonb_array_elements_text(a.options) AS o(value)"
    else:
        length = "json_array_length"
        unnest = ", json_each(a.options) AS o"
    statements = [
        # Agreement and number answers, by value.
        f"{insert} SELECT r.survey_id, a.question_id, {group}, a.number, '', COUNT(*) {joins}"
        "WHERE r.survey_id = %s AND q.kind IN ('agreement', 'number') AND a.number IS NOT NULL "
        f"GROUP BY r.survey_id, a.question_id, {group}, a.number",
        # Single choice by option; written answers counted; multiple choice answered.
        f"{insert} SELECT r.survey_id, a.question_id, {group}, 0, "
        "CASE WHEN q.kind = 'single' THEN a.text ELSE '' END, COUNT(*) "
        f"{joins}WHERE r.survey_id = %s AND ("
        "(q.kind IN ('single', 'text') AND a.text <> '') "
        f"OR (q.kind = 'multiple' AND {length}(a.options) > 0)) "
        f"GROUP BY r.survey_id, a.question_id, {group}, "
        "CASE WHEN q.kind = 'single' THEN a.text ELSE '' END",
        # Multiple choice, each option chosen.
        # (an option listed twice in one answer counts once: COUNT DISTINCT of the answers).
        f"{insert} SELECT r.survey_id, a.question_id, {group}, 0, o.value, COUNT(DISTINCT a.id) "
        f"{joins}{unnest} WHERE r.survey_id = %s AND q.kind = 'multiple' AND o.value <> '' "
        f"GROUP BY r.survey_id, a.question_id, {group}, o.value",
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, [survey_id])
    Survey.objects.filter(pk=survey_id).update(
        tallied_responses=Response.objects.filter(survey_id=survey_id).count()
    )


class writing:
    """Inside, saves of responses and answers are the service's own: nothing is marked stale."""

    def __enter__(self):
        self._token = _writing.set(True)

    def __exit__(self, *exc):
        _writing.reset(self._token)


def stale(survey_ids: Iterable[int]) -> None:
    ids = [pk for pk in survey_ids if pk]
    if ids and not _writing.get():
        Survey.objects.filter(pk__in=ids).update(tallied_responses=None)


def _response_changed(sender, instance: Response, **kwargs) -> None:
    stale([instance.survey_id])


def _answer_changed(sender, instance: Answer, **kwargs) -> None:
    stale(Response.objects.filter(pk=instance.response_id).values_list("survey_id", flat=True))


def _question_changed(sender, instance: Question, **kwargs) -> None:
    stale(Survey.objects.filter(sections=instance.section_id).values_list("pk", flat=True))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    # Answers are deleted with their response (whose deletion marks its survey), so only their
    # saves are watched: a receiver of their deletion would make every cascade load them all.
    post_save.connect(_answer_changed, sender=Answer, dispatch_uid="surveys.tally_answer")
    for signal in (post_save, post_delete):
        signal.connect(_response_changed, sender=Response, dispatch_uid=f"tally-r-{signal}")
        signal.connect(_question_changed, sender=Question, dispatch_uid=f"tally-q-{signal}")
