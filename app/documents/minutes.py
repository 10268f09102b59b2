"""The minutes (biên bản) of a regular or thematic meeting, from the meeting record dict.

Every part the minutes must hold (Hướng dẫn 12-HD/BTCTW ngày 06/7/2018; Hướng dẫn
36-HD/VPTW 2018): time, place, guests, chair and minute-taker,
attendance with names and reasons, agenda, proceedings with each speaker, the chair's
conclusion, vote results against the voting base, tasks with deadlines, previous tasks,
proposals, the score table, end time and duration, the read-back statement, signatures.
"""
from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from app.i18n import weekday_name
from app.rules.cell_rules import passes
from app.vntext import nfc

from . import binding
from .layout import (
    FIELD_CHAIR, FIELD_MINUTE_TAKER, DocOptions, SignBlock, Styles, data_table, decimal_vi,
    document_number, esc, header, is_draft, keep_together, labelled, parse_date, points_vi,
    render, roman, short_date, signature_row, table_label, text_lines, text_paragraphs, time_words,
    title_block,
)

DEFAULT_PATTERN = "{n:02d}-BB/CB"

SPEECH_KINDS = {
    "opinion": "phát biểu ý kiến",
    "self_criticism": "tự phê bình",
    "criticism": "phê bình",
    "proposal": "kiến nghị, đề xuất",
}
TASK_OUTCOMES = {"done": "Hoàn thành", "partly": "Hoàn thành một phần",
                 "not_done": "Chưa hoàn thành"}
PROPOSAL_HANDLING = {"resolved": "Giải quyết tại chi bộ", "forwarded": "Chuyển cấp trên giải quyết"}


def quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def minutes_title(record: dict) -> tuple[str, list[str]]:
    """('BIÊN BẢN', [subtitle lines]) for a regular or thematic meeting."""
    day = parse_date(record.get("date"))
    if record.get("kind") == "thematic":
        when = f"QUÝ {roman(quarter(day.month))} NĂM {day.year}" if day else ""
        return "BIÊN BẢN", [f"SINH HOẠT CHUYÊN ĐỀ {when}".strip()]
    when = f"THÁNG {day.month} NĂM {day.year}" if day else ""
    return "BIÊN BẢN", [f"SINH HOẠT CHI BỘ THƯỜNG KỲ {when}".strip()]


def amendment_lines(record: dict) -> list[str]:
    version = int(record.get("version") or 1)
    if version <= 1:
        return []
    return [f"(Sửa đổi lần {version - 1})"]


def _comrade(name) -> str:
    return f"đồng chí {nfc(name)}" if name else "…"


def _names(names) -> str:
    return ", ".join(nfc(n) for n in names or []) or "không có"


def vote_lines(vote: dict) -> list[str]:
    """The vote result against the voting base, in the wording of the minutes."""
    base = int(vote.get("base") or 0)
    yes = int(vote.get("for") or 0)
    pct = f" ({decimal_vi(100 * yes / base)}%)" if base else ""
    line = (f"Số đảng viên biểu quyết tán thành: {yes}/{base}{pct}; "
            f"không tán thành: {int(vote.get('against') or 0)}; "
            f"không biểu quyết: {int(vote.get('abstain') or 0)}.")
    passed = vote.get("passed")
    if passed is None:
        passed = passes(yes, base)
    verdict = ("Kết quả: được thông qua (trên một nửa số đảng viên có quyền biểu quyết tán thành)."
               if passed else
               "Kết quả: không được thông qua (chưa đạt trên một nửa số đảng viên có quyền biểu quyết).")
    return [line, verdict]


def weekday_mid(day) -> str:
    """The weekday as written mid-sentence: "thứ Năm", "chủ nhật"."""
    name = weekday_name(day, "vi")
    return name[0].lower() + name[1:] if name.startswith("Thứ") else name.lower()


def _opening(s: Styles, r: dict) -> list[Flowable]:
    out: list[Flowable] = []
    day = parse_date(r.get("date"))
    when = f"{weekday_mid(day)}, ngày {short_date(day)}" if day else "…"
    out.append(Paragraph("<b>I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN</b>", s.heading))
    out.append(labelled(s, "1. Thời gian", f"Bắt đầu lúc {time_words(r.get('start'))}, {when}."))
    if r.get("off_rule_reason"):
        out.append(Paragraph(
            f"Sinh hoạt khác ngày quy định ({esc(short_date(r.get('rule_date')))}), lý do: "
            f"{esc(r['off_rule_reason'])}.", s.item))
    sitting = r.get("sitting")
    if sitting:
        total = sitting.get("total_minutes")
        out.append(Paragraph(
            f"Sinh hoạt kết hợp thường kỳ và chuyên đề trong một buổi; đây là phần thứ "
            f"{esc(sitting.get('order') or '…')} của buổi sinh hoạt"
            + (f", tổng thời gian cả buổi: {esc(total)} phút." if total else "."), s.item))
    out.append(labelled(s, "2. Địa điểm", f"{nfc(r.get('place') or '…')}."))
    out.append(Paragraph("<b>3. Thành phần</b>", s.lead))
    guests = r.get("guests") or []
    if guests:
        out.append(Paragraph("- Đại biểu:", s.item))
        for g in guests:
            parts = [nfc(g.get("name"))] + [nfc(g[k]) for k in ("title", "organisation") if g.get(k)]
            out.append(Paragraph("+ Đồng chí " + esc(", ".join(parts)) + ".", s.item))
    else:
        out.append(Paragraph("- Đại biểu: không có.", s.item))
    out.append(Paragraph(f"- Chủ trì: {esc(_comrade(r.get('chair')))}.", s.item))
    out.append(Paragraph(f"- Thư ký: {esc(_comrade(r.get('minute_taker')))}.", s.item))
    out += _attendance(s, r.get("attendance") or {}, r.get("voting") or {})
    return out


def _attendance(s: Styles, a: dict, voting: dict) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("<b>4. Tình hình đảng viên dự sinh hoạt</b>", s.lead)]
    item = s.item
    on_roll = a.get("on_roll", 0)
    out.append(Paragraph(
        f"- Tổng số đảng viên của chi bộ: {on_roll} đồng chí (chính thức: {a.get('full', 0)}; "
        f"dự bị: {a.get('probationary', 0)}; sinh hoạt tạm thời: {a.get('temporary', 0)}).", item))
    exempted = a.get("exempted") or []
    out.append(Paragraph(
        f"- Miễn công tác và sinh hoạt đảng: {len(exempted)}"
        + (f" ({esc(_names(exempted))})." if exempted else "."), item))
    elsewhere = a.get("elsewhere") or []
    if elsewhere:
        out.append(Paragraph(f"- Sinh hoạt tạm thời nơi khác: {len(elsewhere)} "
                             f"({esc(_names(elsewhere))}).", item))
    base, present = a.get("base", 0), a.get("present", 0)
    rate = a.get("rate")
    if rate is None and base:
        rate = 100 * present / base
    rate_text = f" (đạt {decimal_vi(rate)}%)" if rate is not None else ""
    out.append(Paragraph(f"- Số đảng viên phải có mặt: {base} đồng chí.", item))
    split = ""
    if a.get("present_full") is not None:
        split = (f" (chính thức: {a.get('present_full', 0)}; "
                 f"dự bị: {a.get('present_probationary', 0)})")
    out.append(Paragraph(f"- Có mặt: {present}/{base} đồng chí{rate_text}{split}.", item))
    with_reason = a.get("absent_with_reason") or []
    text = f"- Vắng có lý do: {len(with_reason)}"
    if with_reason:
        text += " (" + "; ".join(
            f"đồng chí {esc(x.get('name'))}: {esc(x.get('reason') or 'có lý do')}"
            for x in with_reason) + ")."
    else:
        text += "."
    out.append(Paragraph(text, item))
    without = a.get("absent_without_reason") or []
    out.append(Paragraph(
        f"- Vắng không có lý do: {len(without)}" + (f" ({esc(_names(without))})." if without else "."),
        item))
    late = a.get("late") or []
    if late:
        out.append(Paragraph("- Đến muộn: " + "; ".join(
            f"đồng chí {esc(x.get('name'))} (đến lúc {esc(time_words(x.get('time')))})" for x in late)
            + ".", item))
    left = a.get("left_early") or []
    if left:
        out.append(Paragraph("- Về sớm: " + "; ".join(
            f"đồng chí {esc(x.get('name'))} (về lúc {esc(time_words(x.get('time')))})" for x in left)
            + ".", item))
    if voting:
        out.append(Paragraph(
            f"- Số đảng viên có quyền biểu quyết: {voting.get('base', 0)} đồng chí "
            f"(có mặt: {voting.get('present', 0)}).", item))
    return out


def _agenda(s: Styles, r: dict, number: str) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(f"<b>{number}. NỘI DUNG SINH HOẠT</b>", s.heading)]
    # A thematic meeting's purpose is printed once, where the secretary states it (III.1).
    if r.get("purpose") and r.get("kind") != "thematic":
        out.append(labelled(s, "Mục đích, yêu cầu", r["purpose"]))
    agenda = r.get("agenda") or []
    for i, item in enumerate(agenda, 1):
        out.append(Paragraph(f"{i}. {esc(item.get('title'))}", s.item))
    if not agenda:
        out.append(Paragraph("(Chưa có chương trình.)", s.item))
    elif r.get("agenda_approved"):
        out.append(Paragraph("Chương trình sinh hoạt được chi bộ nhất trí thông qua.", s.plain))
    return out


def _speech(s: Styles, sp: dict) -> Paragraph:
    kind = sp.get("kind") or "opinion"
    label = SPEECH_KINDS.get(kind, SPEECH_KINDS["opinion"])
    if kind == "criticism" and sp.get("target"):
        label += f" đồng chí {nfc(sp['target'])}"
    return Paragraph(f"- Đồng chí <b>{esc(sp.get('speaker'))}</b> ({esc(label)}): "
                     f"{esc(sp.get('text'))}", s.item)


def _speeches(s: Styles, r: dict) -> list[Flowable]:
    """Speeches grouped under their agenda item, in the order they were made, each item
    closed by the chair's conclusion on it when one was recorded."""
    speeches = r.get("speeches") or []
    agenda = r.get("agenda") or []
    titles = {a.get("id"): a.get("title") for a in agenda}
    conclusions = {a.get("id"): a.get("conclusion") for a in agenda if a.get("conclusion")}
    if not speeches and not conclusions:
        return [Paragraph("(Không có ý kiến phát biểu.)", s.item)]
    out: list[Flowable] = []
    groups: dict = {}
    for sp in speeches:
        groups.setdefault(sp.get("agenda_item") if sp.get("agenda_item") in titles else None,
                          []).append(sp)
    order = [a.get("id") for a in agenda if a.get("id") in groups or a.get("id") in conclusions]
    if None in groups:
        order.append(None)
    for key in order:
        if len(order) > 1 or key is not None:
            heading = titles.get(key) if key is not None else "Ý kiến khác"
            out.append(Paragraph(f"<i>{esc(heading)}:</i>", s.lead))
        out += [_speech(s, sp) for sp in groups.get(key, [])]
        if conclusions.get(key):
            lines = text_lines(conclusions[key])
            out.append(Paragraph("Đồng chí chủ trì kết luận nội dung này: " + esc(lines[0]),
                                 s.item))
            out += [Paragraph(esc(line), s.item) for line in lines[1:]]
    return out


def _tasks_table(s: Styles, options: DocOptions, tasks: list[dict]):
    rows = [(str(i), t.get("text"), t.get("assignee"), short_date(t.get("due")))
            for i, t in enumerate(tasks, 1)]
    return data_table(s, options, ("TT", "Nội dung nhiệm vụ", "Người thực hiện", "Thời hạn"),
                      rows, (0.07, 0.53, 0.24, 0.16), center_cols=(0, 3))


def _previous_tasks(s: Styles, options: DocOptions, items: list[dict]):
    rows = [(str(i), t.get("text"), t.get("assignee"),
             TASK_OUTCOMES.get(t.get("outcome"), t.get("outcome") or ""), t.get("note") or "")
            for i, t in enumerate(items, 1)]
    return data_table(s, options, ("TT", "Nhiệm vụ kỳ trước", "Người thực hiện", "Kết quả",
                                   "Ghi chú"), rows, (0.07, 0.38, 0.2, 0.17, 0.18),
                      center_cols=(0,))


def score_table(s: Styles, options: DocOptions, score: dict):
    rows = []
    total_max = 0.0
    for i, g in enumerate(score.get("groups") or [], 1):
        rows.append((str(i), g.get("name"), points_vi(g.get("max")), points_vi(g.get("points"))))
        total_max += float(g.get("max") or 0)
    rows.append(("", Paragraph("<b>Tổng cộng</b>", s.cell), points_vi(total_max),
                 Paragraph(f"<b>{esc(points_vi(score.get('total')))}</b>", s.cell_center)))
    return data_table(s, options, ("TT", "Nhóm tiêu chí", "Điểm tối đa", "Điểm đạt"), rows,
                      (0.07, 0.63, 0.15, 0.15), center_cols=(0, 2, 3))


def _proceedings(s: Styles, options: DocOptions, r: dict, number: str) -> list[Flowable]:
    thematic = r.get("kind") == "thematic"
    topic = r.get("topic") or {}
    out: list[Flowable] = [Paragraph(f"<b>{number}. DIỄN BIẾN BUỔI SINH HOẠT</b>", s.heading)]
    n = 1
    if thematic:
        drafter = topic.get("drafter")
        out.append(Paragraph(f"<b>{n}. Đồng chí {esc(r.get('chair') or '…')} nêu mục đích, "
                             "yêu cầu của buổi sinh hoạt chuyên đề.</b>", s.lead))
        # The opening's purpose and what the secretary added on the topic, each once.
        said = text_lines(r.get("purpose"))
        said += [line for line in text_lines(r.get("topic_purpose")) if line not in said]
        out += [Paragraph(esc(line), s.body) for line in said]
        n += 1
        out.append(Paragraph(f"<b>{n}. Đồng chí {esc(drafter or '…')} trình bày chuyên đề "
                             f"“{esc(topic.get('title') or '…')}”.</b>", s.lead))
        out += text_paragraphs(r.get("report") or topic.get("summary"), s.body)
        n += 1
        out.append(Paragraph(f"<b>{n}. Ý kiến thảo luận của đảng viên</b> (nhận thức, liên hệ "
                             "bản thân và đơn vị, đề xuất bổ sung chuyên đề):", s.lead))
        out += _speeches(s, r)
        n += 1
        if topic.get("drafter_notes"):
            out.append(Paragraph(f"<b>{n}. Đồng chí {esc(drafter or '…')} tiếp thu ý kiến:</b>",
                                 s.lead))
            out += text_paragraphs(topic["drafter_notes"], s.body)
            n += 1
        # HD 12 (06/7/2018): the secretary evaluates the preparation, quality and meaning of
        # the topic and concludes; printed once, the evaluation then the conclusion.
        out.append(Paragraph(f"<b>{n}. Đồng chí {esc(r.get('chair') or '…')} đánh giá công tác "
                             "chuẩn bị, chất lượng, ý nghĩa của chuyên đề và kết luận:</b>",
                             s.lead))
        said = text_paragraphs(r.get("orientation"), s.body) + \
            text_paragraphs(r.get("summary"), s.body)
        out += said or [Paragraph("…", s.body)]
        n += 1
    else:
        out.append(Paragraph(f"<b>{n}. Đồng chí {esc(r.get('chair') or '…')} báo cáo nội dung "
                             "sinh hoạt:</b>", s.lead))
        out += text_paragraphs(r.get("report"), s.body) or [Paragraph("…", s.body)]
        n += 1
        previous = r.get("previous_tasks") or []
        if previous:
            out += table_label(s, f"<b>{n}. Kết quả thực hiện nhiệm vụ kỳ trước:</b>")
            out.append(_previous_tasks(s, options, previous))
            out.append(Spacer(1, 4))
            n += 1
        out.append(Paragraph(f"<b>{n}. Ý kiến phát biểu của đảng viên:</b>", s.lead))
        out += _speeches(s, r)
        n += 1
        if r.get("orientation"):
            out.append(Paragraph(f"<b>{n}. Thông tin, định hướng của đồng chí bí thư:</b>", s.lead))
            out += text_paragraphs(r["orientation"], s.body)
            n += 1
    if not thematic:
        out.append(Paragraph(f"<b>{n}. Đồng chí chủ trì tổng hợp ý kiến và kết luận:</b>",
                             s.lead))
        out += text_paragraphs(r.get("summary"), s.body) or [Paragraph("…", s.body)]
        n += 1
    resolution = r.get("resolution") or {}
    if resolution.get("text"):
        kind = "nghị quyết" if resolution.get("type") == "resolution" else "kết luận"
        out.append(Paragraph(f"<b>{n}. Nội dung {kind} của chi bộ:</b>", s.lead))
        out += text_paragraphs(resolution["text"], s.body)
        n += 1
    tasks = r.get("tasks") or []
    out += table_label(s, f"<b>{n}. Phân công nhiệm vụ:</b>")
    if tasks:
        out.append(_tasks_table(s, options, tasks))
        out.append(Spacer(1, 4))
    else:
        out.append(Paragraph("Không có nhiệm vụ phân công mới.", s.item))
    n += 1
    proposals = r.get("proposals") or []
    if proposals:
        out.append(Paragraph(f"<b>{n}. Kiến nghị, đề xuất của đảng viên và việc giải quyết:</b>",
                             s.lead))
        for p in proposals:
            handling = PROPOSAL_HANDLING.get(p.get("handling"), p.get("handling") or "")
            # esc() strips surrounding blanks: the space before the note stays outside it.
            note = nfc(p.get("note"))
            if note and note[-1] not in ".!?…":
                note += "."
            note = f" {esc(note)}" if note else ""
            out.append(Paragraph(f"- Đồng chí {esc(p.get('member'))}: {esc(p.get('text'))} "
                                 f"— <i>{esc(handling)}.</i>{note}", s.item))
        n += 1
    return out


def _votes_and_score(s: Styles, options: DocOptions, r: dict, number: str) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(f"<b>{number}. BIỂU QUYẾT VÀ ĐÁNH GIÁ CHẤT LƯỢNG</b>",
                                     s.heading)]
    votes = r.get("votes") or []
    for i, vote in enumerate(votes, 1):
        out.append(Paragraph(f"<b>{i}. {esc(vote.get('subject') or 'Biểu quyết')}</b>", s.lead))
        out += [Paragraph(esc(line), s.item) for line in vote_lines(vote)]
    if not votes:
        out.append(Paragraph("(Không có nội dung biểu quyết.)", s.item))
    score = r.get("score")
    if score:
        out.append(keep_together([
            Paragraph("<b>Chấm điểm chất lượng buổi sinh hoạt:</b>", s.plain),
            score_table(s, options, score), Spacer(1, 4),
            Paragraph(f"Tổng điểm: <b>{esc(points_vi(score.get('total')))}</b> điểm; "
                      f"xếp loại: <b>{esc(score.get('rating') or '…')}</b>.", s.plain)]))
        rubric = score.get("rubric") or {}
        source = rubric.get("document") or rubric.get("name")
        if source:
            out.append(Paragraph(f"<i>Chấm điểm theo {esc(source.rstrip('.'))}.</i>", s.plain))
        if score.get("vote"):
            v = score["vote"]
            out.append(Paragraph(
                f"Chi bộ biểu quyết kết quả xếp loại: tán thành {v.get('for', 0)}, không tán thành "
                f"{v.get('against', 0)}, không biểu quyết {v.get('abstain', 0)}.", s.plain))
    return out


def _closing(s: Styles, r: dict) -> list[Flowable]:
    out: list[Flowable] = []
    duration = r.get("duration_minutes")
    text = f"Buổi sinh hoạt kết thúc lúc {time_words(r.get('end'))} cùng ngày"
    text += f"; thời gian sinh hoạt: {duration} phút." if duration is not None else "."
    out.append(Paragraph(esc(text), s.body))
    if r.get("short_reason"):
        out.append(Paragraph(f"Lý do thời gian sinh hoạt ít hơn quy định: {esc(r['short_reason'])}.",
                             s.body))
    if r.get("amend_reason"):
        out.append(Paragraph(f"Lý do sửa đổi biên bản: {esc(r['amend_reason'])}.", s.body))
    if r.get("read_back"):
        out.append(Paragraph("Biên bản đã được đọc lại cho chi bộ nghe và nhất trí thông qua.",
                             s.body))
    else:
        out.append(Paragraph("<i>(Biên bản chưa được đọc lại trước chi bộ.)</i>", s.body))
    return out


def minutes_sections(s: Styles, options: DocOptions, r: dict
                     ) -> tuple[list[Flowable], list[Flowable]]:
    """The minutes between the title and the signatures: the topic (thematic meeting) and
    sections I–IV, then section V (the closing). The PDF and the wizard's read-back use them."""
    story: list[Flowable] = []
    if r.get("kind") == "thematic":
        topic = r.get("topic") or {}
        story.append(labelled(s, "Tên chuyên đề", topic.get("title") or "…"))
        if topic.get("group"):
            story.append(labelled(s, "Nhóm chuyên đề", topic["group"]))
        story.append(labelled(s, "Người xây dựng chuyên đề", _comrade(topic.get("drafter"))))
    story += _opening(s, r)
    story += _agenda(s, r, "II")
    story += _proceedings(s, options, r, "III")
    story += _votes_and_score(s, options, r, "IV")
    return story, [Paragraph("<b>V. KẾT THÚC</b>", s.heading)] + _closing(s, r)


def build_minutes(record: dict, options: DocOptions | None = None) -> bytes:
    """The minutes of one meeting (regular or thematic) as PDF bytes."""
    options = options or DocOptions()
    s = Styles(options)
    r = record
    cell = r.get("cell") or {}
    number = document_number(options, DEFAULT_PATTERN, r.get("number"))
    story: list[Flowable] = [header(s, options, cell, number, DEFAULT_PATTERN,
                                    cell.get("place_name"), r.get("date"))]
    title, subtitles = minutes_title(r)
    story += title_block(s, title, subtitles, amendment_lines(r))
    body, closing = minutes_sections(s, options, r)
    story += body
    registry: list = []
    signatures = signature_row(
        s, options,
        SignBlock([options.format.minutes_sign_left], r.get("minute_taker"), FIELD_MINUTE_TAKER),
        SignBlock([options.format.minutes_sign_right], r.get("chair"), FIELD_CHAIR),
        registry)
    story.append(keep_together(closing + [Spacer(1, 10), signatures]))
    title_text = " ".join([title] + subtitles)
    return render(story, options, draft=is_draft(options, r.get("status")), title=title_text,
                  author=cell.get("name", ""), subject=nfc(number or ""), registry=registry,
                  keywords=binding.keywords(r))
