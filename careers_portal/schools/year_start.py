"""Starting a new academic year: which year is offered, who moves up or leaves, and applying it
with every step registered in `new_year` in one transaction (all or nothing, once per year)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from careers_portal.schools.new_year import NewYearChange, steps

if TYPE_CHECKING:
    from careers_portal.accounts.models import User
    from careers_portal.schools.models import AcademicYear, Institution

# The page is offered from 1 July (next year), and until 31 October for a year not yet started.
OFFERED_FROM_MONTH = 7
LATE_UNTIL_MONTH = 10


class NewYearProblem(Exception):
    """Applying stopped and changed nothing; the message is in the careers leader's words."""


def years_offered(institution: Institution, today: dt.date) -> tuple[int, int] | None:
    """(start year from, start year to) the page offers on `today`, or None outside its window."""
    from careers_portal.schools.models import AcademicYear, NewYearRun

    current = AcademicYear.start_year_for(today)
    if today.month >= OFFERED_FROM_MONTH and today.month <= 8:
        return current, current + 1
    if not 9 <= today.month <= LATE_UNTIL_MONTH:
        return None
    started = (
        NewYearRun.objects.for_institution(institution)
        .filter(academic_year__start_year=current)
        .exists()
    )
    return None if started else (current - 1, current)


def next_offered_on(today: dt.date) -> dt.date:
    """The day the page is next offered (1 July)."""
    year = today.year if today.month < OFFERED_FROM_MONTH else today.year + 1
    return dt.date(year, OFFERED_FROM_MONTH, 1)


def nc_year_for(born: dt.date, start_year: int) -> int:
    """The national curriculum year of a learner born on `born` in the year starting then:
    their age on the 31 August before it, minus 4."""
    return start_year - born.year - ((born.month, born.day) > (8, 31)) - 4


@dataclass
class LearnerMoves:
    """What the new year does to the roll, before anything is written."""

    moving_up: list = field(default_factory=list)  # (learner, new year group)
    leaving: list = field(default_factory=list)  # (learner, date of leaving)
    staying_on: list = field(default_factory=list)  # (learner, new year group), by choice
    may_stay: list = field(default_factory=list)  # who could be ticked as staying on
    joined_in_summer: list = field(default_factory=list)  # already in next year's year group

    def changes(self, to_year: AcademicYear) -> list[NewYearChange]:
        def named(learner) -> str:
            reg = f" ({learner.reg_group})" if learner.reg_group else ""
            return f"{learner.full_name}{reg}"

        lines = [
            NewYearChange(
                f"moving up a year for {to_year.name}",
                len(self.moving_up),
                tuple(
                    f"{named(lr)}: Year {lr.year_group} to Year {year}"
                    for lr, year in self.moving_up
                ),
            ),
            NewYearChange(
                "leaving, marked as left",
                len(self.leaving),
                tuple(
                    f"{named(lr)}, Year {lr.year_group}: left {day:%-d %B %Y}"
                    for lr, day in self.leaving
                ),
            ),
            NewYearChange(
                "staying on",
                len(self.staying_on),
                tuple(
                    f"{named(lr)}: Year {lr.year_group} to Year {year}"
                    for lr, year in self.staying_on
                ),
            ),
        ]
        if self.joined_in_summer:
            lines.append(
                NewYearChange(
                    f"joined this summer, already in their {to_year.name} year group: not moved",
                    len(self.joined_in_summer),
                    tuple(f"{named(lr)}, Year {lr.year_group}" for lr in self.joined_in_summer),
                )
            )
        return lines


def learner_moves(
    institution: Institution,
    from_year: AcademicYear,
    to_year: AcademicYear,
    staying_on: set[int] = frozenset(),
) -> LearnerMoves:
    """Who moves up, who leaves and who stays on; two queries, nothing written.

    Schools: Year 11 and the top year leave on the last day of the year, unless ticked as staying
    on (into the sixth form, where the school has one). Colleges: learners whose planned end date
    falls in the year leave on it; the others move up a year. A learner who joined this summer
    already in next year's year group (the September intake, by date of birth) is not moved.
    """
    from careers_portal.schools.models import Learner

    moves = LearnerMoves()
    summer = dt.date(from_year.start_year + 1, OFFERED_FROM_MONTH, 1)
    learners = list(
        Learner.objects.for_institution(institution)
        .on_roll()
        .order_by("year_group", "last_name", "first_name", "pk")
    )
    joined = dict(
        Learner.history.filter(institution_id=institution.pk, history_type="+")
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    highest = min(institution.highest_year_group, 14)
    for learner in learners:
        year = learner.year_group
        up = year + 1
        joined_on = joined.get(learner.pk)
        if (
            learner.date_of_birth
            and joined_on is not None
            and timezone.localdate(joined_on) >= summer
            and nc_year_for(learner.date_of_birth, to_year.start_year) == year
        ):
            moves.joined_in_summer.append(learner)
            continue
        if institution.is_college:
            ends = learner.planned_end_date
            leaves = ends is not None and ends <= from_year.end_date
            leaving_on = ends
        else:
            leaves = year == 11 or year >= highest
            leaving_on = from_year.end_date
        if not leaves:
            if up <= highest:
                moves.moving_up.append((learner, up))
            continue
        can_stay = up <= highest
        if can_stay:
            moves.may_stay.append(learner)
        if can_stay and learner.pk in staying_on:
            moves.staying_on.append((learner, up))
        else:
            moves.leaving.append((learner, leaving_on))
    return moves


@dataclass
class Section:
    name: str
    changes: list[NewYearChange]


@dataclass
class Preview:
    from_year: AcademicYear
    to_year: AcademicYear
    moves: LearnerMoves | None  # None when the roll comes from an MIS file
    roll_report: object | None  # learner_import.Report, when it does
    sections: list[Section]
    started: object | None  # the NewYearRun, when this year was started already


def _years(from_start: int, to_start: int) -> tuple[AcademicYear, AcademicYear]:
    from careers_portal.schools.services import academic_year_ensure

    return academic_year_ensure(start_year=from_start), academic_year_ensure(start_year=to_start)


def _roll_changes(report, to_year: AcademicYear) -> list[NewYearChange]:
    def named(row) -> str:
        return f"{row.name} ({row.reg_group})" if row.reg_group else row.name

    return [
        NewYearChange(
            f"new in the {to_year.name} roll from your MIS",
            report.new,
            tuple(named(r) for r in report.rows if r.outcome == "new"),
        ),
        NewYearChange(
            "updated from the file (year group and other changes)",
            report.updated,
            tuple(
                f"{named(r)}: {', '.join(r.changes)}" for r in report.rows if r.outcome == "update"
            ),
        ),
        NewYearChange(
            "not in the file, marked as left",
            len(report.not_in_file),
            tuple(f"{lr.full_name}, Year {lr.year_group}" for lr in report.not_in_file),
        ),
        NewYearChange(
            "with errors in the file (nothing is applied until they are fixed)",
            report.wrong,
            tuple(f"Row {r.number}: {' '.join(r.errors)}" for r in report.errors),
            warning="Fix these rows in your MIS and upload the file again." if report.wrong else "",
        ),
    ]


def _already(run) -> NewYearChange:
    return NewYearChange(
        f"to move: the learners moved up for {run.academic_year} on "
        f"{timezone.localdate(run.applied_at):%-d %B %Y}",
        0,
    )


def new_year_preview(
    *,
    institution: Institution,
    from_start: int,
    to_start: int,
    staying_on: set[int] = frozenset(),
    roll=None,
) -> Preview:
    """Everything starting the year would do, changing nothing (`roll`: (dataset, mapping))."""
    from careers_portal.schools import learner_import
    from careers_portal.schools.models import NewYearRun

    from_year, to_year = _years(from_start, to_start)
    started = NewYearRun.objects.for_institution(institution).filter(academic_year=to_year).first()
    moves = report = None
    if started is not None:
        learners = [_already(started)]
    elif roll is not None:
        dataset, mapping = roll
        report = learner_import.check(
            institution=institution, dataset=dataset, mapping=mapping, today=to_year.start_date
        )
        learners = _roll_changes(report, to_year)
    else:
        moves = learner_moves(institution, from_year, to_year, staying_on)
        learners = moves.changes(to_year)
    sections = [Section("Learners", learners)]
    for step in steps():
        sections.append(
            Section(
                step.name,
                step.preview(institution=institution, from_year=from_year, to_year=to_year),
            )
        )
    return Preview(from_year, to_year, moves, report, sections, started)


@dataclass
class Outcome:
    to_year: AcademicYear
    sections: list[Section]
    already_started: bool


def new_year_apply(
    *,
    institution: Institution,
    from_start: int,
    to_start: int,
    by: User | None,
    staying_on: set[int] = frozenset(),
    roll=None,
) -> Outcome:
    """Start the new year in one transaction: the roll, then every registered step; all or
    nothing. The learners move once per year (NewYearRun); the steps are idempotent, so
    applying again changes nothing. Raises NewYearProblem (nothing changed) for a bad file."""
    from simple_history.utils import bulk_update_with_history

    from careers_portal.schools import learner_import
    from careers_portal.schools.models import Learner, NewYearRun

    from_year, to_year = _years(from_start, to_start)
    with transaction.atomic():
        run, created = NewYearRun.objects.get_or_create(
            institution=institution,
            academic_year=to_year,
            defaults={"applied_at": timezone.now(), "applied_by": by},
        )
        if not created:
            learners = [_already(run)]
        elif roll is not None:
            dataset, mapping = roll
            report = learner_import.apply(
                institution=institution,
                dataset=dataset,
                mapping=mapping,
                today=from_year.end_date,
                mark_left=True,
            )
            if report.problems or report.wrong:
                raise NewYearProblem(
                    "Nothing was changed: the roll from your MIS has rows with errors. Fix them "
                    "in your MIS and upload the file again."
                )
            learners = _roll_changes(report, to_year)[:3]
        else:
            moves = learner_moves(institution, from_year, to_year, staying_on)
            moved = []
            for learner, year in moves.moving_up + moves.staying_on:
                learner.year_group = year
                moved.append(learner)
            for learner, day in moves.leaving:
                learner.date_of_leaving = day
            if moved:
                bulk_update_with_history(moved, Learner, ["year_group"], batch_size=500)
            if moves.leaving:
                bulk_update_with_history(
                    [lr for lr, _ in moves.leaving], Learner, ["date_of_leaving"], batch_size=500
                )
            learners = moves.changes(to_year)
        sections = [Section("Learners", learners)]
        for step in steps():
            sections.append(
                Section(
                    step.name,
                    step.apply(
                        institution=institution, from_year=from_year, to_year=to_year, by=by
                    ),
                )
            )
        if created:
            run.summary = [
                {"section": s.name, "label": c.label, "count": c.count}
                for s in sections
                for c in s.changes
            ]
            run.save(update_fields=["summary"])
    return Outcome(to_year, sections, already_started=not created)
