"""The statutory careers page: what schools must publish and the provider access policy
statement (DOMAIN section 8), from the leader's wording and the portal's live data.

Reads: the careers leaders (accounts), the plan's next review (plans.selectors) and this year's
encounters (encounters.selectors). Never a learner: no names, no counts of learners, only what
the school does, for which year groups, with which organisations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from careers_portal import locking
from careers_portal.accounts.models import Membership, Role
from careers_portal.dates import today
from careers_portal.inputs import LARGEST_DATABASE_INTEGER
from careers_portal.insights.careers_page_models import CareersPage
from careers_portal.rag import Colour, Status
from careers_portal.schools.models import AcademicYear, Institution
from careers_portal.schools.selectors import year_starting
from encounters import selectors as encounter_selectors
from encounters.rules import PAL_PHASES
from plans import selectors as plan_selectors

PUBLISHED = Status("Published", Colour.GREEN)
NOT_PUBLISHED = Status("Not published", Colour.GREY)


def careers_leaders(institution: Institution):
    """The institution's active careers leaders, who may be named on the page."""
    return (
        Membership.objects.for_institution(institution)
        .active()
        .filter(role=Role.CAREERS_LEADER, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def page_for(institution: Institution) -> CareersPage:
    """The institution's page; a new one (not saved) with the standard wording and its first
    careers leader named, and the plan's next review date, when there is none yet."""
    page = CareersPage.objects.filter(institution=institution).first()
    if page is not None:
        return page
    leader = careers_leaders(institution).first()
    plan = plan_selectors.current_plan(institution, today())
    return CareersPage(
        institution=institution,
        careers_leader=leader.user if leader else None,
        next_review_date=plan.next_review_date if plan else None,
    )


def page_save(*, page: CareersPage, by, expected_version: int | None, **data) -> CareersPage:
    """Save the leader's wording; a second editor's older form raises locking.EditConflict."""
    for name, value in data.items():
        setattr(page, name, value)
    page.updated_by = by
    page.full_clean()
    if page.pk is None:
        page.save()
        return page
    locking.save_if_unchanged(
        page, expected_version=expected_version or page.version, save=page.save
    )
    return page


def published_page(institution_id: int) -> CareersPage | None:
    """The published page of an institution, for the public address."""
    if institution_id > LARGEST_DATABASE_INTEGER:
        return None  # no row has that id; the database could not even be asked
    return (
        CareersPage.objects.filter(institution_id=institution_id, published=True)
        .select_related("institution", "careers_leader")
        .first()
    )


@dataclass
class YearGroupProgramme:
    year_group: int
    activities: list[tuple[str, int]] = field(default_factory=list)
    benchmarks: list[int] = field(default_factory=list)
    # The careers programme's planned activities for the year group (encounters.selectors).
    planned: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Year {self.year_group}"


@dataclass
class ProviderEncounter:
    date: dt.date
    kind: str
    providers: list[str]
    year_groups: list[int]
    planned: bool


@dataclass
class PalPhase:
    years: tuple[int, int]
    mandatory: bool
    encounters: list[ProviderEncounter]

    @property
    def label(self) -> str:
        return f"Year {self.years[0]} and Year {self.years[1]}"


@dataclass
class CareersPageContent:
    page: CareersPage
    institution: Institution
    academic_year: str
    leader_name: str
    email: str
    telephone: str
    programme: list[YearGroupProgramme]
    pal: list[PalPhase]
    today: dt.date

    @property
    def last_updated(self) -> dt.date | None:
        return self.page.updated_at.date() if self.page.updated_at else None


def content(page: CareersPage, day: dt.date) -> CareersPageContent:
    """Everything the page shows in a fixed number of queries: the leader's wording, this
    year's careers programme by year group (planned activities, and the encounters logged) and
    the provider encounters by PAL phase."""
    institution = page.institution
    year_start = dt.date(AcademicYear.start_year_for(day), 9, 1)
    year_end = dt.date(year_start.year + 1, 8, 31)
    encounters = [
        e
        for e in encounter_selectors.encounter_list(institution, year_start=year_start)
        if e.date <= year_end
    ]
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    benchmarks: dict[int, set[int]] = defaultdict(set)
    for encounter in encounters:
        numbers = {b.number for b in encounter.benchmarks.all()}
        for year in encounter.year_groups or []:
            by_year[year][encounter.get_kind_display()] += 1
            benchmarks[year] |= numbers
    academic_year = year_starting(year_start.year)
    planned = {
        row.year_group: row.activities
        for row in (
            encounter_selectors.programme_by_year_group(
                institution=institution, academic_year=academic_year, today=day
            )
            if academic_year
            else []
        )
        if row.year_group is not None
    }
    programme = [
        YearGroupProgramme(
            year_group=year,
            activities=sorted(by_year[year].items(), key=lambda kv: (-kv[1], kv[0])),
            benchmarks=sorted(
                benchmarks[year].union(*(a.benchmark_numbers for a in planned.get(year, [])))
            ),
            planned=planned.get(year, []),
        )
        for year in institution.year_groups
    ]
    phases = []
    for first, last in PAL_PHASES:
        if last < institution.lowest_year_group or first > institution.highest_year_group:
            continue
        listed = [
            ProviderEncounter(
                date=e.date,
                kind=e.get_kind_display(),
                providers=[o.name for o in e.organisations.all()],
                year_groups=sorted(y for y in e.year_groups if first <= y <= last),
                planned=e.date > day,
            )
            for e in sorted(encounters, key=lambda e: (e.date, e.pk))
            if e.is_pal and e.in_school_day and {first, last} & set(e.year_groups or [])
        ]
        phases.append(PalPhase(years=(first, last), mandatory=last <= 11, encounters=listed))
    leader = page.careers_leader
    return CareersPageContent(
        page=page,
        institution=institution,
        academic_year=f"{year_start.year}/{(year_start.year + 1) % 100:02d}",
        leader_name=leader.get_full_name() or leader.email if leader else "",
        email=page.contact_email or (leader.email if leader else ""),
        telephone=page.telephone,
        programme=programme,
        pal=phases,
        today=day,
    )


def publication(institution: Institution):
    """Whether the institution's careers page is published, and when it last changed (the
    governors' question "is the careers information published?")."""
    from careers_portal.insights.questions import Publication

    page = CareersPage.objects.filter(institution=institution).first()
    if page is None:
        return Publication(published=False, updated=None, url="")
    return Publication(
        published=page.published,
        updated=timezone.localdate(page.updated_at) if page.updated_at else None,
        url=reverse("careers_information", args=[institution.pk]) if page.published else "",
    )
