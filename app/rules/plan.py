"""Checks of a cell's year plan: regular and thematic meetings (Kế hoạch 489-KH/ĐU ngày 22/3/2024).

Pure data in, warnings out; the store turns its rows into these dataclasses.
"""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from app.i18n import N_, _, format_date
from app.rules.calendar import DayRule, DaysOff, meeting_day
from app.rules.cell_rules import COMBINED_MINUTES
from app.vntext import nfc

KINDS = ("regular", "thematic")
PLAN_STATUSES = ("planned", "draft_sent", "held", "cancelled")
COMBINED_MIN_MINUTES = COMBINED_MINUTES


@dataclass(frozen=True)
class TopicGroup:
    id: str
    name: str  # English msgid; show with ``_(group.name)``


# The eight groups of thematic topics (seed plan, "Nội dung sinh hoạt chi bộ chuyên đề").
TOPIC_GROUPS: tuple[TopicGroup, ...] = (
    TopicGroup("ho_chi_minh", N_("Studying and following Hồ Chí Minh's thought, morality and style")),
    TopicGroup("theory_skills", N_("Raising political theory, professional skills and work capacity")),
    TopicGroup("directives", N_("Implementing the Party's directives, resolutions and rules and the "
                                "State's laws")),
    TopicGroup("degradation", N_("Preventing ideological, moral and lifestyle degradation, "
                                 "\"self-evolution\" and \"self-transformation\"")),
    TopicGroup("party_building", N_("Party building; fighting corruption, waste, negativity and "
                                    "bureaucracy")),
    TopicGroup("professional", N_("Quality and effectiveness of professional work")),
    TopicGroup("traditions", N_("Education in revolutionary traditions and the unit's traditions")),
    TopicGroup("other", N_("Other topics suited to the cell")),
)
TOPIC_GROUP_IDS = tuple(g.id for g in TOPIC_GROUPS)


def topic_group_name(group_id: str) -> str:
    """The translated name of a topic group (the id itself when unknown)."""
    for group in TOPIC_GROUPS:
        if group.id == group_id:
            return _(group.name)
    return group_id


@dataclass(frozen=True)
class MemberStatus:
    """What the plan and e-handbook rules need to know about a member.

    A member belongs to the cell from ``joined_on`` (None: before any date of interest) until the day
    before ``left_on`` (None: still a member). ``exempt`` lists exemption periods
    (first day, last day) with both days included; a last day of None means open-ended.
    """

    id: str
    name: str = ""
    joined_on: _dt.date | None = None
    left_on: _dt.date | None = None
    exempt: tuple[tuple[_dt.date, _dt.date | None], ...] = ()

    def is_member_on(self, day: _dt.date) -> bool:
        return ((self.joined_on is None or self.joined_on <= day)
                and (self.left_on is None or day < self.left_on))

    def is_exempt_on(self, day: _dt.date) -> bool:
        return any(start <= day and (end is None or day <= end) for start, end in self.exempt)


@dataclass
class PlannedMeeting:
    """One line of the year plan.

    ``quarter`` is used only when there is no ``planned_date``. A combined item shares its sitting
    with the other combined item(s) planned on the same date; ``combined_order`` is its place in it
    (1 = first). ``off_rule_reason`` explains a regular meeting planned on another day than the rule's.
    """

    id: str
    kind: str  # "regular" | "thematic"
    planned_date: _dt.date | None = None
    quarter: int | None = None
    title: str = ""
    topic_group: str | None = None
    drafter_id: str | None = None
    combined: bool = False
    combined_order: int | None = None
    status: str = "planned"  # planned | draft_sent | held | cancelled
    cancel_reason: str | None = None
    off_rule_reason: str | None = None

    def quarter_of(self) -> int | None:
        if self.planned_date is not None:
            return quarter_of(self.planned_date)
        return self.quarter

    @property
    def active(self) -> bool:
        return self.status != "cancelled"


@dataclass(frozen=True)
class PlanWarning:
    """A finding about the plan. ``level`` is "warning" or "info" (nothing wrong, a reminder)."""

    code: str
    message: str
    quarter: int | None = None
    item_id: str | None = None
    level: str = "warning"


def quarter_of(day: _dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_months(quarter: int) -> tuple[int, int, int]:
    first = 3 * (quarter - 1) + 1
    return first, first + 1, first + 2


def _quarter_end(year: int, quarter: int) -> _dt.date:
    last_month = 3 * quarter
    if last_month == 12:
        return _dt.date(year, 12, 31)
    return _dt.date(year, last_month + 1, 1) - _dt.timedelta(days=1)


def plan_warnings(year: int, items: Iterable[PlannedMeeting],
                  members_by_id: Mapping[str, MemberStatus], today: _dt.date | None = None, *,
                  rule: DayRule | None = None, days_off: DaysOff | None = None,
                  combined_minutes: int = COMBINED_MIN_MINUTES) -> list[PlanWarning]:
    """Warnings about a year plan, in a stable order (quarters, then items by date).

    Checks: a quarter with no thematic meeting (cancelled ones do not count); a thematic meeting with
    no drafter, or whose drafter has left, is exempted or unknown on the planned date (``today`` when
    undated); each combined sitting (information: ≥ ``combined_minutes`` together, one after the
    other, never interleaved) and a combined item with no partner; a regular meeting planned on
    another day than the rule's with no reason, or in a month where the rule gives no day.
    """
    today = today or _dt.date.today()
    rule = rule or DayRule()
    days_off = days_off or DaysOff()
    mine = [i for i in items if i.planned_date is None or i.planned_date.year == year]
    mine.sort(key=lambda i: (i.planned_date or _dt.date(year, 12, 31), i.combined_order or 0, i.id))
    out: list[PlanWarning] = []

    thematic_quarters = {i.quarter_of() for i in mine if i.kind == "thematic" and i.active}
    for q in (1, 2, 3, 4):
        if q not in thematic_quarters:
            out.append(PlanWarning(
                "no_thematic", _("Quarter {q}: no thematic meeting planned (at least one per quarter).")
                .format(q=q), quarter=q))

    for item in mine:
        if item.kind == "thematic" and item.active and item.status != "held":
            out.extend(_drafter_warnings(item, members_by_id, today))
        if item.kind == "regular" and item.active:
            out.extend(_rule_warnings(year, item, rule, days_off))

    out.extend(_sitting_warnings(mine, combined_minutes))
    return out


def _label(item: PlannedMeeting) -> str:
    title = nfc(item.title) or _("untitled thematic meeting")
    when = format_date(item.planned_date) if item.planned_date else _("date not set")
    return f"“{title}” ({when})"


def _drafter_warnings(item: PlannedMeeting, members: Mapping[str, MemberStatus],
                      today: _dt.date) -> list[PlanWarning]:
    q = item.quarter_of()
    if not item.drafter_id:
        return [PlanWarning("no_drafter", _("{item}: no member assigned to draft the topic.")
                            .format(item=_label(item)), q, item.id)]
    member = members.get(item.drafter_id)
    if member is None:
        return [PlanWarning("drafter_unknown", _("{item}: the drafter is not in the member list.")
                            .format(item=_label(item)), q, item.id)]
    day = item.planned_date or today
    name = nfc(member.name) or member.id
    if not member.is_member_on(day):
        return [PlanWarning("drafter_left",
                            _("{item}: the drafter {name} is no longer a member of the cell on {day}.")
                            .format(item=_label(item), name=name, day=format_date(day)), q, item.id)]
    if member.is_exempt_on(day):
        return [PlanWarning("drafter_exempt",
                            _("{item}: the drafter {name} is exempted from party work on {day}.")
                            .format(item=_label(item), name=name, day=format_date(day)), q, item.id)]
    return []


def _rule_warnings(year: int, item: PlannedMeeting, rule: DayRule,
                   days_off: DaysOff) -> list[PlanWarning]:
    if item.planned_date is None or nfc(item.off_rule_reason):
        return []
    day = item.planned_date
    scheduled = meeting_day(year, day.month, rule, days_off)
    q = quarter_of(day)
    if scheduled.date is None:
        return [PlanWarning("conflict_no_reason",
                            _("Regular meeting on {day}: days {base} to {latest} of the month are all "
                              "days off; record the reason for the chosen date.")
                            .format(day=format_date(day), base=rule.base_day,
                                    latest=rule.latest_day), q, item.id)]
    if day != scheduled.date:
        return [PlanWarning("off_rule_no_reason",
                            _("Regular meeting on {day} instead of the rule's day {rule_day}, with "
                              "no reason.").format(day=format_date(day),
                                                   rule_day=format_date(scheduled.date)), q, item.id)]
    return []


def _sitting_warnings(items: list[PlannedMeeting], minutes: int) -> list[PlanWarning]:
    sittings: dict[_dt.date, list[PlannedMeeting]] = defaultdict(list)
    for item in items:
        if item.combined and item.active and item.planned_date is not None:
            sittings[item.planned_date].append(item)
    out: list[PlanWarning] = []
    for day in sorted(sittings):
        group = sittings[day]
        first = group[0]
        kinds = {i.kind for i in group}
        if kinds != {"regular", "thematic"}:
            out.append(PlanWarning(
                "combined_alone", _("{day}: a meeting is marked as combined but the sitting lacks a "
                                    "regular or a thematic meeting.").format(day=format_date(day)),
                quarter_of(day), first.id))
            continue
        orders = [i.combined_order for i in group]
        if None in orders or len(set(orders)) != len(orders):
            out.append(PlanWarning(
                "combined_order", _("{day}: give each meeting of the combined sitting its own place "
                                    "in the order.").format(day=format_date(day)),
                quarter_of(day), first.id))
        out.append(PlanWarning(
            "combined", _("{day}: regular and thematic meetings in one sitting: held one after the "
                          "other, never interleaved, at least {minutes} minutes in total.")
            .format(day=format_date(day), minutes=minutes),
            quarter_of(day), next((i.id for i in group if i.kind == "thematic"), first.id), "info"))
    return out


def quarter_compliance(year: int, held_thematic_dates: Iterable[_dt.date],
                       today: _dt.date, since: _dt.date | None = None) -> dict[int, str]:
    """For each quarter: "held", "missing" (ended without one), "warn_last_month" (in its last
    month without one), "pending" (not yet due) or "before_records" (it ended before
    ``since``, the day the cell's records begin: nothing before that counts as missed)."""
    held = {quarter_of(d) for d in held_thematic_dates if d.year == year}
    out: dict[int, str] = {}
    for q in (1, 2, 3, 4):
        if q in held:
            out[q] = "held"
        elif since is not None and _quarter_end(year, q) < since:
            out[q] = "before_records"
        elif today > _quarter_end(year, q):
            out[q] = "missing"
        elif today.year == year and today.month == quarter_months(q)[2]:
            out[q] = "warn_last_month"
        else:
            out[q] = "pending"
    return out


QUARTER_STATUS_LABELS = {
    "held": N_("Thematic meeting held"),
    "missing": N_("No thematic meeting held"),
    "pending": N_("Thematic meeting not yet due"),
    "warn_last_month": N_("Last month of the quarter: no thematic meeting held yet"),
    "before_records": N_("Before the cell's records in chibo"),
}
