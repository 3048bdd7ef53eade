"""The action plan table as a spreadsheet (XLSX and CSV), in the columns of the hub template."""

from __future__ import annotations

from django.template.defaultfilters import date as format_date
from import_export import fields

from careers_portal.spreadsheets import SpreadsheetResource
from plans.models import Action


def action_time(action: Action) -> str:
    if action.due_date:
        return format_date(action.due_date, "j F Y")
    if action.half_term_id:
        return str(action.half_term)
    return ""


def action_responsible(action: Action) -> str:
    return ", ".join(part for part in (str(action.owner or ""), action.responsible) if part)


class ActionPlanResource(SpreadsheetResource):
    objective = fields.Field(column_name="Objectives")
    description = fields.Field(column_name="Actions, including CPD")
    responsible = fields.Field(column_name="Responsible")
    time = fields.Field(column_name="Time")
    outcomes = fields.Field(column_name="Outcomes")
    progress = fields.Field(column_name="Progress")
    status = fields.Field(column_name="Status")

    class Meta:
        model = Action
        fields = (
            "objective",
            "description",
            "responsible",
            "time",
            "outcomes",
            "status",
            "progress",
        )
        export_order = fields
        import_id_fields = ("id",)
        clean_model_instances = True

    def dehydrate_objective(self, action: Action) -> str:
        return str(action.objective)

    def dehydrate_description(self, action: Action) -> str:
        return f"{action.description} (CPD)" if action.is_cpd else action.description

    def dehydrate_responsible(self, action: Action) -> str:
        return action_responsible(action)

    def dehydrate_time(self, action: Action) -> str:
        return action_time(action)

    def dehydrate_outcomes(self, action: Action) -> str:
        return action.objective.outcomes

    def dehydrate_status(self, action: Action) -> str:
        rag = getattr(action, "rag", None)
        return rag.label if rag else action.get_status_display()

    def dehydrate_progress(self, action: Action) -> str:
        return action.progress_notes
