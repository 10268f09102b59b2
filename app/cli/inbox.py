"""``chibo inbox import|trust|documents``: what the party office sent back to the cell
(receipts of its bundles, documents sent down), each checked against the office key."""
from __future__ import annotations

import sys

from app.exchange.downlink import (category_label, import_inbox, office_documents,
                                   trust_office, trusted_office)
from app.i18n import N_, _

from .common import add_db, open_cell, print_json
from .office import shown

_LABELS = {"receipt": N_("receipt"), "documents": N_("documents"),
           "duplicate": N_("duplicate"), "not_for_us": N_("not for this cell"),
           "rejected": N_("rejected")}


def cmd_inbox_import(args) -> int:
    with open_cell(args) as store:
        try:
            results = import_inbox(store, args.folder)
        except ValueError as exc:
            print(shown(exc), file=sys.stderr)
            return 2
    if args.json:
        print_json([r.to_json() for r in results])
    else:
        for r in results:
            print(f"{_(_LABELS[r.status])}\t{shown(r.path.name)}\t{shown(r.reason)}".rstrip())
        if not results:
            print(_("No receipt or office document in this folder."))
    return 1 if any(r.status == "rejected" for r in results) else 0


def cmd_inbox_trust(args) -> int:
    with open_cell(args) as store:
        try:
            fp = trust_office(store, args.fingerprint)
        except ValueError as exc:
            print(shown(exc), file=sys.stderr)
            return 2
    print(_("The office's key is set: SHA-256 {fingerprint}").format(fingerprint=fp))
    return 0


def cmd_inbox_documents(args) -> int:
    with open_cell(args) as store:
        docs = office_documents(store)
        office = trusted_office(store)
    if args.json:
        print_json({"office_fingerprint": office, "documents": docs})
        return 0
    for d in docs:
        print(f"{d['sent_at'][:10]}\t{category_label(d['category'])}\t{shown(d['title'])}\t"
              f"{shown(d['file_name'])}")
    return 0


def add_inbox(parser) -> None:
    sub = parser.add_subparsers(dest="inbox_verb", metavar="ACTION", required=True)
    p = sub.add_parser("import", help=_("import the office's receipts and documents of a folder"))
    add_db(p)
    p.add_argument("folder")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_inbox_import)
    p = sub.add_parser("trust", help=_("set the office's key by its fingerprint (once)"))
    add_db(p)
    p.add_argument("fingerprint", help=_("SHA-256 fingerprint of the certificate"))
    p.set_defaults(func=cmd_inbox_trust)
    p = sub.add_parser("documents", help=_("list the documents the office sent down"))
    add_db(p)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_inbox_documents)


PARSERS = {"inbox": add_inbox}
