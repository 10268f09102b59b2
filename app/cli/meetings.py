"""``chibo meeting list|show|new``."""
from __future__ import annotations

import sys

from app.i18n import N_, _
from app.meetings import list_meetings, meeting_record
from app.model import parse_date
from app.rules.plan import TOPIC_GROUP_IDS
from app.rules.cell_rules import FORCE_MAJEURE, OFF_RULE_CATEGORIES
from app.services.meetings import NewMeetingError, new_meeting
from app.store import open_store

from .common import add_db, db_path, meeting_help, meeting_id, open_cell, print_json


KIND_TEXT = {"regular": N_("Regular meeting"), "thematic": N_("Thematic meeting")}
STATUS_TEXT = {"draft": N_("Draft"), "finalised": N_("Finalised")}


def cmd_meeting_list(args) -> int:
    with open_cell(args) as store:
        rows = list_meetings(store)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:   # the words in the reader's language; --json keeps the codes
        kind = _(KIND_TEXT[r["kind"]]) if r["kind"] in KIND_TEXT else r["kind"]
        status = _(STATUS_TEXT[r["status"]]) if r["status"] in STATUS_TEXT else r["status"]
        print(f"{r['date']}\t{kind}\t{status}\tv{r['version']}\t{r['number'] or ''}"
              f"\t{r['id']}")
    return 0


def cmd_meeting_show(args) -> int:
    with open_cell(args) as store:
        try:
            record = meeting_record(store, meeting_id(store, args.id))
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
    print_json(record)
    return 0


def cmd_meeting_new(args) -> int:
    day = parse_date(args.date)
    path = db_path(args)
    if not path.exists():  # no cell there; refused without creating the file
        raise NewMeetingError("no_cell")
    with open_store(path, create=False) as store:
        meeting_id = new_meeting(store, day, kind=args.kind, reason=args.reason,
                                 title=args.title or "", group=args.group,
                                 reason_category=args.reason_category)
    if args.json:
        print_json({"id": meeting_id, "kind": args.kind, "date": day.isoformat()})
    else:
        print(meeting_id)
    return 0


def add_meeting(parser) -> None:
    msub = parser.add_subparsers(dest="meeting_verb", metavar="ACTION", required=True)
    p = msub.add_parser("list", help=_("list the meetings"))
    add_db(p)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_meeting_list)
    p = msub.add_parser("show", help=_("print one meeting's full record"))
    add_db(p)
    p.add_argument("id", help=meeting_help())
    p.add_argument("--json", action="store_true", help=_("print JSON (the default)"))
    p.set_defaults(func=cmd_meeting_show)
    p = msub.add_parser("new", help=_("create a meeting and print its id"))
    add_db(p)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                   help=_("the date of the meeting (YYYY-MM-DD or dd/mm/yyyy)"))
    p.add_argument("--kind", choices=("regular", "thematic"), default="regular",
                   help=_("regular (the default) or thematic"))
    p.add_argument("--reason", metavar="TEXT",
                   help=_("why a regular meeting is not held on the rule's day"))
    p.add_argument("--reason-category", choices=OFF_RULE_CATEGORIES, metavar="CODE",
                   help=_("the reason's category; only a force-majeure one ({codes}) excuses a "
                          "date after the latest day").format(codes=", ".join(FORCE_MAJEURE)))
    p.add_argument("--title", metavar="TEXT", help=_("the topic of a thematic meeting"))
    p.add_argument("--group", choices=TOPIC_GROUP_IDS, help=_("the topic group"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_meeting_new)


PARSERS = {"meeting": add_meeting}
