"""Export finalised meetings as bundles for the party office (cell side).

A bundle carries the meeting's stored documents byte for byte, with the signatures made in the
cell (the minute-taker as THƯ KÝ, the chair…); the export key signs the manifest only, never a
PDF. A meeting whose stored minutes are not signed is refused with a code
(``ExportRefused``) unless the caller allows unsigned minutes.

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
from app.cell import cell_rules, get_cell, model_cell_registrations
from app.documents.signing import KeyFile, open_key_file
from app.ehandbook import points_grid, threshold
from app.i18n import _
from app.meetings import format_number, meeting_record
from app.store import Store, new_id
from app.store.db import now_iso

from . import bundle as fmt
from .downlink import receipts_by_bundle, rejection_message


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
    minutes_signed: bool = False       # the stored minutes carry at least one signature
    office_received: str | None = None  # the day the office's receipt says it took the bundle
    office_rejected: str | None = None  # the office's rejection (rendered), from its receipt

    def to_json(self) -> dict:
        return asdict(self)


# --- the stored documents, as the cell signed them ------------------------------------------

MINUTES_UNSIGNED = "minutes_unsigned"
# The export key's certificate may not sign now (codes of ``bundle.certificate_problem``).
CERTIFICATE_CODES = ("not_yet_valid", "expired", "no_signing_usage")


class ExportRefused(ValueError):
    """A meeting that is not exported, with a ``code`` and its ``params`` (``str()`` is the
    message in the UI language). ``MINUTES_UNSIGNED``: the stored minutes carry no signature;
    ``params`` name the document and the block (``slot``, ``role``) to sign first."""

    def __init__(self, code: str, meeting_id: str, **params):
        self.code, self.meeting_id, self.params = code, meeting_id, params
        super().__init__(self.message())

    def message(self) -> str:
        if self.code == MINUTES_UNSIGNED:
            return _("The minutes of the meeting of {date} are not signed. Sign the stored "
                     "minutes in the “{role}” block first: the export sends the documents as "
                     "they were signed and does not sign them for you.").format(
                date=_day(self.params.get("date")), role=self.params.get("role", ""))
        if self.code == "not_yet_valid":
            return _("The export key's certificate is not valid yet (valid from {start}); "
                     "nothing was signed.").format(start=_day(self.params.get("start")))
        if self.code == "expired":
            return _("The export key's certificate expired on {end}; nothing was signed. "
                     "Make a new key and give its fingerprint to the office.").format(
                end=_day(self.params.get("end")))
        if self.code == "no_signing_usage":
            return _("The export key's certificate may not be used for signing (key usage); "
                     "nothing was signed.")
        return self.code

    def __str__(self) -> str:
        return self.message()

    def to_json(self) -> dict:
        return {"code": self.code, "meeting_id": self.meeting_id, **self.params,
                "message": self.message()}


def certificate_refusal(key_file: KeyFile, meeting_id: str) -> ExportRefused | None:
    """The export key may sign only within its certificate's dates and usage."""
    problem = fmt.certificate_problem(key_file.cert, dt.datetime.now(dt.timezone.utc))
    return ExportRefused(problem[0], meeting_id, **problem[1]) if problem else None


def _day(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


@dataclass(frozen=True)
class StoredDocument:
    """One stored document going into a bundle: its member name, bytes and manifest entry."""
    member: str
    data: bytes
    entry: dict


def _signatures(store: Store, row: dict) -> list[dict]:
    """The signatures a stored copy carries, oldest first (one per signed copy it supersedes)."""
    from app.meeting_docs import get_document

    chain = []
    while row:
        if row.get("signature_field"):
            chain.append({"field": row["signature_field"], "role": row["signer_role"] or "",
                          "signer": row["signer"] or "",
                          "fingerprint": row["signer_fingerprint"] or "",
                          "signed_at": row["signed_at"]})
        row = get_document(store, row["supersedes"]) if row.get("supersedes") else None
    return chain[::-1]


def stored_documents(store: Store, meeting_id: str, *,
                     allow_unsigned: bool = False) -> list[StoredDocument]:
    """The meeting's stored minutes, resolution/conclusion and topic document (the newest copy
    of each, checked against its SHA-256), as they were signed. Unsigned minutes refuse the
    export (``ExportRefused``, code ``MINUTES_UNSIGNED``) unless ``allow_unsigned``."""
    from app import meeting_docs

    minutes = meeting_docs.current_document(store, meeting_id, "minutes")
    if minutes is None:  # finalised before documents were stored: store them now
        meeting_docs.finalise_documents(store, meeting_id)
        minutes = meeting_docs.current_document(store, meeting_id, "minutes")
    if minutes is None:
        raise ValueError(_("The minutes of this meeting are not stored."))
    if not minutes["signed"] and not allow_unsigned:
        date = store.conn.execute("select date from meeting where id = ?",
                                  [meeting_id]).fetchone()[0]
        slot, role = meeting_docs.document_signers(store, minutes)[0]
        raise ExportRefused(MINUTES_UNSIGNED, meeting_id, date=date, kind="minutes",
                            slot=slot, role=role, document_id=minutes["id"])
    out = []
    for kind, member in fmt.MEMBER_OF_KIND.items():
        row = minutes if kind == "minutes" else meeting_docs.current_document(
            store, meeting_id, kind)
        if row is None:
            continue
        out.append(StoredDocument(member, meeting_docs.document_bytes(store, row["id"]), {
            "kind": kind, "name": row["name"], "number": row["number"],
            "document_id": row["id"], "signed": bool(row["signed"]),
            "signatures": _signatures(store, row)}))
    return out


def certificate_pem(key_file: KeyFile) -> tuple[bytes, str]:
    """(PEM of the signer certificate, its SHA-256 fingerprint)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from app.documents.keys import certificate_fingerprint

    return key_file.cert.public_bytes(Encoding.PEM), certificate_fingerprint(key_file.cert)


# --- meeting.json --------------------------------------------------------------------------

def _ehandbook(store: Store, exported: dt.date) -> dict:
    """Summaries of the months that had ended by the export day, over the last twelve months."""
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
    for reg in model_cell_registrations(store):
        if reg.year == year:
            return {"year": reg.year, "content": reg.content,
                    "registered_on": reg.registered_on.isoformat() if reg.registered_on else None}
    return None


def _check_finalised(store: Store, meeting_id: str) -> None:
    row = store.conn.execute("select status from meeting where id = ?", [meeting_id]).fetchone()
    if row is None:
        raise KeyError(_("No meeting with id {id}.").format(id=meeting_id))
    if row[0] != "finalised":
        raise ValueError(_("Only a finalised meeting can be exported; finish the meeting first."))


def meeting_document(store: Store, meeting_id: str, *, exported_at: str | None = None,
                     signer_fingerprint: str = "") -> dict:
    """The ``meeting.json`` object: the meeting record plus the bundle's extra keys."""
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
        # the member criteria's specific one depends on it (app.rules.model_cell)
        "unit_type": (get_cell(store).unit_type if get_cell(store) else None) or "other",
    })
    return doc


# --- writing a bundle ----------------------------------------------------------------------

def manifest_signer(key_file: KeyFile):
    """A function signing the manifest's bytes with the key file's private key."""
    return lambda data: fmt.sign_bytes(key_file.key, data)


def bundle_bytes(meeting_doc: dict, documents: list[StoredDocument], cert_pem: bytes,
                 sign_manifest) -> bytes:
    """The zip of one bundle (members in a fixed order, the manifest and its signature last).
    The PDFs go in as stored; only the manifest is signed here."""
    files = {d.member: d.data for d in documents}
    files[fmt.MEETING_JSON] = json.dumps(meeting_doc, ensure_ascii=False, indent=1,
                                         sort_keys=True).encode("utf-8")
    files[fmt.CERTIFICATE] = cert_pem
    manifest = json.dumps(fmt.manifest(files, {d.member: d.entry for d in documents}),
                          indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")
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


def write_bundle(out_dir: str | Path, meeting_doc: dict, documents: list[StoredDocument],
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
                   key_file: KeyFile | None = None, exported_at: str | None = None,
                   allow_unsigned: bool = False) -> ExportResult:
    """Write one meeting version's bundle (its stored documents as signed, the manifest signed
    with the export key) and remember the export. Unsigned minutes raise ``ExportRefused``
    before the key is opened, unless ``allow_unsigned``."""
    _check_finalised(store, meeting_id)
    documents = stored_documents(store, meeting_id, allow_unsigned=allow_unsigned)
    key_file = key_file or open_key_file(p12_path, passphrase)
    refusal = certificate_refusal(key_file, meeting_id)
    if refusal:
        raise refusal
    pem, fingerprint = certificate_pem(key_file)
    doc = meeting_document(store, meeting_id, exported_at=exported_at,
                           signer_fingerprint=fingerprint)
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
    for row in store.rows("select * from export order by exported_at"):   # no sqlite-utils
        out[row["meeting_id"]] = row
    return out


def export_status(store: Store) -> list[ExportState]:
    """Every finalised meeting's newest finalised version, with its export state."""
    rows = store.conn.execute(
        "select id, series_id, version, kind, date, number from meeting m "
        "where status = 'finalised' and not exists (select 1 from meeting n where "
        "n.series_id = m.series_id and n.status = 'finalised' and n.version > m.version) "
        "order by date, sitting_order, kind").fetchall()
    exports = last_exports(store)
    signed = {r[0] for r in store.conn.execute(
        "select meeting_id from document where kind = 'minutes' and signed = 1")}
    exported_series = {r["series_id"] for r in exports.values()}
    receipts = receipts_by_bundle(store)
    out = []
    for mid, series, version, kind, date, number in rows:
        done = exports.get(mid)
        state = "exported" if done else ("amended" if series in exported_series else "new")
        receipt = receipts.get(done["sha256"]) if done else None
        received = rejected = None
        if receipt and receipt["status"] == "rejected":
            rejected = rejection_message(receipt["code"], receipt["params"])
        elif receipt:
            received = receipt["received_at"][:10]
        out.append(ExportState(mid, series, version, kind, date, format_number(store, number),
                               state, done["exported_at"] if done else None,
                               done["file_name"] if done else None, mid in signed,
                               received, rejected))
    return out


def not_received(store: Store) -> list[ExportState]:
    """Meeting versions exported whose receipt has not come back from the office (or came
    back as a rejection)."""
    return [s for s in export_status(store) if s.state == "exported" and not s.office_received]


@dataclass(frozen=True)
class ExportBatch:
    """What an export of several meetings wrote, and which meetings it refused (and why)."""
    results: list[ExportResult]
    refused: list[ExportRefused]


def export_many(store: Store, meeting_ids: list[str], out_dir: str | Path, *,
                key_file: KeyFile | None = None, p12_path: str | Path | None = None,
                passphrase: str | bytes | None = None,
                allow_unsigned: bool = False) -> ExportBatch:
    """Export each meeting that can be; the others are refused with their code. The key file
    is opened once, and only when there is something to sign."""
    refused, ready = [], []
    for mid in meeting_ids:
        try:
            _check_finalised(store, mid)
            stored_documents(store, mid, allow_unsigned=allow_unsigned)
            ready.append(mid)
        except ExportRefused as exc:
            refused.append(exc)
    if ready and key_file is None:
        key_file = open_key_file(p12_path, passphrase)
    if ready and certificate_refusal(key_file, ready[0]):
        refused += [certificate_refusal(key_file, mid) for mid in ready]
        ready = []
    results = [export_meeting(store, mid, out_dir, key_file=key_file,
                              allow_unsigned=allow_unsigned) for mid in ready]
    return ExportBatch(results, refused)


def export_new(store: Store, out_dir: str | Path, *, p12_path: str | Path,
               passphrase: str | bytes, allow_unsigned: bool = False) -> ExportBatch:
    """Export every meeting that is new or corrected since the last export."""
    pending = [s.meeting_id for s in export_status(store) if s.state != "exported"]
    return export_many(store, pending, out_dir, p12_path=p12_path, passphrase=passphrase,
                       allow_unsigned=allow_unsigned)
