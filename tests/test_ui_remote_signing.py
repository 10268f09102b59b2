"""The signing dialog's "Ký từ xa" tab, clicked and typed like a secretary would, against the
local CSC test service: a provider saved as cell data (no secret), one document signed, the
whole signing queue signed, and a cancel while the provider waits (nothing changed)."""
from __future__ import annotations

import socket
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from app import meeting_docs, meetings
from app.documents.verify import verify_pdf

from csc_helpers import csc_server  # noqa: F401 (fixture)
from uihelpers import store, type_text, ui_env  # noqa: F401

SECRET = "mã-truy-cập-bí-mật"


@pytest.fixture
def demo_store(store):
    from app.demo import add_demo_meetings, create_demo

    create_demo(store)
    add_demo_meetings(store)
    return store


def _first_minutes(store):
    mid = [m for m in meetings.list_meetings(store) if m["status"] == "finalised"][0]["id"]
    return mid, meeting_docs.current_document(store, mid, "minutes")


def _click_tab(qtbot, tabs, index):
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def _type_provider(qtbot, dialog, name, url, credential):
    for edit, text in ((dialog.provider_name_edit, name), (dialog.provider_url_edit, url),
                       (dialog.client_id_edit, "chibo-cell"), (dialog.credential_edit,
                                                               credential)):
        edit.clear()
        type_text(edit, text)
    qtbot.mouseClick(dialog.save_provider_button, Qt.LeftButton)


def _documents(store):
    return sorted((r["id"], r["sha256"]) for r in store.db["document"].rows)


def test_remote_tab_signs_the_document_and_then_the_queue(ui_env, demo_store, csc_server,
                                                          qtbot):
    from app.documents import remote
    from ui.documents.signing_dialog import TAB_REMOTE, SignDialog

    mid, row = _first_minutes(demo_store)
    waiting = len(meeting_docs.signing_queue(demo_store))
    dialog = SignDialog(demo_store, row["id"], slot="ThuKy")
    qtbot.addWidget(dialog)
    _click_tab(qtbot, dialog.tabs, TAB_REMOTE)
    assert dialog.tabs.tabText(TAB_REMOTE) == "Ký từ xa"
    assert dialog.sign_queue_button.text() == f"Ký tất cả văn bản đang chờ ({waiting})"
    _type_provider(qtbot, dialog, "SmartCA", csc_server["url"], csc_server["credential"])
    assert [p.name for p in remote.providers(demo_store)] == ["SmartCA"]
    assert dialog.provider_box.currentText() == "SmartCA"
    type_text(dialog.access_token_edit, SECRET)
    stages = []
    original = dialog._progress
    dialog._progress = lambda stage, s: (stages.append(stage), original(stage, s))[1]
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    # The provider's certificate is the chair's, the block the minute-taker's: a reason.
    assert dialog.signed is None and not dialog.mismatch_edit.isHidden()
    type_text(dialog.mismatch_edit, "Ký thay thư ký")
    type_text(dialog.access_token_edit, SECRET)
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    signed = dialog.signed
    assert signed is not None, dialog.error.text()
    assert signed["mismatch_reason"] == "Ký thay thư ký"
    assert (signed["signer"], signed["signature_field"], signed["supersedes"]) == (
        csc_server["name"], "ThuKy", row["id"])
    assert dialog.access_token_edit.text() == "" and dialog.progress is None
    data = meeting_docs.document_bytes(demo_store, signed["id"])
    assert data.startswith(meeting_docs.document_bytes(demo_store, row["id"]))
    assert verify_pdf(data, trusted_certs=[signed["signer_fingerprint"]]).ok
    # The rest of the queue, with the same provider; the secret typed once for the action.
    assert dialog.sign_queue_button.text() == f"Ký tất cả văn bản đang chờ ({waiting - 1})"
    type_text(dialog.access_token_edit, SECRET)
    qtbot.mouseClick(dialog.sign_queue_button, Qt.LeftButton)
    assert meeting_docs.signing_queue(demo_store) == [], dialog.error.text()
    assert f"Đã ký từ xa {waiting - 1} văn bản" in dialog.result.text()
    assert not dialog.sign_queue_button.isEnabled()
    with open(demo_store.path, "rb") as fh:
        assert SECRET.encode() not in fh.read()


def test_cancel_while_the_provider_waits_changes_nothing(ui_env, demo_store, qtbot):
    from ui.documents.signing_dialog import TAB_REMOTE, SignDialog

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    held = []
    threading.Thread(target=lambda: held.append(server.accept()[0]), daemon=True).start()
    mid, row = _first_minutes(demo_store)
    before = _documents(demo_store)
    dialog = SignDialog(demo_store, row["id"])
    qtbot.addWidget(dialog)
    _click_tab(qtbot, dialog.tabs, TAB_REMOTE)
    _type_provider(qtbot, dialog, "Chậm", f"http://127.0.0.1:{server.getsockname()[1]}",
                   "x/y")

    def press_cancel():
        if dialog.progress is None:
            QTimer.singleShot(100, press_cancel)
            return
        button = dialog.progress.findChild(QPushButton)
        qtbot.mouseClick(button, Qt.LeftButton)

    QTimer.singleShot(300, press_cancel)
    try:
        qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    finally:
        server.close()
        for conn in held:
            conn.close()
    assert dialog.signed is None and "Đã hủy ký số từ xa" in dialog.error.text()
    assert dialog.progress is None and _documents(demo_store) == before
