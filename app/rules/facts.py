"""Facts: named yes/no observations about a meeting that tick checklist items and gate steps.

A procedure file refers to facts by name (``auto``, ``require``, ``recommend``); a name outside
``FACTS`` is a validation error, which catches typos in a new guidance file. ``meeting_facts``
computes every fact from the meeting record (the dict shape in the brief); the caller may add
or override facts before passing them to the wizard.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from app.i18n import N_, _
from app.rules.attendance import Duration, assess_duration
from app.rules.cell_rules import CellRules

# fact -> label, phrased so that "Not done yet: {label}" reads well. Translated at use.
FACTS: dict[str, str] = {
    # preparation
    "content_prepared": N_("the content was prepared by the secretary or deputy"),
    "draft_prepared": N_("the draft resolution or conclusion was written"),
    "committee_met": N_("the cell committee met beforehand"),
    "notice_sent": N_("members were notified of the time, place and content"),
    "documents_sent": N_("documents were sent to members in advance"),
    "agenda_set": N_("the agenda was drawn up"),
    "previous_tasks_reviewed": N_("last meeting's tasks were reviewed"),
    # Hướng dẫn 42-HD/BTCTW (28/10/2025); secondary-sourced facts are listed in SECONDARY.
    "upper_notified": N_("the upper-committee member following the cell was notified"),
    "documents_on_handbook": N_("the meeting documents were on the e-handbook at least the "
                                "required days before"),
    "fee_reported": N_("the party-fee report was prepared for the opening"),
    "self_criticism_time": N_("members' thinking and self-criticism took the required time"),
    "final_on_handbook": N_("the final documents were on the e-handbook within the required "
                            "days after"),
    # opening
    "start_time_set": N_("the start time was recorded"),
    "purpose_stated": N_("the purpose was stated"),
    "minute_taker_set": N_("a minute-taker was appointed"),
    "attendance_reported": N_("the roll call was completed"),
    "agenda_approved": N_("the agenda was approved"),
    # proceedings
    "report_given": N_("the secretary's report was given"),
    "has_speeches": N_("members spoke"),
    "orientation_given": N_("the secretary gave information and orientation"),
    # closing
    "summary_given": N_("the opinions were summarised"),
    "tasks_assigned": N_("tasks were assigned"),
    "proposals_handled": N_("every proposal was resolved or forwarded"),
    "resolution_passed": N_("the resolution or conclusion was passed"),
    "scored": N_("the meeting was scored"),
    # read-back
    "end_time_set": N_("the end time was recorded"),
    "minutes_read": N_("the minutes were read back and approved"),
    "duration_ok": N_("the meeting lasted the minimum time"),
    "duration_explained": N_("the meeting lasted the minimum time, or a reason was recorded"),
    # thematic meeting
    "topic_planned": N_("the topic is in the year's plan"),
    "drafter_assigned": N_("a member was assigned to draft the topic"),
    "drafter_briefed": N_("the secretary briefed the drafter"),
    "draft_approved": N_("the draft was approved"),
    "draft_sent": N_("the draft was sent to members"),
    "topic_purpose_stated": N_("the secretary stated the topic's purpose"),
    "draft_presented": N_("the drafter presented the draft"),
    "drafter_response_given": N_("the drafter took the comments in"),
    "evaluation_given": N_("the secretary evaluated the topic"),
    "conclusion_given": N_("the conclusion was given"),
    "final_version_saved": N_("the final version of the topic was saved"),
    "final_sent": N_("the final topic was sent to members"),
    "reported_upward": N_("the topic was reported to the upper committee"),
}


# Facts known only from secondary copies of HD 42 (not confirmed against the official text).
SECONDARY = frozenset({"fee_reported", "self_criticism_time", "final_on_handbook"})


def fact_label(fact: str) -> str:
    """The translated label of a fact (the name itself for an unknown fact)."""
    return _(FACTS[fact]) if fact in FACTS else fact


def _day(value: Any) -> _dt.date | None:
    """A recorded ISO date, None when absent or damaged (a record may come from a bundle)."""
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _self_criticism_minutes(speeches: list) -> int | None:
    """Minutes of self-criticism and criticism, from the speeches' recorded seconds (None
    when no such speech has its length recorded)."""
    seconds = [s.get("seconds") for s in speeches
               if s.get("kind") in ("self_criticism", "criticism") and s.get("seconds")]
    return round(sum(seconds) / 60) if seconds else None


def _has(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def meeting_facts(record: Mapping[str, Any], rules: CellRules | None = None, *,
                  duration: Duration | None = None) -> dict[str, bool]:
    """Every fact of ``FACTS`` computed from a meeting record (missing keys count as not done).

    Thematic keys beyond the brief's record are a proposal: ``topic`` {``title``, ``group``,
    ``drafter``, ``in_plan``, ``briefing`` {``date``, ``notes``}, ``versions`` [{``date``,
    ``sha256``, ``final``}], ``approved``, ``sent``, ``final_sent``, ``reported``} and the
    top-level texts ``topic_purpose``, ``drafter_response``, ``evaluation``, ``conclusion``.
    The duration facts come from ``duration`` (the assessment's) or are judged here under
    ``rules`` (the defaults when not given).
    """
    r = record
    prep = r.get("preparation") or {}
    closing = r.get("closing") or {}
    attendance = r.get("attendance") or {}
    topic = r.get("topic") or {}
    versions = topic.get("versions") or []

    if duration is None:
        duration = assess_duration(r.get("kind") or "regular", r.get("start"), r.get("end"),
                                   rules or CellRules(), minutes=r.get("duration_minutes"),
                                   sitting=r.get("sitting"), short_reason=r.get("short_reason"))

    proposals = r.get("proposals") or []
    votes = r.get("votes") or []
    speeches = r.get("speeches") or []

    rules = rules or CellRules()
    day = _day(r.get("date"))
    facts = {
        "upper_notified": _has(prep.get("upper_notified")),
        "documents_on_handbook": day is not None and rules.handbook_before_ok(
            _day(prep.get("documents_on_handbook")), day),
        "fee_reported": _has(prep.get("fee_report")),
        "self_criticism_time": rules.self_criticism_ok(_self_criticism_minutes(speeches)),
        "final_on_handbook": day is not None and rules.handbook_after_ok(
            _day(r.get("final_on_handbook")), day),
        "content_prepared": _has(prep.get("content_by")),
        "draft_prepared": _has(prep.get("draft_done")),
        "committee_met": _has(prep.get("committee_met")),
        "notice_sent": _has(prep.get("notice_sent")),
        "documents_sent": _has(prep.get("documents_sent")),
        "agenda_set": _has(r.get("agenda")),
        "previous_tasks_reviewed": all(_has(t.get("outcome")) for t in r.get("previous_tasks") or []),
        "start_time_set": _has(r.get("start")),
        "purpose_stated": _has(r.get("purpose")),
        "minute_taker_set": _has(r.get("minute_taker")),
        # The store fills ``attendance`` once the roll call is complete (attendance_figures).
        "attendance_reported": _has(attendance) and not attendance.get("not_recorded"),
        "agenda_approved": _has(r.get("agenda_approved")),
        "report_given": _has(r.get("report")),
        "has_speeches": _has(speeches),
        "orientation_given": _has(r.get("orientation")) or _has(closing.get("orientation_done")),
        "summary_given": _has(r.get("summary")) or _has(closing.get("summary_done")),
        "tasks_assigned": _has(r.get("tasks")) or _has(closing.get("tasks_assigned")),
        "proposals_handled": all(_has(p.get("handling")) for p in proposals),
        "resolution_passed": any(v.get("passed") for v in votes) or _has(closing.get("resolution_passed")),
        "scored": _has(r.get("score")) or _has(closing.get("scored")),
        "end_time_set": _has(r.get("end")),
        "minutes_read": _has(r.get("read_back")) or _has(closing.get("minutes_read")),
        "duration_ok": duration.ok,
        "duration_explained": duration.ok or (not duration.error and _has(r.get("short_reason"))),
        "topic_planned": _has(topic.get("in_plan")),
        "drafter_assigned": _has(topic.get("drafter")),
        "drafter_briefed": _has((topic.get("briefing") or {}).get("date")),
        "draft_approved": _has(topic.get("approved")),
        "draft_sent": _has(topic.get("sent")),
        "topic_purpose_stated": _has(r.get("topic_purpose")),
        "draft_presented": _has(r.get("draft_presented")) or (_has(topic.get("drafter")) and any(
            s.get("speaker") == topic.get("drafter") for s in speeches)),
        "drafter_response_given": _has(r.get("drafter_response")),
        "evaluation_given": _has(r.get("evaluation")),
        "conclusion_given": _has(r.get("conclusion")) or _has((r.get("resolution") or {}).get("text")),
        "final_version_saved": any(v.get("final") for v in versions),
        "final_sent": _has(topic.get("final_sent")),
        "reported_upward": _has(topic.get("reported")),
    }
    return facts
