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
    document_number, header, is_draft, keep_together, recipients_block, render, roman,
    short_date, signature_row, text_paragraphs, title_block,
)

DEFAULT_PATTERN = "{n:02d}-KH/CB"


def build_plan(plan: dict, options: DocOptions | None = None) -> bytes:
    options = options or DocOptions()
    s = Styles(options)
    cell = plan.get("cell") or {}
    year = plan.get("year")
    number = document_number(options, DEFAULT_PATTERN, plan.get("number"))
    date = plan.get("date") or f"{year}-01-01"
    story: list[Flowable] = [header(s, options, cell, number, DEFAULT_PATTERN,
                                    cell.get("place_name"), date)]
    story += title_block(s, "KẾ HOẠCH", [f"SINH HOẠT CHUYÊN ĐỀ NĂM {year}"])
    intro = plan.get("intro") or (
        f"Thực hiện quy định về sinh hoạt chuyên đề ít nhất mỗi quý một lần, "
        f"{nfc(cell.get('name') or 'chi bộ')} xây dựng kế hoạch sinh hoạt chuyên đề năm {year} "
        "như sau:")
    story += text_paragraphs(intro, s.body)
    story.append(Paragraph("<b>I. NỘI DUNG VÀ THỜI GIAN</b>", s.heading))
    items = sorted(plan.get("items") or [], key=lambda i: (i.get("quarter") or 0,
                                                            i.get("planned_date") or ""))
    rows = [(str(i), f"Quý {roman(int(it.get('quarter') or 0))}" if it.get("quarter") else "",
             short_date(it.get("planned_date")), it.get("title"), it.get("group"),
             it.get("drafter"),
             "Kết hợp với sinh hoạt thường kỳ" if it.get("combined") else "")
            for i, it in enumerate(items, 1)]
    story.append(data_table(
        s, options, ("TT", "Quý", "Thời gian dự kiến", "Tên chuyên đề", "Nhóm chuyên đề",
                     "Người xây dựng", "Ghi chú"),
        rows, (0.06, 0.08, 0.16, 0.24, 0.19, 0.13, 0.14), center_cols=(0, 1, 2)))
    story.append(Spacer(1, 6))
    closing = [Paragraph("<b>II. TỔ CHỨC THỰC HIỆN</b>", s.heading)]
    closing += text_paragraphs(plan.get("organisation") or (
        "Đảng viên được phân công xây dựng chuyên đề chuẩn bị dự thảo, báo cáo chi ủy (bí thư) "
        "cho ý kiến và gửi đảng viên trước buổi sinh hoạt.\n"
        "Chi bộ báo cáo kết quả sinh hoạt chuyên đề với cấp ủy cấp trên theo quy định."), s.body)
    recipients = options.recipients if options.recipients is not None else default_recipients(cell)
    registry: list = []
    signatures = signature_row(
        s, options, recipients_block(s, recipients),
        SignBlock([f"T/M {nfc(options.on_behalf_of).upper()}", "BÍ THƯ"], cell.get("secretary"),
                  FIELD_SECRETARY), registry)
    story.append(keep_together(closing + [Spacer(1, 10), signatures]))
    return render(story, options, draft=is_draft(options, plan.get("status", "finalised")),
                  title=f"KẾ HOẠCH SINH HOẠT CHUYÊN ĐỀ NĂM {year}", author=cell.get("name", ""),
                  subject=nfc(number or ""), registry=registry)
