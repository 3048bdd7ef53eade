"""Project-wide pages: each role's home page, the health check and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from careers_portal.accounts.permissions import capability_required, role_can
from careers_portal.dates import today
from careers_portal.insights.models import CareersPage
from careers_portal.kept_pages import kept_page
from careers_portal.schools import selectors as school_selectors
from careers_portal.schools import year_start


@capability_required("institution.view")
@kept_page
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    context = {
        "people": school_selectors.people_by_role(membership.institution),
        "roll": (
            school_selectors.roll_by_year_group(membership.institution)
            if role_can(membership.role, "learners.view")
            else None
        ),
    }
    # Governors and SLT are linked to the public careers page once it is published.
    context["careers_page_published"] = CareersPage.objects.filter(
        institution=membership.institution, published=True
    ).exists()
    if role_can(membership.role, "learners.new_year"):
        offered = year_start.years_offered(membership.institution, today())
        context["new_year_to"] = f"{offered[1]}/{(offered[1] + 1) % 100:02d}" if offered else ""
    return render(request, f"home/{membership.role}.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, 503 when it does not. The broker's state is reported
    ("degraded" when it is down) but never fails the check: every page serves without it, and
    an orchestrator restarting the web for a broker outage would take the site down with it."""
    checks = {"database": _database_answers()}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _broker_answers()
    if not checks["database"]:
        status = "unavailable"
    elif all(checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_answers() -> bool:
    from careers_portal.celery import app

    try:
        # The URL is read now, not when the app was configured; no retries, so a down broker
        # answers 503 in milliseconds rather than holding the load balancer's probe.
        with app.connection_for_write(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return True
    except Exception:
        return False


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.user.is_authenticated:
        from careers_portal.accounts.models import SecurityEvent
        from careers_portal.accounts.services import record_activity

        record_activity(request, SecurityEvent.Kind.PERMISSION_REFUSED)
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke may be what they need.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
