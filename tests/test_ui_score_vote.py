"""The Scoring and Read-back steps through the real widgets: the score is voted on with a planned
end time; an actual end that changes the score stops finalisation with the old and new score,
takes the secretary back to the vote, and the minutes are finalised only once the cell voted
again (pytest-qt, real SQLite file)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app import meeting_score, meetings
from app.members import list_members

from meeting_helpers import run_meeting
from uihelpers import SHOTS, demo_store, save_shot, store, type_text, ui_env, window  # noqa: F401


def set_text(widget, text):
    widget.setFocus()
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key_Delete)
    type_text(widget, text)


def type_number(spin, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, str(value))
    QTest.keyClick(spin, Qt.Key_Tab)


def pick(combo, data) -> None:
    """Choose an item with the keyboard (Down from the first item until it is reached)."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        QTest.keyClick(combo, Qt.Key_Down)
    assert combo.currentData() == data


@pytest.fixture
def at_scoring(window, demo_store):
    """A meeting held 14:00 to … (end not recorded) stopped at its Scoring step, opened."""
    people = {m.full_name: m for m in list_members(demo_store)}
    mid = run_meeting(demo_store, people, finalise=False, start="14:00")
    meetings.update(demo_store, mid, end=None, read_back=False)
    from app.session import MeetingSession

    MeetingSession(demo_store, mid).goto("scoring")
    view = window.shell.show_section("meetings")
    view.table.selectRow(next(i for i, r in enumerate(view.rows) if r["id"] == mid))
    return view, mid


def test_a_changed_end_time_asks_for_the_vote_again(at_scoring, demo_store, qtbot, monkeypatch):
    from ui import widgets

    view, mid = at_scoring
    asked = []

    def answer(kind, title, text, choices):
        asked.append((title, text, [k for k, _label in choices]))
        keys = [k for k, _label in choices]
        return "go" if "go" in keys else "yes"
    monkeypatch.setattr(widgets, "answer_hook", answer)
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    assert frame.shown == "scoring"

    # The Scoring step: the manual criteria, the planned end, the vote.
    page = frame.current_page()
    assert not page.planned_sitting_end.isVisibleTo(frame)   # not a combined sitting
    for widget in page.inputs.values():
        crit = widget.crit
        if crit.kind == "band":
            pick(widget.input, max(crit.bands, key=lambda b: b["points"])["id"])
        elif crit.kind == "yesno":
            pick(widget.input, True)
        elif crit.kind == "points":
            type_number(widget.input, int(crit.max))
    frame.flush()
    duration = page.inputs["duration"]
    assert duration.input.value() == 0                        # no end yet: no duration points
    set_text(page.planned_end, "15:35")                       # 95 minutes planned
    frame.flush()
    assert duration.input.value() == 5 and page.inputs["minutes_read"].input.value() == 3
    assert page.planned_read_back.isChecked()
    type_number(page.vote["for"], 19)
    frame.flush()
    assert "90" in page.total.text() and "Tốt" in page.total.text()
    assert not page.vote_problem.isVisible() and not page.revote_button.isVisible()
    assert meeting_score.voted_on(demo_store, mid) == {"total": 90, "rating": "Tốt"}
    if SHOTS:
        page.scroll.ensureWidgetVisible(page.planned_end)
        save_shot(frame, "score_step_planned", (1366, 768), folder="score_vote")
    qtbot.mouseClick(frame.next_button, Qt.LeftButton)
    assert frame.shown == "readback", frame.status.text()

    # The Read-back step: the meeting ends at 15:00 (60 minutes), not 15:35.
    page = frame.current_page()
    set_text(page.end, "15:00")
    set_text(page.short_reason, "Đồng chí Bí thư phải đi họp Đảng ủy Trường.")
    page.read_back.setFocus()
    QTest.keyClick(page.read_back, Qt.Key_Space)
    frame.flush()
    assert "biểu quyết lại" in page.score_note.text() and "85 điểm (Khá)" in page.score_note.text()
    if SHOTS:
        page.scroll.ensureWidgetVisible(page.finalise_button)
        save_shot(frame, "readback_score_changed", (1366, 768), folder="score_vote")
    qtbot.mouseClick(page.finalise_button, Qt.LeftButton)
    title, text, keys = asked[-1]
    assert keys == ["go", "stay"]
    assert "biểu quyết lại" in title
    assert "90 điểm (Tốt)" in text and "85 điểm (Khá)" in text
    assert meetings.meeting_record(demo_store, mid)["status"] == "draft"
    assert not frame.read_only
    if SHOTS:
        box, _buttons = widgets.message_box(frame, title, text, [
            ("go", "Sang bước Chấm điểm"), ("stay", "Ở lại")], kind="warning")
        save_shot(box, "vote_again_message", folder="score_vote")
        box.close()

    # Back at the Scoring step: the old and new score, and the vote to take again.
    assert frame.shown == "scoring"
    page = frame.current_page()
    assert page.vote_problem.isVisible() and page.revote_button.isVisible()
    assert "90 điểm (Tốt)" in page.vote_problem.text() and "85 điểm (Khá)" in page.vote_problem.text()
    assert page.planned_end.text() == "15:00" and not page.planned_end.isEnabled()
    assert "85" in page.total.text() and "Khá" in page.total.text()
    if SHOTS:
        page.scroll.ensureWidgetVisible(page.revote_button)
        save_shot(frame, "score_step_vote_again", (1366, 768), folder="score_vote")
    # Going on without voting again: still refused.
    qtbot.mouseClick(frame.next_button, Qt.LeftButton)
    assert frame.shown == "readback"
    qtbot.mouseClick(frame.current_page().finalise_button, Qt.LeftButton)
    assert frame.shown == "scoring" and meetings.meeting_record(demo_store, mid)["status"] == "draft"

    # The cell votes again, on 85 (Khá).
    page = frame.current_page()
    qtbot.mouseClick(page.revote_button, Qt.LeftButton)
    frame.flush()
    assert not page.vote_problem.isVisible()
    qtbot.mouseClick(frame.next_button, Qt.LeftButton)
    assert frame.shown == "readback"
    qtbot.mouseClick(frame.current_page().finalise_button, Qt.LeftButton)
    assert frame.read_only, frame.status.text()
    r = meetings.meeting_record(demo_store, mid)
    assert r["status"] == "finalised" and r["end"] == "15:00"
    assert (r["score"]["total"], r["score"]["rating"]) == (85, "Khá")
    assert r["score"]["voted_on"] == {"total": 85, "rating": "Khá"}
    assert r["score"]["vote"] == {"for": 19, "against": 0, "abstain": 0}


@pytest.fixture
def at_sitting_scoring(window, demo_store):
    """The regular part of a combined sitting (the thematic part follows) at its Scoring step,
    opened: its end, the read-back and the thematic part not recorded yet."""
    from test_sitting_score import regular_part_at_scoring

    people = {m.full_name: m for m in list_members(demo_store)}
    mid, them = regular_part_at_scoring(demo_store, people)
    view = window.shell.show_section("meetings")
    view.table.selectRow(next(i for i, r in enumerate(view.rows) if r["id"] == mid))
    return view, mid, them


def test_the_score_step_of_a_sitting_takes_the_planned_end_of_the_whole_sitting(
        at_sitting_scoring, demo_store, qtbot, monkeypatch):
    from ui import widgets

    view, mid, them = at_sitting_scoring
    monkeypatch.setattr(widgets, "answer_hook", lambda kind, title, text, choices: "yes")
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    assert frame.shown == "scoring"
    page = frame.current_page()
    # The row is there for a part followed by another part of the sitting.
    assert page.planned_sitting_end.isVisibleTo(frame)
    assert "cả phần chuyên đề" in page.sitting_label.text()
    for widget in page.inputs.values():
        crit = widget.crit
        if crit.kind == "band":
            pick(widget.input, max(crit.bands, key=lambda b: b["points"])["id"])
        elif crit.kind == "yesno":
            pick(widget.input, True)
        elif crit.kind == "points":
            type_number(widget.input, int(crit.max))
    set_text(page.planned_end, "15:35")
    frame.flush()
    duration = page.inputs["duration"]
    assert duration.input.value() == 0              # the sitting's total is not known
    assert "85" in page.total.text() and "Khá" in page.total.text()
    assert page.vote_problem.isVisible() and not page.revote_button.isVisible()
    assert "cả phần chuyên đề" in page.vote_problem.text()
    # A time that is not one: said, and nothing of it kept.
    set_text(page.planned_sitting_end, "16:75")
    assert page.planned_sitting_end_error.isVisible()
    frame.flush()
    assert meeting_score.planned(demo_store, mid).get("sitting_end") is None
    # 14:00 to 16:40: 160 minutes for the whole sitting.
    set_text(page.planned_sitting_end, "16:40")
    assert not page.planned_sitting_end_error.isVisible()
    frame.flush()
    assert duration.input.value() == 5
    assert "160" in duration.facts.text()
    assert "90" in page.total.text() and "Tốt" in page.total.text()
    type_number(page.vote["for"], 19)
    frame.flush()
    assert meeting_score.planned(demo_store, mid)["sitting_end"] == "16:40"
    record = meetings.meeting_record(demo_store, mid)
    assert (record["score"]["total"], record["score"]["rating"]) == (90, "Tốt")
    assert record["score"]["voted_on"] == {"total": 90, "rating": "Tốt"}
    assert record["score"]["planned"]["sitting_end"] == "16:40"
    assert record["sitting"]["planned_end"] == "16:40"
    assert not page.vote_problem.isVisible()
    if SHOTS:
        page.scroll.ensureWidgetVisible(page.planned_sitting_end)
        save_shot(frame, "score_step_sitting_end", (1366, 768), folder="score_vote")

    # The read-back and finalisation of the regular part: the score stands as voted.
    qtbot.mouseClick(frame.next_button, Qt.LeftButton)
    assert frame.shown == "readback", frame.status.text()
    page = frame.current_page()
    set_text(page.end, "15:35")
    page.read_back.setFocus()
    QTest.keyClick(page.read_back, Qt.Key_Space)
    frame.flush()
    qtbot.mouseClick(page.finalise_button, Qt.LeftButton)
    assert frame.read_only, frame.status.text()
    record = meetings.meeting_record(demo_store, mid)
    assert record["status"] == "finalised"
    assert (record["score"]["total"], record["score"]["rating"]) == (90, "Tốt")
    # Seen again (read-only), the planned sitting end is shown, not editable.
    steps = frame.steps
    item = next(steps.item(i) for i in range(steps.count())
                if steps.item(i).data(Qt.UserRole) == "scoring")
    steps.scrollToItem(item)
    qtbot.mouseClick(steps.viewport(), Qt.LeftButton, pos=steps.visualItemRect(item).center())
    assert frame.shown == "scoring"
    page = frame.current_page()
    assert page.planned_sitting_end.text() == "16:40"
    assert not page.planned_sitting_end.isEnabled()


def test_the_last_part_of_a_sitting_says_when_its_end_changes_the_voted_score(
        window, demo_store, qtbot, monkeypatch):
    from ui import widgets

    from test_sitting_score import score_and_finalise_regular
    from test_thematic import run_thematic

    people = {m.full_name: m for m in list_members(demo_store)}
    regular, them = score_and_finalise_regular(demo_store, people)  # voted on 90 (Tốt)
    # The thematic part ends at 15:50: the sitting lasted 110 minutes, not the 160 planned.
    run_thematic(demo_store, people, them, start="15:38", end="15:50", roll=False,
                 finalise=False)
    meetings.update(demo_store, them, short_reason="Mất điện")
    asked = []
    monkeypatch.setattr(widgets, "answer_hook",
                        lambda kind, title, text, choices: asked.append(text) or "yes")
    view = window.shell.show_section("meetings")
    view.table.selectRow(next(i for i, r in enumerate(view.rows) if r["id"] == them))
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    assert frame.shown == "readback"
    page = frame.current_page()
    said = page.duration.text()
    assert "15:50" in said and "16:40" in said and "90 điểm (Tốt)" in said
    assert "sửa đổi biên bản phần thứ 1" in said
    qtbot.mouseClick(page.finalise_button, Qt.LeftButton)
    assert not frame.read_only
    assert "16:40" in frame.status.text()
    assert meetings.meeting_record(demo_store, them)["status"] == "draft"
    if SHOTS:
        page.scroll.ensureWidgetVisible(page.duration)
        save_shot(frame, "readback_sitting_end_changes_score", (1366, 768), folder="score_vote")
    # The end had been typed wrongly: corrected, the part is finalised.
    set_text(page.end, "16:45")
    frame.flush()
    assert "16:40" not in page.duration.text()
    qtbot.mouseClick(page.finalise_button, Qt.LeftButton)
    assert frame.read_only, frame.status.text()
    assert meetings.meeting_record(demo_store, them)["status"] == "finalised"


@pytest.mark.parametrize("typed", ["1535", "15h35", "15.35", "15g35"])
def test_a_planned_end_typed_as_1535_reads_and_shows_as_15_35(at_scoring, demo_store, qtbot,
                                                             typed):
    view, mid = at_scoring
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    page = frame.current_page()
    set_text(page.planned_end, typed)
    QTest.keyClick(page.planned_end, Qt.Key_Tab)               # typing finished
    frame.flush()
    assert page.planned_end.text() == "15:35"
    assert not page.planned_end_error.isVisible()
    assert meeting_score.planned(demo_store, mid)["end"] == "15:35"
    assert page.inputs["duration"].input.value() == 5          # 95 minutes counted

    set_text(page.planned_end, "25h")                          # no such hour: refused
    QTest.keyClick(page.planned_end, Qt.Key_Tab)
    frame.flush()
    assert page.planned_end.text() == "25h"
    assert page.planned_end_error.isVisible()
    assert page.planned_end_error.text() == "Nhập giờ theo dạng GG:PP, ví dụ 14:00."
    assert meeting_score.planned(demo_store, mid)["end"] == "15:35"   # the last valid one kept
