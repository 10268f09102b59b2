"""The e-handbook pack from the wizard's preparation step: a click writes the agenda and the
attached documents into the chosen folder and fills the "put on the Sổ tay" day."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app import meetings
from test_ui_wizard import demo_store, start_new_regular, view  # noqa: F401
from uihelpers import on_modal, store, ui_env, window  # noqa: F401


def test_preparation_step_writes_the_handbook_pack(view, demo_store, qtbot, tmp_path):  # noqa: F811
    from ui import widgets

    frame = start_new_regular(view, qtbot)
    page = frame.current_page()
    mid = frame.meeting_id
    source = tmp_path / "Dự thảo nghị quyết.docx"
    source.write_bytes(b"PK draft")
    meetings.attach_file(demo_store, mid, source)
    widgets.file_hook = lambda title, name_filter: str(tmp_path / "so-tay")
    errors: list = []
    on_modal(lambda d: d.accept(), errors)                       # the "written" message
    try:
        qtbot.mouseClick(page.handbook_button, Qt.LeftButton)
    finally:
        widgets.file_hook = None
    assert not errors, errors
    day = meetings.meeting_record(demo_store, mid)["date"]
    names = sorted(p.name for p in (tmp_path / "so-tay").iterdir())
    assert names == [f"{day}_chuong-trinh.pdf", f"{day}_tai-lieu-01_du-thao-nghi-quyet.docx"]
    today = dt.date.today()
    record = meetings.meeting_record(demo_store, mid)
    assert record["preparation"]["documents_on_handbook"] == today.isoformat()
    assert page.dates["documents_on_handbook"].text() == today.strftime("%d/%m/%Y")
