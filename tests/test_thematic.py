"""Thematic meetings and combined sittings, driven through the procedure engine."""
import datetime as dt

import pytest

from app import meetings, thematic
from app.session import MeetingSession

from meeting_helpers import people, store  # noqa: F401 (fixtures)

DAY = dt.date(2024, 4, 3)


def run_thematic(store, people, mid, start="16:00", end="17:00", roll=True, finalise=True):
    s = MeetingSession(store, mid)
    assert s.procedure.kind == "thematic" and s.current == "before"
    thematic.set_topic(store, mid, briefing_date=dt.date(2024, 3, 20),
                       briefing_notes="Thống nhất mục đích, bố cục", approved=dt.date(2024, 3, 28),
                       sent=dt.date(2024, 3, 29))
    thematic.add_version(store, mid, text="Dự thảo chuyên đề lần 1", day=dt.date(2024, 3, 25))
    assert s.accept().ok                                   # before -> opening
    meetings.update(store, mid, start=start, purpose=s.purpose_text(),
                    minute_taker_id=people["Lê Thị Lan"].id, agenda_approved=True)
    if roll:
        meetings.mark_all_present(store, mid)
    assert s.accept().ok                                   # opening -> proceedings
    thematic.set_texts(store, mid, topic_purpose="Nâng cao nhận thức về y đức",
                       drafter_response="Tiếp thu, bổ sung phần liên hệ thực tiễn")
    meetings.update(store, mid, report="Đồng chí Phạm Đức Anh trình bày dự thảo.")
    meetings.add_item(store, mid, "speech", member_id=people["Phạm Đức Anh"].id,
                      kind="opinion", text="Trình bày dự thảo chuyên đề")
    meetings.add_item(store, mid, "speech", member_id=people["Hoàng Thị Thu Hằng"].id,
                      kind="opinion", text="Chuyên đề thiết thực, đề nghị thêm ví dụ")
    assert s.accept().ok                                   # proceedings -> closing
    meetings.update(store, mid, orientation="Chuyên đề chuẩn bị công phu.",
                    summary="Bổ sung ví dụ thực tiễn trước khi gửi đảng viên.")
    assert s.accept().ok                                   # closing -> readback
    meetings.update(store, mid, end=end, read_back=True)
    if finalise:
        outcome = s.accept()
        assert outcome.ok and outcome.finalised, outcome.errors
    return s


def test_thematic_meeting_end_to_end(store, people):
    mid = thematic.create_thematic(store, DAY, title="Học tập và làm theo tấm gương đạo đức Hồ "
                                   "Chí Minh về y đức", group="ho_chi_minh",
                                   drafter_id=people["Phạm Đức Anh"].id)
    s = run_thematic(store, people, mid, start="14:00", end="15:35")
    r = meetings.meeting_record(store, mid)
    assert r["kind"] == "thematic" and r["status"] == "finalised"
    assert r["topic"]["title"].startswith("Học tập và làm theo") and r["topic"]["drafter"] == \
        "Phạm Đức Anh"
    assert r["topic"]["group"] and r["topic"]["versions"][0]["sha256"]
    assert "Học tập và làm theo tấm gương" in r["purpose"]  # the thematic purpose template
    # After the meeting: the final version, sent to members, reported upward.
    assert s.current == "after"
    thematic.add_version(store, mid, text="Chuyên đề hoàn chỉnh", final=True, day=DAY)
    from app.meeting_docs import documents_for
    assert [d["kind"] for d in documents_for(store, mid, "topic")] == ["topic"]  # stored at once
    thematic.record_follow_up(store, mid, final_sent=dt.date(2024, 4, 10),
                              reported=dt.date(2024, 4, 12))
    facts = s.facts()
    assert facts["final_version_saved"] and facts["final_sent"] and facts["reported_upward"]
    assert s.accept().ok and s.wizard.finished
    r = meetings.meeting_record(store, mid)
    assert [v["final"] for v in r["topic"]["versions"]] == [False, True]
    assert r["topic"]["reported"] == "2024-04-12"
    with pytest.raises(meetings.MeetingLockedError):  # the minutes themselves are locked
        thematic.set_topic(store, mid, title="Đổi tên")


def test_unknown_topic_group_and_empty_title_refused(store, people):
    with pytest.raises(ValueError, match="tiêu đề|tên"):
        thematic.create_thematic(store, DAY, title="  ", group="ho_chi_minh")
    with pytest.raises(ValueError, match="không hợp lệ|Không rõ|Unknown|nhóm"):
        thematic.create_thematic(store, DAY, title="Chuyên đề", group="khong-co")


@pytest.mark.parametrize("thematic_first", [False, True])
def test_combined_sitting_in_both_orders(store, people, thematic_first):
    sitting, regular, them = thematic.create_combined_sitting(
        store, DAY, title="Phòng chống suy thoái tư tưởng", group="degradation",
        drafter_id=people["Đinh Công Sơn"].id, thematic_first=thematic_first, rule_date=DAY)
    first, second = (them, regular) if thematic_first else (regular, them)
    # One roll call serves both parts.
    meetings.mark_all_present(store, first)
    meetings.set_presence(store, first, people["Trịnh Thị Mai"].id, "absent_reason", "Ốm")
    for mid in (regular, them):
        a = meetings.meeting_record(store, mid)["attendance"]
        assert a["present"] == 22 and a["absent_with_reason"] == [{"name": "Trịnh Thị Mai",
                                                                   "reason": "Ốm"}]
    # First part 14:00-15:10 (70 min, below 90 alone but fine as a part), second 15:15-16:05.
    times = {first: ("14:00", "15:10"), second: ("15:15", "16:05")}
    _drive(store, people, regular, them, times)
    for mid in (regular, them):
        r = meetings.meeting_record(store, mid)
        assert r["status"] == "finalised"
        assert r["sitting"]["id"] == sitting and r["sitting"]["total_minutes"] == 125
    orders = {mid: meetings.meeting_record(store, mid)["sitting"]["order"] for mid in (regular, them)}
    assert orders[first] == 1 and orders[second] == 2


def _drive(store, people, regular, them, times, expect_ok=True):
    order = sorted((regular, them), key=lambda m: times[m][0])
    outcomes = {}
    for mid in order:
        start, end = times[mid]
        if mid == them:
            s = run_thematic(store, people, mid, start=start, end=end, roll=False, finalise=False)
        else:
            s = MeetingSession(store, mid)
            meetings.update(store, mid, preparation={"content_by": "x", "draft_done": True,
                                                      "committee_met": "2024-04-01",
                                                      "notice_sent": "2024-04-01",
                                                      "documents_sent": "2024-04-01"})
            s.accept()
            meetings.update(store, mid, start=start, purpose=s.purpose_text(),
                            minute_taker_id=people["Lê Thị Lan"].id, agenda_approved=True)
            s.accept(); s.accept(); s.accept(); s.next()
            meetings.update(store, mid, end=end, read_back=True)
        outcomes[mid] = s.accept()
        if expect_ok:
            assert outcomes[mid].ok, outcomes[mid].errors
    return outcomes


def test_short_combined_sitting_is_flagged(store, people):
    _s, regular, them = thematic.create_combined_sitting(
        store, DAY, title="Chuyên đề", group="other", drafter_id=people["Đinh Công Sơn"].id)
    meetings.mark_all_present(store, regular)
    # 14:00-15:30 then 15:30-15:55: 115 minutes in all, under the 120 of a combined sitting.
    outcomes = _drive(store, people, regular, them,
                      {regular: ("14:00", "15:30"), them: ("15:30", "15:55")}, expect_ok=False)
    assert outcomes[regular].ok  # the first part has no minimum of its own
    assert not outcomes[them].ok
    assert any("ngắn hơn" in e.message or "tối thiểu" in e.message
               for e in outcomes[them].errors)
    meetings.update(store, them, short_reason="Mất điện")
    assert MeetingSession(store, them).accept().ok


def test_interleaved_parts_are_refused(store, people):
    _s, regular, them = thematic.create_combined_sitting(
        store, DAY, title="Chuyên đề", group="other", drafter_id=people["Đinh Công Sơn"].id)
    meetings.mark_all_present(store, regular)
    meetings.update(store, regular, start="14:00", end="15:30")
    meetings.update(store, them, start="15:00", end="16:10")
    problems = meetings.finalise_problems(store, them)
    assert any("nối tiếp" in p for p in problems)


def test_plan_item_becomes_held_when_the_thematic_meeting_is_finalised(store, people):
    from app.planning import add_thematic, get_plan_item, thematic_compliance

    item = add_thematic(store, 2024, title="Y đức", topic_group="ho_chi_minh",
                        drafter_id=people["Phạm Đức Anh"].id, planned_date=DAY)
    mid = thematic.create_thematic(store, DAY, title=item.title, group=item.topic_group,
                                   drafter_id=item.drafter_id, plan_item_id=item.id)
    assert get_plan_item(store, item.id).meeting_id == mid
    assert meetings.meeting_record(store, mid)["topic"]["in_plan"] is True
    run_thematic(store, people, mid, start="14:00", end="15:35")
    assert get_plan_item(store, item.id).status == "held"
    assert thematic_compliance(store, 2024, today=dt.date(2024, 6, 1))[2] == "held"
