"""``chibo schedule`` (the year's regular meeting days) and ``chibo daysoff list|add|remove``."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from app import i18n
from app.i18n import N_, _
from app.planning import (add_org_day, check_year, day_rule, remove_org_day, schedule,
                          year_days)
from app.rules.calendar import DayRule, explain, year_schedule
from app.store import open_store

from .common import add_db, named_db, open_cell, print_json


def _store_for_schedule(args):
    """The cell database when one is named (--db or CHIBO_DB), else None: the defaults apply and
    no file is created or opened."""
    named = named_db(args)
    if not named:
        return None
    return open_store(Path(named).expanduser(), create=False)


def cmd_schedule(args) -> int:
    check_year(args.year)
    store = _store_for_schedule(args)
    if store is None:
        rule, months = DayRule(), year_schedule(args.year)
    else:
        with store:
            rule, months = day_rule(store), schedule(store, args.year)
    if args.json:
        print_json([m.to_json() for m in months])
        return 0
    print(_("Regular meeting days in {year} (day {base}, at the latest day {latest}):").format(
        year=args.year, base=rule.base_day, latest=rule.latest_day))
    for m in months:
        print(_("Month {month}: {text}").format(month=m.month, text=explain(m, rule)))
    return 0


_ORG_KINDS = {"public": N_("Public holiday"), "public_working": N_("Make-up working day"),
              "org_off": N_("Day off (organisation)"),
              "org_working": N_("Working day (organisation)")}


def cmd_daysoff_list(args) -> int:
    year = args.year or dt.date.today().year
    with open_cell(args) as store:
        rows = year_days(store, year)
    if args.json:
        print_json([{"date": d.isoformat(), "name": name, "kind": kind} for d, name, kind in rows])
        return 0
    for day, name, kind in rows:
        print(f"{i18n.format_date(day)}\t{i18n.weekday_name(day)}\t{_(_ORG_KINDS[kind])}\t{name}")
    return 0


def cmd_daysoff_add(args) -> int:
    with open_cell(args) as store:
        day = add_org_day(store, args.date, args.reason or "", working=args.working)
    message = (_("Make-up working day {day} added: {name}.") if day.kind == "working"
               else _("Day off {day} added: {name}."))
    print(message.format(day=i18n.format_date(day.date), name=day.name))
    return 0


def cmd_daysoff_remove(args) -> int:
    with open_cell(args) as store:
        day = remove_org_day(store, args.date)
    print(_("{day} removed from the organisation's list ({name}).").format(
        day=i18n.format_date(day.date), name=day.name))
    return 0


def add_schedule(parser) -> None:
    add_db(parser)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(func=cmd_schedule)


def add_daysoff(parser) -> None:
    dsub = parser.add_subparsers(dest="daysoff_verb", metavar="ACTION", required=True)
    p = dsub.add_parser("list", help=_("list a year's public holidays and the organisation's days"))
    add_db(p)
    p.add_argument("--year", type=int, help=_("the year (default: this year)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_daysoff_list)
    p = dsub.add_parser("add", help=_("add a day off or a make-up working day"))
    add_db(p)
    p.add_argument("date", help=_("the date (dd/mm/yyyy)"))
    p.add_argument("--reason", required=True, help=_("the name or reason of the day"))
    p.add_argument("--working", action="store_true", help=_("a make-up working day"))
    p.set_defaults(func=cmd_daysoff_add)
    p = dsub.add_parser("remove", help=_("remove one of the organisation's days"))
    add_db(p)
    p.add_argument("date", help=_("the date (dd/mm/yyyy)"))
    p.set_defaults(func=cmd_daysoff_remove)


PARSERS = {"schedule": add_schedule, "daysoff": add_daysoff}
