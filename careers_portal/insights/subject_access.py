"""Everything held about one learner, for a subject access request: a zip of JSON and CSV.

Reads each app through its selectors (schools, encounters, destinations); survey answers join
when that feature exists. Each CSV is formula-neutralised, as every export of the project is.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

from careers_portal.schools.models import Learner
from careers_portal.spreadsheets import neutralise
from destinations import selectors as destinations
from encounters import selectors as encounters

DETAIL_FIELDS = [
    "upn",
    "uln",
    "mis_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "year_group",
    "reg_group",
    "gender",
    "date_of_leaving",
    "planned_end_date",
    "send",
    "disadvantaged",
    "looked_after",
    "eal",
    "young_carer",
    "roni_score",
]


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: neutralise(value) for key, value in row.items()})
    return "\ufeff" + buffer.getvalue()


def learner_archive(learner: Learner) -> bytes:
    """The zip: details.json, encounters.csv, guidance.csv, destinations.csv, history.csv."""
    details = {name: getattr(learner, name) for name in DETAIL_FIELDS}
    details["institution"] = learner.institution.name
    record = encounters.learner_record(learner)
    encounter_rows = [
        {
            "date": e.date.isoformat(),
            "title": e.title,
            "kind": e.get_kind_display(),
            "organisations": "; ".join(o.name for o in e.organisations.all()),
            "benchmarks": "; ".join(str(b.number) for b in e.benchmarks.all()),
        }
        for e in record["encounters"]
    ]
    meeting_rows = [
        {
            "date": m.date.isoformat(),
            "adviser": m.adviser_name,
            "adviser_level6": m.adviser_level6,
            "follow_up": m.follow_up,
        }
        for m in record["meetings"]
    ]
    destination_rows = [
        {
            "academic_year": r.academic_year.name,
            "stage": r.get_stage_display(),
            "category": r.get_category_display(),
            "nccis_code": r.nccis_code,
            "provider": r.provider,
            "level": r.get_level_display() if r.level else "",
            "date": r.date.isoformat() if r.date else "",
            "source": r.get_source_display(),
        }
        for r in destinations.records_of(learner)
    ]
    history_rows = [
        {
            "when": h.history_date.isoformat(),
            "change": {"+": "created", "~": "changed", "-": "deleted"}[h.history_type],
            **{name: getattr(h, name) for name in DETAIL_FIELDS},
        }
        for h in learner.history.order_by("history_date")
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "details.json", json.dumps(details, default=str, ensure_ascii=False, indent=2)
        )
        archive.writestr("encounters.csv", _csv(encounter_rows))
        archive.writestr("guidance_meetings.csv", _csv(meeting_rows))
        archive.writestr("destinations.csv", _csv(destination_rows))
        archive.writestr("history.csv", _csv(history_rows))
    return buffer.getvalue()
