"""Seeded generator of whole cells and meetings, driven through the same public calls as the
wizard: random rosters (full, probationary, exempted, meeting elsewhere), absences with and
without reason, late arrivals, votes (passed, failed, exactly half), times (short, long, with a
reason), and combined sittings (a regular meeting followed by a thematic one)."""
from __future__ import annotations

import datetime as dt
import random

from app import meeting_score, meetings
from app.cell import get_cell, save_cell
from app.model import Cell, Member
from app.members import list_members, save_member
from app.rules.calendar import meeting_day
from app.rules.scoring import Entry
from app.session import MeetingSession
from app.thematic import create_combined_sitting, set_texts, set_topic, add_version

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đinh", "Trịnh"]
MIDDLE = ["Thị", "Văn", "Minh", "Quang", "Đức", "Ngọc", "Thu", "Hữu", "Công", "Thanh"]
GIVEN = ["Hoa", "Minh", "Lan", "Anh", "Hằng", "Huy", "Ánh", "Đức", "Bình", "Tuấn", "Yến", "Khánh",
         "Mai", "Long", "Thảo", "Sơn", "Phương", "Vinh", "Hương", "Thắng", "Ngân", "Quỳnh", "Quân",
         "Tâm", "Trang", "Hải", "Nga", "Dũng", "Hiếu", "Loan"]


def make_cell(store, rng: random.Random, index: int, year: int) -> dict[str, Member]:
    """A cell of 6–30 members on 1 January of ``year``; returns members by id."""
    cell = save_cell(store, Cell(name=f"Chi bộ Thử nghiệm số {index + 1}",
                                 parent_org="Đảng bộ Cơ quan Thử nghiệm",
                                 upper_committee="Đảng ủy Cơ quan Thử nghiệm",
                                 place_name="Hà Nội", unit_type="administrative",
                                 has_committee=rng.random() < 0.5,
                                 default_time="14:00", default_place="Phòng họp số 1"))
    names: set[str] = set()
    size = rng.randint(6, 30)
    day = dt.date(year, 1, 1)
    people = []
    while len(people) < size:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if name in names:
            continue
        names.add(name)
        m = Member(full_name=name, gender=rng.choice(["male", "female"]),
                   birth_date=dt.date(rng.randint(1960, 1980), rng.randint(1, 12), rng.randint(1, 28)),
                   admitted_on=dt.date(rng.randint(2000, year - 3), 5, 19))
        m.full_on = m.admitted_on.replace(year=m.admitted_on.year + 1)
        roll = rng.random()
        if len(people) >= 2 and roll < 0.15:           # admitted last year: probationary all year
            m.party_status = "probationary"
            m.admitted_on, m.full_on = dt.date(year - 1, 12, rng.randint(1, 28)), None
        elif len(people) >= 2 and roll < 0.22:
            m.exempt_from, m.exempt_reason = dt.date(year - 2, 1, 1), "Tuổi cao, sức khỏe yếu"
        elif len(people) >= 2 and roll < 0.28:
            m.temp_status = "elsewhere"
        save_member(store, m, change="add", today=day)
        people.append(m)
    cell.secretary_id, cell.deputy_id = people[0].id, people[1].id
    save_cell(store, cell)
    return {m.id: m for m in list_members(store)}


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def run_generated_meeting(store, rng: random.Random, people: dict[str, Member], day: dt.date,
                          *, rule_date: dt.date | None, combined: bool) -> list[str]:
    """Create and hold one meeting (or a combined sitting) with random facts; finalised ids."""
    secretary = get_cell(store).secretary_id
    if combined:
        drafter = rng.choice([m for m in people.values() if m.temp_status != "elsewhere"
                              and not m.exempt_from])
        _sitting, mid, thematic_id = create_combined_sitting(
            store, day, rule_date=rule_date, title="Chuyên đề thử nghiệm về đạo đức công vụ",
            group="ho_chi_minh", drafter_id=drafter.id)
    else:
        mid, thematic_id = meetings.create_meeting(store, day, rule_date=rule_date), None
    if rule_date and day != rule_date:
        meetings.update(store, mid, off_rule_reason="Trùng lịch công tác của cơ quan")
    s = MeetingSession(store, mid)
    meetings.update(store, mid, preparation={
        "content_by": "Bí thư", "draft_done": rng.random() < 0.8,
        "committee_met": (day - dt.timedelta(days=2)).isoformat(),
        "notice_sent": (day - dt.timedelta(days=2)).isoformat(),
        "documents_sent": (day - dt.timedelta(days=rng.choice([0, 2]))).isoformat()})
    meetings.set_agenda(store, mid, s.default_agenda())
    for task in meetings.previous_tasks(store, mid):
        meetings.review_previous_task(store, mid, task["id"], rng.choice(["done", "partly", "not_done"]))
    s.accept()
    start = rng.randint(7 * 60, 15 * 60)
    roll = [r for r in meetings.roll(store, mid) if not r["exempted"] and not r["elsewhere"]]
    taker = rng.choice(roll)["member_id"]
    meetings.update(store, mid, start=_clock(start), purpose=s.purpose_text(),
                    minute_taker_id=taker, agenda_approved=True)
    meetings.mark_all_present(store, mid)
    for r in roll:
        if r["member_id"] in (secretary, taker):
            continue
        x = rng.random()
        if x < 0.12:
            meetings.set_presence(store, mid, r["member_id"], "absent_reason", "Đi công tác")
        elif x < 0.17:
            meetings.set_presence(store, mid, r["member_id"], "absent_no_reason")
        elif x < 0.22:
            meetings.set_presence(store, mid, r["member_id"], "present",
                                  late=_clock(start + rng.randint(5, 30)))
    s.accept()
    present = [r["member_id"] for r in meetings.roll(store, mid) if r["presence"] == "present"]
    meetings.update(store, mid, report="Báo cáo kết quả lãnh đạo thực hiện nhiệm vụ tháng trước.",
                    orientation="Thông tin thời sự và định hướng tư tưởng.")
    for who in rng.sample(present, k=min(len(present), rng.randint(1, 6))):
        meetings.add_item(store, mid, "speech", member_id=who,
                          kind=rng.choice(["opinion", "self_criticism", "proposal"]),
                          text="Ý kiến phát biểu của đồng chí.")
    s.accept()
    meetings.update(store, mid, summary="Chi bộ thống nhất các nội dung.",
                    resolution_type=rng.choice(["resolution", "conclusion"]),
                    resolution_text="Chi bộ quyết nghị thực hiện nhiệm vụ tháng tới.")
    for who in rng.sample(present, k=min(len(present), rng.randint(1, 3))):
        meetings.add_item(store, mid, "task", member_id=who, text="Nhiệm vụ được giao",
                          due=(day + dt.timedelta(days=25)).isoformat())
    fig = meetings.figures(store, mid)
    kind = rng.random()
    voters = fig.voting_present
    if kind < 0.15 and fig.voting_base % 2 == 0 and fig.voting_base // 2 <= voters:
        for_ = fig.voting_base // 2                  # exactly half: not passed
    elif kind < 0.25:
        for_ = rng.randint(0, voters)
    else:
        for_ = voters
    against = rng.randint(0, voters - for_)
    meetings.record_vote(store, mid, "Thông qua nghị quyết", for_, against,
                         rng.randint(0, voters - for_ - against))
    s.accept()
    # The meeting's planned length; some are too short, with a reason.
    length = rng.choice([60, 85, 89, 90, 91, 105, 120, 125, 150])
    end = _clock(start + length)
    # A part followed by the thematic part: the score step states the sitting's planned end.
    thematic_length = rng.choice([30, 45, 60]) if thematic_id else None
    sitting_end = _clock(start + length + thematic_length) if thematic_id else None
    score_meeting(store, mid, rng, planned_end=end, sitting_end=sitting_end)
    s.accept()
    meetings.update(store, mid, end=end, read_back=True,
                    short_reason="Có lịch công tác đột xuất" if length < 120 else None)
    outcome = s.accept()
    assert outcome.ok and outcome.finalised, [e.message for e in outcome.errors]
    done = [mid]
    if thematic_id:
        done.append(_hold_thematic(store, thematic_id, start, start + length, thematic_length))
    return done


def score_meeting(store, mid: str, rng: random.Random, planned_end: str,
                  sitting_end: str | None = None) -> None:
    """The Scoring step: manual criteria at random, computed ones as suggested."""
    rubric = meeting_score.meeting_rubric(store, mid)
    entries = {}
    for crit in rubric.criteria():
        if crit.kind == "points":
            entries[crit.id] = Entry(points=rng.choice([crit.max, crit.max - 0.5, crit.max / 2]))
        elif crit.kind == "yesno":
            entries[crit.id] = Entry(yes=rng.random() < 0.9)
        elif crit.kind == "band":
            entries[crit.id] = Entry(choice=rng.choice(crit.bands)["id"])
    fig = meetings.figures(store, mid)
    meeting_score.save_entries(store, mid, entries, {"for": fig.voting_present, "against": 0,
                                                     "abstain": 0}, {},
                               planned_facts={"end": planned_end, "read_back": True,
                                              "sitting_end": sitting_end})


def _hold_thematic(store, mid: str, sitting_start: int, start: int, length: int) -> str:
    s = MeetingSession(store, mid)
    day = dt.date.fromisoformat(meetings.meeting_record(store, mid)["date"])
    set_topic(store, mid, briefing_date=day - dt.timedelta(days=20), briefing_notes="Thống nhất.",
              approved=day - dt.timedelta(days=10), sent=day - dt.timedelta(days=7))
    add_version(store, mid, text="Dự thảo chuyên đề.", day=day - dt.timedelta(days=12))
    s.accept()
    roll = [r for r in meetings.roll(store, mid) if r["presence"] == "present"]
    meetings.update(store, mid, start=_clock(start), purpose=s.purpose_text(),
                    minute_taker_id=roll[0]["member_id"], agenda_approved=True)
    s.accept()
    set_texts(store, mid, topic_purpose="Nâng cao nhận thức.", drafter_response="Tiếp thu.")
    drafter = meetings.meeting_record(store, mid)["topic"]["drafter"]
    meetings.update(store, mid, report=f"Đồng chí {drafter} trình bày dự thảo.")
    meetings.add_item(store, mid, "speech", member_id=roll[-1]["member_id"], kind="opinion",
                      text="Thống nhất với dự thảo.")
    s.accept()
    meetings.update(store, mid, orientation="Chuyên đề thiết thực.", summary="Hoàn thiện chuyên đề.")
    s.accept()
    end = start + length
    meetings.update(store, mid, end=_clock(end), read_back=True,
                    short_reason="Có lịch công tác đột xuất" if end - sitting_start < 120 else None)
    outcome = s.accept()
    assert outcome.ok and outcome.finalised, [e.message for e in outcome.errors]
    return mid


def generate_cell(store, seed: int, year: int = 2025, count: int = 10) -> list[str]:
    """A cell and ``count`` monthly meetings of ``year`` (about one in five a combined sitting);
    the finalised meeting ids."""
    rng = random.Random(seed)
    people = make_cell(store, rng, seed, year)
    ids = []
    for month in range(1, count + 1):
        planned = meeting_day(year, month)
        day = planned.date or dt.date(year, month, 5)
        if rng.random() < 0.1:                       # held late, with a reason
            day = dt.date(year, month, 10)
        ids += run_generated_meeting(store, rng, people, day, rule_date=planned.date,
                                     combined=rng.random() < 0.2)
    return ids
