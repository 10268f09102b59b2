"""The year's thematic meeting plan (KẾ HOẠCH SINH HOẠT CHUYÊN ĐỀ NĂM …), reported upwards.

Input: ``{"cell": {...}, "year": 2024, "items": [{"quarter", "planned_date", "title", "group",
"drafter", "combined"}], "number"?, "date"?, "status"?, "intro"?}``; a plan without a status
is taken as final.
"""
from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from app.vntext import nfc

from .layout import (
    FIELD_SECRETARY, DocOptions, SignBlock, Styles, data_table, default_recipients,
    document_number, esc, header, is_draft, keep_together, recipients_block, render, roman,
    short_date, signature_row, text_paragraphs, title_block,
)

DEFAULT_PATTERN = "{n:02d}-KH/CB"


DEFAULT_PURPOSE = (
    "Nâng cao chất lượng sinh hoạt chi bộ; giúp đảng viên nhận thức sâu sắc chủ trương, "
    "đường lối của Đảng, chính sách, pháp luật của Nhà nước và liên hệ với nhiệm vụ chính trị "
    "của đơn vị.\n"
    "Mỗi quý tổ chức ít nhất một buổi sinh hoạt chuyên đề; chuyên đề được chuẩn bị chu đáo, "
    "gửi đảng viên nghiên cứu trước; sinh hoạt chuyên đề không thay thế sinh hoạt thường kỳ.")
DEFAULT_ORGANISATION = (
    "Đảng viên được phân công xây dựng chuyên đề chuẩn bị dự thảo, báo cáo chi ủy (bí thư) "
    "cho ý kiến và gửi đảng viên trước buổi sinh hoạt.\n"
    "Chi bộ báo cáo kết quả sinh hoạt chuyên đề với cấp ủy cấp trên theo quy định.")


def empty_quarters(items: list[dict]) -> list[int]:
    """The quarters of the year with no thematic topic (at least one a quarter is due)."""
    have = {int(i.get("quarter") or 0) for i in items}
    return [q for q in range(1, 5) if q not in have]


def build_plan(plan: dict, options: DocOptions | None = None) -> bytes:
    """The year's plan: I. Mục đích, yêu cầu; II. Nội dung và thời gian (every quarter, a
    quarter without a topic marked and warned about); III. Tổ chức thực hiện. Marked
    "DỰ THẢO" until it has a number."""
    options = options or DocOptions()
    s = Styles(options)
    cell = plan.get("cell") or {}
    year = plan.get("year")
    number = document_number(options, DEFAULT_PATTERN, plan.get("number"))
    date = plan.get("date") or f"{year}-01-01"
    story: list[Flowable] = [header(s, options, cell, number, DEFAULT_PATTERN,
                                    cell.get("place_name"), date)]
    story += title_block(s, "KẾ HOẠCH", [f"sinh hoạt chuyên đề năm {year}"])
    intro = plan.get("intro") or (
        f"Thực hiện quy định về sinh hoạt chuyên đề ít nhất mỗi quý một lần, "
        f"{nfc(cell.get('name') or 'chi bộ')} xây dựng kế hoạch sinh hoạt chuyên đề năm {year} "
        "như sau:")
    story += text_paragraphs(intro, s.body)
    story.append(Paragraph("<b>I. MỤC ĐÍCH, YÊU CẦU</b>", s.heading))
    story += text_paragraphs(plan.get("purpose") or DEFAULT_PURPOSE, s.body)
    story.append(Paragraph("<b>II. NỘI DUNG VÀ THỜI GIAN</b>", s.heading))
    items = sorted(plan.get("items") or [], key=lambda i: (i.get("quarter") or 0,
                                                            i.get("planned_date") or ""))
    missing = empty_quarters(items)
    rows = []
    for q in range(1, 5):
        for it in [i for i in items if int(i.get("quarter") or 0) == q] or [None]:
            if it is None:
                rows.append(["", f"Quý {roman(q)}", "", "Chưa có chuyên đề", "", "", ""])
                continue
            rows.append(["", f"Quý {roman(q)}", short_date(it.get("planned_date")),
                         it.get("title"), it.get("group"), it.get("drafter"),
                         "Kết hợp với sinh hoạt thường kỳ" if it.get("combined") else ""])
    for i, row in enumerate(rows, 1):
        row[0] = str(i)
    story.append(data_table(
        s, options, ("TT", "Quý", "Thời gian dự kiến", "Tên chuyên đề", "Nhóm chuyên đề",
                     "Người xây dựng", "Ghi chú"),
        rows, (0.06, 0.10, 0.15, 0.24, 0.19, 0.13, 0.13), center_cols=(0, 1, 2)))
    story.append(Spacer(1, 6))
    if missing:
        quarters = ", ".join(roman(q) for q in missing)
        story.append(Paragraph(esc(f"Lưu ý: quý {quarters} chưa có chuyên đề; mỗi quý phải có "
                                   "ít nhất một buổi sinh hoạt chuyên đề."), s.plain))
    closing = [Paragraph("<b>III. TỔ CHỨC THỰC HIỆN</b>", s.heading)]
    closing += text_paragraphs(plan.get("organisation") or DEFAULT_ORGANISATION, s.body)
    recipients = (options.recipients if options.recipients is not None
                  else default_recipients(cell, options, "plan"))
    registry: list = []
    signatures = signature_row(
        s, options, recipients_block(s, recipients),
        SignBlock([f"T/M {nfc(options.on_behalf_of).upper()}", "BÍ THƯ"], cell.get("secretary"),
                  FIELD_SECRETARY), registry)
    story.append(keep_together(closing + [Spacer(1, 10), signatures]))
    # A plan without a number is a draft, whatever its status says.
    status = plan.get("status", "finalised") if number else "draft"
    return render(story, options, draft=is_draft(options, status),
                  title=f"KẾ HOẠCH SINH HOẠT CHUYÊN ĐỀ NĂM {year}", author=cell.get("name", ""),
                  subject=nfc(number or ""), registry=registry)
