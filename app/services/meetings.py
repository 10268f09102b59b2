"""Creating a meeting: the date checked against the rule's day, the year plan linked, the
procedure's default agenda and purpose text set, all in one transaction.

A refusal is a ``NewMeetingError``: a code and its parameters, made into a sentence only when
shown (``message(lang)``; ``str()`` gives it in the UI language). Nothing is written then.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from app import follow_up, i18n, meetings, planning, thematic
from app.cell import get_cell
from app.i18n import N_
from app.rules.cell_rules import OFF_RULE_CATEGORIES
from app.session import MeetingSession
from app.vntext import nfc

# combined: a regular and a thematic meeting in one sitting
KINDS = ("regular", "thematic", "combined")

_MESSAGES = {
    "no_date": N_("Enter the date of the meeting."),
    "no_cell": N_("Create the cell first."),
    "unknown_kind": N_("Unknown kind of meeting “{kind}”."),
    "reason_needed": N_("{day} is not the rule's day ({rule_day}): enter the reason for the "
                        "other date."),
    "title_needed": N_("Enter the topic's title."),
    "plan_item_taken": N_("This line of the year plan already has its meeting."),
    "unknown_category": N_("Unknown category of reason “{category}”."),
}


class NewMeetingError(ValueError):
    """Why a meeting was not created: ``code`` (a key of ``_MESSAGES``) and ``params``."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code, params)
        self.code, self.params = code, params

    def message(self, lang: str | None = None) -> str:
        gettext = i18n.translator(lang) if lang else i18n._
        values = {k: i18n.format_date(v, lang) if isinstance(v, dt.date) else v
                  for k, v in self.params.items()}
        return gettext(_MESSAGES[self.code]).format(**values)

    def __str__(self) -> str:
        return self.message()


def rule_date(store, day: dt.date) -> dt.date | None:
    """The rule's day of the regular meeting in ``day``'s month (None in a conflict month)."""
    for month in planning.schedule(store, day.year):
        if month.month == day.month:
            return month.date
    return None


def new_meeting(store, day: dt.date | None, kind: str = "regular", reason: str | None = None,
                plan_item_id: str | None = None, *, title: str = "", group: str | None = None,
                drafter_id: str | None = None, thematic_first: bool = False,
                reason_category: str | None = None) -> str:
    """Create a meeting on ``day`` and return its id (for a combined sitting: the part held
    first).

    A regular meeting (also the regular part of a sitting) on another day than the rule's needs
    ``reason`` and may take ``reason_category`` (a code of ``OFF_RULE_CATEGORIES``: only a
    force-majeure one excuses a date after the latest day in the model-cell evaluation); it is
    linked to ``plan_item_id`` when given (a regular line of the plan, whose
    rule day, place and recorded reason it takes), else to its month's free regular line. A
    thematic meeting (also the thematic part of a sitting) takes ``title``, ``group`` and
    ``drafter_id``, and is linked to ``plan_item_id`` (a thematic line). Every part starts with
    the procedure's default agenda and purpose text.
    """
    if day is None:
        raise NewMeetingError("no_date")
    if kind not in KINDS:
        raise NewMeetingError("unknown_kind", kind=kind)
    if get_cell(store) is None:
        raise NewMeetingError("no_cell")
    item = planning.get_plan_item(store, plan_item_id) if plan_item_id else None
    if item is not None and item.meeting_id:
        raise NewMeetingError("plan_item_taken")
    regular_item = item if item is not None and item.kind == "regular" else None
    thematic_item_id = item.id if item is not None and item.kind == "thematic" else None
    reason = nfc(reason or "") or (regular_item.off_rule_reason if regular_item else "") or ""
    rule = None
    if kind != "thematic":
        rule = regular_item.rule_date if regular_item else rule_date(store, day)
        if rule and day != rule and not reason:
            raise NewMeetingError("reason_needed", day=day, rule_day=rule)
    if reason_category is not None and reason_category not in OFF_RULE_CATEGORIES:
        raise NewMeetingError("unknown_category", category=reason_category)
    if kind != "regular" and not nfc(title):
        raise NewMeetingError("title_needed")
    topic = dict(title=title, group=group, drafter_id=drafter_id, plan_item_id=thematic_item_id)
    with store.atomic():
        if kind == "regular":
            place = (regular_item.place or None) if regular_item else None
            first = regular = meetings.create_meeting(store, day, rule_date=rule, place=place)
        elif kind == "thematic":
            first = thematic.create_thematic(store, day, **topic)
            regular = None
        else:
            _sitting, regular, them = thematic.create_combined_sitting(
                store, day, thematic_first=thematic_first, rule_date=rule, **topic)
            first = them if thematic_first else regular
        if regular:
            if reason:
                meetings.update(store, regular, off_rule_reason=reason)
                if reason_category:
                    follow_up.set_off_rule_category(store, regular, reason_category)
            if regular_item is not None:
                planning.update_plan_item(store, regular_item.id, meeting_id=regular)
            else:
                _link_month(store, regular, day)
        for part in meetings.sitting_parts(store, first):
            _prepare(store, part)
    return first


def _link_month(store, meeting_id: str, day: dt.date) -> None:
    """Link a regular meeting to its month's line of the year plan (if still free)."""
    for item in planning.ensure_year_plan(store, day.year):
        if item.kind == "regular" and item.month == day.month and not item.meeting_id:
            planning.update_plan_item(store, item.id, meeting_id=meeting_id)


def _prepare(store, meeting_id: str) -> None:
    """A new meeting starts with the procedure's default agenda and purpose text."""
    session = MeetingSession(store, meeting_id)
    meetings.set_agenda(store, meeting_id, session.default_agenda())
    meetings.update(store, meeting_id, purpose=session.purpose_text())
