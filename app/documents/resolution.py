"""The cell's resolution (NGHỊ QUYẾT) or conclusion (KẾT LUẬN) of a meeting.

Structure of the monthly resolution in the Hướng dẫn 12-HD/BTCTW (06/7/2018) content groups:
I. Đánh giá kết quả, II. Nhiệm vụ, giải pháp, III. Tổ chức thực hiện. Signed "T/M CHI BỘ"
(``DocOptions.on_behalf_of`` switches to "CHI ỦY") / "BÍ THƯ" or "PHÓ BÍ THƯ", whoever signs
for the cell (chosen per meeting), and a "Nơi nhận:" list ending "Lưu Chi bộ.".
"""
from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from app.vntext import nfc

from . import binding
from .layout import (
    FIELD_SECRETARY, DocOptions, SignBlock, Styles, data_table, decimal_vi, default_recipients,
    document_number, esc, header, is_draft, keep_together, parse_date, recipients_block, render,
    short_date, signature_row, table_label, text_paragraphs, title_block,
)
from app.rules.cell_rules import passes

from .minutes import TASK_OUTCOMES, amendment_lines, quarter, roman

PATTERNS = {"resolution": "{n:02d}-NQ/CB", "conclusion": "{n:02d}-KL/CB"}
TITLES = {"resolution": "NGHỊ QUYẾT", "conclusion": "KẾT LUẬN"}
CODES = {"resolution": "NQ", "conclusion": "KL"}


def _kind(record: dict) -> str:
    kind = (record.get("resolution") or {}).get("type") or "resolution"
    return kind if kind in TITLES else "resolution"


def _fallback_number(record: dict, kind: str) -> str | None:
    """The resolution's own number (NQ and KL are numbered in their own sequences, never
    taken from the minutes' number)."""
    return (record.get("resolution") or {}).get("number") or None


def _meeting_words(record: dict) -> str:
    day = parse_date(record.get("date"))
    if record.get("kind") == "thematic":
        return f"sinh hoạt chuyên đề quý {roman(quarter(day.month))} năm {day.year}" if day else \
            "sinh hoạt chuyên đề"
    return f"sinh hoạt chi bộ thường kỳ tháng {day.month} năm {day.year}" if day else \
        "sinh hoạt chi bộ thường kỳ"


def _previous_month(day) -> tuple[int, int]:
    return (day.month - 1, day.year) if day.month > 1 else (12, day.year - 1)


def subject_line(record: dict, kind: str) -> str:
    """The summary under the type name: "về lãnh đạo thực hiện nhiệm vụ tháng 9 năm 2026"
    (resolution), "của chi bộ tại kỳ sinh hoạt tháng 9 năm 2026" (conclusion)."""
    day = parse_date(record.get("date"))
    if record.get("kind") == "thematic":
        period = f"chuyên đề quý {roman(quarter(day.month))} năm {day.year}" if day else \
            "chuyên đề"
        return (f"về kết quả sinh hoạt {period}" if kind == "resolution"
                else f"của chi bộ tại kỳ sinh hoạt {period}")
    period = f"tháng {day.month} năm {day.year}" if day else "tháng …"
    return (f"về lãnh đạo thực hiện nhiệm vụ {period}" if kind == "resolution"
            else f"của chi bộ tại kỳ sinh hoạt {period}")


def opening_counts(a: dict, voting: dict) -> str:
    """The full attendance figures of the opening paragraph."""
    rate = a.get("rate")
    rate_text = f", đạt {decimal_vi(rate)}%" if rate is not None else ""
    split = ""
    if a.get("present_full") is not None:
        split = (f"; chính thức: {a.get('present_full', 0)}, "
                 f"dự bị: {a.get('present_probationary', 0)}")
    with_reason = len(a.get("absent_with_reason") or [])
    without = len(a.get("absent_without_reason") or [])
    return (f"Tổng số đảng viên của chi bộ: {a.get('on_roll', 0)} đồng chí (chính thức: "
            f"{a.get('full', 0)}, dự bị: {a.get('probationary', 0)}); số đảng viên phải có mặt: "
            f"{a.get('base', 0)} đồng chí; có mặt: {a.get('present', 0)}/{a.get('base', 0)} "
            f"đồng chí{rate_text}{split}; vắng: {with_reason + without} đồng chí (có lý do: "
            f"{with_reason}, không có lý do: {without}); số đảng viên có quyền biểu quyết: "
            f"{voting.get('base', 0)} đồng chí (có mặt: {voting.get('present', 0)}).")


def vote_sentence(vote: dict, word: str, day) -> str:
    """"Nghị quyết được chi bộ thông qua tại kỳ sinh hoạt ngày 03/9/2026, với 18/21 đồng chí
    tán thành, đạt tỷ lệ 85,7%." (the denominator: members with a vote)."""
    base = int(vote.get("base") or 0)
    yes = int(vote.get("for") or 0)
    rate = f", đạt tỷ lệ {decimal_vi(100 * yes / base)}%" if base else ""
    passed = vote.get("passed")
    if passed is None:
        passed = passes(yes, base)
    verb = "thông qua" if passed else "biểu quyết, không được thông qua"
    return (f"{word} được chi bộ {verb} tại kỳ sinh hoạt ngày {short_date(day)}, với "
            f"{yes}/{base} đồng chí tán thành{rate}.")


def _resolution_vote(votes: list[dict]) -> dict | None:
    """The vote on the resolution or conclusion (by its subject), else the first vote."""
    for vote in votes:
        subject = (vote.get("subject") or "").lower()
        if "nghị quyết" in subject or "kết luận" in subject:
            return vote
    return votes[0] if votes else None


def build_resolution(record: dict, options: DocOptions | None = None) -> bytes:
    """The resolution or conclusion of one meeting as PDF bytes: opening with the full counts,
    I. Đánh giá kết quả (the report and the review of last month's tasks), II. Nhiệm vụ, giải
    pháp (the text adopted), III. Tổ chức thực hiện (the new tasks), the vote sentence, the
    signature of whoever signs for the cell and the recipients."""
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
    story += title_block(s, TITLES[kind], [subject_line(r, kind)], amendment_lines(r))
    topic = r.get("topic") or {}
    if r.get("kind") == "thematic" and topic.get("title"):
        story.append(Paragraph(f"<b>Chuyên đề:</b> “{esc(topic['title'])}”", s.plain))
    day = parse_date(r.get("date"))
    word = "Nghị quyết" if kind == "resolution" else "Kết luận"
    intro = (f"Ngày {short_date(r.get('date'))}, tại {nfc(r.get('place') or '…')}, "
             f"{nfc(cell.get('name') or 'chi bộ')} tổ chức {meeting}. "
             + opening_counts(r.get("attendance") or {}, r.get("voting") or {})
             + f" Đồng chí {nfc(r.get('chair') or '…')} chủ trì; đồng chí "
             f"{nfc(r.get('minute_taker') or '…')} ghi biên bản.")
    story.append(Paragraph(esc(intro), s.body))
    story.append(Paragraph(esc("Sau khi thảo luận, chi bộ thống nhất "
                               + ("ban hành nghị quyết như sau:" if kind == "resolution"
                                  else "kết luận như sau:")), s.body))
    # I. The results of the month before (the report, the review of its tasks).
    if day and r.get("kind") != "thematic":
        month, year = _previous_month(day)
        heading_i = f"I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG {month} NĂM {year}"
        heading_ii = f"II. NHIỆM VỤ, GIẢI PHÁP THÁNG {day.month} NĂM {day.year}"
    else:
        heading_i, heading_ii = "I. ĐÁNH GIÁ KẾT QUẢ", "II. NHIỆM VỤ, GIẢI PHÁP"
    story.append(Paragraph(f"<b>{esc(heading_i)}</b>", s.heading))
    story += text_paragraphs(r.get("report"), s.body)
    previous = r.get("previous_tasks") or []
    if previous:
        story.append(Paragraph("Kết quả thực hiện nhiệm vụ kỳ trước:", s.lead))
        for t in previous:
            outcome = TASK_OUTCOMES.get(t.get("outcome"), t.get("outcome") or "chưa đánh giá")
            note = f" ({nfc(t['note'])})" if t.get("note") else ""
            story.append(Paragraph(esc(f"- {nfc(t.get('text'))} — đồng chí "
                                       f"{nfc(t.get('assignee'))}: {outcome.lower()}{note}."),
                                   s.item))
    if r.get("summary"):
        story.append(Paragraph("Chi bộ đánh giá chung:", s.lead))
        story += text_paragraphs(r["summary"], s.body)
    if not (r.get("report") or previous or r.get("summary")):
        story.append(Paragraph("…", s.body))
    # II. What the cell resolved or concluded.
    story.append(Paragraph(f"<b>{esc(heading_ii)}</b>", s.heading))
    story += text_paragraphs((r.get("resolution") or {}).get("text"), s.body) or \
        [Paragraph("…", s.body)]
    # III. Who does what by when.
    story.append(Paragraph("<b>III. TỔ CHỨC THỰC HIỆN</b>", s.heading))
    tasks = r.get("tasks") or []
    if tasks:
        rows = [(str(i), t.get("text"), t.get("assignee"), short_date(t.get("due")))
                for i, t in enumerate(tasks, 1)]
        story.append(data_table(s, options, ("TT", "Nhiệm vụ", "Người thực hiện", "Thời hạn"), rows,
                                (0.07, 0.53, 0.24, 0.16), center_cols=(0, 3)))
        story.append(Spacer(1, 4))
    story.append(Paragraph(esc(f"Các đồng chí đảng viên trong chi bộ căn cứ {word.lower()} "
                               "tổ chức thực hiện; chi ủy (bí thư) theo dõi, đôn đốc, kiểm tra và "
                               "báo cáo kết quả tại kỳ sinh hoạt sau."), s.body))
    closing: list[Flowable] = []
    vote = _resolution_vote(r.get("votes") or [])
    if vote:
        closing.append(Paragraph(esc(vote_sentence(vote, word, day)), s.body))
    recipients = (options.recipients if options.recipients is not None
                  else default_recipients(cell, options, "resolution"))
    resolution = r.get("resolution") or {}
    deputy = resolution.get("signer_role") == "deputy"
    signer = resolution.get("signer") or cell.get("deputy" if deputy else "secretary")
    registry: list = []
    signatures = signature_row(
        s, options, recipients_block(s, recipients),
        SignBlock([f"T/M {upper_words(options.on_behalf_of)}",
                   "PHÓ BÍ THƯ" if deputy else "BÍ THƯ"], signer, FIELD_SECRETARY),
        registry)
    story.append(keep_together(closing + [Spacer(1, 10), signatures]))
    return render(story, options, draft=is_draft(options, r.get("status")),
                  title=f"{TITLES[kind]} {subject_line(r, kind)}", author=cell.get("name", ""),
                  subject=nfc(number or ""), registry=registry, keywords=binding.keywords(r))


def upper_words(text: str) -> str:
    return nfc(text).upper()
