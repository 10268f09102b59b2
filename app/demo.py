"""A realistic demo cell: Chi bộ Khoa Y tế công cộng, Đảng bộ Trường Đại học Y Dược Thái Bình."""
from __future__ import annotations

import datetime as dt
import json
import random

from . import follow_up, meeting_score, meetings, thematic
from .cell import add_name_change, get_cell, save_cell, save_model_cell_registration
from .demo_months import (CRITICISM_PAIRS, GENERAL_SPEECHES, MONTHS, PROPOSALS,
                          THEMATIC_SPEECHES)
from .ehandbook import set_points
from .i18n import _
from .lifecycle import backup_after_finalising
from .model import Cell, Member, ModelCellRegistration, add_months
from .members import list_members, save_member
from .planning import add_thematic
from .rules.scoring import Entry
from .services.meetings import new_meeting, rule_date
from .session import MeetingSession
from .store.db import now_iso

# (full name, gender, birth date, position, admitted on, made full on)
_PEOPLE = [
    ("Nguyễn Thị Hoa", "female", "1975-03-12", "Trưởng khoa, Giảng viên cao cấp", "2001-05-19", "2002-05-19"),
    ("Trần Văn Minh", "male", "1978-08-02", "Phó Trưởng khoa", "2003-02-03", "2004-02-03"),
    ("Lê Thị Lan", "female", "1985-11-20", "Giảng viên, Thư ký khoa", "2009-09-02", "2010-09-02"),
    ("Phạm Đức Anh", "male", "1982-01-15", "Trưởng Bộ môn Dịch tễ học", "2006-12-22", "2007-12-22"),
    ("Hoàng Thị Thu Hằng", "female", "1987-06-30", "Giảng viên Bộ môn Dinh dưỡng", "2012-03-26", "2013-03-26"),
    ("Vũ Quang Huy", "male", "1980-09-09", "Trưởng Bộ môn Sức khỏe môi trường", "2005-07-27", "2006-07-27"),
    ("Đặng Thị Ngọc Ánh", "female", "1990-12-05", "Giảng viên Bộ môn Thống kê y học", "2015-05-19", "2016-05-19"),
    ("Bùi Văn Đức", "male", "1972-04-18", "Giảng viên chính", "1998-10-14", "1999-10-14"),
    ("Đỗ Thị Bình", "female", "1984-02-29", "Giảng viên Bộ môn Quản lý y tế", "2010-01-09", "2011-01-09"),
    ("Ngô Minh Tuấn", "male", "1988-07-07", "Giảng viên Bộ môn Dịch tễ học", "2014-08-19", "2015-08-19"),
    ("Dương Thị Yến", "female", "1991-10-10", "Giảng viên Bộ môn Dinh dưỡng", "2017-11-20", "2018-11-20"),
    ("Lý Văn Khánh", "male", "1979-05-25", "Phó Trưởng Bộ môn Quản lý y tế", "2004-04-30", "2005-04-30"),
    ("Trịnh Thị Mai", "female", "1986-03-08", "Chuyên viên Văn phòng khoa", "2011-06-15", "2012-06-15"),
    ("Phan Văn Long", "male", "1983-12-24", "Giảng viên Bộ môn Sức khỏe nghề nghiệp", "2008-02-03", "2009-02-03"),
    ("Võ Thị Thảo", "female", "1992-09-02", "Giảng viên Bộ môn Thống kê y học", "2018-05-19", "2019-05-19"),
    ("Đinh Công Sơn", "male", "1977-11-11", "Giảng viên chính Bộ môn Dịch tễ học", "2002-09-02", "2003-09-02"),
    ("Hà Thị Phương", "female", "1989-04-04", "Giảng viên Bộ môn Giáo dục sức khỏe", "2013-12-22", "2014-12-22"),
    ("Tạ Quang Vinh", "male", "1993-01-27", "Giảng viên Bộ môn Sức khỏe môi trường", "2019-03-26", "2020-03-26"),
    ("Mai Thị Hương", "female", "1981-08-16", "Giảng viên Bộ môn Quản lý y tế", "2007-07-27", "2008-07-27"),
    ("Lương Văn Thắng", "male", "1976-06-06", "Giảng viên chính Bộ môn Dinh dưỡng", "2000-05-19", "2001-05-19"),
    ("Cao Thị Ngân", "female", "1994-02-14", "Giảng viên Bộ môn Giáo dục sức khỏe", "2020-10-14", "2021-10-14"),
    ("Nguyễn Văn Á", "male", "1962-05-01", "Giảng viên cao cấp (đã nghỉ hưu)", "1988-12-22", "1989-12-22"),
    ("Kiều Thị Diệu Linh", "female", "1990-07-19", "Nghiên cứu sinh tại Nhật Bản", "2016-02-03", "2017-02-03"),
    ("Đoàn Thị Quỳnh", "female", "1998-03-03", "Giảng viên trẻ Bộ môn Thống kê y học", None, None),
    ("Hồ Minh Quân", "male", "1997-12-12", "Giảng viên trẻ Bộ môn Dịch tễ học", None, None),
]


def create_demo(store, today: dt.date | None = None) -> Cell:
    """Fill an empty database with the demo cell; refuses a database that has members."""
    today = today or dt.date.today()
    if list_members(store):
        raise ValueError(_("This data file already holds a cell; the demo needs an empty file."))
    with store.atomic():
        cell = save_cell(store, Cell(
            name="Chi bộ Khoa Y tế công cộng",
            parent_org="Đảng bộ Trường Đại học Y Dược Thái Bình",
            upper_committee="Đảng ủy Trường Đại học Y Dược Thái Bình",
            place_name="Thái Bình",
            unit_type="education",
            has_committee=True,
            upper_member_name="Nguyễn Quốc Tiến",
            upper_member_title="Bí thư Đảng ủy",
            default_time="14:00",
            default_place="Phòng họp Khoa Y tế công cộng, tầng 3 nhà A",
        ))
        members = {}
        for i, (name, gender, birth, position, admitted, full) in enumerate(_PEOPLE):
            m = Member(full_name=name, gender=gender, birth_date=dt.date.fromisoformat(birth),
                       position=position, card_no=f"{37010000 + 137 * i:08d}",
                       phone=f"0912 {345 + i:03d} {678 + 7 * i:03d}")
            if admitted:
                m.admitted_on = dt.date.fromisoformat(admitted)
                m.full_on = dt.date.fromisoformat(full)
            members[name] = m
        # Two probationary members, admitted within the last year (one near the end of it).
        for name, months_ago in (("Đoàn Thị Quỳnh", 11), ("Hồ Minh Quân", 5)):
            members[name].party_status = "probationary"
            members[name].admitted_on = _months_before(today, months_ago)
        retired = members["Nguyễn Văn Á"]
        retired.exempt_from = dt.date(today.year - 2, 1, 1)
        retired.exempt_reason = "Tuổi cao, sức khỏe yếu (Nghị quyết chi bộ)"
        abroad = members["Kiều Thị Diệu Linh"]
        abroad.temp_status = "elsewhere"
        for m in members.values():
            save_member(store, m, change="add", today=today)
        by_name = {m.full_name: m for m in members.values()}
        cell.secretary_id = by_name["Nguyễn Thị Hoa"].id
        cell.deputy_id = by_name["Trần Văn Minh"].id
        save_cell(store, cell)
        if today >= MERGER:
            add_name_change(store, MERGER, place_name="Hưng Yên", today=today, note=(
                "Hợp nhất tỉnh Thái Bình và tỉnh Hưng Yên thành tỉnh Hưng Yên (Nghị quyết số "
                "202/2025/QH15 ngày 12/6/2025), từ ngày 01/7/2025; Trường và Đảng bộ Trường "
                "giữ tên."))
        save_model_cell_registration(store, ModelCellRegistration(
            year=today.year, registered_on=min(today, dt.date(today.year, 3, 22)),
            content="Xây dựng chi bộ gương mẫu, đoàn kết, đổi mới nâng cao nghiệp vụ chuyên môn "
                    "trong giảng dạy, nghiên cứu khoa học và dự phòng bảo vệ sức khỏe nhân dân."))
    return cell


# Thái Bình merged into Hưng Yên province on this day (the date line of the cell's documents
# changes; the university and its party committee keep their names).
MERGER = dt.date(2025, 7, 1)

DEMO_MARK = "demo_created_at"   # meta key: the whole demo was committed


def make_demo(store, today: dt.date | None = None, thematic: bool = True) -> tuple[Cell, bool]:
    """The demo cell with its meetings (``chibo demo``, the desktop app's "demo" button), made
    in ONE transaction: a process killed half-way leaves the file as it was, never a half demo.
    (cell, made now); a file already holding the complete demo is left as it is (False).

    The finalisations inside do not back the file up half-made (``lifecycle.finalise`` skips
    its backup inside an enclosing transaction); one backup follows the commit."""
    if store.get_setting(DEMO_MARK) is not None:
        return get_cell(store), False
    with store.atomic():
        cell = create_demo(store, today)
        add_demo_meetings(store, today, thematic=thematic)
        store.db["meta"].upsert({"key": DEMO_MARK, "value": json.dumps(now_iso())}, pk="key")
    backup_after_finalising(store)
    return cell, True


def _months_before(day: dt.date, months: int) -> dt.date:
    return add_months(day, -months)


# --- demo meetings, made by driving the procedure like a secretary would --------------------

_ABSENT_NO_REASON = {1: ("Tạ Quang Vinh",)}
_ABSENT = [
    [("Trịnh Thị Mai", "Đi công tác tại Bộ Y tế")],
    [("Cao Thị Ngân", "Nghỉ ốm"), ("Võ Thị Thảo", "Đưa sinh viên đi thực tế")],
    [("Phan Văn Long", "Tập huấn chuyên môn tại Hà Nội")],
    [],
]


def add_demo_meetings(store, today: dt.date | None = None, thematic: bool = False) -> list[str]:
    """Three finalised, scored regular meetings of the past three months and one in progress
    (their ids are returned). With ``thematic``: also a held thematic meeting on its own day
    in the first of those months, and the last finalised regular meeting held as a combined
    sitting with a thematic meeting after it.

    Each month has its own report, speeches, resolution and tasks (``app.demo_months``, by
    calendar month); the next meeting reviews them (done, partly, not done), and the members'
    e-handbook points of the months that ended are entered."""
    today = today or dt.date.today()
    people = {m.full_name: m for m in list_members(store)}
    ids = []
    months = [_months_before(today.replace(day=1), k) for k in (3, 2, 1, 0)]
    for index, first in enumerate(months):
        day = rule_date(store, first) or first.replace(day=5)
        in_progress = index == len(months) - 1
        combined = thematic and index == 2
        if combined:
            mid = new_meeting(store, day, kind="combined", title=_TOPICS[1][0],
                              group=_TOPICS[1][1], drafter_id=people[_TOPICS[1][2]].id)
            thematic_part = next(p for p in meetings.sitting_parts(store, mid) if p != mid)
        else:
            mid = new_meeting(store, day)
        ids.append(mid)
        s = MeetingSession(store, mid)
        meetings.update(store, mid, preparation={
            "content_by": "Nguyễn Thị Hoa", "draft_done": True,
            "committee_met": (day - dt.timedelta(days=2)).isoformat(),
            "notice_sent": (day - dt.timedelta(days=2)).isoformat(),
            "documents_sent": (day - dt.timedelta(days=2)).isoformat(),
            # Hướng dẫn 42-HD/BTCTW (28/10/2025)
            "upper_notified": (day - dt.timedelta(days=2)).isoformat(),
            "documents_on_handbook": (day - dt.timedelta(days=2)).isoformat(),
            "fee_report": "Chi bộ đã thu, nộp đủ đảng phí tháng trước của 23/23 đảng viên."})
        previous = MONTHS[_months_before(first, 1).month]
        outcomes = {(name, text): (outcome, note)
                    for name, text, _due, outcome, note in previous["tasks"]}
        reviewed = []
        for task in meetings.previous_tasks(store, mid):
            outcome, note = outcomes.get((task["assignee"], task["text"]), ("done", ""))
            meetings.review_previous_task(store, mid, task["id"], outcome, note)
            reviewed.append((task["assignee"], task["text"], outcome, note))
        s.accept()
        meetings.update(store, mid, start="14:00", purpose=s.purpose_text(),
                        minute_taker_id=people["Lê Thị Lan"].id, agenda_approved=True)
        meetings.add_item(store, mid, "guest", name="Nguyễn Quốc Tiến",
                          title="Bí thư Đảng ủy", organisation="Đảng ủy Trường")
        meetings.mark_all_present(store, mid)
        for name, reason in _ABSENT[index]:
            meetings.set_presence(store, mid, people[name].id, "absent_reason", reason)
        for name in _ABSENT_NO_REASON.get(index, ()):
            meetings.set_presence(store, mid, people[name].id, "absent_no_reason")
        s.accept()
        if in_progress:
            meetings.update(store, mid, report="Đồng chí Bí thư báo cáo kết quả lãnh đạo thực "
                            "hiện nhiệm vụ chính trị tháng trước (đang ghi).")
            name, kind, text = MONTHS[first.month]["speeches"][0][:3]
            meetings.add_item(store, mid, "speech", member_id=people[name].id,
                              kind=kind, text=text, agenda_item="last-month")
            continue
        done = sum(1 for *_t, outcome, _n in reviewed if outcome == "done")
        tally = (f"; {done}/{len(reviewed)} nhiệm vụ giao đảng viên tháng trước hoàn thành"
                 if reviewed else "")
        meetings.update(store, mid, report=(
            f"Đồng chí Bí thư báo cáo kết quả lãnh đạo thực hiện nhiệm vụ chính trị tháng "
            f"{_months_before(first, 1).month}: {previous['work']}{tally}."),
            orientation="Bí thư thông tin tình hình thời sự, định hướng đảng viên gương mẫu "
                        "thực hiện nhiệm vụ chuyên môn và học tập làm theo Bác.")
        month = MONTHS[first.month]
        absent = {name for name, _r in _ABSENT[index]} | set(_ABSENT_NO_REASON.get(index, ()))
        # one criticism and its answer, by members present and not already in the month's
        # own speeches (nobody is criticised twice at a meeting)
        busy = absent | {n for n, _k, _t, *target in month["speeches"] for n in [n, *target]}
        pair = next(list(p) for k in range(len(CRITICISM_PAIRS))
                    for p in [CRITICISM_PAIRS[(first.month + k) % len(CRITICISM_PAIRS)]]
                    if not {p[0][0], p[1][0]} & busy)
        general = [GENERAL_SPEECHES[(k + index) % len(GENERAL_SPEECHES)]
                   for k in range(3 + index)]
        proposals = []
        for offset, (name, kind, text, *target) in enumerate(month["speeches"] + pair
                                                              + general):
            if name in absent:
                continue
            meetings.add_item(store, mid, "speech", member_id=people[name].id, kind=kind,
                              text=text, target_id=people[target[0]].id if target else None,
                              agenda_item="last-month", seconds=120 + 30 * offset)
            proposals += [(name, *v) for k, v in PROPOSALS.items()
                          if kind == "proposal" and text.startswith(k)]
        for name, text, handling, note in proposals:   # the chair answers each proposal
            meetings.add_item(store, mid, "proposal", member_id=people[name].id, text=text,
                              handling=handling, note=note)
        s.accept()
        meetings.update(store, mid, summary=f"Chi bộ thống nhất đánh giá kết quả tháng "
                        f"{_months_before(first, 1).month}, tiếp thu các ý kiến đóng góp và "
                        f"phân công nhiệm vụ tháng {first.month}.",
                        resolution_type="resolution",
                        resolution_text="\n".join(
                            f"{n}. {line}" for n, line in enumerate(month["resolution"], 1)))
        # The chair concludes each item that was discussed.
        late = [(name, text) for name, text, outcome, _n in reviewed if outcome != "done"]
        conclusion = "Chi bộ hoàn thành tốt nhiệm vụ tháng trước"
        if late:
            conclusion += "; " + "; ".join(
                f"đồng chí {name} khẩn trương hoàn thành việc “{text[0].lower() + text[1:]}”"
                for name, text in late)
        meetings.set_agenda_conclusion(store, mid, "last-month", conclusion + ".")
        meetings.set_agenda_conclusion(
            store, mid, "next-month",
            "Giao nhiệm vụ tháng tới cho từng đảng viên như bảng phân công; chi ủy theo dõi, "
            "đôn đốc.")
        for name, text, due_day, _outcome, _note in month["tasks"]:
            due = _day_in_month(first, max(due_day, day.day + 5))
            meetings.add_item(store, mid, "task", member_id=people[name].id, text=text,
                              due=due.isoformat(), agenda_item="next-month")
        fig = meetings.figures(store, mid)
        meetings.record_vote(store, mid, "Thông qua nghị quyết tháng", fig.voting_present, 0, 0)
        s.accept()
        rubric = meeting_score.current_rubric(store)
        entries = {}
        for crit in rubric.criteria():
            if crit.kind == "yesno":
                entries[crit.id] = Entry(yes=True)
            elif crit.kind == "band":
                entries[crit.id] = Entry(choice=crit.bands[min(index, len(crit.bands) - 1)]["id"])
            elif crit.kind == "points":
                entries[crit.id] = Entry(points=crit.max)
        # Scored before the read-back, as the procedure prescribes: on the end time the
        # secretary plans and the minutes to be read back; the cell votes on that score.
        end = ("15:45", "16:05", "15:40")[index]
        planned = {"end": end, "read_back": True}
        if combined:  # the sitting goes on with the thematic part: its planned end
            planned["sitting_end"] = _THEMATIC_AFTER[1]
        meeting_score.save_score(store, mid, entries, vote={
            "for": fig.voting_present, "against": 0, "abstain": 0}, planned_facts=planned)
        s.accept()
        meetings.update(store, mid, end=end, read_back=True)
        outcome = s.accept()
        if not outcome.ok:
            raise RuntimeError("; ".join(e.message for e in outcome.errors))
        if index < len(months) - 2:  # the latest finalised one is left for the home reminder
            uploaded = day + dt.timedelta(days=1)
            follow_up.record_final_on_handbook(store, mid, uploaded, today=uploaded)
        if combined:  # the thematic part follows at once; the roll call is already taken
            _run_thematic(store, thematic_part, people, *_THEMATIC_AFTER, day)
        if thematic and index == 0:
            _standalone_thematic(store, people, first.replace(day=20))
    _enter_ehandbook_points(store, people, months[:-1])
    return ids


def _day_in_month(first: dt.date, day: int) -> dt.date:
    """That day of ``first``'s month, or the month's last day."""
    last = (add_months(first, 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(day, last))


# Members below the threshold in some months: (index of the month, name) -> points.
_LOW_POINTS = {(0, "Tạ Quang Vinh"): 12, (0, "Kiều Thị Diệu Linh"): 8,
               (1, "Ngô Minh Tuấn"): 15, (1, "Cao Thị Ngân"): 18,
               (2, "Tạ Quang Vinh"): 17, (2, "Lương Văn Thắng"): 14}


def _enter_ehandbook_points(store, people: dict, months: list[dt.date]) -> None:
    """Each member's Sổ tay đảng viên điện tử points of the months that ended (not the
    exempted retired member's); most above the cell's threshold, a few below it."""
    for index, first in enumerate(months):
        for name, member in sorted(people.items()):
            if member.exempt_from:
                continue
            # the same every time (a string seed does not depend on PYTHONHASHSEED)
            usual = random.Random(f"{name} {first:%m/%Y}").randint(21, 40)
            points = _LOW_POINTS.get((index, name), usual)
            set_points(store, member.id, first.year, first.month, points)


# The thematic part of the combined sitting: start and end.
_THEMATIC_AFTER = ("15:45", "16:40")


def _standalone_thematic(store, people: dict, day: dt.date) -> str:
    """A thematic meeting on its own day, planned in the year plan, held and followed up."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    title, group, drafter = _TOPICS[0]
    item = add_thematic(store, day.year, title=title, topic_group=group,
                        drafter_id=people[drafter].id, planned_date=day)
    mid = new_meeting(store, day, kind="thematic", plan_item_id=item.id, title=title,
                      group=group, drafter_id=people[drafter].id)
    meetings.mark_all_present(store, mid)
    meetings.set_presence(store, mid, people["Trịnh Thị Mai"].id, "absent_reason",
                          "Đi công tác tại Bộ Y tế")
    _run_thematic(store, mid, people, "14:00", "15:40", day)
    uploaded = day + dt.timedelta(days=1)
    follow_up.record_final_on_handbook(store, mid, uploaded, today=uploaded)
    return mid


_TOPICS = [
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về y đức trong đào tạo "
     "cán bộ y tế dự phòng", "ho_chi_minh", "Hoàng Thị Thu Hằng"),
    ("Nâng cao chất lượng nghiên cứu khoa học của giảng viên trẻ Khoa Y tế công cộng",
     "professional", "Phạm Đức Anh"),
]


def _run_thematic(store, mid: str, people: dict, start: str, end: str, day: dt.date) -> None:
    """Drive a thematic meeting through its procedure to the end (the roll call is taken)."""
    s = MeetingSession(store, mid)
    drafter = meetings.meeting_record(store, mid)["topic"]["drafter"]
    thematic.set_topic(store, mid, briefing_date=day - dt.timedelta(days=20),
                       briefing_notes="Thống nhất mục đích, yêu cầu, bố cục và phương pháp.",
                       approved=day - dt.timedelta(days=10), sent=day - dt.timedelta(days=7))
    thematic.add_version(store, mid, text="Dự thảo chuyên đề (bản trình chi ủy).",
                         day=day - dt.timedelta(days=12))
    s.accept()                                            # before -> opening
    meetings.update(store, mid, start=start, purpose=s.purpose_text(),
                    minute_taker_id=people["Lê Thị Lan"].id, agenda_approved=True)
    s.accept()                                            # opening -> proceedings
    thematic.set_texts(store, mid, topic_purpose="Giúp đảng viên nhận thức sâu sắc hơn và "
                       "liên hệ với nhiệm vụ giảng dạy, nghiên cứu của khoa.",
                       drafter_response="Tiếp thu các ý kiến, bổ sung ví dụ thực tiễn và phần "
                                        "giải pháp trước khi hoàn thiện chuyên đề.")
    meetings.update(store, mid, report=f"Đồng chí {drafter} trình bày dự thảo chuyên đề gồm "
                    "ba phần: cơ sở, thực trạng tại khoa và giải pháp.")
    title = meetings.meeting_record(store, mid)["topic"]["title"]
    speakers = next(v for k, v in THEMATIC_SPEECHES.items() if title.startswith(k))
    # The drafter's presentation is the report above, not a speech of the discussion.
    for name, text in speakers:
        meetings.add_item(store, mid, "speech", member_id=people[name].id, kind="opinion",
                          text=text)
    s.accept()                                            # proceedings -> closing
    meetings.update(store, mid, orientation="Chuyên đề được chuẩn bị công phu, thiết thực với "
                    "nhiệm vụ chính trị của khoa.",
                    summary="Đồng chí xây dựng chuyên đề tiếp thu ý kiến, hoàn thiện và gửi "
                            "đảng viên nghiên cứu, báo cáo Đảng ủy Trường.")
    s.accept()                                            # closing -> readback
    meetings.update(store, mid, end=end, read_back=True)
    outcome = s.accept()                                  # finalised
    if not outcome.ok:
        raise RuntimeError("; ".join(e.message for e in outcome.errors))
    thematic.add_version(store, mid, text="Chuyên đề hoàn chỉnh sau khi tiếp thu ý kiến.",
                         final=True, day=day + dt.timedelta(days=5))
    thematic.record_follow_up(store, mid, final_sent=day + dt.timedelta(days=6),
                              reported=day + dt.timedelta(days=8))
    s.accept()                                            # after: finished
