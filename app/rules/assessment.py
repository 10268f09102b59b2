"""One assessment of a meeting record against the cell's rules.

``assess(record, rules)`` derives every judgement the app shows or stores about a meeting:
its duration against the minimum that applies, the attendance figures and their warnings, the
voting base and each vote's result, the checklist facts of the procedure, and what is missing
before it can be finalised. It returns values and ``Problem`` codes with parameters, never
sentences (``app.rules.messages`` renders them). Pure: no store, no services.

The wizard, the scoring sources, the model-cell evaluation, the office dashboard and the
documents read it, so they cannot disagree about the same meeting.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from app.rules.facts import meeting_facts
from app.rules.attendance import Duration, Figures, assess_duration
from app.rules.cell_rules import CellRules, passes, rate_good, votes_needed
from app.rules.messages import Problem

if TYPE_CHECKING:
    from app.record import MeetingRecord


@dataclass(frozen=True)
class VoteCheck:
    subject: str
    votes_for: int
    base: int
    passed: bool              # as the rule gives it (for > base / 2)
    stored_passed: bool       # as recorded
    needed: int

    @property
    def consistent(self) -> bool:
        return self.passed == self.stored_passed

    @property
    def reason(self) -> Problem:
        return Problem("vote_passed" if self.passed else "vote_not_passed",
                       {"for_": self.votes_for, "base": self.base, "needed": self.needed})


def check_vote(subject: str, votes_for: int, base: int, stored_passed: bool) -> VoteCheck:
    return VoteCheck(subject, votes_for, base, passes(votes_for, base), bool(stored_passed),
                     votes_needed(base))


@dataclass(frozen=True)
class Assessment:
    duration: Duration
    figures: Figures
    rate_ok: bool | None              # more than the threshold present; None: empty base
    voting_base: int
    voting_present: int
    votes_needed: int
    votes: tuple[VoteCheck, ...]
    warnings: tuple[Problem, ...]     # attendance warnings, never blocking
    facts: Mapping[str, bool]         # the procedure's checklist facts (app.rules.facts)
    missing: tuple[Problem, ...]      # what stops finalisation
    rules: CellRules = field(default_factory=CellRules)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def resolution_passed(self) -> bool:
        return any(v.passed for v in self.votes)


def assess(record: "MeetingRecord", rules: CellRules) -> Assessment:
    """Every derived fact of ``record`` under ``rules`` (see the module's docstring)."""
    fig = record.figures
    duration = assess_duration(record.kind, record.start, record.end, rules,
                               minutes=record.stored_minutes, sitting=record.sitting_view(),
                               short_reason=record.short_reason)
    votes = tuple(check_vote(v.subject, v.votes_for, v.base if v.base else fig.voting_base,
                             v.passed) for v in record.votes)
    facts = meeting_facts(record.as_dict(), duration=duration)
    missing: list[Problem] = []
    if record.status != "draft":
        missing.append(Problem("locked"))
    if not record.start:
        missing.append(Problem("start_missing"))
    if not record.end:
        missing.append(Problem("end_missing"))
    if record.start and record.end:
        if duration.error and duration.problem:
            missing.append(duration.problem)
        elif not duration.ok and not duration.explained:
            missing.append(Problem("short_no_reason"))
    if record.sitting and record.sitting.interleaved:
        missing.append(Problem("sitting_interleaved"))
    if not record.minute_taker:
        missing.append(Problem("minute_taker_missing"))
    if not record.read_back:
        missing.append(Problem("not_read_back"))
    return Assessment(
        duration=duration, figures=fig,
        rate_ok=rate_good(fig.present, fig.base, rules.attendance_rate) if fig.base else None,
        voting_base=fig.voting_base, voting_present=fig.voting_present,
        votes_needed=votes_needed(fig.voting_base), votes=votes,
        warnings=tuple(Problem(w.code, dict(w.params)) for w in fig.warnings),
        facts=facts, missing=tuple(missing), rules=rules)
