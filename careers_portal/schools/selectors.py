"""Reads about an institution's people and roll, shared by the home pages and later dashboards."""

from __future__ import annotations

from django.db.models import Count, Q

from careers_portal.accounts.models import Membership, Role
from careers_portal.schools.models import AcademicYear, Institution, Learner
from careers_portal.sharing import shared


def year_starting(start_year: int) -> AcademicYear | None:
    """The academic year that starts in September of `start_year`, if it exists; read once per
    page where several figures of a page ask for it (careers_portal/sharing.py)."""
    return shared(
        ("schools.year_starting", start_year),
        lambda: AcademicYear.objects.filter(start_year=start_year).first(),
    )


def people_by_role(institution: Institution) -> list[dict]:
    """How many active people hold each role, in the order of the Role choices."""
    counts = dict(
        Membership.objects.for_institution(institution)
        .active()
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [{"role": role, "label": role.label, "count": counts.get(role, 0)} for role in Role]


def roll_by_year_group(institution: Institution) -> list[dict]:
    """Learners on roll per year group, with the cohort flags counted in the same query."""
    return list(
        Learner.objects.for_institution(institution)
        .on_roll()
        .values("year_group")
        .annotate(
            learners=Count("id"),
            send=Count("id", filter=~Q(send=Learner.Send.NONE)),
            disadvantaged=Count("id", filter=Q(disadvantaged=True)),
        )
        .order_by("year_group")
    )


def learner_search(institution: Institution, filters: dict):
    """The institution's learners matching the list page's filters (never the anonymised)."""
    learners = Learner.objects.for_institution(institution).filter(anonymised_at__isnull=True)
    status = filters.get("status") or "on_roll"
    if status == "on_roll":
        learners = learners.filter(date_of_leaving__isnull=True)
    elif status == "left":
        learners = learners.filter(date_of_leaving__isnull=False)
    if text := (filters.get("q") or "").strip():
        for word in text.split()[:4]:
            learners = learners.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(upn__iexact=word)
                | Q(uln=word)
                | Q(mis_id__iexact=word)
            )
    if filters.get("year_group"):
        learners = learners.filter(year_group=filters["year_group"])
    if reg := (filters.get("reg_group") or "").strip():
        learners = learners.filter(reg_group__iexact=reg)
    send = filters.get("send")
    if send == "any":
        learners = learners.exclude(send=Learner.Send.NONE)
    elif send:
        learners = learners.filter(send=send)
    for flag in ("disadvantaged", "looked_after", "eal", "young_carer"):
        if filters.get(flag) in ("yes", "no"):
            learners = learners.filter(**{flag: filters[flag] == "yes"})
    return learners.order_by("last_name", "first_name", "reg_group", "pk")


def term_dates(institution: Institution, academic_year) -> tuple[dict[int, tuple], bool]:
    """The institution's half-term dates of one year ({number: (first, last)}), and whether they
    are its own (False: England's default, which it has not changed)."""
    from careers_portal.schools.models import HalfTerm

    rows = list(
        HalfTerm.objects.applying_to(institution)
        .filter(academic_year=academic_year)
        .order_by("number")
    )
    dates = {ht.number: (ht.start_date, ht.end_date) for ht in rows}
    return dates, any(ht.institution_id == institution.pk for ht in rows)
