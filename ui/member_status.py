"""How a member's status reads in the member list and in the import preview."""
from __future__ import annotations

import datetime as dt

from app.i18n import _
from app.members import status_tags
from app.model import Member

from .widgets import format_ddmmyyyy


def status_text(m: Member, today: dt.date) -> tuple[str, bool]:
    """What the status column says, and whether the row needs attention (probation over)."""
    tags = status_tags(m, today)
    if "left" in tags:
        return _("Left on {date}").format(date=format_ddmmyyyy(m.left_on)), False
    parts = [_("Full") if m.party_status == "full" else _("Probationary")]
    overdue = m.probation_overdue(today)
    if overdue:
        parts[0] = _("Probationary — 12 months over, to consider")
    if "exempted" in tags:
        parts.append(_("exempted"))
    if m.temp_status == "elsewhere":
        parts.append(_("meeting elsewhere"))
    elif m.temp_status == "here":
        parts.append(_("meeting here temporarily"))
    return ", ".join(parts), overdue
