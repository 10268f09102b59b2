"""Names with dates (issue 16 item 9): the cell's name, its upper organisations and the place
keep a history; each meeting's record and documents carry the names in force on its date
(Thái Bình merged into Hưng Yên on 1/7/2025)."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from app import meeting_docs, meetings
from app.cell import add_name_change, get_cell, name_history, names_on
from app.model import ValidationError

from meeting_helpers import people, run_meeting, store  # noqa: F401 (fixtures)
from pdf_checks import needs_pdf_tools

MERGER = dt.date(2025, 7, 1)
NEW = {"parent_org": "Đảng bộ Tỉnh Hưng Yên",
       "upper_committee": "Đảng ủy Trường Đại học Y Dược Thái Bình", "place_name": "Hưng Yên"}


def _text(data: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def test_a_change_is_recorded_with_its_date_and_the_old_names_kept(store, people):
    old = get_cell(store)
    assert name_history(store) == [] and names_on(store, "2025-06-20")["name"] == old.name
    history = add_name_change(store, MERGER, note="Hợp nhất tỉnh", today=dt.date(2025, 8, 1),
                              **NEW)
    assert [(h["valid_from"], h["place_name"]) for h in history] == [
        ("0001-01-01", old.place_name), ("2025-07-01", "Hưng Yên")]
    assert history[1]["name"] == old.name            # a field not given is kept
    assert names_on(store, "2025-06-30")["place_name"] == old.place_name
    assert names_on(store, "2025-07-01")["place_name"] == "Hưng Yên"
    assert get_cell(store).place_name == "Hưng Yên"    # the names in force today
    for bad in ({"valid_from": MERGER, "place_name": "Hà Nội"},      # the same day again
                {"valid_from": dt.date(2025, 9, 1), **NEW},          # nothing changes
                {"valid_from": dt.date(2025, 9, 1), "name": "  "},   # no name
                {"valid_from": None, "place_name": "Hà Nội"}):
        with pytest.raises(ValidationError):
            add_name_change(store, **bad)
    assert len(name_history(store)) == 2


def test_a_future_change_does_not_rename_the_cell_yet(store, people):
    old = get_cell(store)
    add_name_change(store, dt.date(2030, 1, 1), name="Chi bộ Mới", today=dt.date(2026, 1, 1))
    assert get_cell(store).name == old.name
    assert names_on(store, "2030-01-01")["name"] == "Chi bộ Mới"


@needs_pdf_tools
def test_each_meeting_prints_the_names_of_its_date(store, people, tmp_path):
    old = get_cell(store)
    june = run_meeting(store, people, day=dt.date(2025, 6, 4))
    add_name_change(store, MERGER, today=dt.date(2025, 8, 1), **NEW)
    august = run_meeting(store, people, day=dt.date(2025, 8, 6))
    assert meetings.meeting_record(store, june)["cell"]["place_name"] == old.place_name
    assert meetings.meeting_record(store, august)["cell"]["place_name"] == "Hưng Yên"
    assert meetings.meeting_record(store, august)["cell"]["parent_org"] == NEW["parent_org"]
    # A document made now for the June meeting still carries June's names.
    june_text = _text(meeting_docs.render_minutes(store, june), tmp_path, "june.pdf")
    aug_text = _text(meeting_docs.document_bytes(store, meeting_docs.current_document(
        store, august, "minutes")["id"]), tmp_path, "aug.pdf")
    assert f"{old.place_name}, ngày 04 tháng 6 năm 2025" in june_text
    assert "Hưng Yên" not in june_text
    assert "Hưng Yên, ngày 06 tháng 8 năm 2025" in aug_text
    assert "ĐẢNG BỘ TỈNH HƯNG YÊN" in aug_text
    assert june_text.startswith("ĐẢNG BỘ TRƯỜNG ĐẠI HỌC Y") and "ĐẢNG BỘ TỈNH" not in june_text



@needs_pdf_tools
def test_a_late_bundle_of_an_older_meeting_keeps_the_office_on_the_latest_names(tmp_path):
    """Issue 16: the office names a cell as on its latest MEETING date, not its latest export:
    the June 2025 meeting finalised and exported after the August one brings its Thái Bình
    names with it (its own record keeps them) but the cell stays under Hưng Yên, whatever the
    order the bundles are imported in."""
    import shutil

    from app.documents.keys import new_local_key
    from app.exchange.export import export_new
    from app.exchange.office import cell_records, import_folder, list_cells, open_office
    from app.store import open_store
    from meeting_helpers import demo_store
    from office_helpers import PASS, sign_minutes

    with open_store(tmp_path / "cell.sqlite") as store:
        people = demo_store(store)
        old = get_cell(store)
        add_name_change(store, MERGER, today=dt.date(2025, 8, 1), **NEW)
        key = tmp_path / "key.p12"
        new_local_key("Nguyễn Thị Hoa", key, PASS)
        august = run_meeting(store, people, day=dt.date(2025, 8, 6))
        sign_minutes(store, key, PASS)
        first = export_new(store, tmp_path / "usb-aug", p12_path=key, passphrase=PASS)
        # Then the June meeting, finalised late: its bundle is exported after August's.
        june = run_meeting(store, people, day=dt.date(2025, 6, 4))
        sign_minutes(store, key, PASS)
        late = export_new(store, tmp_path / "usb-jun", p12_path=key, passphrase=PASS)
    assert [r.meeting_id for r in first.results] == [august]
    assert [r.meeting_id for r in late.results] == [june]
    both = tmp_path / "usb-both"
    both.mkdir()
    for folder in ("usb-aug", "usb-jun"):
        for path in (tmp_path / folder).glob("*.zip"):
            shutil.copy(path, both / path.name)
    for n, order in enumerate((["usb-aug", "usb-jun"], ["usb-jun", "usb-aug"], ["usb-both"])):
        office = open_office(tmp_path / f"office-{n}.sqlite")
        try:
            for folder in order:
                results = import_folder(office, tmp_path / folder, trust_new=True)
                assert {r.status for r in results} == {"imported"}, order
            (cell,) = list_cells(office)
            place = office.db.execute("select place_name from cell").fetchone()[0]
            assert (cell["parent_org"], place) == (NEW["parent_org"], "Hưng Yên"), order
            records = {r["date"]: r["cell"] for r in cell_records(office, cell["id"], 2025)}
            assert records["2025-06-04"]["place_name"] == old.place_name
            assert records["2025-06-04"]["parent_org"] == old.parent_org
            assert records["2025-08-06"]["place_name"] == "Hưng Yên"
        finally:
            office.close()
