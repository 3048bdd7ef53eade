from django.urls import path

from benchmarks import views

app_name = "benchmarks"

urlpatterns = [
    path("", views.index, name="index"),
    path("self-assessments/", views.assessment_list, name="assessment_list"),
    path("self-assessments/new/", views.assessment_create, name="assessment_create"),
    path("self-assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path(
        "self-assessments/<int:pk>/benchmark/<int:number>/",
        views.assessment_benchmark,
        name="assessment_benchmark",
    ),
    path(
        "self-assessments/<int:pk>/benchmark/<int:number>/use-evidence/<int:criterion_pk>/",
        views.use_evidence,
        name="use_evidence",
    ),
    path("maturity/", views.review_list, name="review_list"),
    path("maturity/new/", views.review_create, name="review_create"),
    path("maturity/<int:pk>/", views.review_detail, name="review_detail"),
    path("maturity/<int:pk>/statement/<str:code>/", views.response_edit, name="response_edit"),
    path("maturity/wording/<str:code>/", views.statement_text_edit, name="statement_text_edit"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/edit/", views.checklist_edit, name="checklist_edit"),
    path("checklist/item/<int:number>/", views.checklist_item_edit, name="checklist_item_edit"),
]
