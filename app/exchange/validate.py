"""An explicit check of a bundle's ``meeting.json``: the keys the office reads, with their types.

Anything the office stores or computes from must be here; other keys of the record are kept
as they came (the record is shown, never executed).
"""
from __future__ import annotations

import datetime as dt
import re

from app.i18n import _

_ID = re.compile(r"^[A-Za-z0-9._:-]{1,80}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
NUM = (int, float)
OPT_STR = (str, type(None))
OPT_INT = (int, type(None))
OPT_NUM = (int, float, type(None))

# key: (types, extra check or None)
TOP = {
    "schema_version": (int, None), "app_version": (str, None),
    "id": (str, "id"), "series_id": (str, "id"), "cell_id": (str, "id"),
    "version": (int, "positive"), "amends": (OPT_STR, None), "amend_reason": (OPT_STR, None),
    "kind": (str, ("regular", "thematic")), "status": (str, ("finalised",)),
    "cell": (dict, None), "number": (OPT_STR, None),
    "date": (str, "date"), "rule_date": (OPT_STR, "date"), "off_rule_reason": (OPT_STR, None),
    "start": (OPT_STR, "time"), "end": (OPT_STR, "time"), "duration_minutes": (OPT_INT, None),
    "short_reason": (OPT_STR, None), "sitting": ((dict, type(None)), None),
    "chair": (str, None), "minute_taker": (str, None), "place": (str, None),
    "attendance": (dict, None), "voting": (dict, None), "agenda": (list, None),
    "speeches": (list, None), "tasks": (list, None), "votes": (list, None),
    "resolution": (dict, None), "read_back": (bool, None), "score": ((dict, type(None)), None),
    "exported_at": (str, "datetime"), "signer_fingerprint": (str, "hex64"),
    "rules": (dict, None), "ehandbook": (dict, None), "model_cell": ((dict, type(None)), None),
}
CELL = {"id": (str, "id"), "name": (str, "nonempty"), "parent_org": (str, None),
        "upper_committee": (str, None), "place_name": (str, None)}
ATTENDANCE = {"base": (OPT_INT, None), "present": (OPT_INT, None), "rate": (OPT_NUM, None),
              "absent_without_reason": (list, None), "absent_with_reason": (list, None)}
RULES = {"base_day": (int, None), "latest_day": (int, None), "duration_minutes": (int, None),
         "combined_minutes": (int, None)}
SCORE = {"total": (NUM, None), "rating": (str, None)}
SITTING = {"total_minutes": (OPT_INT, None), "last": (bool, None)}
EHANDBOOK = {"threshold": (NUM, None), "months": (list, None)}
EH_MONTH = {"year": (int, None), "month": (int, "month"), "applicable": (int, None),
            "at_or_above": (int, None), "below": (int, None), "missing": (int, None),
            "share": (OPT_NUM, None)}
RESOLUTION = {"type": (str, None), "text": (str, None)}
VOTE = {"for": (int, None), "base": (OPT_INT, None), "passed": (bool, None)}


def _check(value, types, extra) -> bool:
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in (
            types if isinstance(types, tuple) else (types,))):
        return False
    if value is None or extra is None:
        return True
    try:
        if extra == "id":
            return bool(_ID.match(value))
        if extra == "positive":
            return value >= 1
        if extra == "nonempty":
            return bool(value.strip())
        if extra == "date":
            dt.date.fromisoformat(value)
            return len(value) == 10
        if extra == "datetime":
            dt.datetime.fromisoformat(value)
            return True
        if extra == "time":
            return bool(_TIME.match(value))
        if extra == "hex64":
            return bool(re.fullmatch(r"[0-9a-f]{64}", value))
        if extra == "month":
            return 1 <= value <= 12
        return value in extra
    except (TypeError, ValueError):
        return False


def _fields(obj, spec: dict, where: str, problems: list[str]) -> None:
    if not isinstance(obj, dict):
        problems.append(_("“{key}” is not an object.").format(key=where))
        return
    for key, (types, extra) in spec.items():
        label = f"{where}.{key}" if where else key
        if key not in obj:
            problems.append(_("“{key}” is missing.").format(key=label))
        elif not _check(obj[key], types, extra):
            problems.append(_("“{key}” has an invalid value.").format(key=label))


def meeting_problems(doc) -> list[str]:
    """What is wrong with a ``meeting.json`` object (empty when it can be imported)."""
    problems: list[str] = []
    _fields(doc, TOP, "", problems)
    if problems:
        return problems
    _fields(doc["cell"], CELL, "cell", problems)
    _fields(doc["attendance"], ATTENDANCE, "attendance", problems)
    _fields(doc["rules"], RULES, "rules", problems)
    _fields(doc["resolution"], RESOLUTION, "resolution", problems)
    _fields(doc["ehandbook"], EHANDBOOK, "ehandbook", problems)
    if doc["score"] is not None:
        _fields(doc["score"], SCORE, "score", problems)
    if doc["sitting"] is not None:
        _fields(doc["sitting"], SITTING, "sitting", problems)
    for i, vote in enumerate(doc["votes"]):
        _fields(vote, VOTE, f"votes[{i}]", problems)
    for i, month in enumerate(doc["ehandbook"].get("months") or []):
        _fields(month, EH_MONTH, f"ehandbook.months[{i}]", problems)
    if not problems and doc["cell"]["id"] != doc["cell_id"]:
        problems.append(_("“cell_id” differs from “cell.id”."))
    return problems
