"""A local signing key for a secretary who has no certificate from a CA.

A local root CA and a signer certificate (digitalSignature + nonRepudiation, which pyHanko's
default signature policy requires) in one passphrase-protected PKCS#12 file. The office records
the signer certificate's SHA-256 fingerprint to trust it later.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.i18n import _
from app.vntext import nfc


class SigningError(Exception):
    """Signing could not be done; the message is for the user (UI language, Vietnamese)."""


class KeyFileError(SigningError):
    """A key file could not be made or read."""


def _name(common_name: str, organisation: str | None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"))
    return x509.Name(attrs)


def _fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


# A new key's passphrase: long enough not to be guessed in an afternoon by someone holding the
# file (the key signs minutes in the cell's name).
MIN_PASSPHRASE_CHARS = 8


def passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase chosen for a new key is too weak: "too_short", "one_character", or
    None when it will do (the text is made by the caller)."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return "too_short"
    if len(set(passphrase.replace(" ", ""))) <= 1:
        return "one_character"
    return None


def new_local_key(name: str, out_p12: str | Path, passphrase: str | bytes, *,
                  organisation: str | None = None, years: int = 10,
                  now: dt.datetime | None = None) -> str:
    """Create ``out_p12`` with a local root and a signer certificate for ``name``.

    Returns the SHA-256 fingerprint (hex) of the signer certificate. Refuses to overwrite an
    existing file and to use an empty passphrase.
    """
    name = nfc(name)
    if not name:
        raise KeyFileError(_("The signer's name is empty."))
    pw = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
    if not pw:
        raise KeyFileError(_("The key file needs a passphrase."))
    out = Path(out_p12)
    if out.exists():
        raise KeyFileError(_("The file {path} already exists; choose another name.").format(path=out))
    now = now or dt.datetime.now(dt.timezone.utc)
    start, end = now - dt.timedelta(days=1), now + dt.timedelta(days=365 * years)
    org = nfc(organisation) if organisation else None

    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"chibo local root – {name}", org)
    root = (x509.CertificateBuilder()
            .subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))

    key = ec.generate_private_key(ec.SECP256R1())
    signer = (x509.CertificateBuilder()
              .subject_name(_name(name, org)).issuer_name(root_name)
              .public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(start).not_valid_after(end)
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(
                  digital_signature=True, content_commitment=True, key_encipherment=False,
                  data_encipherment=False, key_agreement=False, key_cert_sign=False,
                  crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                             critical=False)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                  root_key.public_key()), critical=False)
              .sign(root_key, hashes.SHA256()))

    data = pkcs12.serialize_key_and_certificates(
        name.encode("utf-8"), key, signer, [root],
        serialization.BestAvailableEncryption(pw))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return _fingerprint(signer)


def load_p12(p12_path: str | Path, passphrase: str | bytes):
    """(private key, signer certificate, other certificates) or a clear error."""
    pw = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
    try:
        data = Path(p12_path).read_bytes()
    except OSError as exc:
        raise KeyFileError(_("Cannot read the key file {path}: {error}").format(
            path=p12_path, error=exc.strerror or exc)) from exc
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, pw or None)
    except ValueError as exc:
        raise KeyFileError(_("Cannot open the key file: wrong passphrase or not a PKCS#12 file.")) \
            from exc
    if key is None or cert is None:
        raise KeyFileError(_("The key file holds no private key and certificate."))
    return key, cert, list(others or [])


def certificate_fingerprint(source) -> str:
    """SHA-256 fingerprint (lower-case hex) of a certificate.

    ``source``: a cryptography or asn1crypto certificate, PEM/DER bytes, or a path to a
    .pem/.cer/.crt file; for a .p12/.pfx use ``p12_fingerprint``.
    """
    if isinstance(source, x509.Certificate):
        return _fingerprint(source)
    if hasattr(source, "dump"):  # asn1crypto
        return hashlib.sha256(source.dump()).hexdigest()
    if isinstance(source, (str, Path)):
        source = Path(source).read_bytes()
    if b"-----BEGIN" in source:
        return _fingerprint(x509.load_pem_x509_certificate(source))
    return hashlib.sha256(source).hexdigest()


def p12_fingerprint(p12_path: str | Path, passphrase: str | bytes) -> str:
    """The signer certificate's fingerprint of a PKCS#12 file."""
    _key, cert, _others = load_p12(p12_path, passphrase)
    return _fingerprint(cert)


def normalise_fingerprint(text: str) -> str:
    """'AB:CD:…' or 'ab cd …' -> 'abcd…'."""
    return "".join(ch for ch in text.lower() if ch in "0123456789abcdef")
