"""Benchmark: the office dashboard view for 50 cells × 24 months, rendered.

Builds an office database directly with synthetic current meetings (``benchmarks/office.py``'s
``dashboard_office``: 50 cells, 2024–2025), then times what a clerk waits for when the year
changes: ``dashboard()`` read, the model reset and the table painted (``grab()`` of the view at
1366×768). Target ≤ 200 ms.

    QT_QPA_PLATFORM=offscreen /opt/chibo-venv/bin/python benchmarks/dashboard_ui.py
"""
from __future__ import annotations

import datetime as dt
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401  (PySide6 guard, first)

TARGET_MS = 200.0


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from app import i18n
    from office import dashboard_office
    from ui import style
    from ui.office.dashboard import DashboardView

    app = QApplication(sys.argv)
    i18n.set_language("vi")
    style.apply(app, language="vi", large_text=False)
    with tempfile.TemporaryDirectory(prefix="chibo-dash-ui-") as tmp:
        t = time.perf_counter()
        office = dashboard_office(pathlib.Path(tmp) / "office.sqlite", 50, 24)
        print(f"office database of 50 cells × 24 months built in "
              f"{time.perf_counter() - t:.1f} s")
        view = DashboardView()
        view.today = dt.date(2026, 1, 10)
        view.resize(1366 - 200, 768 - 120)
        view.show()
        view.year_box.blockSignals(True)
        view.office = office
        app.processEvents()
        times, first = [], None
        for i in range(16):
            year = 2024 + i % 2
            t = time.perf_counter()
            view.year_box.setValue(year)
            view.reload()
            view.table.viewport().grab()     # paints every visible cell-month
            app.processEvents()
            ms = (time.perf_counter() - t) * 1000
            if first is None:
                first = ms
            else:
                times.append(ms)
        rows = view.model.rowCount()
        times.sort()
        print(f"dashboard view {rows} cells × 12 months + 4 quarters: first {first:.1f} ms, "
              f"median {times[len(times) // 2]:.1f} ms, worst {times[-1]:.1f} ms   "
              f"target ≤ {TARGET_MS:.0f} ms")
        aspects = []
        for i in range(view.aspect_box.count()):
            t = time.perf_counter()
            view.aspect_box.setCurrentIndex(i)
            view.table.viewport().grab()
            aspects.append((time.perf_counter() - t) * 1000)
        print(f"switching the aspect shown (6 aspects): worst {max(aspects):.1f} ms   "
              f"target ≤ {TARGET_MS:.0f} ms")
        office.close()
        view.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
