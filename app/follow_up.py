"""What is recorded on a meeting outside its minutes: the off-rule category of its date and,
after it, the day its final documents went onto the Sổ tay đảng viên điện tử (Hướng dẫn
42-HD/BTCTW, 28/10/2025 — per secondary copies: within 2 days after the meeting).

Both live in the meeting's ``extra`` (merged key by key, so the score draft kept there stays)
and neither changes the minutes, so the upload day is recorded on a finalised meeting too.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from .cell import cell_rules
from .i18n import N_, _, format_date
from .rules.cell_rules import OFF_RULE_CATEGORIES
from .store import Store
from .store.db import now_iso


def _merge_extra(store: Store, meeting_id: str, **values) -> None:
    with store.atomic():
        row = store.conn.execute("select extra from meeting where id = ?", [meeting_id]).fetchone()
        if row is None:
            raise KeyError(meeting_id)
        extra = json.loads(row[0]) if row[0] else {}
        for key, value in values.items():
            if value is None:
                extra.pop(key, None)
            else:
                extra[key] = value
        store.db["meeting"].update(meeting_id, {"extra": json.dumps(extra, ensure_ascii=False),
                                                "updated_at": now_iso()})


def set_off_rule_category(store: Store, meeting_id: str, category: str | None) -> None:
    """The category of the reason a regular meeting is not on the rule's day (a code of
    ``OFF_RULE_CATEGORIES``; None clears it). Part of creating the meeting (draft)."""
    if category is not None and category not in OFF_RULE_CATEGORIES:
        raise ValueError(category)
    _merge_extra(store, meeting_id, off_rule_category=category)


HANDBOOK_DAY_MESSAGES = {
    "before_meeting": N_("The upload cannot be before the meeting ({date})."),
    "in_future": N_("The upload cannot be after today ({date})."),
}


class HandbookDayError(ValueError):
    """A refused upload day; ``code`` is "before_meeting" (``limit``: the meeting's day) or
    "in_future" (``limit``: today)."""

    def __init__(self, code: str, day: dt.date, limit: dt.date):
        super().__init__(code, day)
        self.code, self.day, self.limit = code, day, limit

    def message(self) -> str:
        return _(HANDBOOK_DAY_MESSAGES[self.code]).format(date=format_date(self.limit))

    def __str__(self) -> str:
        return self.message()


def record_final_on_handbook(store: Store, meeting_id: str, day: dt.date | None,
                             today: dt.date | None = None) -> None:
    """The day the final minutes and resolution were put on the Sổ tay (None: not yet).
    A day before the meeting or after ``today`` (the clock's day by default: an upload not
    made yet cannot be recorded as made) is refused (HandbookDayError, a ValueError)."""
    if day is not None:
        row = store.conn.execute("select date from meeting where id = ?", [meeting_id]).fetchone()
        if row is None:
            raise KeyError(meeting_id)
        if row[0] and day < dt.date.fromisoformat(row[0]):
            raise HandbookDayError("before_meeting", day, dt.date.fromisoformat(row[0]))
        today = today or dt.date.today()
        if day > today:
            raise HandbookDayError("in_future", day, today)
    _merge_extra(store, meeting_id, final_on_handbook=day.isoformat() if day else None)


@dataclass(frozen=True)
class HandbookReminder:
    meeting_id: str
    kind: str
    date: dt.date
    due: dt.date        # the last day within the rule
    overdue: bool       # ``today`` is after ``due``


def handbook_reminders(store: Store, today: dt.date) -> list[HandbookReminder]:
    """Finalised meetings (newest version) held from the switch date on, whose final
    documents are not recorded as put on the Sổ tay, oldest first."""
    rules = cell_rules(store)
    rows = store.conn.execute(
        "select id, kind, date, extra from meeting m where status = 'finalised' and date >= ? "
        "and not exists (select 1 from meeting n where n.amends = m.id) order by date",
        [rules.switch_date.isoformat()]).fetchall()
    out = []
    for mid, kind, day, extra in rows:
        if (json.loads(extra) if extra else {}).get("final_on_handbook"):
            continue
        day = dt.date.fromisoformat(day)
        due = rules.handbook_after_due(day)
        out.append(HandbookReminder(mid, kind, day, due, today > due))
    return out
