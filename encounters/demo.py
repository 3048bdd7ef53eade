"""Demo content for `seed_demo`: organisations, encounters and guidance meetings.

The receiver of `demo_institution_seeded` (connected in EncountersConfig.ready). About ten
organisations, encounters across Y7-Y13 this academic year and last (logged through the
services, which keep the meaningful flags in step), learners attached by year group, often only
some of them, so coverage is partial, and guidance meetings for Y11 and Y13. Organisations are
keyed by name, encounters by title and date, meetings by learner and date: running seed_demo
again creates nothing (a larger --learners only adds the new learners to them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from benchmarks import selectors as benchmark_selectors
from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import AcademicYear, Department, Learner
from careers_portal.schools.services import academic_year_ensure
from encounters import services
from encounters.models import Encounter, GuidanceMeeting, Organisation, PlannedActivity

Kind = Organisation.Kind
Size = Organisation.Size

# fmt: off
# name, kind, sector, size, self-employed, approved provider (PAL), contacts
ORGANISATIONS = [
    ("Northfield General Hospital", Kind.EMPLOYER, "Health", Size.LARGE, False, False,
     "Dee Harper, education lead, dee.harper@nhs.example"),
    ("Brightwell Engineering", Kind.EMPLOYER, "Engineering and manufacturing", Size.MEDIUM,
     False, False, "Raj Mistry, apprenticeships manager"),
    ("Harbour and Lane Solicitors", Kind.EMPLOYER, "Legal", Size.SMALL, False, False,
     "Helen Lane, partner"),
    ("Greenway Construction", Kind.EMPLOYER, "Construction", Size.LARGE, False, False,
     "Mark Doyle, community liaison"),
    ("Pixel Forge Studios", Kind.EMPLOYER, "Digital and creative", Size.MICRO, False, False,
     "Ana Silva, founder"),
    ("Northfield Co-operative Food", Kind.EMPLOYER, "Retail", Size.LARGE, False, False,
     "Store manager, Northfield high street"),
    ("Midshire County Council", Kind.EMPLOYER, "Public services", Size.LARGE, False, False,
     "Early careers team"),
    ("Sam Reid Hair and Beauty", Kind.EMPLOYER, "Hair and beauty", Size.MICRO, True, False,
     "Sam Reid, owner"),
    ("Northfield College", Kind.FE_COLLEGE, "Further education", Size.LARGE, False, True,
     "Schools liaison team, schools@northfield-college.example"),
    ("University of Midshire", Kind.UNIVERSITY, "Higher education", Size.LARGE, False, False,
     "Outreach officer, outreach@midshire.example"),
    ("Midlands Apprenticeship Training", Kind.APPRENTICESHIP_PROVIDER, "Apprenticeships",
     Size.MEDIUM, False, True, "Kelly Ward, schools engagement"),
]
# fmt: on


@dataclass(frozen=True)
class Demo:
    title: str
    day: tuple[int, int, int]  # (academic years back: 0 this, 1 last; month; day)
    kind: str
    years: list[int]  # year groups at the time
    organisations: list[str]
    benchmarks: list[int]
    share: float = 1.0  # of each year group's learners who took part
    missing: list[str] = field(default_factory=list)  # "5:reflection": a criterion not met
    is_pal: bool = False
    department: str = ""
    skills: list[str] = field(default_factory=list)
    purpose: str = ""
    reflections: str = ""
    employer_feedback: str = ""


HOSPITAL, BRIGHTWELL, LAW, GREENWAY, PIXEL, COOP, COUNCIL, SALON, COLLEGE, UNI, MAT = (
    row[0] for row in ORGANISATIONS
)
# fmt: off
ENCOUNTERS = [
    # --- This academic year ---------------------------------------------------------------
    Demo("Meet the professionals: careers in the NHS", (0, 9, 24), "employer_talk", [7],
         [HOSPITAL], [5], purpose="Show Year 7 the range of jobs in a hospital.",
         skills=["Listening", "Aiming High"],
         reflections="Most learners named three NHS jobs they had not heard of."),
    Demo("Building the future: construction careers talk", (0, 10, 7), "employer_talk", [8],
         [GREENWAY], [5], missing=["5:reflection"],
         purpose="Introduce construction careers and apprenticeships."),
    Demo("PAL: Northfield College technical routes", (0, 10, 14), "provider_talk", [9],
         [COLLEGE], [7], is_pal=True,
         purpose="T levels and technical courses at 16, before Year 9 options."),
    Demo("PAL: apprenticeships workshop", (0, 10, 21), "provider_talk", [11], [MAT], [7],
         share=0.9, is_pal=True, purpose="How apprenticeships work and how to apply at 16."),
    Demo("UCAS and degree apprenticeships talk", (0, 9, 30), "provider_talk", [13],
         [UNI, MAT], [7], purpose="Choosing between university and a degree apprenticeship."),
    Demo("Law in action: a morning with Harbour and Lane", (0, 10, 1), "employer_talk", [12],
         [LAW], [4, 5], share=0.2, department="Humanities",
         purpose="What solicitors do, for A level law and politics students."),
    Demo("Science in the NHS: careers in the curriculum", (0, 11, 10), "curriculum_link",
         [10], [HOSPITAL], [4, 5], department="Science", skills=["Problem Solving"],
         purpose="Biology lessons on the heart taught with a cardiac physiologist."),
    Demo("Engineering workplace visit: Brightwell", (0, 11, 5), "workplace_visit", [10],
         [BRIGHTWELL], [6], share=0.25, department="Design and Technology",
         skills=["Teamwork", "Problem Solving"],
         purpose="See engineers at work and take on a design task set by the company.",
         employer_feedback="Great questions; two learners asked about apprenticeships."),
    Demo("University of Midshire taster day", (0, 11, 12), "he_visit", [12], [UNI], [7],
         share=0.85, department="Sixth Form", purpose="Lectures, labs and student life."),
    Demo("Autumn careers fair", (0, 11, 18), "careers_fair", [9, 10, 11, 12, 13],
         [HOSPITAL, BRIGHTWELL, GREENWAY, COUNCIL, COOP, COLLEGE, UNI, MAT], [5, 7], share=0.8,
         missing=["7:learning_like"], skills=["Speaking", "Listening"],
         purpose="Meet employers and providers and ask about their jobs and courses."),
    Demo("Game design enterprise challenge", (0, 11, 19), "enterprise_challenge", [8],
         [PIXEL], [5], share=0.6, department="Computing", skills=["Creativity", "Teamwork"],
         purpose="Pitch a game idea to a local studio."),
    Demo("Year 10 mock interviews with local employers", (0, 12, 9), "mentoring", [10],
         [COUNCIL, COOP, BRIGHTWELL], [5], purpose="Practise an interview before work "
         "experience."),
    # --- Last academic year (learners are now a year older) -------------------------------
    Demo("Careers week: people who help us", (1, 10, 8), "employer_talk", [7],
         [HOSPITAL, COUNCIL], [5], purpose="First look at the world of work."),
    Demo("Self-employment: running your own salon", (1, 11, 26), "employer_talk", [9],
         [SALON], [5], missing=["5:outcomes"], purpose="What being self-employed is like."),
    Demo("PAL: Northfield College taster afternoon", (1, 2, 4), "provider_taster", [8],
         [COLLEGE], [7], is_pal=True, purpose="Try three technical courses at the college."),
    Demo("PAL: apprenticeship routes assembly", (1, 1, 21), "provider_talk", [10], [MAT], [7],
         is_pal=True, purpose="Apprenticeships from level 2 to degree level."),
    Demo("PAL: higher and degree apprenticeships", (1, 2, 11), "provider_talk", [12],
         [MAT, UNI], [7], share=0.7, is_pal=True, department="Sixth Form",
         purpose="Higher apprenticeships as an alternative to university."),
    Demo("STEM workplace visit: Brightwell Engineering", (1, 3, 18), "workplace_visit", [9],
         [BRIGHTWELL], [6], share=0.3, purpose="A day on the shop floor with a design task."),
    Demo("University inspiration day", (1, 1, 28), "he_visit", [11], [UNI], [7], share=0.9,
         purpose="Why university, and what it costs."),
    Demo("Russell Group university visit", (1, 3, 5), "he_visit", [12], [UNI], [7],
         share=0.8, department="Sixth Form", purpose="Admissions talk and campus tour."),
    Demo("Summer careers fair", (1, 6, 17), "careers_fair", [7, 8, 9, 10, 11, 12],
         [HOSPITAL, GREENWAY, COUNCIL, COOP, COLLEGE, UNI, MAT], [5, 7], share=0.75,
         purpose="Employers and providers from across Midshire."),
    Demo("Year 10 work experience week", (1, 6, 29), "work_experience", [10],
         [HOSPITAL, BRIGHTWELL, LAW, GREENWAY, COOP, COUNCIL, SALON], [6], share=0.85,
         skills=["Teamwork", "Staying Positive", "Leadership"],
         purpose="A week in a workplace of the learner's choice.",
         employer_feedback="Employers rated 9 in 10 placements good or excellent."),
    Demo("Virtual placement: careers in local government", (1, 5, 13), "virtual_placement",
         [12], [COUNCIL], [6], share=0.3, missing=["6:range_of_people"],
         purpose="Three online sessions with council teams."),
]
# fmt: on

# Guidance meetings (BM8): share of each year group seen, months (this academic year) spread.
GUIDANCE = {11: (0.65, [10, 11]), 13: (0.8, [2, 3, 9, 10, 11])}
REFLECTION = "Learners filled in a reflection sheet; the careers leader read them."
ADVISERS = [("Priya Shah", True), ("Tom Bailey", True), ("Lena Fischer", False)]


def seed_demo_content(sender, institution, **kwargs) -> None:
    """Receiver: the demo organisations, encounters and guidance meetings of `institution`."""
    today = timezone.localdate()
    current = AcademicYear.start_year_for(today)
    people = {
        m.role: m.user
        for m in Membership.objects.filter(institution=institution, is_active=True)
        .select_related("user")
        .order_by("-pk")
    }
    leader = people.get(Role.CAREERS_LEADER)
    organisations = _organisations(institution)
    learners = _learners_by_year(institution)
    _encounters(institution, today, current, organisations, learners, people, leader)
    _guidance(institution, today, current, learners, leader)
    _programme(institution, today, current, leader)


def _organisations(institution) -> dict[str, Organisation]:
    existing = {o.name: o for o in Organisation.objects.for_institution(institution)}
    for name, kind, sector, size, self_employed, approved, contacts in ORGANISATIONS:
        if name not in existing:
            existing[name] = services.organisation_create(
                institution=institution,
                name=name,
                kind=kind,
                sector=sector,
                size=size,
                self_employed=self_employed,
                approved_provider=approved,
                contacts=contacts,
            )
    return existing


def _learners_by_year(institution) -> dict[int, list[tuple[int, str]]]:
    by_year: dict[int, list[tuple[int, str]]] = {}
    rows = (
        Learner.objects.for_institution(institution)
        .on_roll()
        .order_by("mis_id")
        .values_list("pk", "mis_id", "year_group")
    )
    for pk, mis_id, year in rows:
        by_year.setdefault(year, []).append((pk, mis_id))
    return by_year


def _picked(key: str, mis_id: str, share: float) -> bool:
    """The same learners are picked for an encounter whenever (and wherever) it is seeded."""
    digest = hashlib.blake2s(f"{key}:{mis_id}".encode(), digest_size=2).digest()
    return int.from_bytes(digest) < share * 65536


def _encounters(institution, today, current, organisations, learners, people, leader) -> None:
    existing = {
        (e.title, e.date): e
        for e in Encounter.objects.for_institution(institution).select_related("institution")
    }
    benchmarks = {b.number: b for b in benchmark_selectors.benchmarks(version="2025")}
    criteria = list(benchmark_selectors.meaningful_criteria())
    skills = {s.name: s for s in benchmark_selectors.skills_builder_skills()}
    departments = {d.name: d for d in Department.objects.for_institution(institution)}
    champion = people.get(Role.CHAMPION)
    for demo in ENCOUNTERS:
        back, month, day_of_month = demo.day
        start_year = current - back
        date = dt.date(start_year if month >= 9 else start_year + 1, month, day_of_month)
        # Learners attended in the year groups they were in then: a year older now.
        now_years = [year + back for year in demo.years]
        attending = [
            pk
            for year in now_years
            for pk, mis_id in learners.get(year, [])
            if date <= today and _picked(demo.title, mis_id, demo.share)
        ]
        if (demo.title, date) in existing:
            # Learners added by a larger --learners join it; with the same learners, none.
            services.attach_learners(existing[(demo.title, date)], attending)
            continue
        if not any(learners.get(year) for year in now_years):
            continue
        department = departments.get(demo.department)
        met = [
            c
            for c in criteria
            if c.benchmark_number in demo.benchmarks
            and f"{c.benchmark_number}:{c.code}" not in demo.missing
        ]
        encounter = services.encounter_log(
            institution=institution,
            by=champion if department and champion else leader,
            today=today,
            year_groups=(),  # learners are attached below, some of each year group
            title=demo.title,
            date=date,
            kind=demo.kind,
            department=department,
            is_pal=demo.is_pal,
            in_school_day=True,
            purpose=demo.purpose,
            reflections=demo.reflections
            or ("" if any(m.endswith(":reflection") for m in demo.missing) else REFLECTION),
            employer_feedback=demo.employer_feedback,
            organisations=[organisations[name] for name in demo.organisations],
            benchmarks=[benchmarks[n] for n in demo.benchmarks],
            skills=[skills[name] for name in demo.skills if name in skills],
            meaningful_criteria=met,
        )
        Encounter.objects.filter(pk=encounter.pk).update(year_groups=sorted(demo.years))
        services.attach_learners(encounter, attending)


def _guidance(institution, today, current, learners, leader) -> None:
    ids = [pk for year in GUIDANCE for pk, _ in learners.get(year, [])]
    existing = set(
        GuidanceMeeting.objects.for_institution(institution)
        .filter(learner_id__in=ids)
        .values_list("learner_id", "date")
    )
    new = []
    for year, (share, months) in GUIDANCE.items():
        for index, (pk, mis_id) in enumerate(learners.get(year, [])):
            if not _picked(f"guidance:{year}", mis_id, share):
                continue
            # This autumn (September on), or the spring of last academic year (Year 12).
            month = months[index % len(months)]
            date = dt.date(current, month, 1 + index % 27)
            if date > today or (pk, date) in existing:
                continue
            adviser, level6 = ADVISERS[index % len(ADVISERS)]
            new.append(
                GuidanceMeeting(
                    learner_id=pk,
                    date=date,
                    adviser_name=adviser,
                    adviser_level6=level6,
                    follow_up="Action plan agreed; next steps emailed to the learner.",
                    recorded_by=leader,
                )
            )
    bulk_create_with_history(new, GuidanceMeeting, batch_size=1000, default_user=leader)


# The careers programme of this academic year: the mainstream template, with a department for the
# activities a department delivers, and this year's demo encounters that deliver a planned one.
PROGRAMME_DEPARTMENTS = {
    "Careers in every subject week": "Science",
    "Enterprise challenge with a local employer": "Computing",
    "Higher education taster day": "Sixth Form",
    "Work placement for sixth formers": "Sixth Form",
}
# encounter title -> the planned activity it delivers
DELIVERS = {
    "Autumn careers fair": "Post-16 choices fair",
    "UCAS and degree apprenticeships talk": "UCAS and applications support",
    "Year 10 mock interviews with local employers": "Mock interviews with employers",
    "Game design enterprise challenge": "Enterprise challenge with a local employer",
    "University of Midshire taster day": "Higher education taster day",
    "PAL: Northfield College technical routes": (
        "Provider encounter: technical routes taster (PAL 2)"
    ),
}


def _programme(institution, today, current, leader) -> None:
    """This year's programme from the mainstream template; some of it already delivered."""
    year = academic_year_ensure(start_year=current)
    services.programme_apply_template(
        institution=institution, academic_year=year, key="mainstream", by=leader
    )
    activities = {
        a.title: a
        for a in PlannedActivity.objects.for_institution(institution).filter(academic_year=year)
    }
    departments = {d.name: d for d in Department.objects.for_institution(institution)}
    for title, department in PROGRAMME_DEPARTMENTS.items():
        if title in activities and department in departments:
            PlannedActivity.objects.filter(pk=activities[title].pk, department=None).update(
                department=departments[department]
            )
    for encounter_title, activity_title in DELIVERS.items():
        if activity_title in activities:
            Encounter.objects.for_institution(institution).filter(
                title=encounter_title,
                date__gte=year.start_date,
                date__lte=year.end_date,
                planned_activity=None,
            ).update(planned_activity=activities[activity_title])
