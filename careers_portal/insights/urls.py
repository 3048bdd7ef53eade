from django.urls import path

from careers_portal.insights import views

app_name = "insights"

urlpatterns = [
    path("learners/<int:pk>/everything.zip", views.subject_access, name="subject_access"),
]
