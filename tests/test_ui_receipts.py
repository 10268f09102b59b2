"""The office's receipts and documents sent down, in the desktop app: the home page's
"Import from the office…" button (folder chosen through the real dialog hook), the home page's
lists, the export dialog's status and the wizard's preparation page ("Tài liệu gửi trước");
and the office console's "write receipts to the stick" choice."""
from __future__ import annotations

import json
import zipfile

import pytest
from PySide6.QtCore import Qt

from app.documents.keys import new_local_key
from app.documents.signing import open_key_file
from app.exchange import bundle as fmt
from app.exchange import downlink
from app.exchange.office import import_folder, open_office
from app.store import open_store
from tests.office_helpers import PASS, export_demo_cell
from tests.test_receipts import a_pdf

from uihelpers import type_text, ui_env  # noqa: F401


@pytest.fixture
def loop(tmp_path):
    """A cell that exported three meetings; the office imported them, wrote the receipt and
    sent a directive down, all on the same stick."""
    cell = export_demo_cell(tmp_path / "cell")
    key = tmp_path / "office.p12"
    fp = new_local_key("Văn phòng Đảng ủy", key, PASS)
    key_file = open_key_file(key, PASS)
    with open_office(tmp_path / "office.sqlite") as office:
        results = import_folder(office, cell["out"], trust_new=True)
        downlink.write_receipt(office, results, cell["out"], key_file)
        downlink.send_documents(office, [a_pdf(tmp_path / "chi-thi.pdf")], cell["out"],
                                key_file, category="directive", titles=["Chỉ thị 05-CT/ĐU"])
    store = open_store(cell["db"])
    yield {"store": store, "usb": cell["out"], "key": key, "fp": fp, "tmp": tmp_path,
           "cell": cell}
    store.close()


@pytest.fixture
def window(ui_env, loop, qtbot):
    from app.settings import load_settings
    from ui.app_window import MainWindow

    w = MainWindow(loop["store"], load_settings())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def choose_folder_answer(monkeypatch, folder):
    from ui import widgets

    monkeypatch.setattr(widgets, "file_hook", lambda title, flt: str(folder))


def set_office_key(home, loop, qtbot):
    assert not home.inbox_button.isEnabled()
    type_text(home.office_fp_edit, "không phải")
    qtbot.mouseClick(home.office_fp_button, Qt.LeftButton)
    assert "SHA-256" in home.office_fp_error.text()
    home.office_fp_edit.clear()
    type_text(home.office_fp_edit, loop["fp"])
    qtbot.mouseClick(home.office_fp_button, Qt.LeftButton)
    assert downlink.trusted_office(loop["store"]) == loop["fp"]
    assert home.inbox_button.isEnabled() and not home.office_fp_edit.isVisible()


def test_inbox_import_from_the_home_page_then_status_and_preparation(window, loop, qtbot,
                                                                     ui_env, monkeypatch):
    home = window.shell.show_section("home")
    set_office_key(home, loop, qtbot)
    assert "Văn phòng chưa nhận" in home.office_pending.text()
    assert home.office_pending.text().count("•") == 3
    choose_folder_answer(monkeypatch, loop["usb"])
    qtbot.mouseClick(home.inbox_button, Qt.LeftButton)
    assert ui_env and ui_env[-1][0] == "information", ui_env
    assert home.office_pending.text() == "Văn phòng đã nhận mọi gói đã xuất."
    assert "Chỉ thị 05-CT/ĐU" in home.office_docs.text() and home.office_docs.isVisible()

    # The export dialog says the office received each version.
    from ui.export_dialog import ExportDialog

    dialog = ExportDialog(loop["store"])
    qtbot.addWidget(dialog)
    states = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert len(states) == 3 and all("Văn phòng đã nhận ngày" in s for s in states), states

    # The next meeting's preparation lists the directive under "Tài liệu gửi trước".
    # (made through the meeting service: the demo's plan, dated 2024, has no next item today)
    import datetime as dt

    from app.services.meetings import new_meeting

    mid = new_meeting(loop["store"], dt.date(2024, 5, 3))
    view = window.shell.show_section("meetings")
    view.reload()
    [row] = [i for i in range(view.table.rowCount())
             if view.table.item(i, 0).data(Qt.UserRole) == mid]
    view.table.selectRow(row)
    qtbot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    assert frame is not None and frame.shown == "preparation", ui_env
    page = frame.current_page()
    assert page.office_docs.isVisible()
    texts = [page.office_docs.item(i).text() for i in range(page.office_docs.count())]
    assert len(texts) == 1 and "Chỉ thị 05-CT/ĐU" in texts[0] and "Chỉ thị" in texts[0]


def test_a_tampered_receipt_is_refused_with_a_message_and_nothing_stored(window, loop, qtbot,
                                                                        ui_env, monkeypatch):
    [receipt] = loop["usb"].glob(fmt.RECEIPT_PREFIX + "*.zip")
    with zipfile.ZipFile(receipt) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(files[downlink.OFFICE_JSON])
    for e in doc["entries"]:
        e["status"] = "rejected"
        e["params"] = {"reason": "giả"}
    files[downlink.OFFICE_JSON] = json.dumps(doc).encode()
    stick = loop["tmp"] / "stick"
    stick.mkdir()
    with zipfile.ZipFile(stick / receipt.name, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    home = window.shell.show_section("home")
    set_office_key(home, loop, qtbot)
    before = list(loop["store"].conn.iterdump())
    choose_folder_answer(monkeypatch, stick)
    qtbot.mouseClick(home.inbox_button, Qt.LeftButton)
    kind, _title, text = ui_env[-1]
    assert kind == "error" and receipt.name in text and "bị sửa" in text
    assert list(loop["store"].conn.iterdump()) == before
    assert home.office_pending.text().count("•") == 3


def test_office_console_writes_the_receipt_to_the_stick(ui_env, loop, qtbot, tmp_path,
                                                        monkeypatch):
    from ui.office.console import OfficeConsole

    console = OfficeConsole(path=tmp_path / "office2.sqlite")
    qtbot.addWidget(console)
    console.show()
    monkeypatch.setattr(console, "confirm_certificate", lambda q: True)
    stick = tmp_path / "stick2"
    stick.mkdir()
    for p in loop["cell"]["paths"]:
        (stick / p.name).write_bytes(p.read_bytes())
    qtbot.mouseClick(console.receipts_box, Qt.LeftButton)
    assert console.receipts_box.isChecked()
    type_text(console.office_key_edit, str(loop["key"]))
    type_text(console.office_pass_edit, PASS)
    choose_folder_answer(monkeypatch, stick)
    qtbot.mouseClick(console.import_button, Qt.LeftButton)
    [receipt] = stick.glob(fmt.RECEIPT_PREFIX + "*.zip")
    assert receipt.name in console.summary.text()
    b = downlink.read_office_bundle(receipt, loop["fp"])
    assert [e["status"] for e in b.doc["entries"]] == ["imported"] * 3
