"""The cell's export dialog and its own model-cell evaluation, through the real widgets: a key
made in the test, real signed bundles written to a folder."""
from __future__ import annotations

import json
import zipfile

import pytest
from PySide6.QtCore import Qt

from app.demo import add_demo_meetings
from app.i18n import translator
from app.documents.keys import new_local_key
from app import meeting_docs
from tests.meeting_helpers import DEMO_TODAY, demo_store
from tests.office_helpers import sign_minutes
from uihelpers import on_modal, store, type_text, ui_env  # noqa: F401

PASS = "mật khẩu 2024"


@pytest.fixture
def unsigned_cell(store):
    """The demo cell: three finalised meetings whose stored minutes nobody signed yet."""
    demo_store(store)
    ids = add_demo_meetings(store, today=DEMO_TODAY)
    return store, ids


@pytest.fixture
def taker_key(tmp_path):
    path = tmp_path / "lan.p12"
    return path, new_local_key("Lê Thị Lan", path, PASS)


@pytest.fixture
def cell(unsigned_cell, taker_key):
    """The same cell with the minutes signed by the minute-taker (THƯ KÝ)."""
    store, ids = unsigned_cell
    sign_minutes(store, taker_key[0], PASS)
    return store, ids


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "hoa.p12"
    return path, new_local_key("Nguyễn Thị Hoa", path, PASS)


def dialog_for(store, qtbot):
    from ui.export_dialog import ExportDialog

    d = ExportDialog(store)
    qtbot.addWidget(d)
    return d


def test_export_dialog_lists_states_and_exports_the_new_meetings(cell, key, tmp_path, qtbot,
                                                                 ui_env):
    store, ids = cell
    d = dialog_for(store, qtbot)
    table = d.table
    assert table.rowCount() == 3            # the draft (4th meeting) is not listed
    assert [table.item(r, 0).text() for r in range(3)] == ["03/01/2024", "05/02/2024",
                                                           "04/03/2024"]
    assert [table.item(r, 3).text() for r in range(3)] == ["Mới: chưa gửi"] * 3
    assert all(table.item(r, 0).checkState() == Qt.Checked for r in range(3))
    assert not d.new_button.isEnabled()     # no folder, key or passphrase yet

    usb = tmp_path / "usb"
    d.folder_edit.setText(str(usb))
    d.key_edit.setText(str(key[0]))
    d.passphrase_edit.setText(PASS)
    assert d.new_button.isEnabled()
    d.new_button.click()
    assert not ui_env, ui_env               # no error box
    names = sorted(p.name for p in usb.iterdir())
    assert names == ["2024-01_chi-bo-khoa-y-te-cong-cong_regular_v1.zip",
                     "2024-02_chi-bo-khoa-y-te-cong-cong_regular_v1.zip",
                     "2024-03_chi-bo-khoa-y-te-cong-cong_regular_v1.zip"]
    with zipfile.ZipFile(usb / names[0]) as zf:
        doc = json.loads(zf.read("meeting.json"))
    assert doc["signer_fingerprint"] == key[1] and doc["id"] == ids[0]
    assert [d.written_list.item(i).text() for i in range(3)] == [str(usb / n) for n in names]
    assert d.written_list.isVisibleTo(d)
    assert d.passphrase_edit.text() == ""   # asked again next time
    assert all(table.item(r, 3).text().startswith("Đã ghi ra thư mục ngày ") for r in range(3))
    assert all(table.item(r, 0).checkState() == Qt.Unchecked for r in range(3))
    assert not d.new_button.isEnabled()


def test_export_only_the_ticked_meeting(cell, key, tmp_path, qtbot, ui_env):
    store, ids = cell
    d = dialog_for(store, qtbot)
    for row in (0, 2):
        d.table.item(row, 0).setCheckState(Qt.Unchecked)
    assert d.checked_ids() == [ids[1]]
    d.folder_edit.setText(str(tmp_path / "usb"))
    d.key_edit.setText(str(key[0]))
    d.passphrase_edit.setText(PASS)
    d.selected_button.click()
    assert [p.name for p in (tmp_path / "usb").iterdir()] == [
        "2024-02_chi-bo-khoa-y-te-cong-cong_regular_v1.zip"]
    assert [d.table.item(r, 3).text()[:6] for r in range(3)] == ["Mới: c", "Đã ghi", "Mới: c"]


def test_a_wrong_passphrase_is_said_and_nothing_is_written(cell, key, tmp_path, qtbot, ui_env):
    store, _ids = cell
    d = dialog_for(store, qtbot)
    d.folder_edit.setText(str(tmp_path / "usb"))
    d.key_edit.setText(str(key[0]))
    d.passphrase_edit.setText("sai mật khẩu")
    d.new_button.click()
    [(kind, title, text)] = ui_env
    assert (kind, title) == ("error", "Xuất gói dữ liệu gửi Văn phòng Đảng ủy")
    assert text == translator("vi")(
        "Cannot open the key file: wrong passphrase or not a PKCS#12 file.")
    assert not (tmp_path / "usb").exists()
    assert [d.table.item(r, 3).text() for r in range(3)] == ["Mới: chưa gửi"] * 3


def test_unsigned_minutes_are_said_and_the_signing_dialog_opens_in_the_right_block(
        unsigned_cell, key, taker_key, tmp_path, qtbot, ui_env, monkeypatch):
    """No bundle for unsigned minutes and no box signed by the export; the dialog says why and
    opens the signing dialog on those minutes in the THƯ KÝ block, which signs through the
    core; the meeting then exports its stored signed copy byte for byte."""
    from ui.documents.signing_dialog import TAB_FILE

    store, ids = unsigned_cell
    calls = []
    real = meeting_docs.sign_document
    monkeypatch.setattr(meeting_docs, "sign_document", lambda *a, **kw: calls.append(
        a[1:4]) or real(*a, **kw))
    d = dialog_for(store, qtbot)
    assert all(d.table.item(r, 3).text().endswith("biên bản chưa ký") for r in range(3))
    usb = tmp_path / "usb"
    qtbot.keyClicks(d.folder_edit, str(usb))
    qtbot.keyClicks(d.key_edit, str(key[0]))
    type_text(d.passphrase_edit, PASS)
    qtbot.mouseClick(d.new_button, Qt.LeftButton)
    assert not ui_env, ui_env
    assert not usb.exists() or not list(usb.iterdir())
    assert d.unsigned_label.isVisibleTo(d) and d.sign_minutes_button.isVisibleTo(d)
    said = d.unsigned_label.text()
    assert said.count("chưa được ký") == 3 and "03/01/2024" in said and "“THƯ KÝ”" in said
    assert [len(meeting_docs.documents_for(store, m)) for m in ids[:3]] == [2, 2, 2]
    seen, errors = {}, []

    def sign(dialog):
        seen["block"] = dialog.field_box.currentData()[:2]
        bar = dialog.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(TAB_FILE).center())
        qtbot.keyClicks(dialog.p12_edit, str(taker_key[0]))
        type_text(dialog.passphrase_edit, PASS)
        qtbot.mouseClick(dialog.sign_button, Qt.LeftButton)
        seen["signed"] = dialog.signed
        qtbot.mouseClick(dialog.close_button, Qt.LeftButton)

    on_modal(sign, errors)
    qtbot.mouseClick(d.sign_minutes_button, Qt.LeftButton)
    assert errors == []
    assert seen["block"] == ("ThuKy", "THƯ KÝ") and calls == [(ids[0], "minutes", "ThuKy")]
    signed = seen["signed"]
    assert signed["signer_fingerprint"] == taker_key[1] and signed["signature_field"] == "ThuKy"
    assert d.unsigned_label.text().count("chưa được ký") == 2
    assert not d.table.item(0, 3).text().endswith("biên bản chưa ký")
    type_text(d.passphrase_edit, PASS)
    qtbot.mouseClick(d.new_button, Qt.LeftButton)
    [bundle] = list(usb.iterdir())
    with zipfile.ZipFile(bundle) as zf:
        assert zf.read("minutes.pdf") == meeting_docs.document_bytes(store, signed["id"])
    assert d.unsigned_label.text().count("chưa được ký") == 2


def test_file_menu_opens_the_export_and_the_cells_own_evaluation(ui_env, cell, qtbot):
    from app.exchange.report import evaluate_own_year
    from app.settings import load_settings
    from ui.app_window import MainWindow
    from ui.export_dialog import ExportDialog
    from ui.office.evaluation import CellEvaluationDialog

    store, _ids = cell
    w = MainWindow(store, load_settings())
    qtbot.addWidget(w)
    assert w.action_export.text().replace("&", "") == "Xuất gói dữ liệu gửi Văn phòng Đảng ủy…"
    assert w.action_own_evaluation.text().replace("&", "") == "Đánh giá chi bộ kiểu mẫu…"
    seen, errors = [], []

    def look(dialog):
        seen.append(type(dialog))
        if isinstance(dialog, CellEvaluationDialog):
            dialog.year_box.setValue(2024)
            seen.append(dialog.view.table.rowCount())
        dialog.accept()

    on_modal(look, errors)
    w.action_export.trigger()
    on_modal(look, errors)
    w.action_own_evaluation.trigger()
    assert not errors, errors
    expected = evaluate_own_year(store, 2024, lang="vi")
    assert seen == [ExportDialog, CellEvaluationDialog, len(expected.criteria)]


def test_cells_own_evaluation_shows_each_criterion(cell, qtbot, ui_env):
    from app.exchange.report import evaluate_own_year
    from ui.office.evaluation import CellEvaluationDialog

    store, _ids = cell
    d = CellEvaluationDialog(store, today=DEMO_TODAY)
    qtbot.addWidget(d)
    expected = evaluate_own_year(store, 2024, today=DEMO_TODAY, lang="vi")
    table = d.view.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        c.name for c in expected.criteria]
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == [
        "✓ Đạt" if c.met else "✗ Chưa đạt" for c in expected.criteria]
    monthly = next(r for r in range(table.rowCount()) if table.item(r, 0).text()
                   == expected.criteria[0].name)
    assert table.item(monthly, 1).text() == expected.criteria[0].evidence
    # January–March held; April was due by 10/04 (the rule's latest day is the 5th).
    assert table.item(monthly, 1).text() == "3/4 tháng có sinh hoạt thường kỳ; chưa có: tháng 4"
    assert table.item(monthly, 2).text() == "✗ Chưa đạt"


def test_the_key_made_last_is_filled_in_and_the_cli_is_not_mentioned(cell, tmp_path, qtbot,
                                                                     ui_env):
    from app import meeting_docs

    store, ids = cell
    assert dialog_for(store, qtbot).key_edit.text() == ""     # no key made in this file
    path = tmp_path / "hoa-moi.p12"
    meeting_docs.make_local_key(store, "Nguyễn Thị Hoa", path, PASS)
    d = dialog_for(store, qtbot)
    assert d.key_edit.text() == str(path.resolve())
    assert "chibo keys" not in d.key_edit.placeholderText()
    path.unlink()                                              # moved away: not offered
    assert dialog_for(store, qtbot).key_edit.text() == ""


def test_a_key_is_created_from_the_export_dialog(cell, tmp_path, qtbot, ui_env):
    from uihelpers import on_modal

    store, ids = cell
    d = dialog_for(store, qtbot)
    target = tmp_path / "khoa" / "hoa.p12"
    target.parent.mkdir()
    errors, seen = [], []

    def fill(dialog):
        seen.append(dialog.name_edit.text())
        dialog.file_edit.setText(str(target))
        for edit in (dialog.pass_edit, dialog.pass2_edit):
            edit.setText("abc")
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)       # too short: said, kept open
        seen.append(dialog.error.text())
        for edit in (dialog.pass_edit, dialog.pass2_edit):
            edit.setText(PASS)
        qtbot.mouseClick(dialog.ok_button, Qt.LeftButton)

    on_modal(fill, errors)
    qtbot.mouseClick(d.new_key_button, Qt.LeftButton)
    assert not errors, errors
    assert seen[0]                                   # the cell's secretary, already typed
    assert "ít nhất 8 ký tự" in seen[1]
    assert target.is_file() and d.key_edit.text() == str(target.resolve())
