"""The regular meeting day (Kế hoạch 489-KH/ĐU ngày 22/3/2024 of the university party
committee), as data the cell can change.

The regular meeting falls on ``rule.base_day`` of each month (the 3rd); when that is a day off, on the
next working day, but never after ``rule.latest_day`` (the 5th). When every day of that window is a day
off the result is a *conflict*: the secretary records a date and a reason; this module never picks a
date outside the window.

Days off are Saturdays, Sundays, the Vietnamese public holidays of the ``holidays`` package (Vietnamese
names, Tết, Giỗ Tổ Hùng Vương and the announced substitute days), plus the organisation's own extra days
off; make-up working days (the package's announced working Saturdays, and the organisation's own) turn a
day off back into a working day.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from app import __version__
from app.i18n import _, format_date, weekday_name
from app.rules.cell_rules import BASE_DAY, LATEST_DAY
from app.vntext import nfc

STATUSES = ("on_day", "moved", "conflict")


@dataclass(frozen=True)
class DayRule:
    """Meeting on ``base_day``; moved to the next working day, at the latest ``latest_day``."""

    base_day: int = BASE_DAY
    latest_day: int = LATEST_DAY

    def __post_init__(self) -> None:
        for value in (self.base_day, self.latest_day):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(_("The meeting days must be whole numbers: {base} and {latest}.")
                                 .format(base=self.base_day, latest=self.latest_day))
        if not 1 <= self.base_day <= self.latest_day <= 28:
            raise ValueError(
                _("Invalid meeting-day rule: the base day ({base}) and the latest day ({latest}) "
                  "must satisfy 1 ≤ base day ≤ latest day ≤ 28.")
                .format(base=self.base_day, latest=self.latest_day))

    def window(self, year: int, month: int) -> list[_dt.date]:
        return [_dt.date(year, month, d) for d in range(self.base_day, self.latest_day + 1)]


@lru_cache(maxsize=64)
def _public_year(year: int, country: str, language: str) -> tuple[dict, frozenset]:
    """(holiday date -> NFC name, announced make-up working days) for one year, cached."""
    stored = _disk.get(year, country, language)
    if stored is not None:
        return stored
    import holidays

    table = holidays.country_holidays(country, years=year, language=language)
    names = {day: nfc(name) for day, name in sorted(table.items())}
    workdays = frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year == year)
    _disk.put(year, country, language, names, workdays)
    return names, workdays


class _DiskCache:
    """Public holidays kept in a JSON file between runs, so that the desktop app's start-up
    does not import and run the ``holidays`` package (about 0.1 s). Off unless ``use`` is
    called (the command line writes no file); entries are valid while the installed
    ``holidays`` package is the same. Entries are kept per package ``_stamp`` (the last few),
    so two installations sharing the cache folder, such as the built program and a source
    install, do not throw each other's entries away."""

    KEEP_STAMPS = 4

    def __init__(self) -> None:
        self.path = None
        self.data: dict | None = None
        self.stamp = ""

    def use(self, path) -> None:
        from pathlib import Path

        self.path, self.data = Path(path), None

    @staticmethod
    def _stamp() -> str:
        import importlib.util
        import os

        spec = importlib.util.find_spec("holidays")
        origin = spec.origin if spec else None
        if not origin or not os.path.exists(origin):
            return f"bundled-{__version__}"
        st = os.stat(origin)
        return f"{st.st_mtime_ns}-{st.st_size}"

    def _load(self) -> dict:
        """This installation's entries: {"years": {...}} (loaded once per process)."""
        if self.data is None:
            import json

            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            stamps = data.get("stamps") if isinstance(data, dict) else None
            self.data = {"stamps": stamps if isinstance(stamps, dict) else {}}
            self.stamp = self._stamp()
        return self.data["stamps"].setdefault(self.stamp, {"years": {}})

    def get(self, year: int, country: str, language: str):
        if self.path is None:
            return None
        entry = self._load()["years"].get(f"{country}-{language}-{year}")
        if entry is None:
            return None
        names = {_dt.date.fromisoformat(d): n for d, n in entry["names"]}
        return names, frozenset(_dt.date.fromisoformat(d) for d in entry["work"])

    def put(self, year: int, country: str, language: str, names: dict, work) -> None:
        if self.path is None:
            return
        import json

        entry = self._load()
        entry["years"][f"{country}-{language}-{year}"] = {
            "names": [[d.isoformat(), n] for d, n in names.items()],
            "work": sorted(d.isoformat() for d in work)}
        stamps = self.data["stamps"]
        stamps[self.stamp] = stamps.pop(self.stamp)          # the newest written goes last
        for old in list(stamps)[:-self.KEEP_STAMPS]:
            del stamps[old]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{id(self)}.tmp")
            tmp.write_text(json.dumps(self.data, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # a cache: the next start computes again


_disk = _DiskCache()


def use_disk_cache(path) -> None:
    """Keep computed public holidays in ``path`` between runs (the desktop app does)."""
    _disk.use(path)
    _public_year.cache_clear()


def clear_holiday_cache() -> None:
    """Forget the cached public holidays (used by the benchmark to time a cold year)."""
    _public_year.cache_clear()


class DaysOff:
    """Which days are off, and why.

    ``extra_off`` maps the organisation's extra days off to their reason; ``working`` maps make-up
    working days (a working Saturday, or a public holiday the organisation works) to a note. A day in
    ``working`` is never off. Public holiday names come from ``holidays`` in ``language``.
    """

    def __init__(self, extra_off: Mapping[_dt.date, str] | None = None,
                 working: Mapping[_dt.date, str] | None = None, *,
                 country: str = "VN", language: str = "vi") -> None:
        self.extra_off = {d: nfc(r) for d, r in (extra_off or {}).items()}
        self.working = {d: nfc(r) for d, r in (working or {}).items()}
        self.country = country
        self.language = language

    def _public(self, year: int) -> tuple[dict, frozenset]:
        return _public_year(year, self.country, self.language)

    def public_holidays(self, year: int) -> list[tuple[_dt.date, str]]:
        """The public holidays of a year, in date order (read-only, for the days-off editor)."""
        return list(self._public(year)[0].items())

    def public_working_days(self, year: int) -> list[_dt.date]:
        """Weekend days the government declared working days (make-up days) in ``year``."""
        return sorted(self._public(year)[1])

    def year_entries(self, year: int) -> list[tuple[_dt.date, str, str]]:
        """Every named day of ``year`` for the days-off editor and the year view, by date:
        (date, name, kind) with kind "public" (read-only holiday), "public_working" (announced
        make-up working day), "org_off" or "org_working" (the organisation's own, editable)."""
        rows = [(d, n, "public") for d, n in self.public_holidays(year)]
        rows += [(d, _("Make-up working day"), "public_working")
                 for d in self.public_working_days(year)]
        rows += [(d, n, "org_off") for d, n in self.extra_off.items() if d.year == year]
        rows += [(d, n, "org_working") for d, n in self.working.items() if d.year == year]
        order = {"public": 0, "public_working": 1, "org_off": 2, "org_working": 3}
        return sorted(rows, key=lambda r: (r[0], order[r[2]]))

    def reason(self, day: _dt.date) -> str | None:
        """Why ``day`` is a day off (Vietnamese), or None for a working day.

        Precedence: the organisation's working days, its own days off, public holidays, announced
        make-up working days, then the weekend.
        """
        if day in self.working:
            return None
        if day in self.extra_off:
            return self.extra_off[day] or _("Day off (organisation)")
        names, workdays = self._public(day.year)
        if day in names:
            return names[day]
        if day in workdays:
            return None
        if day.weekday() >= 5:
            return weekday_name(day, "vi")
        return None

    def is_off(self, day: _dt.date) -> bool:
        return self.reason(day) is not None


@dataclass(frozen=True)
class MonthSchedule:
    """The regular meeting day of one month. ``year`` is extra to the JSON contract."""

    month: int
    date: _dt.date | None
    status: str  # "on_day" | "moved" | "conflict"
    days_off: list[tuple[_dt.date, str]] = field(default_factory=list)
    year: int = 0

    def to_json(self) -> dict:
        """The ``chibo schedule --json`` object: exactly month, date, status, days_off."""
        return {
            "month": self.month,
            "date": self.date.isoformat() if self.date else None,
            "status": self.status,
            "days_off": [{"date": d.isoformat(), "name": name} for d, name in self.days_off],
        }


def meeting_day(year: int, month: int, rule: DayRule | None = None,
                days_off: DaysOff | None = None) -> MonthSchedule:
    """The rule's meeting day for one month; ``days_off`` lists the window days skipped."""
    rule = rule or DayRule()
    days_off = days_off or DaysOff()
    skipped: list[tuple[_dt.date, str]] = []
    for day in rule.window(year, month):
        why = days_off.reason(day)
        if why is None:
            status = "on_day" if day.day == rule.base_day else "moved"
            return MonthSchedule(month, day, status, skipped, year)
        skipped.append((day, why))
    return MonthSchedule(month, None, "conflict", skipped, year)


def year_schedule(year: int, rule: DayRule | None = None,
                  days_off: DaysOff | None = None) -> list[MonthSchedule]:
    """The twelve regular meeting days of ``year``."""
    rule = rule or DayRule()
    days_off = days_off or DaysOff()
    return [meeting_day(year, m, rule, days_off) for m in range(1, 13)]


def _skipped_text(days_off: list[tuple[_dt.date, str]]) -> str:
    return "; ".join(f"{format_date(d)} ({name})" for d, name in days_off)


def explain(schedule: MonthSchedule, rule: DayRule | None = None) -> str:
    """One line saying what the rule gives for the month and why (UI language)."""
    rule = rule or DayRule()
    if schedule.status == "conflict":
        return _("Conflict: days {base} to {latest} are all days off ({why}). Choose a date and "
                 "record the reason (force majeure).").format(
            base=rule.base_day, latest=rule.latest_day, why=_skipped_text(schedule.days_off))
    when = f"{weekday_name(schedule.date)} {format_date(schedule.date)}"
    if schedule.status == "moved":
        return _("{when}: moved, days off: {why}").format(
            when=when, why=_skipped_text(schedule.days_off))
    return _("{when}: on the rule's day").format(when=when)


def check_held_date(held: _dt.date, scheduled: MonthSchedule,
                    reason: str | None = None) -> str | None:
    """None when the meeting was held on the rule's day; otherwise the flag to show.

    The flag names the rule's day (or the conflict) and the recorded reason, or says that no
    reason was recorded.
    """
    if scheduled.date is not None and held == scheduled.date:
        return None
    reason = nfc(reason)
    if scheduled.date is None:
        text = _("Held on {held}: the rule gave no day this month (all days off).").format(
            held=format_date(held))
    else:
        text = _("Held on {held} instead of the rule's day {rule_day}.").format(
            held=format_date(held), rule_day=format_date(scheduled.date))
    if reason:
        return text + " " + _("Reason given: {reason}").format(reason=reason)
    return text + " " + _("No reason recorded for the other day.")
