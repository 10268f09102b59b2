"""The ``chibo`` command: no arguments opens the desktop app; verbs script everything else.

Every verb takes ``--db PATH`` (also accepted before the verb); ``CHIBO_DB`` sets the default.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, i18n, paths
from .i18n import N_, _


def _db_path(args) -> Path:
    return Path(args.db).expanduser() if getattr(args, "db", None) else paths.default_db_path()


def _open(args):
    from .store import open_store

    return open_store(_db_path(args))


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# --- verbs ---------------------------------------------------------------------------------

def cmd_demo(args) -> int:
    from .demo import add_demo_meetings, create_demo

    with _open(args) as store:
        cell = create_demo(store)
        add_demo_meetings(store)
        print(_("Demo cell “{name}” created in {path}.").format(name=cell.name, path=store.path))
    return 0


def cmd_members_list(args) -> int:
    from .members import list_members
    from .model import PARTY_STATUSES

    with _open(args) as store:
        members = list_members(store)
        if args.json:
            _print_json([m.to_json() for m in members])
            return 0
        for m in members:
            print(f"{m.full_name}\t{_(PARTY_STATUSES[m.party_status])}\t"
                  f"{i18n.format_date(m.birth_date)}\t{m.position}")
    return 0


def cmd_members_import(args) -> int:
    from .importing import ImportFileError, commit_members, preview_members

    with _open(args) as store:
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


def cmd_meeting_list(args) -> int:
    from .meetings import list_meetings

    with _open(args) as store:
        rows = list_meetings(store)
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        print(f"{r['date']}\t{r['kind']}\t{r['status']}\tv{r['version']}\t{r['number'] or ''}"
              f"\t{r['id']}")
    return 0


def cmd_meeting_show(args) -> int:
    from .meetings import meeting_record

    with _open(args) as store:
        try:
            record = meeting_record(store, args.id)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
    _print_json(record)
    return 0


def cmd_backup(args) -> int:
    from .store.backup import backup_now, thin

    with _open(args) as store:
        path = backup_now(store.db, store.path, reason="manual")
        thin(store.path)
        print(_("Backup written to {path}.").format(path=path))
    return 0


def cmd_backups(args) -> int:
    from .store.backup import list_backups

    for b in list_backups(_db_path(args)):
        print(f"{b.created:%Y-%m-%d %H:%M:%S}\t{b.reason}\t{b.size}\t{b.path}")
    return 0


def cmd_restore(args) -> int:
    from .store.backup import restore

    with _open(args) as store:
        try:
            safety = restore(store, Path(args.backup))
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(_("Restored from {backup}; the previous content was saved to {safety}.").format(
            backup=args.backup, safety=safety))
    return 0


def _store_for_schedule(args):
    """The cell database when one is named (--db or CHIBO_DB), else None: the defaults apply and
    no file is created or opened."""
    import os

    from .store import open_store

    named = getattr(args, "db", None) or os.environ.get("CHIBO_DB")
    if not named:
        return None
    return open_store(Path(named).expanduser(), create=False)


def cmd_schedule(args) -> int:
    from .planning import check_year, day_rule, schedule
    from .rules.calendar import DayRule, explain, year_schedule

    check_year(args.year)
    store = _store_for_schedule(args)
    if store is None:
        rule, months = DayRule(), year_schedule(args.year)
    else:
        with store:
            rule, months = day_rule(store), schedule(store, args.year)
    if args.json:
        _print_json([m.to_json() for m in months])
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
    import datetime as dt

    from .planning import year_days

    year = args.year or dt.date.today().year
    with _open(args) as store:
        rows = year_days(store, year)
    if args.json:
        _print_json([{"date": d.isoformat(), "name": name, "kind": kind} for d, name, kind in rows])
        return 0
    for day, name, kind in rows:
        print(f"{i18n.format_date(day)}\t{i18n.weekday_name(day)}\t{_(_ORG_KINDS[kind])}\t{name}")
    return 0


def cmd_daysoff_add(args) -> int:
    from .planning import add_org_day

    with _open(args) as store:
        day = add_org_day(store, args.date, args.reason or "", working=args.working)
    message = (_("Make-up working day {day} added: {name}.") if day.kind == "working"
               else _("Day off {day} added: {name}."))
    print(message.format(day=i18n.format_date(day.date), name=day.name))
    return 0


def cmd_daysoff_remove(args) -> int:
    from .planning import remove_org_day

    with _open(args) as store:
        day = remove_org_day(store, args.date)
    print(_("{day} removed from the organisation's list ({name}).").format(
        day=i18n.format_date(day.date), name=day.name))
    return 0


def cmd_points_import(args) -> int:
    from .ehandbook import commit_points, preview_points
    from .importing import ImportFileError

    with _open(args) as store:
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


# --- parser --------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chibo", description=_(
        "chibo: records and meetings of a Party cell. Without a verb it opens the desktop app."))
    parser.add_argument("--version", action="version", version=f"chibo {__version__}")
    parser.add_argument("--db", metavar="PATH", help=_("the cell's data file"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language (vi or en)"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("the cell's data file"))
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    p = sub.add_parser("demo", parents=[common], help=_("create the demo cell in an empty file"))
    p.set_defaults(func=cmd_demo)

    members = sub.add_parser("members", help=_("list or import members"))
    msub = members.add_subparsers(dest="members_verb", metavar="ACTION", required=True)
    p = msub.add_parser("list", parents=[common], help=_("list members in Vietnamese order"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_members_list)
    p = msub.add_parser("import", parents=[common], help=_("import members from CSV or XLSX"))
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help=_("check the file, write nothing"))
    p.set_defaults(func=cmd_members_import)

    meeting = sub.add_parser("meeting", help=_("list or show meetings"))
    msub = meeting.add_subparsers(dest="meeting_verb", metavar="ACTION", required=True)
    p = msub.add_parser("list", parents=[common], help=_("list the meetings"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_meeting_list)
    p = msub.add_parser("show", parents=[common], help=_("print one meeting's full record"))
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help=_("print JSON (the default)"))
    p.set_defaults(func=cmd_meeting_show)

    p = sub.add_parser("backup", parents=[common], help=_("make a backup now"))
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("backups", parents=[common], help=_("list the backups"))
    p.set_defaults(func=cmd_backups)
    p = sub.add_parser("restore", parents=[common], help=_("restore a backup"))
    p.add_argument("backup")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("schedule", parents=[common],
                       help=_("the year's regular meeting days (the cell's days off with --db)"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_schedule)

    daysoff = sub.add_parser("daysoff", help=_("the organisation's days off and make-up working days"))
    dsub = daysoff.add_subparsers(dest="daysoff_verb", metavar="ACTION", required=True)
    p = dsub.add_parser("list", parents=[common],
                        help=_("list a year's public holidays and the organisation's days"))
    p.add_argument("--year", type=int, help=_("the year (default: this year)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_daysoff_list)
    p = dsub.add_parser("add", parents=[common], help=_("add a day off or a make-up working day"))
    p.add_argument("date", help=_("the date (dd/mm/yyyy)"))
    p.add_argument("--reason", required=True, help=_("the name or reason of the day"))
    p.add_argument("--working", action="store_true", help=_("a make-up working day"))
    p.set_defaults(func=cmd_daysoff_add)
    p = dsub.add_parser("remove", parents=[common], help=_("remove one of the organisation's days"))
    p.add_argument("date", help=_("the date (dd/mm/yyyy)"))
    p.set_defaults(func=cmd_daysoff_remove)

    points = sub.add_parser("points", help=_("monthly e-handbook points"))
    psub = points.add_subparsers(dest="points_verb", metavar="ACTION", required=True)
    p = psub.add_parser("import", parents=[common],
                        help=_("import points from CSV or XLSX (member, month, points)"))
    p.add_argument("file")
    p.add_argument("--year", type=int, help=_("the year of months given as 1–12"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file, write nothing"))
    p.set_defaults(func=cmd_points_import)
    return parser


def _apply_language(lang: str | None) -> None:
    from .settings import load_settings

    i18n.set_language(lang or load_settings().language)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=i18n.LANGUAGES)
    known, _rest = pre.parse_known_args(argv)
    _apply_language(known.lang)
    args = build_parser().parse_args(argv)
    if not getattr(args, "func", None):
        from ui.main import run_gui

        return run_gui(_db_path(args) if args.db else None)
    from .store import StoreError

    try:
        return args.func(args) or 0
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
