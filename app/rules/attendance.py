"""Attendance, the voting base, vote results and meeting durations (Hướng dẫn 12-HD/BTCTW
ngày 06/7/2018; Điều lệ Đảng, điều 9.5).

Decisions where the sources are silent (all documented in the tests too):

* The **attendance base** is the members on the roll minus exempted members and members meeting
  elsewhere temporarily; probationary members and members meeting here temporarily are in it.
  An exempted member (or one meeting elsewhere) who comes anyway is listed as *present, not
  counted*: not in the base, not in ``present``, so the rate never exceeds 100%.
* The **voting base** (Charter art. 9.5): full members summoned − exempted members who are absent
  − members meeting elsewhere − members officially excused who are absent. So an exempted full
  member who comes is in the voting base and votes. Probationary members never vote. Members
  meeting here temporarily do not vote here by default (``temporary_vote=False``: they vote in
  their own cell; unverified, hence a parameter).
* The **rate** is rounded half-up to one decimal for display; the threshold compares the exact
  proportion (85% exactly warns, anything above does not).
* Absences with a reason "more than ``max_reason_streak`` times in a row": the streak counts this
  meeting and the member's earlier meetings of the year (``history``), so it warns at the
  meeting that breaks the limit and at each further one.

Nothing here blocks the meeting except ``vote_result`` errors (impossible counts) and
``duration_check`` errors (impossible times): everything else is a warning.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping, Sequence

from app.i18n import _
from app.rules.cell_rules import (ATTENDANCE_RATE, COMBINED_MINUTES, MAX_REASON_STREAK, CellRules,
                                  REGULAR_MINUTES, passes, rate_good, votes_needed)
from app.rules.messages import Problem, render
from app.vntext import name_sort_key, nfc

FULL, PROBATIONARY = "full", "probationary"
PRESENT, ABSENT_REASON, ABSENT_NO_REASON = "present", "absent_reason", "absent_no_reason"
STATUSES = (PRESENT, ABSENT_REASON, ABSENT_NO_REASON)


@dataclass(frozen=True)
class Member:
    """A member as seen on the meeting date."""
    id: str
    name: str
    party_status: str = FULL          # "full" | "probationary"
    exempted: bool = False            # exempted from party work and meetings
    elsewhere: bool = False           # meeting temporarily in another cell
    temporary_here: bool = False      # from another cell, meeting here temporarily
    excused: bool = False             # officially excused from this meeting (voting base)

    def __post_init__(self):
        if self.party_status not in (FULL, PROBATIONARY):
            raise ValueError(_("Unknown party status “{status}”.").format(status=self.party_status))


@dataclass(frozen=True)
class Presence:
    status: str                       # "present" | "absent_reason" | "absent_no_reason"
    reason: str = ""
    late: str | None = None           # arrival time "HH:MM"
    left_early: str | None = None     # departure time "HH:MM"

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(_("Unknown attendance status “{status}”.").format(status=self.status))


@dataclass(frozen=True)
class RuleWarning:
    """A warning shown beside the figures; never blocking. ``message`` is rendered on reading,
    in the reader's language (``app.rules.messages``)."""
    code: str
    params: Mapping = field(default_factory=dict)
    names: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return render(self.code, self.params)

    def as_json(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class Figures:
    on_roll: int
    base: int
    present: int
    rate: float | None                # percent, 1 decimal; None when the base is empty
    full: int                         # full members of this cell (not temporary)
    probationary: int                 # probationary members of this cell (not temporary)
    temporary: int                    # members meeting here temporarily
    voting_base: int
    voting_present: int
    present_names: tuple[str, ...] = ()
    present_not_counted: tuple[str, ...] = ()   # exempted / elsewhere members who came anyway
    absent_with_reason: tuple[tuple[str, str], ...] = ()
    absent_without_reason: tuple[str, ...] = ()
    not_recorded: tuple[str, ...] = ()          # in the base but not yet in the roll call
    exempted: tuple[str, ...] = ()
    elsewhere: tuple[str, ...] = ()
    late: tuple[tuple[str, str], ...] = ()
    left_early: tuple[tuple[str, str], ...] = ()
    warnings: tuple[RuleWarning, ...] = field(default=())

    @property
    def votes_needed(self) -> int:
        """The smallest number of votes for that passes a resolution."""
        return votes_needed(self.voting_base)

    def as_record(self) -> dict:
        """The ``attendance`` and ``voting`` parts of the meeting record."""
        return {
            "attendance": {
                "on_roll": self.on_roll, "base": self.base, "present": self.present,
                "rate": self.rate, "full": self.full, "probationary": self.probationary,
                "temporary": self.temporary, "present_names": list(self.present_names),
                "present_not_counted": list(self.present_not_counted),
                "absent_with_reason": [{"name": n, "reason": r} for n, r in self.absent_with_reason],
                "absent_without_reason": list(self.absent_without_reason),
                "not_recorded": list(self.not_recorded),
                "exempted": list(self.exempted), "elsewhere": list(self.elsewhere),
                "late": [{"name": n, "time": t} for n, t in self.late],
                "left_early": [{"name": n, "time": t} for n, t in self.left_early],
            },
            "voting": {"base": self.voting_base, "present": self.voting_present},
        }


def _names(members: Sequence[Member]) -> tuple[str, ...]:
    return tuple(sorted((nfc(m.name) for m in members), key=name_sort_key))


def _status(entry) -> str:
    return entry.status if isinstance(entry, Presence) else str(entry)


def percent(part: int, whole: int) -> float | None:
    """``part/whole`` in percent, rounded half-up to 1 decimal (None for an empty whole)."""
    if whole <= 0:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(value)


def attendance_figures(members: Sequence[Member], roll: Mapping[str, Presence],
                       history: Mapping[str, Sequence[Presence | str]] | None = None,
                       min_rate: float = ATTENDANCE_RATE,
                       max_reason_streak: int = MAX_REASON_STREAK,
                       temporary_vote: bool = False) -> Figures:
    """The live figures and warnings of a roll call.

    ``roll`` maps member ids to their ``Presence`` (missing = not recorded yet); ``history`` maps
    member ids to their statuses at the earlier meetings of the year, oldest first.
    """
    history = history or {}

    def here(m: Member) -> bool:
        p = roll.get(m.id)
        return p is not None and p.status == PRESENT

    in_base = [m for m in members if not m.exempted and not m.elsewhere]
    present = [m for m in in_base if here(m)]
    absent_reason = [m for m in in_base if m.id in roll and roll[m.id].status == ABSENT_REASON]
    absent_no_reason = [m for m in in_base if m.id in roll and roll[m.id].status == ABSENT_NO_REASON]
    not_recorded = [m for m in in_base if m.id not in roll]

    voters = [m for m in members if m.party_status == FULL and (temporary_vote or not m.temporary_here)]
    voting_base = [m for m in voters if not m.elsewhere
                   and not ((m.exempted or m.excused) and not here(m))]
    voting_present = [m for m in voting_base if here(m)]

    base, n_present = len(in_base), len(present)
    rate = percent(n_present, base)

    warnings: list[RuleWarning] = []
    if base == 0:
        warnings.append(RuleWarning("empty_base"))
    elif not rate_good(n_present, base, min_rate):
        warnings.append(RuleWarning("low_rate", {"rate": rate, "min": float(min_rate)}))
    if absent_no_reason:
        names = _names(absent_no_reason)
        warnings.append(RuleWarning("absent_no_reason", {"names": list(names)}, names))
    if not_recorded:
        names = _names(not_recorded)
        warnings.append(RuleWarning("roll_incomplete", {"names": list(names)}, names))
    if not passes(len(voting_present), len(voting_base)):
        warnings.append(RuleWarning("no_majority", {
            "present": len(voting_present), "base": len(voting_base),
            "needed": votes_needed(len(voting_base))}))
    for m in sorted(absent_reason, key=lambda m: name_sort_key(m.name)):
        streak = 1
        for entry in reversed(list(history.get(m.id, ()))):
            if _status(entry) != ABSENT_REASON:
                break
            streak += 1
        if streak > max_reason_streak:
            warnings.append(RuleWarning("reason_streak", {"name": nfc(m.name), "count": streak},
                                        (nfc(m.name),)))

    def timed(attr: str) -> tuple[tuple[str, str], ...]:
        rows = [(nfc(m.name), getattr(roll[m.id], attr)) for m in members
                if here(m) and getattr(roll[m.id], attr)]
        return tuple(sorted(rows, key=lambda r: name_sort_key(r[0])))

    return Figures(
        on_roll=len(members), base=base, present=n_present, rate=rate,
        full=sum(1 for m in members if m.party_status == FULL and not m.temporary_here),
        probationary=sum(1 for m in members if m.party_status == PROBATIONARY and not m.temporary_here),
        temporary=sum(1 for m in members if m.temporary_here),
        voting_base=len(voting_base), voting_present=len(voting_present),
        present_names=_names(present),
        present_not_counted=_names([m for m in members if (m.exempted or m.elsewhere) and here(m)]),
        absent_with_reason=tuple(sorted(((nfc(m.name), nfc(roll[m.id].reason)) for m in absent_reason),
                                        key=lambda r: name_sort_key(r[0]))),
        absent_without_reason=_names(absent_no_reason),
        not_recorded=_names(not_recorded),
        exempted=_names([m for m in members if m.exempted]),
        elsewhere=_names([m for m in members if m.elsewhere]),
        late=timed("late"), left_early=timed("left_early"),
        warnings=tuple(warnings),
    )


# --- votes ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VoteResult:
    passed: bool
    code: str                       # "vote_passed" | "vote_not_passed" | an error's code
    params: Mapping = field(default_factory=dict)
    error_codes: tuple[tuple[str, Mapping], ...] = ()
    needed: int = 0                 # the smallest passing count for this base

    @property
    def reason(self) -> str:
        if self.error_codes:
            return " ".join(self.errors)
        return render(self.code, self.params)

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(render(code, params) for code, params in self.error_codes)


def vote_result(for_: int, against: int, abstain: int, voting_base: int,
                voting_present: int) -> VoteResult:
    """A resolution passes when *for* is more than half of the voting base (not of those present)."""
    needed = votes_needed(voting_base)
    errors: list[tuple[str, dict]] = []
    if min(for_, against, abstain, voting_base, voting_present) < 0:
        errors.append(("vote_negative", {}))
    elif for_ + against + abstain > voting_present:
        errors.append(("vote_too_many", {"total": for_ + against + abstain,
                                         "present": voting_present}))
    if voting_present > voting_base >= 0:
        errors.append(("vote_present_over_base", {"present": voting_present,
                                                  "base": voting_base}))
    if errors:
        return VoteResult(False, errors[0][0], errors[0][1], tuple(errors), needed)
    passed = passes(for_, voting_base)
    return VoteResult(passed, "vote_passed" if passed else "vote_not_passed",
                      {"for_": for_, "base": voting_base, "needed": needed}, (), needed)


# --- durations ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DurationCheck:
    minutes: int | None
    ok: bool
    code: str                        # see app.rules.messages
    error: bool = False              # the times themselves are impossible
    required: int = 0
    params: Mapping = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.params)


class TimeError(ValueError):
    def __init__(self, value):
        super().__init__(render("time_invalid", {"value": value}))
        self.value = value


# A time of day as secretaries type it: "16:00", "16.00", "16h", "16h30", "16g", "16 giờ 30",
# "1600", "930". A bare hour ("16") or "16:" is not one yet (typing goes through them).
_CLOCK = (re.compile(r"^(\d{1,2})\s*(?:h|g|giờ)\s*(\d{2})?\s*(?:phút|p)?$"),
          re.compile(r"^(\d{1,2})\s*[:.]\s*(\d{2})$"),
          re.compile(r"^(\d{1,2})(\d{2})$"))


def parse_clock(value: object) -> str:
    """A typed time of day as "HH:MM" ("1600", "16h", "16.00", "16g" → "16:00"); "" when
    blank. Raises ``TimeError`` (a ValueError, its message in the user's language) for
    anything else, such as "25:00", "16:75" or "chiều"."""
    text = " ".join(nfc("" if value is None else str(value)).lower().split())
    if not text:
        return ""
    m = next((m for pattern in _CLOCK if (m := pattern.match(text))), None)
    if m is None:
        raise TimeError(value)
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if not (0 <= h < 24 and 0 <= mi < 60):
        raise TimeError(value)
    return f"{h:02d}:{mi:02d}"


def _as_datetime(value: str | _dt.time | _dt.datetime) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.time):
        return _dt.datetime.combine(_dt.date(2000, 1, 1), value)
    text = parse_clock(value)
    if not text:
        raise TimeError(value)
    t = _dt.datetime.strptime(text, "%H:%M").time()
    return _dt.datetime.combine(_dt.date(2000, 1, 1), t)


def duration_check(start: str | _dt.time | _dt.datetime, end: str | _dt.time | _dt.datetime,
                   combined: bool = False, minimum: int = REGULAR_MINUTES,
                   combined_minimum: int = COMBINED_MINUTES) -> DurationCheck:
    """Length of a meeting (or of a combined sitting) against its minimum.

    Times are "HH:MM" (same day) or datetimes; an end before the start, or on another day
    (a meeting over midnight), is an error. A short meeting is not an error: it needs a reason.
    """
    required = combined_minimum if combined else minimum
    try:
        t0, t1 = _as_datetime(start), _as_datetime(end)
    except TimeError as exc:
        return DurationCheck(None, False, "time_invalid", True, required, {"value": exc.value})
    if t0.date() != t1.date():
        return DurationCheck(None, False, "past_midnight", True, required)
    if t1 < t0:
        return DurationCheck(None, False, "end_before_start", True, required, {
            "end": t1.strftime("%H:%M"), "start": t0.strftime("%H:%M")})
    minutes = int((t1 - t0).total_seconds() // 60)
    if minutes >= required:
        code = "duration_ok"
    else:
        code = "duration_short_combined" if combined else "duration_short"
    return DurationCheck(minutes, minutes >= required, code, False, required,
                         {"minutes": minutes, "required": required})


@dataclass(frozen=True)
class Duration:
    """The length judged for a meeting.

    ``counted`` is the meeting's own minutes, or the whole sitting's for the last part of a
    combined sitting; ``required`` is 0 when no minimum applies of its own (an earlier part of
    a sitting). ``problem`` is set for impossible times (``error``) and for a short meeting."""

    minutes: int | None
    counted: int | None
    required: int
    combined: bool = False
    ok: bool = False
    error: bool = False
    explained: bool = False
    problem: Problem | None = None

    @property
    def code(self) -> str:
        if self.problem:
            return self.problem.code
        return "duration_ok" if self.ok else ""

    @property
    def message(self) -> str:
        if self.problem:
            return self.problem.message
        return Problem("duration_ok", {"minutes": self.counted,
                                       "required": self.required}).message


def minutes_between(start: str | None, end: str | None) -> int | None:
    if not start or not end:
        return None
    try:
        t0 = _dt.datetime.strptime(start, "%H:%M")
        t1 = _dt.datetime.strptime(end, "%H:%M")
    except ValueError:
        return None
    return int((t1 - t0).total_seconds() // 60)


def assess_duration(kind: str, start: str | None, end: str | None, rules: CellRules, *,
                    minutes: int | None = None, sitting: Mapping[str, Any] | None = None,
                    short_reason: str | None = None) -> Duration:
    """The duration rule: a meeting alone against its kind's minimum; the last part of a
    combined sitting, the whole sitting (first start to last end) against the combined
    minimum; earlier parts have no minimum of their own. ``minutes``, a stored length, wins
    over the times (which are still checked)."""
    reason = bool((short_reason or "").strip())
    required = rules.minimum_minutes(kind)
    own = minutes
    if start and end:
        check = duration_check(start, end, minimum=required)
        if check.error:
            return Duration(None, None, required, error=True,
                            problem=Problem(check.code, dict(check.params)))
        if own is None:
            own = check.minutes
    elif own is None:
        own = minutes_between(start, end)
    if sitting:
        if not sitting.get("last", True):
            return Duration(own, own, 0, combined=True, ok=own is not None,
                            explained=own is not None)
        required = rules.combined_minutes
        total = sitting.get("total_minutes")
        if total is None:
            problem = Problem("sitting_times_missing") if own is not None else None
            return Duration(own, None, required, combined=True, error=own is not None,
                            problem=problem)
        counted, combined = total, True
    else:
        counted, combined = own, False
    if counted is None:
        return Duration(None, None, required, combined=combined)
    ok = counted >= required
    problem = None
    if not ok:
        problem = Problem("duration_short_combined" if combined else "duration_short",
                          {"minutes": counted, "required": required})
    return Duration(own, counted, required, combined, ok, False, ok or reason, problem)


