"""The final thematic topic document (chuyên đề) with its cover page.

Input: ``{"cell": {...}, "title", "group", "drafter", "body", "date", "status"?, "record"?}``;
the body is plain text, one paragraph per line; lines in capitals or starting with a Roman
numeral are headings. A topic without a status is taken as final. ``record`` is the meeting's
record: the document then carries its binding to that meeting (``app.documents.binding``), as
the minutes and the resolution do; a sample without it carries none.
"""
from __future__ import annotations

import re

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app.vntext import nfc

from . import binding
from .layout import (
    FIELD_DRAFTER, DocOptions, SignBlock, Styles, esc, is_draft, keep_together, parse_date,
    render, signature_row, text_lines, upper,
)

_HEADING = re.compile(r"^([IVX]+\.|[A-ZĐ]\.)\s")


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(_HEADING.match(line)) or (len(letters) > 3 and all(c.isupper() for c in letters))


def build_topic(topic: dict, options: DocOptions | None = None) -> bytes:
    options = options or DocOptions()
    s = Styles(options)
    cell = topic.get("cell") or {}
    day = parse_date(topic.get("date"))
    year = topic.get("year") or (day.year if day else "")
    title = nfc(topic.get("title") or "")
    # Cover page.
    story: list[Flowable] = [
        Paragraph(esc(upper(cell.get("parent_org") or "")), s.header_left),
        Paragraph(esc(upper(cell.get("name") or "")), s.header_left_bold),
        Paragraph("*", s.header_left),
        Spacer(1, 70 * 2.8346),
        Paragraph("CHUYÊN ĐỀ", s.title),
        Spacer(1, 10),
        Paragraph(esc(upper(title)), s.title),
        Spacer(1, 30),
    ]
    if topic.get("group"):
        story.append(Paragraph(f"<b>Nhóm chuyên đề:</b> {esc(topic['group'])}", s.center))
    story.append(Paragraph(f"<b>Người xây dựng:</b> đồng chí {esc(topic.get('drafter') or '…')}",
                           s.center))
    story += [Spacer(1, 90 * 2.8346),
              Paragraph(f"<i>{esc(cell.get('place_name') or '')}, năm {esc(year)}</i>", s.center),
              PageBreak()]
    # Body.
    story.append(Paragraph(esc(upper(title)), s.subtitle))
    story.append(Spacer(1, 10))
    for line in text_lines(topic.get("body") or topic.get("text")):
        story.append(Paragraph(esc(line), s.heading if _is_heading(line) else s.body))
    registry: list = []
    signatures = signature_row(s, options, None,
                               SignBlock(["NGƯỜI XÂY DỰNG", "CHUYÊN ĐỀ"], topic.get("drafter"),
                                         FIELD_DRAFTER), registry)
    story.append(keep_together([Spacer(1, 10), signatures]))
    return render(story, options, draft=is_draft(options, topic.get("status", "finalised")),
                  title=f"Chuyên đề: {title}", author=cell.get("name", ""), registry=registry,
                  keywords=binding.keywords(topic.get("record")))
