"""The desktop shell through its real widgets: first run, cell form, languages, backups, errors."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app import i18n
from app.cell import get_cell, model_cell_registrations
from app.members import list_members
from app.settings import load_settings

from uihelpers import demo_store, on_modal, store, type_text, ui_env, window  # noqa: F401


@pytest.fixture
def empty_window(ui_env, store, qtbot):
    from ui.app_window import MainWindow

    w = MainWindow(store, load_settings())
    qtbot.addWidget(w)
    w.show()
    return w


def test_first_run_demo_button_fills_the_file_and_shows_the_sections(empty_window, store, qtbot):
    assert empty_window.shell is None and empty_window.first_run is not None
    qtbot.mouseClick(empty_window.first_run.demo_button, Qt.LeftButton)
    assert get_cell(store).name == "Chi bộ Khoa Y tế công cộng"
    assert len(list_members(store)) == 25
    shell = empty_window.shell
    assert shell is not None and shell.header.text() == "Chi bộ Khoa Y tế công cộng"
    assert [shell.nav.item(i).text() for i in range(shell.nav.count())] == [
        "Trang chủ", "Chi bộ", "Đảng viên", "Lịch sinh hoạt", "Điểm Sổ tay đảng viên", "Cuộc họp",
        "Văn phòng Đảng ủy"]
    assert shell.current_id == "home"


def test_create_the_cell_through_the_real_form(empty_window, store, qtbot):
    qtbot.mouseClick(empty_window.first_run.create_button, Qt.LeftButton)
    form = empty_window.first_run.cell_form
    assert not form.save_button.isEnabled()
    assert form.errors["name"].text() == "Nhập tên chi bộ."
    type_text(form.edits["name"], "Chi bộ Khoa Dược")
    type_text(form.edits["parent_org"], "Đảng bộ Trường Đại học Y Dược Thái Bình")
    type_text(form.edits["place_name"], "Thái Bình")
    assert form.errors["name"].isHidden()
    form.edits["default_time"].clear()
    type_text(form.edits["default_time"], "25:00")
    assert not form.save_button.isEnabled()
    assert form.errors["default_time"].text() == "Nhập giờ theo dạng GG:PP, ví dụ 14:00."
    form.edits["default_time"].clear()
    type_text(form.edits["default_time"], "7:30")
    form.unit_type.setCurrentIndex(form.unit_type.findData("health"))
    form.has_committee.setChecked(True)
    qtbot.mouseClick(form.add_reg_button, Qt.LeftButton)
    assert form.reg_error.text().endswith("nhập nội dung đăng ký.")
    assert not form.save_button.isEnabled()
    form.regs.item(0, 1).setText("Chi bộ đạt chuẩn kiểu mẫu")
    form.regs.item(0, 2).setText("32/03/2025")
    assert "không phải là ngày hợp lệ" in form.reg_error.text()
    form.regs.item(0, 2).setText("22/03/2025")
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.LeftButton)

    cell = get_cell(store)
    assert (cell.name, cell.parent_org, cell.place_name, cell.unit_type, cell.has_committee,
            cell.default_time) == ("Chi bộ Khoa Dược", "Đảng bộ Trường Đại học Y Dược Thái Bình",
                                   "Thái Bình", "health", True, "7:30")
    regs = model_cell_registrations(store)
    assert [(r.year, r.content, r.registered_on) for r in regs] == [
        (dt.date.today().year, "Chi bộ đạt chuẩn kiểu mẫu", dt.date(2025, 3, 22))]
    assert empty_window.shell is not None
    assert empty_window.shell.header.text() == "Chi bộ Khoa Dược"


def test_cell_page_secretary_and_deputy_must_differ(window, demo_store, qtbot):
    page = window.shell.show_section("cell")
    hoa = page.secretary.findText("Nguyễn Thị Hoa")
    assert page.secretary.currentIndex() == hoa
    page.deputy.setCurrentIndex(hoa)
    assert page.errors["deputy_id"].text() == "Phó bí thư phải là một đảng viên khác bí thư."
    assert not page.save_button.isEnabled()
    page.deputy.setCurrentIndex(page.deputy.findText("Lê Thị Lan"))
    qtbot.mouseClick(page.save_button, Qt.LeftButton)
    lan = next(m for m in list_members(demo_store) if m.full_name == "Lê Thị Lan")
    assert get_cell(demo_store).deputy_id == lan.id


def test_switch_language_to_english_and_back(window, qtbot, tmp_path):
    window.shell.show_section("members")
    nav = window.shell.nav
    assert nav.item(2).text() == "Đảng viên"
    assert window.menuBar().actions()[0].text() == "&Tệp"
    window.action_lang["en"].trigger()
    assert i18n.language() == "en"
    nav = window.shell.nav
    assert nav.item(2).text() == "Members"
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.shell.current_id == "members"
    assert window.shell.pages["members"].add_button.text() == "&Add…"
    assert load_settings().language == "en"
    window.action_lang["vi"].trigger()
    assert window.shell.nav.item(2).text() == "Đảng viên"
    assert window.shell.pages["members"].add_button.text() == "&Thêm…"
    assert load_settings().language == "vi"


def test_larger_text_is_persisted_and_enlarges_the_font(window, qapp):
    from ui import style

    normal = qapp.font().pointSizeF()
    window.action_large_text.trigger()
    assert load_settings().large_text is True
    assert qapp.font().pointSizeF() == pytest.approx(normal * style.LARGE_TEXT_SCALE)
    window.action_large_text.trigger()
    assert load_settings().large_text is False
    assert qapp.font().pointSizeF() == pytest.approx(normal)


def test_office_section_is_the_console_in_vietnamese(window):
    page = window.shell.show_section("office")
    assert window.shell.nav.currentItem().text() == "Văn phòng Đảng ủy"
    assert [page.tabs.tabText(i) for i in range(3)] == [
        "Nhập gói dữ liệu", "Bảng theo dõi", "Đánh giá chi bộ kiểu mẫu"]


def test_a_registered_section_appears_in_the_navigation(ui_env, demo_store, qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from ui import sections
    from ui.app_window import MainWindow

    monkeypatch.setattr(sections, "SECTIONS", list(sections.SECTIONS))
    sections.register_section(sections.Section("reports", "Reports", lambda shell: QLabel(
        str(len(list_members(shell.store))))), after="meetings")
    monkeypatch.setattr("ui.app_window.SECTIONS", sections.SECTIONS)
    w = MainWindow(demo_store, load_settings())
    qtbot.addWidget(w)
    ids = [s.id for s in sections.SECTIONS]
    assert ids == ["home", "cell", "members", "calendar", "ehandbook", "meetings", "reports",
                   "office"]
    assert w.shell.show_section("reports").text() == "25"


def test_backups_dialog_restores_the_chosen_backup(window, demo_store, qtbot, ui_env):
    from app.members import delete_member
    from ui import widgets
    from ui.backups_dialog import BackupsDialog

    dialog = BackupsDialog(demo_store, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.backup_button, Qt.LeftButton)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Sao lưu thủ công"
    victim = list_members(demo_store)[0]
    delete_member(demo_store, victim.id)
    assert len(list_members(demo_store)) == 24
    asked = []
    widgets.answer_hook = lambda kind, title, text, choices: asked.append(text) or choices[0][0]
    qtbot.mouseClick(dialog.restore_button, Qt.LeftButton)
    assert dialog.restored
    assert asked[0].startswith("Thay toàn bộ dữ liệu")
    assert len(list_members(demo_store)) == 25
    window.rebuild()
    assert len(window.shell.show_section("members").model.rows) == 25


def test_second_instance_is_refused_with_a_message_naming_the_file(ui_env, store):
    from ui.data_file import open_store_or_explain

    assert open_store_or_explain(store.path) is None
    kind, title, text = ui_env[-1]
    assert title == "Tệp dữ liệu đang được dùng"
    assert str(store.path) in text and "đang mở" in text


def test_damaged_file_offers_the_newest_good_backup(ui_env, tmp_path):
    from app.demo import create_demo
    from app.store import open_store
    from app.store.backup import backup_now
    from ui import widgets
    from ui.data_file import open_store_or_explain

    path = tmp_path / "cell.sqlite"
    with open_store(path) as s:
        create_demo(s)
        backup_now(s.db, s.path, reason="daily", when=dt.datetime(2025, 3, 1, 8, 0))
        s.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)
    path.write_bytes(bytes(data))
    seen = []

    def answer(kind, title, text, choices):
        seen.append((title, text, [c[0] for c in choices]))
        return choices[0][0]

    widgets.answer_hook = answer
    restored = open_store_or_explain(path)
    assert restored is not None
    try:
        assert len(list_members(restored)) == 25
    finally:
        restored.close()
    title, text, keys = seen[0]
    assert title == "Tệp dữ liệu bị hỏng" and keys == ["restore", "quit"]
    assert "01/03/2025 08:00" in text
    assert list(tmp_path.glob("cell-damaged-*.sqlite"))


def test_tones_colour_a_label_and_give_it_back_its_normal_colour(ui_env, qtbot):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    from ui.style import set_tone
    from ui.widgets import ErrorLabel

    parent = QWidget()
    qtbot.addWidget(parent)
    label, error = QLabel("x"), ErrorLabel()
    QVBoxLayout(parent).addWidget(label)
    parent.layout().addWidget(error)
    normal = parent.palette().color(QPalette.WindowText).name()

    def colour(widget):
        return widget.palette().color(QPalette.WindowText).name()

    assert colour(error) == "#b00020"
    set_tone(label, "ok")
    assert colour(label) == "#1e7a34"
    set_tone(label, "muted")
    assert colour(label) == "#444444"
    set_tone(label, None)
    assert colour(label) == normal != "#444444"
