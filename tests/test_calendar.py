"""The meeting-day rule (DOMAIN.md §1) against the official 2024–2026 schedules.

Expected dates were worked out by hand from the calendar (weekday of each 3rd) and the government's
announced holiday schedules, not by running the code under test.

What the ``holidays`` package (0.109) gives for Vietnam, checked here:
- Tết breaks match the official ones in every working day: 2024 Thu 8/2–Wed 14/2 (all seven days
  listed), 2025 Sat 25/1–Sun 2/2 (Mon 27/1–Sat 1/2 listed, the rest is the weekend), 2026 Sat
  14/2–Sun 22/2 (Mon 16/2–Fri 20/2 listed, the rest is the weekend).
- Announced swaps are there: 2024 Mon 29/4 off for Sat 4/5 worked; 2025 Fri 2/5 off for Sat 26/4;
  2026 Mon 31/8 off for Sat 22/8 (the package exposes the worked Saturdays as ``weekend_workdays``).
- Not there: swaps decided outside its static table, e.g. the proposed New Year 2026 swap (Fri 2/1 off,
  a Saturday worked). None of these touch the 3rd–5th of a month in 2024–2026, so no official break day
  that matters to the rule is missing; a cell fixes any other gap with its own days off / working days.
"""
from __future__ import annotations

import json
from datetime import date

import pytest

from app import i18n
from app.rules.calendar import (
    DayRule, DaysOff, MonthSchedule, check_held_date, explain, meeting_day, year_schedule,
)

SAT, SUN = "Thứ Bảy", "Chủ nhật"
D = date

# (year, month, meeting date, status, skipped days with their reasons)
OFFICIAL = [
    (2024, 1, D(2024, 1, 3), "on_day", []),
    (2024, 2, D(2024, 2, 5), "moved", [(D(2024, 2, 3), SAT), (D(2024, 2, 4), SUN)]),
    (2024, 3, D(2024, 3, 4), "moved", [(D(2024, 3, 3), SUN)]),
    (2024, 4, D(2024, 4, 3), "on_day", []),
    (2024, 5, D(2024, 5, 3), "on_day", []),
    (2024, 6, D(2024, 6, 3), "on_day", []),
    (2024, 7, D(2024, 7, 3), "on_day", []),
    (2024, 8, D(2024, 8, 5), "moved", [(D(2024, 8, 3), SAT), (D(2024, 8, 4), SUN)]),
    # 2/9–3/9/2024 (Mon–Tue) is the National Day break: the 3rd is a holiday.
    (2024, 9, D(2024, 9, 4), "moved", [(D(2024, 9, 3), "Quốc khánh")]),
    (2024, 10, D(2024, 10, 3), "on_day", []),
    (2024, 11, D(2024, 11, 4), "moved", [(D(2024, 11, 3), SUN)]),
    (2024, 12, D(2024, 12, 3), "on_day", []),
    (2025, 1, D(2025, 1, 3), "on_day", []),
    # Tết 2025 ends Sun 2/2: Mon 3/2 is a working day.
    (2025, 2, D(2025, 2, 3), "on_day", []),
    (2025, 3, D(2025, 3, 3), "on_day", []),
    (2025, 4, D(2025, 4, 3), "on_day", []),
    (2025, 5, D(2025, 5, 5), "moved", [(D(2025, 5, 3), SAT), (D(2025, 5, 4), SUN)]),
    (2025, 6, D(2025, 6, 3), "on_day", []),
    (2025, 7, D(2025, 7, 3), "on_day", []),
    (2025, 8, D(2025, 8, 4), "moved", [(D(2025, 8, 3), SUN)]),
    # National Day 2025 is Mon 1/9–Tue 2/9: Wed 3/9 is a working day.
    (2025, 9, D(2025, 9, 3), "on_day", []),
    (2025, 10, D(2025, 10, 3), "on_day", []),
    (2025, 11, D(2025, 11, 3), "on_day", []),
    (2025, 12, D(2025, 12, 3), "on_day", []),
    (2026, 1, D(2026, 1, 5), "moved", [(D(2026, 1, 3), SAT), (D(2026, 1, 4), SUN)]),
    # Tết 2026 starts Sat 14/2: Tue 3/2 is a working day.
    (2026, 2, D(2026, 2, 3), "on_day", []),
    (2026, 3, D(2026, 3, 3), "on_day", []),
    (2026, 4, D(2026, 4, 3), "on_day", []),
    (2026, 5, D(2026, 5, 4), "moved", [(D(2026, 5, 3), SUN)]),
    (2026, 6, D(2026, 6, 3), "on_day", []),
    (2026, 7, D(2026, 7, 3), "on_day", []),
    (2026, 8, D(2026, 8, 3), "on_day", []),
    # National Day 2026 is Mon 31/8–Wed 2/9: Thu 3/9 is a working day.
    (2026, 9, D(2026, 9, 3), "on_day", []),
    (2026, 10, D(2026, 10, 5), "moved", [(D(2026, 10, 3), SAT), (D(2026, 10, 4), SUN)]),
    (2026, 11, D(2026, 11, 3), "on_day", []),
    (2026, 12, D(2026, 12, 3), "on_day", []),
]


@pytest.mark.parametrize("year,month,expected,status,skipped", OFFICIAL)
def test_official_schedule(year, month, expected, status, skipped):
    got = meeting_day(year, month, DayRule(), DaysOff())
    assert (got.month, got.date, got.status, got.days_off) == (month, expected, status, skipped)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_year_schedule_is_the_twelve_months(year):
    rows = [r for r in OFFICIAL if r[0] == year]
    got = year_schedule(year)
    assert [(s.month, s.date, s.status) for s in got] == [(m, d, st) for _, m, d, st, _ in rows]


# Official Tết breaks (DOMAIN.md) and the first working day after each.
TET = [
    (D(2024, 2, 8), D(2024, 2, 14), D(2024, 2, 15)),
    (D(2025, 1, 25), D(2025, 2, 2), D(2025, 2, 3)),
    (D(2026, 2, 14), D(2026, 2, 22), D(2026, 2, 23)),
]


@pytest.mark.parametrize("first,last,back", TET)
def test_official_tet_break_is_all_off(first, last, back):
    off = DaysOff()
    span = [D.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
    assert [d for d in span if not off.is_off(d)] == []
    # Every weekday of the break carries a Tết name, not just "a weekday".
    for d in span:
        if d.weekday() < 5:
            assert "Tết" in off.reason(d), d
    assert off.reason(back) is None


@pytest.mark.parametrize("day,name_part", [
    (D(2024, 4, 18), "Giỗ Tổ Hùng Vương"),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
    (D(2026, 4, 27), "Giỗ Tổ Hùng Vương"),   # Sun 26/4/2026 observed on Mon 27/4
    (D(2024, 4, 29), "thay cho ngày 04/05/2024"),   # swapped with Sat 4/5/2024
    (D(2025, 5, 2), "thay cho ngày 26/04/2025"),
    (D(2026, 8, 31), "thay cho ngày 22/08/2026"),
    (D(2024, 1, 1), "Tết Dương lịch"),
    (D(2025, 4, 30), "Ngày Chiến thắng"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
])
def test_public_holiday_names_are_vietnamese(day, name_part):
    assert name_part in DaysOff().reason(day)


@pytest.mark.parametrize("saturday", [D(2024, 5, 4), D(2025, 4, 26), D(2026, 8, 22)])
def test_announced_make_up_saturdays_are_working_days(saturday):
    off = DaysOff()
    assert saturday.weekday() == 5
    assert off.reason(saturday) is None
    assert saturday in off.public_working_days(saturday.year)


def test_announced_make_up_saturday_can_be_the_meeting_day():
    # With base day 4, May 2024 meets on Sat 4/5 (worked in exchange for Mon 29/4).
    got = meeting_day(2024, 5, DayRule(4, 5), DaysOff())
    assert (got.date, got.status, got.days_off) == (D(2024, 5, 4), "on_day", [])


def test_public_holidays_list_for_the_editor():
    got = DaysOff().public_holidays(2025)
    assert got == sorted(got)
    assert {d.year for d, _ in got} == {2025}
    assert (D(2025, 4, 7), "Ngày Giỗ Tổ Hùng Vương") in got
    assert (D(2025, 1, 29), "Tết Nguyên Đán") in got
    assert all(isinstance(n, str) and n for _, n in got)


def test_year_entries_for_the_editor_and_year_view():
    off = DaysOff(extra_off={D(2024, 6, 3): "Nghỉ mát", D(2025, 6, 3): "Khác năm"},
                  working={D(2024, 8, 3): "Làm bù"})
    rows = off.year_entries(2024)
    assert rows == sorted(rows, key=lambda r: r[0])
    assert (D(2024, 5, 4), "Ngày làm bù", "public_working") in rows
    assert (D(2024, 6, 3), "Nghỉ mát", "org_off") in rows
    assert (D(2024, 8, 3), "Làm bù", "org_working") in rows
    assert (D(2024, 9, 2), "Quốc khánh", "public") in rows
    assert all(r[0].year == 2024 for r in rows)
    assert len([r for r in rows if r[2] == "public"]) == len(off.public_holidays(2024)) == 14


def test_org_make_up_working_saturday():
    off = DaysOff(working={D(2024, 8, 3): "Làm bù theo lịch cơ quan"})
    got = meeting_day(2024, 8, DayRule(), off)
    assert (got.date, got.status, got.days_off) == (D(2024, 8, 3), "on_day", [])


def test_org_working_day_overrides_a_public_holiday():
    off = DaysOff(working={D(2024, 9, 3): "Trực lễ"})
    got = meeting_day(2024, 9, DayRule(), off)
    assert (got.date, got.status) == (D(2024, 9, 3), "on_day")


def test_org_day_off_moves_the_meeting():
    off = DaysOff(extra_off={D(2025, 6, 3): "Nghỉ mát cơ quan"})
    got = meeting_day(2025, 6, DayRule(), off)
    assert (got.date, got.status) == (D(2025, 6, 4), "moved")
    assert got.days_off == [(D(2025, 6, 3), "Nghỉ mát cơ quan")]


def test_org_day_off_reason_wins_over_the_weekday_name():
    off = DaysOff(extra_off={D(2025, 5, 5): "Hội nghị viên chức"})
    got = meeting_day(2025, 5, DayRule(), off)
    assert got.status == "conflict" and got.date is None
    assert got.days_off == [(D(2025, 5, 3), SAT), (D(2025, 5, 4), SUN),
                            (D(2025, 5, 5), "Hội nghị viên chức")]


def test_tet_2030_makes_a_conflict_and_never_the_6th():
    # Tết 2030: Sun 3/2 is Mùng hai, Mon 4/2 Mùng ba, Tue 5/2 Mùng bốn; Wed 6/2 (Mùng năm) and
    # Thu 7/2 do not count: the rule stops at the 5th.
    got = meeting_day(2030, 2, DayRule(), DaysOff())
    assert got.status == "conflict"
    assert got.date is None
    assert got.days_off == [
        (D(2030, 2, 3), "Mùng hai Tết Nguyên Đán"),
        (D(2030, 2, 4), "Mùng ba Tết Nguyên Đán"),
        (D(2030, 2, 5), "Mùng bốn Tết Nguyên Đán"),
    ]
    others = [s for s in year_schedule(2030) if s.month != 2]
    assert all(s.status != "conflict" for s in others)


def test_org_defined_conflict_with_working_6th():
    # Sat 3/5/2031, Sun 4/5/2031, and the organisation closes Mon 5/5; Tue 6/5 is a working day
    # but outside the window.
    off = DaysOff(extra_off={D(2031, 5, 5): "Kiểm kê tài sản"})
    got = meeting_day(2031, 5, DayRule(), off)
    assert (got.date, got.status) == (None, "conflict")
    assert [d for d, _ in got.days_off] == [D(2031, 5, 3), D(2031, 5, 4), D(2031, 5, 5)]
    assert off.reason(D(2031, 5, 6)) is None


@pytest.mark.parametrize("year,month,expected,status,skipped_days", [
    (2024, 1, D(2024, 1, 10), "on_day", []),                                # Wed
    (2024, 8, D(2024, 8, 12), "moved", [D(2024, 8, 10), D(2024, 8, 11)]),  # Sat, Sun
    # Tết 2024: Sat 10/2 (Mùng một), Sun 11/2, Mon 12/2 (Mùng ba): all off.
    (2024, 2, None, "conflict", [D(2024, 2, 10), D(2024, 2, 11), D(2024, 2, 12)]),
    (2025, 5, D(2025, 5, 12), "moved", [D(2025, 5, 10), D(2025, 5, 11)]),
])
def test_custom_base_and_latest_day(year, month, expected, status, skipped_days):
    got = meeting_day(year, month, DayRule(10, 12), DaysOff())
    assert (got.date, got.status, [d for d, _ in got.days_off]) == (expected, status, skipped_days)


def test_single_day_window():
    got = meeting_day(2024, 1, DayRule(1, 1), DaysOff())
    assert (got.date, got.status, got.days_off) == (None, "conflict",
                                                    [(D(2024, 1, 1), "Tết Dương lịch")])


@pytest.mark.parametrize("base,latest", [(0, 5), (6, 5), (3, 29), (29, 29), (-1, 2)])
def test_rule_rejects_bad_days(base, latest):
    with pytest.raises(ValueError) as err:
        DayRule(base, latest)
    message = str(err.value)
    assert "không hợp lệ" in message and f"({base})" in message and f"({latest})" in message


@pytest.mark.parametrize("base,latest", [(1, 1), (28, 28), (1, 28), (3, 5)])
def test_rule_accepts_boundaries(base, latest):
    assert DayRule(base, latest).window(2024, 2)[-1] == D(2024, 2, latest)


def test_rule_rejects_non_integers():
    with pytest.raises(ValueError, match="số nguyên"):
        DayRule(3.5, 5)


def test_to_json_matches_the_cli_contract():
    data = json.loads(json.dumps([s.to_json() for s in year_schedule(2025)], ensure_ascii=False))
    assert len(data) == 12
    assert all(list(o) == ["month", "date", "status", "days_off"] for o in data)
    assert [o["month"] for o in data] == list(range(1, 13))
    assert data[4] == {"month": 5, "date": "2025-05-05", "status": "moved",
                       "days_off": [{"date": "2025-05-03", "name": "Thứ Bảy"},
                                    {"date": "2025-05-04", "name": "Chủ nhật"}]}
    assert data[0] == {"month": 1, "date": "2025-01-03", "status": "on_day", "days_off": []}


def test_to_json_of_a_conflict_has_null_date():
    got = meeting_day(2030, 2, DayRule(), DaysOff()).to_json()
    assert got["date"] is None
    assert json.dumps(got, ensure_ascii=False).startswith(
        '{"month": 2, "date": null, "status": "conflict", "days_off": [{"date": "2030-02-03", '
        '"name": "Mùng hai Tết Nguyên Đán"}')


def test_explain_in_vietnamese():
    moved = meeting_day(2024, 2, DayRule(), DaysOff())
    assert explain(moved) == ("Thứ Hai 05/02/2024: dời ngày, do nghỉ: 03/02/2024 (Thứ Bảy); "
                              "04/02/2024 (Chủ nhật)")
    assert explain(meeting_day(2024, 1)) == "Thứ Tư 03/01/2024: đúng ngày quy định"
    conflict = explain(meeting_day(2030, 2))
    assert conflict.startswith("Xung đột: các ngày 3 đến 5 đều là ngày nghỉ")
    assert "bất khả kháng" in conflict


def test_check_held_date():
    feb = meeting_day(2024, 2)  # Mon 5/2/2024
    assert check_held_date(D(2024, 2, 5), feb) is None
    flag = check_held_date(D(2024, 2, 6), feb, "Bí thư đi công tác")
    assert flag == ("Sinh hoạt ngày 06/02/2024, không đúng ngày quy định 05/02/2024. "
                    "Lý do: Bí thư đi công tác")
    assert check_held_date(D(2024, 2, 6), feb, "  ").endswith("Chưa ghi lý do.")
    conflict = meeting_day(2030, 2)
    flag = check_held_date(D(2030, 2, 6), conflict, "Bất khả kháng: nghỉ Tết")
    assert "06/02/2030" in flag and "Bất khả kháng: nghỉ Tết" in flag
    assert check_held_date(D(2030, 2, 6), conflict).endswith("Chưa ghi lý do.")


def test_english_ui_keeps_vietnamese_holiday_names():
    i18n.set_language("en")
    got = meeting_day(2024, 9)
    assert got.days_off == [(D(2024, 9, 3), "Quốc khánh")]
    assert explain(got) == "Wednesday 2024-09-04: moved, days off: 2024-09-03 (Quốc khánh)"


def test_month_schedule_is_plain_data():
    s = MonthSchedule(3, D(2024, 3, 4), "moved", [(D(2024, 3, 3), SUN)], 2024)
    assert s.to_json()["days_off"] == [{"date": "2024-03-03", "name": "Chủ nhật"}]


def test_public_holidays_disk_cache_gives_the_same_days_without_the_package(tmp_path, monkeypatch):
    """The desktop app keeps computed holidays between runs; read back, they are identical,
    and a read from the file does not need the holidays package at all."""
    import builtins

    from app.rules import calendar as cal

    path = tmp_path / "public-holidays.json"
    try:
        cal.use_disk_cache(path)
        first = cal.DaysOff().public_holidays(2026)
        assert path.exists()
        cal._disk.data = None                  # as a new process would
        cal.clear_holiday_cache()
        real_import = builtins.__import__

        def no_holidays(name, *args, **kwargs):
            if name == "holidays":
                raise AssertionError("the holidays package was used")
            return real_import(name, *args, **kwargs)
        monkeypatch.setattr(builtins, "__import__", no_holidays)
        again = cal.DaysOff().public_holidays(2026)
        assert again == first and (date(2026, 2, 17), "Tết Nguyên Đán") in again
        schedule = cal.year_schedule(2026)
        assert schedule[1].date == date(2026, 2, 3)
    finally:
        monkeypatch.undo()
        cal._disk.path = cal._disk.data = None   # back to no disk cache
        cal.clear_holiday_cache()


def test_public_holidays_disk_cache_keeps_each_installation_s_entries(tmp_path, monkeypatch):
    """The built program and a source install share the cache folder but not the holidays
    package file: starting one must not throw away the other's entries."""
    from app.rules import calendar as cal

    path = tmp_path / "public-holidays.json"
    computed = []
    real_put = cal._DiskCache.put

    def put(self, *args):
        computed.append(self.stamp)             # only a year computed by the package is put
        real_put(self, *args)
    monkeypatch.setattr(cal._DiskCache, "put", put)
    try:
        for stamp in ("source", "built", "source", "built"):
            monkeypatch.setattr(cal._DiskCache, "_stamp", staticmethod(lambda s=stamp: s))
            cal.use_disk_cache(path)              # a new process of that installation
            assert (date(2026, 9, 2), "Quốc khánh") in cal.DaysOff().public_holidays(2026)
        assert computed == ["source", "built"]
    finally:
        cal._disk.path = cal._disk.data = None
        cal.clear_holiday_cache()
