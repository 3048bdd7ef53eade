"""What every spreadsheet export and import of the project shares.

Exported text that a spreadsheet would run as a formula (= + - @ tab CR at the start) gets a
leading apostrophe. An import takes back the app's own exports: it recognises that apostrophe
and restores the value, and reads an empty cell as empty text, so that every export that has an
import round-trips to the same values.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core import validators
from django.db import models
from import_export import resources, widgets

from careers_portal.inputs import EARLIEST_DATE, LATEST_DATE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would read as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value):
    """The value an exported cell stood for: neutralise() undone."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SpreadsheetResource(resources.ModelResource):
    """A ModelResource whose exports are safe to open and whose imports take them back."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        text_columns = {
            field.name
            for field in self._meta.model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.null
        }
        for column, value in list(row.items()):
            if value is None and column in text_columns:
                row[column] = ""  # an empty cell of an .xlsx is None; the column holds text
            else:
                row[column] = restore(value)
        super().before_import_row(row, **kwargs)


# What FORMATS' first two patterns accept, as strptime reads them: 2026-10-05 and 5/10/2026.
_QUICK = (
    (re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"), "ymd"),
    (re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"), "dmy"),
)


class SchoolDateWidget(widgets.DateWidget):
    """A date as written in English schools' spreadsheets, within a school's life."""

    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            day = self._parse(str(value).strip())
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValueError(
                f"The date {day:%-d %B %Y} is outside {EARLIEST_DATE.year}-{LATEST_DATE.year}: "
                "check the year."
            )
        return day

    def _parse(self, text: str) -> dt.date:
        # The two usual spellings read without strptime (ten times faster, for 10,000-row files);
        # anything else, or a day that does not exist, goes through FORMATS for its message.
        for spelling, order in _QUICK:
            match = spelling.fullmatch(text)
            if match:
                parts = dict(zip(order, map(int, match.groups()), strict=True))
                try:
                    return dt.date(parts["y"], parts["m"], parts["d"])
                except ValueError:
                    break
        for pattern in self.FORMATS:
            try:
                return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only
            except ValueError:
                continue
        raise ValueError(
            f"{text!r} is not a date: write it as 2026-10-05 or 5/10/2026 (day/month/year)."
        )


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A record named in a column, looked up (in any case) among the institution's own."""

    def __init__(self, queryset, field: str, label: str):
        super().__init__(queryset.model, field=field)
        self.queryset = queryset
        self.label = label

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        found = self.queryset.filter(**{f"{self.field}__iexact": text}).first()
        if found is None:
            known = ", ".join(str(getattr(o, self.field)) for o in self.queryset[:12])
            raise ValueError(
                f"Unknown {self.label} {text!r}"
                + (f": use one of {known}." if known else f": there are no {self.label}s yet.")
            )
        return found


class FieldRules:
    """Model.clean_fields()' rules for a model's plain fields, read once from the model.

    An import checking 10,000 rows asks `plainly_valid()` first: True means clean_fields() would
    surely pass, told in a few microseconds instead of building and validating fields per row
    (0.1 ms a row). False means "not sure": the import then runs the model's own validation,
    whose messages the row shows, so no message changes. A field of a kind or with a validator
    not known here is never plainly valid unless empty and blank.
    """

    _KINDS = {
        "CharField": str,
        "TextField": str,
        "BooleanField": bool,
        "DateField": dt.date,
        "DateTimeField": dt.datetime,
        "PositiveSmallIntegerField": int,
        "SmallIntegerField": int,
        "PositiveIntegerField": int,
        "IntegerField": int,
    }

    def __init__(self, model: type[models.Model], names: list[str] | None = None):
        self.rules = []
        for model_field in model._meta.concrete_fields:
            if model_field.primary_key or model_field.is_relation:
                continue
            if names is not None and model_field.name not in names:
                continue
            kind = self._KINDS.get(model_field.get_internal_type())
            low, high, longest = None, None, None
            for validator in model_field.validators:
                if isinstance(validator, validators.MaxLengthValidator):
                    longest = validator.limit_value
                elif isinstance(validator, validators.MinValueValidator):
                    low = validator.limit_value
                elif isinstance(validator, validators.MaxValueValidator):
                    high = validator.limit_value
                else:
                    kind = None
            choices = (
                frozenset(value for value, _ in model_field.flatchoices)
                if model_field.choices
                else None
            )
            self.rules.append(
                (model_field.attname, model_field.blank, kind, longest, low, high, choices)
            )

    ABSENT = object()  # what value_of() gives for a field to leave out (clean_fields' exclude)

    def plainly_valid(self, value_of) -> bool:
        """Whether every field's value (`value_of(attname)`) passes clean_fields() for sure."""
        for attname, blank, kind, longest, low, high, choices in self.rules:
            value = value_of(attname)
            if value is self.ABSENT:
                continue
            if value is None or value == "":
                if blank:
                    continue
                return False
            if kind is None or not isinstance(value, kind):
                return False
            if kind is dt.date and isinstance(value, dt.datetime):
                return False
            if kind is int and isinstance(value, bool):
                return False
            if longest is not None and len(value) > longest:
                return False
            if (low is not None and value < low) or (high is not None and value > high):
                return False
            if choices is not None and value not in choices:
                return False
        return True
