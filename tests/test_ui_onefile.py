"""Issue 14 in the desktop app: File ▸ Save a copy… writes the whole data file (the copy alone
prints and verifies every signed document), and the upgrade's files that could not be moved in
are shown once after opening. Driven through the real action, shortcut and message box."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from pdf_checks import needs_pdf_tools
from test_cli import chibo
from test_store import old_file_with_a_broken_folder
from uihelpers import on_modal, scored_store, store, ui_env, window  # noqa: F401

PASS = "mật khẩu chi bộ"


def _sign_one_minutes(store, tmp_path):
    """The minutes of a finalised meeting signed with a key recorded in the file; its id."""
    from app import meeting_docs
    from app.documents.signing import KeyFileSigner

    key = tmp_path / "hoa.p12"
    meeting_docs.make_local_key(store, "Nguyễn Thị Hoa", key, PASS)
    mid = store.conn.execute("select meeting_id from document where kind = 'minutes' "
                             "order by created_at limit 1").fetchone()[0]
    meeting_docs.sign_document(store, mid, "minutes", None, KeyFileSigner(key, PASS),
                               mismatch_reason="Ký thay")
    return mid


@needs_pdf_tools
def test_save_a_copy_through_the_menu_shortcut(ui_env, scored_store, qtbot, tmp_path):
    from app import meeting_docs
    from app.settings import load_settings
    from ui import widgets
    from ui.app_window import MainWindow

    mid = _sign_one_minutes(scored_store, tmp_path)
    signed = meeting_docs.document_bytes(
        scored_store, meeting_docs.current_document(scored_store, mid, "minutes")["id"])
    w = MainWindow(scored_store, load_settings())
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    [file_menu] = [a.menu() for a in w.menuBar().actions() if a.text() == "&Tệp"]
    assert w.action_save_copy in file_menu.actions()
    assert w.action_save_copy.text() == "Lưu &bản sao…"
    usb = tmp_path / "usb"
    usb.mkdir()
    asked = []
    widgets.file_hook = lambda title, name_filter: asked.append(title) or str(usb / "chi-bo")
    focus = QApplication.focusWidget() or w
    QTest.keyClick(focus, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
    assert asked == ["Lưu bản sao tệp dữ liệu"]
    copy = usb / "chi-bo.sqlite"          # the name typed without ".sqlite" gets it
    assert ui_env == [("information", "Lưu bản sao",
                       f"Đã ghi một bản sao đầy đủ của tệp dữ liệu vào {copy}. Bản sao chứa mọi "
                       "hồ sơ và tài liệu (kể cả tài liệu đã ký số): trên máy khác, hãy mở nó "
                       "bằng Tệp ▸ Mở tệp dữ liệu khác….")]
    assert sorted(p.name for p in usb.iterdir()) == ["chi-bo.sqlite"]
    assert copy.stat().st_mode & 0o777 == 0o600
    # Opened alone in another folder: every stored document prints as stored, the signed
    # minutes verify against the key recorded in the file.
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    shutil.move(copy, laptop / "cell.sqlite")
    db = laptop / "cell.sqlite"
    conn = sqlite3.connect(db)
    current = conn.execute(
        "select d.meeting_id, d.kind, b.sha256 from document d join blob b on b.sha256 = "
        "d.sha256 where d.meeting_id is not null and not exists (select 1 from document s "
        "where s.supersedes = d.id)").fetchall()
    conn.close()
    assert len(current) >= 3
    for meeting, kind, digest in current:
        out = tmp_path / f"{meeting}-{kind}.pdf"
        chibo(kind, meeting, "--db", str(db), "--out", str(out))
        assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
    out = tmp_path / "signed.pdf"
    chibo("minutes", mid, "--db", str(db), "--out", str(out))
    assert out.read_bytes() == signed
    verified = chibo("verify", str(out), "--db", str(db), check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # The open data file itself as the target: refused with the reason, nothing written.
    ui_env.clear()
    before = scored_store.path.read_bytes()
    widgets.file_hook = lambda title, name_filter: str(scored_store.path)
    w.action_save_copy.trigger()
    assert [(k, t) for k, t, _text in ui_env] == [("error", "Lưu bản sao")]
    assert "chính là tệp dữ liệu đang mở" in ui_env[0][2]
    assert scored_store.path.read_bytes() == before


def test_files_not_moved_in_are_shown_once_after_opening(ui_env, qtbot, tmp_path):
    from app.services.store import moved_in_report, open_store
    from app.settings import load_settings
    from ui import widgets
    from ui.app_window import MainWindow

    path, changed = old_file_with_a_broken_folder(tmp_path)
    store = open_store(path)          # the upgrade runs here
    widgets.answer_hook = None        # the real message box
    errors, seen = [], []

    def read_and_close(box):
        assert isinstance(box, QMessageBox)
        seen.append((box.windowTitle(), box.text()))
        [ok] = box.buttons()
        assert ok.text() == "Đồng ý"
        qtbot.mouseClick(ok, Qt.LeftButton)

    on_modal(read_and_close, errors)
    w = MainWindow(store, load_settings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: bool(seen or errors))
    assert not errors, errors
    [(title, text)] = seen
    assert title == "Các tệp chưa chuyển được vào tệp dữ liệu"
    assert f"• bien-ban-2024-04-03.pdf (03/04/2024): có tệp {changed} nhưng nội dung không còn " \
           "khớp" in text
    assert "• nghi-quyet-2024-04-03.pdf (03/04/2024): không có tệp tương ứng" in text
    assert "Cách xử lý:" in text
    qtbot.waitUntil(lambda: moved_in_report(store).shown is not None)
    # Not again at the next start.
    w.close()
    store.close()
    store = open_store(path)
    widgets.answer_hook = lambda *a: ui_env.append(a) or "ok"
    w2 = MainWindow(store, load_settings())
    qtbot.addWidget(w2)
    w2.show()
    qtbot.wait(50)
    assert ui_env == []
    w2.close()
    store.close()
