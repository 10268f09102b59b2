"""PNGs of the calendar screens in Vietnamese and English at 1366×768, to look at.

Runs only when CHIBO_SHOTS names a folder (the images go to its calendar/ subfolder):
    CHIBO_SHOTS=/tmp/shots python -m pytest tests/test_ui_calendar_shots.py -q
"""
from __future__ import annotations

import functools
import datetime as dt

import pytest

from app import ehandbook, i18n, meetings, planning
from app.members import list_members
from app.settings import load_settings

from uihelpers import FULL, needs_shots, save_shot, store, ui_env  # noqa: F401

pytestmark = needs_shots
TODAY = dt.date(2025, 3, 20)

save = functools.partial(save_shot, folder="calendar")


def _fill(store) -> None:
    from app.demo import create_demo

    create_demo(store, TODAY)
    people = {m.full_name: m.id for m in list_members(store)}
    planning.ensure_year_plan(store, 2025)
    planning.add_org_day(store, dt.date(2025, 6, 3), "Nghỉ mát của cơ quan")
    for day in (3, 4):
        planning.add_org_day(store, dt.date(2025, 7, day), "Nghỉ hè của trường")
    planning.add_org_day(store, dt.date(2025, 8, 2), "Làm bù ngày 1/9", working=True)
    planning.add_thematic(store, 2025, title="Học tập và làm theo tư tưởng, đạo đức, phong cách "
                          "Hồ Chí Minh về đạo đức công vụ", topic_group="ho_chi_minh",
                          drafter_id=people["Lê Thị Lan"], planned_date="2025-02-20")
    planning.add_thematic(store, 2025, title="Nâng cao chất lượng giảng dạy thực địa",
                          topic_group="professional", drafter_id=people["Nguyễn Văn Á"],
                          planned_date="2025-04-03", combined=True, combined_order=2)
    planning.add_thematic(store, 2025, title="Phòng, chống suy thoái tư tưởng chính trị",
                          topic_group="degradation", quarter=3)
    may = next(i for i in planning.plan_items(store, 2025) if i.month == 5)
    planning.update_plan_item(store, may.id, planned_date="2025-05-06",
                              off_rule_reason="Cả khoa đi thực địa tại Vũ Thư")
    meetings.create_meeting(store, dt.date(2025, 3, 3), rule_date=dt.date(2025, 3, 3))
    for i, m in enumerate(list_members(store)):
        for month in (1, 2):
            if (i + month) % 7:
                ehandbook.set_points(store, m.id, 2025, month, 18 + (i * 3 + month) % 9)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_calendar_screens(lang, ui_env, store, qtbot, qapp, tmp_path):
    from ui import style
    from ui.app_window import MainWindow
    from ui.days_off_dialog import DaysOffDialog
    from ui.plan_editor import RegularDialog, ThematicDialog
    from ui.points_grid import PointsImportDialog

    i18n.set_language(lang)
    style.apply(qapp, language=lang, large_text=False)
    _fill(store)
    w = MainWindow(store, load_settings())
    qtbot.addWidget(w)
    w.resize(*FULL)
    home = w.shell.pages["home"]
    home.set_today(TODAY)
    save(w, f"{lang}-1-home", FULL)
    cal = w.shell.show_section("calendar")
    cal.set_today(TODAY)
    save(w, f"{lang}-2-year-view", FULL)
    editor = cal.show_plan()
    save(w, f"{lang}-4-plan-editor", FULL)
    june = next(i for i in editor.regular if i.month == 7)
    d = RegularDialog(store, june, w)
    d.date.setText("07/07/2025")
    d.accept()
    save(d, f"{lang}-4b-regular-dialog-conflict")
    d.close()
    d = ThematicDialog(store, 2025, editor.thematic[1], w)
    save(d, f"{lang}-4c-thematic-dialog")
    d.close()
    d = DaysOffDialog(store, 2025, w)
    d.date.setText("07/06/2025")
    d.reason.setText("Nghỉ")
    d.add_day()
    save(d, f"{lang}-3-days-off")
    d.close()
    grid = w.shell.show_section("ehandbook")
    grid.set_today(TODAY)
    grid.store_value(grid.row_of("Lê Thị Lan"), 2, "2o")
    save(w, f"{lang}-5-points-grid", FULL)
    csv = tmp_path / "diem.csv"
    csv.write_text("Họ và tên,Tháng,Điểm\nLê Thị Lan,3,24\nBùi Văn Đức,03/2025,18\n"
                   "Người Lạ,3,30\nPhạm Đức Anh,13,20\nVũ Quang Huy,3,hai mươi\n",
                   encoding="utf-8")
    d = PointsImportDialog(store, csv, 2025, w)
    save(d, f"{lang}-5b-points-import")
    d.close()
    w.close()
