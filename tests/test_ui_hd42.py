"""HD 42 (28/10/2025) through the desktop app, clicked and typed: the switch date in the cell
form, a new meeting after it following HD 42 with its new checklist items and the Sổ tay date
checked, the reason's category chosen from the list, and the home page's reminder."""
from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app import follow_up, meetings
from app.cell import cell_rules
from ui.cell_form import CellForm
from ui.home import HomePage

from meeting_helpers import people, run_meeting  # noqa: F401
from test_ui_wizard import set_text
from uihelpers import on_modal, store, ui_env, window, demo_store  # noqa: F401


def _enter(widget, text):
    set_text(widget, text)
    QTest.keyClick(widget, Qt.Key_Return)


def _ticks(frame) -> dict[str, bool]:
    out = {}
    for i in range(frame.checklist.count()):
        item = frame.checklist.item(i)
        out[item.data(Qt.UserRole)] = item.checkState() == Qt.Checked
    return out


def test_the_switch_date_is_typed_in_the_cell_form(qtbot, ui_env, demo_store):
    form = CellForm(demo_store)
    qtbot.addWidget(form)
    assert form.switch_date.text() == "28/10/2025"
    set_text(form.switch_date, "32/13/2025")
    assert not form.save_button.isEnabled()
    assert form.errors["switch_date"].text()
    set_text(form.switch_date, "01/01/2026")
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert form.status.text() == "Đã lưu."
    assert cell_rules(demo_store).switch_date == dt.date(2026, 1, 1)
    assert cell_rules(demo_store).procedure_for("regular", dt.date(2025, 12, 3)) == \
        "regular-hd12-2018"


def _new_regular(window, qtbot, day, reason="", category_downs=0):
    view = window.shell.show_section("meetings")
    errors: list = []

    def fill(dialog):
        set_text(dialog.date, f"{day:%d/%m/%Y}")
        if reason:
            set_text(dialog.reason, reason)
        dialog.category.setFocus()
        for _n in range(category_downs):
            QTest.keyClick(dialog.category, Qt.Key_Down)
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    on_modal(fill, errors)
    qtbot.mouseClick(view.date_button, Qt.LeftButton)
    assert errors == []
    return view.wizard


def test_a_meeting_after_the_switch_follows_hd42_and_checks_the_handbook_date(window, qtbot):
    frame = _new_regular(window, qtbot, dt.date(2026, 12, 3))
    assert frame.session.procedure.id == "regular-hd42-2025"
    ticks = _ticks(frame)
    assert {"prep-upper-member", "prep-handbook"} <= set(ticks)
    assert not ticks["prep-handbook"]
    page = frame.current_page()
    _enter(page.dates["documents_on_handbook"], "03/12/2026")     # the same day: too late
    qtbot.waitUntil(lambda: meetings.meeting_record(window.shell.store, frame.meeting_id)
                    ["preparation"].get("documents_on_handbook") == "2026-12-03")
    assert not _ticks(frame)["prep-handbook"]
    _enter(page.dates["documents_on_handbook"], "02/12/2026")     # one day before: in time
    qtbot.waitUntil(lambda: _ticks(frame)["prep-handbook"])
    _enter(page.dates["upper_notified"], "30/11/2026")
    qtbot.waitUntil(lambda: _ticks(frame)["prep-upper-member"])
    set_text(page.fee_report, "Thu đủ đảng phí tháng 11")
    QTest.keyClick(page.fee_report, Qt.Key_Tab)
    qtbot.waitUntil(lambda: meetings.meeting_record(window.shell.store, frame.meeting_id)
                    ["preparation"].get("fee_report") == "Thu đủ đảng phí tháng 11")


def test_after_the_fifth_the_reason_gets_a_category_from_the_list(window, qtbot):
    frame = _new_regular(window, qtbot, dt.date(2026, 12, 7), reason="Bão số 9 đổ bộ",
                         category_downs=1)
    record = meetings.meeting_record(window.shell.store, frame.meeting_id)
    assert (record["off_rule_reason"], record["off_rule_category"]) == ("Bão số 9 đổ bộ",
                                                                        "natural_disaster")


def test_the_home_page_reminds_of_final_documents_until_the_upload_is_recorded(
        qtbot, ui_env, store, people):
    mid = run_meeting(store, people, day=dt.date(2025, 11, 3))
    home = HomePage(store=store, today=dt.date(2025, 11, 6))
    qtbot.addWidget(home)
    home.show()
    assert home.handbook_box.isVisible()
    assert "05/11/2025" in home.handbook.text() and "Đã quá hạn." in home.handbook.text()
    set_text(home.handbook_date, "02/11/2025")                   # before the meeting: refused
    qtbot.mouseClick(home.handbook_button, Qt.LeftButton)
    assert "không thể trước ngày sinh hoạt" in home.handbook_error.text()
    assert follow_up.handbook_reminders(store, dt.date(2025, 11, 6))
    set_text(home.handbook_date, "05/11/2025")
    qtbot.mouseClick(home.handbook_button, Qt.LeftButton)
    assert not home.handbook_box.isVisible()
    assert meetings.meeting_record(store, mid)["final_on_handbook"] == "2025-11-05"


def test_the_evaluation_shows_each_members_criteria_with_evidence(qtbot, ui_env, store, people):
    from app.exchange.report import evaluate_own_year
    from ui.office.evaluation import CellEvaluationDialog

    run_meeting(store, people, day=dt.date(2024, 4, 3), absent=[("Tạ Quang Vinh", "Ốm")])
    today = dt.date(2024, 4, 10)
    dialog = CellEvaluationDialog(store, today=today)
    qtbot.addWidget(dialog)
    expected = evaluate_own_year(store, 2024, today=today, lang="vi")
    table = dialog.view.members
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert len(rows) == 3 * len(expected.members) and len(expected.members) >= 20
    huy = [r for r in rows if r[0] == "Vũ Quang Huy"]
    assert [r[3] for r in huy][1] == "✓ Đạt"
    assert huy[1][2] == "tự phê bình được ghi 1 lần, phê bình đồng chí khác 0 lần"
    assert huy[2][1].startswith("Đảng viên trong đơn vị sự nghiệp giáo dục")
    vinh = [r for r in rows if r[0] == "Tạ Quang Vinh"]
    assert "vắng có lý do 1 lần" in vinh[0][2]
    criteria = dialog.view.table
    assert "Căn cứ: Thông báo số 222-TB/TU ngày 20/02/2012" in criteria.item(0, 0).toolTip()


def test_the_upload_day_is_pre_filled_with_today_not_the_deadline_and_no_future_day(
        qtbot, ui_env, store, people):
    """An overdue reminder (due 05/11/2025, today 07/11/2025): one click records today, never
    the deadline (that was a false on-time upload); a day after today is refused."""
    mid = run_meeting(store, people, day=dt.date(2025, 11, 3))
    home = HomePage(store=store, today=dt.date(2025, 11, 7))
    qtbot.addWidget(home)
    home.show()
    assert "Đã quá hạn." in home.handbook.text()
    assert home.handbook_date.text() == "07/11/2025"
    set_text(home.handbook_date, "08/11/2025")                   # tomorrow: refused
    qtbot.mouseClick(home.handbook_button, Qt.LeftButton)
    assert "không thể sau hôm nay" in home.handbook_error.text()
    assert not meetings.meeting_record(store, mid).get("final_on_handbook")
    home = HomePage(store=store, today=dt.date(2025, 11, 7))     # opened again: one click
    qtbot.addWidget(home)
    home.show()
    qtbot.mouseClick(home.handbook_button, Qt.LeftButton)
    assert not home.handbook_box.isVisible()
    assert meetings.meeting_record(store, mid)["final_on_handbook"] == "2025-11-07"
    with pytest.raises(ValueError):                              # the rule is the core's
        follow_up.record_final_on_handbook(store, mid, dt.date(2025, 11, 9),
                                           today=dt.date(2025, 11, 8))
