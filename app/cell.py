"""The cell profile (one cell per database), its rules and its model-cell registrations."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .i18n import _
from .model import Cell, FieldError, ModelCellRegistration, ValidationError, validate_cell
from .rules.cell_rules import SWITCH_DATE, CellRules
from .rules.messages import render
from .store import Store, new_id
from .store.db import now_iso
from .vntext import nfc

if TYPE_CHECKING:
    from .documents.formats import FormatProfile


def get_cell(store: Store) -> Cell | None:
    rows = store.rows("select * from cell order by created_at limit 1")
    return Cell.from_row(rows[0]) if rows else None


def save_cell(store: Store, cell: Cell) -> Cell:
    cell.normalised()
    errors = validate_cell(cell)
    if errors:
        raise ValidationError(errors)
    existing = get_cell(store)
    if existing and not cell.id:
        cell.id = existing.id
    cell.id = cell.id or new_id()
    row = cell.to_row()
    row["secretary_id"] = row["secretary_id"] or None
    row["deputy_id"] = row["deputy_id"] or None
    row["updated_at"] = now_iso()
    with store.atomic():
        if existing:
            store.db["cell"].update(cell.id, row)
        else:
            row["created_at"] = row["updated_at"]
            store.db["cell"].insert(row)
    return cell


# The settings (``meta`` table) the cell's rules are read from.
DAY_RULE_KEY = "calendar.day_rule"
EHANDBOOK_KEY = "ehandbook.threshold"
RUBRIC_KEY = "rubric_id"
_MINUTES_KEYS = {"regular_minutes": "duration_minutes", "combined_minutes": "combined_minutes",
                 "thematic_minutes": "thematic_minutes"}
ATTENDANCE_KEY = "attendance"          # {"min_rate": 85.0}
SWITCH_KEY = "procedure.switch_date"   # ISO date: meetings from it follow HD 42 (2025)


def cell_rules(store: Store) -> CellRules:
    """The cell's rules, read once from its settings (the defaults where none is set)."""
    values: dict[str, Any] = {}
    day = store.get_setting(DAY_RULE_KEY) or {}
    for key in ("base_day", "latest_day"):
        if day.get(key) is not None:
            values[key] = int(day[key])
    for attr, key in _MINUTES_KEYS.items():
        value = store.get_setting(key)
        if value is not None:
            values[attr] = int(value)
    if "thematic_minutes" not in values and "regular_minutes" in values:
        values["thematic_minutes"] = values["regular_minutes"]
    rate = (store.get_setting(ATTENDANCE_KEY) or {}).get("min_rate")
    if rate is not None:
        values["attendance_rate"] = float(rate)
    points = store.get_setting(EHANDBOOK_KEY)
    if points is not None:
        values["ehandbook_points"] = float(points)
    rubric = store.get_setting(RUBRIC_KEY)
    if rubric:
        values["rubric_id"] = str(rubric)
    switch = store.get_setting(SWITCH_KEY)
    if switch:
        try:
            values["switch_date"] = dt.date.fromisoformat(str(switch))
        except ValueError:
            pass  # a damaged setting keeps the default date
    return CellRules(**values)


def save_switch_date(store: Store, day: dt.date | None) -> CellRules:
    """The date from which new meetings follow Hướng dẫn 42-HD/BTCTW (28/10/2025); None
    restores that default. Meetings already created keep their procedure."""
    with store.atomic():
        store.set_setting(SWITCH_KEY, day.isoformat() if day and day != SWITCH_DATE else None)
    return cell_rules(store)


def _rule_changes(current: CellRules, regular_minutes: Any, combined_minutes: Any,
                  attendance_rate: Any) -> tuple[dict[str, Any], list[FieldError]]:
    changes: dict[str, Any] = {}
    for attr, value, integer in (("regular_minutes", regular_minutes, True),
                                 ("combined_minutes", combined_minutes, True),
                                 ("attendance_rate", attendance_rate, False)):
        if value is None:
            continue
        try:
            changes[attr] = _number(value, integer=integer)
        except (ValueError, OverflowError):
            changes[attr] = str(value).strip()
    if "regular_minutes" in changes and current.thematic_minutes == current.regular_minutes:
        changes["thematic_minutes"] = changes["regular_minutes"]
    errors = []
    for code, params in replace(current, **changes).problems():
        field = params.get("field", "attendance_rate")
        if field == "thematic_minutes":
            field = "regular_minutes"
        if field in changes:
            errors.append(FieldError(field, render(code, params)))
    return changes, errors


def cell_rules_errors(store: Store, *, regular_minutes: Any = None, combined_minutes: Any = None,
                      attendance_rate: Any = None) -> list[FieldError]:
    """What is wrong with these values of the cell's rules (Vietnamese messages per field)."""
    return _rule_changes(cell_rules(store), regular_minutes, combined_minutes,
                         attendance_rate)[1]


def save_cell_rules(store: Store, *, regular_minutes: Any = None, combined_minutes: Any = None,
                    attendance_rate: Any = None) -> CellRules:
    """Check and store the minimum durations and the attendance threshold (one transaction);
    a value left None keeps the current one; text such as "85,5" is accepted. Raises
    ``ValidationError`` and changes nothing when a value is out of range."""
    current = cell_rules(store)
    changes, errors = _rule_changes(current, regular_minutes, combined_minutes, attendance_rate)
    if errors:
        raise ValidationError(errors)
    rules = replace(current, **changes)
    with store.atomic():
        for attr, key in _MINUTES_KEYS.items():
            if attr in changes:
                store.set_setting(key, getattr(rules, attr))
        if "attendance_rate" in changes:
            data = dict(store.get_setting(ATTENDANCE_KEY) or {})
            data["min_rate"] = rules.attendance_rate
            store.set_setting(ATTENDANCE_KEY, data)
    return rules


def _number(value: Any, *, integer: bool) -> int | float:
    """A typed number: "90", "85,5", 85.5; a fraction where a whole number is due is refused."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        number = float(str(value).strip().replace(",", "."))
    if integer:
        if number != int(number):
            raise ValueError(value)
        return int(number)
    return number


# The format profile of the cell's documents and the start of its committee's term.
FORMAT_KEY = "document_format"
TERM_KEY = "committee_term_start"


def document_format(store: Store) -> FormatProfile:
    """The format profile the cell chose (the default, HD 36 of 2018, when none)."""
    # on demand (the document stack): the app's start does not read the TOML profiles
    from .documents.formats import format_profile

    return format_profile(store.get_setting(FORMAT_KEY))


def set_document_format(store: Store, profile_id: str) -> FormatProfile:
    from .documents.formats import format_profile, format_profiles

    if profile_id not in format_profiles():
        raise ValueError(_("Unknown document format: {id}.").format(id=profile_id))
    with store.atomic():
        store.set_setting(FORMAT_KEY, profile_id)
    return format_profile(profile_id)


def committee_term_start(store: Store) -> dt.date | None:
    """The first day of the current committee term (documents are numbered from 01 in it)."""
    value = store.get_setting(TERM_KEY)
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def set_committee_term_start(store: Store, day: dt.date | None) -> None:
    with store.atomic():
        store.set_setting(TERM_KEY, day.isoformat() if day else None)


SIGNER_MISMATCH_KEY = "signer_mismatch"     # "reason" (default) or "refuse"
SIGNER_MISMATCH_MODES = ("reason", "refuse")


def signer_mismatch_mode(store: Store) -> str:
    """What signing does with a certificate naming someone else than the printed name: ask
    for a reason (kept with the signature) or refuse."""
    mode = store.get_setting(SIGNER_MISMATCH_KEY, "reason")
    return mode if mode in SIGNER_MISMATCH_MODES else "reason"


def set_signer_mismatch_mode(store: Store, mode: str) -> None:
    if mode not in SIGNER_MISMATCH_MODES:
        raise ValueError(mode)
    with store.atomic():
        store.set_setting(SIGNER_MISMATCH_KEY, mode)


def model_cell_registrations(store: Store) -> list[ModelCellRegistration]:
    return [
        ModelCellRegistration(r["id"], r["year"], r["content"] or "",
                              dt.date.fromisoformat(r["registered_on"]) if r["registered_on"] else None)
        for r in store.db["model_cell"].rows_where(order_by="year")
    ]


def save_model_cell_registration(store: Store, reg: ModelCellRegistration) -> ModelCellRegistration:
    cell = get_cell(store)
    if cell is None:
        raise ValueError("no cell")
    reg.id = reg.id or new_id()
    with store.atomic():
        store.db["model_cell"].upsert({
            "id": reg.id, "cell_id": cell.id, "year": int(reg.year), "content": nfc(reg.content),
            "registered_on": reg.registered_on.isoformat() if reg.registered_on else None,
        }, pk="id")
    return reg


def delete_model_cell_registration(store: Store, reg_id: str) -> None:
    with store.atomic():
        store.db["model_cell"].delete_where("id = ?", [reg_id])


# --- names with dates -----------------------------------------------------------------------

NAME_FIELDS = ("name", "parent_org", "upper_committee", "place_name")
FIRST_DAY = "0001-01-01"   # the names the cell had before its first recorded change


def name_history(store: Store) -> list[dict]:
    """The cell's name sets, oldest first: {valid_from, name, parent_org, upper_committee,
    place_name, note}; empty when the names never changed."""
    return store.rows("select valid_from, name, parent_org, upper_committee, place_name, note "
                      "from cell_name order by valid_from")


def names_on(store: Store, day: dt.date | str | None) -> dict:
    """The names in force on ``day`` (ISO text or date); the cell's own names when no change
    was recorded (or without a day)."""
    cell = get_cell(store)
    current = {k: getattr(cell, k) for k in NAME_FIELDS} if cell else dict.fromkeys(
        NAME_FIELDS, "")
    if not day:
        return current
    rows = store.rows("select name, parent_org, upper_committee, place_name from cell_name "
                      "where valid_from <= ? order by valid_from desc limit 1", [str(day)[:10]])
    return {k: rows[0][k] or "" for k in NAME_FIELDS} if rows else current


def add_name_change(store: Store, valid_from: dt.date, *, note: str = "",
                    today: dt.date | None = None, **names: str) -> list[dict]:
    """Record new names valid from ``valid_from`` (fields not given keep the names in force
    the day before). The first change also records the names before it. The cell's own names
    follow the set in force today. One transaction; the history after it."""
    cell = get_cell(store)
    if cell is None:
        raise ValidationError([FieldError("name", _("Save the cell's profile first."))])
    unknown = [k for k in names if k not in NAME_FIELDS]
    if unknown:
        raise ValueError(unknown[0])
    if not isinstance(valid_from, dt.date):
        raise ValidationError([FieldError("valid_from", _("Enter the date the names take "
                                                          "effect."))])
    day = valid_from.isoformat()
    before = names_on(store, (valid_from - dt.timedelta(days=1)).isoformat())
    new = {k: nfc(" ".join(str(names.get(k, before[k]) or "").split())) for k in NAME_FIELDS}
    if not new["name"]:
        raise ValidationError([FieldError("name", _("The cell's name is required."))])
    if new == before:
        raise ValidationError([FieldError("name", _("These are already the names in force "
                                                    "on that day."))])
    if store.rows("select 1 from cell_name where valid_from = ?", [day]):
        raise ValidationError([FieldError("valid_from", _("A change of names on that day is "
                                                          "already recorded."))])
    today = today or dt.date.today()
    with store.atomic():
        if not name_history(store):
            base = {k: getattr(cell, k) for k in NAME_FIELDS}
            store.db["cell_name"].insert({"id": new_id(), "valid_from": FIRST_DAY, **base,
                                          "note": "", "created_at": now_iso()})
        store.db["cell_name"].insert({"id": new_id(), "valid_from": day, **new,
                                      "note": nfc(note.strip()), "created_at": now_iso()})
        rows = store.rows("select name, parent_org, upper_committee, place_name from cell_name "
                          "where valid_from <= ? order by valid_from desc limit 1",
                          [today.isoformat()])
        if rows:
            store.db["cell"].update(cell.id, {**rows[0], "updated_at": now_iso()})
    return name_history(store)
