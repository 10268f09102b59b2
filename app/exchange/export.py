"""Export finalised meetings as signed bundles for the party office (cell side).

A bundle is written to a hidden temporary name in the target folder, flushed to disk and
renamed when complete, so a USB stick pulled out mid-write never holds a half bundle under a
bundle's name (the office ignores ``.*.partial`` files). Each export is remembered in the
``export`` table; ``export_status`` shows what is new or corrected since.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from app import __version__
from app.documents.signing import KeyFile, open_key_file
from app.i18n import _
from app.store import Store, new_id
from app.store.db import now_iso

from . import bundle as fmt


@dataclass(frozen=True)
class ExportResult:
    path: Path
    meeting_id: str
    series_id: str
    version: int
    sha256: str
    exported_at: str


@dataclass(frozen=True)
class ExportState:
    """A finalised meeting version and whether the office has it: ``state`` is "new" (never
    exported), "amended" (an earlier version was exported, this correction was not) or
    "exported"."""

    meeting_id: str
    series_id: str
    version: int
    kind: str
    date: str
    number: str | None
    state: str
    exported_at: str | None
    file_name: str | None

    def to_json(self) -> dict:
        return asdict(self)


# --- the signed documents (one place, so it can switch to stored documents later) ------------

def signed_documents(record: dict, key_file: KeyFile) -> dict[str, bytes]:
    """{member name: signed PDF} for one meeting record: the minutes signed in the chair's
    field, and the resolution (or conclusion) in the secretary's field when it has a text."""
    from app.documents import layout
    from app.documents.minutes import build_minutes
    from app.documents.signing import sign_pdf

    place = (record.get("cell") or {}).get("place_name") or None
    docs = {fmt.MINUTES: sign_pdf(build_minutes(record), field_name=layout.FIELD_CHAIR,
                                  signer_role="CHỦ TRÌ", location=place, key_file=key_file)}
    if ((record.get("resolution") or {}).get("text") or "").strip():
        from app.documents.resolution import build_resolution

        docs[fmt.RESOLUTION] = sign_pdf(build_resolution(record),
                                        field_name=layout.FIELD_SECRETARY, signer_role="BÍ THƯ",
                                        location=place, key_file=key_file)
    return docs


def certificate_pem(key_file: KeyFile) -> tuple[bytes, str]:
    """(PEM of the signer certificate, its SHA-256 fingerprint)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from app.documents.keys import certificate_fingerprint

    return key_file.cert.public_bytes(Encoding.PEM), certificate_fingerprint(key_file.cert)


# --- meeting.json --------------------------------------------------------------------------

def _ehandbook(store: Store, exported: dt.date) -> dict:
    """Summaries of the months that had ended by the export day, over the last twelve months."""
    from app.ehandbook import points_grid, threshold

    months = []
    first = dt.date(exported.year - 1, exported.month, 1)
    for year in sorted({first.year, exported.year}):
        grid = points_grid(store, year, today=exported)
        for m in grid.months:
            if not m.due or dt.date(year, m.month, 1) < first or not m.applicable:
                continue
            months.append({"year": year, "month": m.month, "applicable": m.applicable,
                           "at_or_above": m.at_or_above, "below": m.below,
                           "missing": m.missing, "share": m.share})
    return {"threshold": threshold(store), "months": months}


def _model_cell(store: Store, year: int) -> dict | None:
    from app.cell import model_cell_registrations

    for reg in model_cell_registrations(store):
        if reg.year == year:
            return {"year": reg.year, "content": reg.content,
                    "registered_on": reg.registered_on.isoformat() if reg.registered_on else None}
    return None


def meeting_document(store: Store, meeting_id: str, *, exported_at: str | None = None,
                     signer_fingerprint: str = "") -> dict:
    """The ``meeting.json`` object: the meeting record plus the bundle's extra keys."""
    from app.cell import cell_rules
    from app.meetings import meeting_record

    record = meeting_record(store, meeting_id)
    if record["status"] != "finalised":
        raise ValueError(_("Only a finalised meeting can be exported; finish the meeting first."))
    exported_at = exported_at or now_iso()
    doc = dict(record)
    doc.update({
        "schema_version": fmt.SCHEMA_VERSION, "app_version": __version__,
        "cell_id": record["cell"]["id"], "exported_at": exported_at,
        "signer_fingerprint": signer_fingerprint,
        "rules": cell_rules(store).exported(),
        "ehandbook": _ehandbook(store, dt.date.fromisoformat(exported_at[:10])),
        "model_cell": _model_cell(store, int(record["date"][:4])),
    })
    return doc


# --- writing a bundle ----------------------------------------------------------------------

def manifest_signer(key_file: KeyFile):
    """A function signing the manifest's bytes with the key file's private key."""
    return lambda data: fmt.sign_bytes(key_file.key, data)


def bundle_bytes(meeting_doc: dict, documents: dict[str, bytes], cert_pem: bytes,
                 sign_manifest) -> bytes:
    """The zip of one bundle (members in a fixed order, the manifest and its signature last)."""
    files = dict(documents)
    files[fmt.MEETING_JSON] = json.dumps(meeting_doc, ensure_ascii=False, indent=1,
                                         sort_keys=True).encode("utf-8")
    files[fmt.CERTIFICATE] = cert_pem
    manifest = json.dumps(fmt.manifest(files), indent=1, sort_keys=True).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(name, files[name])
        zf.writestr(fmt.MANIFEST, manifest)
        zf.writestr(fmt.SIGNATURE, sign_manifest(manifest))
    return buf.getvalue()


def _target(out_dir: Path, name: str, meeting_id: str) -> Path:
    """``name`` in ``out_dir``; an existing bundle of the same meeting version is replaced, a
    different meeting with the same name (two thematic meetings in a month) gets '-2', '-3'…"""
    stem, suffix = name[:-4], ".zip"
    for n in range(1, 100):
        path = out_dir / (name if n == 1 else f"{stem}-{n}{suffix}")
        if not path.exists() or _bundle_meeting_id(path) == meeting_id:
            return path
    raise ValueError(_("Too many bundles named {name} in {folder}.").format(name=name,
                                                                           folder=out_dir))


def _bundle_meeting_id(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(fmt.MEETING_JSON)
            if info.file_size > 10_000_000:
                return None
            return json.loads(zf.read(info)).get("id")
    except Exception:
        return None


def write_bundle(out_dir: str | Path, meeting_doc: dict, documents: dict[str, bytes],
                 cert_pem: bytes, sign_manifest) -> tuple[Path, str]:
    """Write the bundle atomically into ``out_dir``; returns (path, SHA-256 of the zip)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = bundle_bytes(meeting_doc, documents, cert_pem, sign_manifest)
    target = _target(out_dir, fmt.bundle_name(meeting_doc), meeting_doc["id"])
    tmp = out_dir / f".{target.name}{fmt.PARTIAL_SUFFIX}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:  # the rename itself reaches the stick
        fd = os.open(out_dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
    return target, fmt.sha256(data)


def export_meeting(store: Store, meeting_id: str, out_dir: str | Path, *,
                   p12_path: str | Path | None = None, passphrase: str | bytes | None = None,
                   key_file: KeyFile | None = None,
                   exported_at: str | None = None) -> ExportResult:
    """Build, sign and write one meeting version's bundle and remember the export."""
    key_file = key_file or open_key_file(p12_path, passphrase)
    pem, fingerprint = certificate_pem(key_file)
    doc = meeting_document(store, meeting_id, exported_at=exported_at,
                           signer_fingerprint=fingerprint)
    documents = signed_documents(doc, key_file)
    path, digest = write_bundle(out_dir, doc, documents, pem, manifest_signer(key_file))
    with store.atomic():
        store.db["export"].insert({
            "id": new_id(), "meeting_id": meeting_id, "series_id": doc["series_id"],
            "version": doc["version"], "file_name": path.name, "sha256": digest,
            "signer_fingerprint": fingerprint, "exported_at": doc["exported_at"]})
    return ExportResult(path, meeting_id, doc["series_id"], doc["version"], digest,
                        doc["exported_at"])


# --- what to export --------------------------------------------------------------------------

def last_exports(store: Store) -> dict[str, dict]:
    """{meeting id: its latest export row}."""
    out: dict[str, dict] = {}
    for row in store.db["export"].rows_where(order_by="exported_at"):
        out[row["meeting_id"]] = row
    return out


def export_status(store: Store) -> list[ExportState]:
    """Every finalised meeting's newest finalised version, with its export state."""
    from app.meetings import format_number

    rows = store.conn.execute(
        "select id, series_id, version, kind, date, number from meeting m "
        "where status = 'finalised' and not exists (select 1 from meeting n where "
        "n.series_id = m.series_id and n.status = 'finalised' and n.version > m.version) "
        "order by date, sitting_order, kind").fetchall()
    exports = last_exports(store)
    exported_series = {r["series_id"] for r in exports.values()}
    out = []
    for mid, series, version, kind, date, number in rows:
        done = exports.get(mid)
        state = "exported" if done else ("amended" if series in exported_series else "new")
        out.append(ExportState(mid, series, version, kind, date, format_number(store, number),
                               state, done["exported_at"] if done else None,
                               done["file_name"] if done else None))
    return out


def export_new(store: Store, out_dir: str | Path, *, p12_path: str | Path,
               passphrase: str | bytes) -> list[ExportResult]:
    """Export every meeting that is new or corrected since the last export (the key file is
    opened once for all of them)."""
    pending = [s for s in export_status(store) if s.state != "exported"]
    if not pending:
        return []
    key_file = open_key_file(p12_path, passphrase)
    return [export_meeting(store, s.meeting_id, out_dir, key_file=key_file) for s in pending]
