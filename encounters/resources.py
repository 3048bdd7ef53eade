"""Import and export of encounters (CSV and XLSX) with django-import-export.

The resource is built for one institution: lookups (existing encounters, organisations,
departments) never reach another's rows. Imported encounters attach every learner on roll in
their year groups, as logging one by hand does. Exports are neutralised against formulas and
imports take them back (careers_portal/spreadsheets.py).

encounters_import() is the import service. It lives here, not in services.py, because the
resource writes through services.py and services.py must not import it back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from import_export import fields, widgets

from benchmarks.models import Benchmark, MeaningfulCriterion
from careers_portal.schools.models import Department, Institution
from careers_portal.spreadsheets import (
    SchoolDateWidget,
    ScopedForeignKeyWidget,
    SpreadsheetResource,
)
from encounters import kept, services
from encounters.models import EVIDENCED_BENCHMARKS, Encounter, Organisation


class ScopedManyToManyWidget(widgets.ManyToManyWidget):
    """Names or numbers separated by ';', looked up in a given queryset; unknown ones are errors."""

    def __init__(self, queryset, field: str, label: str):
        super().__init__(queryset.model, separator=";", field=field)
        self.queryset = queryset
        self.label = label

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return self.queryset.none()
        wanted = [part.strip() for part in str(value).split(self.separator) if part.strip()]
        found = self.queryset.filter(**{f"{self.field}__in": wanted})
        known = {str(getattr(obj, self.field)).lower() for obj in found}
        unknown = [name for name in wanted if name.lower() not in known]
        if unknown:
            raise ValueError(f"Unknown {self.label}: {', '.join(unknown)}.")
        return found


class YearGroupsWidget(widgets.Widget):
    MESSAGE = "Year groups are numbers from 1 to 14 separated by ';', for example 9;10."

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        try:
            years = {
                int(float(part.strip().upper().removeprefix("YEAR").removeprefix("Y")))
                for part in str(value).replace(",", ";").split(";")
                if part.strip()
            }
        except (ValueError, OverflowError) as error:
            raise ValueError(self.MESSAGE) from error
        if not all(1 <= year <= 14 for year in years):
            raise ValueError(self.MESSAGE)
        return sorted(years)

    def render(self, value, obj=None, **kwargs):
        return ";".join(str(year) for year in value or [])


class KindWidget(widgets.Widget):
    """The kind by its code or its label ("Employer talk")."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        for code, label in Encounter.Kind.choices:
            if text.lower() in (code, label.lower()):
                return code
        raise ValueError(f"Unknown kind {text!r}: use one of {', '.join(Encounter.Kind.labels)}.")

    def render(self, value, obj=None, **kwargs):
        return Encounter.Kind(value).label if value else ""


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
        import_id_fields = ("title", "date")
        clean_model_instances = True
        skip_unchanged = False
        skip_diff = True  # the dry run shows each row's result, not a diff

    def __init__(self, *, institution: Institution, by=None, today: dt.date | None = None):
        super().__init__()
        self.institution = institution
        self.by = by
        self.today = today or timezone.localdate()
        self.fields["department"] = fields.Field(
            attribute="department",
            column_name="department",
            widget=ScopedForeignKeyWidget(
                Department.objects.for_institution(institution), "name", "department"
            ),
        )
        self.fields["organisations"] = fields.Field(
            attribute="organisations",
            column_name="organisations",
            widget=ScopedManyToManyWidget(
                Organisation.objects.for_institution(institution), "name", "organisation"
            ),
        )
        self.fields["benchmarks"] = fields.Field(
            attribute="benchmarks",
            column_name="benchmarks",
            widget=ScopedManyToManyWidget(
                Benchmark.objects.filter(**EVIDENCED_BENCHMARKS),
                "number",
                "benchmark",
            ),
        )
        self.fields["meaningful_criteria"] = fields.Field(
            attribute="meaningful_criteria",
            column_name="meaningful_criteria",
            widget=ScopedManyToManyWidget(MeaningfulCriterion.objects.all(), "pk", "criterion"),
        )

    def get_queryset(self):
        return Encounter.objects.for_institution(self.institution)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        # Criteria are written "5:purpose;5:two_way"; the widget looks them up by id.
        value = row.get("meaningful_criteria")
        if value:
            ids = []
            for part in str(value).split(";"):
                number, _, code = part.strip().partition(":")
                criterion = MeaningfulCriterion.objects.filter(
                    benchmark_number=number if number.isdigit() else 0, code=code
                ).first()
                if criterion is None:
                    raise ValueError(
                        f"Unknown meaningful criterion {part.strip()!r}: write it as 5:purpose."
                    )
                ids.append(str(criterion.pk))
            row["meaningful_criteria"] = ";".join(ids)

    def dehydrate_meaningful_criteria(self, encounter):
        return ";".join(
            f"{c.benchmark_number}:{c.code}" for c in encounter.meaningful_criteria.all()
        )

    def before_save_instance(self, instance, row, **kwargs):
        # One history record per imported row, written in save_m2m once its relations are set:
        # a record for the save and one for each relation set made a 300-row file take minutes.
        instance.import_history_type = "+" if instance.pk is None else "~"
        instance.skip_history_when_saving = True
        instance.institution = self.institution
        if instance.logged_by_id is None:
            instance.logged_by = self.by
        services.validate_encounter(
            institution=self.institution,
            date=instance.date,
            year_groups=instance.year_groups,
            today=self.today,
            check_year_groups=True,
        )

    def init_instance(self, row=None):
        return Encounter(institution=self.institution, logged_by=self.by)

    def import_instance(self, instance, row, **kwargs):
        """Every error of the row at once, the many-to-many columns included."""
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in ("organisations", "benchmarks", "meaningful_criteria"):
            if name in row:
                try:
                    self.fields[name].clean(row)
                except ValueError as error:
                    errors[name] = [str(error)]
        instance.institution = self.institution
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        try:
            super().save_m2m(instance, row, **kwargs)
            if instance.pk:
                services.encounter_refresh_meaningful(instance)
        finally:
            instance.__dict__.pop("skip_history_when_saving", None)
        if instance.pk:
            services.write_history_record(
                instance, getattr(instance, "import_history_type", "~"), self.by
            )
            services.attach_year_groups(instance, instance.year_groups, by=self.by)


@dataclass
class ImportRow:
    number: int
    title: str
    outcome: str  # "new", "update", "skip" or "error"
    errors: list[str]


@dataclass
class ImportReport:
    rows: list[ImportRow]
    applied: bool

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == "error" for row in self.rows)


def _row_errors(row_result) -> list[str]:
    messages = [str(error.error) for error in row_result.errors]
    if row_result.validation_error is not None:
        for field, errors in row_result.validation_error.message_dict.items():
            label = "" if field == NON_FIELD_ERRORS else f"{field.replace('_', ' ')}: "
            messages.extend(f"{label}{error}" for error in errors)
    return messages


def encounters_import(
    *, institution: Institution, by, today: dt.date, dataset, dry_run: bool
) -> ImportReport:
    """Import encounters, every row or none: a broken row leaves nothing written."""
    resource = EncounterResource(institution=institution, by=by, today=today)
    with transaction.atomic(), kept.keeping():
        # Rows may change dates, kinds and organisations of encounters anyone attended.
        kept.changed(institution, kept.ALL)
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        rows = []
        titles = dataset["title"] if "title" in dataset.headers else [""] * len(dataset)
        for number, row_result in enumerate(result.rows, start=1):
            errors = _row_errors(row_result)
            outcome = "error" if errors else row_result.import_type
            rows.append(ImportRow(number, str(titles[number - 1] or ""), outcome, errors))
        if result.base_errors:
            rows.append(
                ImportRow(0, "", "error", [str(error.error) for error in result.base_errors])
            )
        report = ImportReport(rows=rows, applied=False)
        if dry_run or report.has_errors:
            kept.discard()  # nothing is written, so nothing to recompute
            transaction.set_rollback(True)
            return report
    report.applied = True
    return report
