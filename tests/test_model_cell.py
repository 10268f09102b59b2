"""Model-cell evaluation on constructed records: evidence texts, met / not met, boundaries;
the report as XLSX (openpyxl) and as a Party-format PDF (pdftotext, pdffonts, qpdf)."""
import datetime as dt
import subprocess

import pytest
from openpyxl import load_workbook

from app.exchange.report import write_pdf, write_xlsx
from app.rules.model_cell import Settings, evaluate

CELL = {"id": "c1", "name": "Chi bộ Phòng Tổ chức cán bộ", "parent_org":
        "Đảng bộ Trường Đại học Y Dược Thái Bình", "upper_committee":
        "Đảng ủy Trường Đại học Y Dược Thái Bình", "place_name": "Thái Bình",
        "secretary": "Trần Thị Hạnh"}


def regular(month, day=3, *, rule_day=3, minutes=100, rate=95.0, rating="Tốt", reason=None,
            unexcused=(), version=1, series=None, read_back=True, short_reason=None):
    date = f"2024-{month:02d}-{day:02d}"
    return {"id": f"m{month}-v{version}", "series_id": series or f"m{month}", "version": version,
            "kind": "regular", "status": "finalised", "cell": CELL, "date": date,
            "rule_date": f"2024-{month:02d}-{rule_day:02d}", "off_rule_reason": reason,
            "duration_minutes": minutes, "sitting": None, "short_reason": short_reason,
            "attendance": {"rate": rate, "absent_without_reason": list(unexcused)},
            "score": {"total": 95.0 if rating == "Tốt" else 80.0, "rating": rating}
            if rating else None,
            "read_back": read_back, "resolution": {"type": "resolution", "text": "Nghị quyết"},
            "votes": [{"for": 8, "base": 9, "passed": True}]}


def thematic(month, day=3):
    r = regular(month, day, rating=None)
    r.update(id=f"t{month}", series_id=f"t{month}", kind="thematic", votes=[])
    return r


def model_year():
    records = [regular(m) for m in range(1, 13)]
    records += [thematic(m) for m in (3, 6, 9, 12)]
    eh = [{"month": m, "applicable": 9, "at_or_above": 9} for m in range(1, 13)]
    return records, eh


def by_id(evaluation):
    return {c.id: c for c in evaluation.criteria}


def test_a_model_year_meets_every_criterion():
    records, eh = model_year()
    e = evaluate(records, 2024, ehandbook_months=eh,
                 registration={"registered_on": "2024-03-22", "content": "Chi bộ gương mẫu"})
    c = by_id(e)
    assert e.met and all(x.met for x in e.criteria)
    assert c["monthly"].evidence == "12/12 tháng có sinh hoạt thường kỳ"
    assert c["rule_day"].evidence == "12/12 cuộc họp đúng ngày quy định"
    assert c["thematic"].evidence == "Quý I: có, Quý II: có, Quý III: có, Quý IV: có"
    assert c["ehandbook"].evidence == ("Sổ tay đảng viên điện tử: 100,0% lượt đảng viên-tháng "
                                       "đạt từ 20 điểm (108/108, 12 tháng)")
    assert c["rating"].evidence == "Tốt: 12 tháng"
    assert c["registration"].evidence == "đã đăng ký ngày 22/03/2024: Chi bộ gương mẫu"


def test_moved_meeting_with_reason_is_met_without_reason_is_not():
    records, eh = model_year()
    records[6] = regular(7, 5, rule_day=3, reason="Bão số 3")
    c = by_id(evaluate(records, 2024, ehandbook_months=eh))
    assert c["rule_day"].met
    assert c["rule_day"].evidence == ("11/12 cuộc họp đúng ngày quy định; tháng 7 dời sang ngày "
                                      "05/07: lý do Bão số 3")
    records[6] = regular(7, 10, rule_day=3)
    c = by_id(evaluate(records, 2024, ehandbook_months=eh))
    assert not c["rule_day"].met
    assert "tháng 7 họp ngày 10/07, không ghi lý do" in c["rule_day"].evidence


@pytest.mark.parametrize("minutes, met", [(89, False), (90, True)])
def test_duration_boundary(minutes, met):
    records, eh = model_year()
    records[4] = regular(5, minutes=minutes, short_reason="Mất điện" if minutes < 90 else None)
    c = by_id(evaluate(records, 2024, ehandbook_months=eh))
    assert c["duration"].met is met
    if not met:
        assert "tháng 5: 89 phút, lý do Mất điện" in c["duration"].evidence


def test_combined_sitting_counts_as_a_whole_against_120_minutes():
    records, eh = model_year()
    part1 = regular(4, minutes=100)
    part1["sitting"] = {"order": 1, "last": False, "total_minutes": 115}
    part2 = thematic(4)
    part2.update(sitting={"order": 2, "last": True, "total_minutes": 115}, duration_minutes=15)
    records = [r for r in records if r["date"][5:7] != "04"] + [part1, part2]
    c = by_id(evaluate(records, 2024, ehandbook_months=eh))
    assert not c["duration"].met and "tháng 4: 115 phút" in c["duration"].evidence


@pytest.mark.parametrize("rate, met", [(85.0, False), (85.1, True)])
def test_attendance_must_be_above_85_percent(rate, met):
    records, eh = model_year()
    records[1] = regular(2, rate=rate)
    assert by_id(evaluate(records, 2024, ehandbook_months=eh))["attendance"].met is met


def test_missing_quarter_absent_without_reason_and_low_rating():
    records, eh = model_year()
    records = [r for r in records if r["id"] != "t9"]
    records[2] = regular(3, unexcused=["Lê Văn Tám"], rating="Trung bình")
    records = [r for r in records if r["id"] != "m8-v1"]
    e = evaluate(records, 2024, ehandbook_months=eh)
    c = by_id(e)
    assert not e.met
    assert c["monthly"].evidence == "11/12 tháng có sinh hoạt thường kỳ; chưa có: tháng 8"
    assert c["thematic"].evidence == "Quý I: có, Quý II: có, Quý III: không, Quý IV: có"
    assert "tháng 3 vắng không lý do: Lê Văn Tám" in c["attendance"].evidence
    assert c["rating"].evidence == "Tốt: 10 tháng, Trung bình: 1 tháng; dưới mức Khá: tháng 3"
    assert not c["rating"].met


@pytest.mark.parametrize("good, required, met", [(107, 100.0, False), (108, 100.0, True),
                                                 (103, 95.0, True), (102, 95.0, False)])
def test_ehandbook_share_against_the_required_share(good, required, met):
    records, _eh = model_year()
    eh = [{"month": m, "applicable": 9, "at_or_above": 9} for m in range(1, 12)]
    eh.append({"month": 12, "applicable": 9, "at_or_above": 9 - (108 - good)})
    c = by_id(evaluate(records, 2024, ehandbook_months=eh,
                       settings=Settings(ehandbook_share=required)))
    assert c["ehandbook"].met is met


def test_only_the_newest_version_counts_and_months_not_due_are_left_out():
    records, eh = model_year()
    records.append(regular(2, 10, reason=None, version=2, series="m2"))  # correction: wrong day
    c = by_id(evaluate(records, 2024, ehandbook_months=eh))
    assert "tháng 2 họp ngày 10/02, không ghi lý do" in c["rule_day"].evidence
    early = evaluate([r for r in records if r["date"] < "2024-04"], 2024,
                     ehandbook_months=eh, today=dt.date(2024, 4, 5))
    e = by_id(early)
    assert e["monthly"].evidence == "3/3 tháng có sinh hoạt thường kỳ"
    assert e["thematic"].evidence.startswith("Quý I: có, Quý II: chưa đến hạn")
    assert "(27/27, 3 tháng)" in e["ehandbook"].evidence


def test_no_registration_is_not_met_and_unknown_is_left_out():
    records, eh = model_year()
    assert by_id(evaluate(records, 2024, ehandbook_months=eh, registration=None))[
        "registration"].evidence == "chưa đăng ký chi bộ kiểu mẫu năm 2024"
    assert "registration" not in by_id(evaluate(records, 2024, ehandbook_months=eh))


def test_english_evidence_when_asked():
    records, eh = model_year()
    c = by_id(evaluate(records, 2024, ehandbook_months=eh, lang="en"))
    assert c["monthly"].evidence == "12/12 months with a regular meeting"


def test_report_xlsx_and_pdf(tmp_path):
    records, eh = model_year()
    good = evaluate(records, 2024, ehandbook_months=eh, registration=None)
    records[6] = regular(7, 6, reason="Bão số 3")
    records[6]["off_rule_category"] = "natural_disaster"
    other = dict(CELL, id="c2", name="Chi bộ Khoa Y tế công cộng")
    for r in records:
        r["cell"] = other
    second = evaluate(records[:-1], 2024, ehandbook_months=eh)
    xlsx = write_xlsx([good, second], tmp_path / "danh-gia.xlsx")
    wb = load_workbook(xlsx)
    summary = [tuple(r) for r in wb["Tổng hợp"].iter_rows(values_only=True)]
    assert summary[0] == ("Chi bộ", "Năm", "Số tiêu chí đạt", "Số tiêu chí", "Kết quả")
    assert summary[1] == ("Chi bộ Phòng Tổ chức cán bộ", 2024, 8, 9, "Chưa đạt")
    assert summary[2][0] == "Chi bộ Khoa Y tế công cộng" and summary[2][4] == "Chưa đạt"
    detail = list(wb["Tiêu chí"].iter_rows(values_only=True))
    assert ("Chi bộ Khoa Y tế công cộng", 2024, "Sinh hoạt đúng ngày quy định",
            "11/12 cuộc họp đúng ngày quy định; tháng 7 dời sang ngày 06/07: lý do Bão số 3 "
            "(Thiên tai (bão, lũ))", "Đạt",
            "Thông báo số 222-TB/TU ngày 20/02/2012 (Kế hoạch số 489-KH/ĐU ngày 22/3/2024, "
            "tiêu chí I.1)") in detail

    pdf = write_pdf([good, second], tmp_path / "bao-cao.pdf", year=2024,
                    issuer={"parent_org": "Đảng bộ tỉnh Thái Bình",
                            "name": "Đảng ủy Trường Đại học Y Dược Thái Bình",
                            "place_name": "Thái Bình"},
                    sign_lines=["VĂN PHÒNG ĐẢNG ỦY"], date=dt.date(2025, 1, 8))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Thái Bình, ngày 08 tháng 01 năm 2025" in text
    assert "KẾT QUẢ ĐÁNH GIÁ CHI BỘ KIỂU MẪU NĂM 2024" in text
    assert "lý do Bão số 3" in flat and "Quý III: có" in flat
    assert "Kết luận: đạt 8/9 tiêu chí" in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "LiberationSerif" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:])   # all embedded
    subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)


def test_report_xlsx_writes_a_formula_like_cell_name_as_text(tmp_path):
    records, eh = model_year()
    hostile = dict(CELL, name='=HYPERLINK("http://attacker.example","Bấm vào đây")')
    for r in records:
        r["cell"] = hostile
    evaluation = evaluate(records, 2024, ehandbook_months=eh)
    xlsx = write_xlsx([evaluation], tmp_path / "danh-gia.xlsx")
    wb = load_workbook(xlsx)
    cell = wb["Tổng hợp"]["A2"]
    assert cell.value == hostile["name"] and cell.data_type == "s"
    assert all(c.data_type != "f" for row in wb["Tiêu chí"].iter_rows() for c in row)


def test_months_before_the_cells_first_record_are_not_missing():
    records, eh = model_year()
    late = [r for r in records if r["date"] >= "2024-04"]
    c = by_id(evaluate(late, 2024, ehandbook_months=eh, first_record="2024-04-03"))
    assert c["monthly"].met and c["monthly"].evidence == "9/9 tháng có sinh hoạt thường kỳ"
    # A record of an earlier year: the first months of this year are missing again.
    c = by_id(evaluate(late, 2024, ehandbook_months=eh, first_record="2023-11-03"))
    assert not c["monthly"].met and "tháng 1, 2, 3" in c["monthly"].evidence
    # The first record on the last day of a month: that month is due.
    c = by_id(evaluate(late, 2024, ehandbook_months=eh, first_record="2024-03-31"))
    assert not c["monthly"].met and "tháng 3" in c["monthly"].evidence


def test_ehandbook_without_any_point_entered_says_so_not_zero_percent():
    records, _eh = model_year()
    none = [{"month": m, "applicable": 20, "at_or_above": 0, "missing": 20}
            for m in range(1, 13)]
    c = by_id(evaluate(records, 2024, ehandbook_months=none))["ehandbook"]
    assert c.evidence == "Sổ tay đảng viên điện tử: chưa nhập điểm" and not c.met
    assert "0,0%" not in c.evidence
    # One point entered somewhere: measured, with the missing points counted below.
    some = none[:-1] + [{"month": 12, "applicable": 20, "at_or_above": 1, "missing": 19}]
    c = by_id(evaluate(records, 2024, ehandbook_months=some))["ehandbook"]
    assert "(1/240, 12 tháng)" in c.evidence


def test_the_signature_block_is_never_alone_on_its_page(tmp_path):
    records, eh = model_year()
    for month in (2, 5, 8, 11):
        records[month] = regular(month + 1, 6, reason="Lý do dài " * 12)
    e = evaluate(records, 2024, ehandbook_months=eh)
    pdf = write_pdf([e], tmp_path / "bc.pdf", year=2024,
                    issuer={"parent_org": "Đảng bộ Tỉnh Hưng Yên", "name": "Đảng ủy Trường A",
                            "place_name": "Hưng Yên"}, date=dt.date(2025, 1, 8))
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    signed = next(p for p in pages if "Nơi nhận" in p)
    assert "Kết luận: đạt" in signed


@pytest.mark.parametrize("unit_type", ["education", "other"])
def test_the_pdf_prints_the_member_criteria_with_their_sources(tmp_path, unit_type):
    """Issue 16: the report prints, for each member, each member criterion with its result and
    evidence, and each criterion's source (the seed's plan, or the cell's own criterion)."""
    import dataclasses

    from app.cell import get_cell, save_cell
    from app.demo import add_demo_meetings, create_demo
    from app.exchange.report import evaluate_own_year
    from app.store import open_store

    today = dt.date(2024, 12, 20)
    with open_store(tmp_path / "cell.sqlite") as store:
        create_demo(store, today=today)
        add_demo_meetings(store, today=today, thematic=True)
        save_cell(store, dataclasses.replace(get_cell(store), unit_type=unit_type))
        e = evaluate_own_year(store, 2024, today=today, lang="vi")
    assert len(e.members) >= 20
    pdf = write_pdf([e], tmp_path / "bc.pdf", year=2024,
                    issuer={"parent_org": "Đảng bộ Trường Đại học Y Dược Thái Bình",
                            "name": e.cell["name"], "place_name": "Thái Bình"},
                    date=dt.date(2025, 1, 8))
    flat = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Tiêu chí đối với đảng viên:" in flat and "Kết quả đánh giá từng đảng viên:" in flat
    assert "Chấp hành tốt chủ trương, đường lối của Đảng" in flat
    assert "Thực hiện nghiêm nguyên tắc tự phê bình và phê bình" in flat
    # The "Căn cứ" column (the right 35% of the 165 mm text width, from x = 137 mm): one
    # source a criterion, the seed's plan or the cell's own criterion.
    sources = " ".join(subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-x", "390", "-y", "0", "-W", "210", "-H", "842",
         str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    plan = "Kế hoạch số 489-KH/ĐU ngày 22/3/2024, mục II (đối với đảng viên)"
    if unit_type == "education":
        assert "Đảng viên trong đơn vị sự nghiệp giáo dục, đào tạo" in flat
        assert sources.count(plan) == 3 and "Tiêu chí riêng của chi bộ" not in flat
    else:
        assert "Hoàn thành tốt nhiệm vụ chuyên môn nghiệp vụ được giao" in flat
        assert sources.count(plan) == 2 and "Tiêu chí riêng của chi bộ" in sources
    # every member with each criterion's evidence and result, in order
    for m in e.members:
        assert m.name in flat, m.name
        for c in m.criteria:
            assert c.evidence in flat, c.evidence
    # one result a criterion: the cell's, then each member's
    results = [c.met for c in e.criteria] + [c.met for m in e.members for c in m.criteria]
    assert len(results) == 9 + 3 * len(e.members)
    assert flat.count("Chưa đạt") == results.count(False)
    assert flat.count("Đạt") == results.count(True)
    met = sum(m.met for m in e.members)
    assert f"Đảng viên đạt đủ các tiêu chí đối với đảng viên: {met}/{len(e.members)}." in flat
    subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
