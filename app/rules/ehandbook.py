"""Monthly points in the Sổ tay đảng viên điện tử (e-handbook), Kế hoạch 489-KH/ĐU ngày 22/3/2024.

The secretary records each member's points per month; members below the cell's threshold (20 points a
month in the seed's example resolution) and months with missing points are flagged.

A member *counts* for a month when they belong to the cell for the whole month and are not exempted on
any day of it (see ``MemberStatus`` in ``app.rules.plan``); otherwise the month is "not applicable" for
them, whatever points were typed.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from app.i18n import _
from app.rules.cell_rules import EHANDBOOK_POINTS
from app.rules.plan import MemberStatus
from app.vntext import nfc

DEFAULT_THRESHOLD = EHANDBOOK_POINTS
MAX_POINTS = 1000.0
# ok: at or above the threshold; below; missing (no points, month due); not_applicable (exempted or
# not a member that month); not_due (no points yet, the month has not ended).
CELL_STATUSES = ("ok", "below", "missing", "not_applicable", "not_due")

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class PointsError(ValueError):
    """A points value or threshold that cannot be accepted; the message is for the user."""


def parse_points(value: object, max_points: float = MAX_POINTS) -> float | None:
    """A points value typed or imported: "20", "20,5", "20.5", 20 → float; blank → None.

    One decimal separator, comma or dot; no thousands separators (points stay small).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise PointsError(_("Points must be a number, e.g. 20 or 20,5: “{text}”.").format(text=value))
    if isinstance(value, (int, float)):
        number, text = float(value), str(value)
    else:
        text = nfc(str(value))  # outer white space (also no-break spaces) removed
        if not text:
            return None
        if text.count(",") + text.count(".") > 1 or not _NUMBER.fullmatch(
                text.replace(",", ".")):
            raise PointsError(_("Points must be a number, e.g. 20 or 20,5: “{text}”.")
                              .format(text=text))
        number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise PointsError(_("Points must be a number, e.g. 20 or 20,5: “{text}”.").format(text=text))
    if not 0 <= number <= max_points:
        raise PointsError(_("Points must be between 0 and {max}: {text}.")
                          .format(max=_number_text(max_points), text=text))
    return number


def validate_threshold(value: object, max_points: float = MAX_POINTS) -> float:
    """The cell's monthly threshold setting, parsed like points; it cannot be blank."""
    try:
        threshold = parse_points(value, max_points)
    except PointsError:
        threshold = None
    if threshold is None:
        raise PointsError(_("The monthly points threshold must be a number from 0 to {max}.")
                          .format(max=_number_text(max_points)))
    return threshold


def _last_day(year: int, month: int) -> _dt.date:
    following = _dt.date(year + month // 12, month % 12 + 1, 1)
    return following - _dt.timedelta(days=1)


def _number_text(number: float) -> str:
    return f"{number:g}".replace(".", ",")


@dataclass(frozen=True)
class PointsCell:
    status: str  # one of CELL_STATUSES
    points: float | None


@dataclass(frozen=True)
class MonthSummary:
    """One month of the grid. ``share`` is the percentage (one decimal) of counted members at or
    above the threshold, a missing value counting as below; None when nobody counts that month.
    ``incomplete``: the month has ended and some counted member has no points."""

    month: int
    applicable: int
    at_or_above: int
    below: int
    missing: int
    share: float | None
    incomplete: bool
    due: bool


@dataclass(frozen=True)
class EhandbookYear:
    """The members × months grid with its summaries.

    ``share`` is the year's percentage of counted member-months (in months that have ended) at or
    above the threshold.
    """

    year: int
    threshold: float
    cells: dict[tuple[str, int], PointsCell]
    months: list[MonthSummary]
    member_months: int
    member_months_ok: int
    share: float | None

    def flagged(self, status: str = "below") -> list[tuple[str, int]]:
        """(member id, month) pairs with ``status``, by month then member order."""
        return sorted((k for k, c in self.cells.items() if c.status == status),
                      key=lambda k: k[1])


def member_counts(member: MemberStatus, year: int, month: int) -> bool:
    """Whether a member's points are expected for the month (whole month in the cell, no exemption)."""
    first = _dt.date(year, month, 1)
    last = _last_day(year, month)
    if not (member.is_member_on(first) and member.is_member_on(last)):
        return False
    return not any(start <= last and (end is None or end >= first) for start, end in member.exempt)


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def ehandbook_year(year: int, members: Iterable[MemberStatus],
                   points: Mapping[tuple[str, int], float | None],
                   threshold: float = DEFAULT_THRESHOLD,
                   today: _dt.date | None = None,
                   since: _dt.date | None = None) -> EhandbookYear:
    """Classify every member-month and summarise per month and for the year.

    With ``today``, months that have not ended by then are not due: missing points there are
    "not_due" rather than "missing", and those months stay out of the year's share. So are the
    months that ended before ``since``, the day the cell's records begin: nothing before it
    counts as missing.
    """
    members = list(members)
    cells: dict[tuple[str, int], PointsCell] = {}
    months: list[MonthSummary] = []
    year_total = year_ok = 0
    for month in range(1, 13):
        last = _last_day(year, month)
        due = (today is None or last < today) and (since is None or last >= since)
        counted = ok = below = missing = 0
        for member in members:
            value = points.get((member.id, month))
            if not member_counts(member, year, month):
                status = "not_applicable"
            elif value is None:
                status = "missing" if due else "not_due"
            elif value >= threshold:
                status = "ok"
            else:
                status = "below"
            cells[(member.id, month)] = PointsCell(status, value)
            if status == "not_applicable":
                continue
            counted += 1
            ok += status == "ok"
            below += status == "below"
            missing += status == "missing"
        months.append(MonthSummary(month, counted, ok, below, missing,
                                   _percent(ok, counted), due and missing > 0, due))
        if due:
            year_total += counted
            year_ok += ok
    return EhandbookYear(year, threshold, cells, months, year_total, year_ok,
                         _percent(year_ok, year_total))
