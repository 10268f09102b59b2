"""The cell form writes the cell's rules; a meeting's assessment then uses them."""
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app import meetings
from app.cell import cell_rules
from ui.cell_form import CellForm

from meeting_helpers import people, run_meeting, store  # noqa: F401

pytestmark = pytest.mark.usefixtures("people")


def _type(qtbot, edit, text):
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_typed_minimum_and_threshold_are_saved_and_judge_the_meeting(qtbot, store, people):
    mid = run_meeting(store, people, finalise=False, end="15:45")      # 105 minutes
    assert meetings.assessment(store, mid).duration.ok
    form = CellForm(store)
    qtbot.addWidget(form)
    assert form.rule_edits["regular_minutes"].text() == "90"
    assert form.rule_edits["attendance_rate"].text() == "85"
    _type(qtbot, form.rule_edits["regular_minutes"], "120")
    _type(qtbot, form.rule_edits["combined_minutes"], "150")
    _type(qtbot, form.rule_edits["attendance_rate"], "85,5")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.status.text() == "Đã lưu."
    rules = cell_rules(store)
    assert (rules.regular_minutes, rules.combined_minutes, rules.attendance_rate) == (120, 150, 85.5)
    judged = meetings.assessment(store, mid)
    assert not judged.duration.ok and judged.duration.required == 120
    assert [p.code for p in judged.missing] == ["short_no_reason"]
    assert "ít hơn thời gian tối thiểu 120 phút" in judged.duration.message


def test_out_of_range_values_are_refused_with_a_vietnamese_message(qtbot, store):
    form = CellForm(store)
    qtbot.addWidget(form)
    _type(qtbot, form.rule_edits["regular_minutes"], "5")
    assert not form.save_button.isEnabled()
    assert "từ 15 đến 600" in form.errors["regular_minutes"].text()
    _type(qtbot, form.rule_edits["regular_minutes"], "90")
    _type(qtbot, form.rule_edits["attendance_rate"], "abc")
    assert not form.save_button.isEnabled()
    assert "abc" in form.errors["attendance_rate"].text()
    assert store.get_setting("duration_minutes") is None
    assert store.get_setting("attendance") is None


def test_document_format_and_term_start_are_chosen_in_the_form(qtbot, store):
    from app import numbering
    from app.cell import committee_term_start, document_format

    form = CellForm(store)
    qtbot.addWidget(form)
    assert form.doc_format.currentData() == "hd36-2018"
    assert "36-HD/VPTW ngày 03/4/2018" in form.format_note.text()
    form.doc_format.setFocus()
    qtbot.keyClick(form.doc_format, Qt.Key_Down)              # the next profile (2026)
    assert form.doc_format.currentData() == "qd399-2026"
    assert "399-QĐ/TW ngày 09/01/2026" in form.format_note.text()
    assert "Lấy theo bản sao chép thứ cấp cho đến khi được xác nhận." in form.format_note.text()
    _type(qtbot, form.term_start, "32/13/2025")
    assert not form.save_button.isEnabled() and form.errors["term_start"].text()
    assert document_format(store).id == "hd36-2018"           # nothing saved yet
    _type(qtbot, form.term_start, "15/10/2025")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.status.text() == "Đã lưu."
    assert document_format(store).id == "qd399-2026"
    assert committee_term_start(store) == dt.date(2025, 10, 15)
    assert numbering.term_key(store, dt.date(2025, 10, 14)) == "2025"
    assert numbering.term_key(store, dt.date(2026, 2, 3)) == "2025-10-15"


def test_the_scoring_rubric_is_chosen_in_the_form_with_its_source_and_status(qtbot, store):
    """Issue 16: the form asks for the upper committee's rubric and shows its source; the HD 42
    (2025) rubric, taken from secondary copies, says it is unverified. Nothing switches it by
    date: it is used once chosen and saved."""
    from app import meeting_score

    form = CellForm(store)
    qtbot.addWidget(form)
    assert form.rubric.currentData() == "qd28-2019"          # Thái Bình's QĐ 28 (2019)
    note = form.rubric_note.text()
    assert "Chọn thang điểm cấp ủy cấp trên" in note
    assert "Căn cứ: Quy định số 28-QĐ/TU ngày 28/7/2019" in note
    assert "Chưa xác minh" not in note
    form.rubric.setFocus()
    qtbot.keyClick(form.rubric, Qt.Key_Up)                   # hd42-2025 sorts first
    assert form.rubric.currentData() == "hd42-2025"
    note = form.rubric_note.text()
    assert "Căn cứ: Hướng dẫn số 42-HD/BTCTW ngày 28/10/2025" in note
    assert ("Chưa xác minh: lấy theo bản sao chép thứ cấp, chưa đối chiếu với văn bản gốc."
            in note)
    assert meeting_score.current_rubric(store).id == "qd28-2019"    # nothing saved yet
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.status.text() == "Đã lưu."
    assert meeting_score.current_rubric(store).id == "hd42-2025"
    assert not meeting_score.current_rubric(store).verified
