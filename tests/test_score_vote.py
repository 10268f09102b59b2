"""Scoring before the read-back (the procedure's order) on the record as it will be: the
planned end time and read-back, the vote kept on the score it was taken on, and finalisation
refusing a score that differs from the one voted until the cell votes again."""
import pytest

from app import lifecycle, meeting_score, meetings
from app.rules.scoring import rating_for
from app.rules.scoring import vote as score_vote
from app.session import MeetingSession

from meeting_helpers import people, run_meeting, score_fully, store  # noqa: F401 (fixtures)

VOTE = {"for": 19, "against": 0, "abstain": 0}


def points(score: dict, crit_name_start: str) -> float:
    return next(c["points"] for g in score["groups"] for c in g["criteria"]
                if c["name"].startswith(crit_name_start))


def scored_before_readback(store, people, planned):
    """A meeting from 08:30 at its Read-back step, scored on the Scoring step with ``planned``
    (nothing of the end or the read-back recorded yet) and voted on."""
    mid = run_meeting(store, people, finalise=False, start="08:30")
    meetings.update(store, mid, end=None, read_back=False)
    score_fully(store, mid, vote=dict.fromkeys(VOTE, 0))  # no plan stated yet, no vote
    assert meeting_score.planned(store, mid) == {"end": None, "read_back": True}
    assert meetings.meeting_record(store, mid)["score"]["total"] == 85  # no end: no duration
    result = meeting_score.save_score(store, mid, meeting_score.draft_entries(store, mid)[0],
                                      VOTE, planned_facts=planned)
    return mid, result


def test_planned_end_and_read_back_score_and_the_same_facts_keep_the_score(store, people):
    mid, result = scored_before_readback(store, people, {"end": "10:05", "read_back": True})
    score = meetings.meeting_record(store, mid)["score"]
    # 95 minutes planned: the duration's points; the read-back planned: its points.
    assert points(score, "Thời gian sinh hoạt") == 5
    assert points(score, "Thư ký trình bày biên bản") == 3
    assert (score["total"], score["rating"]) == (90, "Tốt")
    assert score["voted_on"] == {"total": 90, "rating": "Tốt"}
    assert score["planned"] == {"end": "10:05", "read_back": True}
    # What was planned happens.
    meetings.update(store, mid, end="10:05", read_back=True)
    outcome = MeetingSession(store, mid).accept()
    assert outcome.ok and outcome.finalised, outcome.errors
    final = meetings.meeting_record(store, mid)
    assert final["status"] == "finalised"
    assert (final["score"]["total"], final["score"]["rating"]) == (90, "Tốt")
    assert final["score"]["vote"] == VOTE and final["score"]["voted_on"] == score["voted_on"]


@pytest.mark.parametrize("typed", ["1005", "10h05", "10.05", "10g05"])
def test_a_planned_end_typed_without_a_colon_is_kept_as_hh_mm(store, people, typed):
    mid, _result = scored_before_readback(store, people, {"end": typed, "read_back": True})
    assert meeting_score.planned(store, mid)["end"] == "10:05"
    score = meetings.meeting_record(store, mid)["score"]
    assert score["planned"]["end"] == "10:05" and points(score, "Thời gian sinh hoạt") == 5


def test_a_planned_end_that_is_no_time_is_refused_and_nothing_changes(store, people):
    mid, _result = scored_before_readback(store, people, {"end": "10:05", "read_back": True})
    entries = meeting_score.draft_entries(store, mid)[0]
    with pytest.raises(ValueError, match="“chiều” không phải là giờ"):
        meeting_score.save_score(store, mid, entries, VOTE,
                                 planned_facts={"end": "chiều", "read_back": True})
    assert meeting_score.planned(store, mid)["end"] == "10:05"


def test_a_later_end_that_keeps_the_score_finalises_with_the_actual_facts(store, people):
    mid, _result = scored_before_readback(store, people, {"end": "10:05", "read_back": True})
    meetings.update(store, mid, end="10:20", read_back=True)
    assert MeetingSession(store, mid).accept().finalised
    score = meetings.meeting_record(store, mid)["score"]
    assert score["total"] == 90 and score["planned"] == {"end": "10:20", "read_back": True}


def test_an_end_that_changes_the_rating_is_refused_until_the_cell_votes_again(store, people):
    mid, _result = scored_before_readback(store, people, {"end": "10:05", "read_back": True})
    # The meeting ends at 09:30: 60 minutes, under 80 % of the minimum: no duration points.
    meetings.update(store, mid, end="09:30", read_back=True,
                    short_reason="Đồng chí Bí thư phải đi họp Đảng ủy Trường.")
    session = MeetingSession(store, mid)
    outcome = session.accept()
    assert not outcome.ok and not outcome.finalised
    problem = next(e for e in outcome.errors if e.code == score_vote.SCORE_CHANGED)
    assert "90" in problem.message and "85" in problem.message
    assert "Tốt" in problem.message and "Khá" in problem.message
    assert meeting_score.vote_problems(store, mid) == [score_vote.Problem(
        score_vote.SCORE_CHANGED,
        {"voted_total": 90, "voted_rating": "Tốt", "total": 85, "rating": "Khá"})]
    record = meetings.meeting_record(store, mid)
    assert record["status"] == "draft"
    # The stored score is still the one voted on; the core refuses it too: it counts on 10:05.
    assert (record["score"]["total"], record["score"]["rating"]) == (90, "Tốt")
    with pytest.raises(ValueError, match="10:05"):
        lifecycle.finalise(store, mid)
    assert meetings.meeting_record(store, mid)["status"] == "draft"
    # Going back to the score and to the same counts does not count as a new vote.
    entries, flags, vote = meeting_score.draft_entries(store, mid)
    meeting_score.save_entries(store, mid, entries, vote, flags)
    assert not MeetingSession(store, mid).accept().ok
    # The cell votes again, on 85 (Khá).
    result = meeting_score.revote(store, mid)
    assert (result.total, result.rating.name) == (85, "Khá")
    outcome = MeetingSession(store, mid).accept()
    assert outcome.ok and outcome.finalised, outcome.errors
    score = meetings.meeting_record(store, mid)["score"]
    assert (score["total"], score["rating"]) == (85, "Khá")
    assert score["voted_on"] == {"total": 85, "rating": "Khá"}
    assert points(score, "Thời gian sinh hoạt") == 0


def test_new_counts_are_a_new_vote_on_the_score_shown(store, people):
    mid, _result = scored_before_readback(store, people, {"end": "10:05", "read_back": True})
    meetings.update(store, mid, end="09:30", read_back=True, short_reason="Có việc đột xuất.")
    entries, flags, _vote = meeting_score.draft_entries(store, mid)
    meeting_score.save_entries(store, mid, entries, {"for": 18, "against": 1, "abstain": 0},
                               flags)
    assert meeting_score.voted_on(store, mid) == {"total": 85, "rating": "Khá"}
    assert meeting_score.vote_problems(store, mid) == []


def test_changing_an_entry_after_the_vote_needs_a_new_vote(store, people):
    from app.rules.scoring import Entry

    mid, _result = scored_before_readback(store, people, {"end": "10:05", "read_back": True})
    entries, flags, vote = meeting_score.draft_entries(store, mid)
    band = next(c for c in meeting_score.meeting_rubric(store, mid).criteria() if c.kind == "band")
    worst = min(band.bands, key=lambda b: b["points"])
    entries[band.id] = Entry(choice=worst["id"])
    result = meeting_score.save_entries(store, mid, entries, vote, flags)
    assert [p.code for p in meeting_score.vote_problems(store, mid)] == [score_vote.SCORE_CHANGED]
    assert meetings.meeting_record(store, mid)["score"]["total"] == result.total < 90


def test_counts_entered_before_the_score_was_complete_are_not_a_vote_on_it(store, people):
    mid = run_meeting(store, people, finalise=False)
    meeting_score.save_entries(store, mid, {}, VOTE, {})
    score_fully(store, mid, vote=VOTE)  # same counts: not a vote on the score now shown
    assert meeting_score.vote_problems(store, mid) == [score_vote.Problem(
        score_vote.VOTE_NOT_ON_SCORE, {"total": 90, "rating": "Tốt"})]
    meeting_score.revote(store, mid)
    assert meeting_score.vote_problems(store, mid) == []
    assert MeetingSession(store, mid).accept().finalised


def test_unplanned_read_back_scores_without_its_points_then_asks_for_a_new_vote(store, people):
    mid, _result = scored_before_readback(store, people, {"end": "10:05", "read_back": False})
    score = meetings.meeting_record(store, mid)["score"]
    assert points(score, "Thư ký trình bày biên bản") == 0 and score["total"] == 87
    meetings.update(store, mid, end="10:05", read_back=True)
    codes = [e.code for e in MeetingSession(store, mid).accept().errors]
    assert codes == [score_vote.SCORE_CHANGED]


def test_demo_september_is_scored_on_its_duration_and_read_back(store):
    import datetime as dt

    from app.demo import add_demo_meetings, create_demo

    day = dt.date(2024, 11, 20)
    create_demo(store, today=day)
    add_demo_meetings(store, today=day)
    september = next(m for m in meetings.list_meetings(store)
                     if m["date"].startswith("2024-09") and m["kind"] == "regular")
    record = meetings.meeting_record(store, september["id"])
    score = record["score"]
    assert record["duration_minutes"] == 125 and record["read_back"] is True
    assert points(score, "Thời gian sinh hoạt") == 5
    assert points(score, "Thư ký trình bày biên bản") == 3
    conduct = next(g for g in score["groups"] if g["name"] == "Tổ chức sinh hoạt chi bộ")
    assert conduct["points"] == 43
    rubric = meeting_score.meeting_rubric(store, september["id"])
    assert score["total"] == 89.5 and score["rating"] == rating_for(rubric, 89.5).name == "Khá"
    assert score["voted_on"] == {"total": 89.5, "rating": "Khá"}
    assert score["planned"] == {"end": "16:05", "read_back": True}


def test_a_score_kept_before_votes_recorded_their_score_counts_as_voted_on(store, people):
    """Meetings in progress when this version is installed: the vote stored with the score
    was taken on that score."""
    mid, _result = scored_before_readback(store, people, {"end": "10:05", "read_back": True})
    row = meetings._row(store, mid)
    extra = row["extra"]
    for key in ("voted_on", "planned"):
        extra["score_draft"].pop(key)
    score = dict(row["score"])
    score.pop("voted_on"), score.pop("planned")
    meetings.update(store, mid, extra=extra)
    meetings.set_score(store, mid, score, row["rubric"])
    assert meeting_score.voted_on(store, mid) == {"total": 90, "rating": "Tốt"}
    meetings.update(store, mid, end="09:30", read_back=True, short_reason="Có việc đột xuất.")
    assert [e.code for e in MeetingSession(store, mid).accept().errors] == [
        score_vote.SCORE_CHANGED]
    meetings.update(store, mid, end="10:05")
    assert MeetingSession(store, mid).accept().finalised
    assert meetings.meeting_record(store, mid)["score"]["voted_on"] == {"total": 90,
                                                                        "rating": "Tốt"}
