"""Scoring a stored meeting: the cell's current rubric, suggestions from the record, and the
score kept with a full copy of the rubric it was computed with (editing a rubric later never
changes a past score)."""
from __future__ import annotations

from . import meetings
from .cell import cell_rules
from .i18n import _
from .rules import scoring
from .rules.attendance import parse_clock
from .rules.cell_rules import RUBRIC
from .rules.scoring import vote as score_vote
from .store import Store

DEFAULT_RUBRIC = RUBRIC


def custom_rubrics(store: Store) -> dict[str, dict]:
    """Rubrics the cell copied and edited, by id (kept in the cell's database)."""
    return store.get_setting("custom_rubrics", {}) or {}


def available_rubrics(store: Store) -> list[scoring.Rubric]:
    shipped = {r.id: r for r in scoring.list_rubrics()}
    for rid, data in custom_rubrics(store).items():
        try:
            shipped[rid] = scoring.load_rubric(data)
        except scoring.RubricError:
            continue
    return list(shipped.values())


def get_rubric(store: Store, rubric_id: str) -> scoring.Rubric:
    custom = custom_rubrics(store)
    if rubric_id in custom:
        return scoring.load_rubric(custom[rubric_id])
    return scoring.shipped_rubric(rubric_id)


def current_rubric(store: Store) -> scoring.Rubric:
    return get_rubric(store, cell_rules(store).rubric_for())


def set_current_rubric(store: Store, rubric_id: str) -> None:
    get_rubric(store, rubric_id)  # raises for an unknown id
    store.set_setting("rubric_id", rubric_id)


def save_custom_rubric(store: Store, data: dict) -> scoring.Rubric:
    """Validate and store an edited rubric; a shipped rubric's id cannot be overwritten."""
    errors = scoring.validate(data)
    if errors:
        raise scoring.RubricError(errors)
    rubric = scoring.load_rubric(data)
    if rubric.id in {r.id for r in scoring.list_rubrics()}:
        raise ValueError(_("A shipped rubric cannot be changed; copy it under a new id."))
    custom = custom_rubrics(store)
    custom[rubric.id] = scoring.rubric_to_dict(rubric)
    store.set_setting("custom_rubrics", custom)
    return rubric


def delete_custom_rubric(store: Store, rubric_id: str) -> None:
    custom = custom_rubrics(store)
    custom.pop(rubric_id, None)
    store.set_setting("custom_rubrics", custom)
    if store.get_setting("rubric_id", DEFAULT_RUBRIC) == rubric_id:
        store.set_setting("rubric_id", DEFAULT_RUBRIC)


def meeting_rubric(store: Store, meeting_id: str) -> scoring.Rubric:
    """The rubric the meeting was scored with (its snapshot), else the cell's current one."""
    snapshot = meetings._row(store, meeting_id)["rubric"]
    return scoring.load_rubric(snapshot) if snapshot else current_rubric(store)


def stored_entries(store: Store, meeting_id: str) -> dict[str, scoring.Entry]:
    row = meetings._row(store, meeting_id)
    if not row["score"] or not row["rubric"]:
        return {}
    return scoring.entries_from_score(scoring.load_rubric(row["rubric"]), row["score"])


def flags(store: Store, meeting_id: str) -> dict:
    return (meetings._row(store, meeting_id)["extra"] or {}).get("score_flags", {})


DEFAULT_PLANNED = {"end": None, "read_back": True}


def planned(store: Store, meeting_id: str) -> dict:
    """The end time and read-back as stated on the Scoring step (the score counts on them
    until the record has its own): ``{"end": "HH:MM" | None, "read_back": bool}``, and
    ``"sitting_end": "HH:MM"`` once stated: the planned end of the whole combined sitting, on a
    part that is not the last (the duration counts the sitting's total)."""
    draft = (meetings._row(store, meeting_id)["extra"] or {}).get("score_draft") or {}
    return {**DEFAULT_PLANNED, **(draft.get("planned") or {})}


def voted_on(store: Store, meeting_id: str) -> dict | None:
    """The score (total and rating) the cell's vote was taken on, or None."""
    return _voted_on(meetings._row(store, meeting_id))


def _voted_on(row: dict) -> dict | None:
    draft = (row["extra"] or {}).get("score_draft") or {}
    if "voted_on" in draft:
        return draft["voted_on"]
    score = row["score"] or {}
    if "voted_on" in score:
        return score["voted_on"]
    # Kept before votes recorded their score: the vote was stored with this score.
    return score_vote.stamp(score) if score_vote.has_vote(score.get("vote")) else None


def clean_planned(facts: dict | None) -> dict | None:
    """The planned facts with their times as "HH:MM" ("1600", "16h", "16.00", "16g" →
    "16:00"); raises ValueError (in the user's language) for a time that is none."""
    if facts is None:
        return None
    out = dict(facts)
    for key in ("end", "sitting_end"):
        if out.get(key):
            out[key] = parse_clock(out[key]) or None
    return out


def scoring_record(store: Store, meeting_id: str, planned_facts: dict | None = None) -> dict:
    """The record as it will be: the planned end time and read-back stand in for the ones the
    record does not have yet (once it has them, they win)."""
    if planned_facts is None:
        planned_facts = planned(store, meeting_id)
    planned_facts = clean_planned(planned_facts)
    return meetings.meeting_record(store, meeting_id, planned=planned_facts)


def preview(store: Store, meeting_id: str, entries: dict[str, scoring.Entry] | None = None,
            score_flags: dict | None = None, rubric: scoring.Rubric | None = None,
            planned_facts: dict | None = None) -> scoring.ScoreResult:
    """The running total and rating for the entries typed so far (nothing stored)."""
    rubric = rubric or meeting_rubric(store, meeting_id)
    record = scoring_record(store, meeting_id, planned_facts)
    return scoring.score(rubric, record, entries or {},
                         score_flags if score_flags is not None else flags(store, meeting_id))


def save_score(store: Store, meeting_id: str, entries: dict[str, scoring.Entry],
               vote: dict | None = None, score_flags: dict | None = None,
               rubric: scoring.Rubric | None = None, planned_facts: dict | None = None
               ) -> scoring.ScoreResult:
    """Score the meeting in one go (the demo, scripts): the same path as the Scoring step.

    Raises ValueError (Vietnamese) when a criterion is missing or an entry is invalid.
    """
    rubric = rubric or meeting_rubric(store, meeting_id)
    result = preview(store, meeting_id, entries, score_flags, rubric, planned_facts)
    result.to_json(vote)  # raises while incomplete or invalid
    return save_entries(store, meeting_id, entries, vote,
                        score_flags if score_flags is not None else flags(store, meeting_id),
                        rubric, planned_facts=planned_facts)


def _score_json(result: scoring.ScoreResult, vote: dict | None, record: dict,
                on: dict | None) -> dict:
    data = result.to_json(vote)
    data["adjustments"] = [a.text for a in result.adjustments]
    # What the score counts on, and which score the vote was taken on.
    data["planned"] = {"end": record.get("end"), "read_back": bool(record.get("read_back"))}
    sitting = record.get("sitting")
    if sitting and not sitting.get("last"):
        # Kept with the score: the sitting's last part and its record read it from here.
        data["planned"]["sitting_end"] = sitting.get("planned_end")
    data["voted_on"] = on
    return data


def draft_entries(store: Store, meeting_id: str
                  ) -> tuple[dict[str, scoring.Entry], dict, dict] | None:
    """The entries as last typed on the Scoring step (with flags and vote), or None."""
    draft = (meetings._row(store, meeting_id)["extra"] or {}).get("score_draft") or {}
    if draft.get("entries") is None:
        return None
    entries = {cid: scoring.Entry(**e) for cid, e in draft["entries"].items()}
    return entries, draft.get("flags") or {}, draft.get("vote") or {}


def save_entries(store: Store, meeting_id: str, entries: dict[str, scoring.Entry],
                 vote: dict | None, score_flags: dict, rubric: scoring.Rubric | None = None,
                 *, planned_facts: dict | None = None, revote: bool = False
                 ) -> scoring.ScoreResult:
    """What the Scoring step keeps on every change, in one transaction: the entries as typed
    (a half-scored meeting reopens as it was left), the planned end time and read-back, and,
    whenever the entries are complete and valid, the score with its rubric snapshot; while
    they are not, the meeting has no score.

    The vote is taken on the score shown when its counts are entered (or, with ``revote``,
    taken again on the current score); changing the entries or the facts afterwards leaves it
    on the old score, which finalising refuses (``vote.check_vote``)."""
    rubric = rubric or meeting_rubric(store, meeting_id)
    with store.atomic():
        row = meetings._row(store, meeting_id)
        extra = row["extra"] or {}
        old = extra.get("score_draft") or {}
        plan = clean_planned({**DEFAULT_PLANNED, **(old.get("planned") or {}),
                              **(planned_facts or {})})
        record = scoring_record(store, meeting_id, plan)
        result = scoring.score(rubric, record, entries, score_flags)
        current = score_vote.stamp(result.to_json()) if result.complete else None
        on = _voted_on(row)
        if not score_vote.has_vote(vote):
            on = None
        elif revote or score_vote.counts(vote) != score_vote.counts(old.get("vote")) \
                or (on is None and old.get("entries") is None):
            on = current
        extra["score_draft"] = {
            "entries": {cid: {k: v for k, v in e.__dict__.items() if v is not None}
                        for cid, e in entries.items()},
            "flags": score_flags, "vote": vote, "planned": plan, "voted_on": on}
        extra["score_flags"] = score_flags
        meetings.update(store, meeting_id, extra=extra)
        if result.complete:
            meetings.set_score(store, meeting_id, _score_json(result, vote, record, on),
                               scoring.rubric_to_dict(rubric))
        elif row["score"] is not None:
            meetings.set_score(store, meeting_id, None, None)
    return result


def revote(store: Store, meeting_id: str) -> scoring.ScoreResult | None:
    """The cell voted again, on the score as it is now (same counts unless changed)."""
    draft = draft_entries(store, meeting_id)
    if draft is None:
        return None
    entries, score_flags, vote = draft
    return save_entries(store, meeting_id, entries, vote, score_flags, revote=True)


def vote_problems(store: Store, meeting_id: str) -> list[score_vote.Problem]:
    """Why the score cannot be finalised as it stands: the score from the final record (the
    entries kept on the Scoring step) against the one the cell voted on."""
    # The last part of a combined sitting: the earlier parts' scores stand on its end.
    problems = meetings.sitting_score_problems(store, meeting_id)
    draft = draft_entries(store, meeting_id)
    if draft is None:
        return problems + score_vote.stored_score_problems(
            meetings.meeting_record(store, meeting_id))
    entries, score_flags, vote = draft
    record = scoring_record(store, meeting_id)
    result = scoring.score(meeting_rubric(store, meeting_id), record, entries, score_flags)
    if not result.complete:
        return problems
    # On the record as it will be, the sitting's total is known once its end is stated.
    return (problems + score_vote.sitting_end_problems(record, stated=False)
            + score_vote.check_vote(vote, voted_on(store, meeting_id), result.to_json()))


def bring_up_to_date(store: Store, meeting_id: str) -> scoring.ScoreResult | None:
    """At finalisation: store the score computed on the final record (the end time and the
    read-back as they happened), unless that would change the score the cell voted on; then
    the stored score stays as voted and ``vote_problems`` says why it cannot be finalised."""
    draft = draft_entries(store, meeting_id)
    if draft is None or vote_problems(store, meeting_id):
        return None
    entries, score_flags, vote = draft
    return save_entries(store, meeting_id, entries, vote, score_flags)


def year_scores(store: Store, year: int) -> list[tuple[int, float, str]]:
    """(month, total, rating) of the year's newest finalised, scored regular meetings."""
    rows = store.conn.execute(
        "select month, score from meeting m where year = ? and kind = 'regular' "
        "and status = 'finalised' and score is not null "
        "and id not in (select amends from meeting where amends is not null) order by date",
        [year]).fetchall()
    import json

    out = []
    for month, raw in rows:
        data = json.loads(raw)
        out.append((month, data["total"], data["rating"]))
    return out
