"""Speed of the meeting wizard on the demo data file, through the real widgets.

* Switching steps (target ≤ 50 ms median): ``WizardFrame.show_step`` — commit what is
  pending, re-read the meeting, fill the page, refresh the checklist and findings — then Qt
  processes the resulting events (layout, paint). Pages are warm (each shown once before).
* Committing one edit (target ≤ 10 ms median): a keystroke in the report field, then the
  debounced commit flushed: the store's transaction plus the checklist and findings refresh.

    python benchmarks/wizard.py [--rounds 20]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STEP_TARGET_MS = 50.0
COMMIT_TARGET_MS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    import ui  # noqa: F401  (the PySide6 6.12 guard)
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from app import i18n
    from app.demo import add_demo_meetings, create_demo
    from app.store import open_store
    from ui import style
    from ui.wizard import WizardFrame
    from ui.wizard_pages import PAGES

    i18n.set_language("vi")
    style.apply(app, language="vi", large_text=False)
    folder = Path(tempfile.mkdtemp(prefix="chibo-bench-wizard-"))
    store = open_store(folder / "demo.sqlite")
    create_demo(store)
    add_demo_meetings(store)
    draft = store.db.execute("select id from meeting where status = 'draft'").fetchone()[0]
    frame = WizardFrame(store, draft, pages=PAGES)
    frame.resize(1366, 720)
    frame.show()
    steps = frame.procedure.step_ids
    for step in steps:            # warm: every page built once
        frame.show_step(step)
        app.processEvents()

    switches = []
    for _ in range(args.rounds):
        for step in steps:
            t0 = time.perf_counter()
            frame.show_step(step)
            app.processEvents()
            switches.append((time.perf_counter() - t0) * 1000)

    frame.show_step("proceedings")
    report = frame.current_page().texts["report"]
    commits = []
    for n in range(args.rounds * 5):
        report.setFocus()
        report.insertPlainText("x" if n % 2 else "y")
        t0 = time.perf_counter()
        frame.current_page().committer.flush()
        commits.append((time.perf_counter() - t0) * 1000)
    store.close()

    def line(name, values, target):
        median = statistics.median(values)
        verdict = "ok" if median <= target else "SLOW"
        print(f"{name:<28} median {median:7.2f} ms   p90 {sorted(values)[int(len(values) * .9)]:7.2f} ms"
              f"   target ≤ {target:.0f} ms   {verdict}   (n={len(values)})")
    line("switch step (warm pages)", switches, STEP_TARGET_MS)
    per_step = {s: statistics.median(switches[i::len(steps)]) for i, s in enumerate(steps)}
    print("   per step: " + ", ".join(f"{s} {v:.1f}" for s, v in per_step.items()))
    line("commit one edit", commits, COMMIT_TARGET_MS)


if __name__ == "__main__":
    main()
