"""Institutions import their own maturity statement wording from a spreadsheet (admin)."""

from __future__ import annotations

import tablib

from benchmarks.admin import MaturityStatementTextResource
from benchmarks.models import MaturityStatementText


def _dataset(rows):
    return tablib.Dataset(
        *rows, headers=["institution", "code", "text", "level_1", "level_2", "level_3", "level_4"]
    )


def test_it_imports_and_updates_statement_wording(institution):
    resource = MaturityStatementTextResource()
    first = resource.import_data(
        _dataset([[institution.name, "1.2", "Vision wording", "L1", "L2", "L3", "L4"]])
    )
    assert not first.has_errors() and not first.has_validation_errors()
    again = resource.import_data(
        _dataset([[institution.name, "1.2", "Vision wording, revised", "", "", "", ""]])
    )
    assert not again.has_errors()
    wording = MaturityStatementText.objects.get()
    assert (wording.statement.code, wording.text) == ("1.2", "Vision wording, revised")


def test_it_reports_an_unknown_statement_code(institution):
    result = MaturityStatementTextResource().import_data(
        _dataset([[institution.name, "9.9", "x", "", "", "", ""]])
    )
    assert result.has_errors() or result.has_validation_errors()
    assert not MaturityStatementText.objects.exists()
