"""Thematic meetings, combined sittings (both orders, a short one flagged) and the Scoring page
through the real wizard widgets (pytest-qt, real SQLite file)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app import meetings

from test_ui_wizard import (choose, click_next, demo_store, set_text, start_new_regular,  # noqa: F401
                            tick, yes_to_everything)
from uihelpers import on_modal, store, type_text, ui_env, window  # noqa: F401


@pytest.fixture
def view(window):
    return window.shell.show_section("meetings")


def new_meeting(view, qtbot, button, day, order_thematic_first=None):
    errors = []

    def fill(dialog):
        set_text(dialog.date, day)
        type_text(dialog.title, "Học tập tấm gương đạo đức Hồ Chí Minh về y đức")
        choose(dialog.group, "ho_chi_minh")
        choose(dialog.drafter, text="Phạm Đức Anh")
        if order_thematic_first is not None:
            dialog.order.button(1 if order_thematic_first else 0).setChecked(True)
            set_text(dialog.reason, "Trùng lịch thi")
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    on_modal(fill, errors)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert errors == []
    return view.wizard


def drive_before(frame, qtbot):
    page = frame.current_page()
    set_text(page.briefing_date, "20/11/2026")
    set_text(page.briefing_notes, "Thống nhất bố cục")
    set_text(page.versions.text, "Dự thảo chuyên đề lần 1")
    qtbot.mouseClick(page.versions.save, Qt.LeftButton)
    set_text(page.dates["approved"], "25/11/2026")
    set_text(page.dates["sent"], "26/11/2026")
    click_next(frame, qtbot, "opening")


def drive_opening(frame, qtbot, start, roll=True):
    page = frame.current_page()
    set_text(page.start, start)
    if roll:
        qtbot.mouseClick(page.all_present, Qt.LeftButton)
    choose(page.minute_taker, text="Lê Thị Lan")
    if not page.agenda_approved.isChecked():
        tick(page.agenda_approved)
    click_next(frame, qtbot, "proceedings")


def drive_thematic(frame, qtbot, start, end, roll=True, finalise=True):
    assert frame.kind == "thematic" and frame.shown == "before"
    drive_before(frame, qtbot)
    drive_opening(frame, qtbot, start, roll)
    page = frame.current_page()
    set_text(page.texts["topic_purpose"], "Nâng cao nhận thức về y đức")
    set_text(page.texts["report"], "Đồng chí Phạm Đức Anh trình bày dự thảo")
    page.speaker.setFocus()
    QTest.keyClick(page.speaker, Qt.Key_H)
    QTest.keyClick(page.speaker, Qt.Key_Return)
    type_text(list(page.speech_rows.values())[0].text, "Chuyên đề thiết thực")
    set_text(page.texts["drafter_response"], "Tiếp thu, bổ sung ví dụ")
    click_next(frame, qtbot, "closing")
    page = frame.current_page()
    set_text(page.evaluation, "Chuẩn bị công phu")
    set_text(page.conclusion, "Bổ sung ví dụ thực tiễn")
    click_next(frame, qtbot, "readback")
    return drive_readback(frame, qtbot, end, finalise)


def drive_readback(frame, qtbot, end, finalise=True):
    page = frame.current_page()
    set_text(page.end, end)
    tick(page.read_back)
    frame.flush()
    if finalise:
        qtbot.mouseClick(page.finalise_button, Qt.LeftButton)
    return page


def drive_regular(frame, qtbot, start, end, roll=True, finalise=True):
    assert frame.kind == "regular" and frame.shown == "preparation"
    click_next(frame, qtbot, "opening")
    drive_opening(frame, qtbot, start, roll)
    page = frame.current_page()
    set_text(page.texts["report"], "Báo cáo tháng")
    click_next(frame, qtbot, "closing")
    click_next(frame, qtbot, "scoring")
    click_next(frame, qtbot, "readback")
    return drive_readback(frame, qtbot, end, finalise)


def test_thematic_meeting_through_the_wizard(view, demo_store, qtbot, monkeypatch):
    yes_to_everything(monkeypatch)
    # held before the tests' today (30/11/2026): an upload is recorded only once it is made
    frame = new_meeting(view, qtbot, view.thematic_button, "27/11/2026")
    mid = frame.meeting_id
    assert [frame.steps.item(i).data(Qt.UserRole) for i in range(frame.steps.count())] == \
        ["before", "opening", "proceedings", "closing", "readback", "after"]
    drive_thematic(frame, qtbot, "14:00", "15:40")
    assert frame.read_only and frame.shown == "after"        # the step after the meeting
    page = frame.current_page()
    assert not page.versions.text.isReadOnly()               # still recorded when finalised
    set_text(page.versions.text, "Chuyên đề hoàn chỉnh")
    qtbot.mouseClick(page.versions.save, Qt.LeftButton)
    set_text(page.dates["final_sent"], "15/12/2026")
    set_text(page.dates["reported"], "16/12/2026")
    set_text(page.final_handbook, "28/11/2026")     # HD 42: within 2 days after the meeting
    frame.flush()
    r = meetings.meeting_record(demo_store, mid)
    assert r["kind"] == "thematic" and r["status"] == "finalised"
    topic = r["topic"]
    assert topic["title"] == "Học tập tấm gương đạo đức Hồ Chí Minh về y đức"
    assert topic["drafter"] == "Phạm Đức Anh" and topic["group_id"] == "ho_chi_minh"
    assert [v["final"] for v in topic["versions"]] == [False, True]
    assert all(len(v["sha256"]) == 64 for v in topic["versions"])
    assert (topic["briefing"]["date"], topic["approved"], topic["sent"]) == \
        ("2026-11-20", "2026-11-25", "2026-11-26")
    assert (topic["final_sent"], topic["reported"]) == ("2026-12-15", "2026-12-16")
    assert r["topic_purpose"] == "Nâng cao nhận thức về y đức"
    assert r["drafter_response"] == "Tiếp thu, bổ sung ví dụ"
    assert r["evaluation"] == "Chuẩn bị công phu" and r["conclusion"] == "Bổ sung ví dụ thực tiễn"
    assert [s["text"] for s in r["speeches"]] == ["Chuyên đề thiết thực"]
    assert r["duration_minutes"] == 100 and r["attendance"]["present"] == 23
    checklist = [frame.checklist.item(i).checkState() for i in range(frame.checklist.count())]
    assert checklist == [Qt.Checked] * 4
    assert r["final_on_handbook"] == "2026-11-28"


@pytest.mark.parametrize("thematic_first", [False, True])
def test_combined_sitting_in_both_orders(view, demo_store, qtbot, monkeypatch, thematic_first):
    yes_to_everything(monkeypatch)
    frame = new_meeting(view, qtbot, view.combined_button, "10/12/2026", thematic_first)
    first = frame.meeting_id
    assert frame.kind == ("thematic" if thematic_first else "regular")
    assert "phần 1/2" in frame.title.text()
    drive = {"thematic": drive_thematic, "regular": drive_regular}
    drive[frame.kind](frame, qtbot, "14:00", "15:10")        # 70 minutes: fine for a first part
    assert frame.read_only and frame.next_part_button.isVisible()
    qtbot.mouseClick(frame.next_part_button, Qt.LeftButton)
    frame = view.wizard
    second = frame.meeting_id
    assert second != first and "phần 2/2" in frame.title.text()
    if frame.kind == "thematic":
        drive_before(frame, qtbot)
    else:
        click_next(frame, qtbot, "opening")
    page = frame.current_page()
    # One roll call serves both parts: already filled here, and said so.
    assert page.sitting_note.isVisible() and "Đã điểm danh ở phần 1" in page.sitting_note.text()
    assert page.figures["present"].text() == "23" and not page.all_present.isEnabled()
    frame.go_back()
    drive[frame.kind](frame, qtbot, "15:15", "16:05", roll=False)
    assert frame.read_only, frame.status.text()
    for mid, order in ((first, 1), (second, 2)):
        r = meetings.meeting_record(demo_store, mid)
        assert r["status"] == "finalised" and r["sitting"]["order"] == order
        assert r["sitting"]["total_minutes"] == 125
        assert r["attendance"]["present"] == 23
    regular = first if not thematic_first else second
    assert meetings.meeting_record(demo_store, regular)["off_rule_reason"] == "Trùng lịch thi"


def test_short_combined_sitting_is_flagged_and_needs_a_reason(view, demo_store, qtbot,
                                                              monkeypatch):
    yes_to_everything(monkeypatch)
    frame = new_meeting(view, qtbot, view.combined_button, "10/12/2026", False)
    drive_regular(frame, qtbot, "14:00", "15:30")
    qtbot.mouseClick(frame.next_part_button, Qt.LeftButton)
    frame = view.wizard
    page = drive_thematic(frame, qtbot, "15:30", "15:55", roll=False, finalise=False)
    assert "115" in page.duration.text() and "120" in page.duration.text()
    assert "kết hợp" in page.duration.text()
    qtbot.mouseClick(page.finalise_button, Qt.LeftButton)
    assert not frame.read_only                                # refused: no reason yet
    assert "lý do" in frame.status.text()
    set_text(page.short_reason, "Mất điện")
    qtbot.mouseClick(page.finalise_button, Qt.LeftButton)
    assert frame.read_only
    r = meetings.meeting_record(demo_store, frame.meeting_id)
    assert r["short_reason"] == "Mất điện" and r["sitting"]["total_minutes"] == 115


def test_scoring_page_override_needs_a_reason(view, demo_store, qtbot):
    frame = start_new_regular(view, qtbot)
    mid = frame.meeting_id
    for step in ("opening", "proceedings", "closing", "scoring"):
        click_next(frame, qtbot, step)
    page = frame.current_page()
    assert "03-KH/ĐUK" in page.note.text() and page.note.isVisible()   # a default, to check
    for widget in page.inputs.values():
        if widget.crit.kind == "band":
            widget.input.setCurrentIndex(1)
        elif widget.crit.kind == "yesno":
            choose(widget.input, True)
        elif widget.crit.kind == "points":
            widget.input.setValue(widget.crit.max)
    frame.flush()
    assert meetings.meeting_record(demo_store, mid)["score"] is not None
    total = meetings.meeting_record(demo_store, mid)["score"]["total"]
    duration = page.inputs["duration"]
    assert duration.suggested == 0 and "Gợi ý 0 điểm" in duration.facts.text()
    assert not duration.reason.isVisible()
    duration.input.setValue(5)                                # override without a reason
    frame.flush()
    assert duration.reason.isVisible()
    assert "cần có lý do" in page.problems.text() or "lý do" in page.problems.text()
    assert meetings.meeting_record(demo_store, mid)["score"] is None   # nothing half-valid kept
    type_text(duration.reason, "Họp đủ giờ, quên ghi giờ kết thúc")
    frame.flush()
    score = meetings.meeting_record(demo_store, mid)["score"]
    assert score["total"] == total + 5
    crit = next(c for g in score["groups"] for c in g["criteria"] if c["suggested"] == 0
                and c["points"] == 5)
    assert crit["reason"] == "Họp đủ giờ, quên ghi giờ kết thúc"
    assert "Tổng điểm" in page.total.text() and score["rating"] in page.total.text()
    # A disciplined member caps the rating (a forced rating in the rubric).
    before = score["rating"]
    tick(page.disciplined)
    frame.flush()
    assert meetings.meeting_record(demo_store, mid)["score"]["rating"] in ("Trung bình", "Yếu")
    assert page.adjustments.isVisible() == (before in ("Tốt", "Khá"))
    # Reopened: the entries are as they were left.
    qtbot.mouseClick(frame.list_button, Qt.LeftButton)
    view.open_meeting(mid)
    page = view.wizard.page("scoring")
    page.reload()
    assert page.inputs["duration"].input.value() == 5
    assert page.inputs["duration"].reason.text() == "Họp đủ giờ, quên ghi giờ kết thúc"
    assert page.disciplined.isChecked()
