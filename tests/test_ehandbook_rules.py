"""Monthly e-handbook points (DOMAIN.md §3): validation, the members × months grid, summaries.
Also checks that every UI string of the calendar, plan and e-handbook rules has a Vietnamese
translation."""
from __future__ import annotations

from datetime import date as D
from pathlib import Path

import pytest

from app.rules.ehandbook import (
    DEFAULT_THRESHOLD, PointsError, ehandbook_year, member_counts, parse_points, validate_threshold,
)
from app.rules.plan import MemberStatus

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("typed,value", [
    ("20", 20.0), ("20,5", 20.5), ("20.5", 20.5), (" 7 ", 7.0), ("12", 12.0),
    ("0", 0.0), ("0,0", 0.0), ("1000", 1000.0), (",5", 0.5), ("25.", 25.0),
    (15, 15.0), (19.5, 19.5), ("", None), ("   ", None), (None, None), ("\u00a020,5", 20.5),
])
def test_points_accepted(typed, value):
    assert parse_points(typed) == value


@pytest.mark.parametrize("typed,message", [
    ("-1", "Điểm phải từ 0 đến 1000: -1."),
    ("1000,5", "Điểm phải từ 0 đến 1000: 1000,5."),
    (1001, "Điểm phải từ 0 đến 1000: 1001."),
    ("abc", "Điểm phải là một số (ví dụ 20 hoặc 20,5): “abc”."),
    ("1.000,5", "Điểm phải là một số (ví dụ 20 hoặc 20,5): “1.000,5”."),
    ("20,5,1", "Điểm phải là một số (ví dụ 20 hoặc 20,5): “20,5,1”."),
    ("1e3", "Điểm phải là một số (ví dụ 20 hoặc 20,5): “1e3”."),
    ("20 5", "Điểm phải là một số (ví dụ 20 hoặc 20,5): “20 5”."),
    ("20 điểm", "Điểm phải là một số (ví dụ 20 hoặc 20,5): “20 điểm”."),
    (float("nan"), "Điểm phải là một số (ví dụ 20 hoặc 20,5): “nan”."),
    (True, "Điểm phải là một số (ví dụ 20 hoặc 20,5): “True”."),
])
def test_points_rejected_with_vietnamese_message(typed, message):
    with pytest.raises(PointsError) as err:
        parse_points(typed)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)


def test_points_limit_is_a_parameter():
    assert parse_points("100", max_points=100) == 100.0
    with pytest.raises(PointsError, match="từ 0 đến 100: 150"):
        parse_points("150", max_points=100)


def test_threshold_setting():
    assert DEFAULT_THRESHOLD == 20.0
    assert validate_threshold("25,5") == 25.5
    for bad in ("", "abc", "1001", None):
        with pytest.raises(PointsError) as err:
            validate_threshold(bad)
        assert str(err.value) == "Ngưỡng điểm tối thiểu hằng tháng phải là một số từ 0 đến 1000."


@pytest.mark.parametrize("member,month,counts", [
    (MemberStatus("x", exempt=((D(2024, 1, 31), D(2024, 1, 31)),)), 1, False),  # one day is enough
    (MemberStatus("x", exempt=((D(2024, 1, 31), D(2024, 1, 31)),)), 2, True),
    (MemberStatus("x", exempt=((D(2024, 2, 1), None),)), 1, True),
    (MemberStatus("x", exempt=((D(2024, 2, 1), None),)), 12, False),           # open-ended
    (MemberStatus("x", joined_on=D(2024, 3, 1)), 3, True),
    (MemberStatus("x", joined_on=D(2024, 3, 2)), 3, False),                    # not the whole month
    (MemberStatus("x", joined_on=D(2024, 3, 2)), 2, False),
    (MemberStatus("x", left_on=D(2024, 4, 1)), 3, True),
    (MemberStatus("x", left_on=D(2024, 4, 1)), 4, False),
    (MemberStatus("x", left_on=D(2024, 3, 31)), 3, False),
    (MemberStatus("x", left_on=D(2024, 3, 31)), 12, False),
])
def test_member_counts_for_a_month(member, month, counts):
    assert member_counts(member, 2024, month) is counts


MEMBERS = [
    MemberStatus("a", "Lê Thị Lan"),
    MemberStatus("b", "Nguyễn Thị Hoa", exempt=((D(2024, 3, 15), D(2024, 5, 10)),)),
    MemberStatus("c", "Phạm Văn Bình", joined_on=D(2024, 4, 2)),
    MemberStatus("d", "Trần Văn Minh", left_on=D(2024, 7, 1)),
]


def sample_points():
    points = {(m.id, month): 30.0 for m in MEMBERS for month in range(1, 13)}
    points.update({("a", 2): 19.5, ("a", 3): 20.0, ("b", 3): 5.0, ("c", 4): 40.0, ("c", 5): 10.0,
                   ("d", 6): 20.0, ("d", 7): 50.0})
    del points[("a", 4)]
    return points


def test_grid_statuses():
    got = ehandbook_year(2024, MEMBERS, sample_points())
    status = {k: c.status for k, c in got.cells.items()}
    assert len(got.cells) == 48
    assert status[("a", 2)] == "below" and got.cells[("a", 2)].points == 19.5
    assert status[("a", 3)] == "ok"                # exactly the threshold
    assert status[("a", 4)] == "missing" and got.cells[("a", 4)].points is None
    assert [status[("b", m)] for m in (2, 3, 4, 5, 6)] == [
        "ok", "not_applicable", "not_applicable", "not_applicable", "ok"]
    assert got.cells[("b", 3)].points == 5.0       # typed points are kept, just not judged
    assert [status[("c", m)] for m in (3, 4, 5, 6)] == ["not_applicable", "not_applicable",
                                                        "below", "ok"]
    assert [status[("d", m)] for m in (6, 7, 12)] == ["ok", "not_applicable", "not_applicable"]
    assert got.flagged() == [("a", 2), ("c", 5)]
    assert got.flagged("missing") == [("a", 4)]


def test_month_and_year_summaries():
    got = ehandbook_year(2024, MEMBERS, sample_points())
    rows = [(s.month, s.applicable, s.at_or_above, s.below, s.missing, s.share, s.incomplete)
            for s in got.months]
    assert rows[:7] == [
        (1, 3, 3, 0, 0, 100.0, False),   # c not yet a member
        (2, 3, 2, 1, 0, 66.7, False),
        (3, 2, 2, 0, 0, 100.0, False),   # b exempted, c not yet a member
        (4, 2, 1, 0, 1, 50.0, True),     # a's points missing
        (5, 3, 2, 1, 0, 66.7, False),    # b exempted until 10/5, c below
        (6, 4, 4, 0, 0, 100.0, False),
        (7, 3, 3, 0, 0, 100.0, False),   # d left on 1/7
    ]
    assert all(s.due for s in got.months)
    # 35 counted member-months, 32 at or above 20.
    assert (got.member_months, got.member_months_ok, got.share) == (35, 32, 91.4)


def test_threshold_is_a_parameter():
    got = ehandbook_year(2024, MEMBERS, sample_points(), threshold=30.0)
    assert got.threshold == 30.0
    assert got.flagged() == [("a", 2), ("a", 3), ("c", 5), ("d", 6)]
    assert (got.member_months, got.member_months_ok, got.share) == (35, 30, 85.7)


@pytest.mark.parametrize("today,may_due", [(D(2024, 5, 31), False), (D(2024, 6, 1), True)])
def test_months_not_ended_are_not_due(today, may_due):
    points = sample_points()
    points.pop(("b", 6))
    points.pop(("c", 5))
    got = ehandbook_year(2024, MEMBERS, points, today=today)
    may, june = got.months[4], got.months[5]
    assert may.due is may_due and june.due is False
    assert got.cells[("c", 5)].status == ("missing" if may_due else "not_due")
    assert got.cells[("b", 6)].status == "not_due"
    assert june.incomplete is False and may.incomplete is may_due
    # Jan–Apr: 10 member-months, 8 ok; May adds 3 (a, d ok; c missing) when due.
    assert (got.member_months, got.member_months_ok) == ((13, 10) if may_due else (10, 8))


def test_nobody_counts():
    got = ehandbook_year(2024, [MemberStatus("z", exempt=((D(2023, 1, 1), None),))], {})
    assert all(s.share is None and s.applicable == 0 and not s.incomplete for s in got.months)
    assert got.share is None


@pytest.mark.parametrize("module", ["app/rules/calendar.py", "app/rules/plan.py",
                                    "app/rules/ehandbook.py"])
def test_every_ui_string_has_a_vietnamese_translation(module):
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    with open(ROOT / "i18n/vi/LC_MESSAGES/chibo.po", "rb") as fh:
        catalog = read_po(fh)
    ids = [m for _, m, _, _ in extract_from_file(
        "python", ROOT / module, keywords={"_": None, "N_": None})]
    assert ids
    untranslated = [m for m in ids if not (catalog.get(m) and catalog.get(m).string)]
    assert untranslated == []


def test_months_before_the_records_begin_are_not_missing():
    from app.rules.ehandbook import ehandbook_year

    members = [MemberStatus("a"), MemberStatus("b")]
    year = ehandbook_year(2026, members, {("a", 10): 25.0}, 20, today=D(2026, 11, 29),
                          since=D(2026, 10, 1))
    assert year.cells[("a", 9)].status == "not_due"       # before the cell was in chibo
    assert year.cells[("b", 10)].status == "missing"      # October is on record
    assert [m.month for m in year.months if m.incomplete] == [10]
    assert year.share == 50.0
    without = ehandbook_year(2026, members, {("a", 10): 25.0}, 20, today=D(2026, 11, 29))
    assert without.cells[("a", 9)].status == "missing"
