"""``chibo handbook-pack ID --out DIR [--before|--after] [--day YYYY-MM-DD]``: the files of a
meeting to upload to the Sổ tay đảng viên điện tử, and the upload recorded as its checklist fact."""
from __future__ import annotations

import datetime as dt
import sys

from app.i18n import _

from .common import add_db, meeting_help, meeting_id, open_cell


def cmd_handbook_pack(args) -> int:
    from app.handbook_pack import PackError, write_pack

    day = None
    if args.day:
        try:
            day = dt.date.fromisoformat(args.day)
        except ValueError:
            raise ValueError(_("“{value}” is not a date (YYYY-MM-DD).").format(
                value=args.day)) from None
    phase = "after" if args.after else "before"
    with open_cell(args) as store:
        try:
            pack = write_pack(store, meeting_id(store, args.id), args.out, phase, day=day,
                              record=not args.no_record)
        except PackError as exc:
            print(exc.message(), file=sys.stderr)
            return 1
    for path in pack.files:
        print(path)
    if pack.recorded:
        print(_("Recorded as put on the Sổ tay on {day}.").format(
            day=pack.recorded.strftime("%d/%m/%Y")))
    elif not args.no_record:
        print(_("Not recorded: the meeting is no longer a draft."))
    return 0


def add_handbook_pack(parser) -> None:
    add_db(parser)
    parser.add_argument("id", help=meeting_help())
    parser.add_argument("--out", required=True, metavar="DIR", help=_("the folder to write into"))
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--before", action="store_true",
                      help=_("agenda and materials, before the meeting (the default)"))
    when.add_argument("--after", action="store_true",
                      help=_("final minutes and resolution, after the meeting"))
    parser.add_argument("--day", metavar="YYYY-MM-DD",
                        help=_("the day of the upload (default: today)"))
    parser.add_argument("--no-record", action="store_true",
                        help=_("write the files without recording the upload"))
    parser.set_defaults(func=cmd_handbook_pack)


PARSERS = {"handbook-pack": add_handbook_pack}
