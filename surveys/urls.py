from django.urls import path

from surveys import views, views_public

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/copy/", views.survey_copy, name="copy"),
    path("<int:pk>/delete/", views.survey_delete, name="delete"),
    path("<int:pk>/sections/new/", views.section_add, name="section_add"),
    path("<int:pk>/sections/<int:section_pk>/edit/", views.section_edit, name="section_edit"),
    path("<int:pk>/sections/<int:section_pk>/move/", views.section_move, name="section_move"),
    path(
        "<int:pk>/sections/<int:section_pk>/delete/",
        views.section_delete,
        name="section_delete",
    ),
    path(
        "<int:pk>/sections/<int:section_pk>/questions/new/",
        views.question_add,
        name="question_add",
    ),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/invite/learners/", views.invite_learners, name="invite_learners"),
    path("<int:pk>/invite/emails/", views.invite_emails, name="invite_emails"),
    path("<int:pk>/open-link/", views.open_link, name="open_link"),
    path("<int:pk>/links/", views.links_sheet, name="links"),
    path("<int:pk>/links.csv", views.links_csv, name="links_csv"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.<str:fmt>", views.results_export, name="results_export"),
    path(
        "encounters/<int:encounter_pk>/reflections/",
        views.ask_reflections,
        name="ask_reflections",
    ),
    path("encounters/<int:encounter_pk>/feedback/", views.ask_feedback, name="ask_feedback"),
    path(
        "encounters/<int:encounter_pk>/evidence/<int:pk>/",
        views.use_as_evidence,
        name="use_as_evidence",
    ),
    path("learners/<int:pk>/", views.learner_answers, name="learner"),
    # Public: no account.
    path("answer/<str:token>/", views_public.answer, name="answer"),
    path("open/<str:token>/", views_public.answer_open, name="answer_open"),
    path("thanks/", views_public.thanks, name="thanks"),
]
