from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "careers_portal.schools"
    label = "schools"
    verbose_name = "Institutions and learners"
