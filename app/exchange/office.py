"""The party office's console: import cells' bundles, trust their certificates, and the data
of the dashboard and of the model-cell evaluation.

Nothing in a bundle is trusted. ``read_bundle`` checks the zip structure (member names, links,
sizes read with a cap), the manifest's signature and digests, ``meeting.json`` (schema version
and an explicit validation) and every PDF signature as stored (format 2: the cell's signers the
signed manifest names; format 1: the bundle's certificate), the certificate's dates and usage,
active PDF content and each PDF's binding to its meeting, before anything is written.

Trust is bound to (cell, key) with dates (``cell_certificate.valid_from/valid_to``): a key
bound to one cell is never accepted for another; a cell's first key, and any change of it
(decided by the cell's id), needs the clerk's confirmation (``TrustQuestion``); a retired key
signs nothing exported from its end date on. Each bundle is stored in one transaction; its PDFs
are kept content-addressed inside the office database (``app.store.blobs``), so the office file
carried alone holds every PDF.

A meeting id belongs to one cell forever: meetings are kept by (cell, meeting id). A bundle of
another cell that brings an id already on record is kept under its own cell, never mixed with
the first one's, and the clash is recorded (``meeting_id_clash``) and shown as a warning naming
both cells: one of the two bundles is not genuine, and a squatter must not block the genuine one.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import stat
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from app.i18n import _
from app.paths import default_office_db_path
from app.rules.attendance import assess_duration
from app.rules.cell_rules import CellRules
from app.rules.model_cell import Settings, due_months, evaluate
from app.rules.plan import quarter_compliance
from app.store import Store, blobs, open_store
from app.store.db import now_iso
from app.vntext import sort_key

from . import bundle as fmt
from . import ca_trust
from .office_migrations import migrations as office_migrations
from .validate import meeting_problems

LATE_DAYS_KEY = "export.late_days"
DEFAULT_LATE_DAYS = 10
EHANDBOOK_SHARE_KEY = "ehandbook.required_share"
DEFAULT_EHANDBOOK_SHARE = 100.0
STATUSES = ("imported", "duplicate", "superseded", "rejected")


@dataclass(frozen=True)
class Limits:
    """What a sane bundle stays within (a zip bomb does not)."""

    max_file_bytes: int = 50_000_000      # the .zip itself
    max_members: int = 16
    max_member_bytes: int = 50_000_000    # one member, uncompressed
    max_total_bytes: int = 100_000_000    # all members, uncompressed


class BundleError(ValueError):
    """A bundle that cannot be imported; the message (Vietnamese) says why."""


@dataclass
class ImportResult:
    path: Path
    status: str                     # one of STATUSES
    reason: str = ""
    meeting_id: str | None = None
    cell_id: str | None = None
    fingerprint: str | None = None
    cell_name: str | None = None
    new_certificate: bool = False   # the clerk (or --trust-new) accepted a certificate now
    # Signatures by someone else than the person printed under the block (a warning only):
    # [{document, field, printed, signer}]
    signer_mismatches: list = field(default_factory=list)
    # The meeting (or series) id is on record for other cells too (a warning, both are kept):
    # [{meeting_id, cell_id, cell_name, other_cell_id, other_cell_name}]
    id_clashes: list = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return ([clash_message(c) for c in self.id_clashes]
                + [mismatch_message(m) for m in self.signer_mismatches])

    def to_json(self) -> dict:
        data = asdict(self)
        data["path"] = str(self.path)
        data["warnings"] = self.warnings
        return data


@dataclass
class Bundle:
    """A bundle that passed every check that needs no database."""

    path: Path
    sha256: str
    size: int
    files: dict[str, bytes]
    doc: dict
    cert_pem: bytes
    fingerprint: str
    subject: str
    documents: dict = field(default_factory=dict)   # format 2: the manifest's PDF entries
    signer_mismatches: list = field(default_factory=list)


# --- opening ---------------------------------------------------------------------------------

def open_office(path: str | Path | None = None, **kwargs) -> Store:
    """Open (or create) the office database: default ``app.paths.default_office_db_path()``."""
    return open_store(Path(path) if path else default_office_db_path(),
                      migrations=office_migrations, **kwargs)


def files_dir(office: Store) -> Path:
    """Where an older chibo kept the office's PDFs (``<office db>-files/``): read only by the
    migration that moves them into the database (``0008_office_blobs``)."""
    return blobs.legacy_files_dir(office.path)


# --- reading a bundle without trusting it ----------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return _("the file contains an absolute path: {name}").format(name=name)
    if ".." in parts:
        return _("the file contains a path leading outside the bundle: {name}").format(name=name)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return _("the file contains a link: {name}").format(name=name)
    if info.is_dir() or len(parts) > 1:
        return _("unexpected folder in the bundle: {name}").format(name=name)
    if info.flag_bits & 0x1:
        return _("the file contains an encrypted member: {name}").format(name=name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return _("unsupported compression of {name}").format(name=name)
    if name not in fmt.ALLOWED:
        return _("unexpected file in the bundle: {name}").format(name=name)
    return None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """Read a member in chunks, never more than ``cap`` bytes (even if its header lies)."""
    chunks, total = [], 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(65536)
            if not chunk:
                break
            total += len(chunk)
            if total > cap:
                raise BundleError(_("{name} expands beyond the allowed size (possible zip bomb)")
                                  .format(name=info.filename))
            chunks.append(chunk)
    return b"".join(chunks)


def _unzip(raw: bytes, limits: Limits) -> dict[str, bytes]:
    if not raw.startswith(b"PK"):
        raise BundleError(_("not a zip file"))
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise BundleError(_("the zip file is truncated or damaged (was the copy finished?)")) \
            from None
    if len(infos) > limits.max_members:
        raise BundleError(_("too many files in the bundle ({count}, at most {limit})").format(
            count=len(infos), limit=limits.max_members))
    names = [i.filename for i in infos]
    for info in infos:
        problem = _member_problem(info)
        if problem:
            raise BundleError(problem)
    if len(set(names)) != len(names):
        raise BundleError(_("a file name occurs twice in the bundle"))
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_total_bytes or any(i.file_size > limits.max_member_bytes
                                                for i in infos):
        raise BundleError(_("the bundle expands to more than the allowed size (possible zip "
                            "bomb)"))
    files: dict[str, bytes] = {}
    total = 0
    try:
        for info in infos:
            cap = min(limits.max_member_bytes, limits.max_total_bytes - total, info.file_size)
            files[info.filename] = _read_member(zf, info, cap)
            total += len(files[info.filename])
    except BundleError:
        raise
    except Exception as exc:  # BadZipFile (CRC), zlib errors, EOF of a cut file
        raise BundleError(_("the zip file is truncated or damaged ({error})").format(error=exc)) \
            from None
    for name in fmt.REQUIRED:
        if name not in files:
            raise BundleError(_("{name} is missing from the bundle").format(name=name))
    return files


def _no_constant(name: str):
    raise ValueError(name)


def _json(data: bytes, name: str):
    """Strict JSON: NaN and Infinity (which Python would accept) are refused."""
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError(_("{name} is not valid JSON").format(name=name)) from None


def _check_manifest(files: dict[str, bytes]) -> dict:
    manifest = _json(files[fmt.MANIFEST], fmt.MANIFEST)
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict):
        raise BundleError(_("the manifest has no list of files"))
    if manifest.get("schema_version") not in fmt.SCHEMA_VERSIONS:
        raise BundleError(_("unknown bundle schema version {version}: this chibo reads version "
                            "{known}; update chibo").format(
            version=manifest.get("schema_version"),
            known=", ".join(map(str, fmt.SCHEMA_VERSIONS))))
    for name in files:
        if name not in fmt.UNLISTED and name not in listed:
            raise BundleError(_("{name} is not listed in the manifest").format(name=name))
    for name, entry in listed.items():
        if name not in files:
            raise BundleError(_("{name} is listed in the manifest but missing from the bundle")
                              .format(name=name))
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if digest != fmt.sha256(files[name]):
            raise BundleError(_("{name} does not match its SHA-256 digest in the manifest (the "
                                "file was changed or damaged)").format(name=name))
    return manifest


def _document_entries(manifest: dict, files: dict[str, bytes]) -> dict[str, dict]:
    """Format 2: the manifest's entry of each PDF (kind, signed, signatures), checked."""
    documents = manifest.get("documents")
    if not isinstance(documents, dict):
        raise BundleError(_("the manifest does not describe the documents of the bundle"))
    pdfs = {name for name in files if name in fmt.PDF_MEMBERS}
    if set(documents) != pdfs:
        raise BundleError(_("the manifest's list of documents differs from the PDFs in the "
                            "bundle"))
    for name, entry in documents.items():
        sigs = entry.get("signatures") if isinstance(entry, dict) else None
        if (not isinstance(sigs, list) or not isinstance(entry.get("signed"), bool)
                or fmt.MEMBER_OF_KIND.get(entry.get("kind")) != name
                or not all(isinstance(s, dict) and isinstance(s.get("fingerprint"), str)
                           for s in sigs)):
            raise BundleError(_("the manifest's entry of {name} is not valid").format(name=name))
    return documents


def clash_message(c: dict) -> str:
    return _("the meeting id {meeting_id} of {cell_name} ({cell_id}) is also used by "
             "{other_cell_name} ({other_cell_id}); both are kept, each under its own cell, but "
             "one of the two bundles is not genuine: check with both cells").format(**c)


def mismatch_message(m: dict) -> str:
    """The block named by the role printed above it and its field ("NGƯỜI GHI BIÊN BẢN
    (ThuKy)"); flags stored before the role was kept name the field only."""
    field_text = f"{m['role']} ({m['field']})" if m.get("role") else m["field"]
    return _("{document}: the signature in {field} is {signer}'s, but the block is printed "
             "for {printed}").format(**{**m, "field": field_text})


def _check_pdf(name: str, data: bytes, version: int, entry: dict | None,
               fingerprint: str) -> list[dict]:
    """Every signature of a PDF verifies; format 1: all by the bundle's key; format 2: the
    signers the manifest names, in order (a PDF the manifest calls unsigned has none).
    Returns the signatures by someone else than the printed name (flagged, not refused)."""
    from app.documents.verify import verify_pdf

    result = verify_pdf(data)
    if version >= 2 and not entry["signed"]:
        if result.signatures:
            raise BundleError(_("{name} carries a signature the manifest does not name")
                              .format(name=name))
        return []
    if not result.ok:
        raise BundleError(_("the signature of {name} does not verify: {reason}").format(
            name=name, reason=result.reason))
    found = [s.signer_fingerprint for s in result.signatures]
    if version == 1:
        if any(fp != fingerprint for fp in found):
            raise BundleError(_("{name} is signed with another certificate than the bundle's")
                              .format(name=name))
    elif found != [s["fingerprint"] for s in entry["signatures"]]:
        raise BundleError(_("the signatures of {name} are not the ones its manifest names")
                          .format(name=name))
    return [{"document": name, "field": s.field_name, "role": s.role, "printed": s.printed_name,
             "signer": s.signer_name} for s in result.signatures if s.name_matches is False]


def _load_certificate(pem: bytes):
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise BundleError(_("certificate.pem is not a certificate")) from None


def _exported_at(doc: dict) -> dt.datetime:
    """When the bundle says it was signed (local time of the cell, read as UTC)."""
    when = dt.datetime.fromisoformat(doc["exported_at"])
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def certificate_message(code: str, params: dict) -> str:
    if code == "not_yet_valid":
        return _("the certificate is not valid yet (valid from {start})").format(**params)
    if code == "expired":
        return _("the certificate had expired (valid until {end})").format(**params)
    return _("the certificate may not be used for signing (key usage)")


def _check_certificate(cert, when: dt.datetime) -> None:
    """Valid at ``when`` (with a day's slack for the cell's time zone) and usable to sign."""
    slack = dt.timedelta(days=1)
    problem = (fmt.certificate_problem(cert, when)
               and fmt.certificate_problem(cert, when - slack)
               and fmt.certificate_problem(cert, when + slack))
    if problem:
        code, params = fmt.certificate_problem(cert, when)
        raise BundleError(certificate_message(code, params))


_ACTIVE_KEYS = {"/JavaScript": "JavaScript", "/JS": "JavaScript", "/OpenAction": "OpenAction",
                "/AA": "AA", "/Launch": "Launch", "/EmbeddedFiles": "EmbeddedFiles",
                "/EmbeddedFile": "EmbeddedFiles", "/RichMedia": "RichMedia"}
_ACTIVE_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "Launch", "/ImportData": "ImportData",
                   "/GoToE": "EmbeddedFiles", "/SubmitForm": "SubmitForm",
                   "/RichMediaExecute": "RichMedia", "/Rendition": "Rendition"}


def active_content(data: bytes) -> list[str]:
    """What in a PDF would act when opened: JavaScript, OpenAction, Launch, additional actions
    (/AA), embedded files, rich media. Walks every object reachable from the trailer (names
    are decoded, object streams included), so neither escapes nor compression hide it."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    found: set[str] = set()
    seen: set = set()
    stack = [reader.trailer_view]
    while stack:
        obj = stack.pop()
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, generic.DictionaryObject):
            found.update(_ACTIVE_KEYS[k] for k in obj.keys() if k in _ACTIVE_KEYS)
            action = obj.get("/S") if "/S" in obj else None
            if isinstance(action, generic.NameObject) and action in _ACTIVE_ACTIONS:
                found.add(_ACTIVE_ACTIONS[action])
            stack.extend(obj.raw_get(k) for k in obj.keys())
        elif isinstance(obj, generic.ArrayObject):
            stack.extend(obj.raw_get(i) for i in range(len(obj)))
    return sorted(found)


def _check_active_content(name: str, data: bytes) -> None:
    try:
        found = active_content(data)
    except Exception:  # a PDF pyHanko cannot read is not stored either
        raise BundleError(_("{name} is not a readable PDF").format(name=name)) from None
    if found:
        raise BundleError(_("{name} contains active content ({what}); such a PDF is never "
                            "stored").format(name=name, what=", ".join(found)))


def _check_binding(name: str, data: bytes, doc: dict) -> None:
    """A PDF that names its meeting (``app.documents.binding``, written at render time) must
    name this one: id, version and the digest of the record."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from app.documents import binding

    try:
        trailer = PdfFileReader(io.BytesIO(data), strict=False).trailer_view
        info = trailer["/Info"] if "/Info" in trailer else None
        words = str(info.get("/Keywords") or "") if info is not None else ""
    except Exception:
        raise BundleError(_("{name} is not a readable PDF").format(name=name)) from None
    bound = binding.parse(words)
    if bound is None:      # documents stored before the binding existed
        return
    if bound != (doc["id"], doc["version"], binding.record_digest(doc)):
        raise BundleError(_("{name} belongs to another meeting (meeting {id}, version {version}) "
                            "than this bundle's").format(name=name, id=bound[0],
                                                         version=bound[1]))


def _certificate(pem: bytes) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    from app.documents.keys import certificate_fingerprint

    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise BundleError(_("certificate.pem is not a certificate")) from None
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return certificate_fingerprint(cert), str(names[0].value) if names else ""


def read_bundle(path: str | Path, limits: Limits = Limits()) -> Bundle:
    """Every check that needs no database; raises BundleError with the reason."""
    path = Path(path)
    try:
        if path.is_symlink() or not path.is_file():
            raise BundleError(_("not a regular file"))
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise BundleError(_("the file is too large for a bundle ({size} bytes)").format(
                size=size))
        raw = path.read_bytes()
    except OSError as exc:
        raise BundleError(_("cannot read the file: {error}").format(
            error=exc.strerror or exc)) from None
    files = _unzip(raw, limits)
    fingerprint, subject = _certificate(files[fmt.CERTIFICATE])
    if not fmt.verify_bytes(files[fmt.CERTIFICATE], files[fmt.MANIFEST], files[fmt.SIGNATURE]):
        raise BundleError(_("the signature of the manifest does not verify with the bundle's "
                            "certificate (the bundle was changed after export)"))
    manifest = _check_manifest(files)
    version = manifest["schema_version"]
    entries = _document_entries(manifest, files) if version >= 2 else {}
    doc = _json(files[fmt.MEETING_JSON], fmt.MEETING_JSON)
    doc_version = doc.get("schema_version") if isinstance(doc, dict) else None
    if doc_version not in fmt.SCHEMA_VERSIONS:
        raise BundleError(_("unknown schema version {version} of meeting.json: this chibo reads "
                            "version {known}; update chibo").format(
            version=doc_version, known=", ".join(map(str, fmt.SCHEMA_VERSIONS))))
    if doc_version != version:
        raise BundleError(_("meeting.json and the manifest have different schema versions"))
    problems = meeting_problems(doc)
    if problems:
        raise BundleError(_("meeting.json is not valid: {problems}").format(
            problems=" ".join(problems[:5])))
    if doc["signer_fingerprint"] != fingerprint:
        raise BundleError(_("meeting.json names another signer certificate than certificate.pem"))
    _check_certificate(_load_certificate(files[fmt.CERTIFICATE]), _exported_at(doc))
    mismatches = []
    for name in fmt.PDF_MEMBERS:
        if name in files:
            _check_active_content(name, files[name])
            _check_binding(name, files[name], doc)
            mismatches += _check_pdf(name, files[name], version, entries.get(name), fingerprint)
    return Bundle(path, fmt.sha256(raw), len(raw), files, doc, files[fmt.CERTIFICATE],
                  fingerprint, subject, entries, mismatches)


# --- trust -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrustQuestion:
    """What the clerk is asked about a key the office has not bound to the bundle's cell.

    ``kind`` is "new" (a cell the office does not know) or "changed" (a known cell, decided by
    its id, arrives with another key: the louder question)."""

    kind: str
    cell_id: str
    cell_name: str
    fingerprint: str
    subject: str
    known_name: str | None = None                  # the cell's name on record ("changed")
    known_fingerprints: tuple[str, ...] = ()       # its keys on record
    lookalikes: tuple[str, ...] = ()               # other cells' names that look the same
    rivals: int = 0                                # other keys claiming this cell in the run


Confirm = Callable[[TrustQuestion], bool]


@dataclass
class Run:
    """What one folder import claims, read before anything is decided: which keys claim each
    cell, and each cell's name (``--trust-new`` refuses two keys for one cell and flags
    look-alike names)."""

    claims: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def _peek(path: Path, limits: Limits) -> tuple[str, str, str] | None:
    """(cell id, cell name, fingerprint) of a bundle, unverified (None when unreadable)."""
    try:
        raw = path.read_bytes()
        if len(raw) > limits.max_file_bytes:
            return None
        files = _unzip(raw, limits)
        doc = _json(files[fmt.MEETING_JSON], fmt.MEETING_JSON)
        fingerprint, _subject = _certificate(files[fmt.CERTIFICATE])
        return str(doc["cell_id"]), str(doc["cell"]["name"]), fingerprint
    except Exception:  # the import itself says why
        return None


def survey(paths: list[Path], limits: Limits = Limits()) -> Run:
    run = Run()
    for path in paths:
        peek = _peek(path, limits)
        if peek:
            cell_id, name, fingerprint = peek
            run.claims.setdefault(cell_id, set()).add(fingerprint)
            run.names.setdefault(cell_id, name)
    return run


def cell_fingerprints(office: Store, cell_id: str, *, active_only: bool = False) -> set[str]:
    sql = "select fingerprint from cell_certificate where cell_id = ?"
    if active_only:
        sql += " and valid_to is null"
    return {r[0] for r in office.db.execute(sql, [cell_id])}


def key_bindings(office: Store, fingerprint: str | None = None) -> list[dict]:
    """Which key belongs to which cell, from when, until when (None: still valid)."""
    sql = ("select k.cell_id, c.name, k.fingerprint, k.valid_from, k.valid_to, k.confirmed_at "
           "from cell_certificate k left join cell c on c.id = k.cell_id")
    args = []
    if fingerprint:
        sql += " where k.fingerprint = ?"
        args.append(fingerprint)
    keys = ("cell_id", "cell_name", "fingerprint", "valid_from", "valid_to", "confirmed_at")
    return [dict(zip(keys, r)) for r in office.db.execute(sql + " order by k.valid_from", args)]


def _known_cell(office: Store, cell_id: str) -> dict | None:
    row = office.db.execute("select name from cell where id = ?", [cell_id]).fetchone()
    if row is None and not cell_fingerprints(office, cell_id):
        return None
    return {"name": row[0] if row else cell_id}


def _pretrusted_free(office: Store, fingerprint: str) -> bool:
    """Recorded with ``office trust --new-cell`` and not yet bound to any cell."""
    known = office.db.execute("select for_new_cell from certificate where fingerprint = ?",
                              [fingerprint]).fetchone()
    bound = office.db.execute("select 1 from cell_certificate where fingerprint = ?",
                              [fingerprint]).fetchone()
    return bool(known and known[0]) and not bound


def _lookalikes(office: Store, cell_id: str, name: str, run: Run | None) -> tuple[str, ...]:
    """Names of other cells (on record or in this run) that look like ``name``."""
    mine = fmt.name_skeleton(name)
    others = {r[0]: r[1] for r in office.db.execute("select id, name from cell")}
    if run:
        for cid, other in run.names.items():
            others.setdefault(cid, other)
    return tuple(sorted({other for cid, other in others.items()
                         if cid != cell_id and fmt.name_skeleton(other) == mine}))


def _bound_elsewhere(office: Store, fingerprint: str, cell_id: str) -> str | None:
    row = office.db.execute(
        "select coalesce(c.name, k.cell_id) from cell_certificate k left join cell c "
        "on c.id = k.cell_id where k.fingerprint = ? and k.cell_id != ?",
        [fingerprint, cell_id]).fetchone()
    return row[0] if row else None


def _trust_decision(office: Store, b: Bundle, trust_new: bool, confirm: Confirm | None,
                    run: Run | None = None) -> tuple[bool, str]:
    """(accepted, reason); accepted with an empty reason means nothing new was trusted, else
    the reason is "new", "pretrusted" or "changed" (what to record)."""
    cell_id, name, fp = b.doc["cell_id"], b.doc["cell"]["name"], b.fingerprint
    other = _bound_elsewhere(office, fp, cell_id)
    if other is not None:
        return False, _("the certificate SHA-256 {fingerprint} belongs to another cell in the "
                        "office's records ({other}); a key is never accepted for two cells"
                        ).format(fingerprint=fp, other=other)
    row = office.db.execute("select valid_to from cell_certificate where cell_id = ? and "
                            "fingerprint = ?", [cell_id, fp]).fetchone()
    if row is not None:
        if row[0] and b.doc["exported_at"] >= row[0]:
            return False, _("the certificate SHA-256 {fingerprint} of {cell} was retired from "
                            "{date}; this bundle was exported on {when}").format(
                fingerprint=fp, cell=name, date=row[0][:10], when=b.doc["exported_at"][:10])
        return True, ""
    known = _known_cell(office, cell_id)
    lookalikes = _lookalikes(office, cell_id, name, run)
    rivals = len((run.claims.get(cell_id) or set()) - {fp}) if run else 0
    if known is None:
        if _pretrusted_free(office, fp) and not rivals:
            return True, "pretrusted"
        if trust_new and not lookalikes and not rivals:
            return True, "new"
        question = TrustQuestion("new", cell_id, name, fp, b.subject, lookalikes=lookalikes,
                                 rivals=rivals)
        if confirm is not None and confirm(question):
            return True, "new"
        if rivals:
            return False, _("{count} different certificates claim the new cell {cell} in this "
                            "folder; none is trusted automatically: ask the cell which "
                            "fingerprint is its own (this one: SHA-256 {fingerprint})").format(
                count=rivals + 1, cell=name, fingerprint=fp)
        if lookalikes and trust_new:
            return False, _("the name of the new cell {cell} looks like {others}, already known "
                            "or in this folder; it is not trusted automatically: compare the "
                            "fingerprint (SHA-256 {fingerprint}) with the cell").format(
                cell=name, others=", ".join(lookalikes), fingerprint=fp)
        return False, _("the certificate of {cell} (SHA-256 {fingerprint}) is not trusted yet: "
                        "compare the fingerprint with the cell, then confirm it or run "
                        "“chibo office trust” on the bundle").format(cell=name, fingerprint=fp)
    question = TrustQuestion("changed", cell_id, name, fp, b.subject, known["name"],
                             tuple(sorted(cell_fingerprints(office, cell_id))), lookalikes,
                             rivals)
    if confirm is not None and confirm(question):
        return True, "changed"
    return False, _("WARNING: the certificate of the known cell {cell} has CHANGED (new SHA-256 "
                    "{fingerprint}) and the change was not confirmed; accept it only if the "
                    "cell told you it has a new key").format(cell=known["name"], fingerprint=fp)


def _record_certificate(office: Store, fingerprint: str, pem: bytes, subject: str, source: str,
                        cell_id: str | None, *, valid_from: str | None = None,
                        replaces: bool = False) -> None:
    """Record a certificate; with ``cell_id`` bind it to that cell from ``valid_from``; with
    ``replaces`` the cell's other keys end where this one starts."""
    stamp = now_iso()
    if not office.db.execute("select 1 from certificate where fingerprint = ?",
                             [fingerprint]).fetchone():
        office.db["certificate"].insert({"fingerprint": fingerprint, "pem": pem.decode("ascii"),
                                         "subject": subject, "source": source,
                                         "added_at": stamp, "for_new_cell": int(not cell_id)})
    if cell_id:
        start = valid_from or stamp
        if replaces:
            office.db.execute("update cell_certificate set valid_to = ? where cell_id = ? and "
                              "fingerprint != ? and (valid_to is null or valid_to > ?)",
                              [start, cell_id, fingerprint, start])
        office.db["cell_certificate"].insert(
            {"cell_id": cell_id, "fingerprint": fingerprint, "confirmed_at": stamp,
             "valid_from": start}, ignore=True)
        office.db.execute("update certificate set for_new_cell = 0 where fingerprint = ?",
                          [fingerprint])


def retire_key(office: Store, fingerprint: str, from_date: dt.date) -> list[dict]:
    """End a key from ``from_date``: bundles it signs exported on or after that day are
    rejected (what was imported stays). Returns the bindings changed."""
    fingerprint = fingerprint.strip().lower().replace(":", "").replace(" ", "")
    bindings = key_bindings(office, fingerprint)
    if not bindings:
        raise BundleError(_("no cell of the office's records has the certificate SHA-256 "
                            "{fingerprint}").format(fingerprint=fingerprint))
    day = from_date.isoformat()
    with office.atomic():
        office.db.execute("update cell_certificate set valid_to = ? where fingerprint = ? and "
                          "(valid_to is null or valid_to > ?)", [day, fingerprint, day])
    return key_bindings(office, fingerprint)


# --- storing ---------------------------------------------------------------------------------

def _upsert_cell(office: Store, doc: dict) -> None:
    """The cell's row: its names are the ones in force on its latest MEETING date (a bundle
    carries the names its meeting was held under), so a late bundle of an older meeting,
    exported after a newer one, does not bring back names changed since (Thái Bình after it
    merged into Hưng Yên on 1/7/2025); each meeting's record keeps its own names.
    ``last_import`` is the newest export time seen."""
    cell, stamp = doc["cell"], now_iso()
    row = office.db.execute("select last_import from cell where id = ?",
                            [doc["cell_id"]]).fetchone()
    names = {"name": cell["name"], "parent_org": cell["parent_org"],
             "upper_committee": cell["upper_committee"], "place_name": cell["place_name"],
             "secretary": cell.get("secretary") or ""}
    if row is None:
        office.db["cell"].insert({"id": doc["cell_id"], **names, "first_import": stamp,
                                  "last_import": doc["exported_at"]})
        return
    values = {}
    if (row[0] or "") <= doc["exported_at"]:
        values["last_import"] = doc["exported_at"]
    latest = office.db.execute("select max(date) from meeting where cell_id = ? and "
                               "current = 1", [doc["cell_id"]]).fetchone()[0]
    if latest is None or str(doc.get("date") or "") >= latest:
        values.update(names)
    if values:
        office.db["cell"].update(doc["cell_id"], values)


def _store_side_data(office: Store, doc: dict) -> None:
    """E-handbook months and the model-cell registration, kept when newer than what is in."""
    cell_id, as_of = doc["cell_id"], doc["exported_at"]
    threshold = float(doc["ehandbook"]["threshold"])
    for m in doc["ehandbook"]["months"]:
        key = [cell_id, m["year"], m["month"]]
        old = office.db.execute("select as_of from ehandbook_month where cell_id = ? and "
                                "year = ? and month = ?", key).fetchone()
        if old is None or old[0] <= as_of:
            office.db["ehandbook_month"].upsert(
                {"cell_id": cell_id, "year": m["year"], "month": m["month"],
                 "threshold": threshold, "applicable": m["applicable"],
                 "at_or_above": m["at_or_above"], "below": m["below"], "missing": m["missing"],
                 "share": m["share"], "as_of": as_of}, pk=("cell_id", "year", "month"))
    reg = doc.get("model_cell")
    year = int(doc["date"][:4])
    old = office.db.execute("select as_of from model_cell where cell_id = ? and year = ?",
                            [cell_id, year]).fetchone()
    if old is None or old[0] <= as_of:
        if reg:
            office.db["model_cell"].upsert(
                {"cell_id": cell_id, "year": year, "content": str(reg.get("content") or ""),
                 "registered_on": reg.get("registered_on"), "as_of": as_of},
                pk=("cell_id", "year"))
        else:
            office.db["model_cell"].delete_where("cell_id = ? and year = ?", [cell_id, year])


def _clashes(office: Store, doc: dict) -> list[dict]:
    """The other cells on record with this bundle's meeting id or series id."""
    names = dict(office.db.execute("select id, name from cell").fetchall())
    rows = office.db.execute(
        "select distinct cell_id from meeting where (id = ? or series_id = ? or id = ? or "
        "series_id = ?) and cell_id != ? order by cell_id",
        [doc["id"], doc["id"], doc["series_id"], doc["series_id"], doc["cell_id"]]).fetchall()
    return [{"meeting_id": doc["id"], "cell_id": doc["cell_id"],
             "cell_name": doc["cell"]["name"], "other_cell_id": other,
             "other_cell_name": names.get(other) or other} for (other,) in rows]


def _meeting_row(b: Bundle, current: bool) -> dict:
    d = b.doc
    sitting = d.get("sitting") or {}
    score = d.get("score") or {}
    return {
        "id": d["id"], "series_id": d["series_id"], "cell_id": d["cell_id"],
        "version": d["version"], "kind": d["kind"], "date": d["date"],
        "year": int(d["date"][:4]), "month": int(d["date"][5:7]), "number": d.get("number"),
        "rule_date": d.get("rule_date"), "off_rule_reason": d.get("off_rule_reason"),
        "duration_minutes": d.get("duration_minutes"),
        "sitting_minutes": sitting.get("total_minutes") if sitting else None,
        "sitting_last": int(bool(sitting.get("last"))) if sitting else None,
        "short_reason": d.get("short_reason"),
        "score_total": score.get("total"), "rating": score.get("rating"),
        "exported_at": d["exported_at"], "imported_at": now_iso(),
        "signer_fingerprint": b.fingerprint, "bundle_sha256": b.sha256,
        "current": int(current), "rules": json.dumps(d["rules"]),
        "record": json.dumps(d, ensure_ascii=False),
    }


def _store(office: Store, b: Bundle, trust: str) -> ImportResult:
    d = b.doc
    result = ImportResult(b.path, "imported", "", d["id"], d["cell_id"], b.fingerprint,
                          d["cell"]["name"], trust in ("new", "changed"),
                          list(b.signer_mismatches))
    if office.db.execute("select 1 from bundle where sha256 = ?", [b.sha256]).fetchone():
        result.status, result.reason = "duplicate", _("this bundle was already imported")
        result.new_certificate = False
        return result
    # A meeting id belongs to one cell forever: everything below is looked up within the
    # bundle's own cell, so another cell's meeting with this id (a squatter, or the genuine
    # one when the squatter came first) neither blocks it nor mixes with it.
    same = office.db.execute("select exported_at from meeting where cell_id = ? and id = ?",
                             [d["cell_id"], d["id"]]).fetchone()
    if same:
        result.status = "duplicate"
        result.reason = _("this meeting version is already in (exported {when})").format(
            when=same[0])
        result.new_certificate = False
        return result
    others = office.db.execute(
        "select id, version from meeting where cell_id = ? and series_id = ?",
        [d["cell_id"], d["series_id"]]).fetchall()
    if any(v == d["version"] for _id, v in others):
        raise BundleError(_("another meeting is already in as version {version} of this "
                            "meeting").format(version=d["version"]))
    newest = max((v for _id, v in others), default=0)
    current = d["version"] > newest
    result.id_clashes = _clashes(office, d)
    with office.atomic():
        _upsert_cell(office, d)
        if trust:
            _record_certificate(office, b.fingerprint, b.cert_pem, b.subject,
                                b.path.name, d["cell_id"], valid_from=d["exported_at"],
                                replaces=trust == "changed")
        if current and others:
            office.db.execute("update meeting set current = 0 where cell_id = ? and "
                              "series_id = ?", [d["cell_id"], d["series_id"]])
        office.db["meeting"].insert({**_meeting_row(b, current), "signer_mismatches":
                                     json.dumps(b.signer_mismatches, ensure_ascii=False)
                                     if b.signer_mismatches else None})
        for name in fmt.PDF_MEMBERS:
            if name in b.files:
                entry = b.documents.get(name)
                office.db["document"].insert({
                    "cell_id": d["cell_id"], "meeting_id": d["id"], "name": name,
                    "sha256": blobs.put_bytes(office, b.files[name]),
                    "size": len(b.files[name]),
                    "signed": int(entry["signed"]) if entry else 1,
                    "signatures": json.dumps(entry["signatures"], ensure_ascii=False)
                    if entry else None})
        office.db["bundle"].insert({"sha256": b.sha256, "file_name": b.path.name,
                                    "size": b.size, "cell_id": d["cell_id"],
                                    "meeting_id": d["id"], "imported_at": now_iso()})
        stamp = now_iso()
        for c in result.id_clashes:
            office.db["meeting_id_clash"].insert(
                {"meeting_id": d["id"], "cell_id": d["cell_id"],
                 "other_cell_id": c["other_cell_id"], "bundle_sha256": b.sha256,
                 "found_at": stamp}, ignore=True)
        _store_side_data(office, d)
    if others and current:
        result.status = "superseded"
        result.reason = _("version {version} replaces version {old}; both are kept").format(
            version=d["version"], old=newest)
    elif others:
        result.reason = _("kept as an earlier version; version {newest} stays current").format(
            newest=newest)
    return result


def _decide(office: Store, b: Bundle, trust_new: bool, confirm: Confirm | None,
            run: Run | None) -> tuple[bool, str, str, str]:
    """(accepted, trust or reason, decision, source): a cell bound to a signer identity under
    the trusted CAs is judged by its certificate chain at the export time (``ca_trust``),
    any other by its own key (``_trust_decision``)."""
    cell_id = b.doc["cell_id"]
    subject = ca_trust.cell_binding(office, cell_id)
    if subject is not None and _bound_elsewhere(office, b.fingerprint, cell_id) is None:
        outcome = ca_trust.validate_signer(office, b.cert_pem, _exported_at(b.doc),
                                           b.doc["cell"]["name"], subject)
        return outcome.ok, "" if outcome.ok else outcome.reason(), outcome.decision, "ca"
    accepted, trust = _trust_decision(office, b, trust_new, confirm, run)
    retired = not accepted and office.db.execute(
        "select 1 from cell_certificate where cell_id = ? and fingerprint = ? and valid_to is "
        "not null and valid_to <= ?", [cell_id, b.fingerprint, b.doc["exported_at"]]).fetchone()
    return accepted, trust, "trusted" if accepted else ("retired" if retired else "refused"), "key"


def import_bundle(office: Store, path: str | Path, *, trust_new: bool = False,
                  confirm: Confirm | None = None, limits: Limits = Limits(),
                  run: Run | None = None) -> ImportResult:
    path = Path(path)
    try:
        b = read_bundle(path, limits)
        accepted, trust, decision, source = _decide(office, b, trust_new, confirm,
                                                    run or survey([path], limits))
        ca_trust.record_decision(office, cell_id=b.doc["cell_id"],
                                 cell_name=b.doc["cell"]["name"], fingerprint=b.fingerprint,
                                 bundle=path.name, decision=decision, source=source,
                                 reason="" if accepted else trust)
        if not accepted:
            return ImportResult(path, "rejected", trust, b.doc["id"], b.doc["cell_id"],
                                b.fingerprint, b.doc["cell"]["name"])
        return _store(office, b, trust)
    except BundleError as exc:
        ca_trust.record_decision(office, cell_id=None, cell_name=None, fingerprint=None,
                                 bundle=path.name, decision="refused", source="bundle",
                                 reason=str(exc))
        return ImportResult(path, "rejected", str(exc))
    except Exception as exc:  # one odd bundle must not stop the rest of the folder
        return ImportResult(path, "rejected", _("unexpected error while importing: {error}")
                            .format(error=exc))


def bundle_files(folder: str | Path) -> list[Path]:
    """The bundles of a folder, by name; hidden and partial files (an unfinished copy, macOS
    '._' files) are left out, and so are the office's own receipts and documents sent down."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(_("{folder} is not a folder.").format(folder=folder))
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() == ".zip" and not p.name.startswith(
                      (".", fmt.RECEIPT_PREFIX, fmt.DOCUMENTS_PREFIX)))


def import_folder(office: Store, folder: str | Path, *, trust_new: bool = False,
                  confirm: Confirm | None = None,
                  progress: Callable[[int, int, Path], None] | None = None,
                  limits: Limits = Limits()) -> list[ImportResult]:
    """Import every bundle of a folder; one bad bundle does not stop the rest.

    ``progress(done, total, path)`` is called before each bundle (and once at the end with
    ``done == total``).
    """
    paths = bundle_files(folder)
    run = survey(paths, limits)
    results = []
    for i, path in enumerate(paths):
        if progress:
            progress(i, len(paths), path)
        results.append(import_bundle(office, path, trust_new=trust_new, confirm=confirm,
                                     limits=limits, run=run))
    if progress:
        progress(len(paths), len(paths), Path(folder))
    return results


@dataclass(frozen=True)
class TrustResult:
    fingerprint: str
    subject: str
    cell_id: str | None
    cell_name: str | None


def trust_file(office: Store, path: str | Path, *, cell_id: str | None = None,
               new_cell: bool = False, changed: bool = False,
               limits: Limits = Limits()) -> TrustResult:
    """Record a certificate for a named cell: a bundle's for its own cell; a .pem/.der/.cer/
    .crt file's for ``cell_id`` (a cell on record) or, with ``new_cell``, for the first cell
    the office does not know yet. A key bound to another cell is refused; a cell that already
    has a key gets another only with ``changed`` (its old keys end today)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    path = Path(path)
    if path.suffix.lower() == ".zip":
        b = read_bundle(path, limits)
        if cell_id and cell_id != b.doc["cell_id"]:
            raise BundleError(_("the bundle is from the cell {cell} ({id}), not from {asked}")
                              .format(cell=b.doc["cell"]["name"], id=b.doc["cell_id"],
                                      asked=cell_id))
        pem, fingerprint, subject = b.cert_pem, b.fingerprint, b.subject
        cell_id, name = b.doc["cell_id"], b.doc["cell"]["name"]
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BundleError(_("cannot read the file: {error}").format(
                error=exc.strerror or exc)) from None
        try:
            cert = (x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data
                    else x509.load_der_x509_certificate(data))
        except ValueError:
            raise BundleError(_("{name} is neither a bundle nor a certificate file").format(
                name=path.name)) from None
        pem = cert.public_bytes(Encoding.PEM)
        fingerprint, subject = _certificate(pem)
        _check_certificate(cert, dt.datetime.now(dt.timezone.utc))
        if bool(cell_id) == bool(new_cell):
            raise BundleError(_("name the cell this certificate belongs to (--cell ID) or say "
                                "it is for a new cell (--new-cell)"))
        name = None
        if cell_id:
            known = _known_cell(office, cell_id)
            if known is None:
                raise BundleError(_("No cell with id {id} in the office's records.").format(
                    id=cell_id))
            name = known["name"]
    other = _bound_elsewhere(office, fingerprint, cell_id or "")
    if other is not None:
        raise BundleError(_("the certificate SHA-256 {fingerprint} belongs to another cell in "
                            "the office's records ({other}); a key is never accepted for two "
                            "cells").format(fingerprint=fingerprint, other=other))
    has_keys = bool(cell_id) and bool(cell_fingerprints(office, cell_id) - {fingerprint})
    if has_keys and not changed:
        raise BundleError(_("the cell {cell} already has a certificate; trust another one only "
                            "if the cell told you it has a new key (--changed-key)").format(
            cell=name))
    with office.atomic():
        if path.suffix.lower() == ".zip":
            _upsert_cell(office, b.doc)
        _record_certificate(office, fingerprint, pem, subject, path.name, cell_id,
                            replaces=has_keys)
    return TrustResult(fingerprint, subject, cell_id, name)


# --- reading the office's records --------------------------------------------------------------

def list_cells(office: Store) -> list[dict]:
    rows = office.db.execute(
        "select c.id, c.name, c.parent_org, c.upper_committee, c.secretary, c.last_import, "
        "(select count(*) from meeting m where m.cell_id = c.id and m.current = 1), "
        "(select group_concat(fingerprint, ' ') from cell_certificate k where k.cell_id = c.id) "
        "from cell c").fetchall()
    keys = ("id", "name", "parent_org", "upper_committee", "secretary", "last_export",
            "meetings", "fingerprints")
    out = [dict(zip(keys, r)) for r in rows]
    for c in out:
        c["fingerprints"] = sorted((c["fingerprints"] or "").split())
    return sorted(out, key=lambda c: sort_key(c["name"]))


def cell_records(office: Store, cell_id: str, year: int | None = None,
                 current_only: bool = True) -> list[dict]:
    """The meeting records of a cell (of a year) as imported."""
    sql = "select record from meeting where cell_id = ?"
    args: list = [cell_id]
    if year is not None:
        sql += " and year = ?"
        args.append(year)
    if current_only:
        sql += " and current = 1"
    return [json.loads(r[0]) for r in office.db.execute(sql + " order by date", args)]


def meeting_record(office: Store, cell_id: str, meeting_id: str) -> dict | None:
    """The record of one imported meeting version of a cell (None when there is none)."""
    row = office.db.execute("select record from meeting where cell_id = ? and id = ?",
                            [cell_id, meeting_id]).fetchone()
    return json.loads(row[0]) if row else None


def meeting_documents(office: Store, cell_id: str, meeting_id: str) -> dict[str, str]:
    """{member name: SHA-256 of the stored PDF} of one imported meeting version of a cell."""
    return dict(office.db.execute(
        "select name, sha256 from document where cell_id = ? and meeting_id = ? order by name",
        [cell_id, meeting_id]).fetchall())


def document_data(office: Store, sha256: str, name: str) -> bytes:
    """The bytes of a stored PDF, checked against their SHA-256; ValueError with the user's
    message when the office file lacks them (an older office whose files folder was not
    carried with it) or they were changed."""
    return blobs.document_file(office, {"sha256": sha256, "name": name})


@dataclass
class DocumentCheck:
    """One stored PDF of the office, read back from the database and verified."""

    cell_id: str
    cell_name: str
    meeting_id: str
    name: str
    sha256: str
    ok: bool
    problem: str = ""        # the user's message when not ok

    def to_json(self) -> dict:
        return asdict(self)


def verify_documents(office: Store) -> list[DocumentCheck]:
    """Every imported PDF read from the office file: present, its SHA-256 as recorded and, if
    the cell signed it, its signatures verifying as when it was imported."""
    from app.documents.verify import verify_pdf

    checks = []
    for cell_id, cell_name, meeting_id, name, digest, signed in office.db.execute(
            "select d.cell_id, coalesce(c.name, d.cell_id), d.meeting_id, d.name, d.sha256, "
            "d.signed from document d left join cell c on c.id = d.cell_id "
            "order by c.name, d.cell_id, d.meeting_id, d.name"):
        check = DocumentCheck(cell_id, cell_name, meeting_id, name, digest, True)
        try:
            data = document_data(office, digest, name)
            if signed:
                outcome = verify_pdf(data)
                if not outcome.ok:
                    check.ok, check.problem = False, _(
                        "the signature of {name} does not verify: {reason}").format(
                        name=name, reason=outcome.reason)
        except ValueError as exc:
            check.ok, check.problem = False, str(exc)
        checks.append(check)
    return checks


def files_moved_in(office: Store) -> dict | None:
    """What the move of an older office's files folder into the database could not do (files
    whose bytes did not match, documents no file supplied), or None."""
    return office.get_setting("files_moved_in")


def missing_pdfs(office: Store) -> int:
    """How many imported PDFs the office file lacks (an older office's files folder that did
    not hold them, or held them damaged, when it was moved in)."""
    return office.conn.execute(
        "select count(distinct sha256) from document where sha256 is not null and sha256 not "
        "in (select sha256 from blob)").fetchone()[0]


def id_clashes(office: Store) -> list[dict]:
    """Meeting ids brought by more than one cell: who brought the id later, and who had it."""
    names = dict(office.db.execute("select id, name from cell").fetchall())
    return [{"meeting_id": mid, "cell_id": cid, "cell_name": names.get(cid) or cid,
             "other_cell_id": other, "other_cell_name": names.get(other) or other,
             "found_at": found}
            for mid, cid, other, found in office.db.execute(
                "select meeting_id, cell_id, other_cell_id, found_at from meeting_id_clash "
                "order by found_at, meeting_id")]


def ehandbook_months(office: Store, cell_id: str, year: int) -> tuple[list[dict], float | None]:
    rows = list(office.db["ehandbook_month"].rows_where(
        "cell_id = ? and year = ?", [cell_id, year], order_by="month"))
    return rows, (rows[-1]["threshold"] if rows else None)


def model_cell_registration(office: Store, cell_id: str, year: int) -> dict | None:
    rows = list(office.db["model_cell"].rows_where("cell_id = ? and year = ?", [cell_id, year]))
    return rows[0] if rows else None


def evaluate_cell(office: Store, cell_id: str, year: int, *, today: dt.date | None = None,
                  lang: str | None = None):
    """The model-cell evaluation of an imported cell's year (``app.rules.model_cell``)."""
    records = cell_records(office, cell_id, year)
    months, threshold = ehandbook_months(office, cell_id, year)
    rules = CellRules.from_exported(records[-1]["rules"] if records else None)
    settings = Settings(rules=rules,
                        ehandbook_share=float(office.get_setting(EHANDBOOK_SHARE_KEY,
                                                                 DEFAULT_EHANDBOOK_SHARE)))
    evaluation = evaluate(records, year, ehandbook_months=months,
                          ehandbook_threshold=threshold or rules.ehandbook_points,
                          registration=model_cell_registration(office, cell_id, year),
                          settings=settings, today=today, lang=lang,
                          first_record=office.conn.execute(
                              "select min(date) from meeting where cell_id = ?",
                              [cell_id]).fetchone()[0])
    if not evaluation.cell:
        row = office.db["cell"].get(cell_id)
        evaluation.cell = {k: row[k] for k in ("id", "name", "parent_org", "upper_committee",
                                               "place_name")}
    return evaluation


# --- the dashboard ---------------------------------------------------------------------------

@dataclass
class CellMonth:
    """One cell-month of the dashboard: plain data, the UI chooses the colours."""

    month: int
    meeting_id: str | None = None       # the regular meeting (current version)
    date: str | None = None
    rule_date: str | None = None
    on_rule_day: bool | None = None     # None: no meeting (yet)
    off_rule_reason: str | None = None
    duration_minutes: int | None = None
    duration_ok: bool | None = None
    short_reason: str | None = None
    score: float | None = None
    rating: str | None = None
    thematic_ids: list[str] = field(default_factory=list)
    ehandbook_share: float | None = None
    ehandbook_ok: bool | None = None
    exported_at: str | None = None
    exported_late: bool | None = None
    signer_mismatches: list = field(default_factory=list)  # of the month's meetings
    due: bool = True                    # the month's meeting should have been held by today


@dataclass
class CellRow:
    cell_id: str
    name: str
    months: list[CellMonth]
    quarters: dict[int, str]           # "held" | "missing" | "warn_last_month" | "pending"


@dataclass
class Dashboard:
    year: int
    late_days: int
    ehandbook_share: float
    cells: list[CellRow]
    # Meeting ids brought by two cells (``id_clashes``): a warning naming both cells.
    id_clashes: list = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _long_enough(kind: str, minutes: int | None, rules: CellRules,
                 sitting: dict | None) -> bool | None:
    """The duration rule (``app.rules.attendance.assess_duration``) on an imported length."""
    if minutes is None:
        return None
    return assess_duration(kind, None, None, rules, minutes=minutes, sitting=sitting).ok


def dashboard(office: Store, year: int, *, today: dt.date | None = None) -> Dashboard:
    """Cells × months of ``year`` from the current meeting versions (one query per table)."""
    today = today or dt.date.today()
    late_days = int(office.get_setting(LATE_DAYS_KEY, DEFAULT_LATE_DAYS))
    required = float(office.get_setting(EHANDBOOK_SHARE_KEY, DEFAULT_EHANDBOOK_SHARE))
    cells = list_cells(office)
    grid: dict[str, list[CellMonth]] = {c["id"]: [CellMonth(m) for m in range(1, 13)]
                                        for c in cells}
    thematic: dict[str, list[dt.date]] = {c["id"]: [] for c in cells}
    latest: dict[str, int] = {}
    for (cell_id, mid, kind, date, month, rule_date, reason, minutes, sitting_minutes,
         sitting_last, short, total, rating, exported, rules) in office.db.execute(
            "select cell_id, id, kind, date, month, rule_date, off_rule_reason, "
            "duration_minutes, sitting_minutes, sitting_last, short_reason, score_total, "
            "rating, exported_at, rules from meeting where year = ? and current = 1 "
            "order by date", [year]):
        cm = grid[cell_id][month - 1]
        rule = CellRules.from_exported(json.loads(rules))
        if cell_id not in latest:
            latest[cell_id] = rule.latest_day
        if kind == "thematic":
            cm.thematic_ids.append(mid)
            thematic[cell_id].append(dt.date.fromisoformat(date))
        in_sitting = sitting_minutes is not None or sitting_last is not None
        if in_sitting and sitting_last:
            cm.duration_minutes = sitting_minutes
            cm.duration_ok = _long_enough(kind, sitting_minutes, rule, {
                "last": True, "total_minutes": sitting_minutes})
        if kind != "regular" or cm.meeting_id:
            continue
        cm.meeting_id, cm.date, cm.rule_date = mid, date, rule_date
        cm.on_rule_day = bool(rule_date) and date == rule_date
        cm.off_rule_reason, cm.short_reason = reason, short
        if not in_sitting:
            cm.duration_minutes = minutes
            cm.duration_ok = _long_enough(kind, minutes, rule, None)
        cm.score, cm.rating, cm.exported_at = total, rating, exported
        deadline = dt.date.fromisoformat(date) + dt.timedelta(days=late_days)
        cm.exported_late = dt.date.fromisoformat(exported[:10]) > deadline
    for cell_id, month, share in office.db.execute(
            "select cell_id, month, share from ehandbook_month where year = ?", [year]):
        if cell_id in grid:
            cm = grid[cell_id][month - 1]
            cm.ehandbook_share = share
            cm.ehandbook_ok = None if share is None else share + 1e-9 >= required
    for cell_id, month, flagged in office.db.execute(
            "select cell_id, month, signer_mismatches from meeting where year = ? and "
            "current = 1 and signer_mismatches is not null", [year]):
        if cell_id in grid:
            try:
                grid[cell_id][month - 1].signer_mismatches += json.loads(flagged)
            except (ValueError, TypeError):
                pass
    rows = []
    for c in cells:
        due = set(due_months(year, today, latest.get(c["id"], CellRules().latest_day)))
        months = grid[c["id"]]
        for cm in months:
            cm.due = cm.month in due
        rows.append(CellRow(c["id"], c["name"], months,
                            quarter_compliance(year, thematic[c["id"]], today)))
    return Dashboard(year, late_days, required, rows, id_clashes(office))
