"""Year plan checks (DOMAIN.md §1, §2, §6): thematic meetings per quarter, drafters, combined sittings,
regular meetings off the rule's day, quarter compliance."""
from __future__ import annotations

from datetime import date as D

import pytest

from app import i18n
from app.rules.calendar import DayRule, DaysOff
from app.rules.plan import (
    QUARTER_STATUS_LABELS, TOPIC_GROUP_IDS, TOPIC_GROUPS, MemberStatus, PlannedMeeting,
    plan_warnings, quarter_compliance, topic_group_name,
)

# Regular meeting days of 2024 worked out by hand (weekday of the 3rd, National Day on Tue 3/9).
RULE_DAYS_2024 = [D(2024, 1, 3), D(2024, 2, 5), D(2024, 3, 4), D(2024, 4, 3), D(2024, 5, 3),
                  D(2024, 6, 3), D(2024, 7, 3), D(2024, 8, 5), D(2024, 9, 4), D(2024, 10, 3),
                  D(2024, 11, 4), D(2024, 12, 3)]

MEMBERS = {
    "lan": MemberStatus("lan", "Lê Thị Lan"),
    "minh": MemberStatus("minh", "Trần Văn Minh", left_on=D(2024, 8, 1)),
    "hoa": MemberStatus("hoa", "Nguyễn Thị Hoa", exempt=((D(2024, 10, 1), D(2024, 12, 31)),)),
    "binh": MemberStatus("binh", "Phạm Văn Bình", exempt=((D(2024, 5, 1), None),)),
}


def regulars(year_days=RULE_DAYS_2024):
    return [PlannedMeeting(f"r{d.month}", "regular", d) for d in year_days]


def thematics():
    return [
        PlannedMeeting("t1", "thematic", D(2024, 2, 20), title="Học tập Chỉ thị 05",
                       topic_group="ho_chi_minh", drafter_id="lan"),
        PlannedMeeting("t2", "thematic", D(2024, 5, 15), title="Chi bộ kiểu mẫu",
                       topic_group="party_building", drafter_id="lan"),
        PlannedMeeting("t3", "thematic", D(2024, 7, 17), title="Y đức",
                       topic_group="professional", drafter_id="minh"),
        PlannedMeeting("t4", "thematic", D(2024, 11, 20), title="Truyền thống nhà trường",
                       topic_group="traditions", drafter_id="lan"),
    ]


def codes(warnings):
    return [(w.code, w.quarter, w.item_id) for w in warnings]


def test_eight_topic_groups_with_vietnamese_names():
    assert len(TOPIC_GROUPS) == 8 and len(set(TOPIC_GROUP_IDS)) == 8
    assert topic_group_name("ho_chi_minh") == (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    assert topic_group_name("other") == "Nội dung khác theo đặc điểm của chi bộ"
    assert topic_group_name("degradation").endswith("“tự diễn biến”, “tự chuyển hóa”")
    for group in TOPIC_GROUPS:
        assert topic_group_name(group.id) != group.name, group.id  # translated
    i18n.set_language("en")
    assert topic_group_name("other") == "Other topics suited to the cell"
    assert topic_group_name("nope") == "nope"


def test_a_complete_plan_has_no_warnings():
    assert plan_warnings(2024, regulars() + thematics(), MEMBERS, D(2024, 1, 2)) == []


@pytest.mark.parametrize("drop,quarter", [("t1", 1), ("t2", 2), ("t3", 3), ("t4", 4)])
def test_quarter_without_thematic(drop, quarter):
    items = regulars() + [t for t in thematics() if t.id != drop]
    got = plan_warnings(2024, items, MEMBERS, D(2024, 1, 2))
    assert codes(got) == [("no_thematic", quarter, None)]
    assert got[0].message == (f"Quý {quarter}: chưa có kế hoạch sinh hoạt chuyên đề "
                              "(mỗi quý ít nhất một lần).")


def test_cancelled_thematic_does_not_count_but_undated_one_with_quarter_does():
    items = thematics()
    items[1].status, items[1].cancel_reason = "cancelled", "Trùng lịch thi"
    undated = PlannedMeeting("t3b", "thematic", None, quarter=2, drafter_id="lan")
    got = plan_warnings(2024, regulars() + items, MEMBERS, D(2024, 1, 2))
    assert codes(got) == [("no_thematic", 2, None)]
    got = plan_warnings(2024, regulars() + items + [undated], MEMBERS, D(2024, 1, 2))
    assert codes(got) == []


def test_thematic_of_another_year_does_not_fill_a_quarter():
    items = [t for t in thematics() if t.id != "t1"]
    items.append(PlannedMeeting("old", "thematic", D(2023, 2, 20), drafter_id="lan"))
    assert codes(plan_warnings(2024, regulars() + items, MEMBERS)) == [("no_thematic", 1, None)]


@pytest.mark.parametrize("left_on,expect", [
    (D(2024, 7, 1), ["drafter_left"]),
    (D(2024, 7, 17), ["drafter_left"]),   # left on the planned day: no longer a member that day
    (D(2024, 7, 18), []),
    (None, []),
])
def test_drafter_who_left(left_on, expect):
    members = dict(MEMBERS, minh=MemberStatus("minh", "Trần Văn Minh", left_on=left_on))
    got = plan_warnings(2024, regulars() + thematics(), members, D(2024, 1, 2))
    assert [w.code for w in got] == expect
    if expect:
        assert got[0].item_id == "t3" and got[0].quarter == 3
        assert got[0].message == ("“Y đức” (17/07/2024): đồng chí Trần Văn Minh (chuẩn bị chuyên "
                                  "đề) không còn sinh hoạt tại chi bộ vào ngày 17/07/2024.")


@pytest.mark.parametrize("drafter,day,expect", [
    ("hoa", D(2024, 11, 20), ["drafter_exempt"]),
    ("hoa", D(2024, 10, 1), ["drafter_exempt"]),    # first day of the exemption
    ("hoa", D(2024, 12, 31), ["drafter_exempt"]),   # last day of the exemption
    ("hoa", D(2024, 9, 30), []),
    ("binh", D(2024, 11, 20), ["drafter_exempt"]),  # open-ended exemption
    ("binh", D(2024, 4, 30), []),
    ("ghost", D(2024, 11, 20), ["drafter_unknown"]),
    (None, D(2024, 11, 20), ["no_drafter"]),
])
def test_drafter_status_on_the_planned_day(drafter, day, expect):
    items = [t for t in thematics() if t.id != "t4"]
    q = (day.month - 1) // 3 + 1
    items.append(PlannedMeeting("x", "thematic", day, title="Chuyên đề", drafter_id=drafter))
    got = [w for w in plan_warnings(2024, regulars() + items, MEMBERS, D(2024, 1, 2))
           if w.code != "no_thematic"]
    assert [(w.code, w.item_id, w.quarter) for w in got] == [(c, "x", q) for c in expect]


def test_exempt_drafter_message():
    items = thematics()
    items[3].drafter_id = "hoa"
    got = plan_warnings(2024, regulars() + items, MEMBERS)
    assert [w.message for w in got] == [
        "“Truyền thống nhà trường” (20/11/2024): đồng chí Nguyễn Thị Hoa (chuẩn bị chuyên đề) "
        "được miễn công tác và sinh hoạt đảng vào ngày 20/11/2024."]


def test_undated_thematic_uses_today_for_the_drafter():
    items = [t for t in thematics() if t.id != "t4"]
    items.append(PlannedMeeting("x", "thematic", None, quarter=4, drafter_id="hoa"))
    assert [w.code for w in plan_warnings(2024, regulars() + items, MEMBERS, D(2024, 9, 1))] == []
    assert [w.code for w in plan_warnings(2024, regulars() + items, MEMBERS, D(2024, 10, 2))] == [
        "drafter_exempt"]


def test_held_thematic_is_not_checked_for_its_drafter():
    items = thematics()
    items[2].drafter_id, items[2].planned_date, items[2].status = "minh", D(2024, 8, 20), "held"
    assert plan_warnings(2024, regulars() + items, MEMBERS) == []


def test_combined_sitting_is_reported_as_information():
    items = regulars() + thematics()
    items[3].combined, items[3].combined_order = True, 1          # regular, Wed 3/4/2024
    items.append(PlannedMeeting("t2b", "thematic", D(2024, 4, 3), title="Nghị quyết 21",
                                drafter_id="lan", combined=True, combined_order=2))
    got = plan_warnings(2024, items, MEMBERS, D(2024, 1, 2))
    assert codes(got) == [("combined", 2, "t2b")]
    assert got[0].level == "info"
    assert got[0].message == ("03/04/2024: sinh hoạt thường kỳ kết hợp sinh hoạt chuyên đề trong "
                              "cùng một buổi: thực hiện lần lượt, không lồng ghép, tổng thời gian "
                              "tối thiểu 120 phút.")
    got = plan_warnings(2024, items, MEMBERS, D(2024, 1, 2), combined_minutes=150)
    assert "tối thiểu 150 phút" in got[0].message


def test_combined_sitting_problems():
    items = regulars() + thematics()
    items[3].combined, items[3].combined_order = True, 1
    items.append(PlannedMeeting("t2b", "thematic", D(2024, 4, 3), drafter_id="lan",
                                combined=True, combined_order=1))
    assert [w.code for w in plan_warnings(2024, items, MEMBERS)] == ["combined_order", "combined"]
    # A regular meeting marked combined with no thematic meeting that day.
    items = regulars() + thematics()
    items[0].combined = True
    got = plan_warnings(2024, items, MEMBERS)
    assert codes(got) == [("combined_alone", 1, "r1")]


@pytest.mark.parametrize("planned,reason,expect", [
    (D(2024, 2, 5), None, []),
    (D(2024, 2, 6), None, ["off_rule_no_reason"]),
    (D(2024, 2, 6), "Trùng lịch thi học kỳ", []),
    (D(2024, 2, 6), "   ", ["off_rule_no_reason"]),
    (D(2024, 2, 3), None, ["off_rule_no_reason"]),   # a Saturday, before the rule's day
])
def test_regular_meeting_off_the_rule(planned, reason, expect):
    items = regulars()
    items[1] = PlannedMeeting("r2", "regular", planned, off_rule_reason=reason)
    got = plan_warnings(2024, items + thematics(), MEMBERS)
    assert [(w.code, w.item_id, w.quarter) for w in got] == [(c, "r2", 1) for c in expect]
    if expect:
        assert got[0].message == (f"Sinh hoạt thường kỳ ngày {planned:%d/%m/%Y}, không đúng ngày quy "
                                  "định 05/02/2024, chưa ghi lý do.")


def test_cancelled_regular_is_not_checked():
    items = regulars()
    items[1] = PlannedMeeting("r2", "regular", D(2024, 2, 9), status="cancelled",
                              cancel_reason="Nghỉ Tết")
    assert plan_warnings(2024, items + thematics(), MEMBERS) == []


def test_conflict_month_needs_a_reason():
    # Feb 2030: 3rd–5th are Tết (Sun, Mon, Tue) so any date needs a reason.
    plan = [PlannedMeeting("t", "thematic", D(2030, m, 20), drafter_id="lan") for m in (2, 5, 8, 11)]
    item = PlannedMeeting("r2", "regular", D(2030, 2, 11))
    got = plan_warnings(2030, plan + [item], MEMBERS)
    assert codes(got) == [("conflict_no_reason", 1, "r2")]
    assert "các ngày 3 đến 5 của tháng đều là ngày nghỉ" in got[0].message
    item.off_rule_reason = "Bất khả kháng: nghỉ Tết Nguyên Đán"
    assert plan_warnings(2030, plan + [item], MEMBERS) == []


def test_custom_rule_and_org_days_off_are_used():
    rule = DayRule(10, 12)
    items = [PlannedMeeting("a", "regular", D(2024, 1, 10)), PlannedMeeting("b", "regular", D(2024, 1, 3))]
    got = plan_warnings(2024, items + thematics(), MEMBERS, rule=rule)
    assert codes(got) == [("off_rule_no_reason", 1, "b")]
    off = DaysOff(extra_off={D(2024, 6, 3): "Nghỉ mát"})
    items = [PlannedMeeting("c", "regular", D(2024, 6, 4))]
    assert plan_warnings(2024, items + thematics(), MEMBERS, days_off=off) == []
    assert codes(plan_warnings(2024, items + thematics(), MEMBERS)) == [("off_rule_no_reason", 2, "c")]


Q1_HELD = [D(2024, 3, 20), D(2023, 5, 1), D(2025, 5, 1)]   # other years' meetings do not count


@pytest.mark.parametrize("held,today,expected", [
    (Q1_HELD, D(2024, 5, 10), {1: "held", 2: "pending", 3: "pending", 4: "pending"}),
    (Q1_HELD, D(2024, 6, 1), {1: "held", 2: "warn_last_month", 3: "pending", 4: "pending"}),
    (Q1_HELD, D(2024, 6, 30), {1: "held", 2: "warn_last_month", 3: "pending", 4: "pending"}),
    (Q1_HELD, D(2024, 7, 1), {1: "held", 2: "missing", 3: "pending", 4: "pending"}),
    (Q1_HELD + [D(2024, 9, 18)], D(2024, 12, 31),
     {1: "held", 2: "missing", 3: "held", 4: "warn_last_month"}),
    (Q1_HELD + [D(2024, 9, 18)], D(2025, 1, 1), {1: "held", 2: "missing", 3: "held", 4: "missing"}),
    ([], D(2023, 12, 1), {1: "pending", 2: "pending", 3: "pending", 4: "pending"}),
    ([], D(2024, 3, 31), {1: "warn_last_month", 2: "pending", 3: "pending", 4: "pending"}),
])
def test_quarter_compliance(held, today, expected):
    assert quarter_compliance(2024, held, today) == expected


def test_quarter_status_labels_are_translated():
    assert i18n._(QUARTER_STATUS_LABELS["missing"]) == "Không tổ chức"
    assert i18n._(QUARTER_STATUS_LABELS["warn_last_month"]) == (
        "Tháng cuối quý: chưa tổ chức sinh hoạt chuyên đề")
