"""Monthly e-handbook points (Sổ tay đảng viên điện tử) stored per member and month (issue 3).

The classification (below the threshold, missing, exempted…) is ``app.rules.ehandbook``; this module
keeps the points, the cell's threshold (a setting in ``meta``) and imports points from CSV/XLSX with
the same preview-then-confirm steps as the member import.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cell import EHANDBOOK_KEY, cell_rules
from .i18n import _
from .importing import ImportFileError, ImportPreview, Problem, RowResult, map_columns, read_table
from .members import list_members
from .model import Member
from .planning import member_status, records_start
from .rules.ehandbook import (EhandbookYear, PointsError, ehandbook_year,
                              parse_points, validate_threshold)
from .store import Store
from .store.db import now_iso
from .vntext import fold, nfc

THRESHOLD_KEY = EHANDBOOK_KEY


def threshold(store: Store) -> float:
    """The cell's monthly points threshold (``cell_rules.EHANDBOOK_POINTS`` by default)."""
    return cell_rules(store).ehandbook_points


def set_threshold(store: Store, value: Any) -> float:
    value = validate_threshold(value)  # PointsError (a ValueError) in Vietnamese
    store.set_setting(THRESHOLD_KEY, value)
    return value


def _check_month(year: int, month: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise PointsError(_("Invalid year: {year}.").format(year=year))
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise PointsError(_("The month must be from 1 to 12: {value}.").format(value=month))


def set_points(store: Store, member_id: str, year: int, month: int, value: Any) -> float | None:
    """Record a member's points for a month ("20", "20,5", 20…); blank clears the month."""
    _check_month(year, month)
    points = parse_points(value)
    if not store.conn.execute("select 1 from member where id = ?", [member_id]).fetchone():
        raise PointsError(_("No member with id {id}.").format(id=member_id))
    with store.atomic():
        if points is None:
            store.db["ehandbook_points"].delete_where(
                "member_id = ? and year = ? and month = ?", [member_id, year, month])
        else:
            store.db["ehandbook_points"].upsert(
                {"member_id": member_id, "year": year, "month": month, "points": points,
                 "updated_at": now_iso()}, pk=("member_id", "year", "month"))
    return points


def year_points(store: Store, year: int) -> dict[tuple[str, int], float]:
    """{(member id, month): points} recorded for ``year``."""
    return {(r["member_id"], r["month"]): r["points"]
            for r in store.rows("select * from ehandbook_points where year = ?", [year])}


def grid_members(store: Store, year: int) -> list[Member]:
    """The grid's rows, in Vietnamese name order: members of the cell on some day of the year,
    and anyone with points recorded that year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with_points = {k[0] for k in year_points(store, year)}
    return [m for m in list_members(store)
            if m.id in with_points or ((m.joined_on is None or m.joined_on <= last)
                                       and (m.left_on is None or m.left_on > first))]


def points_grid(store: Store, year: int, today: dt.date | None = None) -> EhandbookYear:
    """The members × months grid for ``year`` with its monthly and yearly shares."""
    members = [member_status(m) for m in grid_members(store, year)]
    return ehandbook_year(year, members, year_points(store, year), threshold(store), today,
                          since=records_start(store, today or dt.date.today()))


# --- import -------------------------------------------------------------------------------------

POINTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("họ và tên", "họ tên", "tên", "đảng viên", "full_name", "full name", "name", "member"),
    "card_no": ("số thẻ đảng", "số thẻ đảng viên", "số thẻ", "card_no", "card number", "card"),
    "month": ("tháng", "month"),
    "points": ("điểm", "số điểm", "điểm tích lũy", "points"),
}
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[/\-.]\s*(\d{1,2})$")


@dataclass
class PointsRow:
    """One valid line of a points file; ``replaces`` is the value it overwrites, if any."""

    member_id: str
    member_name: str
    year: int
    month: int
    points: float
    replaces: float | None = None


def parse_month(value: Any, year: int | None) -> tuple[int, int]:
    """(year, month) from 3, "03", "3/2025", "03/2025", "2025-03" or an Excel date.

    A bare month number takes ``year``; without it, it is refused. A month/year that is not in
    ``year`` (when given) is refused too, so that an import never writes into another year.
    """
    found_year: int | None = None
    if isinstance(value, (dt.date, dt.datetime)):
        found_year, month = value.year, value.month
    elif isinstance(value, float) and value.is_integer():
        month = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        month = value
    else:
        text = nfc("" if value is None else str(value))
        if m := _MONTH_YEAR.match(text):
            month, found_year = int(m.group(1)), int(m.group(2))
        elif m := _YEAR_MONTH.match(text):
            found_year, month = int(m.group(1)), int(m.group(2))
        elif text.isdigit():
            month = int(text)
        else:
            raise ValueError(_("“{value}” is not a month: write 1 to 12 or MM/YYYY.")
                             .format(value=text))
    if not 1 <= month <= 12:
        raise ValueError(_("“{value}” is not a month: write 1 to 12 or MM/YYYY.").format(value=value))
    if found_year is None:
        if year is None:
            raise ValueError(_("Month “{value}” has no year: write it as MM/YYYY or choose the "
                               "year of the import.").format(value=value))
        found_year = year
    elif year is not None and found_year != year:
        raise ValueError(_("{when} is not in the year being imported ({year}).")
                         .format(when=f"{month:02d}/{found_year}", year=year))
    return found_year, month


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc("" if value is None else str(value))


def preview_points(store: Store, path: str | Path, year: int | None = None) -> ImportPreview:
    """Check every row of a points file (member name or party card number, month, points);
    nothing is written. Each valid row's record is a ``PointsRow``."""
    rows = read_table(path)
    headers = set().union(*(r.keys() for _n, r in rows)) if rows else set()
    mapping = map_columns(headers, POINTS_COLUMNS)
    if "name" not in mapping and "card_no" not in mapping:
        raise ImportFileError(_("The file needs a “Họ và tên” (full name) or “Số thẻ đảng” "
                                "(party card number) column."))
    for key, label in (("month", "Tháng"), ("points", "Điểm")):
        if key not in mapping:
            raise ImportFileError(_("The file has no “{column}” column.").format(column=label))
    members = list_members(store)
    by_name: dict[str, list[Member]] = {}
    for m in members:
        by_name.setdefault(fold(m.full_name), []).append(m)
    by_card = {fold(m.card_no).replace(" ", ""): m for m in members if m.card_no}
    existing: dict[int, dict[tuple[str, int], float]] = {}
    seen: dict[tuple[str, int, int], int] = {}
    results: list[RowResult] = []
    for number, raw in rows:
        problems: list[Problem] = []

        def problem(key: str, reason: str) -> None:
            problems.append(Problem(number, mapping.get(key, key), reason))

        name = _text(raw.get(mapping.get("name", ""), None))
        card = _text(raw.get(mapping.get("card_no", ""), None))
        member = None
        if card:
            member = by_card.get(fold(card).replace(" ", ""))
            if member is None:
                problem("card_no", _("No member has the party card number “{card}”.")
                        .format(card=card))
            elif name and fold(name) != fold(member.full_name):
                problem("name", _("The party card number {card} belongs to {member}, not to "
                                  "{name}.").format(card=card, member=member.full_name, name=name))
                member = None
        elif name:
            found = by_name.get(fold(name), [])
            if not found:
                problem("name", _("No member named “{name}”.").format(name=name))
            elif len(found) > 1:
                problem("name", _("{count} members are named “{name}”: give the party card "
                                  "number to tell them apart.").format(count=len(found), name=name))
            else:
                member = found[0]
        else:
            problem("name" if "name" in mapping else "card_no",
                    _("The member's name or party card number is missing."))
        when = None
        try:
            when = parse_month(raw.get(mapping["month"]), year)
        except ValueError as exc:
            problem("month", str(exc))
        points = None
        try:
            points = parse_points(raw.get(mapping["points"]))
            if points is None:
                problem("points", _("The points are missing."))
        except PointsError as exc:
            problem("points", str(exc))
        record = None
        if member is not None and when is not None:
            key = (member.id, *when)
            if key in seen:
                problem("month", _("Duplicate of row {row} in this file.").format(row=seen[key]))
            seen.setdefault(key, number)
            if points is not None and not problems:
                if when[0] not in existing:
                    existing[when[0]] = year_points(store, when[0])
                record = PointsRow(member.id, member.full_name, when[0], when[1], points,
                                   existing[when[0]].get((member.id, when[1])))
        results.append(RowResult(number, record, problems))
    return ImportPreview(Path(path), results)


def commit_points(store: Store, preview: ImportPreview) -> int:
    """Write every valid row of a preview in one transaction (replacing earlier values)."""
    valid = preview.valid
    stamp = now_iso()
    with store.atomic():
        store.db["ehandbook_points"].upsert_all(
            [{"member_id": r.record.member_id, "year": r.record.year, "month": r.record.month,
              "points": r.record.points, "updated_at": stamp} for r in valid],
            pk=("member_id", "year", "month"))
    return len(valid)
