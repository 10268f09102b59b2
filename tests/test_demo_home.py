"""The home page of the demo as the desktop app's "dữ liệu mẫu" makes it (issue 16): no quarter
before the demo's records is shown as missed, and nothing is said about the office receiving
bundles while none was ever exported."""
from __future__ import annotations

import datetime as dt

from app.demo import make_demo

from uihelpers import store, ui_env  # noqa: F401


def test_the_demo_home_page_misses_no_quarter_and_says_nothing_was_exported(ui_env, store,
                                                                            qtbot, tmp_path):
    from app.settings import load_settings
    from ui.app_window import MainWindow

    make_demo(store)                                     # as the first-run "demo" button
    window = MainWindow(store, load_settings())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    home = window.shell.show_section("home")
    texts = [label.text() for label in home.quarters]
    statuses = [label.property("status") for label in home.quarters]
    assert "missing" not in statuses and not any("Không tổ chức" in t for t in texts), texts
    today = dt.date.today()
    if today.month > 3:          # the demo's first month is in this year: its quarter held one
        assert statuses[(today.month - 4) // 3] == "held", texts
    for q, status in enumerate(statuses, 1):     # nor warned about as lacking a plan
        if status == "before_records":
            assert f"Quý {q}: chưa có kế hoạch sinh hoạt chuyên đề" not in home.warnings.text()
    # the one reminder left on purpose: the last finalised sitting's final documents
    last = max(r["date"] for r in store.rows("select date from meeting where status = "
                                             "'finalised'"))
    dates = {r.date.isoformat() for r in home.reminders}
    assert dates == {last}, dates
    assert home.office_pending.text() == "Chưa xuất gói nào."
    assert "Văn phòng đã nhận" not in home.office_pending.text()
    home.grab().save(str(tmp_path / "home.png"))


def test_in_december_the_home_page_offers_next_years_plan(ui_env, store, qtbot):
    """Once this year's plan has no meeting left (the demo made on 7 December: its December
    meeting under way), the home page's next step is next year's plan, one click away."""
    from PySide6.QtCore import Qt

    from app import planning
    from app.settings import load_settings
    from ui.app_window import MainWindow

    december = dt.date(2026, 12, 7)
    make_demo(store, today=december)
    window = MainWindow(store, load_settings())
    qtbot.addWidget(window)
    window.show()
    home = window.shell.show_section("home")
    home.set_today(december)
    assert home.countdown.text() == "Chưa có cuộc sinh hoạt nào trong kế hoạch"
    assert "kế hoạch năm 2027" in home.when.text()
    assert home.plan_button.isVisible()
    assert home.plan_button.text() == "&Lập kế hoạch năm 2027"
    qtbot.mouseClick(home.plan_button, Qt.LeftButton)
    assert len(planning.plan_items(store, 2027)) == 12
    calendar = window.shell.pages["calendar"]
    assert window.shell.current_id == "calendar" and calendar.year == 2027
    assert calendar.tabs.currentIndex() == 1
    window.shell.show_section("home")
    assert not home.plan_button.isVisible()
    assert home.countdown.text() != "Chưa có cuộc sinh hoạt nào trong kế hoạch"
    assert "2027" in home.when.text()
