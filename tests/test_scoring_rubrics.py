"""The shipped rubrics, the rating boundaries, copying and saving a rubric."""
import tomllib

import pytest

from app.rules.scoring import (copy_rubric, list_rubrics, load_rubric, rating_for, rubric_to_dict,
                               shipped_dir, shipped_rubric, to_toml, validate)


def test_both_rubrics_are_shipped_and_validate_clean():
    rubrics = {r.id: r for r in list_rubrics()}
    assert set(rubrics) == {"qd28-2019", "hd42-2025"}
    for path in shipped_dir().glob("*.toml"):
        with open(path, "rb") as fh:
            assert validate(tomllib.load(fh)) == [], path.name


@pytest.mark.parametrize("rubric_id, group_points", [
    ("qd28-2019", [15, 5, 50, 15, 15]),
    ("hd42-2025", [5, 5, 10, 40, 5, 30, 5]),
])
def test_groups_sum_to_100_and_criteria_to_their_group(rubric_id, group_points):
    rubric = shipped_rubric(rubric_id)
    assert [g.max for g in rubric.groups] == group_points
    assert sum(g.max for g in rubric.groups) == 100
    for group in rubric.groups:
        assert sum(c.max for c in group.criteria) == group.max, group.id


def test_the_2019_rubric_names_its_documents_and_says_the_breakdown_is_a_default():
    rubric = shipped_rubric("qd28-2019")
    assert "28-QĐ/TU" in rubric.document and "24-HD/BTCTU" in rubric.document
    assert "mặc định" in rubric.note and "03-KH/ĐUK" in rubric.note
    assert [r.name for r in rubric.ratings] == ["Tốt", "Khá", "Trung bình", "Yếu"]
    assert [g.name for g in rubric.groups][0] == "Công tác chuẩn bị sinh hoạt chi bộ"


def test_the_2025_rubric_is_labelled_as_from_secondary_copies():
    rubric = shipped_rubric("hd42-2025")
    assert "42-HD/BTCTW" in rubric.document and "28/10/2025" in rubric.document
    assert "thứ cấp" in rubric.note and "kiểm tra" in rubric.note
    assert [r.name for r in rubric.ratings] == ["Tốt", "Khá", "Trung bình", "Kém"]


def test_shipped_rubrics_use_every_kind_of_criterion():
    kinds = {c.kind for r in list_rubrics() for c in r.criteria()}
    assert kinds == {"yesno", "band", "points", "computed"}


@pytest.mark.parametrize("rubric_id, bottom", [("qd28-2019", "Yếu"), ("hd42-2025", "Kém")])
@pytest.mark.parametrize("total, expected", [
    (100, "Tốt"), (90, "Tốt"), (89.5, "Khá"), (70, "Khá"), (69.5, "Trung bình"),
    (50, "Trung bình"), (49.5, None), (0, None),
])
def test_rating_boundaries(rubric_id, bottom, total, expected):
    assert rating_for(shipped_rubric(rubric_id), total).name == (expected or bottom)


def test_to_toml_round_trips_and_copy_gets_a_new_id():
    rubric = shipped_rubric("qd28-2019")
    text = to_toml(rubric)
    assert tomllib.loads(text) == rubric_to_dict(rubric)
    copied = copy_rubric(rubric, "qd28-2019-chibo-ytcc", "Thang điểm của chi bộ Y tế công cộng")
    assert validate(copied) == []
    again = load_rubric(tomllib.loads(to_toml(copied)))
    assert (again.id, again.version, again.name) == (
        "qd28-2019-chibo-ytcc", "1", "Thang điểm của chi bộ Y tế công cộng")
    assert copied["copied_from"] == {"id": "qd28-2019", "version": rubric.version}
    assert [g.max for g in again.groups] == [15, 5, 50, 15, 15]


def test_rubric_texts_are_stored_nfc():
    data = rubric_to_dict(shipped_rubric("qd28-2019"))
    data["name"] = "Tho\u0302\u0300ng"   # decomposed "Thồng"
    assert load_rubric(data).name == "Th\u1ed3ng"
