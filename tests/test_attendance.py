"""Attendance base, voting base, vote results and durations (DOMAIN.md, 'Facts from public sources')."""
import datetime as dt

import pytest

from app.rules.attendance import (Member, Presence, attendance_figures, duration_check, percent,
                                  vote_result)
from app.rules.attendance import TimeError, parse_clock


P = Presence("present")
AR = Presence("absent_reason", reason="Đi công tác")
AN = Presence("absent_no_reason")


def full(i, **kw):
    return Member(f"f{i}", f"Đảng viên Chính Thức {i}", "full", **kw)


def prob(i, **kw):
    return Member(f"p{i}", f"Đảng viên Dự Bị {i}", "probationary", **kw)


def codes(figures):
    return {w.code for w in figures.warnings}


def test_the_record_example_25_on_roll_23_in_base_21_present():
    # 22 full (one exempted, one meeting elsewhere), 2 probationary, 1 full member here temporarily.
    members = ([full(i) for i in range(20)] + [full(20, exempted=True), full(21, elsewhere=True)]
               + [prob(0), prob(1)] + [Member("t0", "Khách Tạm Thời", "full", temporary_here=True)])
    roll = {m.id: P for m in members}
    roll["f0"] = Presence("absent_reason", reason="Đi công tác")
    roll["f1"] = AN
    del roll["f20"], roll["f21"]
    f = attendance_figures(members, roll)
    assert (f.on_roll, f.base, f.present, f.rate) == (25, 23, 21, 91.3)
    assert (f.full, f.probationary, f.temporary) == (22, 2, 1)
    # 22 full of this cell − 1 exempted absent − 1 elsewhere; the temporary member votes at home.
    assert (f.voting_base, f.voting_present) == (20, 18)
    assert f.absent_with_reason == (("Đảng viên Chính Thức 0", "Đi công tác"),)
    assert f.absent_without_reason == ("Đảng viên Chính Thức 1",)
    assert f.exempted == ("Đảng viên Chính Thức 20",) and f.elsewhere == ("Đảng viên Chính Thức 21",)
    assert codes(f) == {"absent_no_reason"}
    record = f.as_record()
    assert record["attendance"]["absent_with_reason"] == [{"name": "Đảng viên Chính Thức 0", "reason": "Đi công tác"}]
    assert record["voting"] == {"base": 20, "present": 18}
    assert record["attendance"]["rate"] == 91.3


@pytest.mark.parametrize("members, roll, expect", [
    # probationary members: in the attendance base, never in the voting base
    ([full(0), full(1), prob(0), prob(1)], {"f0": P, "f1": P, "p0": P, "p1": P},
     dict(base=4, present=4, voting_base=2, voting_present=2)),
    # an exempted member who is absent: out of both bases
    ([full(0), full(1), full(2, exempted=True)], {"f0": P, "f1": P, "f2": AR},
     dict(base=2, present=2, voting_base=2, voting_present=2, present_not_counted=())),
    # an exempted member who comes anyway: present but not counted; in the voting base and votes
    ([full(0), full(1), full(2, exempted=True)], {"f0": P, "f1": P, "f2": P},
     dict(base=2, present=2, rate=100.0, voting_base=3, voting_present=3,
          present_not_counted=("Đảng viên Chính Thức 2",))),
    # a member meeting elsewhere: out of both bases even if they turn up
    ([full(0), full(1), full(2, elsewhere=True)], {"f0": P, "f1": P, "f2": P},
     dict(base=2, present=2, voting_base=2, voting_present=2, present_not_counted=("Đảng viên Chính Thức 2",))),
    # officially excused and absent: absent with reason for attendance, out of the voting base
    ([full(0), full(1), full(2, excused=True)], {"f0": P, "f1": P, "f2": AR},
     dict(base=3, present=2, rate=66.7, voting_base=2, voting_present=2)),
    # a full member absent with a reason (not excused) stays in the voting base
    ([full(0), full(1), full(2)], {"f0": P, "f1": P, "f2": AR},
     dict(base=3, present=2, voting_base=3, voting_present=2)),
    # zero members
    ([], {}, dict(on_roll=0, base=0, present=0, rate=None, voting_base=0, voting_present=0)),
])
def test_bases(members, roll, expect):
    f = attendance_figures(members, roll)
    for key, value in expect.items():
        assert getattr(f, key) == value, key


def test_temporary_members_vote_only_when_the_setting_says_so():
    members = [full(0), full(1), Member("t", "Tạm Thời", "full", temporary_here=True)]
    roll = {"f0": P, "f1": P, "t": P}
    assert attendance_figures(members, roll).voting_base == 2
    assert attendance_figures(members, roll, temporary_vote=True).voting_base == 3
    assert attendance_figures(members, roll).base == 3  # always in the attendance base


@pytest.mark.parametrize("present, base, rate, warns", [
    (17, 20, 85.0, True),      # exactly 85%: at or below warns
    (57, 67, 85.1, False),     # 85.07% shows 85.1: above
    (341, 401, 85.0, False),   # 85.04%: shown 85.0 but above 85% exactly (the rule compares exactly)
    (16, 20, 80.0, True),
    (20, 20, 100.0, False),
    (0, 1, 0.0, True),
    (2, 3, 66.7, True),        # rounding half up
])
def test_rate_threshold(present, base, rate, warns):
    members = [full(i) for i in range(base)]
    roll = {m.id: (P if i < present else AR) for i, m in enumerate(members)}
    f = attendance_figures(members, roll)
    assert f.rate == rate
    assert ("low_rate" in codes(f)) is warns


def test_low_rate_message_is_vietnamese_with_a_decimal_comma():
    members = [full(i) for i in range(3)]
    f = attendance_figures(members, {"f0": P, "f1": P, "f2": AR})
    msg = next(w.message for w in f.warnings if w.code == "low_rate")
    assert msg == "Tỷ lệ đảng viên dự họp chỉ đạt 66,7% (chưa trên 85%)."


def test_threshold_is_a_parameter():
    members = [full(i) for i in range(10)]
    roll = {m.id: (P if i < 9 else AR) for i, m in enumerate(members)}
    assert "low_rate" not in codes(attendance_figures(members, roll))
    assert "low_rate" in codes(attendance_figures(members, roll, min_rate=90))


def test_half_up_percent():
    assert percent(1, 8) == 12.5 and percent(1, 16) == 6.3 and percent(0, 0) is None


def test_absence_without_reason_and_incomplete_roll_warn_by_name():
    members = [full(0), full(1), Member("x", "Trần Văn Bình"), Member("y", "Lê Thị An")]
    f = attendance_figures(members, {"f0": P, "f1": P, "x": AN})
    w = {w.code: w for w in f.warnings}
    assert w["absent_no_reason"].message == "Vắng mặt không có lý do: Trần Văn Bình."
    assert w["roll_incomplete"].names == ("Lê Thị An",)
    assert f.not_recorded == ("Lê Thị An",) and f.present == 2 and f.base == 4


@pytest.mark.parametrize("present, base, warns", [(10, 20, True), (11, 20, False), (0, 0, True),
                                                  (5, 9, False), (4, 9, True)])
def test_no_majority_possible(present, base, warns):
    members = [full(i) for i in range(base)]
    roll = {m.id: (P if i < present else AR) for i, m in enumerate(members)}
    assert ("no_majority" in codes(attendance_figures(members, roll))) is warns


def test_no_majority_counts_only_full_members():
    # 4 full + 6 probationary all present: the attendance is 100%, but only 4 may vote of 4.
    members = [full(i) for i in range(4)] + [prob(i) for i in range(6)]
    f = attendance_figures(members, {m.id: P for m in members})
    assert f.rate == 100.0 and "no_majority" not in codes(f) and f.voting_base == 4
    # 3 full absent: 1 of 4 voting members present
    f = attendance_figures(members, {**{m.id: P for m in members}, "f0": AR, "f1": AR, "f2": AR})
    w = next(w for w in f.warnings if w.code == "no_majority")
    assert w.message.startswith("Chỉ có 1/4 đảng viên chính thức") and "cần ít nhất 3 phiếu" in w.message


@pytest.mark.parametrize("history, today, warns", [
    (["absent_reason"] * 3, AR, True),                   # 4th in a row: more than 3
    (["absent_reason"] * 2, AR, False),                  # 3rd in a row: not more than 3
    (["absent_reason"] * 3 + ["present"], AR, False),    # the streak was broken
    (["present"] + ["absent_reason"] * 3, AR, True),
    (["absent_reason"] * 5, P, False),                   # present today
    ([AR, AR, AR], AR, True),                            # Presence objects work too
])
def test_absent_with_reason_more_than_three_times_in_a_row(history, today, warns):
    members = [full(i) for i in range(5)]
    roll = {m.id: P for m in members} | {"f4": today}
    f = attendance_figures(members, roll, history={"f4": history})
    assert ("reason_streak" in codes(f)) is warns
    if warns:
        w = next(w for w in f.warnings if w.code == "reason_streak")
        assert w.names == ("Đảng viên Chính Thức 4",) and "4 lần liên tiếp" in w.message


def test_late_and_left_early_are_listed():
    members = [full(0), full(1)]
    f = attendance_figures(members, {"f0": Presence("present", late="14:20"),
                                     "f1": Presence("present", left_early="15:30")})
    assert f.late == (("Đảng viên Chính Thức 0", "14:20"),)
    assert f.left_early == (("Đảng viên Chính Thức 1", "15:30"),)
    assert f.present == 2


def test_bad_status_is_refused():
    with pytest.raises(ValueError):
        Presence("maybe")
    with pytest.raises(ValueError):
        Member("a", "A", "candidate")


# --- votes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("for_, against, abstain, base, present, passed, needed", [
    (11, 0, 0, 20, 19, True, 11),   # smallest passing count for an even base
    (10, 0, 0, 20, 19, False, 11),  # a tie at exactly half fails
    (10, 10, 0, 20, 20, False, 11),
    (10, 0, 0, 19, 19, True, 10),   # odd base: floor(19/2)+1
    (9, 0, 0, 19, 19, False, 10),
    (7, 3, 2, 21, 12, False, 11),   # more than half of those present is not enough
    (1, 0, 0, 1, 1, True, 1),
    (0, 0, 0, 0, 0, False, 1),      # no voting members
    (0, 0, 0, 2, 2, False, 2),
])
def test_vote_rule(for_, against, abstain, base, present, passed, needed):
    r = vote_result(for_, against, abstain, base, present)
    assert (r.passed, r.needed, r.errors) == (passed, needed, ())


def test_vote_reasons_in_vietnamese():
    assert vote_result(11, 0, 0, 20, 19).reason == "Tán thành 11/20 (> 1/2 số đảng viên chính thức): thông qua"
    assert vote_result(10, 2, 0, 20, 19).reason == (
        "Tán thành 10/20 (không quá 1/2 số đảng viên chính thức, cần ít nhất 11): không thông qua")


def test_vote_with_probationary_members_present():
    # 10 full and 5 probationary, all present: 6 for passes, 5 for fails, whatever the 5 think.
    members = [full(i) for i in range(10)] + [prob(i) for i in range(5)]
    f = attendance_figures(members, {m.id: P for m in members})
    assert vote_result(6, 4, 0, f.voting_base, f.voting_present).passed
    assert not vote_result(5, 5, 0, f.voting_base, f.voting_present).passed
    # counting the probationary members' hands is an error: 15 votes, 10 voting members
    r = vote_result(11, 4, 0, f.voting_base, f.voting_present)
    assert not r.passed and r.errors == ("Tổng số phiếu là 15 nhưng chỉ có 10 đảng viên có quyền biểu quyết có mặt.",)


def test_vote_with_exempted_members():
    # 10 full, 2 of them exempted and absent: base 8, 5 passes.
    members = [full(i) for i in range(8)] + [full(8, exempted=True), full(9, exempted=True)]
    f = attendance_figures(members, {m.id: P for m in members[:8]})
    assert (f.voting_base, f.votes_needed) == (8, 5)
    assert vote_result(5, 3, 0, f.voting_base, f.voting_present).passed
    assert not vote_result(4, 4, 0, f.voting_base, f.voting_present).passed
    # one exempted member comes and votes: base 9, 5 still passes, 4 fails
    f = attendance_figures(members, {m.id: P for m in members[:9]})
    assert (f.voting_base, f.voting_present) == (9, 9)
    assert vote_result(5, 4, 0, f.voting_base, f.voting_present).passed


@pytest.mark.parametrize("args, message", [
    ((-1, 0, 0, 10, 10), "Số phiếu không được âm."),
    ((5, -2, 0, 10, 10), "Số phiếu không được âm."),
    ((8, 2, 1, 10, 10), "Tổng số phiếu là 11 nhưng chỉ có 10 đảng viên có quyền biểu quyết có mặt."),
    ((5, 0, 0, 8, 9), "Số đảng viên biểu quyết có mặt (9) lớn hơn số đảng viên có quyền biểu quyết (8)."),
])
def test_vote_errors_block(args, message):
    r = vote_result(*args)
    assert not r.passed and message in r.errors


# --- durations --------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, combined, minutes, ok", [
    ("14:00", "15:30", False, 90, True),
    ("14:00", "15:29", False, 89, False),
    ("14:00", "14:00", False, 0, False),
    ("14:00", "16:00", True, 120, True),
    ("14:00", "15:59", True, 119, False),
    ("07:30", "09:45", False, 135, True),
    (dt.time(14, 0), dt.time(15, 45), False, 105, True),
    (dt.datetime(2024, 4, 3, 14), dt.datetime(2024, 4, 3, 15, 45), False, 105, True),
])
def test_durations(start, end, combined, minutes, ok):
    d = duration_check(start, end, combined)
    assert (d.minutes, d.ok, d.error) == (minutes, ok, False)


def test_duration_messages():
    assert duration_check("14:00", "15:45").message == "105 phút: đủ thời gian (tối thiểu 90 phút)"
    assert duration_check("14:00", "15:20").message == "80 phút, ít hơn thời gian tối thiểu 90 phút: cần ghi lý do"
    assert duration_check("14:00", "15:50", combined=True).required == 120
    assert duration_check("14:00", "15:00", minimum=60).ok  # the minimum is a setting


@pytest.mark.parametrize("start, end, message", [
    ("15:00", "14:00", "Giờ kết thúc 14:00 sớm hơn giờ bắt đầu 15:00."),
    ("23:00", "00:30", "Giờ kết thúc 00:30 sớm hơn giờ bắt đầu 23:00."),
    (dt.datetime(2024, 4, 3, 23), dt.datetime(2024, 4, 4, 0, 40), "Buổi sinh hoạt không thể kéo dài qua nửa đêm."),
    ("hai giờ", "15:00", "“hai giờ” không phải là giờ (GG:PP)."),
])
def test_impossible_times_are_errors(start, end, message):
    d = duration_check(start, end)
    assert d.error and not d.ok and d.minutes is None and d.message == message


@pytest.mark.parametrize("typed, clock", [
    ("16:00", "16:00"), ("1600", "16:00"), ("16h", "16:00"), ("16H", "16:00"), ("16.00", "16:00"),
    ("16g", "16:00"), ("16g30", "16:30"), ("16 giờ 30", "16:30"), ("930", "09:30"), ("9:05", "09:05"),
    ("  ", ""), (None, "")])
def test_a_time_typed_the_usual_ways_reads_as_hh_mm(typed, clock):
    assert parse_clock(typed) == clock


@pytest.mark.parametrize("typed", ["25:00", "2500", "16:75", "24h", "chiều", "1:2:3", "12345",
                                   "9:5", "16", "16:", "1"])
def test_a_time_that_is_none_is_refused_in_vietnamese(typed):
    with pytest.raises(TimeError, match=f"“{typed}” không phải là giờ"):
        parse_clock(typed)
