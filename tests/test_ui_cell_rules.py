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
