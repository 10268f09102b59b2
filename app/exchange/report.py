"""Model-cell evaluation reports: the cell's own year, the office's cells; PDF and XLSX.

The evaluation itself is ``app.rules.model_cell.evaluate``; this module gathers its inputs
from a cell's database (the office's come from ``office.evaluate_cell``) and writes the files.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from app.cell import cell_rules, get_cell, model_cell_registrations
from app.ehandbook import grid_members, points_grid
from app.meetings import meeting_record
from app.rules.model_cell import Settings, evaluate, source_label
from app.store import Store


def evaluate_own_year(store: Store, year: int, *, today: dt.date | None = None,
                      lang: str | None = None):
    """The cell's own evaluation from its database: the same rules the office applies."""
    ids = [r[0] for r in store.conn.execute(
        "select id from meeting where status = 'finalised' and year = ?", [year])]
    records = [meeting_record(store, mid) for mid in ids]
    grid = points_grid(store, year, today=today)
    months = [{"month": m.month, "applicable": m.applicable, "at_or_above": m.at_or_above,
               "missing": m.missing} for m in grid.months if m.due]
    first = store.conn.execute(
        "select min(date) from meeting where status = 'finalised'").fetchone()[0]
    reg = next((r for r in model_cell_registrations(store) if r.year == year), None)
    registration = ({"content": reg.content, "registered_on":
                     reg.registered_on.isoformat() if reg.registered_on else None}
                    if reg else None)
    rules = cell_rules(store)
    settings = Settings(rules=rules)
    cell = get_cell(store)
    evaluation = evaluate(records, year, ehandbook_months=months,
                          ehandbook_threshold=rules.ehandbook_points, registration=registration,
                          settings=settings, today=today, lang=lang,
                          unit_type=cell.unit_type if cell else "other",
                          member_points=member_points(store, grid), first_record=first)
    if not evaluation.cell:
        evaluation.cell = {"id": cell.id, "name": cell.name, "parent_org": cell.parent_org,
                           "upper_committee": cell.upper_committee,
                           "place_name": cell.place_name} if cell else {}
    return evaluation


def source_text(source: str) -> str:
    """A criterion's source as printed (Vietnamese: the office's documents are)."""
    return source_label(source, "vi")


def member_points(store: Store, grid) -> dict[str, tuple[int, int]]:
    """Name -> (months at or above the threshold, months counted) from the points grid."""
    names = {m.id: m.full_name for m in grid_members(store, grid.year)}
    out: dict[str, list[int]] = {}
    for (member_id, _month), cell in grid.cells.items():
        if cell.status in ("ok", "below", "missing") and member_id in names:
            counts = out.setdefault(names[member_id], [0, 0])
            counts[0] += cell.status == "ok"
            counts[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def write_xlsx(evaluations: Sequence, path: str | Path) -> Path:
    """Two sheets: one line per cell, and one line per criterion with its evidence."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    summary.append(["Chi bộ", "Năm", "Số tiêu chí đạt", "Số tiêu chí", "Kết quả"])
    detail = wb.create_sheet("Tiêu chí")
    detail.append(["Chi bộ", "Năm", "Tiêu chí", "Minh chứng", "Đánh giá", "Căn cứ"])
    people = wb.create_sheet("Đảng viên")
    people.append(["Chi bộ", "Năm", "Đảng viên", "Tiêu chí", "Minh chứng", "Đánh giá",
                   "Căn cứ"])
    for e in evaluations:
        name = e.cell.get("name", "")
        summary.append([name, e.year, sum(c.met for c in e.criteria), len(e.criteria),
                        "Đạt" if e.met else "Chưa đạt"])
        for c in e.criteria:
            detail.append([name, e.year, c.name, c.evidence, "Đạt" if c.met else "Chưa đạt",
                           source_text(c.source)])
        for m in getattr(e, "members", []):
            for c in m.criteria:
                people.append([name, e.year, m.name, c.name, c.evidence,
                               "Đạt" if c.met else "Chưa đạt", source_text(c.source)])
    for sheet, widths in ((summary, (40, 8, 16, 12, 12)), (detail, (36, 8, 30, 90, 12, 40)),
                          (people, (30, 8, 24, 50, 70, 12, 40))):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, width in zip("ABCDEFG", widths):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, str):
                    # Text stays text: a cell name beginning with "=" is not a formula.
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    path = Path(path)
    wb.save(path)
    return path


def write_pdf(evaluations: Sequence, path: str | Path, *, year: int, issuer: dict,
              sign_lines: Sequence[str] | None = None, signer_name: str | None = None,
              date: dt.date | None = None, options=None) -> Path:
    from app.documents.evaluation_report import build_evaluation_report

    path = Path(path)
    path.write_bytes(build_evaluation_report(evaluations, year=year, issuer=issuer, date=date,
                                             sign_lines=sign_lines, signer_name=signer_name,
                                             options=options))
    return path
