"""``chibo office import|trust|cells|dashboard|report``: the party office console (its own data
file: ``--db`` after ``office ACTION`` or ``CHIBO_OFFICE_DB``)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from app.documents.layout import DocOptions
from app.exchange.office import (BundleError, dashboard, evaluate_cell, import_folder,
                                 list_cells, open_office, trust_file)
from app.i18n import N_, _

from .common import print_json
from .report import print_evaluations, write_reports


def _office(args):
    return open_office(args.office_db)


def _confirm_on_terminal(args):
    if args.json or not sys.stdin.isatty():
        return None

    def confirm(cell: str, fingerprint: str) -> bool:
        answer = input(_("Trust the certificate of {cell}, SHA-256 {fingerprint}? [y/N] ").format(
            cell=cell, fingerprint=fingerprint))
        return answer.strip().lower() in ("y", "yes", "c", "có", "co")
    return confirm


_IMPORT_LABELS = {"imported": N_("imported"), "duplicate": N_("duplicate"),
                  "superseded": N_("superseded"), "rejected": N_("rejected")}


def cmd_office_import(args) -> int:
    with _office(args) as office:
        results = import_folder(office, args.folder, trust_new=args.trust_new,
                                confirm=_confirm_on_terminal(args))
    if args.json:
        print_json([r.to_json() for r in results])
    else:
        for r in results:
            print(f"{_(_IMPORT_LABELS[r.status])}\t{r.path.name}\t{r.reason}".rstrip())
            if r.new_certificate:
                print("  " + _("New certificate trusted for {cell}: SHA-256 {fingerprint}").format(
                    cell=r.cell_name, fingerprint=r.fingerprint))
    return 1 if any(r.status == "rejected" for r in results) else 0


def cmd_office_trust(args) -> int:
    with _office(args) as office:
        try:
            result = trust_file(office, args.file)
        except BundleError as exc:
            print(_("Not trusted: {reason}").format(reason=exc), file=sys.stderr)
            return 2
    if result.cell_name:
        print(_("Certificate of {cell} trusted: {subject}, SHA-256 {fingerprint}").format(
            cell=result.cell_name, subject=result.subject, fingerprint=result.fingerprint))
    else:
        print(_("Certificate trusted: {subject}, SHA-256 {fingerprint}").format(
            subject=result.subject, fingerprint=result.fingerprint))
    return 0


def cmd_office_cells(args) -> int:
    with _office(args) as office:
        cells = list_cells(office)
    if args.json:
        print_json(cells)
        return 0
    for c in cells:
        print(f"{c['name']}\t{c['meetings']}\t{c['last_export'] or ''}\t{c['id']}\t"
              f"{' '.join(c['fingerprints'])}")
    return 0


def cmd_office_dashboard(args) -> int:
    with _office(args) as office:
        data = dashboard(office, args.year)
    print_json(data.to_json())
    return 0


def cmd_office_report(args) -> int:
    with _office(args) as office:
        cells = list_cells(office)
        ids = [c["id"] for c in cells]
        if args.cell:
            if args.cell not in ids:
                print(_("No cell with id {id} in the office's records.").format(id=args.cell),
                      file=sys.stderr)
                return 2
            ids = [args.cell]
        today = dt.date.today()
        evaluations = [evaluate_cell(office, cid, args.year, today=today) for cid in ids]
        vi = [evaluate_cell(office, cid, args.year, today=today, lang="vi") for cid in ids]
    if args.json:
        print_json([e.to_json() for e in evaluations])
    else:
        print_evaluations(evaluations)
    first = next((c for c in cells if c["id"] in ids), {})
    issuer = {"parent_org": first.get("parent_org") or "",
              "name": first.get("upper_committee") or "", "place_name":
              (vi[0].cell.get("place_name") if vi else "") or ""}
    write_reports(args, vi, issuer, ["VĂN PHÒNG ĐẢNG ỦY"], None,
                  DocOptions(number_pattern="{n:02d}-BC/VPĐU"))
    return 0


def add_office(parser) -> None:
    office_common = argparse.ArgumentParser(add_help=False)
    office_common.add_argument("--db", dest="office_db", metavar="PATH",
                               help=_("the party office's data file (CHIBO_OFFICE_DB)"))
    osub = parser.add_subparsers(dest="office_verb", metavar="ACTION", required=True)
    p = osub.add_parser("import", parents=[office_common],
                        help=_("import a folder of bundles, checking each"))
    p.add_argument("folder")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--trust-new", action="store_true",
                   help=_("accept every new cell's first certificate (fingerprints printed)"))
    p.set_defaults(func=cmd_office_import)
    p = osub.add_parser("trust", parents=[office_common],
                        help=_("trust the certificate of a bundle or a certificate file"))
    p.add_argument("file")
    p.set_defaults(func=cmd_office_trust)
    p = osub.add_parser("cells", parents=[office_common], help=_("list the cells imported"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_office_cells)
    p = osub.add_parser("dashboard", parents=[office_common],
                        help=_("cells × months of a year, as JSON"))
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(func=cmd_office_dashboard)
    p = osub.add_parser("report", parents=[office_common],
                        help=_("model-cell evaluation of the cells for a year"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--cell", metavar="ID", help=_("only this cell"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--pdf", metavar="FILE", help=_("write the report as PDF"))
    p.add_argument("--xlsx", metavar="FILE", help=_("write the report as XLSX"))
    p.set_defaults(func=cmd_office_report)


PARSERS = {"office": add_office}
