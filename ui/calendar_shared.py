"""What the home screen, the meeting calendar and the plan dialogs share: month and quarter
wording, one-line plan item labels, the quarter colours, and warming the holiday table.

No widgets here, so that the home screen (the first page shown) does not load the calendar.
"""
from __future__ import annotations

import threading

from app.i18n import N_, _
from app.rules.calendar import DaysOff
from app.rules.plan import QUARTER_STATUS_LABELS

MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
               N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
               N_("December"))
WEEKDAY_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
QUARTER_NAMES = ("I", "II", "III", "IV")

QUARTER_MARKS = {"held": "✓", "missing": "✗", "pending": "○", "warn_last_month": "⚠",
                 "before_records": "–"}
QUARTER_COLORS = {"held": "#1e7a34", "missing": "#b00020", "pending": "#555555",
                  "warn_last_month": "#b35c00", "before_records": "#555555"}


def warm_holidays(years) -> threading.Thread:
    """Compute the public holidays of ``years`` in a background thread (the first year costs
    ~0.2 s: importing ``holidays`` and building its table), so the year view opens at once."""
    def work() -> None:
        off = DaysOff()
        for year in years:
            off.public_holidays(year)

    thread = threading.Thread(target=work, name="chibo-holidays", daemon=True)
    thread.start()
    return thread


def month_name(month: int) -> str:
    return _(MONTH_NAMES[month - 1])


def quarter_text(quarter: int, status: str) -> str:
    return _("Quarter {q}: {mark} {status}").format(
        q=QUARTER_NAMES[quarter - 1], mark=QUARTER_MARKS[status],
        status=_(QUARTER_STATUS_LABELS[status]))


def item_label(item) -> str:
    """A plan item in one line: "Regular meeting of April" or the thematic title."""
    if item.kind == "regular":
        return _("Regular meeting, month {month}").format(month=item.month)
    return _("Thematic meeting “{title}”").format(title=item.title)
