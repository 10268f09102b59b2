"""The data file as the desktop app sees it: open it, back it up, restore a backup, save a
complete copy elsewhere, and the report of an upgrade's files that could not be moved in.

ui/ takes these names from here, never from app.store (pyproject.toml's import contracts);
``Store`` is here for type hints. The command line uses the same functions.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.store import (AlreadyOpenError, CorruptDatabaseError, DiskFullError, NewerSchemaError,
                       ReadOnlyError, Store, StoreError, explain_error, open_store)
from app.store import backup as _backup
from app.store.backup import (REASONS, BackupInfo, backup_dir, daily_backup_if_due, list_backups,
                              newest_good_backup, restore, restore_file)
from app.store.db import create_private_file, now_iso
from app.store.lock import FileLock

__all__ = ["REASONS", "AlreadyOpenError", "BackupInfo", "CorruptDatabaseError", "NewerSchemaError", "Store",
           "StoreError", "backup_dir", "backup_now", "daily_backup_if_due", "explain_error",
           "list_backups", "MovedInProblem", "MovedInReport", "mark_moved_in_shown",
           "moved_in_report", "moved_in_text", "newest_good_backup", "open_store", "restore",
           "restore_file", "save_copy"]


def backup_now(store: Store, reason: str = "manual") -> Path:
    """Back the open data file up now, then thin the automatic backups; the new backup's path."""
    path = _backup.backup_now(store.conn, store.path, reason=reason)
    _backup.thin(store.path)
    return path


# --- "Save a copy…": the whole data file (documents included) to a place the user picks --------

# Files SQLite and chibo keep beside a data file: never the target of a copy of it.
_COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")


def _is_live_file(store: Store, target: Path) -> bool:
    live = Path(store.path).resolve()
    resolved = target.resolve()
    if resolved.parent == live.parent and resolved.name in {live.name + s for s in _COMPANIONS}:
        return True
    try:
        return target.exists() and os.path.samefile(target, live)
    except OSError:
        return False


def _copy_error(exc: BaseException, target: Path) -> StoreError:
    """What a failed copy means for the user: the open data file is never the cause."""
    kind = explain_error(exc, target)
    if isinstance(kind, DiskFullError):
        return DiskFullError(_("The disk holding {path} is full: the copy was not written. Free "
                               "some space or choose another disk; the open data file is "
                               "unchanged.").format(path=target))
    if isinstance(kind, ReadOnlyError):
        return ReadOnlyError(_("The copy cannot be written to {path}: the folder or the disk is "
                               "read-only, or you lack permission. Choose another folder; the "
                               "open data file is unchanged.").format(path=target))
    error = getattr(exc, "strerror", None) or exc
    made = StoreError(_("The copy could not be written to {path}: {error}. The open data file "
                        "is unchanged.").format(path=target, error=error))
    made.exit_code = kind.exit_code
    return made


def _sync(path: Path) -> None:
    """Flush a written file (or a folder's entries) to the disk; best effort for folders."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        if not path.is_dir():
            raise
    finally:
        os.close(fd)


def save_copy(store: Store, target: str | Path) -> Path:
    """Write a complete, consistent copy of the open data file to ``target`` (a file name, or
    an existing folder: the copy then takes the data file's name); the copy's path.

    The documents and attachments are inside the data file, so the copy alone holds
    everything. It is made with SQLite's backup API from the open connection (what is saved
    now, the WAL included), written to a hidden work file beside the target, checked, made a
    single file (no WAL) with owner-only permissions and only then put in place: a failure
    leaves the target as it was. The open data file itself (or its WAL, lock ...) and a data
    file open in another chibo window are refused. Every failure is a StoreError with its
    Vietnamese message: ValueError for a refused target, DiskFullError / ReadOnlyError ...
    """
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / Path(store.path).name
    if _is_live_file(store, target):
        raise ValueError(_("{path} is the open data file itself: a copy cannot replace the file "
                           "it is made from. Choose another name or folder; nothing was "
                           "written.").format(path=target))
    if not target.parent.is_dir():
        raise ValueError(_("The folder {folder} does not exist; nothing was written.").format(
            folder=target.parent))
    if target.exists() and not target.is_file():
        raise ValueError(_("{path} is not a file; nothing was written.").format(path=target))
    lock = FileLock(target.with_name(target.name + ".lock")) if target.exists() else None
    work = target.with_name(f".{target.name}.partial")
    try:
        if lock is not None and not lock.acquire():
            raise AlreadyOpenError(_("{path} is open in another chibo window: close it there "
                                     "before replacing it with a copy; nothing was "
                                     "written.").format(path=target))
        work.unlink(missing_ok=True)
        create_private_file(work)
        dest = sqlite3.connect(str(work))
        try:
            store.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")   # one file, no -wal beside it
            result = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
        if result != "ok":
            raise sqlite3.DatabaseError(f"integrity check of the copy: {result}")
        _sync(work)
        os.replace(work, target)
        _sync(target.parent)
    except (sqlite3.Error, OSError) as exc:
        try:
            work.unlink(missing_ok=True)
        except OSError:
            pass
        raise _copy_error(exc, target) from exc
    finally:
        if lock is not None:
            lock.release()
    return target


# --- the report of moving an older version's files in (migration 0006_blobs) -------------------

SHOWN_KEY = "files_moved_in_shown"


@dataclass(frozen=True)
class MovedInProblem:
    """A file the upgrade could not move into the data file.

    ``reason``: "changed" (a file was there but its bytes no longer match the document it was
    stored as), "missing" (no file in the folder) or "changed_unused" (a changed file no
    record names). ``what``: the records that name it (e.g. "bien-ban-2024-04-03.pdf
    (03/04/2024)"), empty for an unused file."""

    reason: str
    path: str
    what: tuple[str, ...]


@dataclass(frozen=True)
class MovedInReport:
    folder: str
    problems: tuple[MovedInProblem, ...]
    shown: str | None      # when it was shown to the user (None: not yet)


def _date_text(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso and len(iso) >= 10 else ""


def _named_by(store: Store, digest: str) -> tuple[str, ...]:
    """The stored documents, attachments and topic versions whose bytes are ``digest``."""
    import json

    found = []
    for row in store.rows("select d.name, d.kind, m.date from document d left join meeting m "
                          "on m.id = d.meeting_id where d.sha256 = ? order by d.created_at",
                          [digest]):
        found.append((row["name"] or row["kind"], row["date"]))
    for row in store.rows("select a.name, m.date from attachment a left join meeting m on "
                          "m.id = a.meeting_id where a.sha256 = ?", [digest]):
        found.append((row["name"], row["date"]))
    for row in store.rows("select topic, date from meeting where topic like ?",
                          [f"%{digest}%"]):
        try:
            versions = (json.loads(row["topic"]) or {}).get("versions") or []
        except (ValueError, AttributeError):
            continue
        found += [(v.get("name") or "", row["date"]) for v in versions
                  if isinstance(v, dict) and v.get("sha256") == digest]
    return tuple(f"{name} ({_date_text(day)})" if day else name for name, day in found)


def moved_in_report(store: Store) -> MovedInReport | None:
    """What the upgrade to one-file storage could not move in, as it stands now (a file taken
    in since, by restoring a backup, is no longer listed); None when nothing is missing."""
    report = store.get_setting("files_moved_in")
    if not isinstance(report, dict):
        return None
    folder = Path(str(report.get("folder") or ""))
    present = {r[0] for r in store.conn.execute("select sha256 from blob")}
    changed = {Path(p).name: str(p) for p in report.get("mismatched") or []}
    problems = []
    for digest in report.get("missing") or []:
        if digest in present:
            continue
        path = changed.get(digest) or str(folder / digest[:2] / digest)
        reason = "changed" if digest in changed or Path(path).is_file() else "missing"
        problems.append(MovedInProblem(reason, path, _named_by(store, digest)))
    listed = set(report.get("missing") or [])
    problems += [MovedInProblem("changed_unused", path, ()) for name, path in changed.items()
                 if name not in listed and name not in present]
    if not problems:
        return None
    return MovedInReport(str(folder), tuple(problems), store.get_setting(SHOWN_KEY))


def mark_moved_in_shown(store: Store) -> None:
    """Remember that the report was shown, so that it is not shown at every start. A data file
    that cannot be written keeps showing it (nothing else is changed)."""
    try:
        store.set_setting(SHOWN_KEY, now_iso())
    except (sqlite3.Error, OSError):
        pass


def moved_in_text(report: MovedInReport) -> str:
    """The report for the user (desktop app and command line): each file, why, what to do."""
    reasons = {
        "changed": _("the file {path} is there but its content no longer matches (changed or "
                     "damaged after it was stored); it was not taken in"),
        "missing": _("no file for it in the folder ({path})"),
        "changed_unused": _("the file {path} no longer matches its name (changed or damaged); "
                            "no record uses it"),
    }
    lines = [_("When this data file was upgraded, chibo moved the documents kept in the folder "
               "{folder} into the data file. These could not be moved in:").format(
                   folder=report.folder)]
    for p in report.problems:
        what = "; ".join(p.what) if p.what else _("a file of the folder")
        lines.append("• " + _("{what}: {reason}").format(
            what=what, reason=reasons[p.reason].format(path=p.path)))
    lines.append("")
    lines.append(_("What to do: if you have another copy of that folder (the old computer, a "
                   "USB stick), put those files back into {folder} and restore the backup made "
                   "before the upgrade (File ▸ Restore a backup…, or chibo restore): chibo then "
                   "takes them in. Otherwise make these documents again from their meeting and "
                   "sign them again. The folder was left as it was: nothing was deleted.").format(
                       folder=report.folder))
    lines.append(_("To see this list again: chibo files-moved-in."))
    return "\n".join(lines)
