"""The shipped procedure files against the seed, and validation of procedure files."""
import re
import shutil
from pathlib import Path

import pytest

from app import paths
from app.procedure import (ProcedureError, check_file, list_procedures, load_procedure,
                           parse_procedure)

SEED = Path("/work/shared/seed/000_458a92986bf9340e.txt")
SHIPPED = paths.resources() / "procedures"
# Extraction typos of the seed corrected in the procedure files (also marked there).
CORRECTIONS = {
    "theo dõi chỉ bộ": "theo dõi chi bộ",
    "được chỉ ủy hoặc bí thư chi bộ thông và gửi": "được chi ủy hoặc bí thư chi bộ thông qua và gửi",
    "đóng góp kiến": "đóng góp ý kiến",
}


def seed_rows(start: str, stop: str) -> list[str]:
    """Table rows of the seed between two markers; a row split by a page break is joined."""
    text = SEED.read_text(encoding="utf-8")
    block = text[text.index(start): text.index(stop, text.index(start))]
    rows, after_header = [], False
    for line in block.splitlines():
        if not line.strip():
            continue
        if line.startswith("TT\tNỘI DUNG"):
            after_header = True
            continue
        if after_header and line.startswith("\t") and rows:
            rows[-1] += " " + line.strip()
        else:
            rows.append(line)
        after_header = False
    return rows


def clean(text: str) -> str:
    text = re.sub(r"</?i>", "", text).strip()
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return text


def seed_items(start: str, stop: str, numbered: tuple[str, ...] = ()) -> list[str]:
    out = []
    for row in seed_rows(start, stop):
        mark, _, text = row.partition("\t")
        if mark == "-" or mark in numbered:
            out.append(clean(text))
    return out


pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed document not available")


def all_items(proc):
    return [i for s in proc.steps for i in s.items]


def test_shipped_files_validate():
    files = sorted(SHIPPED.glob("*.toml"))
    assert [f.name for f in files] == ["regular-hd12-2018.toml", "regular-hd42-2025.toml",
                                       "thematic-hd12-2018.toml", "thematic-hd42-2025.toml"]
    for f in files:
        assert check_file(f) == []
        assert load_procedure(f).id == f.stem


def test_list_and_load():
    assert [p.id for p in list_procedures(dirs=[SHIPPED])] == [
        "regular-hd12-2018", "regular-hd42-2025", "thematic-hd12-2018", "thematic-hd42-2025"]
    assert [p.id for p in list_procedures("thematic", dirs=[SHIPPED])] == [
        "thematic-hd12-2018", "thematic-hd42-2025"]
    regular = load_procedure("regular-hd12-2018")
    assert regular.kind == "regular" and regular.source == "Hướng dẫn 12-HD/BTCTW ngày 06/7/2018"
    assert regular.step_ids == ["preparation", "opening", "proceedings", "closing", "scoring", "readback"]
    assert regular.finalising_step == "readback"
    thematic = load_procedure("thematic-hd12-2018")
    assert thematic.step_ids == ["before", "opening", "proceedings", "closing", "readback", "after"]
    assert thematic.finalising_step == "readback"  # the "after" step follows the finalised minutes
    with pytest.raises(ProcedureError, match="không có quy trình mã “regular-2099”"):
        load_procedure("regular-2099", dirs=[SHIPPED])


def test_regular_checklist_is_the_seeds():
    seed = seed_items("(1) Đổi mới sinh hoạt thường kỳ", "II\tNội dung sinh hoạt chi bộ")
    assert len(seed) == 16
    proc = load_procedure("regular-hd12-2018")
    assert [i.text for i in all_items(proc)] == seed
    # a few verbatim, and where they sit
    assert proc.step("opening").items[1].text == "Cử thư ký ghi biên bản sinh hoạt chi bộ"
    assert proc.step("closing").items[2].text == "Thông qua nghị quyết hoặc kết luận"
    assert proc.step("readback").items[0].text == "Thư ký trình bày biên bản sinh hoạt chi bộ"
    assert proc.step("scoring").items[0].text.startswith(
        "Đánh giá, chấm điểm chất lượng sinh hoạt chi bộ thông qua 05 nhóm tiêu chí")
    assert proc.step("preparation").items[0].text == (
        "Bí thư hoặc Phó Bí thư chi bộ trực tiếp chuẩn bị tốt nội dung sinh hoạt")


def test_thematic_checklist_is_the_seeds():
    seed = seed_items("I\tQuy trình sinh hoạt chi bộ chuyên đề", "II\tNội dung sinh hoạt chi bộ chuyên đề",
                      numbered=("1", "2", "3"))
    assert len(seed) == 13
    proc = load_procedure("thematic-hd12-2018")
    from_seed = [i.text for i in all_items(proc) if not i.ref.startswith("derived")]
    assert from_seed == seed
    assert proc.step("closing").items[0].text == (
        "Bí thư chi bộ đánh giá việc chuẩn bị, chất lượng của chuyên đề; ý nghĩa, tác dụng của chuyên đề "
        "đối với chi bộ, đảng viên")
    # no scoring step: the 100-point rubric scores regular meetings only
    assert "scoring" not in proc.step_ids
    assert not any("scored" in i.auto for i in all_items(proc))


def test_thematic_topic_groups_are_the_seeds():
    seed = seed_items("II\tNội dung sinh hoạt chi bộ chuyên đề", "Lưu ý:")
    proc = load_procedure("thematic-hd12-2018")
    assert [g.title for g in proc.topic_groups] == seed and len(seed) == 8


def test_regular_agenda_follows_the_content_headings():
    proc = load_procedure("regular-hd12-2018")
    headings = [h.title for h in proc.agenda if h.level == 1]
    assert headings == ["Về công tác chính trị, tư tưởng", "Về thực hiện nhiệm vụ chính trị"]
    titles = " | ".join(h.title for h in proc.agenda)
    for part in ("trong tháng", "Nghị quyết Trung ương 4 khóa XI", "Kết luận số 21-KL/TW",
                 "phong cách Hồ Chí Minh theo chuyên đề tháng", "các đoàn thể chính trị xã hội",
                 "Nhiệm vụ tháng tiếp theo"):
        assert part in titles
    assert all(h.title_en for h in proc.agenda)


def test_every_item_has_english_and_auto_facts():
    for proc in list_procedures(dirs=[SHIPPED]):
        for step in proc.steps:
            assert step.title_en and step.label("en") == step.title_en and step.label("vi") == step.title
            for item in step.items:
                assert item.text_en and item.auto, item.id


def test_templates():
    regular = load_procedure("regular-hd12-2018")
    text = regular.render("purpose", cell="Chi bộ Khoa Y tế công cộng", month=4, year=2024)
    assert "hôm nay Chi bộ Khoa Y tế công cộng tiến hành sinh hoạt chi bộ thường kỳ tháng 4 năm 2024" in text
    assert regular.render("readback", end="15:45").endswith("kết thúc vào hồi 15:45 cùng ngày.")
    with pytest.raises(ProcedureError, match="Mẫu “purpose” cần giá trị cho cell"):
        regular.render("purpose", month=4, year=2024)
    thematic = load_procedure("thematic-hd12-2018")
    text = thematic.render("purpose", cell="Chi bộ X", month=5, quarter="II", year=2024,
                           topic="Học tập Bác")
    # A thematic meeting is one of the quarter: its period is the quarter, as in its title.
    assert "sinh hoạt chuyên đề quý II năm 2024 với chủ đề: “Học tập Bác”." in text


# --- validation -------------------------------------------------------------------------------

MINIMAL = {
    "id": "mini", "kind": "regular", "name": "Thử", "source": "HD thử",
    "templates": {"purpose": "{cell}", "readback": "xong {end}"},
    "steps": [{"id": "one", "title": "Một", "items": [{"id": "a", "text": "Việc A", "auto": "scored"}]},
              {"id": "two", "title": "Hai"}],
}


def variant(**changes):
    import copy
    data = copy.deepcopy(MINIMAL)
    data.update(changes)
    return data


def problems_of(data):
    with pytest.raises(ProcedureError) as exc:
        parse_procedure(data, "thu.toml")
    return exc.value.problems


def test_minimal_procedure_is_valid():
    proc = parse_procedure(MINIMAL)
    assert proc.step_ids == ["one", "two"] and proc.finalising_step == "two"


@pytest.mark.parametrize("data, expected", [
    (variant(colour="đỏ"), ["tệp quy trình: khóa “colour” không hợp lệ"]),
    (variant(steps=[]), ["quy trình không có bước nào"]),
    (variant(steps=[{"id": "one", "title": "Một"}, {"id": "one", "title": "Lại"}]), ["hai bước trùng mã “one”"]),
    (variant(steps=[{"id": "one", "title": "Một", "items": [{"id": "a", "text": "A"}]},
                    {"id": "two", "title": "Hai", "items": [{"id": "a", "text": "B"}]}]),
     ["hai mục kiểm tra trùng mã “a”"]),
    (variant(steps=[{"id": "one", "title": "Một", "items": [{"id": "a", "text": "A", "auto": "minute_takr_set"}]}]),
     ["bước 1 (one), mục 1: điều kiện “minute_takr_set” không tồn tại"]),
    (variant(steps=[{"id": "one", "title": "Một", "require": ["nope"]}]),
     ["bước 1 (one): điều kiện “nope” không tồn tại"]),
    (variant(steps=[{"id": "Một", "title": "Một"}]),
     ["bước 1 (Một): mã “Một” chỉ được dùng a-z, 0-9, '-' và '_'"]),
    (variant(steps=[{"id": "one", "title": "Một", "items": [{"id": "a", "text": "A", "tick": True}]}]),
     ["bước 1 (one), mục 1: khóa “tick” không hợp lệ"]),
    (variant(steps=[{"id": "one", "title": "Một", "finalises": "yes"}]),
     ["bước 1 (one): “finalises” phải là giá trị đúng/sai (true/false)"]),
    (variant(steps=[{"id": "one", "title": "Một", "finalises": True}, {"id": "two", "title": "Hai", "finalises": True}]),
     ["chỉ một bước được hoàn tất biên bản"]),
    (variant(templates={"purpose": "{cell} {weather}"}),
     ["templates: thiếu mẫu “readback”", "templates: mẫu “purpose” dùng ô thay thế không hợp lệ {weather}"]),
    (variant(kind="annual"), ["loại (kind) phải là một trong: regular, thematic"]),
    (variant(agenda=[{"id": "x", "title": "X", "level": 3}, {"id": "x", "title": "Y"}]),
     ["agenda[1]: cấp (level) phải là 1 hoặc 2", "hai mục chương trình trùng mã “x”"]),
])
def test_validation_errors(data, expected):
    assert problems_of(data) == expected


def test_missing_keys_and_all_problems_reported_together():
    data = variant()
    del data["source"]
    assert problems_of(data) == ["tệp quy trình: thiếu khóa “source”"]
    data = variant(colour="đỏ", steps=[{"title": "Không mã"}, {"id": "x", "title": "X", "items": [{"id": "i"}]}])
    assert problems_of(data) == ["tệp quy trình: khóa “colour” không hợp lệ", "bước 1: thiếu khóa “id”",
                                 "bước 2 (x), mục 1: thiếu khóa “text”"]
    message = str(pytest.raises(ProcedureError, parse_procedure, data, "thu.toml").value)
    assert message.splitlines()[0] == "thu.toml:" and len(message.splitlines()) == 4


def test_bad_toml_file(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('id = "x"\nid = "y"\n', encoding="utf-8")
    problems = check_file(f)
    assert len(problems) == 1 and problems[0].startswith("không phải tệp TOML hợp lệ")
    assert "không đọc được tệp" in check_file(tmp_path / "missing.toml")[0]


def test_a_new_guidance_document_is_just_a_new_file(tmp_path):
    text = (SHIPPED / "regular-hd12-2018.toml").read_text(encoding="utf-8")
    text = text.replace('id = "regular-hd12-2018"', 'id = "regular-hd99-2030"', 1)
    text = text.replace('source = "Hướng dẫn 12-HD/BTCTW ngày 06/7/2018"',
                        'source = "Hướng dẫn 99-HD/BTCTW ngày 01/01/2030"')
    (tmp_path / "regular-hd99-2030.toml").write_text(text, encoding="utf-8")
    procs = list_procedures("regular", dirs=[SHIPPED, tmp_path])
    assert [p.id for p in procs] == ["regular-hd12-2018", "regular-hd42-2025", "regular-hd99-2030"]
    assert load_procedure("regular-hd99-2030", dirs=[SHIPPED, tmp_path]).source.startswith("Hướng dẫn 99")
    # the same id twice is refused (strict) or the second skipped
    shutil.copy(SHIPPED / "regular-hd12-2018.toml", tmp_path / "copy.toml")
    with pytest.raises(ProcedureError, match="một tệp khác đã có mã “regular-hd12-2018”"):
        list_procedures(dirs=[SHIPPED, tmp_path])
    assert len(list_procedures(dirs=[SHIPPED, tmp_path], strict=False)) == 5
    # a broken user file does not hide the others when not strict
    (tmp_path / "broken.toml").write_text("steps = 3", encoding="utf-8")
    assert len(list_procedures(dirs=[SHIPPED, tmp_path], strict=False)) == 5
