"""The shortcuts the imports take to check 10,000 rows in well under a second say no more than
what they stand for: a quickly read date is the date strptime reads, and a row FieldRules calls
plainly valid passes the model's own clean_fields() (Hypothesis; bounded, no deadline)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from careers_portal.schools.models import Learner
from careers_portal.spreadsheets import FieldRules, SchoolDateWidget
from encounters.models import Encounter

CHECKS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("CI") == "true",
)


def _strptime(text: str):
    for pattern in SchoolDateWidget.FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return "refused"


@CHECKS
@given(st.from_regex(r"[0-9]{1,5}[-/ ][0-9]{1,3}[-/ ][0-9]{1,5}", fullmatch=True))
@example("31/02/2026")
@example("2026-1-5")
@example("0/1/2020")
@example("10/10/26")
def test_a_quickly_read_date_is_the_date_strptime_reads(text):
    try:
        quick = SchoolDateWidget()._parse(text)
    except ValueError:
        quick = "refused"
    assert quick == _strptime(text)


def _fields(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation]


def _valid_value(field):
    """A value the field takes, or empty where it may be."""
    kind = field.get_internal_type()
    if field.choices:
        valid = st.sampled_from([value for value, _ in field.flatchoices])
    elif kind in ("CharField", "TextField"):
        valid = st.text(min_size=1, max_size=field.max_length or 300)
    elif kind == "BooleanField":
        valid = st.booleans()
    elif kind == "DateField":
        valid = st.dates()
    elif kind == "DateTimeField":
        valid = st.datetimes(timezones=st.just(dt.UTC))
    else:
        valid = st.integers(0, 100)
    return st.one_of(valid, st.none(), st.just("")) if field.blank else valid


def _any_value(field):
    """Anything an import might leave there: wrong types, too long, out of range, empty."""
    return st.one_of(
        st.none(),
        st.just(""),
        st.text(max_size=(field.max_length or 10) + 3),
        st.integers(-5, 40000),
        st.booleans(),
        st.dates(),
        st.datetimes(),
    )


@st.composite
def _rows(draw, model):
    """A valid row with at most two of its values replaced by anything."""
    fields = _fields(model)
    values = {f.attname: draw(_valid_value(f)) for f in fields}
    for f in draw(st.lists(st.sampled_from(fields), max_size=2)):
        values[f.attname] = draw(_any_value(f))
    return values


@pytest.mark.parametrize("model", [Learner, Encounter])
def test_a_row_called_plainly_valid_passes_the_models_field_validation(model):
    rules = FieldRules(model)
    called_valid = []

    @CHECKS
    @given(_rows(model))
    def check(values):
        if not rules.plainly_valid(values.get):
            return
        called_valid.append(values)
        instance = model(**values)
        try:
            instance.clean_fields(exclude=[f.name for f in model._meta.fields if f.is_relation])
        except ValidationError as problem:
            pytest.fail(f"called plainly valid, refused by clean_fields: {problem}")

    check()
    assert len(called_valid) >= 20, "too few examples were plainly valid to tell"
