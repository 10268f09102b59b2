"""Starting a regular meeting on a chosen date in the Meetings section: the dialog goes through
the meeting service (rule day, reason, plan link, default agenda), clicked and typed."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app import meetings, planning
from app.services.meetings import rule_date
from test_ui_wizard import demo_store, set_text, view  # noqa: F401
from uihelpers import on_modal, store, ui_env, window  # noqa: F401


def test_an_off_rule_date_is_refused_until_a_reason_is_typed(view, demo_store, qtbot):
    first = dt.date(dt.date.today().year + 1, 3, 1)
    rule = rule_date(demo_store, first)
    day = rule + dt.timedelta(days=1)
    before = len(meetings.list_meetings(demo_store))
    seen, errors = {}, []

    def fill(dialog):
        set_text(dialog.date, f"{day:%d/%m/%Y}")
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)
        seen["error"] = dialog.error.text()
        seen["count"] = len(meetings.list_meetings(demo_store))
        set_text(dialog.reason, "Trùng lịch thi học kỳ")
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    on_modal(fill, errors)
    qtbot.mouseClick(view.date_button, Qt.LeftButton)
    assert errors == []
    assert seen["error"] == (f"Ngày {day:%d/%m/%Y} không phải ngày sinh hoạt theo quy định "
                             f"({rule:%d/%m/%Y}): nhập lý do sinh hoạt vào ngày khác.")
    assert seen["count"] == before                       # nothing was written on refusal
    frame = view.wizard
    assert frame is not None and frame.kind == "regular"
    record = meetings.meeting_record(demo_store, frame.meeting_id)
    assert (record["date"], record["rule_date"], record["off_rule_reason"]) == (
        day.isoformat(), rule.isoformat(), "Trùng lịch thi học kỳ")
    assert [a["id"] for a in record["agenda"]][:2] == ["political-ideological", "current-affairs"]
    line = next(i for i in planning.plan_items(demo_store, first.year)
                if i.kind == "regular" and i.month == 3)
    assert line.meeting_id == frame.meeting_id
