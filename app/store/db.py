"""Opening the cell database safely.

On open: take the single-writer lock, check integrity, refuse a file written by a newer
chibo, back up before upgrading an older schema, then apply pending migrations.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlite_utils import Database, Migrations

from ..i18n import _
from .lock import FileLock
from .migrations import migrations as cell_migrations


class StoreError(Exception):
    """A problem with the database file that the user must be told about (Vietnamese message)."""


class AlreadyOpenError(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


def new_id() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class Store:
    """An open cell database. ``store.db`` is the sqlite-utils Database."""

    def __init__(self, path: Path, db: Database, lock: FileLock | None):
        self.path = path
        self.db = db
        self._lock = lock

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One user action = one transaction."""
        with self.db.atomic() as db:
            yield db

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("select value from meta where key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with self.atomic():
            self.db["meta"].upsert({"key": key, "value": json.dumps(value, ensure_ascii=False)},
                                   pk="key")

    def close(self) -> None:
        try:
            self.db.conn.close()
        finally:
            if self._lock:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _connect(path: Path) -> Database:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db = Database(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed edit survives a power cut, not only a crash of the process.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 3000")
    return db


def _check_integrity(db: Database, path: Path) -> None:
    try:
        result = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(
            _("The data file {path} is damaged or is not a chibo database ({error}).").format(
                path=path, error=exc)) from exc
    if result != ["ok"]:
        raise CorruptDatabaseError(
            _("The data file {path} is damaged: {detail}").format(
                path=path, detail="; ".join(result[:3])))


def _names(migrations: Migrations) -> list[str]:
    return [m.name for m in migrations._migrations]


def schema_state(db: Database, migrations: Migrations = cell_migrations
                 ) -> tuple[list[str], list[str]]:
    """(applied migration names, names this chibo does not know)."""
    applied = [m.name for m in migrations.applied(db)]
    known = set(_names(migrations))
    return applied, [n for n in applied if n not in known]


def _other_sets(db: Database, name: str) -> list[str]:
    """Migration sets other than ``name`` applied to the file (a cell file opened as the
    office's, or the other way round)."""
    if not db[cell_migrations.migrations_table].exists():
        return []
    return [r[0] for r in db.execute(
        f"select distinct migration_set from {cell_migrations.migrations_table} "
        "where migration_set != ?", [name])]


def open_store(path: str | Path, *, lock: bool = True, backup_on_upgrade: bool = True,
               create: bool = True, migrations: Migrations = cell_migrations) -> Store:
    """Open (or create) a database file with its migration set: the cell's by default, the
    party office's for the office console (``app.exchange.office_migrations``)."""
    path = Path(path).expanduser()
    if not path.exists() and not create:
        raise StoreError(_("The data file {path} does not exist.").format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    file_lock = None
    if lock:
        file_lock = FileLock(path.with_name(path.name + ".lock"))
        if not file_lock.acquire():
            raise AlreadyOpenError(
                _("The data file {path} is already open in another chibo window. "
                  "Close that window first.").format(path=path))
    try:
        is_new = not path.exists() or path.stat().st_size == 0
        try:
            db = _connect(path)
        except sqlite3.DatabaseError as exc:
            raise CorruptDatabaseError(
                _("The data file {path} is damaged or is not a chibo database ({error}).").format(
                    path=path, error=exc)) from exc
        if not is_new:
            _check_integrity(db, path)
        applied, unknown = schema_state(db, migrations)
        if not applied and _other_sets(db, migrations.name):
            raise StoreError(_("The file {path} belongs to another part of chibo (a cell's data "
                               "file and the party office's file are separate); nothing was "
                               "changed.").format(path=path))
        if unknown:
            raise NewerSchemaError(
                _("The data file {path} was written by a newer version of chibo. "
                  "Install the newer version to open it; nothing was changed.").format(path=path))
        pending = migrations.pending(db)
        if pending and applied and backup_on_upgrade:
            from .backup import backup_now

            backup_now(db, path, reason="before-upgrade")
        migrations.apply(db)
        db.conn.execute(f"PRAGMA user_version = {len(_names(migrations))}")
        return Store(path, db, file_lock)
    except BaseException:
        try:
            db.conn.close()  # type: ignore[possibly-undefined]
        except Exception:
            pass
        if file_lock:
            file_lock.release()
        raise
