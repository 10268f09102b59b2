"""Time from process start to the main window being shown, beside a bare PySide6 window.

Both are measured in the same run, as the median of several fresh subprocesses (run
alternately, after one unmeasured warm-up each). The clock starts in this script just before
the subprocess is spawned (passed as CHIBO_T0) and stops when the child's event loop has
shown the window (CHIBO_EXIT_WHEN_SHOWN=1 makes chibo print the elapsed time and quit).
On the offscreen platform that moment comes before the first paint, for both windows.
chibo then also prints when it is "ready": right after its first paint, when what it leaves
until then (the application-wide event filters, ui/app_window.py) is in place; that figure is
printed for information.
The app opens the demo cell (25 members, its meetings and year plan) on its home page.

Targets on the 2-core reference machine: ≤ 1.0 s, and ≤ 2× the bare window. With
``--program dist/chibo/chibo`` the built program (packaging/build.sh) is measured in the same
run too; its target is ≤ 1.5× the start from the source install.

    python benchmarks/startup.py [--runs 7] [--platform offscreen|xvfb] [--program PATH]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S, TARGET_RATIO, TARGET_FROZEN = 1.0, 2.0, 1.5

BARE = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1280, 720)
w.show()
def report():
    print(f"shown {time.time() - float(os.environ['CHIBO_T0']):.3f}", flush=True)
    app.quit()
QTimer.singleShot(0, report)
app.exec()
"""


def run(cmd: list[str], env: dict, ready: list[float] | None = None) -> float:
    """The "shown" time of one start; its "ready" time (chibo only) goes to ``ready``."""
    env = dict(env, CHIBO_T0=repr(time.time()))
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    times = dict(line.split()[:2] for line in out.stdout.splitlines()
                 if line.startswith(("shown ", "ready ")))
    if "shown" not in times:
        raise RuntimeError(f"{cmd} printed no time:\n{out.stdout}\n{out.stderr}")
    if ready is not None and "ready" in times:
        ready.append(float(times["ready"]))
    return float(times["shown"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", choices=("offscreen", "xvfb"), default="offscreen")
    parser.add_argument("--program", help="also measure this built chibo executable")
    args = parser.parse_args()

    xvfb = None
    env = dict(os.environ, PYTHONPATH=str(ROOT), CHIBO_EXIT_WHEN_SHOWN="1")
    env.pop("CHIBO_DB", None)
    # A user's Python keeps compiled modules (.pyc) after the first start; with this variable
    # set (some sandboxes do) every measured start would compile chibo's modules again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.platform == "xvfb":
        if not shutil.which("Xvfb"):
            print("Xvfb is not installed", file=sys.stderr)
            return 2
        display = ":97"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten",
                                 "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.sqlite"
            env["CHIBO_SETTINGS"] = str(Path(tmp) / "settings.json")
            subprocess.run([sys.executable, "-m", "app.cli", "--db", str(db), "demo"], env=env,
                           cwd=ROOT, check=True, capture_output=True)
            app_cmd = [sys.executable, "-m", "app.cli", "--db", str(db)]
            bare_cmd = [sys.executable, "-c", BARE]
            frozen_cmd = [str(Path(args.program).resolve()), "--db", str(db)] \
                if args.program else None
            run(app_cmd, env), run(bare_cmd, env)  # warm-up: disk cache, .pyc files
            if frozen_cmd:
                run(frozen_cmd, env)
            app_times, bare_times, frozen_times, ready_times = [], [], [], []
            for _ in range(args.runs):
                app_times.append(run(app_cmd, env, ready_times))
                bare_times.append(run(bare_cmd, env))
                if frozen_cmd:
                    frozen_times.append(run(frozen_cmd, env))
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)
    app_s, bare_s = statistics.median(app_times), statistics.median(bare_times)
    ratio = app_s / bare_s
    print(f"platform: {args.platform}; median of {args.runs} runs each")
    print(f"chibo main window shown:  {app_s:5.3f} s   (target ≤ {TARGET_S:.1f} s)   "
          f"{'OK' if app_s <= TARGET_S else 'TOO SLOW'}")
    print(f"bare PySide6 window:      {bare_s:5.3f} s")
    print(f"ratio chibo / bare:       {ratio:5.2f}×    (target ≤ {TARGET_RATIO:.0f}×)     "
          f"{'OK' if ratio <= TARGET_RATIO else 'TOO SLOW'}")
    if ready_times:
        print(f"chibo ready:              {statistics.median(ready_times):5.3f} s   (after its first "
              "paint: the app-wide event filters installed; not part of the target)")
    if frozen_times:
        frozen_s = statistics.median(frozen_times)
        print(f"built program shown:      {frozen_s:5.3f} s   = {frozen_s / app_s:4.2f}× the "
              f"source install (target ≤ {TARGET_FROZEN}×)   "
              f"{'OK' if frozen_s <= TARGET_FROZEN * app_s else 'TOO SLOW'}")
    print("all runs (s): chibo " + " ".join(f"{t:.3f}" for t in app_times)
          + " | bare " + " ".join(f"{t:.3f}" for t in bare_times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
