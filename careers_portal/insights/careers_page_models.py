"""The statutory careers page's own wording (DOMAIN section 8), one per institution.

What the careers leader writes is stored here; the rest of the page (the careers programme by
year group, the provider encounters planned for each phase, the next review) is read live from
the other apps by careers_portal/insights/careers_page.py. Nothing here is about a learner.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from careers_portal.schools.models import Institution, InstitutionQuerySet

DEFAULT_FINDING_OUT = (
    "Learners hear about careers activities in tutor time, assemblies and lessons. Parents and "
    "carers can contact the careers leader at any time and meet advisers at parents' evenings. "
    "Teachers find the programme on the staff shared drive. Employers who would like to help "
    "can contact the careers leader."
)
DEFAULT_IMPACT = (
    "We measure the impact of our careers programme by reviewing it against the Gatsby "
    "Benchmarks each year, by asking learners, parents, staff and employers what they thought, "
    "by checking which learners have taken part in each activity, and by following where our "
    "learners go when they leave."
)
DEFAULT_REQUESTS = (
    "A provider of technical education or apprenticeships who wants to speak to our learners "
    "should contact the careers leader by email or telephone (above), saying which year groups "
    "they would like to meet and what they would like to offer. We reply within 10 school days."
)
DEFAULT_GROUNDS = (
    "We agree to every reasonable request that fits the school calendar. We may refuse or move "
    "a request when the date clashes with examinations or other commitments, when a provider "
    "cannot meet our safeguarding requirements, or when the content would not be suitable for "
    "the learners concerned. We always say why and offer another date where we can."
)
DEFAULT_PREMISES = (
    "We offer a suitable room (a classroom, the hall or the library), a projector and screen, "
    "and tables for displays. Providers may leave prospectuses and leaflets with the careers "
    "leader, who makes them available to learners in the careers library."
)


class CareersPageQuerySet(InstitutionQuerySet):
    pass


class CareersPage(models.Model):
    institution = models.OneToOneField(
        Institution, on_delete=models.CASCADE, related_name="careers_page"
    )
    careers_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person named on the page as the careers leader.",
    )
    contact_email = models.EmailField(
        "email address",
        blank=True,
        help_text="Leave empty to show the careers leader's own email address.",
    )
    telephone = models.CharField("telephone number", max_length=40, blank=True)
    programme_summary = models.TextField(
        "summary of the careers programme",
        blank=True,
        help_text="A few sentences about your programme. The activities by year group are "
        "added from the encounters you log.",
    )
    finding_out = models.TextField(
        "how learners, parents, teachers and employers find out about it",
        default=DEFAULT_FINDING_OUT,
    )
    measuring_impact = models.TextField(
        "how you measure and assess the programme's impact", default=DEFAULT_IMPACT
    )
    next_review_date = models.DateField(
        "date of the next review of this information", null=True, blank=True
    )
    provider_requests = models.TextField(
        "how providers ask for access to learners", default=DEFAULT_REQUESTS
    )
    grounds = models.TextField(
        "grounds for granting or refusing a request", default=DEFAULT_GROUNDS
    )
    premises = models.TextField("premises and facilities offered", default=DEFAULT_PREMISES)
    published = models.BooleanField(
        "publish this page",
        default=False,
        help_text="Anyone with the page's address can read it, without signing in.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Optimistic lock (careers_portal.locking): moves on with every save.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = CareersPageQuerySet.as_manager()

    class Meta:
        verbose_name = "careers information page"

    def __str__(self) -> str:
        return f"Careers information for {self.institution}"

    def get_absolute_url(self) -> str:
        return reverse("careers_information", args=[self.institution_id])

    def clean(self) -> None:
        if not self.published:
            return
        missing = {}
        if not self.careers_leader_id:
            missing["careers_leader"] = "Choose the careers leader to name on the page."
        if not self.telephone.strip():
            missing["telephone"] = "Enter a telephone number: schools must publish one."
        if not self.next_review_date:
            missing["next_review_date"] = (
                "Enter the date of the next review: schools must publish it."
            )
        if missing:
            raise ValidationError(missing)
