"""The stored calendar and year plan (app.planning) on a real SQLite file.

Expected dates are worked out by hand from the 2025 calendar: the 3rd falls on Fri (Jan), Mon (Feb,
Mar, Nov), Thu (Apr, Jul), Sat (May), Tue (Jun), Sun (Aug), Wed (Sep, Dec), Fri (Oct); with the rule
"5th, at the latest the 7th": 5/1 is a Sunday, 5–7/4 are Sat, Sun and Giỗ Tổ Hùng Vương (Mon 7/4),
5–6/7 a weekend.
"""
import datetime as dt

import pytest

from app import planning
from app.cell import save_cell
from app.members import save_member
from app.model import Cell, Member
from app.planning import (add_org_day, add_thematic, day_rule, delete_plan_item, ensure_year_plan,
                          next_meeting, org_days, plan_items, plan_warnings_for, remove_org_day,
                          schedule, set_day_rule, thematic_compliance, update_plan_item, year_days)
from app.rules.calendar import DayRule
from app.store import open_store

D = dt.date


@pytest.fixture
def path(tmp_path):
    return tmp_path / "cell.sqlite"


@pytest.fixture
def store(path):
    with open_store(path) as s:
        save_cell(s, Cell(name="Chi bộ Khoa Y tế công cộng", parent_org="Đảng bộ Trường",
                          place_name="Thái Bình", default_time="14:00",
                          default_place="Phòng họp tầng 3 nhà A"))
        yield s


def _member(store, name, **kw):
    return save_member(store, Member(full_name=name, **kw), today=D(2025, 1, 1)).id


def _dates(months):
    return [(m.month, m.date, m.status) for m in months]


# --- the rule and the days off --------------------------------------------------------------

def test_default_rule_gives_the_2025_days(store):
    assert day_rule(store) == DayRule(3, 5)
    got = {m.month: (m.date, m.status) for m in schedule(store, 2025)}
    assert got[1] == (D(2025, 1, 3), "on_day")
    assert got[5] == (D(2025, 5, 5), "moved")
    assert got[8] == (D(2025, 8, 4), "moved")
    assert sum(s == "on_day" for _d, s in got.values()) == 10


def test_custom_rule_is_stored_and_used_after_reopening(path, store):
    set_day_rule(store, 5, 7)
    store.close()
    with open_store(path) as again:
        assert day_rule(again) == DayRule(5, 7)
        months = {m.month: m for m in schedule(again, 2025)}
    assert (months[1].date, months[1].status) == (D(2025, 1, 6), "moved")
    assert (months[2].date, months[2].status) == (D(2025, 2, 5), "on_day")
    assert months[4].status == "conflict" and months[4].date is None
    assert [d for d, _n in months[4].days_off] == [D(2025, 4, 5), D(2025, 4, 6), D(2025, 4, 7)]
    assert "Hùng Vương" in months[4].days_off[2][1]
    assert months[7].date == D(2025, 7, 7)


@pytest.mark.parametrize("base, latest", [(6, 5), (0, 3), (3, 29)])
def test_an_impossible_rule_is_refused_and_the_old_one_kept(store, base, latest):
    set_day_rule(store, 4, 6)
    with pytest.raises(ValueError, match="ngày"):
        set_day_rule(store, base, latest)
    assert day_rule(store) == DayRule(4, 6)


def test_org_day_off_moves_the_meeting_and_working_saturday_keeps_it(store):
    add_org_day(store, "03/06/2025", "Nghỉ mát cơ quan")
    add_org_day(store, D(2025, 5, 3), "Làm bù cho ngày 02/05", working=True)
    months = {m.month: m for m in schedule(store, 2025)}
    assert (months[6].date, months[6].status) == (D(2025, 6, 4), "moved")
    assert months[6].days_off == [(D(2025, 6, 3), "Nghỉ mát cơ quan")]
    assert (months[5].date, months[5].status) == (D(2025, 5, 3), "on_day")
    assert [(d.date, d.kind) for d in org_days(store, 2025)] == [
        (D(2025, 5, 3), "working"), (D(2025, 6, 3), "off")]
    kinds = {(d, k) for d, _n, k in year_days(store, 2025)}
    assert (D(2025, 6, 3), "org_off") in kinds and (D(2025, 5, 3), "org_working") in kinds
    assert (D(2025, 4, 30), "public") in kinds  # public holidays shown beside them
    removed = remove_org_day(store, "2025-06-03")
    assert removed.name == "Nghỉ mát cơ quan"
    assert {m.month: m.date for m in schedule(store, 2025)}[6] == D(2025, 6, 3)


@pytest.mark.parametrize("day, reason, working, message", [
    ("31/02/2025", "Nghỉ", False, "Nhập ngày hợp lệ"),
    ("", "Nghỉ", False, "Nhập ngày hợp lệ"),
    ("04/06/2025", "   ", False, "Nhập lý do"),
    ("08/06/2025", "Nghỉ", False, "đã là ngày nghỉ: Chủ nhật"),
    ("30/04/2025", "Nghỉ", False, "đã là ngày nghỉ"),
    ("04/06/2025", "Làm bù", True, "đã là ngày làm việc"),
])
def test_bad_org_days_are_refused_in_vietnamese(store, day, reason, working, message):
    with pytest.raises(ValueError, match=message):
        add_org_day(store, day, reason, working=working)
    assert org_days(store) == []


def test_duplicate_and_unknown_org_days(store):
    add_org_day(store, "03/06/2025", "Nghỉ mát")
    with pytest.raises(ValueError, match="đã có trong danh sách.*Nghỉ mát"):
        add_org_day(store, "03/06/2025", "Nghỉ khác", working=True)
    with pytest.raises(ValueError, match="không có trong danh sách"):
        remove_org_day(store, "05/06/2025")


# --- the year plan ----------------------------------------------------------------------------

def test_year_plan_has_twelve_regular_meetings_with_cell_defaults(store):
    items = ensure_year_plan(store, 2025)
    assert len(items) == 12 and {i.kind for i in items} == {"regular"}
    assert [i.planned_date for i in items] == [m.date for m in schedule(store, 2025)]
    assert {(i.time, i.place, i.status) for i in items} == {
        ("14:00", "Phòng họp tầng 3 nhà A", "planned")}
    assert [i.quarter for i in items] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert not any(i.off_rule for i in items)
    assert len(ensure_year_plan(store, 2025)) == 12  # idempotent


def test_conflict_month_needs_the_secretarys_date_and_reason(store):
    items = {i.month: i for i in ensure_year_plan(store, 2030)}
    feb = items[2]
    assert feb.planned_date is None and feb.rule_status == "conflict"
    assert [w.code for w in plan_warnings_for(store, 2030, D(2030, 1, 1))
            if w.item_id == feb.id] == []
    with pytest.raises(ValueError, match="đều là ngày nghỉ.*06/02/2030"):
        update_plan_item(store, feb.id, planned_date="06/02/2030")
    with pytest.raises(ValueError, match="trong tháng đó"):
        update_plan_item(store, feb.id, planned_date="30/01/2030", off_rule_reason="Trước Tết")
    done = update_plan_item(store, feb.id, planned_date="06/02/2030",
                            off_rule_reason="Nghỉ Tết Nguyên đán (bất khả kháng)")
    assert done.planned_date == D(2030, 2, 6) and done.off_rule
    assert done.off_rule_reason == "Nghỉ Tết Nguyên đán (bất khả kháng)"


def test_moving_a_regular_meeting_needs_a_reason_back_on_the_day_clears_it(store):
    may = {i.month: i for i in ensure_year_plan(store, 2025)}[5]
    with pytest.raises(ValueError, match="06/05/2025.*05/05/2025"):
        update_plan_item(store, may.id, planned_date=D(2025, 5, 6))
    moved = update_plan_item(store, may.id, planned_date=D(2025, 5, 6),
                             off_rule_reason="Đi học tập kinh nghiệm")
    assert moved.off_rule and moved.rule_date == D(2025, 5, 5)
    back = update_plan_item(store, may.id, planned_date=D(2025, 5, 5))
    assert back.off_rule_reason is None and not back.off_rule
    with pytest.raises(ValueError, match="Không thể sửa"):
        update_plan_item(store, may.id, title="Chuyên đề")
    with pytest.raises(ValueError, match="giờ"):
        update_plan_item(store, may.id, time="25:00")


def test_new_day_off_moves_planned_meetings_that_follow_the_rule_only(store):
    items = {i.month: i for i in ensure_year_plan(store, 2025)}
    update_plan_item(store, items[9].id, planned_date=D(2025, 9, 4), off_rule_reason="Lý do riêng")
    topic = add_thematic(store, 2025, title="Học tập và làm theo Bác", topic_group="ho_chi_minh",
                         planned_date=D(2025, 6, 3), combined=True)
    add_org_day(store, "03/06/2025", "Nghỉ mát")
    add_org_day(store, "04/09/2025", "Hội thao")
    now = {i.id: i for i in plan_items(store, 2025)}
    assert now[items[6].id].planned_date == D(2025, 6, 4)
    assert now[topic.id].planned_date == D(2025, 6, 4)  # the combined sitting moved together
    assert now[items[9].id].planned_date == D(2025, 9, 4)  # the secretary's own date is kept
    set_day_rule(store, 5, 7)
    now = {i.id: i for i in plan_items(store, 2025)}
    assert now[items[1].id].planned_date == D(2025, 1, 6)
    assert now[items[4].id].planned_date is None  # a conflict under the new rule


def test_thematic_meetings_crud_and_validation(store):
    ensure_year_plan(store, 2025)
    drafter = _member(store, "Lê Thị Lan")
    quarters = []
    for q, day in enumerate((D(2025, 3, 20), D(2025, 5, 5), D(2025, 8, 14), None), start=1):
        quarters.append(add_thematic(
            store, 2025, title=f"Chuyên đề quý {q}", topic_group="ho_chi_minh", drafter_id=drafter,
            planned_date=day, quarter=4 if day is None else None, combined=day == D(2025, 5, 5)))
    assert [t.quarter for t in quarters] == [1, 2, 3, 4]
    assert quarters[0].time == "14:00" and quarters[1].combined_order == 2
    may = [i for i in plan_items(store, 2025) if i.planned_date == D(2025, 5, 5)]
    assert [i.kind for i in may] == ["regular", "thematic"]
    assert not [w for w in plan_warnings_for(store, 2025, D(2025, 1, 2)) if w.level == "warning"]
    update_plan_item(store, quarters[3].id, planned_date="12/11/2025", topic_group="traditions")
    cancelled = update_plan_item(store, quarters[2].id, status="cancelled",
                                 cancel_reason="Trùng lịch kiểm tra")
    assert cancelled.cancel_reason == "Trùng lịch kiểm tra"
    assert update_plan_item(store, quarters[2].id, status="planned").cancel_reason is None
    delete_plan_item(store, quarters[0].id)
    assert sum(i.kind == "thematic" for i in plan_items(store, 2025)) == 3
    regular = plan_items(store, 2025)[0]
    with pytest.raises(ValueError, match="Không thể xóa buổi sinh hoạt thường kỳ"):
        delete_plan_item(store, regular.id)


@pytest.mark.parametrize("kwargs, message", [
    (dict(title=" ", topic_group="other", quarter=1), "Nhập tên chuyên đề"),
    (dict(title="A", topic_group="sports", quarter=1), "tám nhóm"),
    (dict(title="A", topic_group="other"), "ít nhất là quý"),
    (dict(title="A", topic_group="other", quarter=5), "Quý phải là"),
    (dict(title="A", topic_group="other", planned_date="03/01/2026"), "không thuộc năm 2025"),
    (dict(title="A", topic_group="other", drafter_id="nobody", quarter=1), "không có trong danh sách"),
    (dict(title="A", topic_group="other", quarter=2, combined=True), "cần có ngày"),
    (dict(title="A", topic_group="other", planned_date="05/05/2025", combined=True,
          combined_order=0), "Thứ tự"),
])
def test_bad_thematic_meetings_are_refused(store, kwargs, message):
    with pytest.raises(ValueError, match=message):
        add_thematic(store, 2025, **kwargs)
    assert plan_items(store, 2025) == []


def test_cancel_needs_a_reason(store):
    item = add_thematic(store, 2025, title="A", topic_group="other", quarter=1)
    with pytest.raises(ValueError, match="lý do hủy"):
        update_plan_item(store, item.id, status="cancelled")
    with pytest.raises(ValueError, match="Trạng thái"):
        update_plan_item(store, item.id, status="done")


def test_warnings_from_stored_members_exemption_and_leaving(store):
    ensure_year_plan(store, 2025)
    exempt = _member(store, "Nguyễn Văn Á", exempt_from=D(2025, 1, 1), exempt_to=D(2025, 6, 30),
                     exempt_reason="Tuổi cao")
    leaving = _member(store, "Trần Văn Minh", left_on=D(2025, 9, 1), left_reason="Chuyển công tác")
    add_thematic(store, 2025, title="Q1", topic_group="other", drafter_id=exempt,
                 planned_date=D(2025, 3, 20))
    add_thematic(store, 2025, title="Q3", topic_group="other", drafter_id=exempt,
                 planned_date=D(2025, 7, 20))  # exemption over by then
    add_thematic(store, 2025, title="Q4", topic_group="other", drafter_id=leaving,
                 planned_date=D(2025, 10, 20))
    codes = [(w.code, w.quarter) for w in plan_warnings_for(store, 2025, D(2025, 1, 2))
             if w.level == "warning"]
    assert codes == [("no_thematic", 2), ("drafter_exempt", 1), ("drafter_left", 4)]


def test_next_meeting_with_what_is_left_to_prepare(store):
    ensure_year_plan(store, 2025)
    topic = add_thematic(store, 2025, title="Phòng chống suy thoái", topic_group="degradation",
                         planned_date=D(2025, 5, 5), combined=True)
    early = next_meeting(store, D(2025, 4, 4))
    assert early.date == D(2025, 5, 5) and early.days_left == 31
    assert [i.kind for i in early.items] == ["regular", "thematic"]
    assert (early.time, early.place) == ("14:00", "Phòng họp tầng 3 nhà A")
    assert any("chưa phân công" in t or "chuẩn bị" in t for t in early.to_prepare)
    assert not any("dự thảo" in t for t in early.to_prepare)
    late = next_meeting(store, D(2025, 4, 30))
    assert late.days_left == 5
    assert any("chưa gửi dự thảo" in t for t in late.to_prepare)
    update_plan_item(store, topic.id, status="draft_sent", drafter_id=_member(store, "Lê Thị Lan"))
    sent = next_meeting(store, D(2025, 4, 30))
    assert not any("dự thảo" in t or "chưa phân công" in t for t in sent.to_prepare)
    assert next_meeting(store, D(2025, 5, 6)).date == D(2025, 6, 3)
    # The meeting day itself still counts as the next meeting.
    assert next_meeting(store, D(2025, 5, 5)).days_left == 0
    assert next_meeting(store, D(2026, 1, 1)) is None  # no plan made for 2026


def test_next_meeting_in_a_conflict_month_asks_for_a_date(store):
    ensure_year_plan(store, 2030)
    nxt = next_meeting(store, D(2030, 1, 10))
    assert nxt.date is None and nxt.items[0].month == 2
    assert "chọn ngày sinh hoạt và ghi lý do" in nxt.to_prepare[0]


def test_quarter_compliance_from_held_thematic_meetings(store):
    q1 = add_thematic(store, 2025, title="Q1", topic_group="other", planned_date=D(2025, 3, 20))
    add_thematic(store, 2025, title="Q3", topic_group="other", planned_date=D(2025, 8, 20))
    update_plan_item(store, q1.id, status="held")
    assert thematic_compliance(store, 2025, D(2025, 9, 10)) == {
        1: "held", 2: "missing", 3: "warn_last_month", 4: "pending"}
    # A finalised thematic meeting in the records counts too (written as the meeting service does).
    store.db["meeting"].insert({"id": "mt-9", "series_id": "mt-9", "version": 1,
                                "kind": "thematic", "status": "finalised", "date": "2025-11-12"})
    assert thematic_compliance(store, 2025, D(2026, 1, 5)) == {
        1: "held", 2: "missing", 3: "missing", 4: "held"}


def test_item_to_json_is_plain(store):
    item = ensure_year_plan(store, 2025)[4]
    data = item.to_json()
    assert data["planned_date"] == "2025-05-05" and data["rule_date"] == "2025-05-05"
    assert data["kind"] == "regular" and data["month"] == 5


def test_member_status_adapts_exemption(store):
    member = Member(id="x", full_name="A", exempt_from=D(2025, 2, 1), exempt_to=None,
                    joined_on=D(2020, 1, 1))
    status = planning.member_status(member)
    assert status.is_exempt_on(D(2030, 1, 1)) and not status.is_exempt_on(D(2025, 1, 31))


def test_the_plan_to_make_is_this_years_then_next_years_once_this_one_is_used_up(store):
    """Without a plan: this year's. With it, nothing while a meeting is still ahead; after the
    last one (mid-December), next year's, until it is made."""
    assert planning.plan_to_make(store, D(2026, 3, 1)) == 2026
    ensure_year_plan(store, 2026)
    assert planning.plan_to_make(store, D(2026, 3, 1)) is None
    last = max(i.planned_date for i in planning.plan_items(store, 2026) if i.planned_date)
    assert planning.plan_to_make(store, last) is None          # the day of the last meeting
    assert planning.plan_to_make(store, last + dt.timedelta(days=1)) == 2027
    ensure_year_plan(store, 2027)
    assert planning.plan_to_make(store, last + dt.timedelta(days=1)) is None
