"""``chibo backup``, ``chibo backups``, ``chibo restore``, ``chibo save-copy`` and
``chibo files-moved-in``."""
from __future__ import annotations

import sys
from pathlib import Path

from app.i18n import _
from app.store.backup import REASONS, backup_now, list_backups, restore, thin

from .common import add_db, db_path, open_cell


def cmd_backup(args) -> int:
    with open_cell(args) as store:
        path = backup_now(store.conn, store.path, reason="manual")
        thin(store.path)
        print(_("Backup written to {path}.").format(path=path))
    return 0


def cmd_backups(args) -> int:
    for b in list_backups(db_path(args)):
        reason = _(REASONS[b.reason]) if b.reason in REASONS else b.reason
        print(f"{b.created:%Y-%m-%d %H:%M:%S}\t{reason}\t{b.size}\t{b.path}")
    return 0


def cmd_restore(args) -> int:
    with open_cell(args) as store:
        try:
            safety = restore(store, Path(args.backup))
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(_("Restored from {backup}; the previous content was saved to {safety}.").format(
            backup=args.backup, safety=safety))
    return 0


def cmd_save_copy(args) -> int:
    from app.services.store import save_copy
    from app.store import StoreError

    with open_cell(args) as store:
        try:
            path = save_copy(store, Path(args.path))
        except (ValueError, StoreError) as exc:
            print(str(exc), file=sys.stderr)
            return getattr(exc, "exit_code", 2)
        print(_("A complete copy of the data file (documents included) was written to "
                "{path}.").format(path=path))
    return 0


def cmd_files_moved_in(args) -> int:
    from app.services.store import mark_moved_in_shown, moved_in_report, moved_in_text

    with open_cell(args, report_moved_in=False) as store:
        report = moved_in_report(store)
        if report is None:
            print(_("Nothing to report: no file of an older version's folder is missing from "
                    "the data file."))
            return 0
        print(moved_in_text(report))
        if not report.shown:
            mark_moved_in_shown(store)
    return 1


def add_backup(parser) -> None:
    add_db(parser)
    parser.set_defaults(func=cmd_backup)


def add_backups(parser) -> None:
    add_db(parser)
    parser.set_defaults(func=cmd_backups)


def add_restore(parser) -> None:
    add_db(parser)
    parser.add_argument("backup")
    parser.set_defaults(func=cmd_restore)


def add_save_copy(parser) -> None:
    add_db(parser)
    parser.add_argument("path", metavar="PATH", help=_(
        "where to write the copy (a file name, or a folder: the copy keeps the data file's "
        "name)"))
    parser.set_defaults(func=cmd_save_copy)


def add_files_moved_in(parser) -> None:
    add_db(parser)
    parser.set_defaults(func=cmd_files_moved_in)


PARSERS = {"backup": add_backup, "backups": add_backups, "restore": add_restore,
           "save-copy": add_save_copy, "files-moved-in": add_files_moved_in}
