from django.urls import path

from careers_portal.insights import careers_page_views, views

app_name = "insights"

urlpatterns = [
    path("learners/<int:pk>/", views.learner_page, name="learner"),
    path("learners/<int:pk>/details/", views.learner_edit, name="learner_edit"),
    path("learners/<int:pk>/everything.zip", views.subject_access, name="subject_access"),
    path("careers-page/", careers_page_views.edit, name="careers_page_edit"),
    path("careers-page/html/", careers_page_views.html, name="careers_page_html"),
]
