"""Computed criteria: measures taken from the meeting record, and the facts caps and forced
ratings refer to.

Each source returns a :class:`Measure`: a value on a 0–100 scale (a percentage or a share of a
checklist) and a short explanation for the secretary. How a value becomes points (bands or a
proportional share of the criterion's maximum) is rubric data, not code.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Callable

from app.i18n import N_, _, language
from app.rules.facts import meeting_facts
from app.rules.cell_rules import COMBINED_MINUTES, REGULAR_MINUTES, passes
from app.vntext import nfc


@dataclass(frozen=True)
class Measure:
    value: float  # 0..100
    facts: str


def fmt_num(x: float, digits: int = 1) -> str:
    """12 → "12", 91.30 → "91,3" (Vietnamese decimal comma), 2.5 → "2,5"."""
    text = f"{round(float(x), digits):.{digits}f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if language() == "vi" else text


def _share(done: float, total: int) -> float:
    return 100.0 * done / total if total else 100.0


def _date(text) -> _dt.date | None:
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _fmt_date(day: _dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"


# --- checklists ----------------------------------------------------------------------------
# source → item id → (label, test(record, params) -> bool). Labels are shown in the facts.

def _prep(record) -> dict:
    return record.get("preparation") or {}


def _documents_in_time(record, params) -> bool:
    sent = _date(_prep(record).get("documents_sent"))
    if sent is None:
        return False
    days = int(_param(params, "documents_days_before") or 0)
    meeting = _date(record.get("date"))
    return meeting is None or sent <= meeting - _dt.timedelta(days=days)


def _closing(record) -> dict:
    return record.get("closing") or {}


def _attendance_reported(record, params) -> bool:
    att = record.get("attendance") or {}
    return att.get("present") is not None and att.get("base") is not None


def _fact(name: str) -> Callable[[dict, dict], bool]:
    """An item that is one of the procedure's facts (``app.rules.facts``): one vocabulary."""
    return lambda r, p: meeting_facts(r)[name]


CHECKLISTS: dict[str, dict[str, tuple[str, Callable[[dict, dict], bool]]]] = {
    "preparation": {
        "content": (N_("content prepared by the secretary or deputy"), _fact("content_prepared")),
        "draft": (N_("draft resolution or conclusion"), _fact("draft_prepared")),
        "committee": (N_("committee met beforehand"), _fact("committee_met")),
        "notice": (N_("notice sent"), _fact("notice_sent")),
        # scoring's own: sent the rubric's number of days before the meeting
        "documents": (N_("documents sent in advance"), _documents_in_time),
    },
    "opening_steps": {
        "purpose": (N_("purpose stated"), _fact("purpose_stated")),
        "minute_taker": (N_("minute-taker appointed"), _fact("minute_taker_set")),
        # scoring's own: the figures were reported (the procedure's fact wants no one left uncalled)
        "attendance_reported": (N_("attendance reported"), _attendance_reported),
        "agenda_approved": (N_("agenda approved"), _fact("agenda_approved")),
    },
    "proceedings_steps": {
        "report": (N_("secretary's report"), _fact("report_given")),
        "discussion": (N_("members' discussion"), _fact("has_speeches")),
        "orientation": (N_("information and orientation"), lambda r, p: bool(nfc(r.get("orientation")))),
    },
    # The closing steps as recorded in the record's ``closing`` (derived or ticked by hand).
    "closing_steps": {
        "summary_done": (N_("opinions summarised"), lambda r, p: bool(_closing(r).get("summary_done"))),
        "tasks_assigned": (N_("tasks assigned"), lambda r, p: bool(_closing(r).get("tasks_assigned"))),
        "orientation_done": (N_("members oriented, proposals handled"),
                             lambda r, p: bool(_closing(r).get("orientation_done"))),
        "resolution_passed": (N_("resolution or conclusion passed"),
                              lambda r, p: bool(_closing(r).get("resolution_passed"))),
        "scored": (N_("meeting scored"), lambda r, p: bool(_closing(r).get("scored"))),
        "minutes_read": (N_("minutes read back"), _fact("minutes_read")),
    },
}


def _checklist(source: str) -> Callable[[dict, dict], Measure]:
    def measure(record: dict, params: dict) -> Measure:
        items = params.get("items") or list(CHECKLISTS[source])
        done, missing = [], []
        for item in items:
            label, test = CHECKLISTS[source][item]
            (done if test(record, params) else missing).append(_(label))
        facts = _("Done {done}/{total}").format(done=len(done), total=len(items))
        if done:
            facts += ": " + ", ".join(done)
        if missing:
            facts += "; " + _("not done: {items}").format(items=", ".join(missing))
        return Measure(_share(len(done), len(items)), facts)
    return measure


# --- measures ------------------------------------------------------------------------------

def attendance_rate(record: dict, params: dict) -> Measure:
    att = record.get("attendance") or {}
    base, present = att.get("base") or 0, att.get("present") or 0
    rate = 100.0 * present / base if base else float(att.get("rate") or 0)
    unexcused = [nfc(n) for n in att.get("absent_without_reason") or []]
    facts = _("Present {present}/{base} ({rate}%)").format(
        present=present, base=base, rate=fmt_num(rate))
    if unexcused:
        facts += ", " + _("absent without reason: {n} ({names})").format(
            n=len(unexcused), names=", ".join(unexcused))
    else:
        facts += ", " + _("no one absent without reason")
    return Measure(rate, facts)


def meeting_day(record: dict, params: dict) -> Measure:
    day, rule = _date(record.get("date")), _date(record.get("rule_date"))
    reason = nfc(record.get("off_rule_reason"))
    if day is not None and day == rule:
        return Measure(100.0, _("Met on {date}, the day the rule sets").format(date=_fmt_date(day)))
    if rule is None:   # e.g. the 3rd–5th are all days off
        facts = _("Met on {date}; the rule gives no day this month").format(date=_fmt_date(day))
    else:
        facts = _("Met on {date}; the rule sets {rule}").format(date=_fmt_date(day), rule=_fmt_date(rule))
    if reason:
        share = float(_param(params, "reason_share"))
        return Measure(share, facts + "; " + _("reason: {reason}").format(reason=reason))
    return Measure(0.0, facts + "; " + _("no reason given"))


def duration(record: dict, params: dict) -> Measure:
    """Minutes against the minimum: a combined sitting counts its total against the higher one."""
    sitting = record.get("sitting")
    if sitting:
        minutes = sitting.get("total_minutes") or 0
        required = float(_param(params, "combined_min_minutes"))
        facts = _("Combined sitting: {minutes} minutes in total (minimum {required})")
    else:
        minutes = record.get("duration_minutes") or 0
        required = float(_param(params, "min_minutes"))
        facts = _("{minutes} minutes (minimum {required})")
    facts = facts.format(minutes=minutes, required=fmt_num(required))
    if minutes < required and nfc(record.get("short_reason")):
        facts += "; " + _("reason: {reason}").format(reason=nfc(record.get("short_reason")))
    return Measure(min(100.0, _share(minutes, int(required)) if required else 100.0), facts)


def speakers_share(record: dict, params: dict) -> Measure:
    att = record.get("attendance") or {}
    present = att.get("present") or 0
    present_names = {nfc(n) for n in att.get("present_names") or []}
    speakers = {nfc(s.get("speaker")) for s in record.get("speeches") or [] if nfc(s.get("speaker"))}
    if present_names:  # guests' speeches do not count
        speakers &= present_names
    share = min(100.0, 100.0 * len(speakers) / present) if present else 0.0
    return Measure(share, _("{n}/{present} members present spoke ({share}%)").format(
        n=len(speakers), present=present, share=fmt_num(share)))


def self_criticism(record: dict, params: dict) -> Measure:
    kinds = {s.get("kind") for s in record.get("speeches") or []}
    held = [k for k in ("self_criticism", "criticism") if k in kinds]
    if len(held) == 2:
        return Measure(100.0, _("Self-criticism and criticism both held"))
    if held == ["self_criticism"]:
        return Measure(50.0, _("Self-criticism held, no criticism recorded"))
    if held == ["criticism"]:
        return Measure(50.0, _("Criticism held, no self-criticism recorded"))
    return Measure(0.0, _("No self-criticism or criticism recorded"))


def previous_tasks(record: dict, params: dict) -> Measure:
    """done = 1, partly = ½, not done = 0; no tasks listed means nothing was left undone."""
    tasks = record.get("previous_tasks") or []
    if not tasks:
        return Measure(100.0, _("No tasks were listed from the previous meeting"))
    done = sum(1 for t in tasks if t.get("outcome") == "done")
    partly = sum(1 for t in tasks if t.get("outcome") == "partly")
    share = _share(done + 0.5 * partly, len(tasks))
    if partly:
        facts = _("{done} of {total} tasks done, {partly} partly ({share}%)")
    else:
        facts = _("{done} of {total} tasks done ({share}%)")
    return Measure(share, facts.format(done=done, total=len(tasks), partly=partly, share=fmt_num(share)))


def _vote_base(record: dict, vote: dict) -> int:
    return vote.get("base") or (record.get("voting") or {}).get("base") or 0


def majority_rule(record: dict, params: dict) -> Measure:
    """Every vote's outcome follows Charter art. 9.5: passed exactly when for > base / 2."""
    votes = record.get("votes") or []
    if not votes:
        return Measure(0.0, _("No vote recorded"))
    wrong = []
    for v in votes:
        base = _vote_base(record, v)
        if bool(v.get("passed")) != passes(v.get("for") or 0, base):
            wrong.append(nfc(v.get("subject")))
    if wrong:
        return Measure(0.0, _("Outcome does not follow the majority rule: {subjects}").format(
            subjects="; ".join(wrong)))
    first = votes[0]
    return Measure(100.0, _("{n} vote(s) follow the majority rule; “{subject}”: {yes}/{base} for").format(
        n=len(votes), subject=nfc(first.get("subject")), yes=first.get("for") or 0,
        base=_vote_base(record, first)))


def probationary_excluded(record: dict, params: dict) -> Measure:
    """No vote counts more ballots than full (voting) members present: probationary members do not vote."""
    votes = record.get("votes") or []
    voters = (record.get("voting") or {}).get("present")
    if not votes:
        return Measure(100.0, _("No vote recorded"))
    if voters is None:
        return Measure(0.0, _("Number of voting members present not recorded"))
    over = [nfc(v.get("subject")) for v in votes
            if (v.get("for") or 0) + (v.get("against") or 0) + (v.get("abstain") or 0) > voters]
    if over:
        return Measure(0.0, _("More ballots than the {n} voting members present: {subjects}").format(
            n=voters, subjects="; ".join(over)))
    return Measure(100.0, _("Ballots within the {n} voting members present").format(n=voters))


SOURCES: dict[str, Callable[[dict, dict], Measure]] = {
    "attendance_rate": attendance_rate,
    "meeting_day": meeting_day,
    "duration": duration,
    "preparation": _checklist("preparation"),
    "opening_steps": _checklist("opening_steps"),
    "proceedings_steps": _checklist("proceedings_steps"),
    "closing_steps": _checklist("closing_steps"),
    "speakers_share": speakers_share,
    "self_criticism": self_criticism,
    "previous_tasks": previous_tasks,
    "majority_rule": majority_rule,
    "probationary_excluded": probationary_excluded,
}

# Numeric parameters of the computations and their values when a rubric does not set them.
PARAM_DEFAULTS: dict[str, float] = {
    "min_minutes": REGULAR_MINUTES,               # a regular or thematic meeting
    "combined_min_minutes": COMBINED_MINUTES,     # a regular and a thematic meeting in one sitting
    "documents_days_before": 0,
    "reason_share": 100,             # % of the points when off the day with a reason
}


def _param(params: dict, key: str):
    return params.get(key, PARAM_DEFAULTS[key])


# Parameters each source accepts (besides bands); validation rejects others.
SOURCE_PARAMS: dict[str, set[str]] = {
    "meeting_day": {"reason_share"},
    "duration": {"min_minutes", "combined_min_minutes"},
    "preparation": {"items", "documents_days_before"},
    "opening_steps": {"items"},
    "proceedings_steps": {"items"},
    "closing_steps": {"items"},
}


# --- facts (conditions of caps and forced ratings) -----------------------------------------

def _votes_passed(record: dict) -> bool:
    return any(v.get("passed") for v in record.get("votes") or [])


FACTS: dict[str, tuple[str, Callable[[dict], bool] | None]] = {
    "absent_without_reason": (N_("a member was absent without reason"),
                              lambda r: bool((r.get("attendance") or {}).get("absent_without_reason"))),
    "off_rule_day": (N_("met off the rule's day without a reason"),
                     lambda r: bool(r.get("date")) and r.get("date") != r.get("rule_date")
                     and not nfc(r.get("off_rule_reason"))),
    # From the procedure's facts (one vocabulary): ``record_facts`` passes them in.
    "minutes_not_read": (N_("the minutes were not read back"), None),
    "no_resolution_passed": (N_("no resolution or conclusion was passed"),
                             lambda r: not _votes_passed(r)),
    # Facts the record cannot show: the caller passes them as flags.
    "member_disciplined": (N_("a member was disciplined this month"), None),
    "serious_violation": (N_("the cell committed a serious violation"), None),
}


def record_facts(record: dict, flags: dict | None = None) -> dict[str, bool]:
    """Every known fact for this meeting; ``flags`` (e.g. ``{"member_disciplined": True}``) win."""
    out = {name: bool(test(record)) if test else False for name, (_label, test) in FACTS.items()}
    out["minutes_not_read"] = not meeting_facts(record)["minutes_read"]
    for name, value in (flags or {}).items():
        out[name] = bool(value)
    return out
