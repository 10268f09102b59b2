"""The exchange bundle format shared by the cell's export and the office's import.

One ``.zip`` per finalised meeting version, with exactly these members:

- ``minutes.pdf``      the signed minutes (biên bản)
- ``resolution.pdf``   the signed resolution or conclusion, when the meeting has one
- ``meeting.json``     the meeting record (README "The meeting record") plus the keys below
- ``certificate.pem``  the signer's certificate
- ``manifest.json``    ``{"schema_version", "files": {name: {"sha256", "size"}}}`` for every
                        other member
- ``manifest.sig``     the signer's signature of ``manifest.json`` (ECDSA/RSA-PKCS#1 v1.5 with
                        SHA-256, by the key of ``certificate.pem``), so ``meeting.json`` is as
                        authentic as the signed PDFs

Extra keys of ``meeting.json``: ``schema_version``, ``app_version``, ``cell_id``, ``exported_at``
(ISO, seconds), ``signer_fingerprint``, ``rules`` (the day rule and duration minima the cell
used), ``ehandbook`` (the e-handbook monthly summaries of the months that had ended at export
time: ``{"threshold", "months": [{year, month, applicable, at_or_above, below, missing,
share}]}``) and ``model_cell`` (the cell's model-cell registration for the meeting's year, or
null).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re

from app.vntext import fold

SCHEMA_VERSION = 1
SCHEMA_VERSIONS = (1,)           # what this chibo can import

MINUTES = "minutes.pdf"
RESOLUTION = "resolution.pdf"
MEETING_JSON = "meeting.json"
CERTIFICATE = "certificate.pem"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
REQUIRED = (MINUTES, MEETING_JSON, CERTIFICATE, MANIFEST, SIGNATURE)
UNLISTED = (MANIFEST, SIGNATURE)          # every other member is listed in the manifest
ALLOWED = frozenset(REQUIRED + (RESOLUTION,))
PDF_MEMBERS = (MINUTES, RESOLUTION)
PARTIAL_SUFFIX = ".partial"


def sha256(data: bytes) -> str:
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


def manifest(files: dict[str, bytes]) -> dict:
    return {"schema_version": SCHEMA_VERSION,
            "files": {name: {"sha256": sha256(data), "size": len(data)}
                      for name, data in sorted(files.items())}}
