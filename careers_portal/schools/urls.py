from django.urls import path

from careers_portal.schools import views

app_name = "learners"

urlpatterns = [
    path("", views.learner_list, name="list"),
    path("<int:pk>/anonymise/", views.learner_anonymise, name="anonymise"),
    path("import/", views.roll_import, name="import"),
    path("import/columns/", views.roll_import_mapping, name="import_mapping"),
    path("import/check/", views.roll_import_check, name="import_check"),
    path("import/apply/", views.roll_import_apply, name="import_apply"),
]
