"""Rule messages: the rules return codes with parameters; this turns them into text.

Stored and exported data keep ``{"code": …, "params": {…}}``; the UI, the CLI and the documents
call ``render`` in the reader's language, so a record written with an English UI reads in
Vietnamese at the office. Numbers are formatted when rendered (85,5 in Vietnamese).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from app.i18n import N_, language, translator

TEMPLATES: dict[str, str] = {
    # attendance (warnings beside the figures, never blocking)
    "empty_base": N_("No member is expected at this meeting."),
    "low_rate": N_("Attendance {rate}% is at or below {min}%."),
    "absent_no_reason": N_("Absent without a reason: {names}."),
    "roll_incomplete": N_("Not yet in the roll call: {names}."),
    "no_majority": N_("Only {present} of {base} voting members are present: no resolution can "
                      "pass (at least {needed} votes for are needed)."),
    "reason_streak": N_("{name} has been absent with a reason {count} times in a row this year."),
    # votes
    "vote_negative": N_("Vote counts cannot be negative."),
    "vote_too_many": N_("{total} votes counted but only {present} voting members are present."),
    "vote_present_over_base": N_("More voting members present ({present}) than in the voting "
                                 "base ({base})."),
    "vote_passed": N_("For {for_}/{base} (more than half of the voting members): passed"),
    "vote_not_passed": N_("For {for_}/{base} (not more than half of the voting members, "
                          "at least {needed} needed): not passed"),
    # a new signing key's passphrase (app.documents.keys.passphrase_problem)
    "passphrase_weak": N_("The passphrase must have at least {n} characters and not repeat a "
                          "single character; a short sentence you remember is best."),
    # times and durations
    "time_invalid": N_("“{value}” is not a time (HH:MM)."),
    "past_midnight": N_("A meeting cannot run past midnight."),
    "end_before_start": N_("The end time {end} is before the start time {start}."),
    "duration_ok": N_("{minutes} minutes: long enough (minimum {required})"),
    "duration_short": N_("{minutes} minutes, shorter than the minimum of {required}: "
                         "record a reason"),
    "duration_short_combined": N_("{minutes} minutes, shorter than the minimum of {required} "
                                  "for a combined sitting: record a reason"),
    "sitting_times_missing": N_("Record the start and end of every part of the sitting."),
    # finalisation
    "locked": N_("This meeting is finalised and cannot be changed; make a corrected version "
                 "instead."),
    "start_missing": N_("Record the start time."),
    "end_missing": N_("Record the end time."),
    "short_no_reason": N_("The meeting was shorter than the minimum: record a reason."),
    "sitting_interleaved": N_("The parts of a combined sitting must follow one another: "
                              "one part starts before the other has ended."),
    "minute_taker_missing": N_("Appoint the minute-taker."),
    "not_read_back": N_("The minutes must be read back and approved first."),
    "agenda_conclusion_missing": N_("Record the chair's conclusion on: {items}."),
    # the score and the cell's vote on it
    "score_changed_since_vote": N_("The score the cell voted on was {voted_total} "
                                   "({voted_rating}); with the meeting's final facts it is "
                                   "{total} ({rating}). The cell must vote again on the new "
                                   "score (Scoring step) before the minutes are finalised."),
    "score_vote_not_on_score": N_("The vote counts were entered before the score was complete: "
                                  "record the cell's vote on the score {total} ({rating}) "
                                  "(Scoring step)."),
    "score_not_on_final_record": N_("The score counts on an end time of {planned_end} and on the "
                                    "minutes {planned_read_back}, but the record says {end} and "
                                    "{read_back}: score again on the final record."),
    "score_sitting_end_not_stated": N_(
        "This is part {order} of a combined sitting and the sitting has not ended: state the "
        "planned end of the whole sitting (with the thematic part) on the Scoring step; the "
        "duration is scored on the sitting's total."),
    "sitting_end_changes_voted_score": N_(
        "The sitting ended at {end} ({minutes} minutes in all), but the score of part {order} "
        "was voted on with the sitting planned to end at {planned_end}: on the actual sitting "
        "it is {total} ({rating}), not the {voted_total} ({voted_rating}) the cell voted on, "
        "and that part is finalised. If the end time entered here is wrong, correct it. If it "
        "is right, correct (amend) the minutes of part {order}: score them again on the actual "
        "sitting and let the cell vote again on the new score; then finalise this part."),
    # the cell's settings
    "setting_minutes_range": N_("The minimum duration must be a whole number of minutes from "
                                "{low} to {high}: “{value}”."),
    "setting_rate_range": N_("The attendance threshold must be a percentage from {low} to "
                             "{high}: “{value}”."),
}


# Categories of the reason a regular meeting is off the rule's day (app.rules.cell_rules).
CATEGORY_LABELS: dict[str, str] = {
    "natural_disaster": N_("Natural disaster (storm, flood)"),
    "epidemic": N_("Epidemic"),
    "upper_directive": N_("Directive of the upper committee"),
    "emergency_duty": N_("Urgent political task of the unit"),
    "public_event": N_("Major national or local event"),
    "day_off": N_("The rule's day is a day off"),
    "other": N_("Other reason (not force majeure)"),
}


def category_label(code: str | None, lang: str | None = None) -> str:
    """The translated label of an off-rule category (the code itself when unknown)."""
    if code not in CATEGORY_LABELS:
        return code or ""
    return translator(lang or language())(CATEGORY_LABELS[code])


def number(value: Any, lang: str | None = None) -> str:
    """85.0 -> "85", 91.3 -> "91,3" in Vietnamese ("91.3" in English); None -> "-"."""
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if (lang or language()) == "vi" else text


# Yes/no parameters read as words (the only ones today: whether minutes were read back).
_BOOL_WORDS = {True: N_("read back"), False: N_("not read back")}


def _param(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return translator(lang)(_BOOL_WORDS[value])
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return number(value, lang)
    return str(value)


def render(code: str, params: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The message of ``code`` in ``lang`` (the UI language by default). An unknown code (from
    a newer version) reads as the code itself rather than failing."""
    lang = lang or language()
    template = TEMPLATES.get(code)
    if template is None:
        return code
    gettext: Callable[[str], str] = translator(lang)
    values = {k: _param(v, lang) for k, v in (params or {}).items()}
    try:
        return gettext(template).format(**values)
    except (KeyError, IndexError, ValueError):
        return gettext(template)


@dataclass(frozen=True)
class Problem:
    """A rule's finding: a code and its parameters, never a sentence."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.params)

    def text(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang)

    def as_json(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Problem":
        return cls(str(data.get("code") or ""), dict(data.get("params") or {}))


def stored(problem: Problem) -> str:
    """The text form kept in a database column (JSON with the code and parameters)."""
    return json.dumps(problem.as_json(), ensure_ascii=False, sort_keys=True)


def read_stored(value: str | None, lang: str | None = None) -> str:
    """A stored message in ``lang``: JSON codes are rendered; rows written before codes were
    stored hold a sentence, which is shown as it is."""
    problem = parse_stored(value)
    return problem.text(lang) if problem else (value or "")


def parse_stored(value: str | None) -> Problem | None:
    """The ``Problem`` in a stored column, or None for a plain sentence (older rows) or blank."""
    if not value or not value.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        return None
    return Problem.from_json(data)
