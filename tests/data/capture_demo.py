"""Normalised meeting records of a fresh demo (for tests/test_assessment.py's golden file).

Regenerate the golden file (only when a change of the contract's values is intended):
    PYTHONPATH=. python tests/data/capture_demo.py /tmp/demo.sqlite vi tests/data/demo_records_vi.json

The demo is made as on ``TODAY`` (its meetings are the months before that day), so that the
golden file does not depend on the day the tests run.
"""
import datetime as dt
import json
import re
import sys
from pathlib import Path

from app import i18n
from app.demo import add_demo_meetings, create_demo
from app.meetings import list_meetings, meeting_record
from app.store.db import open_store

TODAY = dt.date(2026, 11, 29)


def _normalise(obj, ids):
    if isinstance(obj, dict):
        return {k: _normalise(v, ids) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_normalise(v, ids) for v in obj]
    if isinstance(obj, str) and obj in ids:
        return ids[obj]
    if isinstance(obj, str) and re.match(r"\d{4}-\d\d-\d\dT", obj):
        return "<timestamp>"
    return obj


def capture(path, lang):
    old = i18n.language()
    i18n.set_language(lang)
    try:
        with open_store(path) as store:
            create_demo(store, today=TODAY)
            add_demo_meetings(store, today=TODAY, thematic=True)
            ms = sorted(list_meetings(store),
                        key=lambda m: (m["date"], m["sitting_order"] or 0, m["version"]))
            recs = [meeting_record(store, m["id"]) for m in ms]
    finally:
        i18n.set_language(old)
    ids = {m["id"]: f"<meeting{i}>" for i, m in enumerate(ms)}
    for r in recs:
        ids.setdefault(r["series_id"], f"<series{len(ids)}>")
        if r["sitting"]:
            ids.setdefault(r["sitting"]["id"], f"<sitting{len(ids)}>")
        if r["cell"]["id"]:
            ids.setdefault(r["cell"]["id"], "<cell>")
    return [_normalise(r, ids) for r in recs]


if __name__ == "__main__":
    out = capture(sys.argv[1], sys.argv[2])
    Path(sys.argv[3]).write_text(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True),
                                 encoding="utf-8")
