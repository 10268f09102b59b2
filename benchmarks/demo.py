"""Time to make the demo cell (``chibo demo``, the first-run "dữ liệu mẫu"), target ≤ 3 s in
process: the cell with its name history, 25 members, four months of meetings (three finalised
with their PDFs, two thematic meetings, one in progress), the e-handbook points of three
months, in one transaction, then one backup.

Also the whole command (a new Python process: imports included), once.

Run: /opt/chibo-venv/bin/python benchmarks/demo.py
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_S = 3.0
RUNS = 5


def main() -> None:
    from app.demo import make_demo
    from app.store import open_store

    times = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(RUNS):
            with open_store(Path(folder) / f"demo{run}.sqlite") as store:
                start = time.perf_counter()
                make_demo(store)
                times.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app.cli", "demo", "--db",
                        str(Path(folder) / "cli.sqlite")], check=True, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        command = time.perf_counter() - start
    med = statistics.median(times)
    verdict = "OK" if med <= TARGET_S else "SLOW"
    print(f"make the demo, in process   median {med:5.2f} s  (max {max(times):5.2f})"
          f"  target ≤ {TARGET_S:.0f} s  {verdict}")
    print(f"`chibo demo`, new process   once   {command:5.2f} s")


if __name__ == "__main__":
    main()
