"""What the verbs share: the data file named by ``--db`` (or ``CHIBO_DB``), JSON output,
the passphrase file and written files."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from app import paths
from app.i18n import _
from app.store import open_store


def add_db(parser: argparse.ArgumentParser) -> None:
    """The ``--db`` option of a verb (also accepted before the verb; that value stays unless
    the verb gives its own)."""
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("the cell's data file"))


def db_path(args) -> Path:
    return Path(args.db).expanduser() if getattr(args, "db", None) else paths.default_db_path()


def named_db(args) -> str | None:
    """The data file named with --db or CHIBO_DB, else None (the default file is not meant)."""
    return getattr(args, "db", None) or os.environ.get("CHIBO_DB")


def open_cell(args, *, report_moved_in: bool = True):
    """The cell's data file, open. The first command to open it after the upgrade that could
    not move every file of the older version's folder in warns about them on stderr, once
    (``chibo files-moved-in`` lists them again)."""
    store = open_store(db_path(args))
    if report_moved_in:
        warn_moved_in(store)
    return store


def warn_moved_in(store) -> None:
    if store.get_setting("files_moved_in") is None:   # the usual case: nothing to import
        return
    from app.services.store import mark_moved_in_shown, moved_in_report, moved_in_text

    report = moved_in_report(store)
    if report is None or report.shown:
        return
    print(_("Warning:") + " " + moved_in_text(report), file=sys.stderr)
    mark_moved_in_shown(store)


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def read_passphrase(path) -> str:
    """The passphrase is the file's first line (its line break dropped); never stored."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(_("Cannot read the passphrase file {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from exc
    lines = text.splitlines()
    return lines[0] if lines else ""


def write_out(path, data: bytes) -> None:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def meeting_help() -> str:
    return _("the meeting: its id, the start of its id (4 characters or more) or its minutes "
             "number as “chibo meeting list” prints it (e.g. 03-BB/CB)")


def meeting_id(store, ref: str) -> str:
    """The one meeting id every verb that takes a meeting resolves through: the full id, a
    unique prefix of it (at least 4 characters) or the document number as ``chibo meeting
    list`` prints it (e.g. ``03-BB/CB``). Ambiguous: ValueError listing the candidates (exit
    status 2). Nothing found: ``ref`` unchanged, so the verb says "no meeting" as before."""
    from app.meetings import find_meetings

    found = find_meetings(store, ref)
    if len(found) == 1:
        return found[0]["id"]
    if not found:
        return ref
    lines = [_("“{ref}” names more than one meeting; give more of the id:").format(ref=ref)]
    for r in found:
        lines.append(f"  {r['date']}  v{r['version']}  {r['number'] or ''}  {r['id']}")
    raise ValueError("\n".join(lines))
