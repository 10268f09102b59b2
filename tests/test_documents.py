"""Party-format PDFs checked as real files with poppler (pdftotext, pdffonts) and qpdf."""
from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest

from app.documents.layout import DocOptions
from app.documents.minutes import build_minutes
from app.documents.plan_pdf import build_plan
from app.documents.resolution import build_resolution
from app.documents.samples import sample_plan, sample_record, sample_topic
from app.documents.topic import build_topic

from pdf_checks import needs_pdf_tools

pytestmark = needs_pdf_tools


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def text_of(path, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run(args + [str(path), "-"], check=True, capture_output=True).stdout
    return unicodedata.normalize("NFC", out.decode("utf-8"))


def flat(text: str) -> str:
    """Text with line breaks folded, so phrases wrapped over lines still match."""
    return " ".join(text.split())


def pages_of(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def check_fonts(path):
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        cols = row.split()
        # name type encoding emb sub uni object id  (type may be two words: "Type 1")
        emb, sub = cols[-5], cols[-4]
        assert emb == "yes", f"font not embedded: {row}"
        assert sub == "yes", f"font not subset: {row}"
    assert any("LiberationSerif" in r for r in rows)


def check_qpdf(path):
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def regular(tmp_path_factory):
    record = sample_record(status="draft")
    path = tmp_path_factory.mktemp("docs") / "minutes.pdf"
    path.write_bytes(build_minutes(record))
    return record, path


def test_minutes_have_every_required_part(regular):
    record, path = regular
    text = flat(text_of(path))
    a = record["attendance"]
    expected = [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ TRƯỜNG ĐẠI HỌC Y DƯỢC THÁI BÌNH",
        "CHI BỘ KHOA Y TẾ CÔNG CỘNG",
        "Số 04-BB/CB",
        "Thái Bình, ngày 03 tháng 4 năm 2024",
        "BIÊN BẢN",
        "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 4 NĂM 2024",
        "Bắt đầu lúc 14 giờ 00 phút, thứ Tư, ngày 03/04/2024",
        "Phòng họp tầng 2, nhà A",
        "Đồng chí Phạm Quốc Khánh, Ủy viên Ban Chấp hành Đảng bộ",   # guest
        "Chủ trì: đồng chí Nguyễn Thị Hoa",
        "Thư ký: đồng chí Lê Thị Lan",
        f"Tổng số đảng viên của chi bộ: 25 đồng chí (chính thức: {a['full']}; dự bị: 2; "
        "sinh hoạt tạm thời: 1)",
        f"Miễn công tác và sinh hoạt đảng: 1 ({a['exempted'][0]})",
        f"Có mặt: {a['present']}/{a['base']} đồng chí (đạt 91,7%)",
        f"Vắng có lý do: 1 (đồng chí {a['absent_with_reason'][0]['name']}: Đi công tác tại Hà Nội)",
        f"Vắng không có lý do: 1 ({a['absent_without_reason'][0]})",
        f"Đến muộn: đồng chí {a['late'][0]['name']} (đến lúc 14 giờ 20 phút)",
        f"Về sớm: đồng chí {a['left_early'][0]['name']} (về lúc 15 giờ 30 phút)",
        "Công tác chính trị, tư tưởng",                    # agenda
        "Chương trình sinh hoạt được chi bộ nhất trí thông qua",
        "Đồng chí chủ trì tổng hợp ý kiến và kết luận",
        "Kết quả thực hiện nhiệm vụ kỳ trước", "Hoàn thành một phần",
        "Số đảng viên biểu quyết tán thành: 21/22 (95,5%); không tán thành: 0; "
        "không biểu quyết: 0.",
        "Kết quả: được thông qua",
        "Phân công nhiệm vụ", "Thời hạn", "30/04/2024",
        "Đề nghị bố trí kinh phí mua tài liệu", "Chuyển cấp trên giải quyết",
        "Chấm điểm chất lượng buổi sinh hoạt", "Tiến hành sinh hoạt", "Tổng cộng",
        "Tổng điểm: 92,5 điểm; xếp loại: Tốt.",
        "Buổi sinh hoạt kết thúc lúc 15 giờ 45 phút cùng ngày; thời gian sinh hoạt: 105 phút.",
        "Biên bản đã được đọc lại cho chi bộ nghe và nhất trí thông qua.",
        "THƯ KÝ", "CHỦ TRÌ",
    ]
    missing = [e for e in expected if e not in text]
    assert not missing, missing
    # every speaker by name, with the kind of speech (criticism names its target)
    for sp in record["speeches"]:
        assert f"Đồng chí {sp['speaker']} (" in text
    crit = next(sp for sp in record["speeches"] if sp["kind"] == "criticism")
    assert f"Đồng chí {crit['speaker']} (phê bình đồng chí {crit['target']}): " in text
    assert "(tự phê bình)" in text and "(kiến nghị, đề xuất)" in text
    # each task's assignee appears in the tasks table
    for t in record["tasks"]:
        assert t["assignee"] in text


def test_signature_page_prints_both_names_under_the_roles(regular):
    record, path = regular
    last = flat(text_of(path, pages_of(path)))
    assert "THƯ KÝ" in last and "CHỦ TRÌ" in last
    assert last.index("THƯ KÝ") < last.index("Lê Thị Lan")
    assert last.index("CHỦ TRÌ") < last.index("Nguyễn Thị Hoa")
    assert "Biên bản đã được đọc lại" in last   # the statement stays with the signatures


def test_fonts_embedded_and_subset_and_qpdf_clean(regular, tmp_path):
    _record, path = regular
    check_fonts(path)
    check_qpdf(path)
    for name, data in [("r.pdf", build_resolution(sample_record())),
                       ("p.pdf", build_plan(sample_plan())),
                       ("t.pdf", build_topic(sample_topic())),
                       ("th.pdf", build_minutes(sample_record(kind="thematic")))]:
        p = _write(tmp_path, name, data)
        check_fonts(p)
        check_qpdf(p)


def test_page_numbers_start_on_page_two(regular):
    _record, path = regular
    n = pages_of(path)
    assert n >= 3
    first_lines = [line.strip() for line in text_of(path, 1).splitlines() if line.strip()]
    assert "1" not in first_lines[:3]
    for page in range(2, n + 1):
        lines = [line.strip() for line in text_of(path, page).splitlines() if line.strip()]
        assert str(page) in lines[:3], (page, lines[:3])


def test_draft_mark_on_every_page_only_while_not_finalised(tmp_path):
    draft = _write(tmp_path, "d.pdf", build_minutes(sample_record(status="draft")))
    final = _write(tmp_path, "f.pdf", build_minutes(sample_record(status="finalised")))
    for page in range(1, pages_of(draft) + 1):
        assert "DỰ THẢO" in text_of(draft, page), page
    assert "DỰ THẢO" not in text_of(final)
    forced = _write(tmp_path, "x.pdf", build_minutes(sample_record(status="finalised"),
                                                     DocOptions(draft=True)))
    assert "DỰ THẢO" in text_of(forced, 1)


def test_large_meeting_spans_pages_with_repeated_table_headers(tmp_path):
    record = sample_record(members=60, speeches=80, tasks=60, status="finalised")
    path = _write(tmp_path, "big.pdf", build_minutes(record))
    n = pages_of(path)
    assert n >= 8
    text = flat(text_of(path))
    for sp in record["speeches"]:                 # all 80 speeches, in order
        assert sp["text"].split(")")[0] + ")" in text
    # the tasks table runs over several pages, each starting with its header row
    task_pages = [p for p in range(1, n + 1) if "Nhiệm vụ số" in text_of(path, p)]
    assert len(task_pages) >= 2
    for p in task_pages:
        page_text = flat(text_of(path, p))
        assert "TT Nội dung nhiệm vụ Người thực hiện Thời hạn" in page_text, p
    assert "Nhiệm vụ số 60:" in text
    check_fonts(path)
    check_qpdf(path)


def test_numbering_options_and_draft_without_number(tmp_path):
    opts = DocOptions(sequence=7, number_pattern="{n:02d}-BB/CB")
    p = _write(tmp_path, "n.pdf", build_minutes(sample_record(number=None), opts))
    assert "Số 07-BB/CB" in flat(text_of(p, 1))
    p = _write(tmp_path, "blank.pdf", build_minutes(sample_record(number=None)))
    text = flat(text_of(p, 1))
    assert re.search(r"Số\s+-BB/CB", text)


def test_leading_zero_in_january_date_line(tmp_path):
    record = sample_record()
    record["date"] = "2025-01-03"
    p = _write(tmp_path, "jan.pdf", build_minutes(record))
    text = flat(text_of(p, 1))
    assert "Thái Bình, ngày 03 tháng 01 năm 2025" in text
    assert "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 1 NĂM 2025" in text


def test_decomposed_input_is_normalised(tmp_path):
    record = sample_record()
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    record["chair"] = nfd
    p = _write(tmp_path, "nfd.pdf", build_minutes(record))
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(p), "-"], capture_output=True,
                         check=True).stdout.decode()
    assert "Chủ trì: đồng chí Nguyễn Thị Hoa" in flat(raw)   # NFC in the file itself


def test_failed_vote_and_no_read_back(tmp_path):
    record = sample_record()
    record["votes"] = [{"subject": "Thông qua nghị quyết", "for": 10, "against": 8, "abstain": 4,
                        "base": 22, "passed": False}]
    record["read_back"] = False
    text = flat(text_of(_write(tmp_path, "v.pdf", build_minutes(record))))
    assert "Số đảng viên biểu quyết tán thành: 10/22 (45,5%); không tán thành: 8" in text
    assert "Kết quả: không được thông qua" in text
    assert "Biên bản đã được đọc lại" not in text


def test_thematic_minutes(tmp_path):
    record = sample_record(kind="thematic", speeches=6, status="finalised")
    record["sitting"] = {"id": "s1", "order": 2, "total_minutes": 130}
    text = flat(text_of(_write(tmp_path, "th.pdf", build_minutes(record))))
    for part in ["BIÊN BẢN", "SINH HOẠT CHUYÊN ĐỀ QUÝ II NĂM 2024",
                 "Tên chuyên đề: Học tập và làm theo tư tưởng Hồ Chí Minh về y đức",
                 "Người xây dựng chuyên đề: đồng chí Trần Văn Minh",
                 "Đồng chí Trần Văn Minh trình bày chuyên đề",
                 "Ý kiến thảo luận của đảng viên",
                 "Đồng chí Trần Văn Minh tiếp thu ý kiến",
                 "đây là phần thứ 2 của buổi sinh hoạt, tổng thời gian cả buổi: 130 phút",
                 "Biên bản đã được đọc lại cho chi bộ nghe và nhất trí thông qua."]:
        assert part in text, part
    assert "THƯỜNG KỲ THÁNG" not in text
    for sp in record["speeches"]:
        assert f"Đồng chí {sp['speaker']} (" in text


def test_resolution_and_conclusion(tmp_path):
    record = sample_record(status="finalised")
    path = _write(tmp_path, "nq.pdf", build_resolution(record))
    text = flat(text_of(path))
    for part in ["Số 04-NQ/CB", "NGHỊ QUYẾT", "về lãnh đạo thực hiện nhiệm vụ tháng 4 năm 2024",
                 "Thái Bình, ngày 03 tháng 4 năm 2024",
                 "chi bộ thống nhất ban hành nghị quyết như sau:",
                 "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 3 NĂM 2024",
                 "II. NHIỆM VỤ, GIẢI PHÁP THÁNG 4 NĂM 2024", "III. TỔ CHỨC THỰC HIỆN",
                 "100% đảng viên sử dụng Sổ tay đảng viên điện tử",
                 "Nghị quyết được chi bộ thông qua tại kỳ sinh hoạt ngày 03/04/2024, với 21/22 "
                 "đồng chí tán thành, đạt tỷ lệ 95,5%.",
                 "Nơi nhận:", "Đảng ủy Trường Đại học Y Dược Thái Bình (để báo cáo);",
                 "Đảng viên trong chi bộ;", "Lưu Chi bộ.", "T/M CHI BỘ", "BÍ THƯ",
                 "Nguyễn Thị Hoa"]:
        assert part in text, part
    assert "DỰ THẢO" not in text and "Số:" not in text
    record["resolution"]["type"] = "conclusion"
    record["resolution"]["number"] = None        # KL has its own sequence: a draft blank
    text = flat(text_of(_write(tmp_path, "kl0.pdf", build_resolution(record))))
    assert "04-KL/CB" not in text and "04-NQ/CB" not in text
    opts = DocOptions(on_behalf_of="Chi ủy", recipients=["Ban Tổ chức Đảng ủy", "Lưu chi bộ"],
                      number="04-KL/CB")
    text = flat(text_of(_write(tmp_path, "kl.pdf", build_resolution(record, opts))))
    for part in ["Số 04-KL/CB", "KẾT LUẬN", "của chi bộ tại kỳ sinh hoạt tháng 4 năm 2024",
                 "chi bộ thống nhất kết luận như sau:", "T/M CHI ỦY",
                 "Kết luận được chi bộ thông qua", "Ban Tổ chức Đảng ủy;", "Lưu chi bộ."]:
        assert part in text, part
    assert "Đảng viên trong chi bộ" not in text


def test_thematic_plan(tmp_path):
    plan = sample_plan(2024)
    path = _write(tmp_path, "plan.pdf", build_plan(plan))
    text = flat(text_of(path))
    for part in ["Số 01-KH/CB", "KẾ HOẠCH", "sinh hoạt chuyên đề năm 2024",
                 "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG VÀ THỜI GIAN", "III. TỔ CHỨC THỰC HIỆN",
                 "Đảng viên trong chi bộ;", "Lưu Chi bộ.",
                 "Thái Bình, ngày 05 tháng 01 năm 2024", "Quý IV", "03/11/2024",
                 "Kết hợp với sinh hoạt thường kỳ", "T/M CHI BỘ", "BÍ THƯ", "Nguyễn Thị Hoa"]:
        assert part in text, part
    for item in plan["items"]:
        assert item["drafter"] in text


def test_topic_document_has_a_cover(tmp_path):
    topic = sample_topic()
    path = _write(tmp_path, "topic.pdf", build_topic(topic))
    cover = flat(text_of(path, 1))
    for part in ["CHI BỘ KHOA Y TẾ CÔNG CỘNG", "CHUYÊN ĐỀ",
                 "HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG HỒ CHÍ MINH VỀ Y ĐỨC",
                 "Nhóm chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                 "Người xây dựng: đồng chí Trần Văn Minh", "Thái Bình, năm 2024"]:
        assert part in cover, part
    body = flat(text_of(path, 2))
    assert "“Lương y phải như từ mẫu”" in body
    assert "NGƯỜI XÂY DỰNG CHUYÊN ĐỀ" in flat(text_of(path, pages_of(path)))
    lines = [x.strip() for x in text_of(path, 2).splitlines() if x.strip()]
    assert "2" in lines[:3]   # the cover is page 1; numbering shows from page 2


def test_margins_and_body_size_are_options(tmp_path):
    wide = _write(tmp_path, "w.pdf", build_minutes(sample_record(), DocOptions(margin_left_mm=50,
                                                                               body_size=15)))
    normal = _write(tmp_path, "n.pdf", build_minutes(sample_record()))
    assert pages_of(wide) > pages_of(normal)
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(wide), "-"],
                         capture_output=True, text=True, check=True).stdout
    xs = [float(m) for m in re.findall(r'xMin="([\d.]+)"', out)]
    assert min(xs) >= 50 * 72 / 25.4 - 1
