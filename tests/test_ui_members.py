"""The member list and its dialogs through the real widgets (pytest-qt, real SQLite file)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.members import list_members
from app.model import add_months

from uihelpers import demo_store, on_modal, store, type_text, ui_env, window  # noqa: F401


@pytest.fixture
def view(window):
    return window.shell.show_section("members")


def by_name(store, name):
    return next(m for m in list_members(store) if m.full_name == name)


def test_counts_and_status_filter(view):
    assert "Đang sinh hoạt: 25" in view.counts.text().replace("\xa0", " ")
    assert "Dự bị: 2" in view.counts.text().replace("\xa0", " ")
    assert "Miễn sinh hoạt: 1" in view.counts.text().replace("\xa0", " ")
    view.status_filter.setCurrentIndex(view.status_filter.findData("probationary"))
    assert view.shown_names() == ["Hồ Minh Quân", "Đoàn Thị Quỳnh"]
    view.status_filter.setCurrentIndex(view.status_filter.findData("elsewhere"))
    assert view.shown_names() == ["Kiều Thị Diệu Linh"]
    view.status_filter.setCurrentIndex(view.status_filter.findData("exempted"))
    assert view.shown_names() == ["Nguyễn Văn Á"]
    assert view.model.index(0, 4).data() == "Chính thức, miễn sinh hoạt"
    view.status_filter.setCurrentIndex(view.status_filter.findData("left"))
    assert view.shown_names() == []


def test_search_without_diacritics_through_the_search_box(view, qtbot):
    QTest.keyClick(view, Qt.Key_F, Qt.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "nguyen van a")
    assert view.shown_names() == ["Nguyễn Văn Á"]
    assert view.shown_label.text() == "Hiển thị 1/25"
    view.search.clear()
    qtbot.keyClicks(view.search, "VAN DUC")
    assert view.shown_names() == ["Bùi Văn Đức"]
    qtbot.keyClick(view.search, Qt.Key_Escape)
    assert len(view.shown_names()) == 25


def test_add_a_member_through_the_dialog(view, demo_store, qtbot):
    errors = []

    def fill(dialog):
        assert dialog.windowTitle() == "Thêm đảng viên"
        assert not dialog.ok_button.isEnabled()
        assert dialog.buttons.buttons()[1].text() == "Hủy"
        type_text(dialog.fields["full_name"], "Trần Thị Ánh")
        dialog.fields["gender"].setCurrentIndex(dialog.fields["gender"].findData("female"))
        type_text(dialog.fields["birth_date"], "12/13/1995")
        assert dialog.errors["birth_date"].text() == \
            "“12/13/1995” không phải là ngày hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 03/04/2024)."
        assert not dialog.ok_button.isEnabled()
        dialog.fields["birth_date"].clear()
        type_text(dialog.fields["birth_date"], "12/12/1995")
        assert dialog.errors["birth_date"].isHidden()
        dialog.fields["party_status"].setCurrentIndex(
            dialog.fields["party_status"].findData("probationary"))
        assert not dialog.ok_button.isEnabled()
        assert dialog.hint.text() == "Đảng viên dự bị cần có ngày vào Đảng (ngày kết nạp)."
        type_text(dialog.fields["admitted_on"], "01/09/2012")
        assert dialog.errors["admitted_on"].text() == "Đảng viên chưa đủ 18 tuổi vào ngày kết nạp."
        dialog.fields["admitted_on"].clear()
        type_text(dialog.fields["admitted_on"], add_months(dt.date.today(), -2).strftime(
            "%d/%m/%Y"))
        type_text(dialog.fields["position"], "Giảng viên Bộ môn Dịch tễ học")
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    on_modal(fill, errors)
    QTest.keyClick(view.table, Qt.Key_Insert)
    assert not errors, errors
    added = by_name(demo_store, "Trần Thị Ánh")
    assert (added.gender, added.birth_date, added.party_status) == (
        "female", dt.date(1995, 12, 12), "probationary")
    assert view.selected().id == added.id
    assert "Dự bị: 3" in view.counts.text().replace("\xa0", " ")


def test_edit_shows_a_bad_date_then_saves_the_fixed_one(view, demo_store, qtbot):
    errors = []
    view.search.setText("hoang thi thu hang")
    assert view.shown_names() == ["Hoàng Thị Thu Hằng"]

    def edit(dialog):
        assert dialog.windowTitle() == "Sửa thông tin đảng viên"
        assert dialog.fields["birth_date"].text() == "30/06/1987"
        assert dialog.ok_button.isEnabled()
        dialog.fields["birth_date"].clear()
        type_text(dialog.fields["birth_date"], "31/06/1987")
        assert dialog.errors["birth_date"].isVisible()
        assert "không phải là ngày hợp lệ" in dialog.errors["birth_date"].text()
        assert not dialog.ok_button.isEnabled()
        dialog.fields["birth_date"].clear()
        type_text(dialog.fields["birth_date"], "1/7/1987")
        assert dialog.errors["birth_date"].isHidden()
        dialog.fields["phone"].setText("0912 000 111")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    on_modal(edit, errors)
    QTest.keyClick(view.table, Qt.Key_Return)
    assert not errors, errors
    m = by_name(demo_store, "Hoàng Thị Thu Hằng")
    assert (m.birth_date, m.phone) == (dt.date(1987, 7, 1), "0912 000 111")
    assert view.model.index(0, 2).data() == "01/07/1987"


def test_mark_as_left(view, demo_store, qtbot):
    errors = []
    view.search.setText("vu quang huy")

    def leave(dialog):
        dialog.date.clear()
        type_text(dialog.date, (dt.date.today() + dt.timedelta(days=800)).strftime("%d/%m/%Y"))
        assert dialog.date_error.text() == "Ngày ra khỏi chi bộ quá xa trong tương lai."
        assert not dialog.ok_button.isEnabled()
        dialog.date.clear()
        type_text(dialog.date, dt.date.today().strftime("%d/%m/%Y"))
        type_text(dialog.reason, "Chuyển sinh hoạt đảng về Sở Y tế")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    on_modal(leave, errors)
    qtbot.mouseClick(view.left_button, Qt.LeftButton)
    assert not errors, errors
    m = by_name(demo_store, "Vũ Quang Huy")
    assert (m.left_on, m.left_reason) == (dt.date.today(), "Chuyển sinh hoạt đảng về Sở Y tế")
    assert view.shown_names() == []
    assert "Đang sinh hoạt: 24" in view.counts.text().replace("\xa0", " ")
    assert "Đã ra khỏi chi bộ: 1" in view.counts.text().replace("\xa0", " ")
    view.status_filter.setCurrentIndex(view.status_filter.findData("left"))
    assert view.model.index(0, 4).data() == \
        "Ra khỏi chi bộ ngày " + dt.date.today().strftime("%d/%m/%Y")


def test_overdue_probation_is_flagged(view, demo_store):
    from app.members import save_member
    from app.model import Member

    save_member(demo_store, Member(full_name="Lò Văn Sáng", birth_date=dt.date(1996, 1, 1),
                                   party_status="probationary",
                                   admitted_on=add_months(dt.date.today(), -12)))
    view.reload()
    view.search.setText("lo van sang")
    index = view.model.index(0, 4)
    assert index.data() == "Dự bị — đã đủ 12 tháng, cần xét chuyển chính thức"
    assert index.data(Qt.ForegroundRole).color().name() == "#b00020"
    view.search.setText("doan thi quynh")  # 11 months: not yet
    assert view.model.index(0, 4).data() == "Dự bị"


def test_delete_only_a_member_never_in_a_meeting(view, demo_store, qtbot, ui_env, monkeypatch):
    from app import members
    from ui import widgets

    demo_store.db["attendance"].insert({"member_id": by_name(demo_store, "Lê Thị Lan").id})
    monkeypatch.setattr(members, "MEMBER_REFERENCES", [("attendance", "member_id")])
    seen = []
    widgets.answer_hook = lambda kind, title, text, choices: seen.append(text) or choices[0][0]
    view.search.setText("le thi lan")
    QTest.keyClick(view.table, Qt.Key_Delete)
    assert "không xóa được" in seen[-1]
    assert by_name(demo_store, "Lê Thị Lan")
    view.search.setText("ho minh quan")
    QTest.keyClick(view.table, Qt.Key_Delete)
    assert seen[-1].startswith("Xóa đồng chí Hồ Minh Quân?")
    assert "Hồ Minh Quân" not in [m.full_name for m in list_members(demo_store)]
    assert view.shown_names() == []


def test_import_preview_writes_only_the_valid_rows_after_confirming(view, demo_store, qtbot,
                                                                     tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Ngày sinh,Đảng viên,Ngày vào Đảng\n"
                    "Phan Thị Thu,03/04/1990,chính thức,19/05/2015\n"
                    "Lại Văn Nam,31/02/1991,chính thức,19/05/2016\n"
                    "Triệu Minh Khôi,05/06/1992,dự bị,01/03/2025\n", encoding="utf-8-sig")
    errors, before = [], len(list_members(demo_store))

    def confirm(dialog):
        assert len(list_members(demo_store)) == before  # nothing written yet
        table = dialog.table
        assert table.rowCount() == 1
        assert [table.item(0, c).text() for c in range(3)] == [
            "3", "Ngày sinh", "Ngày không hợp lệ “31/02/1991”."]
        assert dialog.ok_button.text() == "&Nhập 2 đảng viên"
        assert "đọc được 3 dòng, 2 dòng nhập được, 1 dòng có lỗi" in dialog.summary.text()
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    on_modal(confirm, errors)
    view.import_file(path)
    assert not errors, errors
    names = {m.full_name for m in list_members(demo_store)}
    assert len(names) == before + 2
    assert {"Phan Thị Thu", "Triệu Minh Khôi"} <= names and "Lại Văn Nam" not in names
    assert "Đang sinh hoạt: 27" in view.counts.text().replace("\xa0", " ")


def test_import_cancelled_writes_nothing_and_bad_encoding_is_explained(view, demo_store,
                                                                       tmp_path, ui_env):
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên\nPhan Thị Thu\n", encoding="utf-8")
    errors, before = [], len(list_members(demo_store))
    on_modal(lambda dialog: dialog.reject(), errors)
    view.import_file(path)
    assert not errors and len(list_members(demo_store)) == before
    old = tmp_path / "cu.csv"
    old.write_bytes(b"T\xean,\x81\x8d\x00\x9d\n\x01\x02\xff\n")   # no encoding reads it
    view.import_file(old)
    kind, title, text = ui_env[-1]
    assert title == "Nhập danh sách đảng viên" and "TCVN3" in text and "cu.csv" in text
