"""Opening the cell database safely.

On open: take the single-writer lock, check integrity, refuse a file written by a newer
chibo, back up before upgrading an older schema, then apply pending migrations.

An up-to-date file is opened with plain sqlite3: the sqlite-utils ``Database`` over the same
connection (``store.db``) is made when first used, because importing sqlite-utils costs about
a tenth of a second at start-up.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from ..i18n import _
from .backup import backup_now
from .lock import FileLock
from .migrations import migrations as cell_migrations
from .steps import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database


class StoreError(Exception):
    """A problem with the database file that the user must be told about (Vietnamese message)."""


class AlreadyOpenError(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


def new_id() -> str:
    import uuid  # here, not at start-up: importing it also loads the platform module

    return str(uuid.uuid4())


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class Store:
    """An open cell database: ``store.conn`` is the sqlite3 connection, ``store.db`` the
    sqlite-utils Database over it (made when first used)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: FileLock | None):
        self.path = path
        self.conn = conn
        self._db: Database | None = None
        self._lock = lock

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = _database(self.conn)
        return self._db

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        """The rows of a query as dicts (column name → value)."""
        cursor = self.conn.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor]

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One user action = one transaction."""
        with self.db.atomic() as db:
            yield db

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("select value from meta where key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with self.atomic():
            self.db["meta"].upsert({"key": key, "value": json.dumps(value, ensure_ascii=False)},
                                   pk="key")

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._lock:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over an open connection. Plugins are not run: a sqlite-utils plugin
    installed beside chibo has no business with a cell's records (and scanning for them costs
    start-up time)."""
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed edit survives a power cut, not only a crash of the process.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 3000")
    return conn


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(
            _("The data file {path} is damaged or is not a chibo database ({error}).").format(
                path=path, error=exc)) from exc
    if result != ["ok"]:
        raise CorruptDatabaseError(
            _("The data file {path} is damaged: {detail}").format(
                path=path, detail="; ".join(result[:3])))


def schema_state(conn: sqlite3.Connection, migrations: MigrationSet = cell_migrations
                 ) -> tuple[list[str], list[str]]:
    """(applied migration names, names this chibo does not know)."""
    applied = migrations.applied_names(conn)
    known = set(migrations.names())
    return applied, [n for n in applied if n not in known]


def open_store(path: str | Path, *, lock: bool = True, backup_on_upgrade: bool = True,
               create: bool = True, migrations: MigrationSet = cell_migrations) -> Store:
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
    conn = None
    try:
        is_new = not path.exists() or path.stat().st_size == 0
        try:
            conn = _connect(path)
        except sqlite3.DatabaseError as exc:
            raise CorruptDatabaseError(
                _("The data file {path} is damaged or is not a chibo database ({error}).").format(
                    path=path, error=exc)) from exc
        if not is_new:
            _check_integrity(conn, path)
        applied, unknown = schema_state(conn, migrations)
        if not applied and migrations.other_sets(conn):
            raise StoreError(_("The file {path} belongs to another part of chibo (a cell's data "
                               "file and the party office's file are separate); nothing was "
                               "changed.").format(path=path))
        if unknown:
            raise NewerSchemaError(
                _("The data file {path} was written by a newer version of chibo. "
                  "Install the newer version to open it; nothing was changed.").format(path=path))
        store = Store(path, conn, file_lock)
        if set(migrations.names()) - set(applied):
            if applied and backup_on_upgrade:
                backup_now(conn, path, reason="before-upgrade")
            migrations.apply(store.db)
        conn.execute(f"PRAGMA user_version = {len(migrations.names())}")
        return store
    except BaseException:
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass
        if file_lock:
            file_lock.release()
        raise
