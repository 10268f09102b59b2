"""``chibo backup``, ``chibo backups`` and ``chibo restore``."""
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


PARSERS = {"backup": add_backup, "backups": add_backups, "restore": add_restore}
