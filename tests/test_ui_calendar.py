"""The home screen, the year view, the year plan, the days-off editor and the e-handbook points
grid through their real widgets (pytest-qt, real SQLite file, Vietnamese UI, fixed "today")."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from app import ehandbook, meetings, planning
from app.members import list_members

from uihelpers import demo_store, on_modal, store, type_text, ui_env, window  # noqa: F401

TODAY = dt.date(2025, 3, 20)
D = dt.date


def ids(store):
    return {m.full_name: m.id for m in list_members(store)}


@pytest.fixture
def calendar(window):
    page = window.shell.show_section("calendar")
    page.set_today(TODAY)
    return page


@pytest.fixture
def planned(demo_store):
    """The 2025 plan with one thematic meeting in each of the first two quarters."""
    people = ids(demo_store)
    planning.ensure_year_plan(demo_store, 2025)
    planning.add_thematic(demo_store, 2025, title="Học tập và làm theo tư tưởng Hồ Chí Minh",
                          topic_group="ho_chi_minh", drafter_id=people["Lê Thị Lan"],
                          planned_date="2025-02-20")
    planning.add_thematic(demo_store, 2025, title="Nâng cao chất lượng giảng dạy thực địa",
                          topic_group="professional", drafter_id=people["Phạm Đức Anh"],
                          planned_date="2025-04-03", combined=True, combined_order=2)
    return demo_store


def run_modal(qtbot, handler, trigger):
    errors: list = []
    on_modal(handler, errors)
    trigger()
    assert errors == [], errors[0] if errors else ""


# --- the year plan ---------------------------------------------------------------------------

def test_make_a_year_plan_with_four_thematic_meetings(calendar, demo_store, qtbot):
    editor = calendar.show_plan()
    assert editor.create_button.text() == "&Lập kế hoạch năm 2025"
    qtbot.mouseClick(editor.create_button, Qt.LeftButton)
    assert editor.regular_table.rowCount() == 12
    assert editor.regular_table.item(4, 1).text() == "05/05/2025"  # 3/5 Saturday, 4/5 Sunday
    assert editor.regular_table.item(4, 2).text() == "Thứ Hai"
    assert "⚠ Quý 1: chưa có kế hoạch sinh hoạt chuyên đề (mỗi quý ít nhất một lần)." in \
        editor.warning_texts()

    def fill(title, group, drafter, mode, *, date=None, month=None, before=False, quarter=None,
             first_try_empty=False):
        def handler(dialog):
            assert dialog.windowTitle() == "Thêm buổi sinh hoạt chuyên đề"
            if first_try_empty:
                qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
                assert dialog.error.text() == "Nhập tên chuyên đề."
                assert dialog.isVisible()
            type_text(dialog.title, title)
            dialog.group.setCurrentIndex(dialog.group.findData(group))
            dialog.drafter.setCurrentIndex(dialog.drafter.findText(drafter))
            if mode == "own":
                dialog.mode_own.setChecked(True)
                type_text(dialog.date, date)
            elif mode == "combined":
                dialog.mode_combined.setChecked(True)
                dialog.sitting.setCurrentIndex(dialog.sitting.findData(month))
                dialog.order.setCurrentIndex(dialog.order.findData(1 if before else 2))
            else:
                dialog.mode_quarter.setChecked(True)
                dialog.quarter.setCurrentIndex(quarter - 1)
            qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        run_modal(qtbot, handler, lambda: qtbot.mouseClick(editor.add_button, Qt.LeftButton))

    fill("Học tập và làm theo tư tưởng Hồ Chí Minh về đạo đức công vụ", "ho_chi_minh",
         "Lê Thị Lan", "own", date="20/02/2025", first_try_empty=True)
    fill("Nâng cao chất lượng giảng dạy thực địa", "professional", "Phạm Đức Anh", "combined",
         month=5, before=True)
    fill("Phòng, chống suy thoái tư tưởng chính trị", "degradation", "Vũ Quang Huy", "quarter",
         quarter=3)
    fill("Truyền thống Trường Đại học Y Dược Thái Bình", "traditions", "Nguyễn Văn Á", "own",
         date="12/11/2025")

    thematic = [i for i in planning.plan_items(demo_store, 2025) if i.kind == "thematic"]
    assert [(i.title[:20], i.planned_date, i.quarter, i.combined, i.combined_order)
            for i in thematic] == [
        ("Học tập và làm theo ", D(2025, 2, 20), 1, False, None),
        ("Nâng cao chất lượng ", D(2025, 5, 5), 2, True, 1),
        ("Phòng, chống suy tho", None, 3, False, None),
        ("Truyền thống Trường ", D(2025, 11, 12), 4, False, None),
    ]
    may = next(i for i in planning.plan_items(demo_store, 2025) if i.month == 5)
    assert (may.combined, may.combined_order) == (True, 2)  # the regular meeting comes second
    assert editor.thematic_table.rowCount() == 4
    assert editor.thematic_table.item(1, 4).text() == "cùng buổi thường kỳ, phần 1"
    assert editor.thematic_table.item(2, 3).text() == "Quý III"
    texts = editor.warning_texts()
    assert not any("chưa có kế hoạch sinh hoạt chuyên đề" in t for t in texts)
    assert any(t.startswith("• 05/05/2025: sinh hoạt thường kỳ kết hợp sinh hoạt chuyên đề")
               for t in texts)
    # Nguyễn Văn Á is exempted from party work: the plan warns about him as a drafter.
    assert any("Nguyễn Văn Á" in t and "miễn công tác" in t for t in texts)
    assert "Cùng buổi với “Nâng cao chất lượng giảng dạy thực địa” (phần 2)" in \
        editor.regular_table.item(4, 7).text()
    # The year view follows: a thematic day, a combined sitting.
    days = calendar.year_view.data.meeting_days()
    assert days[D(2025, 2, 20)] == "thematic"
    assert days[D(2025, 5, 5)] == "combined"
    assert days[D(2025, 6, 3)] == "regular"


def test_cancel_and_delete_thematic_meetings(calendar, planned, qtbot):
    editor = calendar.show_plan()
    editor.thematic_table.selectRow(0)

    def cancel(dialog):
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        assert dialog.error.text() == "Nhập lý do hủy buổi sinh hoạt."
        type_text(dialog.reason, "Trùng lịch thi học kỳ")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    run_modal(qtbot, cancel, lambda: qtbot.mouseClick(editor.cancel_button, Qt.LeftButton))
    first = next(i for i in planning.plan_items(planned, 2025) if i.kind == "thematic")
    assert (first.status, first.cancel_reason) == ("cancelled", "Trùng lịch thi học kỳ")
    assert editor.thematic_table.item(0, 5).text() == "Đã hủy: Trùng lịch thi học kỳ"
    assert "⚠ Quý 1: chưa có kế hoạch sinh hoạt chuyên đề (mỗi quý ít nhất một lần)." in \
        editor.warning_texts()

    import ui.widgets as widgets

    widgets.answer_hook = lambda kind, title, text, choices: "yes"
    editor.thematic_table.selectRow(1)
    qtbot.mouseClick(editor.delete_button, Qt.LeftButton)
    titles = [i.title for i in planning.plan_items(planned, 2025) if i.kind == "thematic"]
    assert titles == ["Học tập và làm theo tư tưởng Hồ Chí Minh"]
    april = next(i for i in planning.plan_items(planned, 2025) if i.month == 4)
    assert not april.combined  # the sitting went with the thematic meeting


def test_edit_a_regular_meeting_date_needs_a_reason(calendar, planned, qtbot):
    editor = calendar.show_plan()

    def edit(dialog):
        assert dialog.windowTitle() == "Sinh hoạt thường kỳ tháng 6/2025"
        assert dialog.date.text() == "03/06/2025"
        assert not dialog.reason.isEnabled()
        dialog.date.clear()
        type_text(dialog.date, "06/06/2025")
        assert dialog.reason.isEnabled()
        assert dialog.hint.text() == ("Ngày này không phải ngày sinh hoạt theo quy định: "
                                      "ghi lý do (bất khả kháng).")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        assert dialog.isVisible()
        assert dialog.error.text().startswith(
            "Ngày 06/06/2025 không phải ngày sinh hoạt theo quy định (03/06/2025)")
        type_text(dialog.reason, "Cả khoa đi thực địa tại Vũ Thư")
        dialog.time.clear()
        type_text(dialog.time, "7:30")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    run_modal(qtbot, edit, lambda: editor.edit_regular(6))
    june = next(i for i in planning.plan_items(planned, 2025) if i.month == 6)
    assert (june.planned_date, june.off_rule_reason, june.time) == (
        D(2025, 6, 6), "Cả khoa đi thực địa tại Vũ Thư", "7:30")
    assert editor.regular_table.item(5, 7).text() == "Họp ngày khác: Cả khoa đi thực địa tại Vũ Thư"
    assert calendar.year_view.data.meeting_days()[D(2025, 6, 6)] == "regular"
    assert D(2025, 6, 3) not in calendar.year_view.data.meeting_days()
    tip = calendar.year_view.data.tooltip(D(2025, 6, 6))
    assert "Sinh hoạt thường kỳ tháng 6 — 7:30" in tip
    assert "Không đúng ngày quy định; lý do: Cả khoa đi thực địa tại Vũ Thư" in tip


# --- days off and the year view ---------------------------------------------------------------

def test_an_organisation_day_off_moves_the_meeting_in_the_year_view(calendar, planned, qtbot):
    assert calendar.year_view.data.meeting_days()[D(2025, 6, 3)] == "regular"

    def edit(dialog):
        assert dialog.windowTitle() == "Ngày nghỉ và quy định ngày sinh hoạt"
        public = [dialog.public_table.item(r, 2).text()
                  for r in range(dialog.public_table.rowCount())]
        assert "Ngày Giỗ Tổ Hùng Vương" in public and "Tết Nguyên Đán" in public
        assert dialog.meeting_day_text(6) == "Thứ Ba 03/06/2025: đúng ngày quy định"
        type_text(dialog.date, "07/06/2025")  # a Saturday
        type_text(dialog.reason, "Nghỉ")
        qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
        assert dialog.error.text() == "Ngày 07/06/2025 đã là ngày nghỉ: Thứ Bảy."
        dialog.date.clear()
        dialog.reason.clear()
        type_text(dialog.date, "03/06/2025")
        type_text(dialog.reason, "Nghỉ mát của cơ quan")
        qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
        assert dialog.error.isHidden()
        assert dialog.own_table.item(0, 3).text() == "Nghỉ mát của cơ quan"
        assert dialog.meeting_day_text(6).startswith(
            "Thứ Tư 04/06/2025: dời ngày, do nghỉ: 03/06/2025 (Nghỉ mát của cơ quan)")
        # The rule is validated by the core.
        dialog.base_day.setValue(6)
        qtbot.mouseClick(dialog.rule_button, Qt.LeftButton)
        assert dialog.rule_error.text().startswith(
            "Quy định ngày sinh hoạt không hợp lệ: ngày sinh hoạt (6) và ngày muộn nhất (5)")
        dialog.base_day.setValue(3)
        dialog.accept()
    run_modal(qtbot, edit, lambda: qtbot.mouseClick(calendar.days_off_button, Qt.LeftButton))

    data = calendar.year_view.data
    assert data.meeting_days()[D(2025, 6, 4)] == "regular"
    assert D(2025, 6, 3) not in data.meeting_days()
    assert data.days[D(2025, 6, 3)].kind == "org_off"
    assert "Ngày nghỉ của cơ quan: Nghỉ mát của cơ quan" in data.tooltip(D(2025, 6, 3))
    assert "Ngày lễ, Tết: Ngày Giỗ Tổ Hùng Vương" in data.tooltip(D(2025, 4, 7))
    june = next(i for i in planning.plan_items(planned, 2025) if i.month == 6)
    assert june.planned_date == D(2025, 6, 4)
    # The painted cell of 4 June is where the mouse finds that day.
    month = calendar.year_view.month_widget(6)
    assert month.day_at(month.day_rect(D(2025, 6, 4)).center()) == D(2025, 6, 4)


def test_a_conflict_month_stands_out_and_needs_a_date_and_reason(calendar, planned, qtbot):
    for day in (3, 4):  # 5 July 2025 is a Saturday: 3rd–5th all off
        planning.add_org_day(planned, D(2025, 7, day), "Nghỉ hè của trường")
    calendar.reload()
    data = calendar.year_view.data
    assert data.conflicts() == [7]
    assert calendar.year_view.month_widget(7).title_text() == "Tháng 7 — vướng ngày nghỉ!"
    assert calendar.year_view.todo.text().endswith(
        "Hãy chọn ngày sinh hoạt và ghi rõ lý do (bất khả kháng).")
    assert data.in_conflict_window(D(2025, 7, 5))
    editor = calendar.show_plan()
    assert editor.regular_table.item(6, 1).text() == ""
    assert editor.regular_table.item(6, 7).text() == \
        "Chọn ngày và ghi lý do (bất khả kháng)."

    def edit(dialog):
        assert "Hãy chọn ngày sinh hoạt và ghi rõ lý do" in dialog.rule_label.text()
        type_text(dialog.date, "07/07/2025")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
        assert dialog.error.text() == ("Từ ngày 3 đến ngày 5 tháng 7 đều là ngày nghỉ: "
                                     "nhập lý do chọn ngày 07/07/2025 (bất khả kháng).")
        type_text(dialog.reason, "Bất khả kháng: ngày 3–5 đều nghỉ")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    run_modal(qtbot, edit, lambda: editor.edit_regular(7))
    assert calendar.year_view.data.conflicts() == []
    assert calendar.year_view.data.meeting_days()[D(2025, 7, 7)] == "regular"


# --- the e-handbook points grid ---------------------------------------------------------------

@pytest.fixture
def grid(window):
    page = window.shell.show_section("ehandbook")
    page.set_today(TODAY)
    return page


def type_in_cell(qtbot, grid, row, month, text):
    index = grid.table.model().index(row, month - 1)
    grid.table.setCurrentIndex(index)
    grid.table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.wait(20)


def test_points_typed_in_the_grid(grid, demo_store, qtbot):
    lan = grid.row_of("Lê Thị Lan")
    assert grid.threshold.text() == "20"
    assert grid.cell_status(lan, 1) == "missing"  # January has ended, nothing typed
    assert grid.cell_status(lan, 5) == "not_due"
    assert grid.cell_status(grid.row_of("Nguyễn Văn Á"), 1) == "not_applicable"  # exempted
    assert grid.table.horizontalHeaderItem(0).text() == "⚠ T1"

    type_in_cell(qtbot, grid, lan, 1, "2o")
    assert grid.error.text() == ("Lê Thị Lan, Tháng 1: Điểm phải là một số (ví dụ 20 hoặc "
                                 "20,5): “2o”.")
    qtbot.waitUntil(lambda: grid.table.state() == grid.table.State.EditingState)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "2o"
    assert grid.table.currentIndex().row() == lan and grid.table.currentIndex().column() == 0
    assert ehandbook.year_points(demo_store, 2025) == {}
    editor.selectAll()
    type_text(editor, "22,5")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: grid.cell_status(lan, 1) == "ok")
    assert grid.error.isHidden()
    lan_id = ids(demo_store)["Lê Thị Lan"]
    assert ehandbook.year_points(demo_store, 2025) == {(lan_id, 1): 22.5}
    assert grid.table.item(lan, 0).text() == "22,5"

    type_in_cell(qtbot, grid, lan, 2, "15")
    qtbot.waitUntil(lambda: grid.cell_status(lan, 2) == "below")
    assert grid.table.item(lan, 1).toolTip() == "Dưới ngưỡng 20 điểm."
    assert grid.table.verticalHeaderItem(lan).toolTip() == "Dưới ngưỡng trong: Tháng 2"
    summary = grid.table.item(len(grid.members), 0)
    assert summary.text() == "4,2%"  # 1 of the 24 counted members
    assert summary.toolTip().startswith("1/24 đảng viên đạt từ 20 điểm trở lên")

    grid.threshold.clear()
    type_text(grid.threshold, "15")
    qtbot.mouseClick(grid.threshold_button, Qt.LeftButton)
    assert ehandbook.threshold(demo_store) == 15.0
    assert grid.cell_status(lan, 2) == "ok"
    grid.threshold.clear()
    type_text(grid.threshold, "nhiều")
    qtbot.mouseClick(grid.threshold_button, Qt.LeftButton)
    assert grid.error.text() == "Ngưỡng điểm tối thiểu hằng tháng phải là một số từ 0 đến 1000."
    assert ehandbook.threshold(demo_store) == 15.0


def test_import_points_through_the_preview(grid, demo_store, qtbot, tmp_path):
    import ui.widgets as widgets

    csv = tmp_path / "diem.csv"
    card = next(m.card_no for m in list_members(demo_store) if m.full_name == "Bùi Văn Đức")
    csv.write_text("Họ và tên,Số thẻ đảng,Tháng,Điểm\n"
                   "Lê Thị Lan,,1,24\n"
                   f",{card},02/2025,18\n"
                   "Người Lạ,,1,30\n"
                   "Phạm Đức Anh,,13,20\n"
                   "Vũ Quang Huy,,1,hai mươi\n", encoding="utf-8")
    widgets.file_hook = lambda title, flt: str(csv)

    def check(dialog):
        assert dialog.windowTitle() == "Nhập điểm Sổ tay đảng viên điện tử"
        assert dialog.summary.text().startswith(
            "diem.csv: đọc được 5 dòng, 2 dòng nhập được, 3 dòng có lỗi")
        assert dialog.rows_table.rowCount() == 2
        assert dialog.rows_table.item(1, 0).text() == "Bùi Văn Đức"
        reasons = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
        assert reasons[0] == "Không có đảng viên nào tên “Người Lạ”."
        assert len(reasons) == 3
        assert dialog.ok_button.text() == "&Nhập 2 giá trị"
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)
    run_modal(qtbot, check, lambda: qtbot.mouseClick(grid.import_button, Qt.LeftButton))
    people = ids(demo_store)
    assert ehandbook.year_points(demo_store, 2025) == {
        (people["Lê Thị Lan"], 1): 24.0, (people["Bùi Văn Đức"], 2): 18.0}
    assert grid.cell_status(grid.row_of("Bùi Văn Đức"), 2) == "below"
    assert grid.table.item(grid.row_of("Lê Thị Lan"), 0).text() == "24"


# --- the home screen --------------------------------------------------------------------------

def test_home_shows_the_next_meeting_and_the_quarters(window, planned, qtbot):
    meetings.create_meeting(planned, D(2025, 3, 3), rule_date=D(2025, 3, 3))
    assert window.shell.current_id == "home"
    home = window.shell.pages["home"]
    home.set_today(TODAY)
    assert home.countdown.text() == "Còn 14 ngày"
    assert home.when.text() == "Thứ Năm, ngày 03/04/2025 lúc 14:00"
    assert home.place.text() == "Địa điểm: Phòng họp Khoa Y tế công cộng, tầng 3 nhà A"
    assert home.what.text().splitlines() == [
        "Sinh hoạt thường kỳ và chuyên đề trong cùng một buổi, lần lượt:",
        "1. Sinh hoạt thường kỳ tháng 4",
        "2. Sinh hoạt chuyên đề “Nâng cao chất lượng giảng dạy thực địa”"]
    assert home.to_prepare.text() == (
        "• 03/04/2025: sinh hoạt thường kỳ kết hợp sinh hoạt chuyên đề trong cùng một buổi: "
        "thực hiện lần lượt, không lồng ghép, tổng thời gian tối thiểu 120 phút.")
    assert home.to_prepare.palette().color(QPalette.WindowText).name() == "#b00020"  # red
    assert [q.text() for q in home.quarters] == [
        "Quý I: ⚠ Tháng cuối quý: chưa tổ chức sinh hoạt chuyên đề",
        "Quý II: ○ Chưa đến hạn", "Quý III: ○ Chưa đến hạn", "Quý IV: ○ Chưa đến hạn"]
    assert "⚠ Quý 3: chưa có kế hoạch sinh hoạt chuyên đề (mỗi quý ít nhất một lần)." in \
        home.warnings.text()
    assert not home.draft_box.isHidden()
    assert home.draft.text() == ("Biên bản buổi sinh hoạt thường kỳ ngày 03/03/2025 đang ghi "
                                 "dở (bản nháp, chưa hoàn tất).")

    first = next(i for i in planning.plan_items(planned, 2025) if i.kind == "thematic")
    planning.update_plan_item(planned, first.id, status="held")
    home.set_today(D(2025, 7, 2))
    assert home.countdown.text() == "Còn 1 ngày"
    assert home.when.text() == "Thứ Năm, ngày 03/07/2025 lúc 14:00"
    assert [q.property("status") for q in home.quarters] == ["held", "missing", "pending",
                                                             "pending"]
    assert home.quarters[0].text() == "Quý I: ✓ Đã tổ chức"
    assert home.quarters[1].text() == "Quý II: ✗ Không tổ chức"
    home.set_today(D(2025, 7, 3))
    assert home.countdown.text() == "Hôm nay"

    qtbot.mouseClick(home.calendar_button, Qt.LeftButton)
    assert window.shell.current_id == "calendar"
    window.shell.show_section("home")
    qtbot.mouseClick(home.draft_button, Qt.LeftButton)
    assert window.shell.current_id == "meetings"


def test_home_without_a_plan_offers_to_make_it(window, demo_store, qtbot):
    home = window.shell.pages["home"]
    home.set_today(TODAY)
    assert home.countdown.text() == "Chưa có cuộc sinh hoạt nào trong kế hoạch"
    assert home.plan_button.text() == "&Lập kế hoạch năm 2025"
    qtbot.mouseClick(home.plan_button, Qt.LeftButton)
    assert len(planning.plan_items(demo_store, 2025)) == 12
    assert window.shell.current_id == "calendar"
    assert window.shell.pages["calendar"].tabs.currentIndex() == 1


def test_a_combined_sitting_held_outside_the_plan_agrees_in_calendar_plan_and_quarter(
        ui_env, store, qtbot):
    """The demo as on 30/11/2026: its regular and thematic meetings of 05/10 were held in one
    sitting without a thematic plan line. The calendar paints the day purple (the legend's
    "one sitting"), the plan tab lists that thematic meeting, and quarter IV counts it held:
    all three read the same facts."""
    from PySide6.QtGui import QColor

    from app.demo import make_demo
    from app.settings import load_settings
    from ui.app_window import MainWindow

    make_demo(store, today=D(2026, 11, 30))
    w = MainWindow(store, load_settings())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    page = w.shell.show_section("calendar")
    page.set_today(D(2026, 11, 30))
    page.set_year(2026)
    view = page.year_view
    assert view.data.meeting_days()[D(2026, 10, 5)] == "combined"
    assert view.data.meeting_days()[D(2026, 8, 20)] == "thematic"
    month = view.month_widget(10)
    image = month.grab().toImage()
    rect = month.day_rect(D(2026, 10, 5))
    purple = QColor("#7b3fa8").rgb()
    colours = {image.pixel(x, y) for x in range(rect.left(), rect.right())
               for y in range(rect.top(), rect.bottom())}
    assert purple in colours                               # the dot of "one sitting"
    quarters = [label.property("status") for label in view.quarters]
    assert quarters[2:] == ["held", "held"]
    editor = page.show_plan()
    table = editor.thematic_table
    rows = [tuple(table.item(r, c).text() for c in range(table.columnCount()))
            for r in range(table.rowCount())]
    dates = [r[3] for r in rows]
    assert any("05/10/2026" in d for d in dates), rows    # the thematic meeting of quarter IV
    assert any("20/08/2026" in d for d in dates), rows
    held_q4 = next(r for r in rows if "05/10/2026" in r[3])
    assert held_q4[5] == "Đã tổ chức ngoài kế hoạch"
    assert "phần 2" in held_q4[4]
    # it is not a plan line: "Xóa" explains instead of deleting anything
    from ui import widgets

    said = []
    widgets.answer_hook = lambda kind, title, text, choices: said.append(text) or "ok"
    try:
        table.selectRow(rows.index(held_q4))
        qtbot.mouseClick(editor.delete_button, Qt.LeftButton)
    finally:
        widgets.answer_hook = None
    assert said and "không có trong kế hoạch năm" in said[0]
    assert planning.held_thematic_dates(store, 2026) == [D(2026, 8, 20), D(2026, 10, 5)]
