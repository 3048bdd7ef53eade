"""Demo content for `seed_demo`: the demo school's careers page, published (made once)."""

from __future__ import annotations

import datetime as dt

from careers_portal.dates import today
from careers_portal.insights import careers_page
from careers_portal.insights.careers_page_models import CareersPage


def seed_careers_page(sender, institution, **kwargs) -> None:
    """Receiver of `demo_institution_seeded`: a published careers page, unless one exists."""
    if CareersPage.objects.filter(institution=institution).exists():
        return
    page = careers_page.page_for(institution)
    leader = page.careers_leader
    careers_page.page_save(
        page=page,
        by=leader,
        expected_version=None,
        telephone="0161 496 0123",
        programme_summary=(
            f"{institution.name} runs a careers programme for every year group from Year "
            f"{institution.lowest_year_group} to Year {institution.highest_year_group}: employer "
            "talks and workplace visits, encounters with colleges, universities and "
            "apprenticeship providers, and a guidance meeting with a qualified adviser."
        ),
        next_review_date=page.next_review_date or dt.date(today().year + 1, 7, 15),
        published=leader is not None,
    )
