"""The action plan table as a spreadsheet (XLSX and CSV), in the columns of the hub template.

The CSV is the table's rows. The XLSX is a workbook a governor can read as it opens: an
"Action plan" sheet headed by the plan's title, institution and approval, every column of the
table (owner and responsible apart, the action's own status and today's RAG in words, the RAG
cell coloured), wrapped text and fixed column widths; and a "Milestones" sheet.
"""

from __future__ import annotations

import io

from django.template.defaultfilters import date as format_date
from import_export import fields
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from careers_portal.rag import Colour
from careers_portal.spreadsheets import SpreadsheetResource, neutralise
from plans.models import Action


def action_time(action: Action) -> str:
    return action.due_label


class ActionPlanResource(SpreadsheetResource):
    objective = fields.Field(column_name="Objectives")
    description = fields.Field(column_name="Actions, including CPD")
    owner = fields.Field(column_name="Owner")
    responsible = fields.Field(column_name="Responsible")
    time = fields.Field(column_name="Time")
    outcomes = fields.Field(column_name="Outcomes")
    status = fields.Field(column_name="Status")
    rag = fields.Field(column_name="RAG")
    progress = fields.Field(column_name="Progress")
    evidence = fields.Field(column_name="Evidence")

    class Meta:
        model = Action
        fields = (
            "objective",
            "description",
            "owner",
            "responsible",
            "time",
            "outcomes",
            "status",
            "rag",
            "progress",
            "evidence",
        )
        export_order = fields
        import_id_fields = ("id",)
        clean_model_instances = True

    def dehydrate_objective(self, action: Action) -> str:
        return str(action.objective)

    def dehydrate_description(self, action: Action) -> str:
        return f"{action.description} (CPD)" if action.is_cpd else action.description

    def dehydrate_owner(self, action: Action) -> str:
        return action.owner_display

    def dehydrate_responsible(self, action: Action) -> str:
        return action.responsible_shown

    def dehydrate_time(self, action: Action) -> str:
        return action_time(action)

    def dehydrate_outcomes(self, action: Action) -> str:
        return action.objective.outcomes

    def dehydrate_status(self, action: Action) -> str:
        return action.get_status_display()

    def dehydrate_rag(self, action: Action) -> str:
        return action.rag.label

    def dehydrate_progress(self, action: Action) -> str:
        return action.progress_notes

    def dehydrate_evidence(self, action: Action) -> str:
        return action.evidence_links


# Column widths (characters) of the action plan sheet, in the resource's column order.
ACTION_WIDTHS = (28, 48, 20, 26, 16, 36, 13, 13, 40, 30)
MILESTONE_COLUMNS = ("Objectives", "Milestone", "Owner", "Due", "Done on", "RAG")
MILESTONE_WIDTHS = (28, 48, 20, 16, 16, 13)
# The RAG cell's fill, as on the page (portal.css's status colours).
FILLS = {
    Colour.GREEN: "CCE2D8",
    Colour.AMBER: "FFF7BF",
    Colour.RED: "F6D7D2",
    Colour.BLUE: "D2E2F1",
    Colour.GREY: "E5E6E7",
}
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)


def _sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return " ".join(text.split())[:31] or "Sheet"


def _table(sheet, heading: list[str], rows: list[list], widths, rag_column: int, rags) -> None:
    """Write the heading lines, the table's header and rows, wrapped, with the RAG coloured."""
    start = sheet.max_row + 2
    for column, (name, width) in enumerate(zip(heading, widths, strict=True), start=1):
        cell = sheet.cell(row=start, column=column, value=name)
        cell.font = BOLD
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, (row, rag) in enumerate(zip(rows, rags, strict=True), start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=start + offset, column=column, value=neutralise(value))
            cell.alignment = WRAP
            cell.data_type = "s" if isinstance(cell.value, str) else cell.data_type
        fill = FILLS.get(rag.colour)
        if fill:
            sheet.cell(row=start + offset, column=rag_column).fill = PatternFill(
                "solid", fgColor=fill
            )
    sheet.freeze_panes = sheet.cell(row=start + 1, column=1)
    sheet.auto_filter.ref = f"A{start}:{get_column_letter(len(heading))}{start + len(rows)}"


def _header(sheet, plan, approval_line: str, what: str) -> None:
    sheet.append([plan.display_title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{plan.institution} · {what}"])
    sheet.append([approval_line])


def action_plan_workbook(plan, actions: list[Action], milestones, approval_line: str) -> bytes:
    """The action plan as an XLSX workbook: actions on the first sheet, milestones on the second."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(f"Action plan {plan.period}")
    _header(sheet, plan, approval_line, "Action plan")
    dataset = ActionPlanResource().export(actions)
    rag_column = list(dataset.headers).index("RAG") + 1
    _table(
        sheet,
        list(dataset.headers),
        [list(row) for row in dataset],
        ACTION_WIDTHS,
        rag_column,
        [a.rag for a in actions],
    )

    second = workbook.create_sheet(_sheet_title(f"Milestones {plan.period}"))
    _header(second, plan, approval_line, "Milestones")
    milestones = list(milestones)
    _table(
        second,
        list(MILESTONE_COLUMNS),
        [
            [
                str(m.objective),
                m.title,
                m.owner_display,
                m.due_label,
                format_date(m.done_date, "j F Y") if m.done_date else "",
                m.rag.label,
            ]
            for m in milestones
        ],
        MILESTONE_WIDTHS,
        len(MILESTONE_COLUMNS),
        [m.rag for m in milestones],
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
