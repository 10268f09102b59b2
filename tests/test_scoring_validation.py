"""Every validation error of a rubric, each from one edit of the shipped 2019 rubric."""
import pytest

from app.rules.scoring import RubricError, load_rubric, rubric_to_dict, shipped_rubric, validate


@pytest.fixture
def data():
    return rubric_to_dict(shipped_rubric("qd28-2019"))


def group(data, gid):
    return next(g for g in data["groups"] if g["id"] == gid)


def crit(data, cid):
    return next(c for g in data["groups"] for c in g["criteria"] if c["id"] == cid)


def only_error(data):
    errors = validate(data)
    assert len(errors) == 1, errors
    return errors[0]


def test_criteria_not_adding_up_to_their_group(data):
    group(data, "preparation")["max"] = 16
    group(data, "conduct")["max"] = 49
    errors = validate(data)
    assert [e.path for e in errors] == ["groups.preparation.criteria", "groups.conduct.criteria"]
    assert errors[0].message == ("Các tiêu chí của nhóm “Công tác chuẩn bị sinh hoạt chi bộ” cộng lại "
                                 "được 15 điểm, không bằng 16 điểm của nhóm.")


def test_groups_not_adding_up_to_100(data):
    data["groups"].pop()   # drops the 15-point group "previous resolution"
    error = only_error(data)
    assert (error.path, error.message) == ("groups", "Các nhóm tiêu chí cộng lại được 85 điểm, không bằng 100 điểm.")


def test_thresholds_not_in_order(data):
    data["ratings"][1]["min"], data["ratings"][2]["min"] = 50, 70
    data["ratings"][1].pop("below"), data["ratings"][2].pop("below"), data["ratings"][3].pop("below")
    error = only_error(data)
    assert error.path == "ratings.trung_binh.min"
    assert error.message.startswith("Các mức xếp loại phải xếp từ cao xuống thấp: “Trung bình” bắt đầu từ 70")


def test_thresholds_overlapping_same_start(data):
    data["ratings"][2]["min"] = 70
    data["ratings"][2].pop("below")
    data["ratings"][3]["below"] = 70
    error = only_error(data)
    assert error.message == "Hai mức “Khá” và “Trung bình” chồng lên nhau: cùng bắt đầu từ 70."


def test_thresholds_overlapping_by_upper_bound(data):
    data["ratings"][1]["below"] = 95    # Khá 70 to < 95 but Tốt starts at 90
    error = only_error(data)
    assert error.path == "ratings.kha.below"
    assert "chồng lên nhau" in error.message and "dưới 95" in error.message


def test_thresholds_leaving_a_gap(data):
    data["ratings"][2]["below"] = 65    # Trung bình 50 to < 65, Khá from 70
    error = only_error(data)
    assert error.message == "Số điểm từ 65 đến dưới 70 không thuộc mức xếp loại nào."


def test_thresholds_not_covering_zero(data):
    data["ratings"][3]["min"] = 10
    error = only_error(data)
    assert (error.path, error.message) == (
        "ratings", "Các mức xếp loại chưa bao số điểm dưới 10: mức thấp nhất phải bắt đầu từ 0.")


def test_thresholds_not_covering_100(data):
    data["ratings"][0]["below"] = 100   # a total of 100 would have no rating
    error = only_error(data)
    assert error.message == "Các mức xếp loại chưa bao hết số điểm đến 100."


def test_threshold_outside_0_to_100(data):
    data["ratings"][0]["min"] = 101
    assert [e.message for e in validate(data)] == [
        "Ngưỡng 101 nằm ngoài khoảng 0–100.",
        "Số điểm từ 90 đến dưới 101 không thuộc mức xếp loại nào.",
    ]


def test_duplicate_criterion_id(data):
    crit(data, "prep_draft")["id"] = "prep_content"
    error = only_error(data)
    assert (error.path, error.message) == ("groups.preparation.criteria[1].id",
                                           "Mã “prep_content” bị trùng.")


def test_duplicate_rating_id(data):
    data["ratings"][1]["id"] = "tot"
    assert only_error(data).message == "Mã “tot” bị trùng."


def test_duplicate_band_id(data):
    crit(data, "content_headings")["bands"][1]["id"] = "du"
    assert only_error(data).message == "Mã “du” bị trùng."


def test_non_ascii_id(data):
    crit(data, "prep_draft")["id"] = "dự_thảo"
    assert only_error(data).message.startswith("Mã “dự_thảo” chỉ được dùng chữ thường không dấu")


def test_band_above_its_criterion_max(data):
    crit(data, "content_headings")["bands"][0]["points"] = 13
    error = only_error(data)
    assert error.path == "groups.conduct.criteria.content_headings.bands[0].points"
    assert error.message == "Một mức cho 13 điểm, cao hơn điểm tối đa 12 của tiêu chí."


def test_computed_band_above_its_criterion_max(data):
    crit(data, "attendance_rate")["bands"][0]["points"] = 6
    assert only_error(data).message == "Một mức cho 6 điểm, cao hơn điểm tối đa 5 của tiêu chí."


def test_negative_points(data):
    crit(data, "content_headings")["bands"][3]["points"] = -1
    assert only_error(data).message == "Điểm không được âm (-1)."


def test_half_point_granularity(data):
    crit(data, "duration")["bands"][1]["points"] = 2.25
    assert only_error(data).message == "Điểm phải là số nguyên hoặc nửa điểm (2,25)."


def test_half_points_are_allowed(data):
    crit(data, "duration")["bands"][1]["points"] = 3.5
    assert validate(data) == []


def test_unknown_kind(data):
    crit(data, "democratic_centralism")["kind"] = "slider"
    assert only_error(data).message == ("Không có loại tiêu chí “slider” (dùng yesno, band, points "
                                        "hoặc computed).")


def test_unknown_source(data):
    crit(data, "meeting_day")["source"] = "weather"
    error = only_error(data)
    assert (error.path, error.message) == ("groups.conduct.criteria.meeting_day.source",
                                           "Không có cách tính “weather”.")


def test_unknown_parameter(data):
    crit(data, "duration")["params"]["max_minutes"] = 200
    assert only_error(data).message == "Cách tính “duration” không có tham số “max_minutes”."


def test_unknown_checklist_item(data):
    crit(data, "opening_steps")["params"]["items"].append("national_anthem")
    assert only_error(data).message == "Không có việc “national_anthem” trong danh mục kiểm tra."


def test_computed_bands_out_of_order(data):
    crit(data, "speakers_share")["bands"].reverse()
    errors = validate(data)
    assert {e.message for e in errors} == {"Các mức phải xếp từ ngưỡng cao xuống ngưỡng thấp."}


def test_computed_band_without_threshold(data):
    del crit(data, "speakers_share")["bands"][0]["min"]
    assert only_error(data).message.startswith("Mỗi mức của tiêu chí tự tính cần đúng một ngưỡng")


def test_band_criterion_without_bands(data):
    crit(data, "content_headings")["bands"] = []
    assert only_error(data).message == "Tiêu chí chọn theo mức cần ít nhất một mức."


def test_bands_on_a_yesno_criterion(data):
    crit(data, "democratic_centralism")["bands"] = [{"id": "a", "name": "A", "points": 4}]
    assert only_error(data).message == "Chỉ tiêu chí chọn theo mức và tiêu chí tự tính mới có các mức."


def test_computation_on_a_manual_criterion(data):
    crit(data, "democratic_centralism")["source"] = "duration"
    assert only_error(data).message == "Chỉ tiêu chí tự tính mới có cách tính."


def test_missing_name(data):
    crit(data, "prep_draft")["name"] = "  "
    error = only_error(data)
    assert (error.path, error.message) == ("groups.preparation.criteria.prep_draft.name",
                                           "Thiếu hoặc để trống mục “name”.")


def test_group_without_criteria(data):
    group(data, "previous_resolution")["criteria"] = []
    assert only_error(data).message == "Nhóm “Thực hiện kết luận, nghị quyết của kỳ họp trước” chưa có tiêu chí nào."


def test_cap_above_its_group_max(data):
    data["caps"][0]["max"] = 6
    error = only_error(data)
    assert (error.path, error.message) == ("caps[0].max",
                                           "Mức trần 6 điểm cao hơn điểm tối đa 5 của “attendance”.")


def test_cap_on_an_unknown_group(data):
    data["caps"][0]["group"] = "attendence"
    assert only_error(data).message == "Mức trần điểm nhắc đến nhóm “attendence” không có trong thang điểm."


def test_cap_on_both_a_group_and_a_criterion(data):
    data["caps"][0]["criterion"] = "attendance_rate"
    assert only_error(data).message == "Mỗi mức trần điểm áp dụng cho đúng một nhóm hoặc một tiêu chí."


def test_unknown_condition(data):
    data["caps"][0]["when"] = "rain"
    assert only_error(data).message == "Không có điều kiện “rain”."


def test_forced_rating_to_an_unknown_rating(data):
    data["forced"][0]["at_most"] = "kem"
    assert only_error(data).message == ("Quy định hạ xếp loại nhắc đến mức xếp loại “kem” không có "
                                        "trong thang điểm.")


def test_no_ratings(data):
    data["ratings"] = []
    assert only_error(data).message == "Thang điểm cần ít nhất một mức xếp loại."


def test_load_refuses_an_invalid_rubric(data):
    group(data, "attendance")["max"] = 6
    with pytest.raises(RubricError) as info:
        load_rubric(data)
    assert len(info.value.errors) == 2   # criteria ≠ group, groups ≠ 100
    assert "không bằng 100 điểm" in str(info.value)
