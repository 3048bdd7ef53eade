"""One way to tell a record's history (django-simple-history): who, when, and what changed.

Every app's history page (a plan's objectives and actions, an encounter) reads its historical
records through `entries()`: consecutive records compared field by field, relations kept by the
history (m2m_fields) compared as sets, values shown as a reader says them (choices by label, dates
"3 March 2026", Yes/No, related records by name). The number of queries is fixed: the records,
one per tracked relation, one per kind of related record that changed.

The pages word it their own way: `Change.old/new` for a before-and-after table, `Entry.lines`
for sentences ("Changed date from 5 October 2026 to 6 October 2026").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.template.defaultfilters import date as format_date

EMPTY = "(empty)"
NONE = "(none)"


@dataclass(frozen=True)
class Change:
    """One field or relation that changed between two versions."""

    label: str  # the field's verbose name, as written in a sentence
    old: str | None = None  # None: long text, the history says that it changed, not what it says
    new: str | None = None
    added: tuple[str, ...] = ()  # relations: what was added and removed, by name
    removed: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return self.label[:1].upper() + self.label[1:]

    @property
    def lines(self) -> list[str]:
        if self.added or self.removed:
            lines = []
            if self.added:
                lines.append(f"Added to {self.label}: {', '.join(self.added)}")
            if self.removed:
                lines.append(f"Removed from {self.label}: {', '.join(self.removed)}")
            return lines
        if self.old is None:
            return [f"Changed {self.label}"]
        return [f"Changed {self.label} from {self.old} to {self.new}"]


@dataclass(frozen=True)
class Entry:
    """One saved version: when, who, whether it created, changed or removed the record."""

    at: dt.datetime
    who: str
    action: str  # "created", "changed", "removed" or "note" (a line of its own, such as attendance)
    changes: list[Change] = field(default_factory=list)
    note: str = ""

    @property
    def created(self) -> bool:
        return self.action == "created"

    @property
    def lines(self) -> list[str]:
        return [line for change in self.changes for line in change.lines]


def who(user) -> str:
    return str(user) if user is not None else "Someone"


def note(at: dt.datetime, user, text: str) -> Entry:
    """A line of history kept outside the record's own (an attendance change, for example)."""
    return Entry(at=at, who=who(user), action="note", note=text)


ACTIONS = {"+": "created", "~": "changed", "-": "removed"}


def value_label(model_field: models.Field, value, related: dict | None = None) -> str:
    """A stored value as a reader says it."""
    if value in (None, "", []):
        return EMPTY
    if model_field.is_relation:
        found = (related or {}).get(value)
        return str(found) if found is not None else "(removed)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return format_date(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def entries(
    obj: models.Model,
    *,
    fields: Iterable[str] | None = None,
    ignored: Iterable[str] = (),
    text_fields: Iterable[str] = (),
    labels: dict[str, str] | None = None,
    shown: dict[str, Callable[[object], str]] | None = None,
    related_label: Callable[[models.Model], str] = str,
) -> list[Entry]:
    """Every saved version of `obj`, oldest first, with what changed from the one before.

    `fields` (default: every tracked field but `ignored` and the keys) are compared in order;
    `text_fields` are said to have changed without their text; `labels` rename fields;
    `shown` formats a field's value its own way; `related_label` names a related record.
    """
    model = type(obj)
    history_model = obj.history.model
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")
    )
    m2m = [f.name for f in getattr(history_model, "_history_m2m_fields", [])]
    if fields is None:
        skip = {"id", *ignored, *m2m}
        fields = [
            f.name for f in history_model.tracked_fields if f.name not in skip and not f.primary_key
        ]
    fields = list(fields)
    text_fields, labels, shown = set(text_fields), labels or {}, shown or {}
    held = _relations(model, history_model, m2m, [r.history_id for r in records], related_label)

    # Pairs of (field, value) that changed, so related records are named in one query per model.
    pairs = list(zip([None, *records[:-1]], records, strict=True))
    wanted: dict[str, set] = defaultdict(set)
    for previous, record in pairs:
        if previous is None:
            continue
        for name in fields:
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                before, after = (getattr(r, model_field.attname) for r in (previous, record))
                if before != after:
                    wanted[name] |= {v for v in (before, after) if v is not None}
    related = {
        name: model._meta.get_field(name).related_model._default_manager.in_bulk(list(ids))
        for name, ids in wanted.items()
    }

    result = []
    for previous, record in pairs:
        action = ACTIONS.get(record.history_type, "changed")
        if previous is None:
            action = "created" if action != "removed" else action
        changes: list[Change] = []
        if previous is not None and action == "changed":
            for name in fields:
                model_field = model._meta.get_field(name)
                attname = model_field.attname
                before, after = getattr(previous, attname), getattr(record, attname)
                if before == after or (before in (None, "", []) and after in (None, "", [])):
                    continue
                label = labels.get(name, str(model_field.verbose_name))
                if name in text_fields:
                    changes.append(Change(label))
                    continue
                show = shown.get(name) or (
                    lambda v, f=model_field, n=name: value_label(f, v, related.get(n))
                )
                changes.append(Change(label, show(before), show(after)))
        for name, by_record in held.items():
            now = by_record.get(record.history_id, set())
            before = by_record.get(previous.history_id, set()) if previous else set()
            if now != before:
                changes.append(
                    Change(
                        labels.get(name, str(model._meta.get_field(name).verbose_name)),
                        ", ".join(sorted(before)) or NONE,
                        ", ".join(sorted(now)) or NONE,
                        added=tuple(sorted(now - before)),
                        removed=tuple(sorted(before - now)),
                    )
                )
        result.append(Entry(record.history_date, who(record.history_user), action, changes))
    return result


def _relations(model, history_model, names: list[str], record_ids: list[int], label) -> dict:
    """For each tracked relation: history record id -> names of what it held, one query each."""
    from simple_history.utils import get_m2m_reverse_field_name

    held: dict[str, dict[int, set[str]]] = {}
    # simple_history keeps a relation's rows in "<HistoricalModel>_<field>", pointing at the record.
    row_models = {
        rel.related_model.__name__: rel.related_model for rel in history_model._meta.related_objects
    }
    for name in names:
        rows_model = row_models[f"{history_model.__name__}_{name}"]
        target = get_m2m_reverse_field_name(model._meta.get_field(name))
        by_record: dict[int, set[str]] = defaultdict(set)
        for row in rows_model.objects.filter(history_id__in=record_ids).select_related(target):
            item = getattr(row, target)
            by_record[row.history_id].add(label(item) if item is not None else "(deleted)")
        held[name] = by_record
    return held
