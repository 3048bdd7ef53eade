"""Benchmarks' part of the new academic year: the annual checklist begins afresh.

Last year's checklist stays as it was (its total and RAG are still read under its year); the new
year gets its own, empty until ticked. Self-assessments and maturity reviews are dated, not
yearly, so nothing of theirs is carried.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks import selectors
from benchmarks.models import AnnualChecklist
from careers_portal.schools.new_year import NewYearChange

if TYPE_CHECKING:
    from careers_portal.accounts.models import User


class AnnualChecklistStep:
    name = "Annual checklist"

    def preview(self, *, institution, from_year, to_year) -> list[NewYearChange]:
        """Last year's total kept; the items not done, to look at again in the new year."""
        done, _ = selectors.checklist_years(institution, from_year)
        exists = AnnualChecklist.objects.for_institution(institution).filter(academic_year=to_year)
        not_done = [
            f"{item.number}. {item.text}"
            for item in selectors.checklist_items()
            if item.number not in done.done
        ]
        return [
            NewYearChange(
                f"of 20 done in the {from_year.name} checklist, kept as it is ({done.rag.label})",
                done.total,
            ),
            NewYearChange(
                f"items not done in {from_year.name}, to look at again: the {to_year.name} "
                + (
                    "checklist is begun already"
                    if exists.exists()
                    else "checklist begins at 0 of 20"
                ),
                len(not_done),
                tuple(not_done),
            ),
        ]

    def apply(self, *, institution, from_year, to_year, by: User | None) -> list[NewYearChange]:
        """The new year's checklist, once (its unique constraint per institution and year)."""
        _, created = AnnualChecklist.objects.get_or_create(
            institution=institution, academic_year=to_year
        )
        return [
            NewYearChange(
                f"{to_year.name} checklist begun" if created else f"{to_year.name} checklist kept",
                1 if created else 0,
            )
        ]
