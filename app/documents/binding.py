"""A meeting document's binding to its meeting, written into the PDF's keywords at render time
(so it is inside what the signers sign) and compared by the office at import: the minutes of
one meeting are never accepted as another's.

``chibo-meeting:v1 id=<meeting id> version=<n> record=<sha256>`` where the digest covers the
parts of the record that never change once the meeting is finalised (ids, version, kind, date,
cell id).
"""
from __future__ import annotations

import hashlib
import json
import re

PREFIX = "chibo-meeting:v1"
_PATTERN = re.compile(PREFIX + r" id=(\S+) version=(\d+) record=([0-9a-f]{64})")
BOUND_KEYS = ("id", "series_id", "version", "kind", "date")


def record_digest(record: dict) -> str:
    bound = {key: record.get(key) for key in BOUND_KEYS}
    bound["cell_id"] = (record.get("cell") or {}).get("id") or record.get("cell_id")
    text = json.dumps(bound, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def keywords(record: dict | None) -> str:
    """The binding of a meeting's document ('' for a record without an id: samples)."""
    if not record or not record.get("id") or record.get("version") is None:
        return ""
    return f"{PREFIX} id={record['id']} version={int(record['version'])} " \
           f"record={record_digest(record)}"


def parse(text: str | None) -> tuple[str, int, str] | None:
    """(meeting id, version, record digest) of a binding in ``text``, or None."""
    found = _PATTERN.search(text or "")
    return (found.group(1), int(found.group(2)), found.group(3)) if found else None
