"""PNGs of every screen in Vietnamese and English, to look at (not an automatic check).

Runs only when CHIBO_SHOTS names a folder:
    CHIBO_SHOTS=/tmp/shots python -m pytest tests/test_ui_screenshots.py -q
"""
from __future__ import annotations

import pytest

from app import i18n
from app.settings import load_settings

from uihelpers import demo_store, needs_shots, save_shot, store, type_text, ui_env  # noqa: F401

pytestmark = needs_shots


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_screens(lang, ui_env, tmp_path, qtbot, qapp):
    from app.store import open_store
    from app.store.backup import backup_now
    from ui import style
    from ui.app_window import MainWindow
    from ui.backups_dialog import BackupsDialog
    from ui.import_dialog import ImportDialog
    from ui.member_dialog import LeftDialog, MemberDialog
    from ui.widgets import file_dialog, message_box

    i18n.set_language(lang)
    style.apply(qapp, language=lang, large_text=False)
    full = (1366, 768)
    empty = open_store(tmp_path / "empty.sqlite")
    w = MainWindow(empty, load_settings())
    qtbot.addWidget(w)
    save_shot(w, f"{lang}-01-first-run", full)
    w.first_run.start_cell_form()
    save_shot(w, f"{lang}-02-first-run-cell-form", full)
    w.first_run.open_demo()
    store = empty
    backup_now(store.conn, store.path, reason="daily")
    backup_now(store.conn, store.path, reason="manual")
    members = w.shell.show_section("members")
    save_shot(w, f"{lang}-03-members", full)
    members.search.setText("nguyen van a")
    save_shot(w, f"{lang}-04-members-search", full)
    members.search.clear()
    w.shell.show_section("cell")
    save_shot(w, f"{lang}-05-cell", full)
    for n, section in enumerate(("calendar", "meetings", "office"), start=6):
        w.shell.show_section(section)
        save_shot(w, f"{lang}-{n:02d}-{section}", full)
    w.menuBar().actions()[0].menu().popup(w.mapToGlobal(w.rect().topLeft()))
    w.shell.show_section("members")

    m = next(x for x in members.members if x.full_name == "Đoàn Thị Quỳnh")
    d = MemberDialog(store, m, w)
    d.fields["birth_date"].setText("31/02/1998")
    d.fields["exempt_from"].setText("01/01/2024")
    save_shot(d, f"{lang}-10-member-edit-errors")
    d.close()
    d = MemberDialog(store, None, w)
    save_shot(d, f"{lang}-11-member-add")
    d.close()
    d = LeftDialog(store, m, w)
    save_shot(d, f"{lang}-12-member-left")
    d.close()
    csv = tmp_path / "ds.csv"
    csv.write_text("Họ và tên,Ngày sinh,Giới tính,Đảng viên\nPhan Thị Thu,03/04/1990,Nữ,chính thức\n"
                   "Lại Văn Nam,31/02/1991,Nam,chính thức\n,01/01/1990,Nam,dự bị\n"
                   "Nguyễn Văn Á,01/05/1962,Nam,x\n", encoding="utf-8")
    d = ImportDialog(store, csv, w)
    save_shot(d, f"{lang}-13-import-preview")
    d.close()
    d = BackupsDialog(store, w)
    save_shot(d, f"{lang}-14-backups")
    d.close()
    box, _b = message_box(w, i18n._("Delete a member"), i18n._(
        "Delete {name}? Only do this for a member typed in by mistake; a member who moved away "
        "is marked as left instead.").format(name="Hồ Minh Quân"),
        [("yes", i18n._("Delete")), ("no", i18n._("Cancel"))], kind="warning")
    save_shot(box, f"{lang}-15-message-box")
    box.close()
    fd = file_dialog(w, i18n._("Import members"),
                     i18n._("Member lists (*.csv *.xlsx)") + ";;" + i18n._("All files (*)"),
                     directory=str(tmp_path))
    save_shot(fd, f"{lang}-16-file-dialog", (900, 520))
    fd.close()
    w.set_large_text(True)
    w.shell.show_section("members")
    save_shot(w, f"{lang}-17-members-large-text", full)
    d = MemberDialog(store, m, w)
    save_shot(d, f"{lang}-18-member-edit-large-text")
    d.close()
    w.shell.show_section("cell")
    save_shot(w, f"{lang}-19-cell-large-text", full)
    w.set_large_text(False)
    w.store.close()
