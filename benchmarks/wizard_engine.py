"""Timing of the procedure engine's part of a step switch (target for a whole switch: <= 50 ms).

Run: python benchmarks/wizard_engine.py
A step switch in the app = restore the wizard from its stored state, compute the facts, accept,
serialise the state and build the next page's checklist; loading the TOML happens once per meeting.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.procedure import Wizard, load_procedure, meeting_facts  # noqa: E402
from app.rules.attendance import Member, Presence, attendance_figures  # noqa: E402


def timed(fn, n):
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    med, worst = timed(lambda: load_procedure("regular-hd12-2018"), 50)
    print(f"load + validate regular procedure: median {med:.2f} ms, max {worst:.2f} ms (once per meeting)")
    proc = load_procedure("regular-hd12-2018")
    record = {"start": "14:00", "end": "15:45", "minute_taker": "A", "agenda": [{"id": "a"}]}
    members = [Member(str(i), f"Nguyễn Văn {chr(65 + i % 26)}{i}", "full" if i % 5 else "probationary")
               for i in range(60)]
    roll = {m.id: Presence("present" if i % 7 else "absent_reason", "Ốm") for i, m in enumerate(members)}

    def switch():
        w = Wizard(proc, json.loads(json.dumps({"current": "opening", "stack": ["preparation"],
                                                "done": ["preparation"]})))
        facts = meeting_facts(record)
        w.accept(facts)
        json.dumps(w.state())
        w.checklist(facts=facts)

    med, worst = timed(switch, 500)
    print(f"step switch (engine part): median {med:.3f} ms, max {worst:.3f} ms (target <= 50 ms)")
    med, worst = timed(lambda: attendance_figures(members, roll), 500)
    print(f"attendance figures, 60 members: median {med:.3f} ms, max {worst:.3f} ms "
          "(recomputed on every roll-call click; commit target <= 10 ms)")


if __name__ == "__main__":
    main()
