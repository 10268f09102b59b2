"""``chibo members list|import`` and ``chibo points import`` (e-handbook points)."""
from __future__ import annotations

import sys

from app import i18n
from app.ehandbook import commit_points, preview_points
from app.i18n import _
from app.importing import ImportFileError, commit_members, preview_members
from app.members import list_members
from app.model import PARTY_STATUSES

from .common import add_db, open_cell, print_json


def cmd_members_list(args) -> int:
    with open_cell(args) as store:
        members = list_members(store)
        if args.json:
            print_json([m.to_json() for m in members])
            return 0
        for m in members:
            print(f"{m.full_name}\t{_(PARTY_STATUSES[m.party_status])}\t"
                  f"{i18n.format_date(m.birth_date)}\t{m.position}")
    return 0


def cmd_members_import(args) -> int:
    with open_cell(args) as store:
        try:
            preview = preview_members(store, args.file)
        except ImportFileError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        for p in preview.problems:
            print(_("Row {row}, column “{column}”: {reason}").format(
                row=p.row, column=p.column, reason=p.reason))
        valid = len(preview.valid)
        if args.dry_run:
            print(_("{valid} of {total} rows are valid; nothing was written (--dry-run).").format(
                valid=valid, total=len(preview.rows)))
            return 0 if not preview.problems else 1
        count = commit_members(store, preview)
        print(_("{count} members imported; {skipped} rows skipped.").format(
            count=count, skipped=len(preview.rows) - count))
        return 0 if not preview.problems else 1


def cmd_points_import(args) -> int:
    with open_cell(args) as store:
        try:
            preview = preview_points(store, args.file, args.year)
        except ImportFileError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        for p in preview.problems:
            print(_("Row {row}, column “{column}”: {reason}").format(
                row=p.row, column=p.column, reason=p.reason))
        valid = len(preview.valid)
        replaced = sum(r.record.replaces is not None for r in preview.valid)
        if args.dry_run:
            print(_("{valid} of {total} rows are valid; nothing was written (--dry-run).").format(
                valid=valid, total=len(preview.rows)))
            if replaced:
                print(_("{count} of them would replace points already recorded.").format(
                    count=replaced))
            return 0 if not preview.problems else 1
        count = commit_points(store, preview)
        print(_("{count} points entries imported ({replaced} replaced earlier values); "
                "{skipped} rows skipped.").format(count=count, replaced=replaced,
                                                 skipped=len(preview.rows) - count))
        return 0 if not preview.problems else 1


def add_members(parser) -> None:
    msub = parser.add_subparsers(dest="members_verb", metavar="ACTION", required=True)
    p = msub.add_parser("list", help=_("list members in Vietnamese order"))
    add_db(p)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_members_list)
    p = msub.add_parser("import", help=_("import members from CSV or XLSX"))
    add_db(p)
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help=_("check the file, write nothing"))
    p.set_defaults(func=cmd_members_import)


def add_points(parser) -> None:
    psub = parser.add_subparsers(dest="points_verb", metavar="ACTION", required=True)
    p = psub.add_parser("import", help=_("import points from CSV or XLSX (member, month, points)"))
    add_db(p)
    p.add_argument("file")
    p.add_argument("--year", type=int, help=_("the year of months given as 1–12"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file, write nothing"))
    p.set_defaults(func=cmd_points_import)


PARSERS = {"members": add_members, "points": add_points}
