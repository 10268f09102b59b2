"""Example inputs for the documents (tests, benchmarks, previews): deterministic, any size."""
from __future__ import annotations

import datetime as dt

from app.rules.cell_rules import passes

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
_MIDDLE = ["Thị", "Văn", "Đức", "Minh", "Thu", "Quốc", "Hữu", "Ngọc"]
_GIVEN = ["Hoa", "Minh", "Lan", "Hưng", "Dũng", "Phương", "Thảo", "Tuấn", "Hằng", "Quỳnh",
          "Đạt", "Yến", "Khoa", "Hiền", "Sơn", "Trường", "Ngân", "Việt", "Huyền", "Lộc",
          "Thắng", "Nguyệt", "Bích", "Cường", "Ánh", "Mỹ", "Hải", "Oanh", "Kiên", "Diệp"]

CELL = {
    "id": "cell-1", "name": "Chi bộ Khoa Y tế công cộng",
    "parent_org": "Đảng bộ Trường Đại học Y Dược Thái Bình",
    "upper_committee": "Đảng ủy Trường Đại học Y Dược Thái Bình",
    "place_name": "Thái Bình", "has_committee": True,
    "secretary": "Nguyễn Thị Hoa", "deputy": "Trần Văn Minh",
}


def member_names(n: int) -> list[str]:
    """n distinct Vietnamese names; the first two are the cell's secretary and deputy."""
    names = [CELL["secretary"], CELL["deputy"], "Lê Thị Lan"]
    i = 0
    while len(names) < n:
        name = (f"{_SURNAMES[i % len(_SURNAMES)]} {_MIDDLE[(i // 3) % len(_MIDDLE)]} "
                f"{_GIVEN[(i * 7) % len(_GIVEN)]}")
        if name not in names:
            names.append(name)
        i += 1
    return names[:n]


_SPEECH_TEXTS = [
    "Nhất trí với báo cáo của đồng chí bí thư; đề nghị bổ sung kết quả thực hiện nhiệm vụ "
    "chuyên môn của bộ môn trong tháng.",
    "Bản thân còn chậm hoàn thành hồ sơ giảng dạy; sẽ khắc phục trước ngày 15.",
    "Đề nghị chi bộ quan tâm hơn đến việc cập nhật Sổ tay đảng viên điện tử của đảng viên trẻ.",
    "Tình hình tư tưởng của đảng viên, viên chức ổn định; cần tiếp tục nắm bắt dư luận về "
    "chế độ tiền lương mới.",
]


def sample_record(members: int = 25, speeches: int = 40, tasks: int = 15, *,
                  status: str = "draft", kind: str = "regular", with_score: bool = True,
                  number: str | None = "04-BB/CB") -> dict:
    """A meeting record of the shape `chibo meeting show ID --json` prints."""
    names = member_names(members)
    absent_reason = [{"name": names[-1], "reason": "Đi công tác tại Hà Nội"}]
    absent_without = [names[-2]] if members > 10 else []
    exempted = [names[-3]] if members > 12 else []
    probationary = 2 if members > 10 else 0
    base = members - len(exempted)
    present_names = [n for n in names if n not in {names[-1], *absent_without, *exempted}]
    voting_base = base - probationary
    agenda = [{"id": "a1", "title": "Công tác chính trị, tư tưởng"},
              {"id": "a2", "title": "Kết quả thực hiện nhiệm vụ chính trị tháng 3 năm 2024"},
              {"id": "a3", "title": "Phương hướng, nhiệm vụ tháng 4 năm 2024"}]
    kinds = ["opinion", "self_criticism", "criticism", "proposal"]
    speech_list = []
    for i in range(speeches):
        kind_ = kinds[i % 4]
        speech_list.append({
            "speaker": present_names[i % len(present_names)], "kind": kind_,
            "target": present_names[(i + 1) % len(present_names)] if kind_ == "criticism" else None,
            "text": f"({i + 1}) " + _SPEECH_TEXTS[i % len(_SPEECH_TEXTS)],
            "agenda_item": agenda[i % 3]["id"], "seconds": 120,
        })
    task_list = [{"assignee": present_names[i % len(present_names)],
                  "text": f"Nhiệm vụ số {i + 1}: hoàn thành kế hoạch giảng dạy và báo cáo kết quả "
                          "cho chi bộ.",
                  "due": (dt.date(2024, 4, 30) + dt.timedelta(days=i)).isoformat(),
                  "agenda_item": "a3"} for i in range(tasks)]
    present = len(present_names)
    voting_present = voting_base - 1
    record = {
        "id": "meeting-1", "kind": kind, "status": status, "version": 1, "amends": None,
        "amend_reason": None, "cell": dict(CELL), "number": number,
        "date": "2024-04-03", "rule_date": "2024-04-03", "off_rule_reason": None,
        "place": "Phòng họp tầng 2, nhà A", "start": "14:00", "end": "15:45",
        "duration_minutes": 105, "sitting": None, "short_reason": None,
        "chair": names[0], "minute_taker": names[2],
        "purpose": "Đánh giá kết quả tháng 3, triển khai nhiệm vụ tháng 4 năm 2024.",
        "guests": [{"name": "Phạm Quốc Khánh", "title": "Ủy viên Ban Chấp hành Đảng bộ",
                    "organisation": "Đảng ủy Trường Đại học Y Dược Thái Bình"}],
        "preparation": {"content_by": names[0], "draft_done": True, "committee_met": "2024-04-01",
                        "notice_sent": "2024-04-01", "documents_sent": "2024-04-01",
                        "attachments": []},
        "attendance": {
            "on_roll": members, "base": base, "present": present,
            "rate": round(100 * present / base, 1) if base else 0.0,
            "full": members - probationary - 1, "probationary": probationary, "temporary": 1,
            "present_names": present_names, "absent_with_reason": absent_reason,
            "absent_without_reason": absent_without, "exempted": exempted, "elsewhere": [],
            "late": [{"name": present_names[3], "time": "14:20"}],
            "left_early": [{"name": present_names[4], "time": "15:30"}],
        },
        "voting": {"base": voting_base, "present": voting_present},
        "agenda": agenda, "agenda_approved": True,
        "report": "Tháng 3 năm 2024, chi bộ lãnh đạo hoàn thành tốt nhiệm vụ giảng dạy, "
                  "nghiên cứu khoa học.\nTư tưởng đảng viên ổn định, đoàn kết.",
        "speeches": speech_list,
        "orientation": "Quán triệt Nghị quyết Hội nghị Trung ương 8 khóa XIII; tiếp tục học tập "
                       "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        "summary": "Chi bộ thống nhất đánh giá tháng 3 hoàn thành tốt nhiệm vụ; tháng 4 tập trung "
                   "vào công tác giảng dạy và chuẩn bị kiểm định chất lượng.",
        "tasks": task_list,
        "proposals": [{"member": present_names[5], "text": "Đề nghị bố trí kinh phí mua tài liệu.",
                       "handling": "forwarded", "note": "Đã chuyển Đảng ủy Trường."}],
        "resolution": {"type": "resolution", "number": "04-NQ/CB",
                       "text": "1. Tiếp tục lãnh đạo thực hiện tốt nhiệm vụ chính trị.\n"
                               "2. 100% đảng viên sử dụng Sổ tay đảng viên điện tử, đạt tối thiểu "
                               "20 điểm mỗi tháng."},
        "votes": [{"subject": "Thông qua nghị quyết", "for": voting_present, "against": 0,
                   "abstain": 0, "base": voting_base, "passed": passes(voting_present, voting_base)}],
        "previous_tasks": [{"text": "Hoàn thành báo cáo quý I", "assignee": names[1],
                            "outcome": "done", "note": ""},
                           {"text": "Rà soát hồ sơ đảng viên", "assignee": names[2],
                            "outcome": "partly", "note": "Còn 2 hồ sơ"}],
        "closing": {"summary_done": True, "tasks_assigned": True, "orientation_done": True,
                    "resolution_passed": True, "scored": True, "minutes_read": True},
        "read_back": True,
        "score": None,
        "topic": None,
    }
    if with_score:
        record["score"] = {
            "rubric": {"id": "thai-binh-2019", "version": "1"}, "total": 92.5, "rating": "Tốt",
            "groups": [{"name": "Công tác chuẩn bị", "max": 15, "points": 14, "criteria": []},
                       {"name": "Tỷ lệ đảng viên dự sinh hoạt", "max": 5, "points": 4.5,
                        "criteria": []},
                       {"name": "Tiến hành sinh hoạt", "max": 50, "points": 47, "criteria": []},
                       {"name": "Nguyên tắc sinh hoạt đảng", "max": 15, "points": 14, "criteria": []},
                       {"name": "Thực hiện nghị quyết, kết luận kỳ trước", "max": 15, "points": 13,
                        "criteria": []}],
            "vote": {"for": voting_present, "against": 0, "abstain": 0},
        }
    if kind == "thematic":
        record["topic"] = {"title": "Học tập và làm theo tư tưởng Hồ Chí Minh về y đức",
                           "group": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                           "drafter": names[1], "versions": [],
                           "drafter_notes": "Tiếp thu ý kiến, bổ sung phần liên hệ thực tiễn."}
        record["number"] = number and number.replace("04-", "05-")
        record["resolution"] = {"type": "conclusion",
                                "text": "Chuyên đề được chuẩn bị công phu; bổ sung phần giải pháp."}
    return record


def sample_plan(year: int = 2024) -> dict:
    names = member_names(8)
    items = []
    for q in range(1, 5):
        month = 3 * q - 1
        items.append({"quarter": q, "planned_date": f"{year}-{month:02d}-03",
                      "title": f"Chuyên đề quý {q}: nâng cao chất lượng sinh hoạt chi bộ gắn với "
                               "nhiệm vụ chuyên môn",
                      "group": "Xây dựng Đảng và phòng, chống tham nhũng, lãng phí, quan liêu",
                      "drafter": names[q + 1], "combined": q % 2 == 0})
    return {"cell": dict(CELL), "year": year, "items": items, "number": "01-KH/CB",
            "date": f"{year}-01-05", "status": "finalised"}


def sample_topic(year: int = 2024) -> dict:
    return {"cell": dict(CELL),
            "title": "Học tập và làm theo tư tưởng Hồ Chí Minh về y đức",
            "group": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "drafter": "Trần Văn Minh", "date": f"{year}-05-03", "status": "finalised",
            "body": "I. MỞ ĐẦU\nChủ tịch Hồ Chí Minh dạy: “Lương y phải như từ mẫu”.\n"
                    "II. NỘI DUNG\n1. Tư tưởng Hồ Chí Minh về y đức.\n"
                    "2. Liên hệ với nhiệm vụ của Khoa Y tế công cộng.\n"
                    "III. KẾT LUẬN\nMỗi đảng viên rèn luyện đạo đức nghề nghiệp."}
