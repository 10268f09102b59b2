"""PNGs of the documents UI in Vietnamese and English, to look at (not an automatic check).

Runs only when CHIBO_SHOTS names a folder (the PNGs go to its docs/ subfolder):
    CHIBO_SHOTS=/tmp/shots python -m pytest tests/test_ui_documents_screenshots.py -q
"""
from __future__ import annotations

import functools

import pytest
from PySide6.QtWidgets import QPushButton

from app import i18n, meeting_docs, meetings

from uihelpers import FULL, needs_shots, save_shot, store, ui_env  # noqa: F401

pytestmark = needs_shots

# QPdfView renders its pages asynchronously: give it time before each picture.
save = functools.partial(save_shot, size=FULL, folder="docs", settle_ms=300)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_document_screens(lang, ui_env, store, tmp_path, qtbot, qapp):
    from PySide6.QtPrintSupport import QPrinter

    from app.demo import add_demo_meetings, create_demo
    from ui import style
    from ui.documents.documents_panel import DocumentsDialog, stored_preview
    from ui.documents.printing import a4_printer, print_dialog
    from ui.documents.signing_dialog import TAB_NEW, SignDialog
    from ui.documents.verify_dialog import VerifyDialog

    i18n.set_language(lang)
    style.apply(qapp, language=lang, large_text=False)
    create_demo(store)
    add_demo_meetings(store)
    mid = next(m["id"] for m in meetings.list_meetings(store) if m["status"] == "finalised")
    draft = next(m["id"] for m in meetings.list_meetings(store) if m["status"] == "draft")
    row = meeting_docs.current_document(store, mid, "minutes")
    record = meetings.meeting_record(store, mid)

    preview = stored_preview(None, store, row, record)
    qtbot.addWidget(preview)
    save(preview, f"{lang}-01-preview-fit-width")
    preview.fit_page_button.click()
    preview.go_to(1)
    save(preview, f"{lang}-02-preview-whole-page-2")

    printer = a4_printer()
    dialog = print_dialog(None, printer, preview.page_count())
    qtbot.addWidget(dialog)
    save(dialog, f"{lang}-03-print-dialog", size=(800, 300))
    for button in dialog.findChildren(QPushButton):
        if ">>" in button.text():
            button.click()                                  # the copies and range page
    save(dialog, f"{lang}-03b-print-dialog-options", size=(800, 600))
    dialog.reject()

    sign = SignDialog(store, row["id"])
    qtbot.addWidget(sign)
    save(sign, f"{lang}-04-sign-key-file", size=(900, 520))
    sign.tabs.setCurrentIndex(TAB_NEW)
    sign.new_file_edit.setText(str(tmp_path / "lan.p12"))
    sign.new_pass_edit.setText("mật khẩu")
    sign.new_pass2_edit.setText("mật khẩu")
    sign.create_key()
    save(sign, f"{lang}-05-sign-new-key", size=(900, 560))
    signed = sign.sign()
    save(sign, f"{lang}-06-signed", size=(900, 600))
    sign.tabs.setCurrentIndex(2)
    save(sign, f"{lang}-07-sign-token", size=(900, 560))

    signed_path = tmp_path / "signed.pdf"
    signed_path.write_bytes(meeting_docs.document_bytes(store, signed["id"]))
    verify = VerifyDialog(None, store, signed_path)
    qtbot.addWidget(verify)
    save(verify, f"{lang}-08-verify-valid", size=(1000, 600))
    data = bytearray(signed_path.read_bytes())
    data[data.index(b"stream", len(data) // 4) + 20] ^= 1
    modified = tmp_path / "modified.pdf"
    modified.write_bytes(bytes(data))
    verify.check(modified)
    save(verify, f"{lang}-09-verify-modified", size=(1000, 600))

    panel = DocumentsDialog(store, mid)
    qtbot.addWidget(panel)
    save(panel, f"{lang}-10-documents-panel", size=(1100, 480))
    panel_draft = DocumentsDialog(store, draft)
    qtbot.addWidget(panel_draft)
    save(panel_draft, f"{lang}-11-documents-panel-draft", size=(1100, 480))
    signed_preview = stored_preview(None, store, meeting_docs.get_document(store, signed["id"]),
                                    record)
    qtbot.addWidget(signed_preview)
    signed_preview.go_to(signed_preview.page_count() - 1)
    save(signed_preview, f"{lang}-12-preview-signed-last-page")
    assert isinstance(printer, QPrinter)
