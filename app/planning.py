"""The meeting calendar and the year plan, stored in the cell database (issue 3).

The pure rules live in ``app.rules.calendar`` and ``app.rules.plan``; this module keeps their data:
the day rule (a cell setting in ``meta``), the organisation's own days off and make-up working days
(``org_day``), and the year plan (``plan_item``: twelve regular meetings and the thematic ones).

A regular meeting follows the rule's day unless the secretary recorded another date with a reason
(``off_rule_reason``). While it follows the rule, changing the rule or the days off moves it.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, fields
from typing import Any

from .cell import DAY_RULE_KEY, cell_rules, get_cell
from .i18n import _, format_date
from .members import list_members
from .model import Member, parse_date
from .rules.calendar import DayRule, DaysOff, MonthSchedule, meeting_day, year_schedule
from .rules.plan import (PLAN_STATUSES, TOPIC_GROUP_IDS, MemberStatus, PlannedMeeting,
                         PlanWarning, plan_warnings, quarter_compliance, quarter_of)
from .store import Store, new_id
from .store.db import now_iso
from .vntext import nfc

ORG_DAY_KINDS = ("off", "working")
DRAFT_LEAD_DAYS = 7  # a thematic draft still not sent this close to the meeting is flagged
_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


# --- the day rule and the days off --------------------------------------------------------------

def day_rule(store: Store) -> DayRule:
    """The cell's meeting-day rule (default: the 3rd, at the latest the 5th)."""
    rules = cell_rules(store)
    return DayRule(rules.base_day, rules.latest_day)


def set_day_rule(store: Store, base: int, latest: int) -> DayRule:
    """Validate and store the rule; planned regular meetings that follow the rule move with it."""
    rule = DayRule(base, latest)  # raises ValueError with a Vietnamese message
    with store.atomic():
        store.set_setting(DAY_RULE_KEY, {"base_day": rule.base_day, "latest_day": rule.latest_day})
        _follow_rule(store)
    return rule


@dataclass(frozen=True)
class OrgDay:
    """One of the organisation's own days: an extra day off, or a make-up working day."""

    date: dt.date
    name: str
    kind: str  # "off" | "working"


def org_days(store: Store, year: int | None = None) -> list[OrgDay]:
    """The organisation's own days (of ``year``, or all), by date."""
    where, params = ("", []) if year is None else ("where date like ?", [f"{year:04d}-%"])
    return [OrgDay(dt.date.fromisoformat(r["date"]), r["name"], r["kind"])
            for r in store.rows(f"select * from org_day {where} order by date", params)]


def days_off(store: Store) -> DaysOff:
    """Public holidays plus the organisation's own days off and make-up working days."""
    days = org_days(store)
    return DaysOff({d.date: d.name for d in days if d.kind == "off"},
                   {d.date: d.name for d in days if d.kind == "working"})


def year_days(store: Store, year: int) -> list[tuple[dt.date, str, str]]:
    """Every named day of the year for the days-off editor: (date, name, kind) with kind
    "public" / "public_working" (read-only) or "org_off" / "org_working" (editable)."""
    return days_off(store).year_entries(year)


def _as_date(value: Any) -> dt.date:
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise ValueError(_("Enter a valid date (dd/mm/yyyy): “{value}”.").format(
            value="" if value is None else value))
    return day


def add_org_day(store: Store, day: Any, reason: str, *, working: bool = False) -> OrgDay:
    """Add an extra day off (or, with ``working``, a make-up working day) with its reason."""
    day = _as_date(day)
    reason = nfc(reason)
    if not reason:
        raise ValueError(_("Enter the reason (name) of the day {day}.").format(day=format_date(day)))
    existing = next((d for d in org_days(store, day.year) if d.date == day), None)
    if existing:
        raise ValueError(_("{day} is already in the organisation's list: {name}.").format(
            day=format_date(day), name=existing.name))
    why = days_off(store).reason(day)
    if working and why is None:
        raise ValueError(_("{day} is already a working day.").format(day=format_date(day)))
    if not working and why is not None:
        raise ValueError(_("{day} is already a day off: {why}.").format(
            day=format_date(day), why=why))
    kind = "working" if working else "off"
    with store.atomic():
        store.db["org_day"].insert({"date": day.isoformat(), "name": reason, "kind": kind,
                                    "created_at": now_iso()})
        _follow_rule(store)
    return OrgDay(day, reason, kind)


def remove_org_day(store: Store, day: Any) -> OrgDay:
    """Remove one of the organisation's own days (public holidays cannot be removed)."""
    day = _as_date(day)
    existing = next((d for d in org_days(store, day.year) if d.date == day), None)
    if existing is None:
        raise ValueError(_("{day} is not in the organisation's list of days off and working days.")
                         .format(day=format_date(day)))
    with store.atomic():
        store.db["org_day"].delete(day.isoformat())
        _follow_rule(store)
    return existing


def schedule(store: Store, year: int) -> list[MonthSchedule]:
    """The year's twelve regular meeting days under the cell's rule and days off."""
    return year_schedule(year, day_rule(store), days_off(store))


# --- the year plan ------------------------------------------------------------------------------

@dataclass
class PlanItem(PlannedMeeting):
    """A stored line of the year plan (see ``PlannedMeeting``; the plan checks take it as is).

    ``month`` is set for regular meetings; ``rule_date`` / ``rule_status`` are what the rule gives
    for that month (computed when read, not stored).
    """

    year: int = 0
    month: int | None = None
    time: str = ""
    place: str = ""
    meeting_id: str | None = None
    rule_date: dt.date | None = None
    rule_status: str | None = None

    @property
    def off_rule(self) -> bool:
        """A regular meeting planned on another day than the rule's (or on any day in a conflict)."""
        return (self.kind == "regular" and self.planned_date is not None
                and self.planned_date != self.rule_date)

    def to_json(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("planned_date", "rule_date"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def _item_from_row(row: dict, rules: dict[int, MonthSchedule] | None = None) -> PlanItem:
    item = PlanItem(
        id=row["id"], kind=row["kind"],
        planned_date=dt.date.fromisoformat(row["planned_date"]) if row["planned_date"] else None,
        quarter=row["quarter"], title=row["title"] or "", topic_group=row["topic_group"],
        drafter_id=row["drafter_id"], combined=bool(row["combined"]),
        combined_order=row["combined_order"], status=row["status"],
        cancel_reason=row["cancel_reason"], off_rule_reason=row["off_rule_reason"],
        year=row["year"], month=row["month"], time=row["time"] or "", place=row["place"] or "",
        meeting_id=row["meeting_id"])
    if item.kind == "regular" and item.month and rules is not None:
        scheduled = rules[item.month]
        item.rule_date, item.rule_status = scheduled.date, scheduled.status
    return item


def _rules(store: Store, year: int) -> dict[int, MonthSchedule]:
    return {m.month: m for m in schedule(store, year)}


def _sort_key(item: PlanItem) -> tuple:
    if item.planned_date:
        when = item.planned_date
    elif item.month:
        when = dt.date(item.year, item.month, 1)
    else:  # an undated thematic meeting: the end of its quarter (or of the year)
        when = dt.date(item.year, 3 * (item.quarter or 4), 28)
    return (when, item.combined_order or 0, item.kind != "regular", item.title, item.id)


def plan_items(store: Store, year: int) -> list[PlanItem]:
    """The year plan by date (a sitting's items in their order), regular before thematic."""
    rules = _rules(store, year)
    rows = store.rows("select * from plan_item where year = ?", [year])
    return sorted((_item_from_row(r, rules) for r in rows), key=_sort_key)


def get_plan_item(store: Store, item_id: str) -> PlanItem:
    rows = store.rows("select * from plan_item where id = ?", [item_id])
    if not rows:
        raise KeyError(_("No plan item with id {id}.").format(id=item_id))
    return _item_from_row(rows[0], _rules(store, rows[0]["year"]))


def ensure_year_plan(store: Store, year: int) -> list[PlanItem]:
    """Create the year's twelve regular meetings that are missing and return the plan.

    Each gets the rule's date (none in a conflict month: the secretary records a date and a
    reason) and the cell's default time and place.
    """
    check_year(year)
    cell = get_cell(store)
    time = cell.default_time if cell else ""
    place = cell.default_place if cell else ""
    have = {month for (month,) in store.conn.execute(
        "select month from plan_item where year = ? and kind = 'regular'", [year])}
    missing = [m for m in schedule(store, year) if m.month not in have]
    if missing:
        stamp = now_iso()
        with store.atomic():
            store.db["plan_item"].insert_all([{
                "id": new_id(), "year": year, "month": m.month, "kind": "regular",
                "planned_date": m.date.isoformat() if m.date else None,
                "time": time, "place": place, "quarter": quarter_of(dt.date(year, m.month, 1)),
                "combined": 0, "status": "planned", "created_at": stamp, "updated_at": stamp,
            } for m in missing])
    return plan_items(store, year)


def check_year(year: int) -> None:
    """Refuse a year outside 1900–2200 (a typo), with a Vietnamese message."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise ValueError(_("Invalid year: {year}.").format(year=year))


# Fields an edit may change, per kind.
# A regular meeting is combined exactly when an active thematic meeting is combined with it on its
# date (kept in step by ``_sync_sittings``); only its place in the sitting is edited.
_COMMON = {"planned_date", "time", "place", "status", "cancel_reason", "meeting_id",
           "combined_order"}
_EDITABLE = {"regular": _COMMON | {"off_rule_reason"},
             "thematic": _COMMON | {"title", "topic_group", "drafter_id", "quarter", "combined"}}


def add_thematic(store: Store, year: int, *, title: str, topic_group: str,
                 drafter_id: str | None = None, planned_date: Any = None,
                 quarter: int | None = None, time: str | None = None, place: str | None = None,
                 combined: bool = False, combined_order: int | None = None) -> PlanItem:
    """Add a thematic meeting to the plan: a date (on its own day or combined with a regular
    meeting in one sitting), or only the quarter while the date is not known."""
    check_year(year)
    cell = get_cell(store)
    item = PlanItem(id=new_id(), kind="thematic", year=year,
                    time=(cell.default_time if cell and time is None else time) or "",
                    place=(cell.default_place if cell and place is None else place) or "")
    _apply(store, item, dict(title=title, topic_group=topic_group, drafter_id=drafter_id,
                             planned_date=planned_date, quarter=quarter, combined=combined,
                             combined_order=combined_order))
    stamp = now_iso()
    with store.atomic():
        store.db["plan_item"].insert({**_to_row(item), "created_at": stamp, "updated_at": stamp})
        _sync_sittings(store)
    return get_plan_item(store, item.id)


def update_plan_item(store: Store, item_id: str, **changes: Any) -> PlanItem:
    """Edit one plan item (one transaction). A regular meeting moved away from the rule's day
    needs ``off_rule_reason``; cancelling needs ``cancel_reason``."""
    item = get_plan_item(store, item_id)
    unknown = set(changes) - _EDITABLE[item.kind]
    if unknown:
        raise ValueError(_("These fields cannot be changed here: {fields}.").format(
            fields=", ".join(sorted(unknown))))
    _apply(store, item, changes)
    with store.atomic():
        store.db["plan_item"].update(item.id, {**_to_row(item), "updated_at": now_iso()})
        _sync_sittings(store)
    return get_plan_item(store, item.id)


def delete_plan_item(store: Store, item_id: str) -> None:
    """Remove a thematic meeting entered by mistake (a regular one is cancelled, not removed)."""
    item = get_plan_item(store, item_id)
    if item.kind == "regular":
        raise ValueError(_("A regular meeting cannot be removed from the plan; cancel it with a "
                           "reason instead."))
    if item.meeting_id or item.status == "held":
        raise ValueError(_("This thematic meeting has been held and stays in the plan."))
    with store.atomic():
        store.db["plan_item"].delete(item.id)
        _sync_sittings(store)


def _to_row(item: PlanItem) -> dict:
    return {
        "id": item.id, "year": item.year, "month": item.month, "kind": item.kind,
        "planned_date": item.planned_date.isoformat() if item.planned_date else None,
        "time": item.time or None, "place": item.place or None,
        "quarter": item.quarter_of(), "title": item.title or None,
        "topic_group": item.topic_group, "drafter_id": item.drafter_id or None,
        "combined": int(item.combined), "combined_order": item.combined_order,
        "status": item.status, "cancel_reason": item.cancel_reason,
        "off_rule_reason": item.off_rule_reason, "meeting_id": item.meeting_id or None,
    }


def _apply(store: Store, item: PlanItem, changes: dict[str, Any]) -> None:
    """Validate ``changes`` and set them on ``item`` (raises ValueError in Vietnamese)."""
    for key in ("title", "place", "cancel_reason", "off_rule_reason"):
        if key in changes:
            changes[key] = nfc(changes[key]) or None
    if "planned_date" in changes:
        value = changes["planned_date"]
        day = None if value in (None, "") else _as_date(value)
        if day is not None and day.year != item.year:
            raise ValueError(_("The date {day} is not in {year}.").format(
                day=format_date(day), year=item.year))
        if item.kind == "regular" and day is not None and day.month != item.month:
            raise ValueError(_("The regular meeting of month {month} must be held in that month.")
                             .format(month=item.month))
        changes["planned_date"] = day
    if "time" in changes:
        changes["time"] = nfc(changes["time"])
        if changes["time"] and not _TIME.match(changes["time"]):
            raise ValueError(_("Enter the time as HH:MM, e.g. 14:00."))
    if "status" in changes and changes["status"] not in PLAN_STATUSES:
        raise ValueError(_("Unknown plan status “{value}”.").format(value=changes["status"]))
    if "topic_group" in changes and changes["topic_group"] not in TOPIC_GROUP_IDS:
        raise ValueError(_("Choose one of the eight topic groups."))
    if changes.get("drafter_id"):
        if not store.conn.execute("select 1 from member where id = ?",
                                  [changes["drafter_id"]]).fetchone():
            raise ValueError(_("The drafter is not in the member list."))
    if changes.get("quarter") is not None and changes["quarter"] not in (1, 2, 3, 4):
        raise ValueError(_("The quarter must be 1, 2, 3 or 4."))
    if changes.get("meeting_id"):
        if not store.conn.execute("select 1 from meeting where id = ?",
                                  [changes["meeting_id"]]).fetchone():
            raise ValueError(_("No meeting with id {id}.").format(id=changes["meeting_id"]))
    if "combined" in changes:
        changes["combined"] = bool(changes["combined"])
    if changes.get("combined_order") is not None:
        order = changes["combined_order"]
        if isinstance(order, bool) or not isinstance(order, int) or order < 1:
            raise ValueError(_("The place in the sitting must be 1, 2, …"))

    for key, value in changes.items():
        setattr(item, key, value)
    if item.status != "cancelled":
        item.cancel_reason = None
    if not item.combined:
        item.combined_order = None
    elif item.combined_order is None:
        item.combined_order = 2  # after the regular meeting, unless told otherwise

    if item.kind == "thematic":
        if not nfc(item.title):
            raise ValueError(_("Enter the title of the thematic meeting."))
        if item.topic_group not in TOPIC_GROUP_IDS:
            raise ValueError(_("Choose one of the eight topic groups."))
        if item.planned_date is None and item.quarter is None:
            raise ValueError(_("Give the thematic meeting a date or at least its quarter."))
        if item.planned_date is not None:
            item.quarter = quarter_of(item.planned_date)
    if item.combined and item.planned_date is None:
        raise ValueError(_("A meeting combined with another in one sitting needs a date."))
    if item.status == "cancelled" and not item.cancel_reason:
        raise ValueError(_("Enter the reason for cancelling the meeting."))
    if item.status == "held" and item.planned_date is None:
        raise ValueError(_("Enter the date on which the meeting was held."))
    if item.kind == "regular":
        scheduled = meeting_day(item.year, item.month, day_rule(store), days_off(store))
        if item.planned_date is None or item.planned_date == scheduled.date:
            item.off_rule_reason = None  # back on the rule's day: nothing to explain
        elif not item.off_rule_reason:
            if scheduled.date is None:
                raise ValueError(_("Days {base} to {latest} of month {month} are all days off: "
                                   "enter the reason for the chosen date {day}.").format(
                    base=day_rule(store).base_day, latest=day_rule(store).latest_day,
                    month=item.month, day=format_date(item.planned_date)))
            raise ValueError(_("{day} is not the rule's day ({rule_day}): enter the reason for "
                               "the other date.").format(day=format_date(item.planned_date),
                                                        rule_day=format_date(scheduled.date)))


def _follow_rule(store: Store) -> None:
    """Move the planned regular meetings that follow the rule to the rule's current day, with
    the thematic meetings combined with them (inside the caller's transaction)."""
    rows = store.rows(
        "select * from plan_item where kind = 'regular' and status in ('planned', 'draft_sent') "
        "and meeting_id is null and (off_rule_reason is null or off_rule_reason = '')")
    rule, off = day_rule(store), days_off(store)
    for row in rows:
        new = meeting_day(row["year"], row["month"], rule, off).date
        new_iso = new.isoformat() if new else None
        if new_iso == row["planned_date"]:
            continue
        store.db["plan_item"].update(row["id"], {"planned_date": new_iso, "updated_at": now_iso()})
        if row["combined"] and row["planned_date"]:
            store.conn.execute(
                "update plan_item set planned_date = ?, combined = case when ? is null then 0 "
                "else combined end where kind = 'thematic' and combined = 1 and planned_date = ? "
                "and status in ('planned', 'draft_sent')",
                [new_iso, new_iso, row["planned_date"]])
    _sync_sittings(store)


def _sync_sittings(store: Store) -> None:
    """Mark each active regular meeting combined when an active thematic meeting is combined
    with it on its date (placed first unless that place is taken), and not otherwise."""
    partners: dict[str, list[int | None]] = {}
    for day, order in store.conn.execute(
            "select planned_date, combined_order from plan_item where kind = 'thematic' "
            "and combined = 1 and status != 'cancelled' and planned_date is not null").fetchall():
        partners.setdefault(day, []).append(order)
    for row in store.rows("select * from plan_item where kind = 'regular' "
                          "and planned_date is not null"):
        taken = partners.get(row["planned_date"]) if row["status"] != "cancelled" else None
        if taken is None:
            if row["combined"] or row["combined_order"] is not None:
                store.db["plan_item"].update(row["id"], {"combined": 0, "combined_order": None})
            continue
        order = row["combined_order"] if row["combined"] else None
        if order is None:
            order = next(n for n in range(1, len(taken) + 2) if n not in taken)
        if (row["combined"], row["combined_order"]) != (1, order):
            store.db["plan_item"].update(row["id"], {"combined": 1, "combined_order": order})


# --- checks and the next meeting ----------------------------------------------------------------

def member_status(member: Member) -> MemberStatus:
    """What the plan and e-handbook rules need to know about a stored member."""
    exempt = ((member.exempt_from, member.exempt_to),) if member.exempt_from else ()
    return MemberStatus(member.id, member.full_name, member.joined_on, member.left_on, exempt)


def member_statuses(store: Store) -> dict[str, MemberStatus]:
    return {m.id: member_status(m) for m in list_members(store)}


def plan_warnings_for(store: Store, year: int, today: dt.date | None = None) -> list[PlanWarning]:
    """The plan checks of ``app.rules.plan`` on the stored plan and members; a quarter whose
    thematic meeting was held (planned or not), or that ended before the cell's records
    begin, is not reported as lacking one."""
    warnings = plan_warnings(year, plan_items(store, year), member_statuses(store), today,
                             rule=day_rule(store), days_off=days_off(store))
    settled = {q for q, status in thematic_compliance(store, year, today).items()
               if status in ("held", "before_records")}
    return [w for w in warnings if not (w.code == "no_thematic" and w.quarter in settled)]


def records_start(store: Store, today: dt.date | None = None) -> dt.date | None:
    """The day the cell's records begin: the cell's creation in chibo, or earlier when older
    records were entered afterwards (its earliest meeting or e-handbook points; the earliest
    thematic meeting of a year plan: its planned day, else the start of its quarter, else of
    its year; the regular lines of a year plan are made automatically and do not count)."""
    days = []
    for row in store.rows("select year, quarter, planned_date from plan_item "
                          "where kind = 'thematic'"):
        try:
            if row["planned_date"]:
                days.append(dt.date.fromisoformat(str(row["planned_date"])[:10]))
            elif row["year"]:
                days.append(dt.date(int(row["year"]), 3 * (int(row["quarter"] or 1) - 1) + 1, 1))
        except (TypeError, ValueError):
            continue  # a damaged line does not move the start of the records
    cell = store.rows("select created_at from cell order by created_at limit 1")
    if cell and cell[0]["created_at"]:
        days.append(dt.date.fromisoformat(str(cell[0]["created_at"])[:10]))
    first = store.conn.execute("select min(date) from meeting").fetchone()[0]
    if first:
        days.append(dt.date.fromisoformat(first[:10]))
    points = store.conn.execute("select year, month from ehandbook_points "
                                "order by year, month limit 1").fetchone()
    if points:
        days.append(dt.date(int(points[0]), int(points[1]), 1))
    start = min(days) if days else None
    # looked at from a day before the records begin (a demo dated in the past): no limit
    return None if start is None or (today is not None and start > today) else start


def meetings_being_recorded(store: Store) -> list[dict]:
    """Meetings still in draft (being recorded, not finalised), by date: ``id, kind, date``.

    For the home screen; a plain query so that the start of the app does not load the
    meeting-recording module."""
    return store.rows("select id, kind, date from meeting where status = 'draft' "
                      "order by date, sitting_order, version")


@dataclass
class NextMeeting:
    """The next sitting in the plan: its items (a combined sitting has more than one), when and
    where, how many days are left, and what is still to prepare. ``date`` is None for a regular
    meeting in a conflict month that still needs the secretary's date."""

    date: dt.date | None
    time: str
    place: str
    items: list[PlanItem]
    days_left: int | None
    to_prepare: list[str] = field(default_factory=list)


_UPCOMING = ("planned", "draft_sent")


def plan_to_make(store: Store, today: dt.date | None = None) -> int | None:
    """The year whose plan the secretary should make now, or None: this year's while it has no
    plan; once this year's plan has no meeting left (in December), next year's if not made yet,
    so that the home page always shows the next step."""
    today = today or dt.date.today()
    if not plan_items(store, today.year):
        return today.year
    if next_meeting(store, today) is None and not plan_items(store, today.year + 1):
        return today.year + 1
    return None


def next_meeting(store: Store, today: dt.date | None = None, *,
                 unstarted: bool = False) -> NextMeeting | None:
    """The next planned sitting on or after ``today`` (also from next year's plan). The home
    page and the start button of the meetings list both ask this function, so they never
    disagree. ``unstarted`` skips the sittings whose meeting was already begun (the meetings
    list offers to continue those instead)."""
    today = today or dt.date.today()
    candidates: list[PlanItem] = []
    for year in (today.year, today.year + 1):
        for item in plan_items(store, year):
            if item.status not in _UPCOMING or (unstarted and item.meeting_id):
                continue
            if item.planned_date is not None and item.planned_date >= today:
                candidates.append(item)
            elif item.planned_date is None and item.kind == "regular" and \
                    (item.year, item.month) >= (today.year, today.month):
                candidates.append(item)
        if candidates:
            break
    if not candidates:
        return None
    first = min(candidates, key=_sort_key)
    if first.planned_date is None:
        sitting = [first]
        todo = [_("Days {base} to {latest} of the month are all days off: choose the date and "
                  "record the reason.").format(base=day_rule(store).base_day,
                                               latest=day_rule(store).latest_day)]
        return NextMeeting(None, first.time, first.place, sitting, None, todo)
    sitting = sorted((i for i in candidates if i.planned_date == first.planned_date), key=_sort_key)
    days_left = (first.planned_date - today).days
    todo: list[str] = []
    ids = {i.id for i in sitting}
    for warning in plan_warnings_for(store, first.planned_date.year, today):
        if warning.item_id in ids:
            todo.append(warning.message)
    for item in sitting:
        if item.kind == "thematic" and item.status == "planned" and days_left < DRAFT_LEAD_DAYS:
            todo.append(_("“{title}”: the draft has not been sent to the members yet.").format(
                title=item.title))
    if not any(i.time for i in sitting):
        todo.append(_("Set the time of the meeting."))
    if not any(i.place for i in sitting):
        todo.append(_("Set the place of the meeting."))
    main = sitting[0]
    return NextMeeting(first.planned_date, main.time, main.place, sitting, days_left, todo)


def year_meetings(store: Store, year: int) -> list[PlanItem]:
    """The year plan as the meetings were actually held: what the calendar, the plan tab and
    the quarters' thematic status all read, so they cannot disagree.

    Every plan item, with two facts of the meeting records added:
    - a thematic item linked to a finalised meeting takes the day it was held;
    - a finalised thematic meeting linked to no plan item (held outside the plan, e.g. the
      thematic part of a sitting created without a plan line) is added as a held item with
      an empty ``id``, combined when it was part of a sitting; the regular item of that
      sitting is then marked combined too.
    Only the newest version of an amended meeting counts."""
    items = plan_items(store, year)
    held = {r["id"]: r for r in store.rows(
        "select id, series_id, kind, date, topic, sitting_id, sitting_order from meeting m "
        "where status = 'finalised' and date like ? and not exists "
        "(select 1 from meeting n where n.amends = m.id)", [f"{year:04d}-%"])}
    series = {r["series_id"]: r for r in held.values()}
    by_id = {r[0]: r[1] for r in store.conn.execute("select id, series_id from meeting")}
    linked_series = {by_id.get(i.meeting_id) for i in items if i.meeting_id}
    item_ids = {i.id for i in items}
    out = []
    for item in items:
        row = series.get(by_id.get(item.meeting_id)) if item.meeting_id else None
        if row is not None and item.kind == "thematic":
            item.planned_date = dt.date.fromisoformat(row["date"])
            item.quarter = quarter_of(item.planned_date)
        out.append(item)
    sittings: dict[str, int | None] = {}
    for row in held.values():
        if row["kind"] != "thematic" or row["series_id"] in linked_series:
            continue
        topic = json.loads(row["topic"]) if row["topic"] else {}
        if topic.get("plan_item_id") in item_ids:
            continue
        day = dt.date.fromisoformat(row["date"])
        combined = bool(row["sitting_id"])
        if combined:
            sittings[row["sitting_id"]] = row["sitting_order"]
        out.append(PlanItem(id="", kind="thematic", planned_date=day, quarter=quarter_of(day),
                            title=topic.get("title") or "", topic_group=topic.get("group"),
                            drafter_id=topic.get("drafter_id"), combined=combined,
                            combined_order=row["sitting_order"] if combined else None,
                            status="held", year=year, meeting_id=row["id"]))
    if sittings:
        for item in out:
            row = held.get(item.meeting_id) if item.kind == "regular" else None
            if row is not None and row["sitting_id"] in sittings:
                item.combined, item.combined_order = True, row["sitting_order"]
    return sorted(out, key=_sort_key)


def held_thematic_dates(store: Store, year: int) -> list[dt.date]:
    """Dates of the year's thematic meetings that were held (``year_meetings``: plan items
    marked held, on the day their meeting was held, and thematic meetings held outside the
    plan)."""
    return sorted({i.planned_date for i in year_meetings(store, year)
                   if i.kind == "thematic" and i.status == "held" and i.planned_date})


def thematic_compliance(store: Store, year: int, today: dt.date | None = None) -> dict[int, str]:
    """Per quarter: "held", "missing", "warn_last_month" or "pending" (``quarter_compliance``)."""
    today = today or dt.date.today()
    return quarter_compliance(year, held_thematic_dates(store, year), today,
                              since=records_start(store, today))
