from django.urls import path

from destinations import views

app_name = "destinations"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("learners/<int:pk>/", views.learner_destinations, name="learner"),
    path("learners/<int:pk>/record/", views.destination_record, name="record"),
]
