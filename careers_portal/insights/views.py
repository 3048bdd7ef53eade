"""Pages that gather several apps' data about one learner."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from careers_portal.accounts.permissions import capability_required, get_for_institution
from careers_portal.insights.subject_access import learner_archive
from careers_portal.schools.models import Learner


@capability_required("learners.edit")
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one learner as a zip (a subject access request); leader only."""
    learner = get_for_institution(
        request, Learner.objects.filter(anonymised_at__isnull=True), pk=pk
    )
    response = HttpResponse(learner_archive(learner), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="learner-{learner.pk}.zip"'
    return response
