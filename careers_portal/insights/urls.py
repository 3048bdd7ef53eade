from django.urls import path

from careers_portal.insights import careers_page_views, views

app_name = "insights"

urlpatterns = [
    path("learners/<int:pk>/", views.learner_page, name="learner"),
    path("learners/<int:pk>/details/", views.learner_edit, name="learner_edit"),
    path("learners/<int:pk>/everything.zip", views.subject_access, name="subject_access"),
    path("careers-page/", careers_page_views.edit, name="careers_page_edit"),
    path("careers-page/html/", careers_page_views.html, name="careers_page_html"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("governors/questions/", views.governor_questions, name="questions"),
    path("trust/", views.trust, name="trust"),
    path("objectives/<int:pk>/measures/", views.objective_measures, name="measures"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("local-neet/", views.local_neet, name="local_neet"),
    path("reports/", views.reports, name="reports"),
    path("reports/build/", views.report_build, name="report_build"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
]
