from django.urls import path

from encounters.views import coverage, encounters, transfer

app_name = "encounters"

urlpatterns = [
    path("", encounters.encounter_list, name="list"),
    path("log/", encounters.encounter_create, name="create"),
    path("<int:pk>/", encounters.encounter_detail, name="detail"),
    path("<int:pk>/edit/", encounters.encounter_edit, name="edit"),
    path("<int:pk>/history/", encounters.encounter_history, name="history"),
    path("<int:pk>/learners/add/", encounters.learner_add, name="learner_add"),
    path(
        "<int:pk>/learners/<int:learner_pk>/remove/",
        encounters.learner_remove,
        name="learner_remove",
    ),
    path("organisations/search/", encounters.organisation_search, name="organisation_search"),
    path("organisations/add/", encounters.organisation_create, name="organisation_create"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("coverage/not-covered/", coverage.not_covered, name="not_covered"),
    path("pal/", coverage.pal, name="pal"),
    path("learning-outcomes/", coverage.outcomes, name="outcomes"),
    path("guidance/", coverage.guidance, name="guidance"),
    path("learners/<int:pk>/", coverage.learner_record, name="learner_record"),
    path("import/", transfer.encounter_import, name="import"),
    path("import/confirm/", transfer.encounter_import_confirm, name="import_confirm"),
    path("export/<str:fmt>/", transfer.encounter_export, name="export"),
]
