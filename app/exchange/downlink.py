"""What the party office sends back to its cells: receipts and documents sent down.

Two kinds of office bundle, both ``.zip`` files signed by the office key (the key's certificate
in ``certificate.pem``; its signature of ``manifest.json`` in ``manifest.sig``, as in the cell's
bundles):

- a **receipt** (``chibo-receipt_<stamp>.zip``) written by one office import run: ``office.json``
  ``{"schema_version": 1, "kind": "receipt", "id", "written_at", "entries": [{"bundle_sha256",
  "file_name", "meeting_id", "cell_id", "version", "status", "code", "params"}]}``; ``status``
  is imported / duplicate / superseded / rejected, ``code`` + ``params`` say why (the office's
  own wording of a rejection travels as ``params["reason"]``), rendered at the edges;
- **documents sent down** (``chibo-office_<stamp>.zip``): ``office.json`` ``{"schema_version":
  1, "kind": "documents", "id", "written_at", "to": [cell ids] | "*", "documents": [{"member",
  "title", "category", "file_name"}]}`` plus the documents (``doc-01.pdf``…).

The cell trusts one office key, set once by fingerprint (``inbox trust``); everything else in
an office bundle is checked as hostile before anything is stored (``read_office_bundle``).
Receipt entries are matched to the cell's own exports by the SHA-256 of the bundle file, so a
receipt can name other cells' bundles without the cell storing them.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import N_, _
from app.store import Store, new_id
from app.store.blobs import put_bytes
from app.store.db import now_iso

from . import bundle as fmt
from .inbox import (  # noqa: F401  (the light reads, re-exported)
    CATEGORIES, TRUST_KEY, category_label, normalise_fingerprint, not_received_rows,
    office_documents, receipts_by_bundle, rejection_message, trust_office, trusted_office,
)
from .office import (BundleError, _certificate, _check_manifest, _member_problem, _no_constant,
                     _read_member, active_content)

FORMAT_VERSION = 1
OFFICE_JSON = "office.json"
RECEIPT_PREFIX = fmt.RECEIPT_PREFIX
DOCUMENTS_PREFIX = fmt.DOCUMENTS_PREFIX
PREFIXES = (RECEIPT_PREFIX, DOCUMENTS_PREFIX)

# Document types a cell accepts (by extension): read as bytes, PDFs checked for active content.
DOCUMENT_TYPES = (".pdf", ".docx", ".xlsx", ".odt", ".ods", ".txt")
_MEMBER = re.compile(r"^doc-\d{2}\.(pdf|docx|xlsx|odt|ods|txt)$")

STATUS_CODES = ("imported", "duplicate", "superseded", "rejected")


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 60_000_000
    max_members: int = 40
    max_member_bytes: int = 50_000_000
    max_total_bytes: int = 100_000_000
    max_json_bytes: int = 2_000_000
    max_text: int = 300          # a title, a file name, a reason


class OfficeBundleError(ValueError):
    """An office bundle the cell refuses; the message (Vietnamese) says why."""


# --- writing (office side) -------------------------------------------------------------------

def _stamp(when: str) -> str:
    return re.sub(r"[^0-9]", "", when)[:14]


def _write_zip(out_dir: Path, name: str, files: dict[str, bytes], key_file) -> Path:
    from cryptography.hazmat.primitives.serialization import Encoding

    pem = key_file.cert.public_bytes(Encoding.PEM)
    files = dict(files)
    files[fmt.CERTIFICATE] = pem
    manifest = json.dumps(fmt.manifest(files), indent=1, ensure_ascii=False,
                          sort_keys=True).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in sorted(files):
            zf.writestr(member, files[member])
        zf.writestr(fmt.MANIFEST, manifest)
        zf.writestr(fmt.SIGNATURE, fmt.sign_bytes(key_file.key, manifest))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    n = 2
    while target.exists():
        target = out_dir / f"{name[:-4]}-{n}.zip"
        n += 1
    tmp = out_dir / f".{target.name}{fmt.PARTIAL_SUFFIX}"
    with open(tmp, "wb") as fh:
        fh.write(buf.getvalue())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    return target


def receipt_entry(result) -> dict:
    """A receipt entry from an ``office.ImportResult``: status code, reason code and params."""
    params: dict = {}
    code = result.status
    if result.status == "rejected":
        params["reason"] = str(result.reason or "")[:1000]
    elif result.status == "superseded" or (result.status == "imported" and result.reason):
        params["note"] = str(result.reason)
    entry = {"bundle_sha256": None, "file_name": result.path.name, "meeting_id":
             result.meeting_id, "cell_id": result.cell_id, "version": None,
             "status": result.status, "code": code, "params": params}
    return entry


def write_receipt(office: Store, results: list, out_dir: str | Path, key_file,
                  *, written_at: str | None = None) -> Path:
    """The signed receipt of one office import run (every bundle of the folder, whatever its
    status) into ``out_dir``; remembered in the office's ``outbox``."""
    written_at = written_at or now_iso()
    entries = []
    for r in results:
        entry = receipt_entry(r)
        try:
            entry["bundle_sha256"] = fmt.sha256(Path(r.path).read_bytes())
        except OSError:
            entry["bundle_sha256"] = None
        if r.meeting_id and r.cell_id:   # the meeting of the bundle's own cell
            row = office.db.execute("select version from meeting where cell_id = ? and id = ?",
                                    [r.cell_id, r.meeting_id]).fetchone()
            entry["version"] = row[0] if row else None
        entries.append(entry)
    doc = {"schema_version": FORMAT_VERSION, "kind": "receipt", "id": new_id(),
           "written_at": written_at, "entries": entries}
    data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    path = _write_zip(Path(out_dir), f"{RECEIPT_PREFIX}{_stamp(written_at)}.zip",
                      {OFFICE_JSON: data}, key_file)
    with office.atomic():
        office.db["outbox"].insert({"id": doc["id"], "kind": "receipt", "file_name": path.name,
                                    "written_at": written_at, "recipients": json.dumps(
                                        sorted({e["cell_id"] for e in entries if e["cell_id"]})),
                                    "content": data.decode("utf-8")})
    return path


def send_documents(office: Store, files: list[str | Path], out_dir: str | Path, key_file, *,
                   to: list[str] | None = None, category: str = "study",
                   titles: list[str] | None = None, written_at: str | None = None,
                   limits: Limits = Limits()) -> Path:
    """One documents-sent-down bundle for the cells ``to`` (ids; None: every cell)."""
    if category not in CATEGORIES:
        raise ValueError(_("Unknown kind of document: {kind}").format(kind=category))
    if to is not None:
        known = {r[0] for r in office.db.execute("select id from cell")}
        unknown = [c for c in to if c not in known]
        if unknown:
            raise ValueError(_("No cell with id {id} in the office's records.").format(
                id=", ".join(unknown)))
    if not files:
        raise ValueError(_("Name at least one document to send."))
    written_at = written_at or now_iso()
    members, entries = {}, []
    for i, src in enumerate(files, 1):
        src = Path(src)
        ext = src.suffix.lower()
        if ext not in DOCUMENT_TYPES:
            raise ValueError(_("{name}: only these document types can be sent: {types}").format(
                name=src.name, types=", ".join(DOCUMENT_TYPES)))
        if not src.is_file() or src.stat().st_size > limits.max_member_bytes:
            raise ValueError(_("{name} is not a file or is too large").format(name=src.name))
        data = src.read_bytes()
        if ext == ".pdf":
            _check_pdf(src.name, data)
        member = f"doc-{i:02d}{ext}"
        members[member] = data
        title = (titles[i - 1] if titles and i <= len(titles) else "") or src.stem
        entries.append({"member": member, "title": title[:limits.max_text],
                        "category": category, "file_name": src.name[:limits.max_text]})
    doc = {"schema_version": FORMAT_VERSION, "kind": "documents", "id": new_id(),
           "written_at": written_at, "to": sorted(to) if to is not None else "*",
           "documents": entries}
    data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    members[OFFICE_JSON] = data
    path = _write_zip(Path(out_dir), f"{DOCUMENTS_PREFIX}{_stamp(written_at)}.zip", members,
                      key_file)
    with office.atomic():
        office.db["outbox"].insert({"id": doc["id"], "kind": "documents",
                                    "file_name": path.name, "written_at": written_at,
                                    "recipients": json.dumps(doc["to"]),
                                    "content": data.decode("utf-8")})
    return path


# --- reading (cell side): every office bundle is hostile ---------------------------------------

@dataclass
class OfficeBundle:
    path: Path
    sha256: str
    doc: dict
    fingerprint: str
    files: dict[str, bytes] = field(default_factory=dict)


def _check_pdf(name: str, data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise OfficeBundleError(_("{name} is not a PDF").format(name=name))
    try:
        found = active_content(data)
    except Exception:
        raise OfficeBundleError(_("{name} is not a readable PDF").format(name=name)) from None
    if found:
        raise OfficeBundleError(_("{name} contains active content ({what}); such a PDF is "
                                  "never stored").format(name=name, what=", ".join(found)))


def _clean(value, limits: Limits, what: str, *, optional: bool = False) -> str | None:
    """A text from the office: a string, not too long, no control or format characters."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > limits.max_text or any(
            unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in "\n\t"
            for ch in value):
        raise OfficeBundleError(_("office.json: {what} is not a valid text").format(what=what))
    return unicodedata.normalize("NFC", value)


def _unzip(raw: bytes, limits: Limits) -> dict[str, bytes]:
    if not raw.startswith(b"PK"):
        raise OfficeBundleError(_("not a zip file"))
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise OfficeBundleError(_("the zip file is truncated or damaged (was the copy "
                                  "finished?)")) from None
    if len(infos) > limits.max_members:
        raise OfficeBundleError(_("too many files in the bundle ({count}, at most {limit})")
                                .format(count=len(infos), limit=limits.max_members))
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise OfficeBundleError(_("a file name occurs twice in the bundle"))
    allowed = {OFFICE_JSON, fmt.CERTIFICATE, fmt.MANIFEST, fmt.SIGNATURE}
    for info in infos:
        if info.filename in allowed or _MEMBER.match(info.filename):
            # the structural checks of the cell bundles' reader (links, paths, encryption…)
            copy = zipfile.ZipInfo(fmt.MINUTES)
            copy.external_attr, copy.flag_bits = info.external_attr, info.flag_bits
            copy.compress_type = info.compress_type
            problem = _member_problem(copy)
            if problem:
                raise OfficeBundleError(problem.replace(fmt.MINUTES, info.filename))
            continue
        problem = _member_problem(info)
        raise OfficeBundleError(problem or _("unexpected file in the bundle: {name}").format(
            name=info.filename))
    if (sum(i.file_size for i in infos) > limits.max_total_bytes
            or any(i.file_size > limits.max_member_bytes for i in infos)):
        raise OfficeBundleError(_("the bundle expands to more than the allowed size (possible "
                                  "zip bomb)"))
    files, total = {}, 0
    try:
        for info in infos:
            cap = min(limits.max_member_bytes, limits.max_total_bytes - total, info.file_size)
            files[info.filename] = _read_member(zf, info, cap)
            total += len(files[info.filename])
    except BundleError as exc:
        raise OfficeBundleError(str(exc)) from None
    except Exception as exc:
        raise OfficeBundleError(_("the zip file is truncated or damaged ({error})").format(
            error=exc)) from None
    for name in (OFFICE_JSON, fmt.CERTIFICATE, fmt.MANIFEST, fmt.SIGNATURE):
        if name not in files:
            raise OfficeBundleError(_("{name} is missing from the bundle").format(name=name))
    return files


def _json(data: bytes, name: str, limits: Limits):
    if len(data) > limits.max_json_bytes:
        raise OfficeBundleError(_("{name} is too large").format(name=name))
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise OfficeBundleError(_("{name} is not valid JSON").format(name=name)) from None


def _check_doc(doc, files: dict[str, bytes], limits: Limits) -> dict:
    if not isinstance(doc, dict) or doc.get("schema_version") != FORMAT_VERSION:
        raise OfficeBundleError(_("office.json has an unknown format; update chibo"))
    if doc.get("kind") not in ("receipt", "documents"):
        raise OfficeBundleError(_("office.json has an unknown kind of bundle"))
    _clean(doc.get("id"), limits, "id")
    when = _clean(doc.get("written_at"), limits, "written_at")
    try:
        dt.datetime.fromisoformat(when)
    except ValueError:
        raise OfficeBundleError(_("office.json: {what} is not a valid text").format(
            what="written_at")) from None
    if doc["kind"] == "receipt":
        entries = doc.get("entries")
        if not isinstance(entries, list) or len(entries) > 10_000:
            raise OfficeBundleError(_("the receipt has no valid list of bundles"))
        for e in entries:
            if not isinstance(e, dict) or e.get("status") not in STATUS_CODES \
                    or not isinstance(e.get("params"), dict):
                raise OfficeBundleError(_("the receipt has no valid list of bundles"))
            sha = e.get("bundle_sha256")
            if sha is not None and not (isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}",
                                                                                sha)):
                raise OfficeBundleError(_("the receipt has no valid list of bundles"))
            for key in ("file_name", "meeting_id", "cell_id"):
                e[key] = _clean(e.get(key), limits, key, optional=True)
            e["params"] = {str(k)[:40]: _clean(v, Limits(max_text=1000), k)
                           for k, v in e["params"].items() if isinstance(v, str)}
            if not isinstance(e.get("version"), (int, type(None))):
                raise OfficeBundleError(_("the receipt has no valid list of bundles"))
        if any(_MEMBER.match(n) for n in files):
            raise OfficeBundleError(_("a receipt carries no documents"))
        return doc
    to = doc.get("to")
    if not (to == "*" or (isinstance(to, list) and all(isinstance(c, str) for c in to))):
        raise OfficeBundleError(_("office.json does not say which cells the documents are for"))
    entries = doc.get("documents")
    if not isinstance(entries, list) or not entries:
        raise OfficeBundleError(_("office.json lists no documents"))
    members = sorted(n for n in files if _MEMBER.match(n))
    listed = [e.get("member") if isinstance(e, dict) else None for e in entries]
    if sorted(m for m in listed if isinstance(m, str)) != members or len(listed) != len(members):
        raise OfficeBundleError(_("the documents listed in office.json differ from the files in "
                                  "the bundle"))
    for e in entries:
        e["title"] = _clean(e.get("title"), limits, "title")
        e["file_name"] = _clean(e.get("file_name"), limits, "file_name")
        if e.get("category") not in CATEGORIES:
            raise OfficeBundleError(_("office.json: {what} is not a valid text").format(
                what="category"))
        if e["member"].endswith(".pdf"):
            _check_pdf(e["file_name"], files[e["member"]])
    return doc


def read_office_bundle(path: str | Path, trusted: str | None,
                       limits: Limits = Limits()) -> OfficeBundle:
    """Every check before storing: structure, the office key (it must be ``trusted``), the
    manifest's signature and digests, ``office.json`` and each document."""
    path = Path(path)
    try:
        if path.is_symlink() or not path.is_file():
            raise OfficeBundleError(_("not a regular file"))
        if path.stat().st_size > limits.max_file_bytes:
            raise OfficeBundleError(_("the file is too large for a bundle ({size} bytes)")
                                    .format(size=path.stat().st_size))
        raw = path.read_bytes()
    except OSError as exc:
        raise OfficeBundleError(_("cannot read the file: {error}").format(
            error=exc.strerror or exc)) from None
    files = _unzip(raw, limits)
    try:
        fingerprint, _subject = _certificate(files[fmt.CERTIFICATE])
    except BundleError as exc:
        raise OfficeBundleError(str(exc)) from None
    if not trusted:
        raise OfficeBundleError(_("the office's key is not set yet: ask the office for its "
                                  "fingerprint and run “chibo inbox trust FINGERPRINT” (this "
                                  "bundle's key: SHA-256 {fingerprint})").format(
            fingerprint=fingerprint))
    if fingerprint != trusted:
        raise OfficeBundleError(_("signed by another key than the office's (SHA-256 "
                                  "{fingerprint}, expected {trusted}): not stored").format(
            fingerprint=fingerprint, trusted=trusted))
    if not fmt.verify_bytes(files[fmt.CERTIFICATE], files[fmt.MANIFEST], files[fmt.SIGNATURE]):
        raise OfficeBundleError(_("the office's signature does not verify (the bundle was "
                                  "changed after the office signed it): not stored"))
    try:
        manifest = _check_manifest(files)
    except BundleError as exc:
        raise OfficeBundleError(str(exc)) from None
    if manifest.get("schema_version") != fmt.SCHEMA_VERSION:
        raise OfficeBundleError(_("office.json has an unknown format; update chibo"))
    doc = _check_doc(_json(files[OFFICE_JSON], OFFICE_JSON, limits), files, limits)
    return OfficeBundle(path, fmt.sha256(raw), doc, fingerprint, files)


# --- importing (cell side) ---------------------------------------------------------------------

@dataclass
class InboxResult:
    path: Path
    status: str                 # "receipt" | "documents" | "duplicate" | "not_for_us" | "rejected"
    reason: str = ""
    count: int = 0              # receipt entries about this cell's exports / documents stored

    def to_json(self) -> dict:
        return {"path": str(self.path), "status": self.status, "reason": self.reason,
                "count": self.count}


def inbox_files(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(_("{folder} is not a folder.").format(folder=folder))
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".zip"
                  and p.name.startswith(PREFIXES))


def _cell_id(store: Store) -> str | None:
    row = store.conn.execute("select id from cell limit 1").fetchone()
    return row[0] if row else None


def _store_receipt(store: Store, b: OfficeBundle) -> int:
    mine = {r[0]: r[1] for r in store.conn.execute("select sha256, meeting_id from export")}
    count = 0
    for e in b.doc["entries"]:
        mid = mine.get(e.get("bundle_sha256"))
        if mid is None:
            continue
        old = store.conn.execute("select received_at from office_receipt where "
                                 "bundle_sha256 = ?", [e["bundle_sha256"]]).fetchone()
        if old and old[0] > b.doc["written_at"]:   # an older receipt imported late
            continue
        store.db["office_receipt"].upsert({
            "bundle_sha256": e["bundle_sha256"], "meeting_id": mid, "receipt_id": b.doc["id"],
            "status": e["status"], "code": e.get("code") or e["status"],
            "params": json.dumps(e["params"], ensure_ascii=False),
            "received_at": b.doc["written_at"], "imported_at": now_iso(),
            "office_fingerprint": b.fingerprint}, pk="bundle_sha256")
        count += 1
    return count


def _store_documents(store: Store, b: OfficeBundle) -> int:
    for i, e in enumerate(b.doc["documents"]):
        data = b.files[e["member"]]
        digest = put_bytes(store, data)
        store.db["office_document"].insert({
            "id": new_id(), "package_id": b.doc["id"], "position": i, "category": e["category"],
            "title": e["title"], "file_name": e["file_name"], "sha256": digest,
            "size": len(data), "sent_at": b.doc["written_at"], "imported_at": now_iso(),
            "office_fingerprint": b.fingerprint, "used_in_meeting": None})
    return len(b.doc["documents"])


def import_office_bundle(store: Store, path: str | Path,
                         limits: Limits = Limits()) -> InboxResult:
    path = Path(path)
    try:
        b = read_office_bundle(path, trusted_office(store), limits)
    except OfficeBundleError as exc:
        return InboxResult(path, "rejected", str(exc))
    except Exception as exc:  # one odd file must not stop the rest of the folder
        return InboxResult(path, "rejected", _("unexpected error while importing: {error}")
                           .format(error=exc))
    if store.conn.execute("select 1 from inbox where sha256 = ?", [b.sha256]).fetchone():
        return InboxResult(path, "duplicate", _("already imported"))
    kind = b.doc["kind"]
    if kind == "documents" and b.doc["to"] != "*" and _cell_id(store) not in b.doc["to"]:
        return InboxResult(path, "not_for_us", _("these documents are for other cells"))
    with store.atomic():
        count = _store_receipt(store, b) if kind == "receipt" else _store_documents(store, b)
        store.db["inbox"].insert({"sha256": b.sha256, "kind": kind, "package_id": b.doc["id"],
                                  "file_name": path.name[:300], "written_at":
                                  b.doc["written_at"], "imported_at": now_iso()})
    return InboxResult(path, "receipt" if kind == "receipt" else "documents", "", count)


def import_inbox(store: Store, folder: str | Path, limits: Limits = Limits()) -> list[InboxResult]:
    """Import every office bundle of a folder (receipts and documents); one bad file does not
    stop the rest, and a refused file changes nothing."""
    return [import_office_bundle(store, p, limits) for p in inbox_files(folder)]


# --- what the cell shows -----------------------------------------------------------------------
