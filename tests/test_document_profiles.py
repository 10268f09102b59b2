"""Every document kind, made from a real demo database, read back with pdftotext under both
format profiles (HD 36 of 2018; QĐ 399 / HD 05 of 2026): header lines, number, date line,
title, subject, sections, counts, vote sentence, signature labels and recipients. Also the
numbering per type and per committee term, and the register."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from app import lifecycle, meeting_docs, meetings, numbering
from app.cell import committee_term_start, document_format, set_committee_term_start, \
    set_document_format
from app.demo import add_demo_meetings, create_demo
from app.documents.formats import format_profiles
from app.store import open_store

from pdf_checks import needs_pdf_tools
from test_documents import check_fonts, check_qpdf, flat, text_of

pytestmark = needs_pdf_tools

TODAY = dt.date(2026, 11, 29)
PROFILES = ("hd36-2018", "qd399-2026")
MINUTES_SIGNS = {"hd36-2018": ("THƯ KÝ", "CHỦ TRÌ"),
                 "qd399-2026": ("NGƯỜI GHI BIÊN BẢN", "CHỦ TRÌ")}
HEADER = ["ĐẢNG BỘ TRƯỜNG ĐẠI HỌC Y DƯỢC THÁI BÌNH", "CHI BỘ KHOA Y TẾ CÔNG CỘNG",
          "ĐẢNG CỘNG SẢN VIỆT NAM"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("profiles") / "cell.sqlite"
    with open_store(path) as store:
        create_demo(store, today=TODAY)
        add_demo_meetings(store, today=TODAY, thematic=True)
        rows = store.rows("select id, kind, date, status from meeting order by date, kind")
    return {"path": path, "folder": path.parent,
            "meetings": {(r["date"], r["kind"]): r["id"] for r in rows}}


@pytest.fixture
def store(demo):
    with open_store(demo["path"]) as s:
        yield s


def _pdf(demo, name, data) -> str:
    path = demo["folder"] / name
    path.write_bytes(data)
    return path


def _typography(text: str) -> list[str]:
    """Missing blanks after punctuation ("giải quyết.Chuyển") and a weekday capitalised
    mid-sentence (", Thứ Năm")."""
    bad = re.findall(r"[a-zà-ỹđ][.;:,][A-Za-zÀ-ỸĐà-ỹđ]", text)
    bad += re.findall(r"[a-zà-ỹ,] Thứ (?:Hai|Ba|Tư|Năm|Sáu|Bảy)", text)
    return bad


def _recipients_left_signature_right(path, roles, name, recipients) -> None:
    """As laid out: "Nơi nhận:" and its lines on the left, in order, the last "- Lưu Chi bộ.";
    the signature block on the right of the same lines, the name below the roles."""
    lines = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    start = max(i for i, line in enumerate(lines) if "Nơi nhận:" in line)
    block = lines[start:]
    assert block[0].index("Nơi nhận:") < 10 < block[0].index(roles[0])
    assert block[1].index(roles[1]) > 30
    rows = []
    for text in recipients:
        row = next(i for i, line in enumerate(block) if text in line)
        assert block[row].index(text) < 10, (text, block[row])
        rows.append(row)
    assert rows == sorted(rows) and rows[0] >= 1
    assert not any(line[:30].strip().startswith("-") for line in block[rows[-1] + 1:])
    name_row = next(i for i, line in enumerate(block) if name in line)
    assert name_row > 1 and block[name_row].index(name) > 30


def _header(text: str, number: str) -> None:
    for part in HEADER:
        assert part in text, part
    assert f"Số {number}" in text and "Số:" not in text
    assert text.index(HEADER[0]) < text.index(HEADER[1])


def test_profiles_are_data_with_their_sources():
    profiles = format_profiles()
    assert set(PROFILES) <= set(profiles)
    old, new = profiles["hd36-2018"], profiles["qd399-2026"]
    assert old.confirmed and "36-HD/VPTW ngày 03/4/2018" in old.description
    assert not new.confirmed
    assert "399-QĐ/TW ngày 09/01/2026" in new.description
    assert "05-HD/VPTW ngày 27/5/2026" in new.description
    assert "chưa đối chiếu" in new.description
    for p in (old, new):
        assert (p.margin_top_mm, p.margin_bottom_mm, p.margin_left_mm, p.margin_right_mm) == (
            20, 20, 30, 15)
        assert p.number_prefix == "Số" and p.body_size == 14
        assert p.recipient_lines("resolution", "Đảng ủy X")[-1] == "Lưu Chi bộ"


def test_the_cell_chooses_its_profile(store):
    assert document_format(store).id == "hd36-2018"           # the default
    set_document_format(store, "qd399-2026")
    assert document_format(store).id == "qd399-2026"
    with pytest.raises(ValueError, match="không-có"):
        set_document_format(store, "không-có")
    assert document_format(store).id == "qd399-2026"          # unchanged on refusal
    set_document_format(store, "hd36-2018")


@pytest.mark.parametrize("profile", PROFILES)
def test_regular_minutes(demo, store, profile):
    set_document_format(store, profile)
    mid = demo["meetings"][("2026-09-03", "regular")]
    path = _pdf(demo, f"bb-{profile}.pdf", meeting_docs.render_minutes(store, mid))
    text = flat(text_of(path))
    _header(text, "03-BB/CB")
    left, right = MINUTES_SIGNS[profile]
    for part in [
        "Hưng Yên, ngày 03 tháng 9 năm 2026", "BIÊN BẢN",
        "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 9 NĂM 2026",
        "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", "thứ Năm, ngày 03/09/2026",
        "- Đại biểu: + Đồng chí Nguyễn Quốc Tiến, Bí thư Đảng ủy, Đảng ủy Trường.",
        "Có mặt: 20/23 đồng chí (đạt 87,0%) (chính thức: 18; dự bị: 2).",
        "Số đảng viên có quyền biểu quyết: 21 đồng chí (có mặt: 18).",
        "II. NỘI DUNG SINH HOẠT", "III. DIỄN BIẾN BUỔI SINH HOẠT",
        "Đồng chí chủ trì kết luận nội dung này: Chi bộ hoàn thành tốt nhiệm vụ tháng trước",
        "Đồng chí chủ trì kết luận nội dung này: Giao nhiệm vụ tháng tới",
        "— Chuyển cấp trên giải quyết. Chuyển Ban Giám hiệu xem xét.",
        "IV. BIỂU QUYẾT VÀ ĐÁNH GIÁ CHẤT LƯỢNG",
        "Số đảng viên biểu quyết tán thành: 18/21 (85,7%); không tán thành: 0; "
        "không biểu quyết: 0.", "Kết quả: được thông qua",
        "Chấm điểm theo Quy định số 28-QĐ/TU ngày 28/7/2019",
        "V. KẾT THÚC", "thời gian sinh hoạt: 125 phút.",
        "Biên bản đã được đọc lại cho chi bộ nghe và nhất trí thông qua.",
        f"{left} {right}", "Lê Thị Lan Nguyễn Thị Hoa",
    ]:
        assert part in text, part
    assert "Khách mời" not in text and "qd28-2019" not in text and "phiên bản" not in text
    assert "DỰ THẢO" not in text and "Nơi nhận" not in text
    other = MINUTES_SIGNS["qd399-2026" if profile == "hd36-2018" else "hd36-2018"][0]
    assert other not in text
    assert _typography(text) == []
    check_fonts(path)
    check_qpdf(path)


@pytest.mark.parametrize("profile", PROFILES)
def test_resolution(demo, store, profile):
    set_document_format(store, profile)
    mid = demo["meetings"][("2026-09-03", "regular")]
    path = _pdf(demo, f"nq-{profile}.pdf", meeting_docs.render_resolution(store, mid))
    text = flat(text_of(path))
    _header(text, "02-NQ/CB")
    for part in [
        "Hưng Yên, ngày 03 tháng 9 năm 2026", "NGHỊ QUYẾT",
        "về lãnh đạo thực hiện nhiệm vụ tháng 9 năm 2026",
        "Tổng số đảng viên của chi bộ: 25 đồng chí (chính thức: 23, dự bị: 2); số đảng viên "
        "phải có mặt: 23 đồng chí; có mặt: 20/23 đồng chí, đạt 87,0%; chính thức: 18, dự bị: 2; "
        "vắng: 3 đồng chí (có lý do: 2, không có lý do: 1); số đảng viên có quyền biểu quyết: "
        "21 đồng chí (có mặt: 18).",
        "chi bộ thống nhất ban hành nghị quyết như sau:",
        "I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 8 NĂM 2026",
        "tháng 8: hoàn thành thực tế cộng đồng hè",                     # the report
        "4/5 nhiệm vụ giao đảng viên tháng trước hoàn thành",
        "Kết quả thực hiện nhiệm vụ kỳ trước:",
        "cho khóa tuyển sinh mới — đồng chí Đinh Công Sơn: hoàn thành một phần (Hoàn thành "
        "6/10 bài).",
        "- Chuẩn bị phòng máy thực hành Thống kê y học — đồng chí Võ Thị Thảo: hoàn thành.",
        "II. NHIỆM VỤ, GIẢI PHÁP THÁNG 9 NĂM 2026",
        "2. Chuẩn bị Hội nghị viên chức, người lao động của khoa.",
        "III. TỔ CHỨC THỰC HIỆN", "Người thực hiện", "Thời hạn", "28/09/2026",
        "Nghị quyết được chi bộ thông qua tại kỳ sinh hoạt ngày 03/09/2026, với 18/21 đồng chí "
        "tán thành, đạt tỷ lệ 85,7%.",
        "Nơi nhận:", "(để báo cáo);",
        "- Đồng chí đảng ủy viên phụ trách chi bộ;", "- Đảng viên trong chi bộ;",
        "- Lưu Chi bộ.", "T/M CHI BỘ", "BÍ THƯ", "Nguyễn Thị Hoa",
    ]:
        assert part in text, part
    _recipients_left_signature_right(path, ["T/M CHI BỘ", "BÍ THƯ"], "Nguyễn Thị Hoa", [
        "- Đảng ủy Trường Đại học Y Dược Thái Bình", "- Đồng chí đảng ủy viên phụ trách chi bộ;",
        "- Đảng viên trong chi bộ;", "- Lưu Chi bộ."])
    assert "PHÓ BÍ THƯ" not in text and "Sinh hoạt chi bộ thường kỳ tháng 9" not in text
    assert _typography(text) == []
    check_qpdf(path)


@pytest.mark.parametrize("profile", PROFILES)
def test_conclusion_signed_by_the_deputy(demo, store, profile):
    """An amended version, with a conclusion the deputy secretary signs for the cell."""
    set_document_format(store, profile)
    day = {"hd36-2018": "2026-10-05", "qd399-2026": "2026-08-03"}[profile]
    old = demo["meetings"][(day, "regular")]
    new = meetings.amend(store, old, "Sửa lỗi đánh máy.")
    meetings.update(store, new, resolution_type="conclusion")
    meetings.set_resolution_signer(store, new, "deputy")
    deputy = store.rows(
        "select full_name from member where id = (select deputy_id from cell)")[0]["full_name"]
    text = flat(text_of(_pdf(demo, f"kl-{profile}.pdf",
                             meeting_docs.render_resolution(store, new))))
    month = int(day[5:7])
    for part in ["KẾT LUẬN", f"của chi bộ tại kỳ sinh hoạt tháng {month} năm 2026",
                 "(Sửa đổi lần 1)", "Số -KL/CB",       # a draft: no KL number issued yet
                 "chi bộ thống nhất kết luận như sau:", "I. ĐÁNH GIÁ KẾT QUẢ",
                 f"II. NHIỆM VỤ, GIẢI PHÁP THÁNG {month} NĂM 2026", "III. TỔ CHỨC THỰC HIỆN",
                 f"Kết luận được chi bộ thông qua tại kỳ sinh hoạt ngày {day[8:]}/{day[5:7]}/2026",
                 "T/M CHI BỘ", "PHÓ BÍ THƯ", deputy, "DỰ THẢO", "- Lưu Chi bộ."]:
        assert part in text, part
    assert "Nguyễn Thị Hoa" not in text.split("Nơi nhận:")[1]


@pytest.mark.parametrize("profile", PROFILES)
def test_thematic_minutes(demo, store, profile):
    set_document_format(store, profile)
    mid = demo["meetings"][("2026-08-20", "thematic")]
    path = _pdf(demo, f"bbcd-{profile}.pdf", meeting_docs.render_minutes(store, mid))
    text = flat(text_of(path))
    _header(text, "02-BB/CB")
    left, right = MINUTES_SIGNS[profile]
    for part in [
        "Hưng Yên, ngày 20 tháng 8 năm 2026", "BIÊN BẢN", "SINH HOẠT CHUYÊN ĐỀ QUÝ III NĂM 2026",
        "Tên chuyên đề: Học tập và làm theo tư tưởng",
        "1. Bí thư chi bộ nêu mục đích, yêu cầu buổi sinh hoạt chuyên đề",
        "Chương trình sinh hoạt được chi bộ nhất trí thông qua.",
        "tiến hành sinh hoạt chuyên đề quý III năm 2026",
        "Giúp đảng viên nhận thức sâu sắc hơn và liên hệ với nhiệm vụ giảng dạy",
        "đánh giá công tác chuẩn bị, chất lượng, ý nghĩa của chuyên đề và kết luận:",
        "Chuyên đề được chuẩn bị công phu",
        "Đồng chí xây dựng chuyên đề tiếp thu ý kiến, hoàn thiện và gửi đảng viên nghiên cứu",
        "thời gian sinh hoạt: 100 phút.", f"{left} {right}",
    ]:
        assert part in text, part
    # Each thing once: the purpose, the drafter's presentation; one period wording.
    assert text.count("Thực hiện kế hoạch sinh hoạt chuyên đề năm 2026") == 1
    assert text.count("trình bày dự thảo chuyên đề gồm ba phần") == 1
    assert "Trình bày dự thảo chuyên đề." not in text
    assert "chuyên đề tháng" not in text and "(Chưa có chương trình.)" not in text
    assert "tổng hợp ý kiến và kết luận" not in text
    assert _typography(text) == []


@pytest.mark.parametrize("profile", PROFILES)
def test_year_plan(demo, store, profile):
    set_document_format(store, profile)
    data = meeting_docs.render_plan(store, 2026, day=dt.date(2026, 1, 8))
    text = flat(text_of(_pdf(demo, f"kh-{profile}.pdf", data)))
    for part in HEADER[1:] + ["ĐẢNG BỘ TRƯỜNG ĐẠI HỌC Y", "DỰ THẢO", "Số -KH/CB", "Hưng Yên, ngày 08 tháng 01 năm 2026",
                          "KẾ HOẠCH sinh hoạt chuyên đề năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
                          "II. NỘI DUNG VÀ THỜI GIAN", "III. TỔ CHỨC THỰC HIỆN",
                          "Học tập và làm theo tư tưởng, đạo đức",          # quarter III
                          "Nâng cao chất lượng nghiên cứu khoa học",       # quarter IV, unplanned
                          "Lưu ý: quý I, II chưa có chuyên đề",
                          "Nơi nhận:", "T/M CHI BỘ", "- Đảng viên trong chi bộ;", "- Lưu Chi bộ.",
                          "BÍ THƯ", "Nguyễn Thị Hoa"]:
        assert part in text, part
    assert text.count("Chưa có chuyên đề") == 2
    assert "Đồng chí đảng ủy viên phụ trách" not in text
    assert _typography(text) == []


def test_numbers_per_type_without_gaps(store):
    """Minutes (regular and thematic) are BB; resolutions NQ from 01 with no gap."""
    register = numbering.register(store)
    by_code = {}
    for r in register:
        by_code.setdefault(r["code"], []).append(r["n"])
    assert by_code["BB"] == [1, 2, 3, 4, 5]
    assert by_code["NQ"] == [1, 2, 3]
    stored = {r["number"] for r in store.rows("select number from document "
                                               "where kind = 'resolution'")}
    assert stored == {"01-NQ/CB", "02-NQ/CB", "03-NQ/CB"}


def test_numbering_restarts_with_the_committee_term(tmp_path):
    with open_store(tmp_path / "c.sqlite") as store:
        create_demo(store, today=TODAY)
        assert committee_term_start(store) is None
        day = dt.date(2026, 3, 2)
        assert numbering.issue(store, "NQ", day, series_id="a") == 1
        assert numbering.issue(store, "NQ", day, series_id="b") == 2
        assert numbering.issue(store, "NQ", day, series_id="a") == 1     # kept by the series
        assert numbering.issue(store, "KL", day, series_id="c") == 1     # its own sequence
        set_committee_term_start(store, dt.date(2026, 6, 15))
        assert numbering.issue(store, "NQ", dt.date(2026, 6, 14), series_id="d") == 3
        assert numbering.issue(store, "NQ", dt.date(2026, 6, 15), series_id="e") == 1
        assert numbering.issue(store, "NQ", dt.date(2027, 1, 4), series_id="f") == 2
        with pytest.raises(ValueError):
            numbering.issue(store, "XX", day)
        terms = [(r["number"], r["term"]) for r in numbering.register(store) if r["code"] == "NQ"]
        assert terms == [("01-NQ/CB", "2026"), ("02-NQ/CB", "2026"), ("03-NQ/CB", "2026"),
                         ("01-NQ/CB", "2026-06-15"), ("02-NQ/CB", "2026-06-15")]


def test_agenda_conclusion_kept_when_the_agenda_changes(tmp_path):
    with open_store(tmp_path / "c.sqlite") as store:
        create_demo(store, today=TODAY)
        ids = add_demo_meetings(store, today=TODAY)
        draft = ids[-1]
        meetings.set_agenda_conclusion(store, draft, "last-month", "Kết luận một.\n\nDòng hai.")
        agenda = meetings.meeting_record(store, draft)["agenda"]
        assert [a["conclusion"] for a in agenda if a["id"] == "last-month"] == [
            "Kết luận một.\nDòng hai."]
        meetings.set_agenda(store, draft, [(a["id"], a["title"]) for a in agenda][::-1])
        agenda = meetings.meeting_record(store, draft)["agenda"]
        assert agenda[-1]["id"] == "last-month" or any(
            a["conclusion"] == "Kết luận một.\nDòng hai." for a in agenda)
        with pytest.raises(KeyError):
            meetings.set_agenda_conclusion(store, draft, "không-có", "x")
        with pytest.raises(meetings.MeetingLockedError):
            meetings.set_agenda_conclusion(store, ids[0], "last-month", "x")
        assert lifecycle is not None


def test_conclusion_required_only_where_the_procedure_says_so(tmp_path, monkeypatch):
    """A procedure whose agenda marks an item ``conclusion = true`` blocks finalising until
    the chair's conclusion on it is recorded; the shipped HD 12 marks none."""
    from app import paths
    from meeting_helpers import run_meeting

    shipped = (paths.resources() / "procedures" / "regular-hd12-2018.toml").read_text("utf-8")
    assert "conclusion = true" not in shipped
    folder = tmp_path / "data" / "procedures"
    folder.mkdir(parents=True)
    text = shipped.replace('id = "regular-hd12-2018"', 'id = "regular-test-ketluan"', 1)
    text = text.replace('id = "last-month"', 'id = "last-month"\nconclusion = true', 1)
    (folder / "regular-test-ketluan.toml").write_text(text, "utf-8")
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    with open_store(tmp_path / "c.sqlite") as store:
        create_demo(store, today=dt.date(2024, 4, 10))
        people = {m.full_name: m for m in __import__("app.members", fromlist=["x"])
                  .list_members(store)}
        mid = run_meeting(store, people, finalise=False)
        assert meetings.finalise_problems(store, mid) == []           # HD 12: none required
        store.db["meeting"].update(mid, {"procedure_id": "regular-test-ketluan"})
        [problem] = meetings.finalise_problems(store, mid)
        assert "kết luận" in problem and "Kết quả lãnh đạo thực hiện nhiệm vụ" in problem
        with pytest.raises(ValueError):
            lifecycle.finalise(store, mid)
        assert meetings.meeting_record(store, mid)["status"] == "draft"
        meetings.set_agenda_conclusion(store, mid, "last-month", "Chi bộ hoàn thành tốt.")
        assert meetings.finalise_problems(store, mid) == []
        lifecycle.finalise(store, mid)
        assert meetings.meeting_record(store, mid)["status"] == "finalised"
