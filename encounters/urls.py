from django.urls import path

from encounters.views import coverage, encounters, organisations, programme, transfer

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
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/contacts/add/", organisations.contact_add, name="contact_add"),
    path(
        "organisations/<int:pk>/contacts/<int:contact_pk>/",
        organisations.contact_edit,
        name="contact_edit",
    ),
    path(
        "organisations/<int:pk>/contacts/<int:contact_pk>/remove/",
        organisations.contact_remove,
        name="contact_remove",
    ),
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

urlpatterns += [
    path("programme/", programme.programme_journey, name="programme"),
    path("programme/pdf/", programme.programme_pdf, name="programme_pdf"),
    path("programme/gaps/", programme.programme_audit, name="programme_audit"),
    path("programme/add/", programme.activity_create, name="activity_create"),
    path("programme/start/", programme.programme_template, name="programme_template"),
    path("programme/copy/", programme.programme_copy, name="programme_copy"),
    path("programme/<int:pk>/", programme.activity_detail, name="activity"),
    path("programme/<int:pk>/edit/", programme.activity_edit, name="activity_edit"),
    path("programme/<int:pk>/move/", programme.activity_move, name="activity_move"),
    path("programme/<int:pk>/remove/", programme.activity_remove, name="activity_remove"),
]
