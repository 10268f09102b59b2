"""The party office console through its real widgets: a folder of real signed bundles from the
demo imported (the first certificate confirmed in the real dialog), the results table, the
dashboard and its drill-down into a meeting, a refused certificate, the evaluation view."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from app.i18n import translator
from tests.meeting_helpers import DEMO_TODAY
from tests.office_helpers import export_demo_cell
from ui.widgets import fingerprint_text
from uihelpers import on_modal, ui_env  # noqa: F401

NAME = "Chi bộ Khoa Y tế công cộng"


@pytest.fixture(scope="module")
def usb(tmp_path_factory):
    return export_demo_cell(tmp_path_factory.mktemp("cell"))


@pytest.fixture
def console(ui_env, tmp_path, qtbot, monkeypatch):
    from ui.office.console import OfficeConsole

    monkeypatch.setenv("CHIBO_OFFICE_DB", str(tmp_path / "office.sqlite"))
    c = OfficeConsole()
    c.dashboard.today = c.evaluation.today = DEMO_TODAY
    qtbot.addWidget(c)
    c.resize(1200, 700)
    c.show()
    yield c
    if c.office is not None:
        c.office.close()


def trusting(seen: list, errors: list):
    """Answer the next modal dialog: it must be the fingerprint dialog; trust the certificate."""
    def handler(dialog):
        from ui.office.import_dialog import FingerprintDialog

        assert isinstance(dialog, FingerprintDialog)
        seen.append((dialog.name_label.text(), dialog.fingerprint_label.text()))
        dialog.trust_button.click()
    return handler


def import_trusting(console, folder, qtbot) -> tuple[list, list]:
    seen, errors = [], []
    on_modal(trusting(seen, errors), errors)
    results = console.import_folder(folder)
    assert not errors, errors
    return results, seen


def test_office_file_is_created_only_by_the_first_import(console, tmp_path, usb, qtbot):
    assert console.office is None and not (tmp_path / "office.sqlite").exists()
    assert "office.sqlite" in console.file_label.text()
    import_trusting(console, usb["out"], qtbot)
    assert (tmp_path / "office.sqlite").exists()
    assert console.file_label.text() == f"Tệp dữ liệu văn phòng: {tmp_path / 'office.sqlite'}"


def test_import_confirms_the_first_certificate_then_reimport_is_duplicate(console, usb, qtbot):
    from ui.office.import_dialog import STATUS_COLOURS

    results, seen = import_trusting(console, usb["out"], qtbot)
    fp = usb["fingerprint"].upper()
    assert seen == [(NAME, " ".join(fp[i:i + 4] for i in range(0, 32, 4)) + "\n"
                     + " ".join(fp[i:i + 4] for i in range(32, 64, 4)))]
    table = console.results
    assert table.rowCount() == 3
    assert [table.item(r, 0).text() for r in range(3)] == [p.name for p in usb["paths"]]
    assert [table.item(r, 1).text() for r in range(3)] == [NAME] * 3
    assert [table.item(r, 2).text() for r in range(3)] == ["Đã nhập"] * 3
    assert table.item(0, 2).background().color().name() == STATUS_COLOURS["imported"]
    assert fingerprint_text(usb["fingerprint"], 0) in table.item(0, 3).text()  # trusted it
    assert table.item(1, 3).text() == ""
    assert console.summary.text().startswith("Đã nhập 3 gói, 0 phiên bản mới")

    # Again: nothing new, no question asked (a dialog here would block the test).
    again = console.import_folder(usb["out"])
    assert [r.status for r in again] == ["duplicate"] * 3
    assert [table.item(r, 2).text() for r in range(3)] == ["Đã có (trùng)"] * 3
    assert table.item(0, 2).background().color().name() == STATUS_COLOURS["duplicate"]
    assert table.item(0, 3).text() == "gói này đã được nhập trước đây"


def test_a_refused_certificate_rejects_the_bundle_and_keeps_nothing(console, usb, tmp_path,
                                                                    qtbot):
    from app.exchange.office import list_cells
    from ui.office.import_dialog import STATUS_COLOURS

    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(usb["paths"][0], folder)
    errors = []
    on_modal(lambda dialog: dialog.reject(), errors)
    [result] = console.import_folder(folder)
    assert not errors
    assert result.status == "rejected"
    table = console.results
    assert table.item(0, 2).text() == "Bị từ chối"
    assert table.item(0, 2).background().color().name() == STATUS_COLOURS["rejected"]
    assert table.item(0, 3).text().startswith(
        f"chứng thư số của {NAME} (SHA-256 {usb['fingerprint']}) chưa được tin cậy")
    assert list_cells(console.office) == []
    assert console.dashboard.model.rowCount() == 0


def test_dashboard_colours_and_a_double_click_opens_the_meeting(console, usb, qtbot):
    from ui import office
    from ui.office.dashboard import LEVEL_COLOURS, MeetingRecordDialog

    import_trusting(console, usb["out"], qtbot)
    console.tabs.setCurrentWidget(console.dashboard)
    dash = console.dashboard
    assert dash.year_box.value() == 2024
    model = dash.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == NAME
    assert model.headerData(1, Qt.Horizontal) == "T1"
    assert model.headerData(13, Qt.Horizontal) == "Quý I"

    def colour(col):
        return model.data(model.index(0, col), Qt.BackgroundRole).name()

    # January to March held and scored; April due (today 10/04) without a meeting; May not due.
    assert model.data(model.index(0, 1)).startswith("03")
    assert colour(4) == LEVEL_COLOURS["bad"] and model.data(model.index(0, 4)) == "—"
    assert colour(5) == LEVEL_COLOURS["pending"]
    assert model.data(model.index(0, 13)) == "✗"          # no thematic meeting in Q1
    tip = model.data(model.index(0, 1), Qt.ToolTipRole)
    assert "Sinh hoạt thường kỳ ngày 03/01/2024 (đúng ngày quy định)" in tip
    assert "Thời lượng: 105 phút" in tip
    dash.aspect_box.setCurrentIndex(dash.aspect_box.findData("duration"))
    assert model.data(model.index(0, 1)) == "105'"
    assert colour(1) == LEVEL_COLOURS["good"]

    opened, errors, pdfs = [], [], []

    def look(dialog):
        assert isinstance(dialog, MeetingRecordDialog)
        opened.append((dialog.windowTitle(), dialog.browser.toPlainText()))
        dialog.pdf_buttons["minutes.pdf"].click()
        dialog.accept()

    office.pdf_hook = lambda data, title: pdfs.append((data[:5], title))
    try:
        on_modal(look, errors)
        view = dash.table
        rect = view.visualRect(model.index(0, 1))
        # Qt 6 opens an item on a double-click that follows a press on the same item.
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    finally:
        office.pdf_hook = None
    assert not errors, errors
    [(title, text)] = opened
    assert title == f"{NAME} — 03/01/2024"
    assert NAME in text and "Thứ Tư, 03/01/2024" in text
    assert "22/23 đảng viên có mặt" in text and "Biểu quyết" in text
    assert "Phát biểu" in text and "Điểm" in text
    assert pdfs == [(b"%PDF-", f"{NAME} — 03/01/2024 — Biên bản (PDF)")]


def test_evaluation_shows_the_criteria_of_the_demo_year_and_saves_pdf_and_xlsx(
        console, usb, qtbot, tmp_path):
    from openpyxl import load_workbook

    from app.exchange.office import evaluate_cell
    from ui import widgets

    import_trusting(console, usb["out"], qtbot)
    console.tabs.setCurrentWidget(console.evaluation)
    ev = console.evaluation
    assert ev.cell_box.currentText() == NAME and ev.year_box.value() == 2024
    expected = evaluate_cell(console.office, ev.cell_box.currentData(), 2024, today=DEMO_TODAY,
                             lang="vi")
    table = ev.view.table
    assert table.rowCount() == len(expected.criteria) >= 8
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert names == [c.name for c in expected.criteria]
    assert translator("vi")("Regular meeting every month") in names
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == [
        c.evidence for c in expected.criteria]
    assert [table.item(r, 2).text() for r in range(table.rowCount())] == [
        "✓ Đạt" if c.met else "✗ Chưa đạt" for c in expected.criteria]
    assert ev.view.verdict.text().startswith(f"{NAME}, năm 2024: ")

    widgets.file_hook = lambda title, flt: str(tmp_path / "bao-cao")
    pdf = ev.view.save("pdf")
    widgets.file_hook = lambda title, flt: str(tmp_path / "bao-cao.xlsx")
    xlsx = ev.view.save("xlsx")
    assert pdf == tmp_path / "bao-cao.pdf" and xlsx == tmp_path / "bao-cao.xlsx"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "KẾT QUẢ ĐÁNH GIÁ CHI BỘ KIỂU MẪU NĂM 2024" in text
    # The office's own signature block and recipients (its profile), not the cell's.
    assert "VĂN PHÒNG ĐẢNG ỦY" not in text and "T/M ĐẢNG ỦY" in text and "Lưu VPĐU." in text
    sheet = load_workbook(xlsx)["Tiêu chí"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [c.name for c in expected.criteria]
    assert {r[0] for r in rows} == {NAME}


def test_office_profile_is_typed_in_its_tab_and_used_by_the_report(console, usb, qtbot,
                                                                   tmp_path):
    from ui import widgets
    from uihelpers import type_text

    import_trusting(console, usb["out"], qtbot)
    tab = console.tabs.indexOf(console.profile)
    qtbot.mouseClick(console.tabs.tabBar(), Qt.LeftButton,
                     pos=console.tabs.tabBar().tabRect(tab).center())
    view = console.profile
    assert console.tabs.currentWidget() is view and view.isEnabled()
    # The bad code is refused with a message and nothing is stored.
    view.number_code.clear()
    type_text(view.number_code, "Đ/U")
    qtbot.mouseClick(view.save_button, Qt.LeftButton)
    assert "Ký hiệu số" in view.message.text()
    from app.exchange.office_profile import get_profile
    assert get_profile(console.office).number_code == "ĐU"
    view.number_code.clear()
    type_text(view.number_code, "ĐU")
    for box, text in ((view.upper_body, "Đảng bộ Tỉnh Hưng Yên"),
                      (view.issuer, "Đảng ủy Trường Đại học Y Dược Thái Bình"),
                      (view.place_name, "Hưng Yên"), (view.sign_for, "Ban Thường vụ"),
                      (view.sign_title, "Chánh Văn phòng"), (view.signer_name, "Lê Văn C")):
        box.clear()
        type_text(box, text)
    view.sign_mode.setFocus()
    qtbot.keyClick(view.sign_mode, Qt.Key_Down)          # T/M -> T/L
    view.recipients.clear()
    type_text(view.recipients, "Các chi bộ")
    qtbot.keyClick(view.recipients, Qt.Key_Return)
    type_text(view.recipients, "Lưu VPĐU")
    qtbot.mouseClick(view.save_button, Qt.LeftButton)
    assert view.message.text() == "Đã lưu thông tin văn phòng."
    assert "T/L BAN THƯỜNG VỤ / CHÁNH VĂN PHÒNG" in view.preview.text()
    profile = get_profile(console.office)
    assert profile.recipients == ("Các chi bộ", "Lưu VPĐU") and profile.sign_mode == "tl"

    console.tabs.setCurrentWidget(console.evaluation)
    widgets.file_hook = lambda title, flt: str(tmp_path / "bc.pdf")
    pdf = console.evaluation.view.save("pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0].startswith("ĐẢNG BỘ TỈNH HƯNG YÊN")
    assert lines[1].startswith("ĐẢNG ỦY TRƯỜNG ĐẠI HỌC Y")
    flat = " ".join(text.split())
    assert "T/L BAN THƯỜNG VỤ" in flat and "CHÁNH VĂN PHÒNG" in flat and "Lê Văn C" in flat
    assert "- Các chi bộ;" in flat and "- Lưu VPĐU." in flat and "Hưng Yên, ngày" in flat
    assert "Các đồng chí Đảng ủy viên" not in flat


def test_a_signature_by_someone_else_is_flagged_in_the_table_and_dashboard(console, tmp_path,
                                                                          qtbot):
    """The minutes signed in the THƯ KÝ block by Nguyễn Văn An (printed: the minute-taker):
    imported, with a warning in the results table and a mark + tooltip on the dashboard."""
    cell = export_demo_cell(tmp_path / "an", secretary="Nguyễn Văn An")
    results, _seen = import_trusting(console, cell["out"], qtbot)
    assert {r.status for r in results} == {"imported"}
    table = console.results
    details = [table.item(r, 3).text() for r in range(table.rowCount())]
    assert any("Cảnh báo: minutes.pdf: chữ ký ở ô THƯ KÝ (ThuKy) là của Nguyễn Văn An" in d
               for d in details)
    console.tabs.setCurrentWidget(console.dashboard)
    model = console.dashboard.model
    marked = [c for c in range(1, 13) if (model.data(model.index(0, c)) or "").endswith("⚠")]
    assert marked
    tip = model.data(model.index(0, marked[0]), Qt.ToolTipRole)
    assert "Cảnh báo: minutes.pdf: chữ ký ở ô THƯ KÝ (ThuKy) là của Nguyễn Văn An" in tip


def test_fingerprint_dialog_groups_and_says_when_the_certificate_changed(ui_env, qtbot):
    from ui.office.import_dialog import FingerprintDialog, grouped_fingerprint

    assert grouped_fingerprint("ab" * 32) == ("ABAB " * 7 + "ABAB\n" + "ABAB " * 7 + "ABAB")
    first = FingerprintDialog("Chi bộ A", "ab" * 32)
    changed = FingerprintDialog("Chi bộ A", "ab" * 32, changed=True)
    qtbot.addWidget(first)
    qtbot.addWidget(changed)
    texts = [" ".join(lbl.text() for lbl in d.findChildren(type(d.name_label)))
             for d in (first, changed)]
    assert "gói dữ liệu đầu tiên" in texts[0] and "đã thay đổi" in texts[1]
    assert first.trust_button.text() == "Tin cậy chứng thư này"


def test_the_cells_own_data_file_is_refused_as_the_office_file(ui_env, qtbot, tmp_path):
    from app.store import open_store
    from ui.office.console import OfficeConsole

    cell = open_store(tmp_path / "cell.sqlite")

    class Shell:
        store = cell
        window = None

    c = OfficeConsole(Shell(), path=tmp_path / "office.sqlite")
    qtbot.addWidget(c)
    assert c.open_office(tmp_path / "cell.sqlite") is False
    assert c.office is None
    assert ui_env and "tệp dữ liệu của chi bộ" in ui_env[-1][2]
    cell.close()


def test_a_changed_key_is_a_louder_question_decided_by_cell_id(console, usb, qtbot, tmp_path):
    """Same cell id under a new name with a new key: the CHANGED dialog (red warning, the key
    on record, trust only after ticking that the cell told you); another cell id under the
    known (new) name: the question for a new cell, whose name looks like a known one."""
    from PySide6.QtWidgets import QCheckBox

    from tests.test_office_trust import Key, craft

    first = tmp_path / "first"
    first.mkdir()
    # The renamed bundle is the latest meeting's: the office names a cell as on its latest
    # meeting date.
    for path in usb["paths"][:-1]:
        shutil.copy(path, first / path.name)
    import_trusting(console, first, qtbot)
    renamed = tmp_path / "renamed"
    craft(usb["paths"][-1], renamed / "b.zip", Key.made("Kẻ lạ"),
          doc=lambda d: d["cell"].update(name="Chi bộ Đổi Tên"))
    seen, errors = [], []

    def changed(dialog):
        seen.append((dialog.windowTitle(), dialog.warning_label.isVisible(),
                     dialog.name_label.text(), dialog.notes_label.text(),
                     dialog.trust_button.isEnabled()))
        qtbot.mouseClick(dialog.findChild(QCheckBox), Qt.LeftButton)
        seen.append(dialog.trust_button.isEnabled())
        qtbot.mouseClick(dialog.trust_button, Qt.LeftButton)

    on_modal(changed, errors)
    results = console.import_folder(renamed)
    assert not errors, errors
    title, warned, name, notes, enabled = seen[0]
    assert title == "Chứng thư số của chi bộ ĐÃ THAY ĐỔI" and warned and not enabled
    assert name == NAME                                   # the name on record, by id
    assert "Chi bộ Đổi Tên" in notes and usb["fingerprint"][:4].upper() in notes
    assert seen[1] is True and [r.status for r in results] == ["imported"]

    other = export_demo_cell(tmp_path / "other", "Chi bộ Phòng Đào tạo")
    same_name = tmp_path / "same-name"
    craft(other["paths"][0], same_name / "c.zip", Key.made(),
          doc=lambda d: d["cell"].update(name="CHI BO DOI TEN"))
    seen.clear()

    def new(dialog):
        seen.append((dialog.warning_label, dialog.notes_label.text()))
        dialog.reject()

    on_modal(new, errors)
    results = console.import_folder(same_name)
    assert not errors, errors
    assert seen[0][0] is None and "trông giống tên chi bộ khác: Chi bộ Đổi Tên" in seen[0][1]
    assert [r.status for r in results] == ["rejected"]


def test_trust_decisions_tab_lists_and_exports_them(console, usb, tmp_path, qtbot):
    from ui import widgets

    import_trusting(console, usb["out"], qtbot)
    console.import_folder(usb["out"])                            # duplicates: trusted again
    bar = console.tabs.tabBar()
    index = console.tabs.indexOf(console.decisions)
    assert bar.tabText(index) == "Quyết định tin cậy"
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    assert console.tabs.currentWidget() is console.decisions
    table = console.decisions.table
    assert table.rowCount() == 6
    assert {table.item(r, 1).text() for r in range(6)} == {"tin cậy"}
    assert {table.item(r, 2).text() for r in range(6)} == {NAME}
    assert {table.item(r, 3).text() for r in range(6)} == {"khóa của chi bộ"}
    widgets.file_hook = lambda title, name_filter: str(tmp_path / "quyet-dinh")
    try:
        qtbot.mouseClick(console.decisions.export_button, Qt.LeftButton)
    finally:
        widgets.file_hook = None
    lines = (tmp_path / "quyet-dinh.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7 and lines[0].startswith("at,cell_id")
    assert all(",trusted,key," in line for line in lines[1:])


def test_a_squatted_meeting_id_is_flagged_and_each_cell_opens_its_own(console, usb, qtbot,
                                                                      tmp_path_factory,
                                                                      tmp_path):
    """Another cell's bundle reusing one of this cell's meeting ids came first: the genuine
    bundles are still imported, the clash is shown naming both cells, and the drill-down opens
    the genuine record and PDF, read from the office file; a copy of that file moved alone to
    another folder opens the same PDF."""
    import zipfile

    from ui import office, widgets
    from ui.office.dashboard import MeetingRecordDialog
    from tests.test_office_trust import _squatter

    other = export_demo_cell(tmp_path_factory.mktemp("other-cell"), "Chi bộ Phòng Đào tạo",
                             secretary="Trần Văn Minh")
    import_trusting(console, other["out"], qtbot)
    squatter, gid = _squatter(usb, other, tmp_path)
    assert [r.status for r in console.import_folder(squatter.parent)] == ["imported"]
    results, _seen = import_trusting(console, usb["out"], qtbot)
    assert [r.status for r in results] == ["imported"] * 3
    table = console.results
    detail = table.item(0, 3).text()
    assert f"Cảnh báo: mã cuộc họp {gid} của {NAME}" in detail
    assert "Chi bộ Phòng Đào tạo" in detail
    assert "Cảnh báo: 1 gói mang mã cuộc họp mà một chi bộ khác đã có" in console.summary.text()
    console.tabs.setCurrentWidget(console.dashboard)
    dash = console.dashboard
    assert dash.clash_label.isVisible()
    assert dash.clash_label.text().startswith("Cảnh báo: có mã cuộc họp do hai chi bộ cùng gửi")
    assert NAME in dash.clash_label.text() and "Chi bộ Phòng Đào tạo" in dash.clash_label.text()
    with zipfile.ZipFile(usb["paths"][0]) as zf:
        genuine_pdf = zf.read("minutes.pdf")
    model = dash.model
    assert model.data(model.index(0, 0)) == NAME

    def open_january(view):
        opened, errors, pdfs = [], [], []

        def look(dialog):
            assert isinstance(dialog, MeetingRecordDialog)
            opened.append(dialog.windowTitle())
            dialog.pdf_buttons["minutes.pdf"].click()
            dialog.accept()

        office.pdf_hook = lambda data, title: pdfs.append(data)
        try:
            on_modal(look, errors)
            rect = view.table.visualRect(view.model.index(0, 1))
            qtbot.mouseClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
            qtbot.mouseDClick(view.table.viewport(), Qt.LeftButton, pos=rect.center())
        finally:
            office.pdf_hook = None
        assert not errors, errors
        return opened, pdfs

    assert open_january(dash) == ([f"{NAME} — 03/01/2024"], [genuine_pdf])
    # The office file alone, in another folder: the same PDF opens from it.
    alone = tmp_path / "elsewhere" / "office.sqlite"
    alone.parent.mkdir()
    path = console.path
    console.office.close()
    console.office = None
    shutil.copy(path, alone)
    assert not any(p.is_dir() for p in alone.parent.iterdir())
    widgets.file_hook = lambda title, flt: str(alone)
    try:
        qtbot.mouseClick(console.change_button, Qt.LeftButton)
    finally:
        widgets.file_hook = None
    assert console.path == alone
    assert open_january(console.dashboard) == ([f"{NAME} — 03/01/2024"], [genuine_pdf])


def test_an_upgraded_office_says_which_pdfs_could_not_be_moved_in(ui_env, usb, tmp_path, qtbot,
                                                                  monkeypatch):
    """An older office whose files folder lost one PDF: the console says so, the meeting still
    opens, and its missing PDF is reported in a message, not a crash."""
    import hashlib
    import zipfile

    from app.exchange.office import read_bundle
    from tests.test_office_onefile import _old_office
    from ui import widgets
    from ui.office.console import OfficeConsole
    from ui.office.dashboard import MeetingRecordDialog

    path = tmp_path / "office.sqlite"
    _old_office(path, [read_bundle(p) for p in usb["paths"]])
    with zipfile.ZipFile(usb["paths"][0]) as zf:
        digest = hashlib.sha256(zf.read("minutes.pdf")).hexdigest()
    (tmp_path / "office-files" / digest[:2] / f"{digest}.pdf").unlink()
    monkeypatch.setenv("CHIBO_OFFICE_DB", str(path))
    console = OfficeConsole()
    console.dashboard.today = DEMO_TODAY
    qtbot.addWidget(console)
    console.resize(1200, 700)
    console.show()
    try:
        assert console.files_label.isVisible()
        assert console.files_label.text().startswith(
            "1 tệp PDF đã nhập không có trong tệp dữ liệu văn phòng")
        console.tabs.setCurrentWidget(console.dashboard)
        dash = console.dashboard
        dash.year_box.setValue(2024)
        said, errors = [], []

        def look(dialog):
            assert isinstance(dialog, MeetingRecordDialog)
            said.append(dialog.windowTitle())
            dialog.pdf_buttons["minutes.pdf"].click()
            dialog.accept()

        widgets.answer_hook = lambda kind, title, text, choices: said.append((kind, text))
        try:
            on_modal(look, errors)
            rect = dash.table.visualRect(dash.model.index(0, 1))
            qtbot.mouseClick(dash.table.viewport(), Qt.LeftButton, pos=rect.center())
            qtbot.mouseDClick(dash.table.viewport(), Qt.LeftButton, pos=rect.center())
        finally:
            widgets.answer_hook = None
        assert not errors, errors
        assert said[0] == f"{NAME} — 03/01/2024"
        kind, text = said[1]
        assert kind == "error" and "minutes.pdf không có trong tệp dữ liệu" in text
    finally:
        console.office.close()
        console.office = None
