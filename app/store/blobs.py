"""Files kept inside the database: content-addressed BLOBs in the ``blob`` table.

Stored documents (minutes, resolutions, signed copies, the year plan), topic versions and
attachments are rows of ``blob`` keyed by their SHA-256, each stored once however many rows name
it. Because they live in the one SQLite file, a backup, a restored backup, "Save a copy" or the
file carried alone on a USB stick holds every document.

Bytes are written and read in chunks through SQLite's incremental BLOB I/O
(``Connection.blobopen``), so a large attachment is never held whole in memory. Writers run
inside the caller's transaction: the blob commits with the row that names it, or not at all.

Only plain sqlite3 here: reading a stored document must not load sqlite-utils.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import BinaryIO, Iterator

from ..i18n import _

# The largest file that may be attached to a meeting or kept as a topic version (one place).
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
CHUNK = 1024 * 1024


def _sha256(data: bytes = b""):
    """hashlib's SHA-256 (hashlib loads OpenSSL: imported when a blob is first hashed, not at
    the app's start, which reads no blob)."""
    import hashlib

    return hashlib.sha256(data)


CREATE_TABLE = ("CREATE TABLE IF NOT EXISTS blob (sha256 TEXT PRIMARY KEY, "
                "size INTEGER NOT NULL, data BLOB NOT NULL)")


class FileTooLargeError(ValueError):
    """A file over ``MAX_ATTACHMENT_BYTES``: ``size`` and ``limit`` for the message."""

    def __init__(self, message: str, size: int, limit: int):
        super().__init__(message)
        self.size, self.limit = size, limit


class BlobChangedError(ValueError):
    """The stored bytes no longer hash to the SHA-256 they are kept under."""


def _conn(store_or_conn) -> sqlite3.Connection:
    return getattr(store_or_conn, "conn", store_or_conn)


def has_blob(store_or_conn, sha256: str) -> bool:
    return _conn(store_or_conn).execute(
        "select 1 from blob where sha256 = ?", [sha256]).fetchone() is not None


def _rowid(conn: sqlite3.Connection, sha256: str) -> tuple[int, int] | None:
    return conn.execute("select rowid, size from blob where sha256 = ?", [sha256]).fetchone()


def put_bytes(store_or_conn, data: bytes) -> str:
    """Store ``data`` (once per content); its SHA-256. Call inside the transaction that also
    writes the row naming it."""
    conn = _conn(store_or_conn)
    digest = _sha256(data).hexdigest()
    if _rowid(conn, digest) is None:
        conn.execute("insert into blob (sha256, size, data) values (?, ?, ?)",
                     [digest, len(data), data])
    return digest


def check_size(size: int, name: str) -> None:
    if size > MAX_ATTACHMENT_BYTES:
        raise FileTooLargeError(
            _("The file {name} is too large ({size} MB); a file kept with a meeting may be at "
              "most {limit} MB. Shorten it or keep it elsewhere; nothing was saved.").format(
                name=name, size=_mb(size), limit=_mb(MAX_ATTACHMENT_BYTES)),
            size, MAX_ATTACHMENT_BYTES)


def _mb(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def put_file(store_or_conn, source: str | Path) -> tuple[str, int]:
    """Store the file at ``source`` chunk by chunk; (sha256, size). A file over
    ``MAX_ATTACHMENT_BYTES`` is refused (FileTooLargeError) before anything is written. Call
    inside a transaction."""
    conn = _conn(store_or_conn)
    source = Path(source)
    with open(source, "rb") as fh:
        size = _size(fh)
        check_size(size, source.name)
        digest = _hash_stream(fh)
        if _rowid(conn, digest) is not None:
            return digest, size
        fh.seek(0)
        return _put_stream(conn, fh, size, digest), size


def _size(fh: BinaryIO) -> int:
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(0)
    return size


def _hash_stream(fh: BinaryIO) -> str:
    h = _sha256()
    for chunk in iter(lambda: fh.read(CHUNK), b""):
        h.update(chunk)
    return h.hexdigest()


def _put_stream(conn: sqlite3.Connection, fh: BinaryIO, size: int, digest: str) -> str:
    """Write ``size`` bytes from ``fh`` into a new blob row, checking they hash to ``digest``
    (a file changed while it was read is refused, and the row is not kept)."""
    conn.execute("savepoint chibo_blob")
    try:
        cur = conn.execute("insert into blob (sha256, size, data) values (?, ?, zeroblob(?))",
                           [digest, size, size])
        h, written = _sha256(), 0
        with conn.blobopen("blob", "data", cur.lastrowid) as blob:
            while written < size:
                chunk = fh.read(min(CHUNK, size - written))
                if not chunk:
                    break
                blob.write(chunk)
                h.update(chunk)
                written += len(chunk)
        if written != size or h.hexdigest() != digest or fh.read(1):
            raise OSError(f"the file changed while it was being stored ({getattr(fh, 'name', '')})")
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback to chibo_blob")
            conn.execute("release chibo_blob")
        raise
    conn.execute("release chibo_blob")
    return digest


def iter_blob(store_or_conn, sha256: str) -> Iterator[bytes]:
    """The stored bytes in chunks; KeyError when no blob has this hash."""
    conn = _conn(store_or_conn)
    found = _rowid(conn, sha256)
    if found is None:
        raise KeyError(sha256)
    with conn.blobopen("blob", "data", found[0], readonly=True) as blob:
        for chunk in iter(lambda: blob.read(CHUNK), b""):
            yield chunk


def read_blob(store_or_conn, sha256: str) -> bytes:
    """The stored bytes, checked against their SHA-256 (BlobChangedError when they do not
    match; KeyError when there is no such blob)."""
    h, parts = _sha256(), []
    for chunk in iter_blob(store_or_conn, sha256):
        h.update(chunk)
        parts.append(chunk)
    if h.hexdigest() != sha256:
        raise BlobChangedError(sha256)
    return b"".join(parts)


def write_blob_to(store_or_conn, sha256: str, out: BinaryIO) -> int:
    """Copy the stored bytes into ``out`` chunk by chunk, checking their SHA-256
    (BlobChangedError when they do not match, KeyError when there is no such blob); the number
    of bytes."""
    h, n = _sha256(), 0
    for chunk in iter_blob(store_or_conn, sha256):
        h.update(chunk)
        out.write(chunk)
        n += len(chunk)
    if h.hexdigest() != sha256:
        raise BlobChangedError(sha256)
    return n


# --- moving the files of older versions in (migration 0006) ----------------------------------

def legacy_files_dir(db_path: Path) -> Path:
    """Where chibo before one-file storage kept a database's files: ``<name>-files/``."""
    return db_path.parent / f"{db_path.stem}-files"


def referenced_hashes(conn: sqlite3.Connection) -> set[str]:
    """Every SHA-256 the records name: documents, attachments and topic versions."""
    import json

    found = {r[0] for r in conn.execute("select sha256 from document where sha256 is not null")}
    found |= {r[0] for r in conn.execute("select sha256 from attachment where sha256 is not null")}
    for (topic,) in conn.execute("select topic from meeting where topic is not null"):
        try:
            versions = (json.loads(topic) or {}).get("versions") or []
        except (ValueError, AttributeError):
            continue
        found |= {v["sha256"] for v in versions if isinstance(v, dict) and v.get("sha256")}
    return found


def move_files_in(conn: sqlite3.Connection, folder: Path, *, suffix: str = "",
                  referenced: set[str] | None = None) -> dict:
    """Store every file of an older version's ``<name>-files/`` folder whose bytes hash to its
    name (``<2 hex>/<sha256><suffix>``: the party office named its PDFs with ``.pdf``); the
    folder itself is left as it is (nothing is deleted). The report: how many were stored,
    files whose bytes do not match their name (or could not be read), and hashes the records
    name (``referenced``, default: the cell's ``referenced_hashes``) that no file supplied."""
    stored, mismatched = 0, []
    if folder.is_dir():
        for path in sorted(folder.glob(f"??/*{suffix}")):
            name = path.name[:len(path.name) - len(suffix)] if suffix else path.name
            if not path.is_file() or len(name) != 64 or not name.startswith(path.parent.name):
                continue
            try:
                with open(path, "rb") as fh:
                    size = _size(fh)
                    digest = _hash_stream(fh)
                    if digest != name:
                        mismatched.append(str(path))
                        continue
                    if _rowid(conn, digest) is None:
                        fh.seek(0)
                        _put_stream(conn, fh, size, digest)
                        stored += 1
            except OSError:
                mismatched.append(str(path))
    present = {r[0] for r in conn.execute("select sha256 from blob")}
    wanted = referenced_hashes(conn) if referenced is None else referenced
    missing = sorted(wanted - present)
    return {"folder": str(folder), "stored": stored, "mismatched": mismatched,
            "missing": missing}


def take_in_missing(conn: sqlite3.Connection, folder: Path) -> int:
    """Store the files the records name but the database lacks, from an older version's
    ``<name>-files/`` folder (each checked against its name); how many were stored. Restoring a
    backup made before one-file storage calls it with the live file's folder."""
    if not folder.is_dir():
        return 0
    present = {r[0] for r in conn.execute("select sha256 from blob")}
    stored = 0
    for digest in sorted(referenced_hashes(conn) - present):
        path = folder / digest[:2] / digest
        try:
            with open(path, "rb") as fh:
                size = _size(fh)
                if _hash_stream(fh) != digest:
                    continue
                fh.seek(0)
                _put_stream(conn, fh, size, digest)
                stored += 1
        except OSError:
            continue
    return stored


def document_file(store_or_conn, row: dict) -> bytes:
    """The bytes of a stored document row (``name``, ``sha256``), checked against its SHA-256;
    ValueError with the user's message when the data file lacks them or they were changed."""
    try:
        return read_blob(store_or_conn, row["sha256"])
    except KeyError:
        raise ValueError(_("The stored file of document {name} is not in the data file (it was "
                           "made by an older chibo whose files folder was not carried with "
                           "it).").format(name=row["name"])) from None
    except BlobChangedError:
        raise ValueError(_("The stored file of document {name} was changed: its SHA-256 no "
                           "longer matches.").format(name=row["name"])) from None
