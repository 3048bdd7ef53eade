from django.urls import path

from careers_portal.schools import import_views

app_name = "imports"

urlpatterns = [
    path("<int:pk>/", import_views.job_detail, name="detail"),
    path("<int:pk>/apply/", import_views.job_apply, name="apply"),
]
