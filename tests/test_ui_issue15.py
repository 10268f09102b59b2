"""Defects of issue 15 found by a secretary, each driven through the real widgets."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.members import list_members

from uihelpers import demo_store, on_modal, store, ui_env, window  # noqa: F401


def _members_view(window):
    return window.shell.show_section("members")


def test_import_button_and_alt_n_open_the_preview(window, demo_store, qtbot, tmp_path):
    from ui import widgets

    view = _members_view(window)
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Ngày sinh,Đảng viên,Ngày vào Đảng\n"
                    "Phan Thị Thu,03/04/1990,chính thức,19/05/2015\n", encoding="utf-8-sig")
    asked = []
    widgets.file_hook = lambda title, name_filter: asked.append(title) or str(path)
    errors, seen = [], []

    def look(dialog):
        seen.append(dialog.windowTitle())
        dialog.reject()

    on_modal(look, errors)
    qtbot.mouseClick(view.import_button, Qt.LeftButton)
    assert not errors, errors
    assert asked == ["Nhập danh sách đảng viên"]
    assert seen == ["Nhập danh sách đảng viên"]
    # the mnemonic (Alt+N in Vietnamese) goes through the same click
    assert "&N" in view.import_button.text()
    window.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(lambda: view.table.hasFocus())
    on_modal(look, errors)
    QTest.keyClick(view.table, Qt.Key_N, Qt.AltModifier)
    qtbot.waitUntil(lambda: len(seen) == 2)   # a mnemonic clicks after a short animation
    assert not errors, errors
    before = len(list_members(demo_store))
    on_modal(lambda d: qtbot.mouseClick(d.ok_button, Qt.LeftButton), errors)
    qtbot.mouseClick(view.import_button, Qt.LeftButton)
    assert not errors, errors
    assert len(list_members(demo_store)) == before + 1
