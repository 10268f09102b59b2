"""``chibo report``: the cell's model-cell evaluation of a year (text, JSON, PDF, XLSX).

``print_evaluations`` and ``write_reports`` serve the office's report too."""
from __future__ import annotations

import datetime as dt

from app.exchange.report import evaluate_own_year, write_pdf, write_xlsx
from app.i18n import _
from app.rules.model_cell import source_label

from .common import add_db, open_cell, print_json


def print_evaluations(evaluations) -> None:
    for e in evaluations:
        print(f"{e.cell.get('name', '')} — {e.year}: "
              + (_("meets the model-cell criteria") if e.met
                 else _("does not meet every model-cell criterion")))
        for c in e.criteria:
            print(f"  [{'x' if c.met else ' '}] {c.name}: {c.evidence}")
            print("      " + _("Source: {source}").format(source=source_label(c.source)))
        members = getattr(e, "members", [])
        if members:
            print(_("Members (2 general criteria and 1 specific by unit type):"))
        for m in members:
            print(f"  [{'x' if m.met else ' '}] {m.name}")
            for c in m.criteria:
                print(f"      [{'x' if c.met else ' '}] {c.evidence}")


def write_reports(args, evaluations_vi, issuer, sign_lines, signer, options=None) -> None:
    if args.pdf:
        write_pdf(evaluations_vi, args.pdf, year=args.year, issuer=issuer,
                  sign_lines=sign_lines, signer_name=signer, options=options)
    if args.xlsx:
        write_xlsx(evaluations_vi, args.xlsx)


def cmd_report(args) -> int:
    with open_cell(args) as store:
        today = dt.date.today()
        evaluation = evaluate_own_year(store, args.year, today=today)
        vi = evaluate_own_year(store, args.year, today=today, lang="vi")
    if args.json:
        print_json(evaluation.to_json())
    else:
        print_evaluations([evaluation])
    cell = vi.cell
    write_reports(args, [vi], cell, None, (evaluation.cell or {}).get("secretary"))
    return 0


def add_report(parser) -> None:
    add_db(parser)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.add_argument("--pdf", metavar="FILE", help=_("write the report as PDF"))
    parser.add_argument("--xlsx", metavar="FILE", help=_("write the report as XLSX"))
    parser.set_defaults(func=cmd_report)


PARSERS = {"report": add_report}
