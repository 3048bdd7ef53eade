"""Export of encounters (CSV and XLSX) with django-import-export.

The resource is built for one institution and renders each column as the import reads it back
(encounters/importing.py, a set-based check and apply): kinds by label, year groups "9;10",
organisations and benchmarks separated by ';', criteria "5:purpose". Exports are neutralised
against formulas, and the import takes them back (careers_portal/spreadsheets.py).
"""

from __future__ import annotations

from import_export import fields, widgets

from careers_portal.schools.models import Institution
from careers_portal.spreadsheets import SchoolDateWidget, SpreadsheetResource
from encounters.models import Encounter


class NamesWidget(widgets.Widget):
    """Related records by one attribute, separated by ';'."""

    def __init__(self, attribute: str):
        super().__init__()
        self.attribute = attribute

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ";".join(str(getattr(item, self.attribute)) for item in value.all())


class YearGroupsWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return ";".join(str(year) for year in value or [])


class KindWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return Encounter.Kind(value).label if value else ""


class DepartmentWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class EncounterResource(SpreadsheetResource):
    date = fields.Field(attribute="date", column_name="date", widget=SchoolDateWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    year_groups = fields.Field(
        attribute="year_groups", column_name="year_groups", widget=YearGroupsWidget()
    )
    in_school_day = fields.Field(
        attribute="in_school_day", column_name="in_school_day", widget=widgets.BooleanWidget()
    )
    is_pal = fields.Field(attribute="is_pal", column_name="is_pal", widget=widgets.BooleanWidget())
    department = fields.Field(
        attribute="department", column_name="department", widget=DepartmentWidget()
    )
    organisations = fields.Field(
        attribute="organisations", column_name="organisations", widget=NamesWidget("name")
    )
    benchmarks = fields.Field(
        attribute="benchmarks", column_name="benchmarks", widget=NamesWidget("number")
    )
    meaningful_criteria = fields.Field(column_name="meaningful_criteria")

    class Meta:
        model = Encounter
        fields = (
            "title",
            "date",
            "kind",
            "in_school_day",
            "department",
            "organisations",
            "benchmarks",
            "meaningful_criteria",
            "year_groups",
            "is_pal",
            "purpose",
            "reflections",
            "employer_feedback",
        )
        export_order = fields

    def __init__(self, *, institution: Institution):
        super().__init__()
        self.institution = institution

    def get_queryset(self):
        return Encounter.objects.for_institution(self.institution)

    def dehydrate_meaningful_criteria(self, encounter):
        return ";".join(
            f"{c.benchmark_number}:{c.code}" for c in encounter.meaningful_criteria.all()
        )
