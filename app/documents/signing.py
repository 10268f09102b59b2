"""Digital signatures with pyHanko: always the last step, as an incremental update.

The input bytes are never changed: the signature is appended after them (a second signer, e.g.
the chair after the minute-taker, appends again). Documents carry empty signature fields in
their signature blocks (``layout.FIELD_*``); signing such a field puts the visible stamp
there. The stamp is drawn in Noto Serif because pyHanko 0.38 spaces 2048-units-per-em fonts
(Liberation, DejaVu) far apart.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from app.i18n import _
from app.vntext import nfc

from . import fonts
from .keys import KeyFileError, SigningError, load_p12

__all__ = ["SigningError", "KeyFileError", "Signer", "KeyFileSigner", "LocalKeySigner",
           "TokenSigner", "check_certificate", "sign_pdf", "sign_pdf_pkcs11", "signature_fields"]

STAMP_TEXT = "%(role)s\nKý số: %(signer)s\nNgày ký: %(when)s"
DEFAULT_STAMP_SIZE = (175.0, 62.0)   # points; used when the document has no field to sign


@lru_cache(maxsize=4)
def _stamp_style(font_size: int = 13):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(fonts.stamp_font_path()), font_size=font_size),
            leading=round(font_size * 1.3), border_width=0),
        border_width=1,
        background=None,
    )


def signature_fields(pdf_bytes: bytes) -> dict[str, bool]:
    """{field name: already signed} for every signature field of a PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    return {name: value is not None for name, value, _ref in enumerate_sig_fields(reader)}


def _field_spec(pdf_bytes: bytes, field_name: str, stamp_box, page: int | None):
    """None to sign an existing empty field, else a SigFieldSpec for a new visible field."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import SigFieldSpec

    existing = signature_fields(pdf_bytes)
    if existing.get(field_name):
        raise SigningError(_("The signature field {name} is already signed.").format(name=field_name))
    if field_name in existing and stamp_box is None:
        return None
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    pages = int(reader.root["/Pages"]["/Count"])
    on_page = pages - 1 if page is None else (page if page >= 0 else pages + page)
    if stamp_box is None:  # bottom right, inside the default margins
        w, h = DEFAULT_STAMP_SIZE
        x1, y0 = 595.0 - 15 * 2.8346, 20 * 2.8346
        stamp_box = (x1 - w, y0, x1, y0 + h)
    if field_name in existing:
        raise SigningError(_("The signature field {name} already exists at another place.")
                           .format(name=field_name))
    return SigFieldSpec(sig_field_name=field_name, on_page=on_page,
                        box=tuple(float(v) for v in stamp_box))


def _local_time(now: dt.datetime | None) -> str:
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone()
    offset = now.strftime("%z")
    return now.strftime("%d/%m/%Y %H:%M") + f" (GMT{offset[:3]})"


def _pdf_signer(pdf_bytes: bytes, signer, signer_name: str, *, field_name: str,
                signer_role: str, stamp_box, page, reason: str | None, location: str | None):
    """(pyHanko PdfSigner, incremental writer, stamp texts) for one signature."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from .layout import ROLE_SEPARATOR

    if not isinstance(pdf_bytes, (bytes, bytearray)):
        raise TypeError("pdf_bytes must be bytes")
    spec = _field_spec(bytes(pdf_bytes), field_name, stamp_box, page)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=nfc(reason) if reason else nfc(signer_role),
        location=nfc(location) if location else None, name=nfc(signer_name) or None)
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=_stamp_style(),
                                   new_field_spec=spec)
    writer = IncrementalPdfFileWriter(io.BytesIO(bytes(pdf_bytes)), strict=False)
    # A role of several printed lines (T/M CHI BỘ – BÍ THƯ) keeps its lines in the stamp.
    texts = {"role": nfc(signer_role).upper().replace(ROLE_SEPARATOR, "\n"),
             "when": _local_time(None)}
    return pdf_signer, writer, texts


def _sign(pdf_bytes: bytes, signer, signer_name: str, **options) -> bytes:
    pdf_signer, writer, texts = _pdf_signer(pdf_bytes, signer, signer_name, **options)
    return pdf_signer.sign_pdf(writer, appearance_text_params=texts).getvalue()


async def _async_sign(pdf_bytes: bytes, signer, signer_name: str, **options) -> bytes:
    """``_sign`` inside a running event loop (a remote signer's network session lives there)."""
    pdf_signer, writer, texts = _pdf_signer(pdf_bytes, signer, signer_name, **options)
    out = await pdf_signer.async_sign_pdf(writer, appearance_text_params=texts)
    return out.getvalue()


def _common_name(asn1_cert) -> str:
    try:
        return asn1_cert.subject.native.get("common_name") or ""
    except Exception:  # pragma: no cover - exotic subjects
        return ""


@dataclass(frozen=True)
class KeyFile:
    """A PKCS#12 key file opened once, to sign several files in one action (an export of
    many meetings); the passphrase itself is not kept."""
    key: object           # the private key (cryptography)
    cert: object          # the signer's certificate (cryptography)
    signer: object        # pyHanko SimpleSigner
    name: str             # the signer's common name


def open_key_file(p12_path: str | Path, passphrase: str | bytes) -> KeyFile:
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key, cert, others = load_p12(p12_path, passphrase)
    asn1_cert = translate_pyca_cryptography_cert_to_asn1(cert)
    signer = signers.SimpleSigner(
        signing_cert=asn1_cert,
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        cert_registry=SimpleCertificateStore.from_certs(
            [translate_pyca_cryptography_cert_to_asn1(c) for c in others]),
    )
    return KeyFile(key, cert, signer, _common_name(asn1_cert))


def sign_pdf(pdf_bytes: bytes, p12_path: str | Path | None = None,
             passphrase: str | bytes | None = None, *, field_name: str, signer_role: str,
             stamp_box: tuple | None = None, page: int | None = None,
             reason: str | None = None, location: str | None = None,
             key_file: KeyFile | None = None) -> bytes:
    """Sign with a PKCS#12 file (or a ``key_file`` already opened); returns the signed PDF
    (input bytes + an incremental update).

    ``field_name``: an empty signature field of the document (its box holds the stamp), or a
    new field placed at ``stamp_box`` (x0, y0, x1, y1 in points) on ``page`` (default the last
    page; bottom right when no box is given). ``signer_role`` ("CHỦ TRÌ", "BÍ THƯ"…) is printed
    in the stamp with the signer's name and the time.
    """
    key_file = key_file or open_key_file(p12_path, passphrase)
    return _sign(pdf_bytes, key_file.signer, key_file.name, field_name=field_name,
                 signer_role=signer_role, stamp_box=stamp_box, page=page, reason=reason,
                 location=location)


def sign_pdf_pkcs11(pdf_bytes: bytes, module_path: str | Path, token_label: str, pin: str, *,
                    field_name: str, signer_role: str, key_label: str | None = None,
                    cert_label: str | None = None, stamp_box: tuple | None = None,
                    page: int | None = None, reason: str | None = None,
                    location: str | None = None) -> bytes:
    """Sign with a PKCS#11 USB token through the vendor's module (optional python-pkcs11)."""
    signer = TokenSigner(module_path, token_label, pin, key_label=key_label,
                         cert_label=cert_label)
    try:
        return signer.sign_pdf(pdf_bytes, field_name=field_name, signer_role=signer_role,
                               stamp_box=stamp_box, page=page, reason=reason,
                               location=location)
    finally:
        signer.close()


# --- one interface for every kind of key -------------------------------------------------------

@runtime_checkable
class Signer(Protocol):
    """What signs a PDF: a key file (.p12/.pfx), the cell's local key, a USB token (PKCS#11),
    a remote signing provider (CSC API, ``remote.RemoteSigner``).

    ``meeting_docs.sign_document`` takes any of them and does the same checks for all."""

    kind: str                                 # "p12", "local", "pkcs11" or "csc"

    def certificate(self) -> Any:
        """The signer certificate (a ``cryptography`` x509.Certificate)."""

    def sign_pdf(self, pdf_bytes: bytes, *, field_name: str, signer_role: str,
                 location: str | None = None, **stamp: Any) -> bytes:
        """The input bytes plus an incremental update signing ``field_name``."""

    def close(self) -> None:
        """Forget the secret / close the token session (safe to call twice)."""


class KeyFileSigner:
    """A PKCS#12 key file, opened (and its passphrase checked) when made."""

    kind = "p12"

    def __init__(self, p12_path: str | Path, passphrase: str | bytes):
        self.path = Path(p12_path)
        self.key_file = open_key_file(p12_path, passphrase)

    @classmethod
    def from_key_file(cls, key_file: KeyFile) -> "KeyFileSigner":
        signer = cls.__new__(cls)
        signer.path, signer.key_file = None, key_file
        return signer

    def certificate(self):
        return self.key_file.cert

    def sign_pdf(self, pdf_bytes: bytes, *, field_name: str, signer_role: str,
                 location: str | None = None, **stamp: Any) -> bytes:
        return _sign(pdf_bytes, self.key_file.signer, self.key_file.name, field_name=field_name,
                     signer_role=signer_role, location=location,
                     stamp_box=stamp.get("stamp_box"), page=stamp.get("page"),
                     reason=stamp.get("reason"))

    def close(self) -> None:
        pass


class LocalKeySigner(KeyFileSigner):
    """The key a cell made for a secretary who has none (``keys.new_local_key``): a PKCS#12
    file too, whose fingerprint the cell keeps in its settings for the office to compare."""

    kind = "local"


class TokenSigner:
    """A USB token through the vendor's PKCS#11 module. python-pkcs11 is an optional extra,
    imported only when the token is opened; the session is opened once and closed by
    ``close``. Without labels the token's only certificate (and its key) is used."""

    kind = "pkcs11"

    def __init__(self, module_path: str | Path, token_label: str, pin: str, *,
                 key_label: str | None = None, cert_label: str | None = None):
        self.module_path, self.token_label = module_path, token_label
        self.key_label, self.cert_label = key_label, cert_label
        self._pin: str | None = pin
        self._session = None
        self._signer = None

    def _open(self):
        if self._signer is not None:
            return self._signer
        from .tokens import TokenError, find_key, open_session

        try:
            self._session, label = open_session(self.module_path, self.token_label or None,
                                                self._pin or "")
        finally:
            self._pin = None
        try:
            from pyhanko.sign import pkcs11 as ph_pkcs11

            key, cert = find_key(self._session, label, self.key_label or self.cert_label)
            self._signer = ph_pkcs11.PKCS11Signer(
                self._session, cert_id=bytes.fromhex(cert["id"]) if cert["id"] else None,
                cert_label=None if cert["id"] else cert["label"],
                key_id=bytes.fromhex(key["id"]) if key["id"] else None,
                key_label=None if key["id"] else key["label"])
            signing_cert = self._signer.signing_cert  # fetched now: a missing one is said here
            # many tokens (SoftHSM too) have raw ECDSA only: pyHanko then hashes first
            self._signer.use_raw_mechanism = signing_cert.public_key.algorithm == "ec"
        except SigningError:
            self.close()
            raise
        except Exception as exc:
            self.close()
            raise TokenError("token_error", label=label, error=exc) from exc
        return self._signer

    def certificate(self):
        from cryptography import x509

        return x509.load_der_x509_certificate(self._open().signing_cert.dump())

    def sign_pdf(self, pdf_bytes: bytes, *, field_name: str, signer_role: str,
                 location: str | None = None, **stamp: Any) -> bytes:
        signer = self._open()
        return _sign(pdf_bytes, signer, _common_name(signer.signing_cert),
                     field_name=field_name, signer_role=signer_role, location=location,
                     stamp_box=stamp.get("stamp_box"), page=stamp.get("page"),
                     reason=stamp.get("reason"))

    def close(self) -> None:
        self._pin = None
        self._signer = None
        if self._session is not None:
            try:
                self._session.close()
            except Exception:  # pragma: no cover - a token pulled out
                pass
            self._session = None


def check_certificate(cert, now: dt.datetime | None = None) -> None:
    """Refuse a certificate that is not valid now or not meant for signing documents."""
    from cryptography import x509

    now = now or dt.datetime.now(dt.timezone.utc)
    if now < cert.not_valid_before_utc:
        raise SigningError(_("The signer certificate is valid only from {day}.").format(
            day=cert.not_valid_before_utc.strftime("%d/%m/%Y")))
    if now > cert.not_valid_after_utc:
        raise SigningError(_("The signer certificate expired on {day}.").format(
            day=cert.not_valid_after_utc.strftime("%d/%m/%Y")))
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise SigningError(_("The certificate is not meant for signing documents (its key "
                             "usage does not allow it)."))


def printed_names(pdf_bytes: bytes) -> dict[str, str]:
    """{field name: the person printed under its block} from each field's /TU (written when
    the document is made); fields without one are left out."""
    return _field_texts(pdf_bytes, "/TU")


def block_roles(pdf_bytes: bytes) -> dict[str, str]:
    """{field name: the role printed above its block} ("NGƯỜI GHI BIÊN BẢN", "T/M CHI BỘ –
    BÍ THƯ"), written when the document is made (``layout.ROLE_KEY``); fields without one
    (documents made before it was written) are left out."""
    from .layout import ROLE_KEY

    return _field_texts(pdf_bytes, ROLE_KEY)


def clean_role(value) -> str:
    """A role read from a file, as one line of printable text (at most 80 characters)."""
    import unicodedata

    text = unicodedata.normalize("NFC", str(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs"))
    return " ".join(text.split())[:80]


def _field_texts(pdf_bytes: bytes, key: str) -> dict[str, str]:
    import unicodedata

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    out = {}
    for name, _value, ref in enumerate_sig_fields(reader):
        try:
            value = ref.get_object().get(key)
        except Exception:
            value = None
        if value is None:
            continue
        text = clean_role(value) if key != "/TU" else unicodedata.normalize(
            "NFC", str(value)).strip()
        if text:
            out[name] = text
    return out
