"""Names with dates through the desktop app: the secretary types the new names and their date
in the cell form, records the change and sees the history; the names in force before the date
are kept for it."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.cell import get_cell, name_history, names_on
from ui.cell_form import CellForm

from test_ui_wizard import set_text
from uihelpers import store, ui_env, demo_store  # noqa: F401


@pytest.fixture
def before_merger(store):
    """The demo cell as of June 2025: the merger of 1/7/2025 not recorded yet."""
    from app.demo import create_demo

    create_demo(store, today=dt.date(2025, 6, 20))
    return store


def test_a_change_of_names_is_typed_and_recorded_in_the_cell_form(qtbot, ui_env, before_merger):
    demo_store = before_merger
    old = get_cell(demo_store)
    form = CellForm(demo_store)
    qtbot.addWidget(form)
    form.show()
    assert form.names.rowCount() == 0
    set_text(form.edits["parent_org"], "Đảng bộ Tỉnh Hưng Yên")
    set_text(form.edits["place_name"], "Hưng Yên")
    # A date that is not a date: the error is said, nothing recorded.
    set_text(form.names_from, "31/02/2025")
    qtbot.mouseClick(form.add_names_button, Qt.LeftButton)
    assert form.names_error.isVisible() and name_history(demo_store) == []
    set_text(form.names_from, "01/07/2025")
    qtbot.mouseClick(form.add_names_button, Qt.LeftButton)
    assert not form.names_error.isVisible(), form.names_error.text()
    assert form.status.text() == "Đã ghi nhận việc đổi tên."
    assert form.names.rowCount() == 2
    assert [form.names.item(1, c).text() for c in (0, 2, 4)] == [
        "01/07/2025", "Đảng bộ Tỉnh Hưng Yên", "Hưng Yên"]
    assert form.names.item(0, 4).text() == old.place_name
    assert names_on(demo_store, "2025-06-30")["place_name"] == old.place_name
    assert names_on(demo_store, dt.date(2025, 7, 1))["parent_org"] == "Đảng bộ Tỉnh Hưng Yên"
    # The same names again on another day: refused with a message.
    set_text(form.names_from, "01/09/2025")
    qtbot.mouseClick(form.add_names_button, Qt.LeftButton)
    assert "đã là các tên" in form.names_error.text() and len(name_history(demo_store)) == 2


def test_the_signer_mismatch_setting_is_chosen_in_the_cell_form(qtbot, ui_env, demo_store):
    from app.cell import signer_mismatch_mode

    form = CellForm(demo_store)
    qtbot.addWidget(form)
    form.show()
    assert form.signer_mismatch.currentData() == "reason"
    form.signer_mismatch.setFocus()
    qtbot.keyClick(form.signer_mismatch, Qt.Key_Down)
    assert form.signer_mismatch.currentText() == "từ chối"
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.status.text() == "Đã lưu."
    assert signer_mismatch_mode(demo_store) == "refuse"
