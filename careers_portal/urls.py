from django.contrib import admin
from django.urls import include, path

from careers_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("careers_portal.accounts.urls")),
    path("plan/", include("plans.urls")),
    path("benchmarks/", include("benchmarks.urls")),
    path("encounters/", include("encounters.urls")),
    path("learners/", include("careers_portal.schools.urls")),
    path("destinations/", include("destinations.urls")),
    path("surveys/", include("surveys.urls")),
    path("insights/", include("careers_portal.insights.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "careers_portal.views.permission_denied"
handler404 = "careers_portal.views.page_not_found"
handler500 = "careers_portal.views.server_error"
