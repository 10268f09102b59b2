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
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from ..i18n import _
from .lock import FileLock
from .migrations import migrations as cell_migrations
from .steps import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database


class StoreError(Exception):
    """A problem with the database file that the user must be told about (Vietnamese message).

    Each kind has its own process exit code (``exit_code``) for the command line; only
    ``CorruptDatabaseError`` is damage, for which restoring a backup may be offered."""
    exit_code = 3


class AlreadyOpenError(StoreError):
    exit_code = 4


class BusyError(StoreError):
    """Another program holds a lock on the file (not another chibo: that is AlreadyOpenError)."""
    exit_code = 4


class ReadOnlyError(StoreError):
    exit_code = 5


class DiskFullError(StoreError):
    exit_code = 6


class NotChiboError(StoreError):
    """The file is not a SQLite database, or a SQLite database of another program."""
    exit_code = 7


class CorruptDatabaseError(StoreError):
    exit_code = 8


class NewerSchemaError(StoreError):
    exit_code = 9


SQLITE_HEADER = b"SQLite format 3\x00"
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


def explain_error(exc: BaseException, path: str | Path) -> StoreError:
    """The StoreError telling the user what an ``sqlite3.Error`` or ``OSError`` met while
    using the data file ``path`` means: busy, read-only, disk full, not a chibo file or
    damaged. A StoreError is returned as it is."""
    import errno

    if isinstance(exc, StoreError):
        return exc
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(_("The disk holding {path} is full: nothing more can be saved. Free "
                               "some space (or choose another folder) and try again; what was "
                               "saved before is intact.").format(path=path))
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text \
            or "read-only" in text or "unable to open database" in text:
        return ReadOnlyError(_("The data file {path} cannot be written: the file, its folder or "
                               "the disk is read-only (or you lack permission). Copy it to a "
                               "folder you can write to, or open it from there.").format(path=path))
    if "locked" in text or "busy" in text:
        return BusyError(_("The data file {path} is busy: another program is using it. Close "
                           "that program and try again; nothing was changed.").format(path=path))
    if "not a database" in text or "file is encrypted" in text:
        return NotChiboError(_("The file {path} is not a chibo data file; nothing was "
                               "changed.").format(path=path))
    if "malformed" in text or "corrupt" in text:
        return CorruptDatabaseError(_("The data file {path} is damaged ({error}).").format(
            path=path, error=exc))
    return StoreError(_("The file {path} could not be used: {error}").format(
        path=path, error=getattr(exc, "strerror", None) or exc))


def make_private(path: Path) -> None:
    """Owner-only permissions on a file chibo keeps (POSIX; on Windows the user's profile
    already restricts them). Failing to change them is not an error."""
    if os.name == "nt":
        return
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)
    except OSError:
        pass


def private_dir(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) owner-only; an existing one is left as it is."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    return folder


def create_private_file(path: Path) -> None:
    """Create an empty file with owner-only permissions (no-op when it exists)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(fd)


# --- backups: the primitive opening needs (the rest is in app.store.backup) -----------------

def backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def backup_now(db_or_conn, db_path: Path, reason: str = "manual",
               when: dt.datetime | None = None) -> Path:
    """Copy the live database (consistent snapshot, WAL included) into the backups folder."""
    conn = getattr(db_or_conn, "conn", db_or_conn)
    when = when or dt.datetime.now()
    folder = private_dir(backup_dir(db_path))
    target = folder / f"{Path(db_path).stem}-{when:%Y%m%d-%H%M%S}-{reason}.sqlite"
    while target.exists():  # two backups within a second: name the second one a second later
        when += dt.timedelta(seconds=1)
        target = folder / f"{Path(db_path).stem}-{when:%Y%m%d-%H%M%S}-{reason}.sqlite"
    tmp = target.with_suffix(".partial")
    _copy_database(conn, tmp)
    tmp.replace(target)
    return target


def _copy_database(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of an open database into a new owner-only file."""
    target.unlink(missing_ok=True)
    create_private_file(target)
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()


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
    conn.execute("PRAGMA busy_timeout = 3000")
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")  # a write: only when not yet set
    # FULL: a committed edit survives a power cut, not only a crash of the process.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        error = explain_error(exc, path)
        if type(error) is StoreError:   # an unexplained failure of the check: damage
            error = CorruptDatabaseError(_("The data file {path} is damaged ({error}).").format(
                path=path, error=exc))
        raise error from exc
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


def _read_header(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(len(SQLITE_HEADER))


def _has_objects(conn: sqlite3.Connection) -> bool:
    return conn.execute("select 1 from sqlite_master where name not like 'sqlite_%' "
                        "limit 1").fetchone() is not None


def _inspect(path: Path, migrations: MigrationSet) -> None:
    """Refuse, without writing anything, a damaged file, another program's database, the other
    side's chibo file or one from a newer chibo."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check_integrity(conn, path)
        applied, unknown = schema_state(conn, migrations)
        if not applied and migrations.other_sets(conn):
            raise StoreError(_("The file {path} belongs to another part of chibo (a cell's data "
                               "file and the party office's file are separate); nothing was "
                               "changed.").format(path=path))
        if not applied and _has_objects(conn):
            raise NotChiboError(_("The file {path} is a database of another program, not a "
                                  "chibo data file; nothing was changed.").format(path=path))
        if unknown:
            raise NewerSchemaError(
                _("The data file {path} was written by a newer version of chibo. "
                  "Install the newer version to open it; nothing was changed.").format(path=path))
    finally:
        conn.close()


def open_store(path: str | Path, *, lock: bool = True, backup_on_upgrade: bool = True,
               create: bool = True, migrations: MigrationSet = cell_migrations) -> Store:
    """Open (or create) a database file with its migration set: the cell's by default, the
    party office's for the office console (``app.exchange.office_migrations``).

    Every failure is a StoreError of its own kind (see ``explain_error``); a file that needs
    no migration is not written to. New files and folders are owner-only."""
    path = Path(path).expanduser()
    try:
        return _open_store(path, lock, backup_on_upgrade, create, migrations)
    except (sqlite3.Error, OSError) as exc:
        raise explain_error(exc, path) from exc


def _open_store(path: Path, lock: bool, backup_on_upgrade: bool, create: bool,
                migrations: MigrationSet) -> Store:
    if not path.exists() and not create:
        raise StoreError(_("The data file {path} does not exist.").format(path=path))
    if path.is_dir():
        raise NotChiboError(_("{path} is a folder, not a chibo data file.").format(path=path))
    is_new = not path.exists() or path.stat().st_size == 0
    if not is_new and _read_header(path) != SQLITE_HEADER:
        raise NotChiboError(_("The file {path} is not a chibo data file (not a SQLite "
                              "database); nothing was changed.").format(path=path))
    private_dir(path.parent)
    file_lock = None
    if lock:
        file_lock = FileLock(path.with_name(path.name + ".lock"))
        if not file_lock.acquire():
            raise AlreadyOpenError(
                _("The data file {path} is already open in another chibo window. "
                  "Close that window first.").format(path=path))
    conn = None
    try:
        if is_new:
            create_private_file(path)
        else:
            _inspect(path, migrations)   # read only: a file we refuse is not touched
            make_private(path)
        conn = _connect(path)
        applied = migrations.applied_names(conn)
        store = Store(path, conn, file_lock)
        if set(migrations.names()) - set(applied):
            if applied and backup_on_upgrade:
                backup_now(conn, path, reason="before-upgrade")
            migrations.apply(store.db)
        version = len(migrations.names())
        if conn.execute("PRAGMA user_version").fetchone()[0] != version:
            conn.execute(f"PRAGMA user_version = {version}")
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
