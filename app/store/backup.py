"""Backups with SQLite's online backup API, kept in ``backups/`` beside the data file.

Thinning keeps the newest automatic backup of each of the last 7 days, 4 ISO weeks and
12 months; backups the user asked for and the safety copies made before an upgrade or a
restore are never thinned.
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..i18n import N_, _
from . import blobs
# backup_dir and backup_now live in db (opening a file to upgrade backs it up first); here too.
from .db import (SQLITE_HEADER, StoreError, _copy_database, _database, backup_dir,  # noqa: F401
                 backup_now, private_dir)
from .migrations import migrations

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
# Why a backup was made (the code in its file name), as the user reads it.
REASONS = {"daily": N_("Daily, at start-up"), "manual": N_("Made by hand"),
           "finalised": N_("After minutes were finalised"),
           "before-restore": N_("Before a restore"), "before-upgrade": N_("Before an upgrade")}
# Why a backup was made (the code in its file name) as the user reads it.
REASONS = {"daily": N_("Daily, at start-up"), "manual": N_("Made by hand"),
           "finalised": N_("After minutes were finalised"),
           "before-restore": N_("Before a restore"), "before-upgrade": N_("Before an upgrade")}
AUTOMATIC = ("daily", "finalised")
_NAME = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6})(?:-(?P<reason>[a-z-]+))?\.sqlite$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    size: int


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of this data file, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    out = []
    stem = Path(db_path).stem
    for p in folder.glob("*.sqlite"):
        m = _NAME.match(p.name)
        if not m or m["stem"] != stem:
            continue
        created = dt.datetime.strptime(m["ts"], "%Y%m%d-%H%M%S")
        out.append(BackupInfo(p, created, m["reason"] or "manual", p.stat().st_size))
    return sorted(out, key=lambda b: b.created, reverse=True)


def daily_backup_if_due(store, today: dt.date | None = None) -> Path | None:
    """The start-up backup: at most one a day, then thin the folder."""
    today = today or dt.date.today()
    if any(b.created.date() == today for b in list_backups(store.path)):
        return None
    when = dt.datetime.combine(today, dt.datetime.now().time())
    path = backup_now(store.conn, store.path, reason="daily", when=when)
    thin(store.path)
    return path


def thin(db_path: Path) -> list[Path]:
    """Delete backups that fall outside the keep-policy; return what was deleted."""
    backups = [b for b in list_backups(db_path) if b.reason in AUTOMATIC]
    keep: set[Path] = set()
    seen_days, seen_weeks, seen_months = set(), set(), set()
    for b in backups:  # newest first: the first of each period is the one kept
        day = b.created.date()
        week = day.isocalendar()[:2]
        month = (day.year, day.month)
        if day not in seen_days and len(seen_days) < KEEP_DAILY:
            seen_days.add(day)
            keep.add(b.path)
        if week not in seen_weeks and len(seen_weeks) < KEEP_WEEKLY:
            seen_weeks.add(week)
            keep.add(b.path)
        if month not in seen_months and len(seen_months) < KEEP_MONTHLY:
            seen_months.add(month)
            keep.add(b.path)
    deleted = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted


def check_backup(path: Path) -> None:
    """Raise ValueError (Vietnamese) unless the file is an intact chibo database of this
    chibo's cell schema or an older one (read only; nothing is changed)."""
    name = Path(path).name
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise ValueError(_("The backup {name} cannot be read: {error}").format(
            name=name, error=exc)) from exc
    if header != SQLITE_HEADER:
        raise ValueError(_("The file {name} is not a chibo backup.").format(name=name))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            applied = migrations.applied_names(conn)
            others = migrations.other_sets(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValueError(_("The backup {name} cannot be read: {error}").format(
            name=name, error=exc)) from exc
    if not ok:
        raise ValueError(_("The backup {name} is damaged.").format(name=name))
    if others or not applied:
        raise ValueError(_("The file {name} is not a chibo backup of a cell's data.").format(
            name=name))
    if set(applied) - set(migrations.names()):
        raise ValueError(_("The backup {name} was made by a newer version of chibo; install "
                           "that version to restore it. Nothing was changed.").format(name=name))


def _schema(conn: sqlite3.Connection) -> set[tuple]:
    """The schema objects a restored file may hold: tables and indexes by name, triggers and
    views with their SQL (sqlite's own objects left out)."""
    rows = conn.execute("select type, name, sql from sqlite_master "
                        "where name not like 'sqlite_%'").fetchall()
    return {(t, n, sql if t in ("trigger", "view") else None) for t, n, sql in rows}


def _reference_schema() -> set[tuple]:
    """The schema of a new, fully migrated cell file."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.apply(_database(conn))
        return _schema(conn)
    finally:
        conn.close()


def prepare_restore(backup_path: Path, work_path: Path, files_from: Path | None = None
                    ) -> sqlite3.Connection:
    """Check a backup completely, copy it to ``work_path``, migrate the copy to this chibo's
    schema and check it again; returns an open connection to the ready copy. Raises
    ValueError (Vietnamese) for a file that must not be restored; the live file is not touched.

    A backup made before documents were kept inside the file takes them from ``files_from``
    (the live file's old ``<name>-files/`` folder), when it has them."""
    backup_path = Path(backup_path)
    check_backup(backup_path)
    src = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    try:
        _copy_database(src, work_path)
    finally:
        src.close()
    conn = sqlite3.connect(str(work_path), isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        migrations.apply(_database(conn))
        if files_from is not None:
            blobs.take_in_missing(conn, files_from)
            _report_moved_in(conn, files_from)
        unknown = _schema(conn) - _reference_schema()
        if unknown:
            names = ", ".join(sorted(f"{t} {n}" for t, n, _sql in unknown)[:5])
            raise ValueError(_("The backup {name} holds objects chibo does not make ({objects}); "
                               "it was not restored and nothing was changed.").format(
                                   name=backup_path.name, objects=names))
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok" or \
                conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise ValueError(_("The backup {name} is damaged.").format(name=backup_path.name))
    except ValueError:
        conn.close()
        work_path.unlink(missing_ok=True)
        raise
    except (sqlite3.Error, StoreError, OSError) as exc:
        conn.close()
        work_path.unlink(missing_ok=True)
        raise ValueError(_("The backup {name} cannot be restored: {error}. Nothing was "
                           "changed.").format(name=backup_path.name, error=exc)) from exc
    return conn


def _report_moved_in(conn: sqlite3.Connection, folder: Path) -> None:
    """A backup from before one-file storage, migrated in its work file, recorded its files as
    not moved in (the work file has no folder beside it); what it still lacks once they were
    taken from ``folder`` is the report, naming that folder (none when nothing is missing)."""
    import json

    if conn.execute("select 1 from meta where key = 'files_moved_in'").fetchone() is None:
        return
    present = {r[0] for r in conn.execute("select sha256 from blob")}
    missing = sorted(blobs.referenced_hashes(conn) - present)
    if not missing:
        conn.execute("delete from meta where key = 'files_moved_in'")
        return
    report = {"folder": str(folder), "stored": 0, "mismatched": [], "missing": missing}
    conn.execute("update meta set value = ? where key = 'files_moved_in'",
                 [json.dumps(report, ensure_ascii=False)])


def restore(store, backup_path: Path) -> Path:
    """Replace the open database's content with a backup.

    The backup is checked, copied and migrated in a work file first; only a copy that passed
    every check replaces the content, in one step (SQLite's backup API into the open
    connection). The current content is backed up first ("before-restore"), so a restore can
    be undone. Returns the path of the safety backup.
    """
    work = private_dir(backup_dir(store.path)) / f".restore-{Path(backup_path).stem}.partial"
    ready = prepare_restore(Path(backup_path), work, blobs.legacy_files_dir(store.path))
    try:
        safety = backup_now(store.conn, store.path, reason="before-restore")
        ready.backup(store.conn)
    finally:
        ready.close()
        work.unlink(missing_ok=True)
    return safety


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes ``check_backup`` (for a data file that will not open)."""
    for b in list_backups(db_path):
        try:
            check_backup(b.path)
        except ValueError:
            continue
        return b
    return None


def restore_file(db_path: Path, backup_path: Path, when: dt.datetime | None = None) -> Path:
    """Replace a data file that cannot be opened (damaged) with a backup, file to file.

    The damaged file (with its -wal/-shm) is moved aside, never deleted; returns where it went.
    Call it while the file is closed: ``restore`` is the way for an open store.
    """
    db_path, backup_path = Path(db_path), Path(backup_path)
    work = db_path.with_name(f".{db_path.name}.restore.partial")
    prepare_restore(backup_path, work, blobs.legacy_files_dir(db_path)).close()
    when = when or dt.datetime.now()
    aside = db_path.with_name(f"{db_path.stem}-damaged-{when:%Y%m%d-%H%M%S}{db_path.suffix}")
    if db_path.exists():
        db_path.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = Path(str(db_path) + suffix)
        if extra.exists():
            extra.replace(Path(str(aside) + suffix))
    work.replace(db_path)
    return aside
