"""Meeting records (the store's dict shape, see BRIEF) and the shipped rubrics, shared by the
scoring tests; no tests here."""
import copy

import pytest

from app.rules.scoring import shipped_rubric


@pytest.fixture(scope="module")
def qd28():
    return shipped_rubric("qd28-2019")


@pytest.fixture(scope="module")
def hd42():
    return shipped_rubric("hd42-2025")


MEMBERS = [f"Đảng viên {i:02d}" for i in range(1, 24)]   # 23 in the attendance base

_GOOD = {
    "id": "m-2024-04", "kind": "regular", "status": "draft", "version": 1,
    "amends": None, "amend_reason": None,
    "cell": {"id": "c1", "name": "Chi bộ Khoa Y tế công cộng", "has_committee": True,
             "secretary": "Nguyễn Thị Hoa", "deputy": "Trần Văn Minh"},
    "number": "04-BB/CB",
    "date": "2024-04-03", "rule_date": "2024-04-03", "off_rule_reason": None,
    "place": "Phòng họp tầng 2, nhà A",
    "start": "14:00", "end": "15:45", "duration_minutes": 105,
    "sitting": None, "short_reason": None,
    "chair": "Nguyễn Thị Hoa", "minute_taker": "Lê Thị Lan",
    "purpose": "Sinh hoạt chi bộ thường kỳ tháng 4/2024",
    "guests": [{"name": "Phạm Văn Khách", "title": "Đảng ủy viên", "organisation": "Đảng ủy Trường"}],
    "preparation": {"content_by": "Nguyễn Thị Hoa", "draft_done": True, "committee_met": "2024-04-01",
                    "notice_sent": "2024-04-01", "documents_sent": "2024-04-01", "attachments": []},
    "attendance": {"on_roll": 25, "base": 23, "present": 21, "rate": 91.3,
                   "full": 22, "probationary": 2, "temporary": 1,
                   "present_names": MEMBERS[:21],
                   "absent_with_reason": [{"name": MEMBERS[21], "reason": "Đi công tác"},
                                          {"name": MEMBERS[22], "reason": "Ốm"}],
                   "absent_without_reason": [], "exempted": ["Cụ Hưu Trí"], "elsewhere": ["Người Tạm Vắng"],
                   "late": [], "left_early": []},
    "voting": {"base": 20, "present": 19},
    "agenda": [{"id": "a1", "title": "Công tác chính trị, tư tưởng"},
               {"id": "a2", "title": "Thực hiện nhiệm vụ chính trị"}],
    "agenda_approved": True,
    "report": "Báo cáo kết quả tháng 3 và nhiệm vụ tháng 4.",
    "speeches": (
        [{"speaker": MEMBERS[i], "kind": "opinion", "target": None, "text": "Ý kiến.",
          "agenda_item": "a1", "seconds": 120} for i in range(10)]
        + [{"speaker": MEMBERS[10], "kind": "self_criticism", "target": None, "text": "Tự phê bình.",
            "agenda_item": "a2", "seconds": None},
           {"speaker": MEMBERS[11], "kind": "criticism", "target": MEMBERS[10], "text": "Góp ý.",
            "agenda_item": "a2", "seconds": None},
           {"speaker": "Phạm Văn Khách", "kind": "opinion", "target": None, "text": "Khách phát biểu.",
            "agenda_item": "a1", "seconds": None}]),
    "orientation": "Định hướng tư tưởng về nhiệm vụ tháng 4.",
    "summary": "Tổng hợp ý kiến.",
    "tasks": [{"assignee": MEMBERS[0], "text": "Hoàn thành báo cáo", "due": "2024-04-30", "agenda_item": "a2"}],
    "proposals": [],
    "resolution": {"type": "resolution", "text": "Nghị quyết tháng 4."},
    "votes": [{"subject": "Thông qua nghị quyết", "for": 19, "against": 0, "abstain": 0,
               "base": 20, "passed": True}],
    "previous_tasks": [{"text": "Việc 1", "assignee": MEMBERS[0], "outcome": "done", "note": ""},
                       {"text": "Việc 2", "assignee": MEMBERS[1], "outcome": "done", "note": ""}],
    "closing": {"summary_done": True, "tasks_assigned": True, "orientation_done": True,
                "resolution_passed": True, "scored": True, "minutes_read": True},
    "read_back": True,
    "score": None, "topic": None,
}


def good_record() -> dict:
    """A meeting that earns every computed point of both shipped rubrics."""
    return copy.deepcopy(_GOOD)


def with_attendance(record: dict, base: int, present: int, unexcused: int = 0) -> dict:
    att = record["attendance"]
    att.update(base=base, present=present, rate=round(100 * present / base, 1),
               present_names=MEMBERS[:present] if present <= len(MEMBERS) else att["present_names"],
               absent_without_reason=[f"Vắng Không Phép {i}" for i in range(unexcused)])
    return record
