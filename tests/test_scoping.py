"""Every model that belongs to an institution reads through InstitutionQuerySet.

This is the rule that keeps one institution's rows out of another's pages: later models with a
foreign key to Institution fail here until they use the scoped queryset.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from simple_history.models import HistoricalChanges

from careers_portal.schools.models import Institution, InstitutionQuerySet, Trust


def _is_history(model: type[models.Model]) -> bool:
    # django-simple-history's shadow tables are read only through their object (`learner.history`).
    return issubclass(model, HistoricalChanges)


def _institution_owned_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model not in (Institution, Trust)
        and not _is_history(model)
        and any(
            isinstance(field, models.ForeignKey) and field.related_model is Institution
            for field in model._meta.get_fields()
        )
    ]


def test_it_finds_the_institution_owned_models():
    names = {model._meta.label for model in _institution_owned_models()}

    # The check is only worth anything if it sees the models we know about.
    assert {"schools.Department", "schools.Learner", "accounts.Membership"} <= names


def test_every_institution_owned_model_uses_the_scoped_queryset():
    unscoped = [
        model._meta.label
        for model in _institution_owned_models()
        if not isinstance(model._default_manager.all(), InstitutionQuerySet)
    ]

    assert unscoped == [], (
        "These models have a foreign key to Institution but their default manager is not built "
        "from InstitutionQuerySet (see careers_portal/schools/models.py): " + ", ".join(unscoped)
    )


def test_every_scoped_models_institution_path_is_a_real_lookup(db):
    institution = Institution(pk=1, name="Any")
    broken = []
    for model in apps.get_models():
        queryset = model._default_manager.all()
        if not isinstance(queryset, InstitutionQuerySet):
            continue
        try:
            str(queryset.for_institution(institution).query)
        except Exception as error:  # a wrong institution_path is a FieldError
            broken.append(f"{model._meta.label}: {error}")

    assert broken == []
