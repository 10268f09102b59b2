"""The cell's resolution (NGHỊ QUYẾT) or conclusion (KẾT LUẬN) of a meeting.

Signed "T/M CHI BỘ" (a resolution adopted by the cell; ``DocOptions.on_behalf_of`` switches to
"CHI ỦY") / "BÍ THƯ" with the secretary's name, and a "Nơi nhận:" list.
"""
from __future__ import annotations

import re

from reportlab.platypus import Flowable, Paragraph, Spacer

from app.vntext import nfc

from . import binding
from .layout import (
    FIELD_SECRETARY, DocOptions, SignBlock, Styles, data_table, decimal_vi, default_recipients,
    document_number, esc, header, is_draft, keep_together, parse_date, recipients_block, render,
    short_date, signature_row, table_label, text_paragraphs, title_block,
)
from .minutes import amendment_lines, quarter, roman, vote_lines

PATTERNS = {"resolution": "{n:02d}-NQ/CB", "conclusion": "{n:02d}-KL/CB"}
TITLES = {"resolution": "NGHỊ QUYẾT", "conclusion": "KẾT LUẬN"}
CODES = {"resolution": "NQ", "conclusion": "KL"}


def _kind(record: dict) -> str:
    kind = (record.get("resolution") or {}).get("type") or "resolution"
    return kind if kind in TITLES else "resolution"


def _fallback_number(record: dict, kind: str) -> str | None:
    """The resolution's own number, else the minutes' number with the code swapped (04-BB → 04-NQ)."""
    own = (record.get("resolution") or {}).get("number")
    if own:
        return own
    minutes_number = record.get("number")
    if not minutes_number:
        return None
    return re.sub(r"-BB/", f"-{CODES[kind]}/", minutes_number)


def _meeting_words(record: dict) -> str:
    day = parse_date(record.get("date"))
    if record.get("kind") == "thematic":
        return f"sinh hoạt chuyên đề quý {roman(quarter(day.month))} năm {day.year}" if day else \
            "sinh hoạt chuyên đề"
    return f"sinh hoạt chi bộ thường kỳ tháng {day.month} năm {day.year}" if day else \
        "sinh hoạt chi bộ thường kỳ"


def build_resolution(record: dict, options: DocOptions | None = None) -> bytes:
    """The resolution or conclusion of one meeting as PDF bytes."""
    options = options or DocOptions()
    s = Styles(options)
    r = record
    kind = _kind(r)
    cell = r.get("cell") or {}
    pattern = PATTERNS[kind]
    number = document_number(options, pattern, _fallback_number(r, kind))
    story: list[Flowable] = [header(s, options, cell, number, pattern, cell.get("place_name"),
                                    r.get("date"))]
    meeting = _meeting_words(r)
    story += title_block(s, TITLES[kind], [meeting[0].upper() + meeting[1:]], amendment_lines(r))
    topic = r.get("topic") or {}
    if r.get("kind") == "thematic" and topic.get("title"):
        story.append(Paragraph(f"<b>Chuyên đề:</b> “{esc(topic['title'])}”", s.plain))
    a = r.get("attendance") or {}
    rate = a.get("rate")
    rate_text = f" (đạt {decimal_vi(rate)}%)" if rate is not None else ""
    intro = (f"Ngày {short_date(r.get('date'))}, tại {nfc(r.get('place') or '…')}, "
             f"{nfc(cell.get('name') or 'chi bộ')} tổ chức {meeting}. "
             f"Số đảng viên có mặt: {a.get('present', 0)}/{a.get('base', 0)} đồng chí{rate_text}. "
             f"Đồng chí {nfc(r.get('chair') or '…')} chủ trì.")
    story.append(Paragraph(esc(intro), s.body))
    if r.get("summary"):
        story.append(Paragraph("Sau khi nghe báo cáo và thảo luận, chi bộ đánh giá:", s.body))
        story += text_paragraphs(r["summary"], s.body)
    story.append(Paragraph("<b>CHI BỘ QUYẾT NGHỊ:</b>" if kind == "resolution"
                           else "<b>CHI BỘ KẾT LUẬN:</b>", s.lead))
    story += text_paragraphs((r.get("resolution") or {}).get("text"), s.body) or \
        [Paragraph("…", s.body)]
    tasks = r.get("tasks") or []
    if tasks:
        story += table_label(s, "<b>Tổ chức thực hiện:</b>")
        rows = [(str(i), t.get("text"), t.get("assignee"), short_date(t.get("due")))
                for i, t in enumerate(tasks, 1)]
        story.append(data_table(s, options, ("TT", "Nhiệm vụ", "Người thực hiện", "Thời hạn"), rows,
                                (0.07, 0.53, 0.24, 0.16), center_cols=(0, 3)))
        story.append(Spacer(1, 4))
    votes = r.get("votes") or []
    word = "Nghị quyết" if kind == "resolution" else "Kết luận"
    closing: list[Flowable] = []
    if votes:
        line, verdict = vote_lines(votes[0])
        closing.append(Paragraph(esc(f"{word} được chi bộ biểu quyết. {line} {verdict}"), s.body))
    closing.append(Paragraph(esc(f"{word} này được phổ biến đến toàn thể đảng viên trong chi bộ "
                                 "để thực hiện."), s.body))
    recipients = options.recipients if options.recipients is not None else default_recipients(cell)
    registry: list = []
    signatures = signature_row(
        s, options, recipients_block(s, recipients),
        SignBlock([f"T/M {upper_words(options.on_behalf_of)}", "BÍ THƯ"], cell.get("secretary"),
                  FIELD_SECRETARY),
        registry)
    story.append(keep_together(closing + [Spacer(1, 10), signatures]))
    return render(story, options, draft=is_draft(options, r.get("status")),
                  title=f"{TITLES[kind]} {meeting}", author=cell.get("name", ""),
                  subject=nfc(number or ""), registry=registry, keywords=binding.keywords(r))


def upper_words(text: str) -> str:
    return nfc(text).upper()
