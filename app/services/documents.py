"""A meeting's stored documents, read as they are: the newest copy of each kind and its bytes,
checked against their SHA-256.

Nothing here renders or signs, so nothing here imports reportlab, the signing stack or
sqlite-utils: writing out a finalised meeting's stored minutes stays a matter of milliseconds
(``chibo minutes ID --out F``; benchmarks/minutes_cli.py). Rendering, storing and signing are
``app.meeting_docs``'s.
"""
from __future__ import annotations

from app.i18n import _
from app.store.blobs import document_file


def documents_for(store, meeting_id: str, kind: str | None = None) -> list[dict]:
    """The stored documents of one meeting version, oldest first; ``current`` is False for one
    superseded by a signed copy."""
    where, params = "meeting_id = ?", [meeting_id]
    if kind:
        where += " and kind = ?"
        params.append(kind)
    rows = store.rows(f"select * from document where {where} order by created_at, rowid", params)
    superseded = {r["supersedes"] for r in rows if r["supersedes"]}
    for r in rows:
        r["current"] = r["id"] not in superseded
        r["signed"] = bool(r["signed"])
    return rows


def current_document(store, meeting_id: str, kind: str) -> dict | None:
    """The newest copy (signed when it was signed) of a meeting's minutes, resolution or topic;
    None when none is stored (a draft meeting has none)."""
    rows = [r for r in documents_for(store, meeting_id, kind) if r["current"]]
    return rows[-1] if rows else None


def get_document(store, document_id: str) -> dict:
    rows = store.rows("select * from document where id = ?", [document_id])
    if not rows:
        raise KeyError(_("No document with id {id}.").format(id=document_id))
    row = rows[0]
    row["signed"] = bool(row["signed"])
    row["current"] = not store.conn.execute(
        "select 1 from document where supersedes = ?", [document_id]).fetchone()
    return row


def document_bytes(store, document_id: str) -> bytes:
    """The stored file, checked against its SHA-256."""
    return document_file(store, get_document(store, document_id))
