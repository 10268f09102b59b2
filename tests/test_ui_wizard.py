"""The meeting wizard through the real widgets (pytest-qt, real SQLite file): a whole regular
meeting typed and clicked through to the finalised minutes, going back, resuming after the
window was closed mid-meeting (text typed less than the commit delay before closing included),
a finalised meeting read-only, and one step driven with the keyboard alone."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app import meetings
from app.settings import load_settings

from uihelpers import on_modal, store, type_text, ui_env, window  # noqa: F401


@pytest.fixture
def demo_store(store):
    """The demo cell with its meetings (three finalised, one in progress), as `chibo demo`."""
    from app.demo import add_demo_meetings, create_demo

    create_demo(store)
    add_demo_meetings(store)
    return store


@pytest.fixture
def view(window):
    return window.shell.show_section("meetings")


def yes_to_everything(monkeypatch):
    from ui import widgets

    asked = []

    def answer(kind, title, text, choices):
        asked.append((title, text))
        return choices[0][0]
    monkeypatch.setattr(widgets, "answer_hook", answer)
    return asked


def set_text(widget, text):
    widget.setFocus()
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key_Delete)
    type_text(widget, text)


def choose(combo, data=None, text=None):
    index = combo.findData(data) if text is None else combo.findText(text)
    assert index >= 0, (data, text)
    combo.setCurrentIndex(index)


def tick(checkbox):
    """Tick a check box as a user does (Space on it; a click in the middle of a wide row's
    check box may miss its text)."""
    checkbox.setFocus()
    QTest.keyClick(checkbox, Qt.Key_Space)
    assert checkbox.isChecked()


def start_new_regular(view, qtbot):
    assert view.next_button.isVisible()
    qtbot.mouseClick(view.next_button, Qt.LeftButton)
    frame = view.wizard
    assert frame is not None and frame.shown == "preparation"
    return frame


def click_next(frame, qtbot, expect):
    qtbot.mouseClick(frame.next_button, Qt.LeftButton)
    assert frame.shown == expect, frame.status.text()


def test_whole_regular_meeting_through_the_widgets(view, demo_store, qtbot, monkeypatch):
    asked = yes_to_everything(monkeypatch)
    item = view.next_item
    frame = start_new_regular(view, qtbot)
    mid = frame.meeting_id
    r = meetings.meeting_record(demo_store, mid)
    assert r["date"] == item.planned_date.isoformat()            # the plan's date ...
    from app.planning import get_plan_item
    assert get_plan_item(demo_store, item.id).meeting_id == mid  # ... and the plan is linked
    assert [a["id"] for a in r["agenda"]][:2] == ["political-ideological", "current-affairs"]

    # 1. Preparation
    page = frame.current_page()
    choose(page.content_by, text="Nguyễn Thị Hoa")
    set_text(page.draft, "Chi bộ thống nhất nhiệm vụ tháng tới.")
    for key in ("committee_met", "notice_sent", "documents_sent"):
        set_text(page.dates[key], item.planned_date.replace(day=1).strftime("%d/%m/%Y"))
    outcomes = ["done", "partly", "not_done"]
    for n, (combo, note) in enumerate(page.previous_rows.values()):
        choose(combo, outcomes[n % 3])
    assert page.previous_rows, "the October meeting's tasks are listed for review"
    note = next(iter(page.previous_rows.values()))[1]
    set_text(note, "Đã nộp")
    click_next(frame, qtbot, "opening")

    # 2. Opening
    page = frame.current_page()
    set_text(page.start, "14:00")
    qtbot.mouseClick(page.all_present, Qt.LeftButton)
    assert page.figures["present"].text() == "23" and page.figures["rate"].text() == "100%"
    people = {m["name"]: m["member_id"] for m in meetings.roll(demo_store, mid)}
    row = page.rows[people["Trịnh Thị Mai"]]
    choose(row.status, "absent_reason")
    set_text(row.reason, "Đi công tác")
    row2 = page.rows[people["Tạ Quang Vinh"]]
    choose(row2.status, "absent_no_reason")
    set_text(page.rows[people["Bùi Văn Đức"]].late, "14:20")
    frame.flush()
    assert page.figures["present"].text() == "21"
    assert page.figures["base"].text() == "23" and page.figures["rate"].text() == "91,3%"
    assert "Tạ Quang Vinh" in page.warnings.text()            # absent without a reason
    choose(page.minute_taker, text="Lê Thị Lan")
    assert page.minute_taker.findText("Trịnh Thị Mai") < 0     # only members present
    tick(page.agenda_approved)
    click_next(frame, qtbot, "proceedings")

    # 3. Proceedings: two speakers, each with two keystrokes
    page = frame.current_page()
    set_text(page.texts["report"], "Báo cáo kết quả lãnh đạo tháng trước.")
    page.speaker.setFocus()
    QTest.keyClick(page.speaker, Qt.Key_A)                 # "Ánh", the first given name in A
    assert page.speaker.currentText() == "Đặng Thị Ngọc Ánh"
    QTest.keyClick(page.speaker, Qt.Key_Return)
    typed = QApplication.focusWidget()
    assert typed is list(page.speech_rows.values())[0].text
    type_text(typed, "Đề nghị đẩy nhanh đề tài khoa học.")
    page.speaker.setFocus()
    QTest.keyClick(page.speaker, Qt.Key_H)
    QTest.keyClick(page.speaker, Qt.Key_Return)
    second = list(page.speech_rows.values())[1]
    type_text(QApplication.focusWidget(), "Tôi còn chậm nộp báo cáo.")
    choose(second.kind, "self_criticism")
    set_text(page.texts["orientation"], "Định hướng tư tưởng cho đảng viên.")
    click_next(frame, qtbot, "closing")

    # 4. Closing
    page = frame.current_page()
    set_text(page.summary, "Chi bộ thống nhất đánh giá kết quả tháng.")
    qtbot.mouseClick(page.add_task, Qt.LeftButton)
    task = list(page.tasks.rows.values())[0]
    choose(task["who"], text="Phạm Đức Anh")
    set_text(task["text"], "Nộp đề tài cấp trường")
    set_text(task["due"], item.planned_date.replace(day=28).strftime("%d/%m/%Y"))
    frame.flush()
    assert "Phạm Đức Anh" not in page.without_task.text()
    assert "Lê Thị Lan" in page.without_task.text()
    choose(page.resolution_type, "resolution")
    set_text(page.resolution, "Chi bộ quyết nghị thực hiện nhiệm vụ tháng tới.")
    # An impossible count is shown and nothing is stored.
    page.spins["for"].setValue(25)
    frame.flush()
    assert page.vote_error.isVisible() and "19" in page.vote_error.text()
    assert meetings.items(demo_store, mid, "vote") == []
    page.spins["for"].setValue(18)
    page.spins["against"].setValue(1)
    frame.flush()
    assert "thông qua" in page.vote_result.text() and not page.vote_error.isVisible()
    click_next(frame, qtbot, "scoring")

    # 5. Scoring: the manual criteria; the computed ones take their suggestions
    page = frame.current_page()
    for crit_id, widget in page.inputs.items():
        kind = widget.crit.kind
        if kind == "band":
            widget.input.setCurrentIndex(1)          # the best band
        elif kind == "yesno":
            choose(widget.input, True)
        elif kind == "points":
            widget.input.setValue(widget.crit.max)
    # Scored before the read-back, on the end time planned (the read-back is planned too).
    set_text(page.planned_end, "15:45")
    assert page.planned_read_back.isChecked()
    for key, value in (("for", 19), ("against", 0), ("abstain", 0)):
        page.vote[key].setValue(value)
    frame.flush()
    assert not page.problems.isVisible(), page.problems.text()
    assert not page.vote_problem.isVisible(), page.vote_problem.text()
    assert "Tổng" in page.total.text()
    click_next(frame, qtbot, "readback")

    # 6. Read-back and finalise
    page = frame.current_page()
    assert "BIÊN BẢN" in page.minutes.toPlainText()
    assert "Đồng chí Đặng Thị Ngọc Ánh (phát biểu ý kiến)" in page.minutes.toPlainText()
    set_text(page.end, "15:20")
    frame.flush()
    assert "80" in page.duration.text() and page.short_reason.isVisible()
    set_text(page.end, "15:45")
    tick(page.read_back)
    qtbot.mouseClick(page.finalise_button, Qt.LeftButton)
    assert asked and "Hoàn tất" in asked[-1][0] or asked
    assert frame.read_only and frame.banner.isVisible()

    r = meetings.meeting_record(demo_store, mid)
    assert r["status"] == "finalised" and r["number"]
    a = r["attendance"]
    assert (a["on_roll"], a["base"], a["present"], a["rate"]) == (25, 23, 21, 91.3)
    assert a["absent_with_reason"] == [{"name": "Trịnh Thị Mai", "reason": "Đi công tác"}]
    assert a["absent_without_reason"] == ["Tạ Quang Vinh"]
    assert a["late"] == [{"name": "Bùi Văn Đức", "time": "14:20"}]
    assert a["exempted"] == ["Nguyễn Văn Á"] and a["elsewhere"] == ["Kiều Thị Diệu Linh"]
    assert r["voting"] == {"base": 21, "present": 19}
    assert r["minute_taker"] == "Lê Thị Lan" and r["agenda_approved"]
    assert r["preparation"]["content_by"] == "Nguyễn Thị Hoa"
    assert r["preparation"]["draft_done"] is True
    assert [(s["speaker"], s["kind"], s["text"]) for s in r["speeches"]] == [
        ("Đặng Thị Ngọc Ánh", "opinion", "Đề nghị đẩy nhanh đề tài khoa học."),
        ("Hoàng Thị Thu Hằng", "self_criticism", "Tôi còn chậm nộp báo cáo.")]
    assert r["tasks"] == [{"assignee": "Phạm Đức Anh", "text": "Nộp đề tài cấp trường",
                           "due": item.planned_date.replace(day=28).isoformat(),
                           "agenda_item": None}]
    assert r["resolution"] == {"type": "resolution",
                               "text": "Chi bộ quyết nghị thực hiện nhiệm vụ tháng tới."}
    vote = r["votes"][0]
    assert (vote["for"], vote["against"], vote["abstain"], vote["base"], vote["passed"]) == \
        (18, 1, 0, 21, True)
    assert [t["outcome"] for t in r["previous_tasks"]] == \
        [outcomes[n % 3] for n in range(len(r["previous_tasks"]))]
    assert r["previous_tasks"][0]["note"] == "Đã nộp"
    assert r["start"] == "14:00" and r["end"] == "15:45" and r["duration_minutes"] == 105
    assert r["read_back"] is True
    score = r["score"]
    assert score["vote"] == {"for": 19, "against": 0, "abstain": 0}
    assert score["voted_on"] == {"total": score["total"], "rating": score["rating"]}
    assert score["planned"] == {"end": "15:45", "read_back": True}
    assert score["rubric"]["id"] == "qd28-2019"
    # The attendance group is capped (an absence without a reason) and the total is in range.
    attendance = next(g for g in score["groups"] if g["max"] == 5)
    assert attendance["points"] <= 3
    assert 50 <= score["total"] <= 100 and score["rating"] in ("Tốt", "Khá", "Trung bình")
    # Read-only now: every input refuses edits.
    page = frame.pages["closing"]
    assert page.summary.isReadOnly() and not page.add_task.isEnabled()


def test_going_back_keeps_what_was_typed(view, demo_store, qtbot):
    frame = start_new_regular(view, qtbot)
    page = frame.current_page()
    set_text(page.draft, "Dự thảo kết luận")
    click_next(frame, qtbot, "opening")
    qtbot.mouseClick(frame.back_button, Qt.LeftButton)
    assert frame.shown == "preparation"
    assert frame.current_page().draft.toPlainText() == "Dự thảo kết luận"
    assert frame.session.current == "preparation"
    # The step list goes back to a visited step only.
    frame.go_to("closing")
    assert frame.shown == "preparation" and "Chưa tới bước" in frame.status.text()


def test_closing_the_window_mid_meeting_resumes_step_and_text(window, demo_store, qtbot):
    from ui.app_window import MainWindow

    view = window.shell.show_section("meetings")
    frame = start_new_regular(view, qtbot)
    mid = frame.meeting_id
    click_next(frame, qtbot, "opening")
    click_next(frame, qtbot, "proceedings")
    page = frame.current_page()
    set_text(page.texts["report"], "Báo cáo gõ dở")
    type_text(page.texts["report"], " và chưa kịp chờ")     # less than the commit delay
    assert page.committer.pending                           # still waiting ...
    window.close()                                          # ... flushed on close
    assert meetings.meeting_record(demo_store, mid)["report"] == "Báo cáo gõ dở và chưa kịp chờ"

    again = MainWindow(demo_store, load_settings())
    qtbot.addWidget(again)
    again.show()
    view = again.shell.show_section("meetings")
    assert view.resume_button.isVisible()
    assert view.draft_id == mid                             # the draft is offered first
    qtbot.mouseClick(view.resume_button, Qt.LeftButton)
    frame = view.wizard
    assert frame.meeting_id == mid and frame.shown == "proceedings"
    assert frame.current_page().texts["report"].toPlainText() == "Báo cáo gõ dở và chưa kịp chờ"
    # Back to the list and in again: same again (flushed when the wizard closes).
    type_text(frame.current_page().texts["orientation"], "Định hướng")
    qtbot.mouseClick(frame.list_button, Qt.LeftButton)
    assert view.wizard is None
    assert meetings.meeting_record(demo_store, mid)["orientation"] == "Định hướng"


def test_finalised_meeting_is_read_only_and_offers_a_corrected_version(view, demo_store, qtbot):
    finalised = next(r for r in view.rows if r["status"] == "finalised")
    row = view.rows.index(finalised)
    view.table.selectRow(row)
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    assert frame.read_only and frame.banner.isVisible() and frame.amend_button.isVisible()
    assert "hoàn tất" in frame.banner_text.text()
    for step in frame.procedure.step_ids:                   # every step can be looked at
        frame.go_to(step)
        page = frame.current_page()
        from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

        texts = page.body.findChildren(QLineEdit) + page.body.findChildren(QPlainTextEdit)
        assert all(w.isReadOnly() for w in texts if not isinstance(w.parent(), QAbstractSpinBox))
        choices = page.body.findChildren(QComboBox) + page.body.findChildren(QAbstractSpinBox)
        assert not any(w.isEnabled() for w in choices)
    errors = []

    def give_reason(dialog):
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)    # no reason: refused
        assert dialog.error.isVisible()
        type_text(dialog.reason, "Sửa tên đại biểu")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    on_modal(give_reason, errors)
    qtbot.mouseClick(frame.amend_button, Qt.LeftButton)
    assert errors == []
    new = view.wizard
    assert new is not frame and not new.read_only
    r = meetings.meeting_record(demo_store, new.meeting_id)
    assert r["version"] == 2 and r["amends"] == finalised["id"] and \
        r["amend_reason"] == "Sửa tên đại biểu"


def test_a_step_driven_by_the_keyboard_alone(view, demo_store, qtbot):
    frame = start_new_regular(view, qtbot)
    mid = frame.meeting_id
    # Ctrl+Enter accepts a step (here twice), Alt+Left goes back, Ctrl+3 jumps.
    QTest.keyClick(frame.current_page().first_field(), Qt.Key_Return, Qt.ControlModifier)
    assert frame.shown == "opening"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Return, Qt.ControlModifier)
    assert frame.shown == "proceedings"
    page = frame.current_page()
    assert QApplication.focusWidget() is page.texts["report"]
    QTest.keyClicks(QApplication.focusWidget(), "Bao cao")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Tab)     # Tab leaves the text box
    assert QApplication.focusWidget() is page.speaker
    QTest.keyClick(page.speaker, Qt.Key_V)                     # "Vinh"
    QTest.keyClick(page.speaker, Qt.Key_Return)
    QTest.keyClicks(QApplication.focusWidget(), "Y kien")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_Left, Qt.AltModifier)
    assert frame.shown == "opening"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key_3, Qt.ControlModifier)
    assert frame.shown == "proceedings"
    r = meetings.meeting_record(demo_store, mid)
    assert r["report"] == "Bao cao"
    assert [(s["speaker"], s["text"]) for s in r["speeches"]] == [("Tạ Quang Vinh", "Y kien")]
    tips = frame.next_button.toolTip() + frame.back_button.toolTip()
    assert "Ctrl+Enter" in tips and "Alt+" in tips


def test_print_the_draft_minutes_from_the_read_back_step(view, demo_store, qtbot, tmp_path):
    """The minutes are printed on the spot: what was just typed is in the printed draft."""
    import subprocess

    from PySide6.QtPrintSupport import QPrinter

    from ui.documents import printing

    draft = next(r for r in view.rows if r["status"] == "draft")
    view.table.selectRow(view.rows.index(draft))
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    assert frame.shown == "proceedings"       # where the demo's meeting in progress stopped
    page = frame.current_page()
    set_text(page.texts["report"], "Báo cáo vừa gõ, in ngay tại chỗ")
    for step in ("closing", "scoring", "readback"):
        frame.session.next()
    frame.show_step("readback")
    target = tmp_path / "printed.pdf"

    def to_file(printer):
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    seen, errors = {}, []

    def close_preview(dialog):
        seen["bytes"] = dialog.pdf_bytes
        dialog.accept()

    printing.print_hook = to_file
    try:
        on_modal(close_preview, errors)
        qtbot.mouseClick(frame.current_page().print_button, Qt.LeftButton)
    finally:
        printing.print_hook = None
    assert errors == [] and target.exists()
    text = subprocess.run(["pdftotext", "-", "-"], input=seen["bytes"], capture_output=True,
                          check=True).stdout.decode()
    assert "Báo cáo vừa gõ, in ngay tại chỗ" in text and "DỰ THẢO" in text
    from pdf_checks import pdf_pages

    source = tmp_path / "source.pdf"
    source.write_bytes(seen["bytes"])
    assert pdf_pages(target) == pdf_pages(source) >= 2


def test_documents_of_a_finalised_meeting_from_the_list(view, demo_store, qtbot):
    from app.meeting_docs import documents_for

    finalised = next(r for r in view.rows if r["status"] == "finalised")
    view.table.selectRow(view.rows.index(finalised))
    seen, errors = {}, []

    def look(dialog):
        table = dialog.panel.table
        seen["rows"] = table.rowCount()
        seen["kinds"] = [table.item(r, 0).text() for r in range(table.rowCount())]
        dialog.accept()

    on_modal(look, errors)
    qtbot.mouseClick(view.documents_button, Qt.LeftButton)
    assert errors == []
    stored = documents_for(demo_store, finalised["id"])
    assert seen["rows"] == len(stored) == 2          # the minutes and the resolution
    assert any("Biên bản" in k for k in seen["kinds"])
