"""Scoring a meeting: entries and overrides, caps, forced ratings, the stored JSON, snapshots."""
import shutil

import pytest

from app.rules.scoring import (Entry, entries_from_score, load_rubric, rubric_to_dict, score,
                               shipped_dir, year_summary)
from test_scoring_records import good_record, hd42, qd28, with_attendance  # noqa: F401

FULL_QD28 = {"content_headings": Entry(choice="du"), "democratic_centralism": Entry(yes=True)}
FULL_HD42 = {"content_headings": Entry(choice="du"), "democratic_centralism": Entry(yes=True),
             "political_tasks": Entry(choice="xuat_sac"), "ehandbook": Entry(points=3)}


def test_full_marks_and_the_stored_json_contract(qd28):
    result = score(qd28, good_record(), FULL_QD28)
    assert result.complete and (result.total, result.rating.name) == (100, "Tốt")
    data = result.to_json(vote={"for": 19, "against": 0, "abstain": 0})
    assert set(data) == {"rubric", "total", "rating", "groups", "vote"}
    assert data["rubric"] == {"id": "qd28-2019", "version": "2019.1-macdinh"}
    assert (data["total"], data["rating"]) == (100, "Tốt")
    assert data["vote"] == {"for": 19, "against": 0, "abstain": 0}
    assert [(g["name"], g["max"], g["points"]) for g in data["groups"]] == [
        ("Công tác chuẩn bị sinh hoạt chi bộ", 15, 15), ("Tỷ lệ đảng viên dự sinh hoạt chi bộ", 5, 5),
        ("Tổ chức sinh hoạt chi bộ", 50, 50), ("Thực hiện nguyên tắc tổ chức, sinh hoạt đảng", 15, 15),
        ("Thực hiện kết luận, nghị quyết của kỳ họp trước", 15, 15)]
    for group in data["groups"]:
        assert set(group) == {"name", "max", "points", "criteria"}
        for crit in group["criteria"]:
            assert set(crit) == {"name", "max", "points", "suggested", "reason"}
    conduct = {c["name"]: c for c in data["groups"][2]["criteria"]}
    # a computed criterion shows its suggestion, a manual one shows none
    assert conduct["Sinh hoạt đúng ngày quy định (ngày 3, chậm nhất ngày 5 hằng tháng)"]["suggested"] == 5
    name = "Nội dung sinh hoạt đủ các vấn đề chủ yếu (chính trị, tư tưởng; thực hiện nhiệm vụ chính trị)"
    assert conduct[name] == {"name": name, "max": 12, "points": 12, "suggested": None, "reason": None}


def test_half_points_total_and_rating_on_the_boundary(hd42):
    entries = dict(FULL_HD42, content_headings=Entry(choice="thieu_it"),   # 7 of 10
                   political_tasks=Entry(choice="hoan_thanh"),              # 5 of 10
                   ehandbook=Entry(points=0.5))                             # 0.5 of 3
    result = score(hd42, good_record(), entries)
    assert (result.total, result.rating.name) == (89.5, "Khá")
    assert result.to_json()["total"] == 89.5
    entries["ehandbook"] = Entry(points=1)
    result = score(hd42, good_record(), entries)
    assert (result.total, result.rating.name) == (90, "Tốt")


@pytest.mark.parametrize("total_lost, rating", [(30, "Khá"), (30.5, "Trung bình"), (50, "Trung bình"),
                                                 (50.5, "Kém")])
def test_rating_boundaries_through_scoring(hd42, total_lost, rating):
    entries = dict(FULL_HD42, political_tasks=Entry(choice="khong"), content_headings=Entry(choice="khong_dat"),
                   ehandbook=Entry(points=0))       # −23 from the manual criteria
    rest = total_lost - 23
    from_tasks = min(rest, 20)                      # then from two computed criteria, with a reason
    entries["previous_tasks"] = Entry(points=20 - from_tasks, override_reason="Một việc quan trọng chưa xong")
    entries["speakers_share"] = Entry(points=8 - (rest - from_tasks), override_reason="Phát biểu hình thức")
    result = score(hd42, good_record(), entries)
    assert result.complete
    assert (result.total, result.rating.name) == (100 - total_lost, rating)


def test_override_of_a_suggestion_needs_a_reason(qd28):
    entries = dict(FULL_QD28, duration=Entry(points=3))
    result = score(qd28, good_record(), entries)
    assert not result.complete
    assert [(e.path, e.message) for e in result.errors] == [
        ("entries.duration", "Sửa điểm gợi ý 5 thành 3 điểm phải ghi rõ lý do.")]
    with pytest.raises(ValueError, match="phải ghi rõ lý do"):
        result.to_json()
    entries["duration"] = Entry(points=3, override_reason="Nghỉ giải lao 20 phút giữa buổi")
    result = score(qd28, good_record(), entries)
    assert result.complete and result.total == 98
    crit = next(c for c in result.to_json()["groups"][2]["criteria"] if c["suggested"] == 5 and c["points"] == 3)
    assert crit["reason"] == "Nghỉ giải lao 20 phút giữa buổi"


def test_keeping_the_suggestion_needs_no_reason(qd28):
    result = score(qd28, good_record(), dict(FULL_QD28, duration=Entry(points=5)))
    assert result.complete and result.total == 100


def test_suggestion_facts_are_in_the_result(qd28):
    result = score(qd28, good_record(), FULL_QD28)
    attendance = result.groups[1].criteria[0]
    assert (attendance.suggested, attendance.facts) == (5, "Có mặt 21/23 (91,3%), không ai vắng không lý do")


def test_missing_manual_criteria_count_zero_and_block_storing(qd28):
    result = score(qd28, good_record(), {})
    assert result.missing == ["content_headings", "democratic_centralism"]
    assert result.total == 84 and not result.complete
    with pytest.raises(ValueError, match="chưa được chấm điểm"):
        result.to_json()


@pytest.mark.parametrize("points", [12, -1, 6])
def test_band_criterion_points_must_be_a_band(hd42, points):
    result = score(hd42, good_record(), dict(FULL_HD42, political_tasks=Entry(points=points)))
    assert [e.message for e in result.errors] == [f"{points} điểm không thuộc mức nào của tiêu chí."]
    assert score(hd42, good_record(), dict(FULL_HD42, political_tasks=Entry(points=8))).complete


def test_computed_override_out_of_range(qd28):
    result = score(qd28, good_record(), dict(FULL_QD28, duration=Entry(points=6, override_reason="x")))
    assert [e.message for e in result.errors] == ["Số điểm phải từ 0 đến 5."]


def test_points_criterion_range_and_half_points(hd42):
    errors = score(hd42, good_record(), dict(FULL_HD42, ehandbook=Entry(points=3.5))).errors
    assert [(e.path, e.message) for e in errors] == [("entries.ehandbook", "Số điểm phải từ 0 đến 3.")]
    errors = score(hd42, good_record(), dict(FULL_HD42, ehandbook=Entry(points=2.25))).errors
    assert [e.message for e in errors] == ["Điểm phải là số nguyên hoặc nửa điểm (2,25)."]


def test_unknown_band_and_unknown_criterion(qd28):
    result = score(qd28, good_record(), dict(FULL_QD28, content_headings=Entry(choice="xuat_sac"),
                                             weather=Entry(points=1)))
    assert sorted(e.message for e in result.errors) == ["Không có mức “xuat_sac”.", "Không có tiêu chí “weather”."]


def test_yes_no(qd28):
    result = score(qd28, good_record(), dict(FULL_QD28, democratic_centralism=Entry(yes=False)))
    assert result.total == 96 and result.complete


def test_cap_absence_without_reason(qd28):
    record = with_attendance(good_record(), 50, 43, unexcused=1)    # 86%, one unexcused absence
    result = score(qd28, record, FULL_QD28)
    attendance = result.groups[1]
    assert (attendance.raw_points, attendance.points) == (5, 3)
    without = score(qd28, with_attendance(good_record(), 50, 43), FULL_QD28)
    assert without.groups[1].points == 5 and without.adjustments == []
    assert result.total == without.total - 2
    assert [a.text for a in result.adjustments] == [
        "“Tỷ lệ đảng viên dự sinh hoạt chi bộ” giảm từ 5 xuống tối đa 3 điểm: Có đảng viên vắng mặt không "
        "có lý do: nhóm tỷ lệ dự họp tối đa 3 điểm (có đảng viên vắng mặt không lý do)."]
    assert result.to_json()["groups"][1]["points"] == 3


def test_cap_does_not_raise_points(qd28):
    record = with_attendance(good_record(), 100, 75, unexcused=1)   # 75%: 3 points, the cap is 3
    result = score(qd28, record, FULL_QD28)
    assert result.groups[1].points == 3 and result.adjustments == []


def test_cap_on_a_criterion(qd28):
    data = rubric_to_dict(qd28)
    data["caps"].append({"id": "not_read", "name": "Chưa đọc biên bản", "criterion": "closing_steps",
                         "max": 4, "when": "minutes_not_read"})
    record = good_record()
    record["read_back"] = False
    record["closing"]["minutes_read"] = False
    result = score(load_rubric(data), record, FULL_QD28)
    assert result.groups[2].criteria[6].points == 4     # closing steps 8 → 4
    assert result.total == 100 - 3 - 4


def test_forced_rating_member_disciplined(qd28):
    result = score(qd28, good_record(), FULL_QD28, flags={"member_disciplined": True})
    assert (result.total, result.rating.name) == (100, "Trung bình")
    assert result.adjustments[0].text == ("Xếp loại hạ từ Tốt xuống Trung bình: Có đảng viên bị kỷ luật trong "
                                          "tháng: xếp loại cao nhất là Trung bình (có đảng viên bị kỷ luật "
                                          "trong tháng).")
    assert result.to_json()["rating"] == "Trung bình"


def test_forced_rating_never_raises_a_rating(qd28):
    entries = dict(FULL_QD28, content_headings=Entry(choice="khong_dat"), democratic_centralism=Entry(yes=False),
                   previous_tasks=Entry(points=0, override_reason="Không thực hiện"))
    result = score(qd28, good_record(), entries, flags={"member_disciplined": True})
    assert (result.total, result.rating.name) == (69, "Trung bình")
    assert result.adjustments == []
    entries["meeting_day"] = Entry(points=0, override_reason="Họp muộn")
    entries["duration"] = Entry(points=0, override_reason="Họp ngắn")
    entries["speakers_share"] = Entry(points=0, override_reason="Ít người phát biểu")
    result = score(qd28, good_record(), entries, flags={"member_disciplined": True})
    assert (result.total, result.rating.name) == (51, "Trung bình")
    entries["minutes_read"] = Entry(points=1.5, override_reason="Đọc tóm tắt")
    result = score(qd28, good_record(), entries, flags={"member_disciplined": True})
    assert (result.total, result.rating.name) == (49.5, "Yếu")


def test_no_flag_no_forced_rating(qd28):
    result = score(qd28, good_record(), FULL_QD28, flags={"member_disciplined": False})
    assert result.rating.name == "Tốt" and result.adjustments == []


def test_past_score_unchanged_after_its_rubric_file_is_edited(tmp_path):
    path = tmp_path / "qd28-2019.toml"
    shutil.copy(shipped_dir() / "qd28-2019.toml", path)
    rubric = load_rubric(path)
    record = with_attendance(good_record(), 20, 17)    # 85%: 3 of 5 points
    result = score(rubric, record, FULL_QD28)
    stored = {"snapshot": rubric_to_dict(rubric), "score": result.to_json()}
    assert stored["score"]["total"] == 98

    # The cell edits its rubric afterwards: 85% now earns full points, a group is renamed.
    text = path.read_text(encoding="utf-8")
    text = text.replace("{ above = 85, points = 5 }", "{ min = 85, points = 5 }")
    text = text.replace('name = "Tổ chức sinh hoạt chi bộ"', 'name = "Tiến hành sinh hoạt chi bộ"')
    path.write_text(text.replace('version = "2019.1-macdinh"', 'version = "2019.2"'), encoding="utf-8")
    edited = load_rubric(path)
    new = score(edited, record, FULL_QD28).to_json()         # the edit matters for new scores
    assert new["total"] == 100 and new["groups"][2]["name"] == "Tiến hành sinh hoạt chi bộ"

    # Redisplay / re-score the past meeting from its own snapshot: nothing changes.
    snapshot = load_rubric(stored["snapshot"])
    again = score(snapshot, record, entries_from_score(snapshot, stored["score"]))
    assert again.to_json() == stored["score"]
    assert again.to_json()["rubric"]["version"] == "2019.1-macdinh"


def test_snapshot_is_a_copy_not_a_view(qd28):
    snapshot = rubric_to_dict(qd28)
    snapshot["groups"][0]["name"] = "Đã sửa"
    assert qd28.groups[0].name == "Công tác chuẩn bị sinh hoạt chi bộ"
    assert rubric_to_dict(qd28)["groups"][0]["name"] == "Công tác chuẩn bị sinh hoạt chi bộ"


def test_entries_from_score_keep_overrides(qd28):
    entries = dict(FULL_QD28, duration=Entry(points=2.5, override_reason="Về sớm"))
    stored = score(qd28, good_record(), entries).to_json()
    again = score(qd28, good_record(), entries_from_score(qd28, stored))
    assert again.to_json() == stored and again.total == 97.5


# --- year history ----------------------------------------------------------------------

def test_year_summary():
    rows = [(1, 92, "Tốt"), (2, 88.5, "Khá"), (3, 65, "Trung bình"), (4, 90, "Tốt"), (5, 45, "Yếu")]
    summary = year_summary(rows)
    assert summary.counts == {"Tốt": 2, "Khá": 1, "Trung bình": 1, "Yếu": 1, "Kém": 0}
    assert summary.average == 76.1
    assert summary.below == [3, 5]
    assert summary.months == 5


def test_year_summary_empty_and_2025_scale():
    assert year_summary([]).average is None and year_summary([]).below == []
    summary = year_summary([(11, 40, "Kém"), (12, 70, "Khá")])
    assert summary.below == [11] and summary.counts["Kém"] == 1 and summary.average == 55
