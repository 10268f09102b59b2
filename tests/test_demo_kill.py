"""``chibo demo`` killed at any moment (SIGKILL, a real process) leaves the data file as it was
or holding the whole demo, never half of it; ``chibo demo`` run again then succeeds."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from subprocess_env import python_path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("cell", "member", "meeting", "attendance", "speech", "vote", "document", "blob",
          "plan_item")

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")


def _demo(db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": python_path()}
    return subprocess.Popen([sys.executable, "-m", "app.cli", "demo", "--db", str(db)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _state(db: Path) -> dict | None:
    """What the file holds, as the next chibo sees it (a killed writer's WAL is recovered):
    None when it does not exist yet, else row counts and the demo's completion mark."""
    if not db.exists():
        return None
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
                  for t in TABLES if t in names}
        mark = conn.execute("select value from meta where key = 'demo_created_at'").fetchone() \
            if "meta" in names else None
    finally:
        conn.close()
    return {"counts": counts, "complete": mark is not None}


def _finish(proc: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _assert_empty_or_complete(state: dict | None, complete: dict) -> None:
    if state is None:
        return
    if state["complete"]:
        assert state["counts"] == complete["counts"]
    else:   # nothing of the demo: at most the empty schema
        assert not any(state["counts"].values()), state


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def test_demo_killed_at_random_moments_is_all_or_nothing(tmp_path):
    # A whole run: how long it takes here, and what the complete demo holds.
    reference = tmp_path / "ref" / "chibo.sqlite"
    started = time.monotonic()
    done = _finish(_demo(reference))
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    complete = _state(reference)
    assert complete["complete"] and complete["counts"]["document"] > 0
    assert all(complete["counts"][t] for t in ("cell", "member", "meeting", "blob"))

    rng = random.Random(14)
    moments = [rng.uniform(0.1, 0.9) * duration for _ in range(4)]
    killed_mid_write = 0
    for run, moment in enumerate(moments):
        db = tmp_path / f"run{run}" / "chibo.sqlite"
        proc = _demo(db)
        time.sleep(moment)
        was_running = proc.poll() is None
        _kill(proc)
        state = _state(db)
        _assert_empty_or_complete(state, complete)
        if was_running and state is not None and not state["complete"]:
            killed_mid_write += 1
        # ... and the demo can then be made (or is already there, whole).
        again = _finish(_demo(db))
        assert again.returncode == 0, again.stderr
        after = _state(db)
        assert after["complete"] and after["counts"] == complete["counts"]
    assert killed_mid_write >= 1   # at least one was killed with the demo half made
