"""Real signed bundles from demo cells, for the office console's UI tests and screenshots."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from app.cell import get_cell, save_cell
from app.demo import add_demo_meetings
from app.documents.keys import new_local_key
from app import meeting_docs
from app.documents.signing import KeyFileSigner
from app.exchange.export import export_new, export_status
from app.store import open_store
from tests.meeting_helpers import DEMO_TODAY, demo_store

PASS = "mật khẩu"


def sign_minutes(store, key: Path, passphrase: str, meeting_ids=None,
                 mismatch_reason: str | None = None) -> list[dict]:
    """Sign the stored minutes of ``meeting_ids`` (default: every finalised meeting not
    exported yet) with ``key`` through the core's signing path, as the cell does before an
    export; the signed rows."""
    if meeting_ids is None:
        meeting_ids = [s.meeting_id for s in export_status(store) if s.state != "exported"]
    return [meeting_docs.sign_document(store, mid, "minutes", None,
                                       KeyFileSigner(key, passphrase),
                                       mismatch_reason=mismatch_reason) for mid in meeting_ids]


def export_demo_cell(root: Path, name: str | None = None, *, secretary: str = "Nguyễn Thị Hoa",
                     out: Path | None = None) -> dict:
    """A demo cell (renamed to ``name``) with its three finalised meetings exported, signed with
    a key of its own, into ``out`` (default ``root/usb``)."""
    root.mkdir(parents=True, exist_ok=True)
    store = open_store(root / "cell.sqlite")
    demo_store(store)
    if name:
        save_cell(store, dataclasses.replace(get_cell(store), name=name))
    ids = add_demo_meetings(store, today=DEMO_TODAY)
    key = root / "key.p12"
    fingerprint = new_local_key(secretary, key, PASS)
    # A secretary who is not the demo's chair signs the first free block, with a reason.
    sign_minutes(store, key, PASS, mismatch_reason=None if secretary == "Nguyễn Thị Hoa"
                 else "Ký thay")
    out = out or root / "usb"
    results = export_new(store, out, p12_path=key, passphrase=PASS).results
    store.close()
    return {"db": root / "cell.sqlite", "ids": ids, "key": key, "fingerprint": fingerprint,
            "out": out, "paths": [r.path for r in results],
            "name": name or "Chi bộ Khoa Y tế công cộng"}
