"""The exchange bundle format shared by the cell's export and the office's import.

One ``.zip`` per finalised meeting version, with exactly these members (format version 2):

- ``minutes.pdf``      the stored minutes (biên bản), byte for byte as the cell stored them,
                        with the signatures they already have (THƯ KÝ, CHỦ TRÌ)
- ``resolution.pdf``   the stored resolution or conclusion, when the meeting has one
- ``topic.pdf``        the stored thematic (topic) document, when the meeting has one
- ``meeting.json``     the meeting record (README "The meeting record") plus the keys below
- ``certificate.pem``  the export key's certificate
- ``manifest.json``    ``{"schema_version", "files": {name: {"sha256", "size"}}, "documents":
                        {name: {"kind", "name", "number", "document_id", "signed",
                        "signatures": [{"field", "role", "signer", "fingerprint",
                        "signed_at"}]}}}``: every other member with its digest, and for each
                        PDF the stored document it is and who signed it
- ``manifest.sig``     the export key's signature of ``manifest.json`` (ECDSA/RSA-PKCS#1 v1.5
                        with SHA-256, by the key of ``certificate.pem``). The export key signs
                        the manifest only; the PDFs keep the signatures made in the cell.

Version 1 bundles (PDFs rendered again at export and signed with the export key in the
CHỦ TRÌ / BÍ THƯ blocks) are still read; there every PDF signature must be the bundle's key.

Extra keys of ``meeting.json``: ``schema_version``, ``app_version``, ``cell_id``, ``exported_at``
(ISO, seconds), ``signer_fingerprint``, ``rules`` (the day rule and duration minima the cell
used), ``ehandbook`` (the e-handbook monthly summaries of the months that had ended at export
time: ``{"threshold", "months": [{year, month, applicable, at_or_above, below, missing,
share}]}``) and ``model_cell`` (the cell's model-cell registration for the meeting's year, or
null).
"""
from __future__ import annotations

import datetime as dt
import re

from app.vntext import fold

SCHEMA_VERSION = 2
SCHEMA_VERSIONS = (1, 2)         # what this chibo can import

MINUTES = "minutes.pdf"
RESOLUTION = "resolution.pdf"
TOPIC = "topic.pdf"
MEETING_JSON = "meeting.json"
CERTIFICATE = "certificate.pem"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
REQUIRED = (MINUTES, MEETING_JSON, CERTIFICATE, MANIFEST, SIGNATURE)
UNLISTED = (MANIFEST, SIGNATURE)          # every other member is listed in the manifest
ALLOWED = frozenset(REQUIRED + (RESOLUTION, TOPIC))
PDF_MEMBERS = (MINUTES, RESOLUTION, TOPIC)
MEMBER_OF_KIND = {"minutes": MINUTES, "resolution": RESOLUTION, "topic": TOPIC}
PARTIAL_SUFFIX = ".partial"
# Bundles the office writes for its cells (app.exchange.downlink): never read as a cell's bundle.
RECEIPT_PREFIX = "chibo-receipt_"
DOCUMENTS_PREFIX = "chibo-office_"


def sha256(data: bytes) -> str:
    import hashlib   # loads OpenSSL: when first used, not at the app's start (ui.office → slug)

    return hashlib.sha256(data).hexdigest()


def slug(text: str, limit: int = 60) -> str:
    """ASCII, lower case, words joined by '-': 'Chi bộ Khoa Y tế' -> 'chi-bo-khoa-y-te'."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return words[:limit].rstrip("-") or "chi-bo"


def bundle_name(record: dict) -> str:
    """'2024-04_chi-bo-khoa-y-te-cong-cong_regular_v1.zip': sorts by month, then cell."""
    day = dt.date.fromisoformat(record["date"])
    cell = slug((record.get("cell") or {}).get("name") or "")
    return f"{day:%Y-%m}_{cell}_{record['kind']}_v{int(record['version'])}.zip"


def _padding(key):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    if isinstance(key, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
        return (ec.ECDSA(hashes.SHA256()),)
    if isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        return (padding.PKCS1v15(), hashes.SHA256())
    raise ValueError("unsupported key type")


def sign_bytes(private_key, data: bytes) -> bytes:
    return private_key.sign(data, *_padding(private_key))


def verify_bytes(cert_pem: bytes, data: bytes, signature: bytes) -> bool:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    key = x509.load_pem_x509_certificate(cert_pem).public_key()
    try:
        key.verify(signature, data, *_padding(key))
        return True
    except (InvalidSignature, ValueError):
        return False


def manifest(files: dict[str, bytes], documents: dict[str, dict] | None = None) -> dict:
    out = {"schema_version": SCHEMA_VERSION,
           "files": {name: {"sha256": sha256(data), "size": len(data)}
                     for name, data in sorted(files.items())}}
    if documents is not None:
        out["documents"] = {name: documents[name] for name in sorted(documents)}
    return out


def certificate_problem(cert, when: dt.datetime) -> tuple[str, dict] | None:
    """Why ``cert`` may not sign a bundle at ``when`` (aware datetime), as (code, params):
    ``not_yet_valid`` / ``expired`` (its validity dates) or ``no_signing_usage`` (a key usage
    extension without digitalSignature or nonRepudiation); None when it may."""
    from cryptography import x509

    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if when < start:
        return "not_yet_valid", {"start": start.date().isoformat()}
    if when > end:
        return "expired", {"end": end.date().isoformat()}
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None
    if not (usage.digital_signature or usage.content_commitment):
        return "no_signing_usage", {}
    return None


_CONFUSABLES = str.maketrans({
    # Latin look-alikes from Cyrillic and Greek (lower case, after casefold).
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ӏ": "l", "ı": "i",
    "0": "o", "1": "l", "|": "l", "đ": "d", "ð": "d", "ɗ": "d",
})


def name_skeleton(name: str | None) -> str:
    """A cell name reduced for look-alike comparison: NFC, case-folded, diacritics, format
    characters, punctuation and spacing removed, confusable letters mapped to Latin ones."""
    import unicodedata

    text = unicodedata.normalize("NFKC", name or "").casefold().translate(_CONFUSABLES)
    text = unicodedata.normalize("NFD", text)
    kept = [ch for ch in text if not unicodedata.combining(ch)
            and unicodedata.category(ch)[0] in "LN"]
    return "".join(kept).translate(_CONFUSABLES)
