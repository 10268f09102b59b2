"""``chibo numbers``: the register of issued document numbers; ``chibo docformat``: the cell's
document format profile and committee term start."""
from __future__ import annotations

import datetime as dt

from app import numbering
from app.cell import (committee_term_start, document_format, set_committee_term_start,
                      set_document_format)
from app.documents.formats import format_profiles
from app.i18n import _

from .common import add_db, open_cell, print_json


def cmd_numbers(args) -> int:
    with open_cell(args) as store:
        rows = numbering.register(store)
    if args.json:
        print_json([{k: r[k] for k in ("number", "code", "n", "term", "day", "meeting_id",
                                       "subject", "issued_at")} for r in rows])
        return 0
    if not rows:
        print(_("No document number has been issued yet."))
    for r in rows:
        print("\t".join([r["number"], r["day"] or "", _("term {term}").format(term=r["term"]),
                         r["subject"] or ""]))
    return 0


def cmd_docformat(args) -> int:
    with open_cell(args) as store:
        if args.set:
            set_document_format(store, args.set)
        if args.term_start:
            try:
                day = dt.date.fromisoformat(args.term_start)
            except ValueError:
                raise ValueError(_("“{value}” is not a date (YYYY-MM-DD).").format(
                    value=args.term_start)) from None
            set_committee_term_start(store, day)
        current = document_format(store)
        term = committee_term_start(store)
    for profile in format_profiles().values():
        mark = "*" if profile.id == current.id else " "
        print(f"{mark} {profile.id}\t{profile.name}\t{profile.description}")
    print(_("Committee term starts: {day}").format(
        day=term.strftime("%d/%m/%Y") if term else _("not set")))
    return 0


def add_numbers(parser) -> None:
    add_db(parser)
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(func=cmd_numbers)


def add_docformat(parser) -> None:
    add_db(parser)
    parser.add_argument("--set", metavar="PROFILE", help=_("choose the format profile"))
    parser.add_argument("--term-start", metavar="YYYY-MM-DD",
                        help=_("the first day of the committee's term"))
    parser.set_defaults(func=cmd_docformat)


PARSERS = {"numbers": add_numbers, "docformat": add_docformat}
