from django.urls import path

from careers_portal.schools import views, views_new_year

app_name = "learners"

urlpatterns = [
    path("", views.learner_list, name="list"),
    path("<int:pk>/anonymise/", views.learner_anonymise, name="anonymise"),
    path("import/", views.roll_import, name="import"),
    path("import/columns/", views.roll_import_mapping, name="import_mapping"),
    path("import/check/", views.roll_import_check, name="import_check"),
    path("import/apply/", views.roll_import_apply, name="import_apply"),
    path("term-dates/", views_new_year.term_dates, name="term_dates"),
    path("new-year/", views_new_year.new_year_page, name="new_year"),
    path("new-year/roll/", views_new_year.new_year_roll, name="new_year_roll"),
    path("new-year/apply/", views_new_year.new_year_apply, name="new_year_apply"),
]
