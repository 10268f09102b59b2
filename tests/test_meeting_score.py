"""Scoring a stored meeting: suggestions from its record, the snapshot, the year's history."""
import copy
import datetime as dt

import pytest

from app import meeting_score, meetings
from app.rules.scoring import Entry, RubricError, copy_rubric, rubric_to_dict

from meeting_helpers import people, run_meeting, score_fully, store  # noqa: F401 (fixtures)


def test_scoring_a_meeting_stores_score_and_rubric_snapshot(store, people):
    mid = run_meeting(store, people, finalise=False)
    result = score_fully(store, mid)
    record = meetings.meeting_record(store, mid)
    score = record["score"]
    assert score["rubric"] == {"id": "qd28-2019", "version": meeting_score.current_rubric(store).version}
    assert score["total"] == result.total and score["rating"] == result.rating.name
    assert sum(g["max"] for g in score["groups"]) == 100
    assert score["vote"] == {"for": 19, "against": 0, "abstain": 0}
    # Attendance 21/23 with one absence... none here: the computed attendance is full.
    attendance = next(g for g in score["groups"] if g["max"] == 5)
    assert attendance["points"] == 5


def test_absence_without_reason_caps_attendance_points(store, people):
    mid = run_meeting(store, people, finalise=False, absent=[("Tạ Quang Vinh", None)])
    score_fully(store, mid)
    attendance = next(g for g in meetings.meeting_record(store, mid)["score"]["groups"]
                      if g["max"] == 5)
    assert attendance["points"] < 5
    assert meetings.meeting_record(store, mid)["score"]["adjustments"]


def test_missing_manual_criterion_is_refused_in_vietnamese(store, people):
    mid = run_meeting(store, people, finalise=False)
    with pytest.raises(ValueError, match="chưa được chấm"):
        meeting_score.save_score(store, mid, {})
    assert meetings.meeting_record(store, mid)["score"] is None


def test_override_needs_a_reason(store, people):
    mid = run_meeting(store, people, finalise=False)
    rubric = meeting_score.current_rubric(store)
    entries = {c.id: Entry(yes=True) for c in rubric.criteria() if c.kind == "yesno"}
    entries.update({c.id: Entry(choice=c.bands[0]["id"]) for c in rubric.criteria()
                    if c.kind == "band"})
    entries["minutes_read"] = Entry(points=0)
    with pytest.raises(ValueError, match="lý do"):
        meeting_score.save_score(store, mid, entries)
    entries["minutes_read"] = Entry(points=0, override_reason="Thư ký chưa đọc hết biên bản")
    result = meeting_score.save_score(store, mid, entries)
    crit = next(c for g in result.groups for c in g.criteria if c.id == "minutes_read")
    assert crit.points == 0 and crit.reason == "Thư ký chưa đọc hết biên bản"


def test_editing_a_rubric_never_changes_a_past_score(store, people):
    mid = run_meeting(store, people, finalise=False)
    # The cell copies the shipped rubric, makes it its own and scores with it.
    data = copy_rubric(meeting_score.current_rubric(store), "chibo-cua-chi-bo", "Bản của chi bộ")
    meeting_score.save_custom_rubric(store, data)
    meeting_score.set_current_rubric(store, "chibo-cua-chi-bo")
    before = score_fully(store, mid)
    stored = copy.deepcopy(meetings.meeting_record(store, mid)["score"])
    # Later the cell edits its rubric: renames a group and moves points between criteria.
    edited = rubric_to_dict(meeting_score.get_rubric(store, "chibo-cua-chi-bo"))
    edited["groups"][0]["name"] = "Chuẩn bị (đã sửa)"
    edited["version"] = "2"
    meeting_score.save_custom_rubric(store, edited)
    assert meeting_score.meeting_rubric(store, mid).groups[0].name != "Chuẩn bị (đã sửa)"
    assert meeting_score.preview(store, mid, meeting_score.stored_entries(store, mid)).total \
        == before.total
    assert meetings.meeting_record(store, mid)["score"] == stored


def test_invalid_custom_rubric_is_refused(store):
    data = rubric_to_dict(meeting_score.current_rubric(store))
    data["id"] = "sai"
    data["groups"][0]["max"] = 20
    with pytest.raises(RubricError):
        meeting_score.save_custom_rubric(store, data)
    with pytest.raises(ValueError, match="sao chép"):
        meeting_score.save_custom_rubric(store, rubric_to_dict(meeting_score.current_rubric(store)))


def test_year_scores_list_finalised_meetings(store, people):
    for month in (4, 5):
        mid = run_meeting(store, people, day=dt.date(2024, month, 3), finalise=False)
        score_fully(store, mid)
        meetings.update(store, mid, read_back=True)
        from app.session import MeetingSession
        assert MeetingSession(store, mid).accept().ok
    rows = meeting_score.year_scores(store, 2024)
    expected = [(m["date"][5:7], meetings.meeting_record(store, m["id"])["score"])
                for m in meetings.list_meetings(store)]
    assert rows == [(int(month), s["total"], s["rating"]) for month, s in expected]
    # Everything recorded and every closing step done; lost: the speakers' share (2 of 23
    # spoke: 0 of 8) and criticism (self-criticism only: 2 of 4) -> 100 - 8 - 2 = 90, Tốt.
    assert rows[0][1:] == (90, "Tốt")


def test_incomplete_entries_are_kept_but_no_score_is_stored(store, people):
    mid = run_meeting(store, people, finalise=False)
    score_fully(store, mid)
    result = meeting_score.save_entries(store, mid, {}, None, {})
    assert not result.complete
    assert meetings.meeting_record(store, mid)["score"] is None
    assert meeting_score.draft_entries(store, mid) == ({}, {}, {})
