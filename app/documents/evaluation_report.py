"""The model-cell evaluation report (BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CHI BỘ KIỂU MẪU NĂM …).

Input: evaluations from ``app.rules.model_cell.evaluate`` computed in Vietnamese (the report
is a Party document), and the issuing body: the cell itself on the cell side, the party
committee's office on the office side. One cell gives its criteria table; several cells give
a summary table first, then one section per cell. Each cell's section also prints its members'
criteria (each criterion once with its source, then each member's result and evidence).
"""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from app.rules.model_cell import source_label
from app.vntext import nfc

from .layout import (
    FIELD_SECRETARY, DocOptions, SignBlock, Styles, data_table, default_recipients, esc, header,
    keep_together, recipients_block, render, signature_row, table_label, title_block,
)

DEFAULT_PATTERN = "{n:02d}-BC/CB"
MET, NOT_MET = "Đạt", "Chưa đạt"


def _criteria_table(s: Styles, options: DocOptions, evaluation) -> Flowable:
    rows = [(str(i), c.name, c.evidence, MET if c.met else NOT_MET)
            for i, c in enumerate(evaluation.criteria, 1)]
    return data_table(s, options, ("TT", "Tiêu chí", "Minh chứng từ hồ sơ", "Đánh giá"), rows,
                      (0.07, 0.25, 0.52, 0.16), center_cols=(0, 3))


def _member_criteria(evaluation) -> list:
    """The members' criteria in order, each once: (id, text, source)."""
    seen: dict[str, tuple[str, str, str]] = {}
    for m in evaluation.members:
        for c in m.criteria:
            seen.setdefault(c.id, (c.id, c.name, c.source))
    return list(seen.values())


def _member_section(s: Styles, options: DocOptions, evaluation) -> list[Flowable]:
    """Each member criterion with its source (document and date, or the cell's own), then
    one row per member and criterion: the result and its evidence from the records."""
    criteria = _member_criteria(evaluation)
    if not criteria:
        return []
    number = {cid: str(i) for i, (cid, _text, _source) in enumerate(criteria, 1)}
    out: list[Flowable] = table_label(s, "<i>Tiêu chí đối với đảng viên:</i>")
    out.append(data_table(s, options, ("TT", "Tiêu chí", "Căn cứ"),
                          [(number[cid], text, source_label(source, "vi"))
                           for cid, text, source in criteria],
                          (0.07, 0.58, 0.35), center_cols=(0,)))
    rows, spans = [], []
    for i, m in enumerate(evaluation.members, 1):
        first = len(rows) + 1              # row 0 is the header
        for j, c in enumerate(m.criteria):
            rows.append((str(i) if j == 0 else "", nfc(m.name) if j == 0 else "",
                         number.get(c.id, "?"), c.evidence, MET if c.met else NOT_MET))
        if len(m.criteria) > 1:            # a member's number and name span their rows
            spans += [("SPAN", (col, first), (col, len(rows))) for col in (0, 1)]
    out += table_label(s, "<i>Kết quả đánh giá từng đảng viên:</i>")
    table = data_table(s, options, ("TT", "Đảng viên", "Tiêu chí", "Minh chứng từ hồ sơ",
                                     "Đánh giá"), rows,
                       (0.07, 0.24, 0.1, 0.43, 0.16), center_cols=(0, 2, 4))
    table.setStyle(TableStyle(spans))
    out.append(table)
    return out


def _verdict(evaluation) -> str:
    met = sum(c.met for c in evaluation.criteria)
    total = len(evaluation.criteria)
    result = ("đạt các tiêu chí chi bộ kiểu mẫu" if evaluation.met
              else "chưa đạt đầy đủ các tiêu chí chi bộ kiểu mẫu")
    text = f"Kết luận: đạt {met}/{total} tiêu chí; {result} năm {evaluation.year}."
    members = getattr(evaluation, "members", [])
    if members:
        text += (f" Đảng viên đạt đủ các tiêu chí đối với đảng viên: "
                 f"{sum(m.met for m in members)}/{len(members)}.")
    return text


def build_evaluation_report(evaluations: Sequence, *, year: int, issuer: dict,
                            date: dt.date | None = None, sign_lines: Sequence[str] | None = None,
                            signer_name: str | None = None,
                            options: DocOptions | None = None) -> bytes:
    """``issuer``: ``{"parent_org", "name", "place_name"}`` of the body issuing the report."""
    options = options or DocOptions()
    s = Styles(options)
    date = date or dt.date.today()
    story: list[Flowable] = [header(s, options, issuer, options.number, DEFAULT_PATTERN,
                                    issuer.get("place_name"), date)]
    story += title_block(s, "BÁO CÁO", [f"KẾT QUẢ ĐÁNH GIÁ CHI BỘ KIỂU MẪU NĂM {year}"])
    story.append(Paragraph(esc(
        "Căn cứ hồ sơ sinh hoạt chi bộ (biên bản có chữ ký số, điểm chất lượng sinh hoạt, kế "
        "hoạch sinh hoạt chuyên đề, điểm Sổ tay đảng viên điện tử), kết quả đánh giá theo các "
        "tiêu chí về ngày sinh hoạt, thời lượng, sinh hoạt chuyên đề, tỷ lệ dự họp, sử dụng Sổ "
        "tay đảng viên điện tử, chất lượng sinh hoạt và ghi chép hồ sơ như sau:"), s.body))
    if len(evaluations) > 1:
        story += table_label(s, "<b>I. TỔNG HỢP</b>")
        rows = [(str(i), e.cell.get("name", ""),
                 f"{sum(c.met for c in e.criteria)}/{len(e.criteria)}",
                 MET if e.met else NOT_MET) for i, e in enumerate(evaluations, 1)]
        story.append(data_table(s, options, ("TT", "Chi bộ", "Số tiêu chí đạt", "Kết quả"),
                                rows, (0.08, 0.52, 0.2, 0.2), center_cols=(0, 2, 3)))
        story.append(Paragraph("<b>II. KẾT QUẢ TỪNG CHI BỘ</b>", s.heading))
    verdict: list[Flowable] = []
    for i, e in enumerate(evaluations, 1):
        name = nfc(e.cell.get("name", ""))
        label = f"{i}. {esc(name)}" if len(evaluations) > 1 else esc(name)
        story += verdict
        story += table_label(s, f"<b>{label}</b>")
        story.append(_criteria_table(s, options, e))
        story += _member_section(s, options, e)
        verdict = [Spacer(1, 4), Paragraph(esc(_verdict(e)), s.plain)]
    recipients = (options.recipients if options.recipients is not None
                  else default_recipients(issuer))
    registry: list = []
    lines = list(sign_lines or [f"T/M {nfc(options.on_behalf_of).upper()}", "BÍ THƯ"])
    signatures = signature_row(s, options, recipients_block(s, recipients),
                               SignBlock(lines, signer_name, FIELD_SECRETARY), registry)
    # The last verdict goes with the signature block: never a page holding the signature alone.
    story.append(keep_together(verdict + [Spacer(1, 10), signatures]))
    return render(story, options, draft=False,
                  title=f"BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CHI BỘ KIỂU MẪU NĂM {year}",
                  author=issuer.get("name", ""), subject="Đánh giá chi bộ kiểu mẫu",
                  registry=registry)
