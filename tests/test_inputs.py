"""The limits every form field keeps (careers_portal/inputs.py), tested once for all forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from careers_portal.schools.models import Department
from tests.factories import DepartmentFactory


class _AnyForm(forms.Form):
    # A form as any app would write it: the limits come without being asked for.
    count = forms.IntegerField(required=False)
    day = forms.DateField(required=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"count": "99999999999999999999"}, "That number is too large"),
        ({"day": "0001-01-01"}, "Enter a date between 1 January 1950 and 31 December 2099."),
        ({"day": "9999-12-31"}, "Enter a date between 1 January 1950 and 31 December 2099."),
    ],
)
def test_every_form_refuses_what_no_school_could_mean(data, message):
    form = _AnyForm(data)
    assert not form.is_valid()
    assert message in str(form.errors)


def test_every_form_takes_ordinary_values():
    form = _AnyForm({"count": "-3", "day": "2027-02-28"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"count": -3, "day": dt.date(2027, 2, 28)}


@pytest.mark.django_db
def test_a_list_of_ids_with_one_too_large_for_any_column_matches_the_rest(institution):
    science = DepartmentFactory(institution=institution, name="Science")
    ids = [science.pk, 99999999999999999999]
    assert list(Department.objects.filter(pk__in=ids)) == [science]
    assert not Department.objects.filter(pk__in=[2**64]).exists()

    class Choose(forms.Form):
        departments = forms.ModelMultipleChoiceField(queryset=Department.objects.all())

    form = Choose({"departments": [str(science.pk), "99999999999999999999"]})
    assert not form.is_valid()
    assert "Select a valid choice" in str(form.errors)


@pytest.mark.django_db
def test_a_nul_character_anywhere_in_a_request_is_refused_with_a_message(client_for, leader):
    from django.urls import reverse

    client = client_for(leader)
    for response in (
        client.get(reverse("encounters:list"), {"q": "a\x00b"}),
        client.post(reverse("encounters:create"), {"title": "Talk", "new-name": "Acme\x00"}),
    ):
        assert response.status_code == 400
        assert "invisible character" in response.content.decode()
