"""The cell's rules: every threshold a meeting is judged by, in one frozen object.

The figures below are the seed's (DOMAIN rules 1–3, Hướng dẫn 12-HD/BTCTW 06/7/2018, restated
by Hướng dẫn 42-HD/BTCTW 28/10/2025) and the only place they are written in the code; the
cell may change them (``app.cell.save_cell_rules``) and every reader takes them from the
object ``app.cell.cell_rules(store)`` loads once, or from the ``rules`` of an exported meeting.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

# Rule 1: the regular meeting on the 3rd, moved to the next working day, never after the 5th.
BASE_DAY = 3
LATEST_DAY = 5
# Rule 2: minimum lengths in minutes; a thematic meeting held alone has the regular minimum.
REGULAR_MINUTES = 90
COMBINED_MINUTES = 120
# HD 12: a good meeting has *more than* 85 % of the attendance base present…
ATTENDANCE_RATE = 85.0
# …and no one absent with a reason more than 3 times in a row in the year.
MAX_REASON_STREAK = 3
# Rule 3: e-handbook points per member per month (the seed's example resolution).
EHANDBOOK_POINTS = 20.0
# The guidance and rubric applied when the cell chose no other: Hướng dẫn 12-HD/BTCTW
# (06/7/2018) for meetings before the switch date, Hướng dẫn 42-HD/BTCTW (28/10/2025,
# implementing Chỉ thị 50-CT/TW of 23/7/2025) from it on. No text found says HD 42 repeals
# HD 12: the switch is the date HD 42 was issued, and the cell may set another.
PROCEDURES = (("regular", "regular-hd12-2018"), ("thematic", "thematic-hd12-2018"))
PROCEDURES_2025 = (("regular", "regular-hd42-2025"), ("thematic", "thematic-hd42-2025"))
SWITCH_DATE = _dt.date(2025, 10, 28)
RUBRIC = "qd28-2019"
# HD 42 (28/10/2025): meeting documents on the Sổ tay đảng viên điện tử at least this many
# days before the meeting. Secondary copies only: the final documents within this many days
# after it, and this many minutes (low, high) for members' thinking and self-criticism.
HANDBOOK_DAYS_BEFORE = 1
HANDBOOK_DAYS_AFTER = 2
SELF_CRITICISM_MINUTES = (15, 30)
# A regular meeting after the latest day passes the model-cell day criterion only for one of
# these force-majeure categories (codes; labels in app.rules.messages). "other" is recorded
# but does not pass: a typed reason alone is not force majeure.
FORCE_MAJEURE = ("natural_disaster", "epidemic", "upper_directive", "emergency_duty",
                 "public_event")
OFF_RULE_CATEGORIES = FORCE_MAJEURE + ("day_off", "other")

# Ranges a cell may set (the cell form refuses values outside them).
MINUTES_RANGE = (15, 600)
RATE_RANGE = (1.0, 100.0)


def passes(votes_for: int, voting_base: int) -> bool:
    """Charter art. 9.5: a resolution passes with more than half of the voting base."""
    return voting_base > 0 and votes_for * 2 > voting_base


def votes_needed(voting_base: int) -> int:
    """The smallest number of votes for that passes (``passes``)."""
    return voting_base // 2 + 1


def rate_good(present: int | None, base: int | None, threshold: float,
              rate: float | None = None) -> bool:
    """More than ``threshold`` % present, compared on the exact proportion (85 % exactly is
    not); a record that gives only its ``rate`` (percent) is judged on that."""
    if base:
        return present is not None and present * 100 > threshold * base
    return rate is not None and rate > threshold


@dataclass(frozen=True)
class CellRules:
    base_day: int = BASE_DAY
    latest_day: int = LATEST_DAY
    regular_minutes: int = REGULAR_MINUTES
    combined_minutes: int = COMBINED_MINUTES
    thematic_minutes: int = REGULAR_MINUTES
    attendance_rate: float = ATTENDANCE_RATE
    max_reason_streak: int = MAX_REASON_STREAK
    ehandbook_points: float = EHANDBOOK_POINTS
    procedures: Mapping[str, str] = field(default_factory=lambda: dict(PROCEDURES))
    rubric_id: str = RUBRIC
    switch_date: _dt.date = SWITCH_DATE
    procedures_2025: Mapping[str, str] = field(default_factory=lambda: dict(PROCEDURES_2025))
    handbook_days_before: int = HANDBOOK_DAYS_BEFORE
    handbook_days_after: int = HANDBOOK_DAYS_AFTER
    self_criticism_minutes: tuple[int, int] = SELF_CRITICISM_MINUTES

    def minimum_minutes(self, kind: str, combined: bool = False) -> int:
        """The minimum length of a meeting of ``kind`` alone, or of a combined sitting."""
        if combined:
            return self.combined_minutes
        return self.thematic_minutes if kind == "thematic" else self.regular_minutes

    def procedure_for(self, kind: str, day: _dt.date | None = None) -> str:
        """The procedure a meeting of ``kind`` on ``day`` follows: the 2018 one before the
        switch date, the 2025 one from it on (no day: today's)."""
        day = day or _dt.date.today()
        return (self.procedures_2025 if day >= self.switch_date else self.procedures)[kind]

    def handbook_before_ok(self, uploaded: _dt.date | None, meeting: _dt.date) -> bool:
        """Documents on the Sổ tay at least ``handbook_days_before`` days before the meeting."""
        return uploaded is not None and (meeting - uploaded).days >= self.handbook_days_before

    def handbook_after_due(self, meeting: _dt.date) -> _dt.date:
        """The last day for the final documents on the Sổ tay."""
        return meeting + _dt.timedelta(days=self.handbook_days_after)

    def handbook_after_ok(self, uploaded: _dt.date | None, meeting: _dt.date) -> bool:
        """Final documents on the Sổ tay on the meeting day or within the days after."""
        return uploaded is not None and meeting <= uploaded <= self.handbook_after_due(meeting)

    def self_criticism_ok(self, minutes: int | None) -> bool:
        low, high = self.self_criticism_minutes
        return minutes is not None and low <= minutes <= high

    @staticmethod
    def force_majeure(category: str | None) -> bool:
        """Does this off-rule category excuse a meeting after the latest day?"""
        return category in FORCE_MAJEURE

    def rubric_for(self, day: _dt.date | None = None) -> str:
        """The rubric a meeting on ``day`` is scored with (the cell's choice). The shipped
        hd42-2025 rubric is taken from secondary copies, marked unverified: it is never switched
        to by date, only chosen by the cell."""
        return self.rubric_id

    def problems(self) -> list[tuple[str, dict]]:
        """(code, params) for each value outside its range (see ``app.rules.messages``)."""
        out = []
        low, high = MINUTES_RANGE
        for key in ("regular_minutes", "combined_minutes", "thematic_minutes"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                out.append(("setting_minutes_range", {"field": key, "value": value,
                                                      "low": low, "high": high}))
        low, high = RATE_RANGE
        rate = self.attendance_rate
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not low <= rate <= high:
            out.append(("setting_rate_range", {"value": rate, "low": low, "high": high}))
        return out

    def exported(self) -> dict[str, Any]:
        """The ``rules`` part of an exported meeting (keys of bundle schema 1, plus new ones)."""
        return {"base_day": self.base_day, "latest_day": self.latest_day,
                "duration_minutes": self.regular_minutes,
                "combined_minutes": self.combined_minutes,
                "thematic_minutes": self.thematic_minutes,
                "attendance_rate": self.attendance_rate}

    @classmethod
    def from_exported(cls, data: Mapping[str, Any] | None, **more: Any) -> "CellRules":
        """The rules a bundle carries; a key it lacks, or holds a value of the wrong type in,
        keeps the default (a bundle is outside data)."""
        data = data if isinstance(data, Mapping) else {}
        values: dict[str, Any] = {}
        for key, attr, kind in (("base_day", "base_day", int), ("latest_day", "latest_day", int),
                                ("duration_minutes", "regular_minutes", int),
                                ("combined_minutes", "combined_minutes", int),
                                ("thematic_minutes", "thematic_minutes", int),
                                ("attendance_rate", "attendance_rate", float)):
            value = data.get(key)
            if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float
                                                           else int):
                continue
            values[attr] = kind(value)
        if "thematic_minutes" not in values and "regular_minutes" in values:
            values["thematic_minutes"] = values["regular_minutes"]
        return replace(cls(**values), **more)
