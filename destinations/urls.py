from django.urls import path

from destinations import views, views_import

app_name = "destinations"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("learners/<int:pk>/", views.learner_destinations, name="learner"),
    path("learners/<int:pk>/record/", views.destination_record, name="record"),
    path("intended/", views.intended_grid, name="grid"),
    path("to-confirm/", views.to_confirm, name="to_confirm"),
    path("intended/<int:pk>/", views.intended_grid_save, name="grid_save"),
    path("import/", views_import.destination_import, name="import"),
    path("import/apply/", views_import.destination_import_apply, name="import_apply"),
    path("la-return.csv", views_import.la_return, name="la_return"),
]
