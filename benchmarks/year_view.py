"""Time to open the year view (the "Meeting calendar" section), target ≤ 150 ms: building the page
from the cell database, showing it and painting the twelve months (offscreen Qt).

Measured on the demo cell with a 2025 plan (12 regular + 3 thematic meetings) and a few
organisation days. "warm" is what the app does: the home screen computes the public holidays in a
background thread at start (``ui.calendar_view.warm_holidays``). "cold" is an open with the
holiday tables not yet built (the ``holidays`` module itself already imported).

Run: /opt/chibo-venv/bin/python benchmarks/year_view.py
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401  (PySide6 6.12 guard first)

TARGET_MS = 150.0
RUNS = 20
TODAY = dt.date(2025, 3, 20)


def _prepare(store) -> None:
    from app import planning
    from app.demo import create_demo
    from app.members import list_members

    create_demo(store, TODAY)
    planning.ensure_year_plan(store, 2025)
    people = {m.full_name: m.id for m in list_members(store)}
    planning.add_org_day(store, dt.date(2025, 6, 3), "Nghỉ mát của cơ quan")
    planning.add_org_day(store, dt.date(2025, 11, 20), "Ngày Nhà giáo Việt Nam")
    planning.add_thematic(store, 2025, title="Học tập và làm theo tư tưởng Hồ Chí Minh",
                          topic_group="ho_chi_minh", drafter_id=people["Lê Thị Lan"],
                          planned_date="2025-02-20")
    planning.add_thematic(store, 2025, title="Giảng dạy thực địa", topic_group="professional",
                          drafter_id=people["Phạm Đức Anh"], planned_date="2025-04-03",
                          combined=True)
    planning.add_thematic(store, 2025, title="Phòng, chống suy thoái", topic_group="degradation",
                          quarter=3)


def _open(app, store) -> float:
    from ui.calendar_view import CalendarPage

    start = time.perf_counter()
    page = CalendarPage(store=store, today=TODAY)
    page.resize(1180, 640)
    page.show()
    page.repaint()  # paint the twelve months now
    app.processEvents()
    elapsed = (time.perf_counter() - start) * 1000
    page.close()
    page.deleteLater()
    app.processEvents()
    return elapsed


def _verdict(ms: float) -> str:
    return "OK" if ms <= TARGET_MS else "TOO SLOW"


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from app import i18n
    from app.store import open_store
    from ui import style

    i18n.set_language("vi")
    app = QApplication.instance() or QApplication([])
    style.apply(app, language="vi", large_text=False)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "cell.sqlite")
        _prepare(store)  # making the plan imports ``holidays``; forget the tables it built
        from app.rules.calendar import clear_holiday_cache

        clear_holiday_cache()
        cold = _open(app, store)

        from ui.calendar_shared import warm_holidays

        clear_holiday_cache()
        warm_holidays((2025, 2026)).join()
        warm = [_open(app, store) for _ in range(RUNS)]

        from ui.calendar_view import CalendarPage

        page = CalendarPage(store=store, today=TODAY)
        page.show()
        app.processEvents()
        switch = []
        for year in (2026, 2025) * 5:
            start = time.perf_counter()
            page.set_year(year)
            page.repaint()
            app.processEvents()
            switch.append((time.perf_counter() - start) * 1000)
        page.close()
        store.close()

    med = statistics.median(warm)
    print(f"open the year view, holidays warmed  median {med:7.1f} ms  (max {max(warm):6.1f})"
          f"  target ≤ {TARGET_MS:.0f} ms  {_verdict(med)}")
    print(f"open the year view, cold tables      once   {cold:7.1f} ms"
          f"                 (the app warms at start; shown for reference)")
    print(f"switch year (2025 ↔ 2026), warmed    median {statistics.median(switch):7.1f} ms")


if __name__ == "__main__":
    main()
