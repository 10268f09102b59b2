"""The documents UI on real stored files: preview, print to a PDF file, sign, verify, panel."""
from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter

from app import meeting_docs, meetings
from app.documents import keys
from app.documents.signing import KeyFileSigner
from ui.widgets import fingerprint_text
from app.documents.verify import verify_pdf

from pdf_checks import (
    ink, ink_in, looks_alike, page_size_pts, pdf_pages, signature_rect, write,
)
from token_helpers import softhsm_token  # noqa: F401
from uihelpers import on_modal, store, type_text, ui_env, window  # noqa: F401


@pytest.fixture
def demo_store(store):
    """The demo cell with its meetings: three finalised (documents stored) and a draft."""
    from app.demo import add_demo_meetings, create_demo

    create_demo(store)
    add_demo_meetings(store)
    return store


def _finalised(store):
    return [m for m in meetings.list_meetings(store) if m["status"] == "finalised"]


@pytest.fixture
def minutes(demo_store):
    """(meeting id, stored minutes row) of the demo's first finalised meeting."""
    mid = _finalised(demo_store)[0]["id"]
    return mid, meeting_docs.current_document(demo_store, mid, "minutes")


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "lan.p12"
    fingerprint = keys.new_local_key("Lê Thị Lan", path, "mật khẩu đúng")
    return path, fingerprint


# --- preview ----------------------------------------------------------------------------

def test_preview_shows_every_page_of_the_minutes(ui_env, demo_store, minutes, tmp_path, qtbot):
    from ui.documents.documents_panel import stored_preview

    mid, row = minutes
    data = meeting_docs.document_bytes(demo_store, row["id"])
    expected = pdf_pages(write(tmp_path / "m.pdf", data))
    assert expected >= 2
    dialog = stored_preview(None, demo_store, row, meetings.meeting_record(demo_store, mid))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count() == expected
    assert dialog.page_count_label.text() == f"/ {expected}"
    assert dialog.page_box.maximum() == expected
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    dialog.go_to(expected - 1)                                   # last page
    assert dialog.page_box.value() == expected and not dialog.next_button.isEnabled()
    dialog.go_to(expected)                                       # beyond: stays
    assert dialog.page_box.value() == expected
    assert dialog.sign_button.isVisible()                        # unsigned, finalised
    texts = [b.text() for b in (dialog.print_button, dialog.save_button, dialog.sign_button,
                                dialog.close_button)]
    assert texts == ["In…", "Lưu thành…", "Ký số…", "Đóng"]


def test_preview_save_as_writes_the_same_bytes(ui_env, demo_store, minutes, tmp_path, qtbot):
    from ui import widgets
    from ui.documents.preview import PreviewDialog

    data = meeting_docs.document_bytes(demo_store, minutes[1]["id"])
    dialog = PreviewDialog(data, "x", file_name="bien-ban.pdf")
    qtbot.addWidget(dialog)
    widgets.file_hook = lambda title, name_filter: str(tmp_path / "ban-sao")
    assert dialog.save_as() == tmp_path / "ban-sao.pdf"
    assert (tmp_path / "ban-sao.pdf").read_bytes() == data


def test_unreadable_pdf_is_refused(ui_env, qtbot):
    from ui.documents.preview import PreviewDialog
    from ui.documents.printing import PrintError

    with pytest.raises(PrintError, match="PDF"):
        PreviewDialog(b"%PDF-1.4 not really", "x")


# --- printing to a PDF file (runs everywhere) ----------------------------------------------

def test_print_pdf_to_a_pdf_file_keeps_pages_size_and_look(ui_env, demo_store, minutes, tmp_path):
    from ui.documents.printing import a4_printer, print_pdf

    data = meeting_docs.document_bytes(demo_store, minutes[1]["id"])
    original = write(tmp_path / "original.pdf", data)
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = pdf_pages(original)
    assert print_pdf(data, printer) == pages
    printed = tmp_path / "printed.pdf"
    assert pdf_pages(printed) == pages
    width, height = page_size_pts(printed)
    assert abs(width - 595) < 1.5 and abs(height - 842) < 1.5          # A4 portrait
    for page in (1, pages):
        assert looks_alike(original, printed, page), page
        assert ink(printed, page) > 0.005                              # not a blank sheet
    assert not looks_alike(original, printed, 1, 2)                  # the check can fail


def test_print_pdf_copies_and_page_range(ui_env, demo_store, minutes, tmp_path):
    from ui.documents.printing import a4_printer, print_pdf

    data = meeting_docs.document_bytes(demo_store, minutes[1]["id"])
    pages = pdf_pages(write(tmp_path / "original.pdf", data))
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "two.pdf"))
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert print_pdf(data, printer) == 2 * pages          # a PDF file cannot repeat copies
    assert pdf_pages(tmp_path / "two.pdf") == 2 * pages
    assert looks_alike(tmp_path / "original.pdf", tmp_path / "two.pdf", 1)
    assert looks_alike(tmp_path / "original.pdf", tmp_path / "two.pdf", 1, pages + 1)  # copy 2

    printer = a4_printer()
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "last.pdf"))
    printer.setPrintRange(QPrinter.PageRange)
    printer.setFromTo(pages, pages)
    assert print_pdf(data, printer) == 1
    assert pdf_pages(tmp_path / "last.pdf") == 1
    assert looks_alike(tmp_path / "original.pdf", tmp_path / "last.pdf", pages, 1)


def test_print_minutes_now_prints_the_draft_with_its_mark(ui_env, demo_store, tmp_path, qtbot):
    """The wizard's read-back step: preview + print dialog at once, for a draft meeting."""
    from ui.documents import documents_panel, printing

    draft = next(m for m in meetings.list_meetings(demo_store) if m["status"] == "draft")
    target = tmp_path / "draft-printed.pdf"

    def answer(printer):
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    printing.print_hook = answer
    errors: list = []
    seen = {}

    def close_preview(dialog):
        seen["title"] = dialog.windowTitle()
        seen["pages"] = dialog.page_count()
        seen["bytes"] = dialog.pdf_bytes
        dialog.accept()

    try:
        on_modal(close_preview, errors)
        printed = documents_panel.print_minutes_now(None, demo_store, draft["id"])
    finally:
        printing.print_hook = None
    assert errors == []
    assert printed == seen["pages"] == pdf_pages(target)
    assert "Dự thảo" in seen["title"] or "dự thảo" in seen["title"]
    text = subprocess.run(["pdftotext", "-", "-"], input=seen["bytes"], capture_output=True,
                          check=True).stdout.decode()
    assert "DỰ THẢO" in text


# --- signing ------------------------------------------------------------------------------

def test_sign_with_a_key_made_in_the_dialog(ui_env, demo_store, minutes, tmp_path, qtbot):
    from ui.documents.signing_dialog import TAB_NEW, SignDialog

    mid, row = minutes
    record = meetings.meeting_record(demo_store, mid)
    dialog = SignDialog(demo_store, row["id"])
    qtbot.addWidget(dialog)
    fields = [dialog.field_box.itemData(i)[1] for i in range(dialog.field_box.count())]
    assert fields == ["THƯ KÝ", "CHỦ TRÌ"]
    dialog.field_box.setCurrentIndex(0)
    dialog.tabs.setCurrentIndex(TAB_NEW)
    assert dialog.new_name_edit.text() == record["minute_taker"]      # the field's person
    key_path = tmp_path / "khoa" / "thu-ky.p12"
    dialog.new_file_edit.setText(str(key_path))
    for weak in ("abc", "aaaaaaaaaa"):                 # refused, with the rule said
        dialog.new_pass_edit.setText(weak)
        dialog.new_pass2_edit.setText(weak)
        qtbot.mouseClick(dialog.create_key_button, Qt.LeftButton)
        assert "ít nhất 8 ký tự" in dialog.error.text() and not key_path.exists()
    dialog.new_pass_edit.setText("Mật khẩu 1")
    dialog.new_pass2_edit.setText("Mật khẩu 2")
    assert dialog.create_key() is None
    assert dialog.error.text() == "Hai lần nhập mật khẩu không giống nhau."
    assert not key_path.exists()
    dialog.new_pass2_edit.setText("Mật khẩu 1")
    fingerprint = dialog.create_key()
    assert fingerprint == keys.p12_fingerprint(key_path, "Mật khẩu 1")
    shown = dialog.fingerprint_label.text()
    assert shown.replace("\n", " ").replace(" ", "").lower() == fingerprint
    assert shown == fingerprint_text(fingerprint)     # as the office's dialog shows it
    assert shown.count("\n") == 1 and len(shown.split("\n")[0].split(" ")) == 8
    dialog.copy_fingerprint()
    assert QGuiApplication.clipboard().text() == fingerprint_text(fingerprint, per_line=0)
    assert {"name": record["minute_taker"], "fingerprint": fingerprint}.items() <= \
        meeting_docs.local_keys(demo_store)[-1].items()

    signed = dialog.sign()
    assert signed is not None and dialog.error.text() == ""
    assert dialog.new_pass_edit.text() == "" and dialog.new_pass2_edit.text() == ""
    assert signed["signer"] == record["minute_taker"] and signed["signer_role"] == "THƯ KÝ"
    assert record["minute_taker"] in dialog.result.text()
    data = meeting_docs.document_bytes(demo_store, signed["id"])
    result = verify_pdf(data, trusted_certs=[fingerprint])
    assert result.ok and result.signatures[0].trusted
    assert result.signatures[0].signer_fingerprint == fingerprint
    assert result.signatures[0].field_name == "ThuKy"
    # the unsigned copy is kept, byte for byte, and superseded
    rows = meeting_docs.documents_for(demo_store, mid, "minutes")
    assert [r["current"] for r in rows] == [False, True]
    assert meeting_docs.document_bytes(demo_store, rows[0]["id"]) == \
        meeting_docs.document_bytes(demo_store, row["id"])
    path = write(tmp_path / "signed.pdf", data)
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(path)], capture_output=True,
                                                  text=True).stdout


def test_wrong_passphrase_shows_the_error_and_writes_nothing(ui_env, demo_store, minutes,
                                                             key_file, qtbot):
    from ui.documents.signing_dialog import TAB_FILE, SignDialog

    mid, row = minutes
    files = demo_store.conn.execute("select sha256 from blob order by sha256").fetchall()
    dialog = SignDialog(demo_store, row["id"])
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(TAB_FILE)
    dialog.p12_edit.setText(str(key_file[0]))
    dialog.passphrase_edit.setText("sai")
    assert dialog.sign() is None
    assert dialog.error.text() == ("Không mở được tệp khóa: sai mật khẩu hoặc tệp không phải "
                                   "tệp PKCS#12 (.p12/.pfx).")
    assert dialog.error.isVisibleTo(dialog) and dialog.signed is None
    assert len(meeting_docs.documents_for(demo_store, mid)) == 2          # minutes + resolution
    assert demo_store.conn.execute("select sha256 from blob order by sha256").fetchall() == files
    # then the right passphrase signs, in the field whose printed name is the signer's
    dialog.passphrase_edit.setText("mật khẩu đúng")
    assert dialog.sign()["signature_field"] == "ThuKy"


def test_no_key_file_chosen_is_explained(ui_env, demo_store, minutes, qtbot):
    from ui.documents.signing_dialog import TAB_FILE, SignDialog

    dialog = SignDialog(demo_store, minutes[1]["id"])
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(TAB_FILE)
    assert dialog.sign() is None
    assert dialog.error.text() == "Hãy chọn tệp khóa (.p12 hoặc .pfx)."


def test_usb_token_without_python_pkcs11_gives_the_clear_message(ui_env, demo_store, minutes,
                                                                tmp_path, monkeypatch, qtbot):
    from ui.documents.signing_dialog import PKCS11_MODULE_KEY, TAB_TOKEN, SignDialog

    monkeypatch.setitem(sys.modules, "pkcs11", None)        # as on a computer without it
    mid, row = minutes
    dialog = SignDialog(demo_store, row["id"])
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(TAB_TOKEN)
    dialog.module_edit.setText(str(tmp_path / "missing.so"))
    dialog.token_label_edit.setText("VNPT-CA")
    dialog.pin_edit.setText("123456")
    assert dialog.sign() is None
    assert "Không tìm thấy" in dialog.error.text() and "missing.so" in dialog.error.text()
    module = tmp_path / "vendor-pkcs11.so"
    module.write_bytes(b"\x7fELF not really a module")
    dialog.module_edit.setText(str(module))
    dialog.pin_edit.setText("123456")
    assert dialog.sign() is None
    assert "python-pkcs11" in dialog.error.text() and "chưa được cài" in dialog.error.text()
    assert demo_store.get_setting(PKCS11_MODULE_KEY) == str(module)     # kept for next time
    assert len(meeting_docs.documents_for(demo_store, mid)) == 2
    dialog.reject()
    assert dialog.pin_edit.text() == ""                                 # never kept


@pytest.fixture
def core_calls(monkeypatch):
    """Every call of the core's one signing function (the real one runs)."""
    calls = []
    real = meeting_docs.sign_document

    def spy(store, meeting_id, kind, slot, signer, **kw):
        calls.append((meeting_id, kind, slot, type(signer).__name__, kw.get("document_id")))
        return real(store, meeting_id, kind, slot, signer, **kw)

    monkeypatch.setattr(meeting_docs, "sign_document", spy)
    return calls


def _click_tab(qtbot, tabs, index):
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def test_usb_token_signs_through_the_core_in_the_chosen_block(ui_env, demo_store, minutes,
                                                               softhsm_token, core_calls,
                                                               tmp_path, qtbot):
    """A real PKCS#11 token (SoftHSM): typed and clicked like a secretary would."""
    from ui.documents.signing_dialog import PKCS11_MODULE_KEY, TAB_TOKEN, SignDialog

    mid, row = minutes
    dialog = SignDialog(demo_store, row["id"], slot="ThuKy")
    qtbot.addWidget(dialog)
    assert dialog.field_box.currentData()[:2] == ("ThuKy", "THƯ KÝ")
    _click_tab(qtbot, dialog.tabs, TAB_TOKEN)
    dialog.module_edit.clear()
    qtbot.keyClicks(dialog.module_edit, softhsm_token["module"])
    qtbot.keyClicks(dialog.token_label_edit, softhsm_token["label"])
    qtbot.keyClicks(dialog.pin_edit, "000000")                 # a wrong PIN first
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    assert dialog.signed is None and "Mã PIN của token USB" in dialog.error.text()
    assert len(meeting_docs.documents_for(demo_store, mid)) == 2
    dialog.pin_edit.clear()
    qtbot.keyClicks(dialog.pin_edit, softhsm_token["pin"])
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    signed = dialog.signed
    assert signed is not None, dialog.error.text()
    assert core_calls[-1] == (mid, "minutes", "ThuKy", "TokenSigner", row["id"])
    assert (signed["signer"], signed["signer_role"], signed["signature_field"],
            signed["signer_fingerprint"], signed["supersedes"]) == (
        softhsm_token["name"], "THƯ KÝ", "ThuKy", softhsm_token["fingerprint"], row["id"])
    assert dialog.pin_edit.text() == "" and not dialog.sign_button.isEnabled()
    assert demo_store.get_setting(PKCS11_MODULE_KEY) == softhsm_token["module"]
    data = meeting_docs.document_bytes(demo_store, signed["id"])
    assert data.startswith(meeting_docs.document_bytes(demo_store, row["id"]))
    result = verify_pdf(data, trusted_certs=[softhsm_token["fingerprint"]])
    assert result.ok and [(s.field_name, s.trusted) for s in result.signatures] == [
        ("ThuKy", True)]
    path = write(tmp_path / "token.pdf", data)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 1 and softhsm_token["name"] in out


def test_key_file_tab_goes_through_the_core_and_its_certificate_check(ui_env, demo_store,
                                                                      minutes, core_calls,
                                                                      tmp_path, qtbot):
    """Clicking "Ký" with an expired key file: the core refuses it, nothing is stored; the
    same dialog then signs with a valid key."""
    import datetime as dt

    from ui.documents.signing_dialog import TAB_FILE, SignDialog

    mid, row = minutes
    old = tmp_path / "old.p12"
    keys.new_local_key("Lê Thị Lan", old, "mật khẩu", years=1,
                       now=dt.datetime(2015, 1, 1, tzinfo=dt.timezone.utc))
    dialog = SignDialog(demo_store, row["id"])
    qtbot.addWidget(dialog)
    _click_tab(qtbot, dialog.tabs, TAB_FILE)
    qtbot.keyClicks(dialog.p12_edit, str(old))
    type_text(dialog.passphrase_edit, "mật khẩu")
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    assert core_calls == [(mid, "minutes", "ThuKy", "KeyFileSigner", row["id"])]
    assert "hết hạn" in dialog.error.text() and dialog.signed is None
    assert len(meeting_docs.documents_for(demo_store, mid)) == 2
    good = tmp_path / "lan.p12"
    keys.new_local_key("Lê Thị Lan", good, "mật khẩu")
    dialog.p12_edit.clear()
    qtbot.keyClicks(dialog.p12_edit, str(good))
    dialog.passphrase_edit.clear()
    type_text(dialog.passphrase_edit, "mật khẩu")
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    assert dialog.signed is not None and dialog.signed["signature_field"] == "ThuKy"
    assert len(core_calls) == 2


def test_a_key_of_someone_else_asks_for_a_reason_then_signs(ui_env, demo_store, minutes,
                                                             core_calls, tmp_path, qtbot):
    """Nguyễn Văn An's key in the THƯ KÝ block printed for Lê Thị Lan: the core says a reason
    is needed (nothing stored), the dialog shows the reason field, the typed reason is kept."""
    from ui.documents.signing_dialog import TAB_FILE, SignDialog

    mid, row = minutes
    an = tmp_path / "an.p12"
    keys.new_local_key("Nguyễn Văn An", an, "mật khẩu")
    dialog = SignDialog(demo_store, row["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.mismatch_edit.isHidden()
    _click_tab(qtbot, dialog.tabs, TAB_FILE)
    qtbot.keyClicks(dialog.p12_edit, str(an))
    type_text(dialog.passphrase_edit, "mật khẩu")
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    assert dialog.signed is None and "Lê Thị Lan" in dialog.error.text()
    assert "lý do" in dialog.error.text() and dialog.mismatch_edit.isVisible()
    assert len(meeting_docs.documents_for(demo_store, mid)) == 2        # nothing stored
    type_text(dialog.mismatch_edit, "Đồng chí Lan ốm, ký thay")
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    assert dialog.signed is not None, dialog.error.text()
    assert (dialog.signed["signer"], dialog.signed["printed_name"],
            dialog.signed["mismatch_reason"]) == ("Nguyễn Văn An", "Lê Thị Lan",
                                                  "Đồng chí Lan ốm, ký thay")
    assert len(core_calls) == 2


def test_a_cell_that_refuses_strangers_shows_no_reason_field(ui_env, demo_store, minutes,
                                                             tmp_path, qtbot):
    from ui.documents.signing_dialog import TAB_FILE, SignDialog

    mid, row = minutes
    meeting_docs.set_signer_mismatch_mode(demo_store, "refuse")
    an = tmp_path / "an.p12"
    keys.new_local_key("Nguyễn Văn An", an, "mật khẩu")
    dialog = SignDialog(demo_store, row["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    _click_tab(qtbot, dialog.tabs, TAB_FILE)
    qtbot.keyClicks(dialog.p12_edit, str(an))
    type_text(dialog.passphrase_edit, "mật khẩu")
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    assert dialog.signed is None and "không cho phép" in dialog.error.text()
    assert dialog.mismatch_edit.isHidden()
    assert len(meeting_docs.documents_for(demo_store, mid)) == 2


# --- verification -------------------------------------------------------------------------

@pytest.fixture
def signed_file(demo_store, minutes, key_file, tmp_path):
    row = meeting_docs.sign_document(demo_store, minutes[1]["meeting_id"], "minutes", None,
                                     KeyFileSigner(key_file[0], "mật khẩu đúng"))
    return write(tmp_path / "signed.pdf", meeting_docs.document_bytes(demo_store, row["id"]))


def test_verify_dialog_on_a_signed_file(ui_env, demo_store, signed_file, key_file, qtbot):
    from ui.documents.verify_dialog import VerifyDialog

    dialog = VerifyDialog(None, demo_store, signed_file)
    qtbot.addWidget(dialog)
    assert "hợp lệ" in dialog.summary.text() and "KHÔNG" not in dialog.summary.text()
    [block] = dialog.block_texts()
    assert "Lê Thị Lan" in block and "Chữ ký này hợp lệ" in block
    assert "Tin cậy: không" in block                           # not made by this cell
    meeting_docs.local_keys(demo_store)  # the cell's own keys are trusted:
    demo_store.set_setting(meeting_docs.LOCAL_KEYS_KEY, [{"name": "Lê Thị Lan",
                                                           "fingerprint": key_file[1]}])
    dialog.check(signed_file)
    assert "Tin cậy: có" in dialog.block_texts()[0]


def test_verify_dialog_on_a_file_with_a_flipped_byte(ui_env, demo_store, signed_file, tmp_path,
                                                    qtbot):
    from ui.documents.verify_dialog import VerifyDialog

    data = bytearray(signed_file.read_bytes())
    at = data.index(b"stream", len(data) // 4) + 20         # inside a signed content stream
    data[at] ^= 0x01
    modified = write(tmp_path / "modified.pdf", bytes(data))
    dialog = VerifyDialog(None, demo_store, modified)
    qtbot.addWidget(dialog)
    assert dialog.result.ok is False
    assert "KHÔNG hợp lệ" in dialog.summary.text()
    [block] = dialog.block_texts()
    assert "BỊ SỬA ĐỔI sau khi ký" in block and "Chữ ký này KHÔNG hợp lệ" in block
    assert "không còn khớp với nội dung" in block and "THƯ KÝ" in block
    assert "Tin cậy: không (" in block and "(the " not in block


def test_verify_dialog_warns_on_a_shadowed_file_and_an_untrusted_signer(
        ui_env, demo_store, signed_file, tmp_path, qtbot):
    from test_verify_attacks import shadow_field
    from ui.documents.verify_dialog import VerifyDialog

    dialog = VerifyDialog(None, demo_store, signed_file)
    qtbot.addWidget(dialog)
    [block] = dialog.block_texts()
    assert "Khối THƯ KÝ: tên in “Lê Thị Lan”, khớp với người ký" in block
    # A revision laying a new field with other text over page 1: modified, red.
    shadowed = write(tmp_path / "shadowed.pdf", shadow_field(signed_file.read_bytes()))
    dialog.check(shadowed)
    assert dialog.result.code == "modified" and not dialog.result.ok
    assert "Tài liệu đã BỊ SỬA ĐỔI sau khi ký." in dialog.summary.text()
    assert "BỊ SỬA ĐỔI sau khi ký" in dialog.block_texts()[0]
    # The cell's own keys are the trust source: a signer not among them is a warning.
    demo_store.set_setting(meeting_docs.LOCAL_KEYS_KEY, [{"name": "Nguyễn Thị Hoa",
                                                           "fingerprint": "ab" * 32}])
    dialog.check(signed_file)
    assert dialog.result.code == "not_trusted"
    assert "Cảnh báo: có người ký KHÔNG đáng tin cậy." in dialog.summary.text()
    assert "Chữ ký này KHÔNG đáng tin cậy" in dialog.block_texts()[0]


def test_verify_dialog_on_an_unsigned_file(ui_env, demo_store, minutes, tmp_path, qtbot):
    from ui.documents.verify_dialog import VerifyDialog

    path = write(tmp_path / "u.pdf", meeting_docs.document_bytes(demo_store, minutes[1]["id"]))
    dialog = VerifyDialog(None, demo_store, path)
    qtbot.addWidget(dialog)
    assert dialog.block_texts() == []
    assert "Tài liệu không có chữ ký số." in dialog.summary.text()
    assert "KHÔNG hợp lệ" not in dialog.summary.text()


def test_file_menu_checks_signatures(window, signed_file, qtbot):
    from ui import widgets

    widgets.file_hook = lambda title, name_filter: str(signed_file)
    errors: list = []
    seen = {}

    def look(dialog):
        seen["summary"] = dialog.summary.text()
        dialog.accept()

    on_modal(look, errors)
    assert window.action_verify.text() == "Kiểm tra &chữ ký số…"
    window.action_verify.trigger()
    assert errors == [] and "hợp lệ" in seen["summary"]


# --- the documents panel ------------------------------------------------------------------

def test_documents_panel_lists_and_signs(ui_env, demo_store, minutes, key_file, qtbot):
    from ui.documents.documents_panel import DocumentsPanel

    mid, row = minutes
    panel = DocumentsPanel(demo_store, mid)
    qtbot.addWidget(panel)
    panel.show()
    cells = [[panel.table.item(r, c).text() for c in range(panel.table.columnCount())]
             for r in range(panel.table.rowCount())]
    kinds = sorted(c[0] for c in cells)
    assert kinds in (["Biên bản", "Nghị quyết"], ["Biên bản", "Kết luận"])
    assert all(c[3] == "chưa ký" and c[5] == "hiện hành" for c in cells)
    assert not panel.draft_button.isVisible()
    panel.table.selectRow([c[0] for c in cells].index("Biên bản"))
    assert panel.sign_button.isEnabled() and not panel.verify_button.isEnabled()
    meeting_docs.sign_document(demo_store, row["meeting_id"], row["kind"], None,
                               KeyFileSigner(key_file[0], "mật khẩu đúng"))
    panel.reload()
    cells = [[panel.table.item(r, c).text() for c in range(panel.table.columnCount())]
             for r in range(panel.table.rowCount())]
    assert len(cells) == 3
    signed = [c for c in cells if c[3].startswith("Lê Thị Lan")]
    assert len(signed) == 1 and signed[0][3] == "Lê Thị Lan (THƯ KÝ)"
    assert signed[0][5] == "hiện hành"
    assert [c[5] for c in cells].count("đã có bản ký số thay thế") == 1
    panel.table.selectRow(cells.index(signed[0]))
    assert panel.verify_button.isEnabled() and panel.sign_button.isEnabled()
    old = [c for c in cells if c[5] != "hiện hành"][0]
    panel.table.selectRow(cells.index(old))
    assert not panel.sign_button.isEnabled()


def test_documents_panel_of_a_draft_meeting(ui_env, demo_store, tmp_path, qtbot):
    from ui.documents.documents_panel import DocumentsPanel

    draft = next(m for m in meetings.list_meetings(demo_store) if m["status"] == "draft")
    panel = DocumentsPanel(demo_store, draft["id"])
    qtbot.addWidget(panel)
    panel.show()
    assert panel.table.rowCount() == 0 and panel.draft_button.isVisible()
    assert "khi kết thúc" in panel.empty_label.text() or "hoàn tất" in panel.empty_label.text()
    assert not panel.sign_button.isEnabled() and not panel.preview_button.isEnabled()
    dialog = panel.draft_preview_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.sign_button.isVisibleTo(dialog)             # a draft is not signed
    path = write(tmp_path / "draft.pdf", dialog.pdf_bytes)
    assert dialog.page_count() == pdf_pages(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "DỰ THẢO" in text


def test_open_documents_takes_the_shell_or_the_store(window, minutes, qtbot):
    from ui.documents.documents_panel import open_documents

    errors: list = []
    seen = []
    on_modal(lambda d: (seen.append(d.panel.table.rowCount()), d.accept()), errors)
    open_documents(window, window.shell, minutes[0])
    on_modal(lambda d: (seen.append(d.panel.table.rowCount()), d.accept()), errors)
    open_documents(window, window.store, minutes[0])
    assert errors == [] and seen == [2, 2]


def test_signed_copy_prints_with_its_stamp(ui_env, demo_store, signed_file, minutes, tmp_path):
    """QtPdf draws no form widgets: the stamp is drawn into a display copy before printing."""
    from ui.documents.printing import a4_printer, print_pdf, with_visible_signatures

    data = signed_file.read_bytes()
    unsigned = write(tmp_path / "unsigned.pdf",
                     meeting_docs.document_bytes(demo_store, minutes[1]["id"]))
    pages = pdf_pages(signed_file)
    printed = {}
    for name, source in (("signed", data), ("unsigned", unsigned.read_bytes())):
        printer = a4_printer()
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"printed-{name}.pdf"))
        assert print_pdf(source, printer) == pages
        printed[name] = tmp_path / f"printed-{name}.pdf"
    box = signature_rect(signed_file, "ThuKy")
    assert ink_in(printed["unsigned"], pages, box) < 0.001      # an empty signature block
    # the stamp's frame and text, about as much ink as poppler draws from the signed file
    assert ink_in(printed["signed"], pages, box) > 0.5 * ink_in(signed_file, pages, box) > 0.02
    assert looks_alike(signed_file, printed["signed"], pages)
    assert with_visible_signatures(unsigned.read_bytes()) == unsigned.read_bytes()
    assert verify_pdf(data).signatures[0].intact               # the stored bytes untouched


def test_usb_tokens_are_found_and_chosen_from_a_list(ui_env, demo_store, minutes, softhsm_token,
                                                     tmp_path, qtbot):
    """The token and its key chosen from what the module sees; a missing module is said."""
    from ui.documents.signing_dialog import TAB_TOKEN, SignDialog

    mid, row = minutes
    dialog = SignDialog(demo_store, row["id"], slot="ThuKy")
    qtbot.addWidget(dialog)
    _click_tab(qtbot, dialog.tabs, TAB_TOKEN)
    dialog.module_edit.clear()
    qtbot.keyClicks(dialog.module_edit, str(tmp_path / "none.so"))
    qtbot.mouseClick(dialog.find_tokens_button, Qt.LeftButton)
    assert "Không tìm thấy thư viện PKCS#11" in dialog.error.text()
    assert not dialog.token_box.isEnabled()
    dialog.module_edit.clear()
    qtbot.keyClicks(dialog.module_edit, softhsm_token["module"])
    qtbot.mouseClick(dialog.find_tokens_button, Qt.LeftButton)
    assert dialog.token_box.isEnabled() and dialog.error.text() == ""
    items = [dialog.token_box.itemText(i) for i in range(dialog.token_box.count())]
    assert f"{softhsm_token['label']} — lan" in items
    assert (dialog.token_label_edit.text(), dialog.key_label_edit.text()) == (
        softhsm_token["label"], "lan")
    qtbot.keyClicks(dialog.pin_edit, softhsm_token["pin"])
    qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
    assert dialog.signed is not None, dialog.error.text()
    assert dialog.signed["signer_fingerprint"] == softhsm_token["fingerprint"]


def test_number_register_from_the_documents_panel(ui_env, demo_store, minutes, qtbot):
    import re

    from ui.documents.documents_panel import DocumentsPanel, RegisterDialog

    mid, _row = minutes
    panel = DocumentsPanel(demo_store, mid)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.mouseClick(panel.register_button, Qt.LeftButton)
    [dialog] = panel.findChildren(RegisterDialog)
    cells = [[dialog.table.item(r, c).text() for c in range(4)]
             for r in range(dialog.table.rowCount())]
    numbers = [c[0] for c in cells]
    # Per type, from 01, no gap: the minutes (BB) and resolutions (NQ) each their own.
    bb = [n for n in numbers if n.endswith("-BB/CB")]
    assert bb == [f"{i:02d}-BB/CB" for i in range(1, len(bb) + 1)] and len(bb) >= 3
    others = [n for n in numbers if not n.endswith("-BB/CB")]
    assert others and others[0].startswith("01-")
    assert all(re.match(r"\d\d/\d\d/\d{4}$", c[1]) for c in cells)
    dialog.close()


def test_handbook_button_writes_the_final_files_and_records_the_day(ui_env, demo_store, minutes,
                                                                     tmp_path, qtbot):
    import datetime as dt

    from ui import widgets
    from ui.documents.documents_panel import DocumentsPanel

    mid, row = minutes
    panel = DocumentsPanel(demo_store, mid)
    qtbot.addWidget(panel)
    panel.show()
    meetings_before = meetings.meeting_record(demo_store, mid).get("final_on_handbook")
    widgets.file_hook = lambda title, name_filter: str(tmp_path / "so-tay")
    errors: list = []
    on_modal(lambda d: d.accept(), errors)                      # the "written" message
    qtbot.mouseClick(panel.handbook_button, Qt.LeftButton)
    widgets.file_hook = None
    assert not errors
    date = meetings.meeting_record(demo_store, mid)["date"]
    names = sorted(p.name for p in (tmp_path / "so-tay").iterdir())
    assert names[0] == f"{date}_bien-ban.pdf" and len(names) == 2
    assert (tmp_path / "so-tay" / names[0]).read_bytes() == \
        meeting_docs.document_bytes(demo_store, row["id"])
    recorded = meetings.meeting_record(demo_store, mid)["final_on_handbook"]
    assert recorded == dt.date.today().isoformat() and recorded != meetings_before


def test_the_dialog_lists_the_blocks_as_the_2026_profile_prints_them(ui_env, store, qtbot):
    """Issue 16: under QĐ 399 / HD 05 (2026) the minutes' blocks are NGƯỜI GHI BIÊN BẢN and
    CHỦ TRÌ; a resolution the deputy signs for the cell offers "T/M CHI BỘ – PHÓ BÍ THƯ"
    with the deputy's printed name."""
    from app import lifecycle
    from app.cell import get_cell, set_document_format
    from app.demo import add_demo_meetings, create_demo
    from ui.documents.signing_dialog import SignDialog

    create_demo(store)
    set_document_format(store, "qd399-2026")
    mid = add_demo_meetings(store)[0]
    minutes = meeting_docs.current_document(store, mid, "minutes")
    dialog = SignDialog(store, minutes["id"])
    qtbot.addWidget(dialog)
    record = meetings.meeting_record(store, mid)
    assert [dialog.field_box.itemText(i) for i in range(dialog.field_box.count())] == [
        f"NGƯỜI GHI BIÊN BẢN — {record['minute_taker']}", f"CHỦ TRÌ — {record['chair']}"]
    # A corrected version whose resolution the deputy signs.
    new = meetings.amend(store, mid, "Phó bí thư ký nghị quyết")
    meetings.set_resolution_signer(store, new, "deputy")
    meetings.update(store, new, read_back=True)
    lifecycle.finalise(store, new)
    resolution = meeting_docs.current_document(store, new, "resolution")
    dialog = SignDialog(store, resolution["id"])
    qtbot.addWidget(dialog)
    deputy = store.rows("select full_name from member where id = ?",
                        [get_cell(store).deputy_id])[0]["full_name"]
    assert [dialog.field_box.itemData(i)[1:] for i in range(dialog.field_box.count())] == [
        ("T/M CHI BỘ – PHÓ BÍ THƯ", deputy)]
