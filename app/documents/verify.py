"""Verify the signatures of a PDF with pyHanko: who signed, when, intact, valid, trusted, why.

``ok`` means: at least one signature, and every signature is intact (the signed bytes are
unchanged), cryptographically valid, and either covers the whole file or was followed only by
further signatures/form filling. Trust is reported separately: a locally made key is not
trusted unless its root or signer fingerprint (or certificate) is given.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import N_, _

from .keys import normalise_fingerprint

_TRUST_REASONS = {
    "NO_CERTIFICATE_CHAIN_FOUND": N_("no chain to a trusted root or fingerprint"),
    "EXPIRED": N_("the certificate has expired"),
    "NOT_YET_VALID": N_("the certificate is not yet valid"),
    "REVOKED": N_("the certificate was revoked"),
    "REVOKED_NO_POE": N_("the certificate was revoked"),
    "CHAIN_CONSTRAINTS_FAILURE": N_("the certificate chain breaks its constraints"),
    "SIG_CONSTRAINTS_FAILURE": N_("the certificate is not allowed to sign (key usage)"),
}
_NOT_TRUSTED = N_("the signer is not in the trusted list")


@dataclass
class SignatureInfo:
    field_name: str
    signer_name: str = ""
    signer_fingerprint: str = ""      # SHA-256 of the signer certificate
    signing_time: dt.datetime | None = None
    intact: bool = False              # the signed bytes are unchanged
    valid: bool = False               # the cryptographic signature checks out
    trusted: bool = False             # chains to a given root/fingerprint
    trust_reason: str = ""
    covers_whole_document: bool = False
    modified_after_signing: bool = False   # changed beyond adding signatures / form filling
    later_changes: str = ""           # "none", "signatures", "form filling", "annotations", "other"
    ok: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass
class VerifyResult:
    ok: bool
    reason: str
    signatures: list[SignatureInfo] = field(default_factory=list)

    def report(self) -> str:
        """Plain-text report in the UI language (the CLI prints it)."""
        lines = []
        for i, s in enumerate(self.signatures, 1):
            when = s.signing_time.astimezone().strftime("%d/%m/%Y %H:%M:%S") if s.signing_time else "?"
            lines.append(_("Signature {n} ({field}): {name}, signed {when}").format(
                n=i, field=s.field_name, name=s.signer_name or "?", when=when))
            lines.append("  " + (_("Intact: yes") if s.intact else _("Intact: NO")))
            lines.append("  " + (_("Valid: yes") if s.valid else _("Valid: NO")))
            lines.append("  " + (_("Trusted: yes") if s.trusted
                                 else _("Trusted: no ({reason})").format(reason=s.trust_reason)))
            lines.append("  " + (_("Covers the whole document") if s.covers_whole_document
                                 else _("Later changes: {what}").format(
                                     what=_(CHANGE_LABELS.get(s.later_changes, s.later_changes)))))
            lines.append("  " + _("Signer certificate SHA-256: {fingerprint}").format(
                fingerprint=s.signer_fingerprint))
        lines.append(self.reason)
        return "\n".join(lines)


CHANGE_LABELS = {
    "none": N_("no later changes"),
    "signatures": N_("signatures added"),
    "form filling": N_("later signatures or form filling"),
    "annotations": N_("annotations added"),
    "other": N_("content modified"),
    "unknown": N_("later changes unknown"),
}


def _trusted_inputs(trusted_certs) -> tuple[set[str], list]:
    """Split ``trusted_certs`` into fingerprints and asn1crypto certificates."""
    from asn1crypto import pem, x509 as ax509

    fingerprints: set[str] = set()
    certs: list = []
    for item in trusted_certs or []:
        if isinstance(item, str) and not Path(item).is_file():
            fingerprints.add(normalise_fingerprint(item))
            continue
        if hasattr(item, "public_bytes"):  # cryptography certificate
            from cryptography.hazmat.primitives.serialization import Encoding

            item = item.public_bytes(Encoding.DER)
        if isinstance(item, (str, Path)):
            item = Path(item).read_bytes()
        if isinstance(item, (bytes, bytearray)):
            data = bytes(item)
            if pem.detect(data):
                for _type, _headers, der in pem.unarmor(data, multiple=True):
                    certs.append(ax509.Certificate.load(der))
            else:
                certs.append(ax509.Certificate.load(data))
        else:
            certs.append(item)
    return fingerprints, certs


@contextlib.contextmanager
def _quiet_pyhanko():
    """pyHanko logs a traceback for every untrusted chain; the result says it already."""
    logger = logging.getLogger("pyhanko")
    old = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(old)


def _fp(asn1_cert) -> str:
    return hashlib.sha256(asn1_cert.dump()).hexdigest()


def verify_pdf(path_or_bytes, trusted_certs=None) -> VerifyResult:
    """Check every signature of a PDF (a path or its bytes).

    ``trusted_certs``: certificates (cryptography/asn1crypto objects, PEM/DER bytes or file
    paths) or SHA-256 fingerprints (hex, colons allowed) of a trusted root or signer.
    """
    try:
        data = (bytes(path_or_bytes) if isinstance(path_or_bytes, (bytes, bytearray))
                else Path(path_or_bytes).read_bytes())
    except OSError as exc:
        return VerifyResult(False, _("Cannot read the file: {error}").format(
            error=exc.strerror or exc))
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # a damaged file is a verification result, not a crash
        return VerifyResult(False, _("The file is not a readable PDF: {error}").format(error=exc))
    if not embedded:
        return VerifyResult(False, _("The document has no digital signature."))
    fingerprints, certs = _trusted_inputs(trusted_certs)
    with _quiet_pyhanko():
        infos = [_check(emb, fingerprints, certs) for emb in embedded]
    bad = [s for s in infos if not s.ok]
    if bad:
        first = bad[0]
        return VerifyResult(False, _("NOT valid: signature {field}: {problem}").format(
            field=first.field_name, problem="; ".join(first.problems)), infos)
    if all(s.trusted for s in infos):
        reason = _("All signatures are intact, valid and trusted.")
    else:
        reason = _("All signatures are intact and valid; the signer is not in the trusted list.")
    return VerifyResult(True, reason, infos)


def _check(emb, fingerprints: set[str], certs: list) -> SignatureInfo:
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    info = SignatureInfo(field_name=str(emb.field_name or ""))
    try:
        embedded_certs = list(emb.signed_data["certificates"] or [])
        embedded_certs = [c.chosen for c in embedded_certs]
    except Exception:
        embedded_certs = []
    roots = list(certs) + [c for c in embedded_certs if _fp(c) in fingerprints]
    try:
        vc = ValidationContext(trust_roots=roots, allow_fetching=False,
                               revocation_mode="soft-fail")
        status = validate_pdf_signature(
            emb, signer_validation_context=vc,
            key_usage_settings=KeyUsageConstraints(
                key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False))
    except Exception as exc:
        info.problems.append(_("the signature cannot be checked: {error}").format(error=exc))
        return info
    cert = status.signing_cert
    info.signer_name = cert.subject.native.get("common_name", "") if cert else ""
    info.signer_fingerprint = _fp(cert) if cert else ""
    info.signing_time = status.signer_reported_dt
    info.intact, info.valid = bool(status.intact), bool(status.valid)
    info.trusted = bool(status.trusted)
    if not info.trusted:
        indic = getattr(status.trust_problem_indic, "name", None)
        info.trust_reason = _(_TRUST_REASONS.get(indic, _NOT_TRUSTED))
    level = status.modification_level
    level_name = getattr(level, "name", None)
    coverage = getattr(status.coverage, "name", "")
    info.covers_whole_document = coverage == "ENTIRE_FILE"
    info.later_changes = {None: "unknown", "NONE": "none", "LTA_UPDATES": "signatures",
                          "FORM_FILLING": "form filling", "ANNOTATIONS": "annotations",
                          "OTHER": "other"}.get(level_name, "unknown")
    info.modified_after_signing = not info.covers_whole_document and level_name not in (
        "NONE", "LTA_UPDATES", "FORM_FILLING")
    if not info.intact:
        info.problems.append(_("the signed content was changed after signing"))
    elif not info.valid:
        info.problems.append(_("the signature is broken"))
    if info.modified_after_signing:
        info.problems.append(_("the file was modified after signing"))
    info.ok = not info.problems
    return info
