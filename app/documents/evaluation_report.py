"""The model-cell evaluation report (BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CHI BỘ KIỂU MẪU NĂM …).

Input: evaluations from ``app.rules.model_cell.evaluate`` computed in Vietnamese (the report
is a Party document), and the issuing body: the cell itself on the cell side, the party
committee's office on the office side. One cell gives its criteria table; several cells give
a summary table first, then one section per cell.
"""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from reportlab.platypus import Flowable, Paragraph, Spacer

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


def _verdict(evaluation) -> str:
    met = sum(c.met for c in evaluation.criteria)
    total = len(evaluation.criteria)
    result = ("đạt các tiêu chí chi bộ kiểu mẫu" if evaluation.met
              else "chưa đạt đầy đủ các tiêu chí chi bộ kiểu mẫu")
    return f"Kết luận: đạt {met}/{total} tiêu chí; {result} năm {evaluation.year}."


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
