"""The meeting record and the wizard session, driven headlessly on a real database file."""
import datetime as dt
import hashlib
import json

import pytest

from app import meetings
from app.members import get_member, save_member
from app.session import MeetingSession
from app.store import open_store

from meeting_helpers import demo_store, people, run_meeting, store  # noqa: F401 (fixtures)


def test_whole_meeting_walks_every_step_and_finalises(store, people):
    mid = run_meeting(store, people, absent=[("Trịnh Thị Mai", "Đi công tác Hà Nội"),
                                             ("Tạ Quang Vinh", None)])
    r = meetings.meeting_record(store, mid)
    assert r["status"] == "finalised" and r["kind"] == "regular"
    assert r["number"] == "01-BB/CB"
    assert (r["start"], r["end"], r["duration_minutes"]) == ("14:00", "15:45", 105)
    a = r["attendance"]
    # 25 on the roll; 1 exempted and 1 elsewhere are outside the base.
    assert (a["on_roll"], a["base"], a["present"]) == (25, 23, 21)
    assert a["rate"] == 91.3
    assert a["absent_with_reason"] == [{"name": "Trịnh Thị Mai", "reason": "Đi công tác Hà Nội"}]
    assert a["absent_without_reason"] == ["Tạ Quang Vinh"]
    assert a["exempted"] == ["Nguyễn Văn Á"] and a["elsewhere"] == ["Kiều Thị Diệu Linh"]
    # Voting: 21 full members of the base (23 minus 2 probationary), 19 of them present.
    assert r["voting"] == {"base": 21, "present": 19}
    assert r["votes"][0]["for"] == 19 and r["votes"][0]["passed"] is True
    assert r["minute_taker"] == "Lê Thị Lan" and r["chair"] == "Nguyễn Thị Hoa"
    assert [s["speaker"] for s in r["speeches"]] == ["Phạm Đức Anh", "Vũ Quang Huy"]
    assert r["tasks"] == [{"assignee": "Phạm Đức Anh", "text": "Nộp đề tài cấp trường",
                           "due": "2024-04-30", "agenda_item": None}]
    assert "Chi bộ Khoa Y tế công cộng" in r["purpose"] and "tháng 4 năm 2024" in r["purpose"]
    assert r["agenda"][0]["title"] == "Về công tác chính trị, tư tưởng"
    json.dumps(r)  # the record is plain JSON


def test_finalised_meeting_is_read_only(store, people):
    mid = run_meeting(store, people)
    with pytest.raises(meetings.MeetingLockedError, match="đã hoàn tất"):
        meetings.update(store, mid, summary="sửa lén")
    with pytest.raises(meetings.MeetingLockedError):
        meetings.add_item(store, mid, "speech", member_id=people["Lê Thị Lan"].id, text="x")
    with pytest.raises(meetings.MeetingLockedError):
        meetings.set_presence(store, mid, people["Lê Thị Lan"].id, "absent_no_reason")
    assert meetings.meeting_record(store, mid)["summary"] == "Chi bộ thống nhất."


def test_readback_cannot_finalise_without_end_time_or_read_back(store, people):
    mid = run_meeting(store, people, finalise=False)
    meetings.update(store, mid, read_back=False)
    s = MeetingSession(store, mid)
    outcome = s.accept()
    assert not outcome.ok and s.current == "readback"
    assert any("đọc lại" in e.message for e in outcome.errors)
    assert meetings.meeting_record(store, mid)["status"] == "draft"


def test_short_meeting_needs_a_reason(store, people):
    mid = run_meeting(store, people, finalise=False, start="14:00", end="15:29")
    s = MeetingSession(store, mid)
    outcome = s.accept()
    assert not outcome.ok
    assert any("ngắn hơn" in e.message for e in outcome.errors)
    meetings.update(store, mid, short_reason="Mất điện, chi bộ thống nhất kết thúc sớm")
    assert s.accept().ok
    assert meetings.meeting_record(store, mid)["duration_minutes"] == 89


def test_exactly_90_minutes_is_enough(store, people):
    mid = run_meeting(store, people, start="14:00", end="15:30")
    assert meetings.meeting_record(store, mid)["status"] == "finalised"


def test_resume_after_reopening_the_file_at_the_same_step(tmp_path):
    path = tmp_path / "cell.sqlite"
    with open_store(path) as store:
        demo_store(store)
        mid = meetings.create_meeting(store, dt.date(2024, 4, 3))
        s = MeetingSession(store, mid)
        assert s.accept().ok and s.accept().ok and s.current == "proceedings"
        s.back()
        assert s.current == "opening"
        meetings.update(store, mid, report="Đang ghi dở…")
    with open_store(path) as store:
        s = MeetingSession(store, mid)
        assert s.current == "opening" and s.wizard.can_go_back
        assert s.record()["report"] == "Đang ghi dở…"
        s.goto("proceedings")
        with pytest.raises(Exception):
            s.goto("readback")  # never reached


def test_manual_tick_is_stored(tmp_path):
    path = tmp_path / "cell.sqlite"
    with open_store(path) as store:
        demo_store(store)
        mid = meetings.create_meeting(store, dt.date(2024, 4, 3))
        s = MeetingSession(store, mid)
        assert not {e.item.id: e.ticked for e in s.checklist()}["prep-committee"]
        s.tick("prep-committee", True)
    with open_store(path) as store:
        s = MeetingSession(store, mid)
        assert {e.item.id: e.ticked for e in s.checklist()}["prep-committee"]


def test_roll_is_a_snapshot_of_the_cell_on_the_day(store, people):
    mid = run_meeting(store, people)
    lan = get_member(store, people["Lê Thị Lan"].id)
    lan.full_name = "Lê Thị Lan Anh"
    save_member(store, lan, today=dt.date(2024, 5, 1))
    assert meetings.meeting_record(store, mid)["minute_taker"] == "Lê Thị Lan"


def test_amend_makes_a_new_version_and_keeps_the_old(store, people):
    mid = run_meeting(store, people)
    with pytest.raises(ValueError, match="lý do"):
        meetings.amend(store, mid, "  ")
    new = meetings.amend(store, mid, "Ghi sai tên người phát biểu")
    meetings.update(store, new, summary="Chi bộ thống nhất cao.")
    old, cur = meetings.meeting_record(store, mid), meetings.meeting_record(store, new)
    assert old["summary"] == "Chi bộ thống nhất." and old["status"] == "finalised"
    assert cur["version"] == 2 and cur["amends"] == mid and cur["status"] == "draft"
    assert cur["number"] == old["number"]
    assert cur["attendance"] == old["attendance"] and cur["speeches"] == old["speeches"]
    with pytest.raises(ValueError, match="bản mới nhất"):
        meetings.amend(store, mid, "lần nữa")
    listed = {m["id"]: m for m in meetings.list_meetings(store)}
    assert listed[mid]["superseded"] and not listed[new]["superseded"]


def test_next_meeting_reviews_last_meetings_tasks(store, people):
    first = run_meeting(store, people, tasks=[("Phạm Đức Anh", "Nộp đề tài"),
                                              ("Lê Thị Lan", "Hoàn thiện hồ sơ")])
    second = meetings.create_meeting(store, dt.date(2024, 5, 3))
    prev = meetings.previous_tasks(store, second)
    assert [t["text"] for t in prev] == ["Nộp đề tài", "Hoàn thiện hồ sơ"]
    meetings.review_previous_task(store, second, prev[0]["id"], "done")
    meetings.review_previous_task(store, second, prev[1]["id"], "partly", "Còn thiếu 1 biên bản")
    meetings.review_previous_task(store, second, prev[1]["id"], "not_done", "Chưa làm")
    r = meetings.meeting_record(store, second)
    assert [(t["outcome"], t["note"]) for t in r["previous_tasks"]] == [
        ("done", ""), ("not_done", "Chưa làm")]
    assert meetings.previous_meeting_id(store, second) == first


def test_attachments_are_copied_with_their_sha256(store, people, tmp_path):
    mid = meetings.create_meeting(store, dt.date(2024, 4, 3))
    doc = tmp_path / "tai-lieu.pdf"
    doc.write_bytes(b"%PDF-1.4 test document")
    meetings.attach_file(store, mid, doc)
    doc.unlink()  # the original may go away: the app keeps its own copy
    att = meetings.meeting_record(store, mid)["attachments"][0]
    assert att["sha256"] == hashlib.sha256(b"%PDF-1.4 test document").hexdigest()
    assert meetings.attachment_bytes(store, att["sha256"]) == b"%PDF-1.4 test document"


@pytest.mark.parametrize("for_, passed", [(10, False), (11, True), (20, True)])
def test_vote_needs_more_than_half_of_the_voting_base(store, people, for_, passed):
    """21 voting members in the base (20 present): 11 is the smallest count that passes."""
    mid = meetings.create_meeting(store, dt.date(2024, 4, 3))
    meetings.mark_all_present(store, mid)
    meetings.set_presence(store, mid, people["Trịnh Thị Mai"].id, "absent_reason", "Ốm")
    fig = meetings.figures(store, mid)
    assert (fig.voting_base, fig.voting_present) == (21, 20)
    # A full member absent with reason stays in the voting base (it is not an official excuse).
    result = meetings.record_vote(store, mid, "Nghị quyết", for_, 20 - for_, 0)
    assert result.passed is passed
    stored = meetings.meeting_record(store, mid)["votes"][0]
    assert (stored["for"], stored["base"], stored["passed"]) == (for_, 21, passed)


def test_probationary_members_do_not_count_in_the_vote(store, people):
    mid = meetings.create_meeting(store, dt.date(2024, 4, 3))
    meetings.mark_all_present(store, mid)
    fig = meetings.figures(store, mid)
    assert fig.present == 23 and fig.voting_present == 21  # 2 probationary present, not voting
    with pytest.raises(ValueError, match="21"):
        meetings.record_vote(store, mid, "Nghị quyết", 22, 0, 0)


def test_meetings_list_and_numbering_per_year(store, people):
    a = run_meeting(store, people, day=dt.date(2024, 4, 3))
    b = run_meeting(store, people, day=dt.date(2024, 5, 3))
    rows = meetings.list_meetings(store)
    assert [(r["date"], r["number"], r["status"]) for r in rows] == [
        ("2024-04-03", "01-BB/CB", "finalised"), ("2024-05-03", "02-BB/CB", "finalised")]
    assert {a, b} == {r["id"] for r in rows}
