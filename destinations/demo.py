"""Demo destinations for `seed_demo`: the last two years' Year 11 and Year 13 leavers.

The receiver of `demo_institution_seeded` (connected in DestinationsConfig.ready). For each of
the two academic years before this one: the Year 11s who stayed on are the learners now in the
sixth form (a share of them, recorded as "school sixth form", as destination measures count them);
the other Year 11 leavers and the Year 13 leavers are added as learners who left at the end of
that year. Each gets an intended and an actual destination at rates like England's (most in
education, a few per cent apprenticeships and employment, 2-3% NEET, a few not known), and the
older year a sustained check. Seeded per learner, so every run gives the same figures; a year
that already has demo leavers is left as it is, so running seed_demo again creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import AcademicYear, Learner
from careers_portal.schools.selectors import year_starting
from destinations.models import PARTICIPATING, Category, DestinationRecord

C = Category
# Category -> weight, per leaving year group (Year 11s staying in the school's sixth form apart).
RATES = {
    11: {
        C.FE_COLLEGE: 50,
        C.SIXTH_FORM_COLLEGE: 24,
        C.OTHER_FE: 5,
        C.APPRENTICESHIP: 7,
        C.SUPPORTED_INTERNSHIP: 2,
        C.EMPLOYMENT_WITH_TRAINING: 2,
        C.EMPLOYMENT_WITHOUT_TRAINING: 1,
        C.NEET: 4,
        C.UNKNOWN: 5,
    },
    13: {
        C.HIGHER_EDUCATION: 58,
        C.APPRENTICESHIP: 9,
        C.EMPLOYMENT_WITH_TRAINING: 8,
        C.EMPLOYMENT_WITHOUT_TRAINING: 5,
        C.FE_COLLEGE: 5,
        C.GAP_YEAR: 7,
        C.NEET: 3,
        C.UNKNOWN: 5,
    },
}
STAYING_ON = 0.45  # of Year 11, into the school's own sixth form
PROVIDERS = {
    C.FE_COLLEGE: ["Northfield College", "Riverside College"],
    C.SIXTH_FORM_COLLEGE: ["St Aidan's Sixth Form College"],
    C.APPRENTICESHIP: ["Brightwell Engineering", "Northfield General Hospital"],
    C.HIGHER_EDUCATION: ["University of Northfield", "Lakeside University"],
    C.EMPLOYMENT_WITH_TRAINING: ["Greenway Construction"],
}
FIRST_NAMES = ["Amelia", "Noah", "Isla", "Leo", "Ava", "Oscar", "Freya", "Arlo", "Maya", "Zain"]
LAST_NAMES = ["Hughes", "Khan", "Evans", "Nowak", "Patel", "Okafor", "Reid", "Shaw", "Begum"]


def seed_demo_destinations(sender, institution, **kwargs) -> None:
    """Destinations for the last two years' leavers of a demo institution (idempotent)."""
    current = AcademicYear.start_year_for(timezone.localdate())
    leader = (
        Membership.objects.filter(institution=institution, role=Role.CAREERS_LEADER)
        .select_related("user")
        .first()
    )
    by = leader.user if leader else None
    for years_ago in (1, 2):
        year = year_starting(current - years_ago)
        if year is None or _seeded(institution, year):
            continue
        records: list[DestinationRecord] = []
        for leaving_year in (11, 13):
            if leaving_year > institution.highest_year_group:
                continue
            records += _cohort(institution, year, leaving_year, years_ago, by)
        bulk_create_with_history(records, DestinationRecord, batch_size=1000, default_user=by)


def _seeded(institution, year: AcademicYear) -> bool:
    return Learner.objects.filter(
        institution=institution, mis_id__startswith=f"DEMO-LEFT-{year.start_year}-"
    ).exists()


def _cohort(institution, year, leaving_year: int, years_ago: int, by) -> list[DestinationRecord]:
    # That year's Year 11 are in Year 11 + years_ago now, if they stayed on.
    stayed = []
    if leaving_year == 11 and institution.highest_year_group >= 11 + years_ago:
        in_sixth_form = list(
            Learner.objects.for_institution(institution)
            .on_roll()
            .filter(year_group=11 + years_ago, mis_id__startswith="DEMO-")
            .order_by("pk")
        )
        stayed = in_sixth_form
    size = (
        Learner.objects.for_institution(institution)
        .on_roll()
        .filter(year_group=leaving_year)
        .count()
    )
    if leaving_year == 11 and stayed:
        size = max(size, round(len(stayed) / STAYING_ON))
    leaving = size - len(stayed) if leaving_year == 11 else size
    left = _leavers(institution, year, leaving_year, max(leaving, 0))
    records = []
    for learner in stayed:
        records += _records(learner, year, C.SCHOOL_SIXTH_FORM, years_ago, by)
    categories, weights = zip(*RATES[leaving_year].items(), strict=True)
    for learner in left:
        rng = random.Random(f"{learner.mis_id}:actual")
        actual = rng.choices(categories, weights)[0]
        records += _records(learner, year, actual, years_ago, by)
    return records


def _leavers(institution, year, leaving_year: int, count: int) -> list[Learner]:
    """Learners who left at the end of `year` in `leaving_year`, created once."""
    left_on = dt.date(year.start_year + 1, 7, 22)
    new = []
    for n in range(count):
        mis_id = f"DEMO-LEFT-{year.start_year}-{leaving_year}-{n + 1:05d}"
        rng = random.Random(mis_id)
        send = rng.random()
        new.append(
            Learner(
                institution=institution,
                mis_id=mis_id,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                year_group=leaving_year,
                gender=rng.choices("FMO", [49, 49, 2])[0],
                send=(
                    Learner.Send.EHCP
                    if send < 0.03
                    else Learner.Send.SEN_SUPPORT
                    if send < 0.17
                    else Learner.Send.NONE
                ),
                disadvantaged=rng.random() < 0.25,
                looked_after=rng.random() < 0.01,
                eal=rng.random() < 0.15,
                date_of_leaving=left_on,
            )
        )
    Learner.objects.bulk_create(new, batch_size=1000)
    return list(
        Learner.objects.filter(
            institution=institution,
            mis_id__startswith=f"DEMO-LEFT-{year.start_year}-{leaving_year}-",
        ).order_by("mis_id")
    )


def _records(learner, year, actual: str, years_ago: int, by) -> list[DestinationRecord]:
    """Intended (usually what happened), actual, and for the older year a sustained check."""
    rng = random.Random(f"{learner.mis_id or learner.pk}:{year.start_year}")
    options = [c for c in RATES[13 if learner.year_group >= 13 else 11] if c != C.UNKNOWN]
    intended = (
        actual
        if actual not in (C.NEET, C.UNKNOWN) and rng.random() < 0.85
        else (rng.choice(options))
    )
    if actual == C.SCHOOL_SIXTH_FORM:
        intended = actual if rng.random() < 0.9 else C.FE_COLLEGE
    stages = [
        (DestinationRecord.Stage.INTENDED, intended, dt.date(year.start_year + 1, 2, 10)),
        (DestinationRecord.Stage.ACTUAL, actual, dt.date(year.start_year + 1, 10, 1)),
    ]
    if years_ago == 2 and actual != C.UNKNOWN:
        sustained = actual if actual in PARTICIPATING and rng.random() < 0.92 else C.NEET
        stages.append(
            (DestinationRecord.Stage.SUSTAINED, sustained, dt.date(year.start_year + 2, 3, 31))
        )
    return [
        DestinationRecord(
            learner=learner,
            academic_year=year,
            stage=stage,
            category=category,
            provider=rng.choice(PROVIDERS.get(category, [""])),
            date=day,
            source=DestinationRecord.Source.LEARNER
            if stage == DestinationRecord.Stage.INTENDED
            else DestinationRecord.Source.LOCAL_AUTHORITY,
            recorded_by=by,
        )
        for stage, category, day in stages
    ]
