"""Limits every form field of the project keeps, whichever app or the admin defines it.

Set once on Django's field classes (their `default_validators`) at start-up rather than in each
form, so that a new form cannot forget them:

- a whole number or a record's id that no database column can hold ("99999999999999999999")
  is refused with a message, where it otherwise reached the database and answered a server
  error (SQLite: "Python int too large"; PostgreSQL: "out of range for type bigint");
- a list of ids with one no database column can hold (a form's multiple choice, a filter) skips
  that id, which matches nothing anyway, instead of failing the query;
- a date far outside a school's life (year 1 or year 9999) is refused, where it otherwise made
  status, academic-year and chart arithmetic overflow.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import In

LARGEST_DATABASE_INTEGER = 2**63 - 1
EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)


def fits_a_database_integer(value) -> None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return  # not a whole number: the field's own check says so
    if abs(number) > LARGEST_DATABASE_INTEGER:
        raise ValidationError("That number is too large. Enter a smaller one.", code="too_large")


def within_a_school_life(value) -> None:
    if isinstance(value, dt.date) and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            f"Enter a date between {EARLIEST_DATE:%-d %B %Y} and {LATEST_DATE:%-d %B %Y}.",
            code="out_of_range",
        )


class InWithinDatabaseIntegers(In):
    """`field__in=[...]` on an integer column, leaving out values no integer column can hold.

    Django already treats `field=huge` as matching nothing; for `in` it sends the value on, and
    SQLite raises OverflowError while binding it.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or abs(value) <= LARGEST_DATABASE_INTEGER
            ]
        return super().process_rhs(compiler, connection)


class RefuseNullCharactersMiddleware:
    """Answer 400, with a message, to a request whose form or query values hold a NUL character.

    No one types one; it arrives pasted from a broken file or sent by a script, and PostgreSQL
    refuses it in any query ("A string literal cannot contain NUL"). Django's form fields refuse
    it already, but views also read values outside forms (searches, filters, typed names): one
    check here covers them all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for values in (request.GET, request.POST):
            if any("\x00" in value for _, items in values.lists() for value in items):
                from django.shortcuts import render

                return render(
                    request,
                    "400.html",
                    {"message": "Something sent holds an invisible character (NUL)."},
                    status=400,
                )
        return self.get_response(request)


def install() -> None:
    """Called once from AccountsConfig.ready()."""
    forms.IntegerField.default_validators = [fits_a_database_integer]
    forms.DateField.default_validators = [within_a_school_life]
    # Every integer column (ids included: AutoField and ForeignKey targets are IntegerFields).
    models.IntegerField.register_lookup(InWithinDatabaseIntegers)
