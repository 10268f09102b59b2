"""Texts of what the party office sent down, shared by the home page and the preparation step
(kept apart so the home page does not load the wizard)."""
from __future__ import annotations

import datetime as dt

from app.exchange import inbox
from app.i18n import _, format_date


def office_document_text(doc: dict) -> str:
    """'05/03/2026 — Directive: Chỉ thị 05-CT/ĐU (chi-thi-05.pdf)'."""
    return _("{date} — {category}: {title} ({file})").format(
        date=format_date(dt.date.fromisoformat(doc["sent_at"][:10])),
        category=inbox.category_label(doc["category"]), title=doc["title"],
        file=doc["file_name"])
