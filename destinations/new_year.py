"""Destinations' part of the new academic year: Year 11 leavers' intended destinations become the
list of actual destinations to confirm in the autumn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery

from careers_portal.schools.models import Learner, NewYearRun
from careers_portal.schools.new_year import NewYearChange
from destinations.models import DestinationRecord, DestinationToConfirm

if TYPE_CHECKING:
    from careers_portal.accounts.models import User
    from careers_portal.schools.models import AcademicYear, Institution

LEAVING_YEAR_GROUP = 11


def _with_intended(learners, year: AcademicYear):
    intended = DestinationRecord.objects.filter(
        learner=OuterRef("pk"), academic_year=year, stage=DestinationRecord.Stage.INTENDED
    )
    return learners.annotate(
        intended_category=Subquery(intended.values("category")[:1]),
        intended_provider=Subquery(intended.values("provider")[:1]),
    ).order_by("last_name", "first_name", "pk")


def _listed(institution: Institution, year: AcademicYear):
    return DestinationToConfirm.objects.for_institution(institution).filter(academic_year=year)


def _item(learner) -> str:
    label = dict(DestinationRecord._meta.get_field("category").choices)
    intended = label.get(learner.intended_category, "no intended destination recorded")
    where = f" ({learner.intended_provider})" if learner.intended_provider else ""
    return f"{learner.full_name}: {intended}{where}"


def _leavers(institution: Institution, year: AcademicYear):
    """Year 11 who left during `year` and are not listed yet."""
    return _with_intended(
        Learner.objects.for_institution(institution)
        .filter(
            year_group=LEAVING_YEAR_GROUP,
            anonymised_at__isnull=True,
            date_of_leaving__gte=year.start_date,
            date_of_leaving__lte=year.end_date,
        )
        .exclude(pk__in=_listed(institution, year).values("learner")),
        year,
    )


class ActualDestinationsToConfirm:
    name = "Destinations"

    def preview(self, *, institution, from_year, to_year) -> list[NewYearChange]:
        """Year 11 now on roll (less those who stay on, when applied) and Year 11 who left;
        once the year is started, the Year 11 on roll are next year's, so only those who left."""
        if NewYearRun.objects.for_institution(institution).filter(academic_year=to_year).exists():
            learners = list(_leavers(institution, from_year))
            return [
                NewYearChange(
                    "more Year 11 leavers to add to the actual destinations to confirm",
                    len(learners),
                    tuple(_item(lr) for lr in learners),
                )
            ]
        learners = _with_intended(
            Learner.objects.for_institution(institution)
            .filter(year_group=LEAVING_YEAR_GROUP, anonymised_at__isnull=True)
            .exclude(pk__in=_listed(institution, from_year).values("learner"))
            .exclude(date_of_leaving__lt=from_year.start_date),
            from_year,
        )
        learners = list(learners)
        return [
            NewYearChange(
                f"Year 11 leavers whose actual destination is to confirm in autumn "
                f"{to_year.start_year}, with what they intended",
                len(learners),
                tuple(_item(lr) for lr in learners),
                warning="Those you mark as staying on are left out."
                if any(lr.date_of_leaving is None for lr in learners)
                else "",
            )
        ]

    def apply(self, *, institution, from_year, to_year, by: User | None) -> list[NewYearChange]:
        """Year 11 who left during the year just ended, once each (the unique constraint)."""
        learners = list(_leavers(institution, from_year))
        DestinationToConfirm.objects.bulk_create(
            [
                DestinationToConfirm(
                    learner=learner,
                    academic_year=from_year,
                    intended_category=learner.intended_category or "",
                    intended_provider=learner.intended_provider or "",
                )
                for learner in learners
            ],
            ignore_conflicts=True,
        )
        return [
            NewYearChange(
                "Year 11 leavers added to the actual destinations to confirm",
                len(learners),
                tuple(_item(lr) for lr in learners),
            )
        ]
