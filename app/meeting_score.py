"""Scoring a stored meeting: the cell's current rubric, suggestions from the record, and the
score kept with a full copy of the rubric it was computed with (editing a rubric later never
changes a past score)."""
from __future__ import annotations

from . import meetings
from .cell import cell_rules
from .i18n import _
from .rules import scoring
from .rules.cell_rules import RUBRIC
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


def preview(store: Store, meeting_id: str, entries: dict[str, scoring.Entry] | None = None,
            score_flags: dict | None = None, rubric: scoring.Rubric | None = None
            ) -> scoring.ScoreResult:
    """The running total and rating for the entries typed so far (nothing stored)."""
    rubric = rubric or meeting_rubric(store, meeting_id)
    record = meetings.meeting_record(store, meeting_id)
    return scoring.score(rubric, record, entries or {},
                         score_flags if score_flags is not None else flags(store, meeting_id))


def save_score(store: Store, meeting_id: str, entries: dict[str, scoring.Entry],
               vote: dict | None = None, score_flags: dict | None = None,
               rubric: scoring.Rubric | None = None) -> scoring.ScoreResult:
    """Score the meeting and store the result with the rubric's snapshot (one transaction).

    Raises ValueError (Vietnamese) when a criterion is missing or an entry is invalid.
    """
    rubric = rubric or meeting_rubric(store, meeting_id)
    result = preview(store, meeting_id, entries, score_flags, rubric)
    data = _score_json(result, vote)  # raises while incomplete or invalid
    with store.atomic():
        meetings.set_score(store, meeting_id, data, scoring.rubric_to_dict(rubric))
        if score_flags is not None:
            extra = meetings._row(store, meeting_id)["extra"] or {}
            extra["score_flags"] = score_flags
            meetings.update(store, meeting_id, extra=extra)
    return result


def _score_json(result: scoring.ScoreResult, vote: dict | None) -> dict:
    data = result.to_json(vote)
    data["adjustments"] = [a.text for a in result.adjustments]
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
                 vote: dict | None, score_flags: dict, rubric: scoring.Rubric | None = None
                 ) -> scoring.ScoreResult:
    """What the Scoring step keeps on every change, in one transaction: the entries as typed
    (a half-scored meeting reopens as it was left) and, whenever they are complete and valid,
    the score with its rubric snapshot; while they are not, the meeting has no score."""
    rubric = rubric or meeting_rubric(store, meeting_id)
    result = preview(store, meeting_id, entries, score_flags, rubric)
    with store.atomic():
        row = meetings._row(store, meeting_id)
        extra = row["extra"] or {}
        extra["score_draft"] = {
            "entries": {cid: {k: v for k, v in e.__dict__.items() if v is not None}
                        for cid, e in entries.items()},
            "flags": score_flags, "vote": vote}
        extra["score_flags"] = score_flags
        meetings.update(store, meeting_id, extra=extra)
        if result.complete:
            meetings.set_score(store, meeting_id, _score_json(result, vote),
                               scoring.rubric_to_dict(rubric))
        elif row["score"] is not None:
            meetings.set_score(store, meeting_id, None, None)
    return result


def rescore(store: Store, meeting_id: str) -> scoring.ScoreResult | None:
    """Score again from the entries kept on the Scoring step, so that the computed criteria
    see the final record (the minutes read back, the closing steps). Done at finalisation."""
    draft = draft_entries(store, meeting_id)
    if draft is None:
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
