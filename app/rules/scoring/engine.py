"""Scoring a meeting against a rubric: suggestions from the record, entries, caps, forced ratings."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from app.i18n import _
from app.vntext import nfc

from .rubric import Criterion, Rating, Rubric, ValidationError, _is_half, _is_number, load_rubric
from .sources import FACTS, SOURCES, fmt_num, record_facts

_EPS = 1e-9


@dataclass(frozen=True)
class Suggestion:
    points: float
    facts: str      # short Vietnamese explanation, e.g. "Có mặt 21/23 (91,3%), …"
    value: float    # the measure on 0..100 the points came from


@dataclass(frozen=True)
class Entry:
    """The secretary's input for one criterion; fill the field that fits its kind.

    ``points`` for points criteria (half points allowed) or to override a computed suggestion
    (then ``override_reason`` is required); ``choice`` (a band id) for band criteria; ``yes`` for
    yes/no criteria. A computed criterion with no entry takes its suggestion.
    """
    points: float | None = None
    choice: str | None = None
    yes: bool | None = None
    override_reason: str | None = None


@dataclass
class CriterionScore:
    id: str
    name: str
    kind: str
    max: float
    points: float
    suggested: float | None = None
    facts: str | None = None
    reason: str | None = None
    choice: str | None = None


@dataclass
class GroupScore:
    id: str
    name: str
    max: float
    points: float          # after caps
    raw_points: float      # sum of the criteria
    criteria: list[CriterionScore]


@dataclass(frozen=True)
class Adjustment:
    kind: str      # "cap" | "forced"
    id: str
    text: str      # Vietnamese explanation for the Scoring step and the minutes


@dataclass
class ScoreResult:
    rubric: Rubric
    total: float
    rating: Rating
    groups: list[GroupScore]
    adjustments: list[Adjustment] = field(default_factory=list)
    errors: list[ValidationError] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)   # criteria with no entry yet (counted as 0)
    vote: dict | None = None

    @property
    def complete(self) -> bool:
        return not self.errors and not self.missing

    def to_json(self, vote: dict | None = None) -> dict:
        """The meeting record's ``score`` field; refuses an incomplete or invalid score."""
        if not self.complete:
            problems = [str(e) for e in self.errors] + [
                _("Criterion “{id}” has not been scored.").format(id=m) for m in self.missing]
            raise ValueError("\n".join(problems))
        return {
            "rubric": {"id": self.rubric.id, "version": self.rubric.version},
            "total": _num(self.total),
            "rating": self.rating.name,
            "groups": [
                {"name": g.name, "max": _num(g.max), "points": _num(g.points),
                 "criteria": [{"name": c.name, "max": _num(c.max), "points": _num(c.points),
                               "suggested": None if c.suggested is None else _num(c.suggested),
                               "reason": c.reason} for c in g.criteria]}
                for g in self.groups],
            "vote": vote if vote is not None else self.vote,
        }


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _floor_half(x: float) -> float:
    return math.floor(x * 2 + _EPS) / 2


def rating_for(rubric: Rubric, total: float) -> Rating:
    """The rating whose band holds ``total`` (ratings are best first, each from its ``min`` up)."""
    for rating in rubric.ratings:
        if total + _EPS >= rating.min:
            return rating
    return rubric.ratings[-1]


def points_for_value(crit: Criterion, value: float) -> float:
    """A computed criterion's points for a measure: its bands, or a proportional share in half points."""
    if crit.bands:
        for band in crit.bands:
            if "above" in band and value > band["above"] + _EPS:
                return float(band["points"])
            if "min" in band and value + _EPS >= band["min"]:
                return float(band["points"])
        return 0.0
    return min(crit.max, max(0.0, _floor_half(crit.max * value / 100.0)))


def suggest(rubric: Rubric, record: dict) -> dict[str, Suggestion]:
    """Suggested points and the facts behind them, for every computed criterion."""
    out = {}
    for crit in rubric.criteria():
        if crit.kind == "computed":
            measure = SOURCES[crit.source](record, crit.params)
            out[crit.id] = Suggestion(float(points_for_value(crit, measure.value)), measure.facts,
                                     float(measure.value))
    return out


def _resolve(crit: Criterion, entry: Entry | None, sug: Suggestion | None, path: str,
             errors: list[ValidationError]) -> tuple[float | None, str | None, str | None]:
    """(points, reason, choice) for one criterion; None points when nothing was entered."""
    reason = nfc(entry.override_reason) if entry and entry.override_reason else None
    if crit.kind == "computed":
        if entry is None or entry.points is None:
            return sug.points, reason, None
        points = entry.points
    elif entry is None:
        return None, None, None
    elif crit.kind == "yesno":
        if entry.yes is not None:
            return (crit.max if entry.yes else 0.0), reason, None
        points = entry.points
        if points is not None and points not in (0, crit.max):
            errors.append(ValidationError(path, _("A yes/no criterion gives 0 or {max} points.").format(
                max=fmt_num(crit.max))))
            return 0.0, reason, None
    elif crit.kind == "band":
        if entry.choice is not None:
            for band in crit.bands:
                if band["id"] == entry.choice:
                    return float(band["points"]), reason, band["id"]
            errors.append(ValidationError(path, _("Unknown band “{choice}”.").format(choice=entry.choice)))
            return 0.0, reason, None
        points = entry.points
        match = [b for b in crit.bands if points is not None and b["points"] == points]
        if points is not None and not match:
            errors.append(ValidationError(path, _("{points} points is not one of the bands.").format(
                points=fmt_num(points))))
            return 0.0, reason, None
        if match:
            return float(points), reason, match[0]["id"]
    else:
        points = entry.points
    if points is None:
        return None, reason, None
    if not _is_number(points) or points < 0 or points > crit.max + _EPS:
        errors.append(ValidationError(path, _("Points must be between 0 and {max}.").format(
            max=fmt_num(crit.max))))
        return 0.0, reason, None
    if not _is_half(points):
        errors.append(ValidationError(path, _("Points must be whole or half points ({value}).").format(
            value=fmt_num(points, 2))))
        return 0.0, reason, None
    if crit.kind == "computed" and not math.isclose(points, sug.points) and not reason:
        errors.append(ValidationError(path, _("Changing the suggested {suggested} points to {points} "
                                              "needs a reason.").format(
            suggested=fmt_num(sug.points), points=fmt_num(points))))
    return float(points), reason, None


def score(rubric: Rubric | dict, record: dict, entries: dict[str, Entry] | None = None,
          flags: dict | None = None) -> ScoreResult:
    """Score a meeting. ``flags`` carry facts the record cannot show (``member_disciplined``)."""
    if isinstance(rubric, dict):
        rubric = load_rubric(rubric)
    entries = entries or {}
    errors: list[ValidationError] = []
    known = {c.id for c in rubric.criteria()}
    for cid in entries:
        if cid not in known:
            errors.append(ValidationError(f"entries.{cid}", _("Unknown criterion “{id}”.").format(id=cid)))
    suggestions = suggest(rubric, record)
    facts = record_facts(record, flags)
    adjustments: list[Adjustment] = []
    crit_caps = {c.criterion: c for c in rubric.caps if c.criterion and facts.get(c.when)}
    group_caps = {c.group: c for c in rubric.caps if c.group and facts.get(c.when)}

    groups, missing = [], []
    for group in rubric.groups:
        scored = []
        for crit in group.criteria:
            sug = suggestions.get(crit.id)
            points, reason, choice = _resolve(crit, entries.get(crit.id), sug, f"entries.{crit.id}", errors)
            if points is None:
                missing.append(crit.id)
                points = 0.0
            cap = crit_caps.get(crit.id)
            if cap and points > cap.max:
                adjustments.append(_cap_note(cap, crit.name, points))
                points = float(cap.max)
            scored.append(CriterionScore(crit.id, crit.name, crit.kind, crit.max, points,
                                         sug.points if sug else None, sug.facts if sug else None,
                                         reason, choice))
        raw = sum(c.points for c in scored)
        points = raw
        cap = group_caps.get(group.id)
        if cap and raw > cap.max:
            adjustments.append(_cap_note(cap, group.name, raw))
            points = float(cap.max)
        groups.append(GroupScore(group.id, group.name, group.max, points, raw, scored))

    total = sum(g.points for g in groups)
    rating = rating_for(rubric, total)
    order = [r.id for r in rubric.ratings]
    for forced in rubric.forced:
        if facts.get(forced.when) and order.index(rating.id) < order.index(forced.at_most):
            limit = rubric.rating(forced.at_most)
            adjustments.append(Adjustment("forced", forced.id, _(
                "Rating lowered from {rating} to {limit}: {rule} ({fact}).").format(
                rating=rating.name, limit=limit.name, rule=forced.name, fact=_(FACTS[forced.when][0]))))
            rating = limit
    return ScoreResult(rubric, total, rating, groups, adjustments, errors, missing)


def _cap_note(cap, target_name: str, points: float) -> Adjustment:
    return Adjustment("cap", cap.id, _("“{target}” limited from {points} to {cap} points: {rule} ({fact}).").format(
        target=target_name, points=fmt_num(points), cap=fmt_num(cap.max), rule=cap.name,
        fact=_(FACTS[cap.when][0])))


def entries_from_score(rubric: Rubric, stored: dict) -> dict[str, Entry]:
    """Entries back from a stored ``score`` (criteria in the snapshot's order), to redisplay or
    re-score a past meeting with its own rubric snapshot."""
    out = {}
    for group, sgroup in zip(rubric.groups, stored.get("groups") or []):
        for crit, scrit in zip(group.criteria, sgroup.get("criteria") or []):
            out[crit.id] = Entry(points=scrit.get("points"), override_reason=scrit.get("reason"))
    return out
