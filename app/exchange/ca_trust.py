"""The office's trust in certificate authorities (issue 17, item 3).

Besides a cell's own key (``office.py``: trust bound to (cell, key)), the office may trust CAs:
it imports root and intermediate certificates and CRLs (files; nothing is fetched), and binds a
cell to a signer identity under them (subject CN / serialNumber / emailAddress). A bundle of a
cell so bound is accepted when its signer certificate chains to a trusted root through the
office's intermediates, is valid and not revoked at the moment of signing (the bundle's export
time) per the imported CRLs, carries nonRepudiation or digitalSignature, and names the bound
identity. Every decision the office makes on a bundle is logged (``decisions``).

The tables are made here on first use (``CREATE TABLE IF NOT EXISTS``) so this module needs no
change to the office migrations.
"""
from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

from app.i18n import N_, _
from app.store import Store
from app.store.db import now_iso

MAX_FILE = 1_000_000

SCHEMA = (
    "create table if not exists ca_certificate (fingerprint text primary key, subject text, "
    "is_root integer, not_after text, pem blob, source text, added_at text)",
    "create table if not exists ca_crl (sha256 text primary key, issuer text, this_update text, "
    "next_update text, der blob, source text, added_at text)",
    "create table if not exists ca_binding (id integer primary key, cell_id text, "
    "subject text, added_at text, valid_to text)",
    "create table if not exists trust_decision (id integer primary key, at text, "
    "cell_id text, cell_name text, fingerprint text, bundle text, decision text, "
    "source text, reason text)",
)

MESSAGES = {
    "unreadable": N_("{file} is not a certificate (PEM or DER)."),
    "not_ca": N_("{file} is not a certificate authority's certificate (basic constraints)."),
    "crl_unreadable": N_("{file} is not a certificate revocation list (PEM or DER)."),
    "crl_unknown_issuer": N_("The CRL {file} is issued by {issuer}, which is not a trusted "
                             "authority: import its certificate first."),
    "crl_bad_signature": N_("The signature of the CRL {file} does not verify with the "
                            "certificate of {issuer}."),
    "too_large": N_("{file} is too large."),
    "no_such_ca": N_("No trusted authority with fingerprint {fingerprint}."),
    "bad_subject": N_("“{subject}” names no signer identity: write CN=…, serialNumber=… "
                      "or emailAddress=… (comma separated)."),
    # validation outcomes
    "ca_untrusted": N_("the signer certificate of {cell} does not chain to a trusted authority "
                       "({error})"),
    "ca_revoked": N_("the signer certificate of {cell} was revoked on {date}, before the "
                     "bundle was signed ({when})"),
    "ca_expired": N_("the signer certificate of {cell} was not valid when the bundle was signed "
                     "({when}): {error}"),
    "ca_usage": N_("the signer certificate of {cell} may not be used for signing (key usage)"),
    "ca_identity": N_("the signer {signer} is not the identity bound to {cell} ({subject})"),
}

DECISIONS = ("trusted", "refused", "retired", "revoked")
_FIELDS = {"cn": "common_name", "serialnumber": "serial_number", "emailaddress": "email_address",
           "email": "email_address", "e": "email_address"}


class CaError(ValueError):
    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(message(code, params))


def message(code: str, params: dict) -> str:
    return _(MESSAGES[code]).format(**params)


def ensure_schema(office: Store) -> None:
    for sql in SCHEMA:
        office.conn.execute(sql)


def _has(office: Store, table: str) -> bool:
    """Reading never creates the tables (a refused import writes nothing but its log line)."""
    return office.conn.execute("select 1 from sqlite_master where type = 'table' and name = ?",
                               [table]).fetchone() is not None


def _read(path: str | Path) -> bytes:
    path = Path(path)
    if path.stat().st_size > MAX_FILE:
        raise CaError("too_large", file=path.name)
    return path.read_bytes()


def _load_cert(data: bytes):
    from cryptography import x509

    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def _name(name) -> str:
    return name.rfc4514_string()


# --- authorities and CRLs ----------------------------------------------------------------------

def add_ca(office: Store, path: str | Path) -> dict:
    """Trust a root or intermediate CA certificate (.pem, .cer, .crt; PEM or DER)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from app.documents.keys import certificate_fingerprint

    path = Path(path)
    try:
        cert = _load_cert(_read(path))
    except (ValueError, TypeError):
        raise CaError("unreadable", file=path.name) from None
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise CaError("not_ca", file=path.name)
    row = {"fingerprint": certificate_fingerprint(cert), "subject": _name(cert.subject),
           "is_root": int(cert.issuer == cert.subject),
           "not_after": cert.not_valid_after_utc.isoformat(),
           "pem": cert.public_bytes(serialization.Encoding.PEM), "source": path.name,
           "added_at": now_iso()}
    with office.atomic():
        ensure_schema(office)
        office.db["ca_certificate"].upsert(row, pk="fingerprint")
    return {k: v for k, v in row.items() if k != "pem"}


def list_cas(office: Store) -> list[dict]:
    if not _has(office, "ca_certificate"):
        return []
    return office.rows("select fingerprint, subject, is_root, not_after, source, added_at "
                       "from ca_certificate order by is_root desc, subject")


def remove_ca(office: Store, fingerprint: str) -> None:
    if not _has(office, "ca_certificate"):
        raise CaError("no_such_ca", fingerprint=fingerprint)
    with office.atomic():
        gone = office.conn.execute("delete from ca_certificate where fingerprint = ?",
                                   [fingerprint.lower()]).rowcount
        if not gone:
            raise CaError("no_such_ca", fingerprint=fingerprint)


def _ca_certs(office: Store) -> list:
    if not _has(office, "ca_certificate"):
        return []
    return [(bool(r[0]), _load_cert(r[1]))
            for r in office.conn.execute("select is_root, pem from ca_certificate")]


def add_crl(office: Store, path: str | Path) -> dict:
    """Import a CRL issued by a trusted authority (its signature is checked)."""
    from cryptography import x509

    path = Path(path)
    data = _read(path)
    try:
        crl = (x509.load_pem_x509_crl(data) if b"-----BEGIN" in data
               else x509.load_der_x509_crl(data))
    except ValueError:
        raise CaError("crl_unreadable", file=path.name) from None
    issuers = [c for _root, c in _ca_certs(office) if c.subject == crl.issuer]
    if not issuers:
        raise CaError("crl_unknown_issuer", file=path.name, issuer=_name(crl.issuer))
    if not any(crl.is_signature_valid(c.public_key()) for c in issuers):
        raise CaError("crl_bad_signature", file=path.name, issuer=_name(crl.issuer))
    from cryptography.hazmat.primitives import serialization
    import hashlib

    der = crl.public_bytes(serialization.Encoding.DER)
    row = {"sha256": hashlib.sha256(der).hexdigest(), "issuer": _name(crl.issuer),
           "this_update": crl.last_update_utc.isoformat(),
           "next_update": crl.next_update_utc.isoformat() if crl.next_update_utc else None,
           "der": der, "source": path.name, "added_at": now_iso()}
    with office.atomic():
        ensure_schema(office)
        office.db["ca_crl"].upsert(row, pk="sha256")
    return {k: v for k, v in row.items() if k != "der"}


def list_crls(office: Store) -> list[dict]:
    if not _has(office, "ca_crl"):
        return []
    return office.rows("select sha256, issuer, this_update, next_update, source, added_at "
                       "from ca_crl order by issuer, this_update")


# --- binding a cell to a signer identity -------------------------------------------------------

def parse_subject(text: str) -> dict[str, str]:
    """'CN=Nguyễn Thị Hoa, serialNumber=CMND:0123' → {"common_name": …, "serial_number": …};
    a text without "=" is a CN."""
    text = (text or "").strip()
    if not text:
        raise CaError("bad_subject", subject=text)
    if "=" not in text:
        return {"common_name": text}
    out = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        field = _FIELDS.get(key.strip().lower())
        if not sep or field is None or not value.strip():
            raise CaError("bad_subject", subject=text)
        out[field] = value.strip()
    return out


def bind_cell(office: Store, cell_id: str, subject: str) -> dict:
    """Bind ``cell_id`` to the signer identity ``subject`` under the trusted authorities (the
    earlier binding of the cell ends now)."""
    parse_subject(subject)
    stamp = now_iso()
    with office.atomic():
        ensure_schema(office)
        office.conn.execute("update ca_binding set valid_to = ? where cell_id = ? and "
                            "valid_to is null", [stamp, cell_id])
        office.db["ca_binding"].insert({"cell_id": cell_id, "subject": subject.strip(),
                                        "added_at": stamp, "valid_to": None})
    return {"cell_id": cell_id, "subject": subject.strip(), "added_at": stamp}


def cell_binding(office: Store, cell_id: str) -> str | None:
    if not _has(office, "ca_binding"):
        return None
    row = office.conn.execute("select subject from ca_binding where cell_id = ? and valid_to "
                              "is null order by id desc", [cell_id]).fetchone()
    return row[0] if row else None


def _identity(cert) -> dict[str, str]:
    from cryptography.x509.oid import NameOID

    oids = {"common_name": NameOID.COMMON_NAME, "serial_number": NameOID.SERIAL_NUMBER,
            "email_address": NameOID.EMAIL_ADDRESS}
    out = {}
    for field, oid in oids.items():
        values = cert.subject.get_attributes_for_oid(oid)
        if values:
            out[field] = str(values[0].value)
    return out


def _same(a: str, b: str) -> bool:
    import unicodedata

    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


# --- validation --------------------------------------------------------------------------------

@dataclass
class CaOutcome:
    ok: bool
    decision: str           # trusted / refused / revoked
    code: str = ""
    params: dict | None = None

    def reason(self) -> str:
        return message(self.code, self.params or {}) if self.code else ""


def validate_signer(office: Store, cert_pem: bytes, moment: dt.datetime, cell_name: str,
                    subject: str) -> CaOutcome:
    """Build the chain from the office's roots and intermediates and check it at ``moment``
    with the imported CRLs (offline: nothing is fetched)."""
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives import serialization
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import (ExpiredError, InvalidCertificateError,
                                              NotYetValidError, PathBuildingError,
                                              PathValidationError, RevokedError)

    cert = _load_cert(cert_pem)
    when = moment.isoformat(timespec="minutes")
    signer = cert.subject.rfc4514_string()
    wanted = parse_subject(subject)
    have = _identity(cert)
    if not all(field in have and _same(have[field], value) for field, value in wanted.items()):
        return CaOutcome(False, "refused", "ca_identity",
                         {"signer": signer, "cell": cell_name, "subject": subject})

    def a(c):
        return ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER))

    cas = _ca_certs(office)
    crls = ([r[0] for r in office.conn.execute("select der from ca_crl")]
            if _has(office, "ca_crl") else [])
    context = ValidationContext(
        trust_roots=[a(c) for root, c in cas if root],
        other_certs=[a(c) for root, c in cas if not root],
        crls=crls, moment=moment, allow_fetching=False, revocation_mode="soft-fail",
        # A CRL issued after the signing says whether the key was revoked before it.
        retroactive_revinfo=True)
    validator = CertificateValidator(a(cert), validation_context=context)
    try:
        try:
            asyncio.run(validator.async_validate_usage({"non_repudiation"}))
        except InvalidCertificateError as exc:
            if "usage" not in str(exc).lower():
                raise
            asyncio.run(validator.async_validate_usage({"digital_signature"}))
    except RevokedError as exc:
        return CaOutcome(False, "revoked", "ca_revoked",
                         {"cell": cell_name, "date": _revocation_date(office, cert) or "?",
                          "when": when, "error": str(exc)})
    except (ExpiredError, NotYetValidError) as exc:
        return CaOutcome(False, "refused", "ca_expired",
                         {"cell": cell_name, "when": when, "error": str(exc)})
    except InvalidCertificateError:
        return CaOutcome(False, "refused", "ca_usage", {"cell": cell_name})
    except (PathBuildingError, PathValidationError) as exc:
        return CaOutcome(False, "refused", "ca_untrusted", {"cell": cell_name, "error": str(exc)})
    return CaOutcome(True, "trusted")


def _revocation_date(office: Store, cert) -> str | None:
    from cryptography import x509

    if not _has(office, "ca_crl"):
        return None
    for (der,) in office.conn.execute("select der from ca_crl"):
        entry = x509.load_der_x509_crl(der).get_revoked_certificate_by_serial_number(
            cert.serial_number)
        if entry is not None:
            return entry.revocation_date_utc.date().isoformat()
    return None


# --- the decision log --------------------------------------------------------------------------

def record_decision(office: Store, *, cell_id: str | None, cell_name: str | None,
                    fingerprint: str | None, bundle: str, decision: str, source: str,
                    reason: str = "") -> None:
    with office.atomic():
        office.conn.execute(SCHEMA[3])
        office.db["trust_decision"].insert({
            "at": now_iso(), "cell_id": cell_id, "cell_name": cell_name,
            "fingerprint": fingerprint, "bundle": bundle, "decision": decision,
            "source": source, "reason": reason})


def decisions(office: Store) -> list[dict]:
    """Every trust decision, oldest first: at, cell, fingerprint, bundle, decision (trusted,
    refused, retired, revoked), source (key / ca / bundle) and reason."""
    if not _has(office, "trust_decision"):
        return []
    return office.rows("select at, cell_id, cell_name, fingerprint, bundle, decision, source, "
                       "reason from trust_decision order by id")


DECISION_COLUMNS = ("at", "cell_id", "cell_name", "fingerprint", "bundle", "decision", "source",
                    "reason")


def decisions_csv(office: Store) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DECISION_COLUMNS)
    for row in decisions(office):
        writer.writerow([row[c] or "" for c in DECISION_COLUMNS])
    return out.getvalue()


def decisions_json(office: Store) -> str:
    return json.dumps(decisions(office), ensure_ascii=False, indent=2)
