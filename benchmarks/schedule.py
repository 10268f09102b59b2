"""Time to compute a year's regular meeting days (target ≤ 20 ms), cold and warm holiday cache,
and through the cell database (``app.planning.schedule``: the rule and the organisation's days read
from the store on every call).

Run: /opt/chibo-venv/bin/python benchmarks/schedule.py
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.rules.calendar import DayRule, DaysOff, clear_holiday_cache, year_schedule  # noqa: E402

TARGET_MS = 20.0
RUNS = 200


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    import holidays  # noqa: F401  (the one-off import is not part of computing a year)

    rule = DayRule()
    days_off = DaysOff(extra_off={date(2025, 6, 3): "Nghỉ mát"}, working={date(2025, 8, 2): "Làm bù"})
    first = _time(lambda: year_schedule(2025, rule, days_off))

    cold = []
    for i in range(RUNS):
        clear_holiday_cache()
        cold.append(_time(lambda: year_schedule(2000 + i % 60, rule, days_off)))
    warm = [_time(lambda: year_schedule(2025, rule, days_off)) for _ in range(RUNS)]

    print(f"first call in the process (holidays' one-off set-up): {first:7.2f} ms")
    for label, runs in (("cold cache (holidays computed)", cold), ("warm cache", warm)):
        med = statistics.median(runs)
        verdict = "OK" if med <= TARGET_MS else "TOO SLOW"
        print(f"year schedule, {label:32s} median {med:7.3f} ms  "
              f"(max {max(runs):7.3f})  target ≤ {TARGET_MS:.0f} ms  {verdict}")
    _through_the_store()


def _through_the_store() -> None:
    from app.planning import add_org_day, ensure_year_plan, plan_items, schedule, set_day_rule
    from app.store import open_store

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "cell.sqlite") as store:
        set_day_rule(store, 3, 5)
        for year in range(2024, 2027):  # a realistic list: a few own days a year
            add_org_day(store, date(year, 6, 3), "Nghỉ mát")
            add_org_day(store, date(year, 11, 20), "Ngày Nhà giáo Việt Nam")
        add_org_day(store, date(2025, 8, 2), "Làm bù", working=True)
        ensure_year_plan(store, 2025)
        for label, fn in (("schedule(store, year)", lambda: schedule(store, 2025)),
                          ("plan_items(store, year)", lambda: plan_items(store, 2025))):
            fn()  # holidays for the year cached, as after the first screen
            runs = [_time(fn) for _ in range(RUNS)]
            med = statistics.median(runs)
            verdict = "OK" if med <= TARGET_MS else "TOO SLOW"
            print(f"through the store, {label:28s} median {med:7.3f} ms  "
                  f"(max {max(runs):7.3f})  target ≤ {TARGET_MS:.0f} ms  {verdict}")


if __name__ == "__main__":
    main()
