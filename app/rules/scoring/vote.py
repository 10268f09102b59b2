"""The cell's vote on a score, and the rule that a finalised score is the one voted on.

The Scoring step comes before the minutes are read back (HD 12-HD/BTCTW 2018), so the score is
computed on the record as it will be: the end time and the read-back as the secretary plans them
there. The vote keeps which score it was taken on (``voted_on``: total and rating); finalising
refuses a score that differs from it, and a score computed on an end time or read-back that is
not the record's. Problems are codes with parameters; the edges word them.
"""
from __future__ import annotations

from app.rules.messages import Problem

# A complete score was computed but the vote counts were entered before it was.
VOTE_NOT_ON_SCORE = "score_vote_not_on_score"
# The final facts (or later entries) changed the total or the rating the cell voted on.
SCORE_CHANGED = "score_changed_since_vote"
# The stored score counts on an end time or read-back that is not the record's.
SCORE_NOT_FINAL = "score_not_on_final_record"
# A part of a combined sitting that is not the last is scored before the sitting has ended:
# the planned end of the whole sitting must be stated (the duration counts the sitting's total).
SITTING_END_NOT_STATED = "score_sitting_end_not_stated"
# The sitting ended at a time that changes the score voted for an earlier, finalised part.
SITTING_END_CHANGES_SCORE = "sitting_end_changes_voted_score"

COUNTS = ("for", "against", "abstain")


def has_vote(vote: dict | None) -> bool:
    """Counts were entered (a vote of 0/0/0 is no vote)."""
    return any(int((vote or {}).get(k) or 0) for k in COUNTS)


def counts(vote: dict | None) -> dict:
    return {k: int((vote or {}).get(k) or 0) for k in COUNTS}


def stamp(score: dict) -> dict:
    """What a vote is taken on: the score's total and rating (as in the score's JSON)."""
    return {"total": score["total"], "rating": score["rating"]}


def same_score(a: dict | None, b: dict | None) -> bool:
    return bool(a and b) and stamp(a) == stamp(b)


def check_vote(vote: dict | None, voted_on: dict | None, current: dict | None) -> list[Problem]:
    """``current`` (a score's JSON, or just its total and rating) against the score the vote
    was taken on. No score, or no vote counts: nothing to check."""
    if current is None or not has_vote(vote):
        return []
    if not voted_on:
        return [Problem(VOTE_NOT_ON_SCORE, stamp(current))]
    if not same_score(voted_on, current):
        return [Problem(SCORE_CHANGED, {
            "voted_total": voted_on["total"], "voted_rating": voted_on["rating"],
            "total": current["total"], "rating": current["rating"]})]
    return []


def stored_score_problems(record: dict) -> list[Problem]:
    """The rule on the stored data alone: a score to be finalised is the one voted on and was
    computed on the record's own end time and read-back. Scores stored before votes kept what
    they were taken on have neither ``voted_on`` nor ``planned``: those parts are not checked."""
    score = record.get("score")
    if not score:
        return []
    problems = []
    if "voted_on" in score:
        problems += check_vote(score.get("vote"), score["voted_on"], score)
    planned = score.get("planned")
    if planned is not None and (planned.get("end") != record.get("end")
                                or bool(planned.get("read_back")) != bool(record.get("read_back"))):
        problems.append(Problem(SCORE_NOT_FINAL, {
            "planned_end": planned.get("end"), "end": record.get("end"),
            "planned_read_back": bool(planned.get("read_back")),
            "read_back": bool(record.get("read_back"))}))
    if planned is not None:
        problems += sitting_end_problems(record, bool(planned.get("sitting_end")))
    return problems


def sitting_end_problems(record: dict, stated: bool) -> list[Problem]:
    """A scored part of a combined sitting that is not the last is scored before the sitting
    ends: unless the sitting's total is known, its planned end must have been ``stated``."""
    sitting = record.get("sitting")
    if (not sitting or sitting.get("last") or sitting.get("total_minutes") is not None
            or stated):
        return []
    return [Problem(SITTING_END_NOT_STATED, {"order": sitting.get("order")})]


def _points(score: dict) -> list:
    return [c.get("points") for g in score.get("groups") or [] for c in g.get("criteria") or []]


def earlier_part_problems(part: dict, again: dict, sitting: dict) -> list[Problem]:
    """An earlier part's finalised score (``part["score"]``) against the same rubric applied
    to the final record of the sitting (``again``, a score's JSON). ``sitting`` is the last
    part's record["sitting"] (the actual total) with its ``end``."""
    stored = part.get("score")
    if not stored or (same_score(stored, again) and _points(stored) == _points(again)):
        return []
    return [Problem(SITTING_END_CHANGES_SCORE, {
        "order": part.get("sitting", {}).get("order"), "number": part.get("number"),
        "planned_end": (stored.get("planned") or {}).get("sitting_end"),
        "end": sitting.get("end"), "minutes": sitting.get("total_minutes"),
        "voted_total": stored["total"], "voted_rating": stored["rating"],
        "total": again["total"], "rating": again["rating"]})]


def describe(problem: Problem) -> str:
    """The problem in the reader's language (the edges that show it)."""
    return problem.message
