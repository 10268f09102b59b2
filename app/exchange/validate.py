"""An explicit check of a bundle's ``meeting.json``: the keys the office reads, with their types.

Anything the office stores or computes from must be here; other keys of the record are kept
as they came (the record is shown, never executed).
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

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
    if not problems:
        _hidden_characters(doc, "", problems)
        _ranges(doc, problems)
    return problems


# --- hostile text and numbers ---------------------------------------------------------------

# Names shown on one line (the console, the terminal, a report): no line breaks either.
NAME_KEYS = {"name", "parent_org", "upper_committee", "place_name", "secretary", "deputy",
             "chair", "minute_taker", "place", "speaker", "assignee", "member", "number",
             "organisation", "title", "signer", "role"}
NAME_LISTS = {"present_names", "elsewhere", "exempted", "absent_without_reason",
              "absent_with_reason", "late", "left_early", "not_recorded", "present_not_counted"}
_TEXT_CONTROLS = {"\n", "\r", "\t"}          # allowed in free text only
MAX_MINUTES = 24 * 60                         # no meeting or sitting lasts longer than a day
MAX_SECONDS = MAX_MINUTES * 60
MAX_COUNT = 100_000                           # members, votes: far above any party cell


def _bad_characters(text: str, one_line: bool) -> list[str]:
    return [f"U+{ord(ch):04X}" for ch in text
            if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")
            and (one_line or ch not in _TEXT_CONTROLS)]


def _hidden_characters(obj, where: str, problems: list[str], one_line: bool = False) -> None:
    """Control and format characters (Unicode Cc/Cf: zero-width, bidi overrides, escape
    sequences) in any key or text; names may not even hold a line break."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            label = f"{where}.{key}" if where else str(key)
            if _bad_characters(str(key), True):
                problems.append(_("A key of “{key}” holds control or format characters.")
                                .format(key=where or "meeting.json"))
                continue
            _hidden_characters(value, label, problems, key in NAME_KEYS or key in NAME_LISTS)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            _hidden_characters(value, f"{where}[{i}]", problems, one_line)
    elif isinstance(obj, str):
        bad = _bad_characters(obj, one_line)
        if bad:
            problems.append(_("“{key}” holds control or format characters ({codes}).").format(
                key=where, codes=", ".join(sorted(set(bad))[:5])))


def _numbers(obj, where: str, problems: list[str]) -> None:
    """No NaN or infinity anywhere (they make invalid JSON downstream)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            _numbers(value, f"{where}.{key}" if where else str(key), problems)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            _numbers(value, f"{where}[{i}]", problems)
    elif isinstance(obj, float) and not math.isfinite(obj):
        problems.append(_("“{key}” is not a finite number.").format(key=where))


def _within(value, low, high) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)
                             and low <= value <= high)


def _ranges(doc: dict, problems: list[str]) -> None:
    """Every number the office stores or computes from is finite and plausible."""
    _numbers(doc, "", problems)
    if problems:
        return
    out = []

    def check(label, value, low, high):
        if not _within(value, low, high):
            out.append(_("“{key}” is out of range ({value}).").format(key=label, value=value))

    att = doc["attendance"]
    for key in ("base", "present", "on_roll", "full", "probationary", "temporary"):
        check(f"attendance.{key}", att.get(key), 0, MAX_COUNT)
    check("attendance.rate", att.get("rate"), 0, 100)
    if (isinstance(att.get("base"), int) and isinstance(att.get("present"), int)
            and att["present"] > att["base"]):
        out.append(_("“attendance.present” is more than “attendance.base”."))
    check("duration_minutes", doc["duration_minutes"], 0, MAX_MINUTES)
    if doc["sitting"] is not None:
        check("sitting.total_minutes", doc["sitting"]["total_minutes"], 0, MAX_MINUTES)
    for i, vote in enumerate(doc["votes"]):
        for key in ("for", "against", "abstain", "base"):
            check(f"votes[{i}].{key}", vote.get(key), 0, MAX_COUNT)
        cast = sum(v for v in (vote.get(k) for k in ("for", "against", "abstain"))
                   if isinstance(v, int))
        if isinstance(vote.get("base"), int) and cast > vote["base"]:
            out.append(_("“votes[{i}]” counts more votes than voters.").format(i=i))
    for i, speech in enumerate(doc["speeches"]):
        if isinstance(speech, dict):
            check(f"speeches[{i}].seconds", speech.get("seconds"), 0, MAX_SECONDS)
    score = doc["score"]
    if score is not None:
        check("score.total", score["total"], 0, 100)
        vote = score.get("vote") if isinstance(score.get("vote"), dict) else {}
        for key in ("for", "against", "abstain"):
            check(f"score.vote.{key}", vote.get(key), 0, MAX_COUNT)
    rules = doc["rules"]
    for key in ("base_day", "latest_day"):
        check(f"rules.{key}", rules[key], 1, 31)
    for key in ("duration_minutes", "combined_minutes", "thematic_minutes"):
        check(f"rules.{key}", rules.get(key), 0, MAX_MINUTES)
    check("rules.attendance_rate", rules.get("attendance_rate"), 0, 100)
    check("ehandbook.threshold", doc["ehandbook"]["threshold"], 0, 100)
    for i, m in enumerate(doc["ehandbook"]["months"]):
        for key in ("applicable", "at_or_above", "below", "missing"):
            check(f"ehandbook.months[{i}].{key}", m[key], 0, MAX_COUNT)
        check(f"ehandbook.months[{i}].share", m["share"], 0, 100)
        check(f"ehandbook.months[{i}].year", m["year"], 1900, 9999)
    problems.extend(out)
