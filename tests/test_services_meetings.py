"""Creating a meeting through the one service that the desktop app, the command line and the
demo call."""
import datetime as dt

import pytest

from app import meetings, planning
from app.services.meetings import NewMeetingError, new_meeting, rule_date
from meeting_helpers import people, store  # noqa: F401,F811

MAY = dt.date(2024, 5, 1)


def _count(store, table):
    return store.conn.execute(f"select count(*) from {table}").fetchone()[0]


def _regular_line(store, month):
    return next(i for i in planning.ensure_year_plan(store, 2024)
                if i.kind == "regular" and i.month == month)


def test_a_regular_meeting_on_the_rule_day_is_linked_to_its_plan_line_with_the_agenda(
        store, people):
    day = rule_date(store, MAY)
    mid = new_meeting(store, day)
    record = meetings.meeting_record(store, mid)
    assert (record["kind"], record["date"], record["rule_date"]) == (
        "regular", day.isoformat(), day.isoformat())
    assert record["off_rule_reason"] in (None, "")
    assert len(record["agenda"]) >= 3 and record["purpose"]
    assert _regular_line(store, 5).meeting_id == mid
    assert record["attendance"]["on_roll"] == 25                # the roll of that day


def test_one_day_off_the_rule_needs_a_reason_and_nothing_is_written_without_one(store, people):
    day = rule_date(store, MAY) + dt.timedelta(days=1)
    before = (_count(store, "meeting"), _count(store, "plan_item"), _count(store, "agenda_item"))
    with pytest.raises(NewMeetingError) as refused:
        new_meeting(store, day, reason="   ")
    assert refused.value.code == "reason_needed"
    assert refused.value.params == {"day": day, "rule_day": rule_date(store, MAY)}
    assert str(refused.value) == refused.value.message("vi")
    assert refused.value.message("vi").startswith(f"Ngày {day:%d/%m/%Y} không phải ngày sinh hoạt")
    assert refused.value.message("en").startswith(f"{day.isoformat()} is not the rule's day")
    assert (_count(store, "meeting"), _count(store, "plan_item"),
            _count(store, "agenda_item")) == before

    mid = new_meeting(store, day, reason=" Trùng  lịch thi ")
    assert meetings.meeting_record(store, mid)["off_rule_reason"] == "Trùng lịch thi"
    assert _regular_line(store, 5).meeting_id == mid


def test_no_cell_and_no_date_are_refused_with_their_codes(store):
    with pytest.raises(NewMeetingError) as no_cell:
        new_meeting(store, dt.date(2024, 5, 3))
    assert no_cell.value.code == "no_cell" and _count(store, "meeting") == 0
    assert str(no_cell.value) == "Hãy tạo thông tin chi bộ trước."
    with pytest.raises(NewMeetingError) as no_date:
        new_meeting(store, None)
    assert no_date.value.code == "no_date"


def test_a_plan_line_gives_its_rule_day_place_and_recorded_reason(store, people):
    line = _regular_line(store, 6)
    day = line.rule_date + dt.timedelta(days=2)
    planning.update_plan_item(store, line.id, planned_date=day, off_rule_reason="Nghỉ lễ bù",
                              place="Phòng họp B")
    mid = new_meeting(store, day, plan_item_id=line.id)
    record = meetings.meeting_record(store, mid)
    assert (record["rule_date"], record["off_rule_reason"], record["place"]) == (
        line.rule_date.isoformat(), "Nghỉ lễ bù", "Phòng họp B")
    assert planning.get_plan_item(store, line.id).meeting_id == mid
    with pytest.raises(NewMeetingError) as taken:
        new_meeting(store, day, plan_item_id=line.id)
    assert taken.value.code == "plan_item_taken"


def test_a_thematic_meeting_needs_a_title_but_no_rule_day_and_links_its_plan_line(
        store, people):
    day = dt.date(2024, 5, 22)
    item = planning.add_thematic(store, 2024, title="Học tập Nghị quyết", topic_group="directives",
                                 planned_date=day)
    with pytest.raises(NewMeetingError) as untitled:
        new_meeting(store, day, kind="thematic", plan_item_id=item.id, title=" ")
    assert untitled.value.code == "title_needed" and _count(store, "meeting") == 0
    mid = new_meeting(store, day, kind="thematic", plan_item_id=item.id,
                      title="Học tập Nghị quyết", group="directives")
    record = meetings.meeting_record(store, mid)
    assert record["kind"] == "thematic" and record["topic"]["title"] == "Học tập Nghị quyết"
    assert [a["id"] for a in record["agenda"]][:1] == ["topic-purpose"]
    assert planning.get_plan_item(store, item.id).meeting_id == mid


@pytest.mark.parametrize("thematic_first", [False, True])
def test_a_combined_sitting_prepares_both_parts_and_opens_the_first(store, people,
                                                                    thematic_first):
    day = rule_date(store, MAY)
    first = new_meeting(store, day, kind="combined", title="Chuyên đề", group="other",
                        thematic_first=thematic_first)
    parts = {meetings.meeting_record(store, p)["kind"]: meetings.meeting_record(store, p)
             for p in meetings.sitting_parts(store, first)}
    assert set(parts) == {"regular", "thematic"}
    assert parts["thematic" if thematic_first else "regular"]["id"] == first
    assert all(p["agenda"] for p in parts.values())
    assert _regular_line(store, 5).meeting_id == parts["regular"]["id"]
