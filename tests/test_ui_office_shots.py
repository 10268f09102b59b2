"""PNGs of the export dialog and the office console (import results, dashboard, a meeting's
record, evaluation) in Vietnamese and English, to look at (not an automatic check).

    CHIBO_SHOTS=/tmp/shots/office python -m pytest tests/test_ui_office_shots.py -q
"""
from __future__ import annotations

import shutil

import pytest

from app import i18n
from tests.meeting_helpers import DEMO_TODAY
from tests.office_helpers import PASS, export_demo_cell
from uihelpers import FULL, needs_shots, on_modal, save_shot, ui_env  # noqa: F401

pytestmark = needs_shots


@pytest.fixture(scope="module")
def cells(tmp_path_factory):
    root = tmp_path_factory.mktemp("cells")
    return [export_demo_cell(root / str(i), name, secretary=secretary)
            for i, (name, secretary) in enumerate([
                ("Chi bộ Khoa Y tế công cộng", "Nguyễn Thị Hoa"),
                ("Chi bộ Khoa Dược", "Trần Văn Minh"),
                ("Chi bộ Phòng Đào tạo Đại học", "Lê Thị Thu Hương")])]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_office_screens(lang, cells, ui_env, tmp_path, qtbot, qapp, monkeypatch):
    from app.settings import load_settings
    from app.store import open_store
    from ui import style
    from ui.app_window import MainWindow
    from ui.export_dialog import ExportDialog
    from ui.office.evaluation import CellEvaluationDialog
    from ui.office.dashboard import MeetingRecordDialog
    from ui.office.import_dialog import FingerprintDialog

    i18n.set_language(lang)
    style.apply(qapp, language=lang, large_text=False)
    monkeypatch.setenv("CHIBO_OFFICE_DB", str(tmp_path / "office.sqlite"))

    # The cell side: the first meeting already exported, the others new.
    shutil.copy(cells[0]["db"], tmp_path / "cell.sqlite")
    store = open_store(tmp_path / "cell.sqlite")
    from app.exchange.export import export_meeting

    with store.atomic():
        store.db.execute("delete from export")
    export_meeting(store, cells[0]["ids"][0], tmp_path / "sent", p12_path=cells[0]["key"],
                   passphrase=PASS)
    w = MainWindow(store, load_settings())
    qtbot.addWidget(w)
    save_shot(w, f"{lang}-00-window", FULL)
    d = ExportDialog(store, w)
    d.folder_edit.setText("/media/usb/CHIBO")
    d.key_edit.setText(str(cells[0]["key"]))
    d.passphrase_edit.setText(PASS)
    save_shot(d, f"{lang}-01-export-dialog")
    d.folder_edit.setText(str(tmp_path / "usb-export"))
    d.passphrase_edit.setText(PASS)
    d.new_button.click()
    save_shot(d, f"{lang}-02-export-dialog-done")
    d.close()
    e = CellEvaluationDialog(store, w, today=DEMO_TODAY)
    e.year_box.setValue(2024)
    save_shot(e, f"{lang}-03-cell-evaluation")
    e.close()

    # The office: two cells first, then a folder with a duplicate, a new cell and a broken file.
    first = tmp_path / "usb1"
    first.mkdir()
    for c in cells[:2]:
        for p in c["paths"]:
            shutil.copy(p, first)
    second = tmp_path / "usb2"
    second.mkdir()
    shutil.copy(cells[0]["paths"][2], second)
    for p in cells[2]["paths"]:
        shutil.copy(p, second)
    (second / "2024-03_chi-bo-bi-hong_regular_v1.zip").write_bytes(
        cells[1]["paths"][0].read_bytes()[:5000])

    console = w.shell.show_section("office")
    console.dashboard.today = console.evaluation.today = DEMO_TODAY
    save_shot(w, f"{lang}-04-office-empty", FULL)
    fp = FingerprintDialog(cells[0]["name"], cells[0]["fingerprint"], parent=w)
    save_shot(fp, f"{lang}-05-fingerprint-dialog")
    fp.close()
    console.confirm_certificate = lambda question: True
    console.import_folder(first)
    console.import_folder(second)
    # The demo's bundles were exported long after their meetings (late); show one cell that
    # sent its records on time, so every colour of the dashboard appears.
    with console.office.atomic():
        console.office.db.execute(
            "update meeting set exported_at = date(date, '+3 day') || 'T09:00:00' "
            "where cell_id = (select id from cell where name = ?)", [cells[1]["name"]])
    console.dashboard.reload()
    console.tabs.setCurrentIndex(0)
    save_shot(w, f"{lang}-06-office-import-results", FULL)
    console.tabs.setCurrentWidget(console.dashboard)
    save_shot(w, f"{lang}-07-office-dashboard", FULL)
    dash = console.dashboard
    dash.aspect_box.setCurrentIndex(dash.aspect_box.findData("duration"))
    save_shot(w, f"{lang}-08-office-dashboard-duration", FULL)
    dash.aspect_box.setCurrentIndex(0)
    cell_id, mid = dash.model.meeting_at(dash.model.index(0, 2))
    r = MeetingRecordDialog(console.office, cell_id, mid, w)
    save_shot(r, f"{lang}-09-meeting-record")
    r.close()
    console.tabs.setCurrentWidget(console.evaluation)
    console.evaluation.select_cell(console.evaluation.cell_box.itemData(1))
    save_shot(w, f"{lang}-10-office-evaluation", FULL)
    console.office.close()
    console.office = None
    store.close()
