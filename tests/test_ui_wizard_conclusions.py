"""The chair's conclusion per agenda item and the resolution's signer, typed and chosen in
the wizard through the real widgets, then printed in the documents."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app import meeting_docs, meetings

from test_documents import flat
from test_ui_wizard import click_next, demo_store, set_text, view  # noqa: F401
from uihelpers import store, ui_env, window  # noqa: F401


def test_conclusion_per_item_and_signer(view, demo_store, qtbot, tmp_path):
    assert view.resume_button.isVisible()
    qtbot.mouseClick(view.resume_button, Qt.LeftButton)
    frame = view.wizard
    mid = frame.meeting_id
    if frame.shown != "proceedings":
        frame.go_to("proceedings")
    page = frame.current_page()
    combo = page.conclusion_item
    combo.setFocus()
    index = combo.findData("last-month")
    while combo.currentIndex() < index:
        QTest.keyClick(combo, Qt.Key_Down)
    assert combo.currentData() == "last-month"
    set_text(page.conclusion, "Chi bộ hoàn thành nhiệm vụ tháng trước.")
    QTest.keyClick(combo, Qt.Key_Down)                         # the next item: its own box
    assert page.conclusion.toPlainText() == ""
    set_text(page.conclusion, "Tiếp tục theo dõi.")
    QTest.keyClick(combo, Qt.Key_Up)                           # back: what was typed is there
    assert page.conclusion.toPlainText() == "Chi bộ hoàn thành nhiệm vụ tháng trước."
    frame.flush()
    agenda = {a["id"]: a["conclusion"] for a in meetings.meeting_record(demo_store,
                                                                         mid)["agenda"]}
    assert agenda["last-month"] == "Chi bộ hoàn thành nhiệm vụ tháng trước."
    assert list(agenda.values()).count("Tiếp tục theo dõi.") == 1

    click_next(frame, qtbot, "closing")
    page = frame.current_page()
    assert page.signer.currentData() == "secretary"
    assert "Nguyễn Thị Hoa" in page.signer.currentText()
    page.signer.setFocus()
    QTest.keyClick(page.signer, Qt.Key_Down)
    assert page.signer.currentData() == "deputy"
    set_text(page.resolution, "1. Hoàn thành kế hoạch giảng dạy.")
    frame.flush()
    assert meetings.resolution_signer(demo_store, mid) == "deputy"

    import subprocess
    pdf = tmp_path / "nq.pdf"
    pdf.write_bytes(meeting_docs.render_resolution(demo_store, mid))
    text = flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                               text=True).stdout)
    assert "T/M CHI BỘ PHÓ BÍ THƯ" in text and "DỰ THẢO" in text
    pdf.write_bytes(meeting_docs.render_minutes(demo_store, mid))
    text = flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                               text=True).stdout)
    assert ("Đồng chí chủ trì kết luận nội dung này: Chi bộ hoàn thành nhiệm vụ tháng trước."
            in text)
