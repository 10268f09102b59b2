"""Document numbers: per document type (BB, NQ, KL, KH, BC…), from 01 per committee term.

Hướng dẫn 36-HD/VPTW (03/4/2018), point 1.3.1, numbers a body's documents per type within one
committee term; Quy định 399-QĐ/TW (09/01/2026) keeps that. The term starts on the date set in
the cell profile (``app.cell.committee_term_start``); a document dated before it, or a cell with
no term start, is numbered per calendar year (the term key is then the year). Every number
issued is a row of the register (``doc_number``), which the cell can print.
"""
from __future__ import annotations

import datetime as dt

from .cell import committee_term_start
from .store import Store, new_id
from .store.db import now_iso

CODES = ("BB", "NQ", "KL", "KH", "BC")


def term_key(store: Store, day: dt.date) -> str:
    """The committee term a document dated ``day`` is numbered in."""
    start = committee_term_start(store)
    if start and day >= start:
        return start.isoformat()
    return str(day.year)


def issued(store: Store, code: str, series_id: str | None) -> int | None:
    """The number already issued of this type for a meeting series (an amended version keeps
    it), or None."""
    if not series_id:
        return None
    row = store.conn.execute("select n from doc_number where code = ? and series_id = ? "
                             "order by issued_at limit 1", [code, series_id]).fetchone()
    return row[0] if row else None


def issue(store: Store, code: str, day: dt.date, *, series_id: str | None = None,
          meeting_id: str | None = None, subject: str | None = None) -> int:
    """The next number of ``code`` in the term of ``day`` (or the one the series already has);
    runs in the caller's transaction."""
    if code not in CODES:
        raise ValueError(code)
    have = issued(store, code, series_id)
    if have is not None:
        return have
    term = term_key(store, day)
    n = store.conn.execute("select coalesce(max(n), 0) + 1 from doc_number where code = ? and "
                           "term = ?", [code, term]).fetchone()[0]
    with store.atomic():
        store.db["doc_number"].insert({
            "id": new_id(), "code": code, "term": term, "n": n, "series_id": series_id,
            "meeting_id": meeting_id, "year": day.year, "day": day.isoformat(),
            "subject": subject, "issued_at": now_iso()})
    return n


def register(store: Store) -> list[dict]:
    """Every issued number, by term, type and number (the printable register)."""
    rows = store.rows("select * from doc_number order by term, code, n")
    pattern = store.get_setting("number_pattern", "{n:02d}-{kind}/CB")
    for r in rows:
        r["number"] = pattern.format(n=int(r["n"]), kind=r["code"])
    return rows
