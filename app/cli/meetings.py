"""``chibo meeting list|show``."""
from __future__ import annotations

import sys

from app.i18n import _
from app.meetings import list_meetings, meeting_record

from .common import add_db, open_cell, print_json


def cmd_meeting_list(args) -> int:
    with open_cell(args) as store:
        rows = list_meetings(store)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['date']}\t{r['kind']}\t{r['status']}\tv{r['version']}\t{r['number'] or ''}"
              f"\t{r['id']}")
    return 0


def cmd_meeting_show(args) -> int:
    with open_cell(args) as store:
        try:
            record = meeting_record(store, args.id)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
    print_json(record)
    return 0


def add_meeting(parser) -> None:
    msub = parser.add_subparsers(dest="meeting_verb", metavar="ACTION", required=True)
    p = msub.add_parser("list", help=_("list the meetings"))
    add_db(p)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_meeting_list)
    p = msub.add_parser("show", help=_("print one meeting's full record"))
    add_db(p)
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help=_("print JSON (the default)"))
    p.set_defaults(func=cmd_meeting_show)


PARSERS = {"meeting": add_meeting}
