"""Verify the signatures of a PDF with pyHanko: who signed, when, intact, valid, trusted, why.

A signature counts only when everything appended after it is a permitted change: filling a
signature field that already existed when it was signed (and invisible bookkeeping such as a
document timestamp). Anything else visible (a new signature field with an appearance, an
annotation, changed page content) makes the document *modified*: the classic "shadow" attack
that lays new text over signed pages.

When a trust source is given (certificates or fingerprints), every signature must chain to or
match it, else the result is *not trusted*. Each signer is set against the name printed under
the signature block (the field's /TU, written when the document is made); a mismatch is a
warning (the app lets e.g. the secretary sign a block printed for another member).

Results are codes with parameters; ``reason``/``report()`` render them in the UI language.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import N_, _

from .keys import normalise_fingerprint
from .layout import FIELD_CHAIR, FIELD_DRAFTER, FIELD_MINUTE_TAKER, FIELD_SECRETARY

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
_NO_TRUST_SOURCE = N_("trust not checked: no trusted certificate or fingerprint was given")

# The printed role of each signature block (document text, always Vietnamese) in files made
# before the role was written into the field (``layout.ROLE_KEY``, read by ``_block_role``).
SLOT_ROLES = {FIELD_CHAIR: "CHỦ TRÌ", FIELD_MINUTE_TAKER: "THƯ KÝ", FIELD_SECRETARY: "BÍ THƯ",
              FIELD_DRAFTER: "NGƯỜI XÂY DỰNG"}

# Per-signature problems: code -> template (params filled when rendered).
PROBLEMS = {
    "changed": N_("the signed content was changed after signing"),
    "broken": N_("the signature is broken"),
    "unchecked": N_("the signature cannot be checked: {error}"),
    "modified": N_("the file was modified after signing ({what}); only filling an empty "
                   "signature field is allowed"),
    "not_trusted": N_("not trusted: {reason}"),
    "name_mismatch": N_("signed by “{signer}” in the block printed for “{printed}”"),
}

# Verdicts of the whole file, in order of precedence, with the exit code of ``chibo verify``.
VERDICTS = {
    "not_found": (N_("The file {path} does not exist."), 1),
    "cannot_read": (N_("Cannot read the file: {error}"), 1),
    "unreadable": (N_("The file is not a readable PDF: {error}"), 1),
    "no_signature": (N_("The document has no digital signature."), 1),
    "invalid": (N_("NOT valid: signature {field}: {problem}"), 1),
    "modified": (N_("MODIFIED after signing: signature {field}: {problem}"), 1),
    "not_trusted": (N_("NOT trusted: signature {field}: {problem}"), 3),
    "trust_unchecked": (N_("All signatures are intact and valid; trust was not checked (no "
                           "trusted certificate or fingerprint was given)."), 0),
    "trusted": (N_("All signatures are intact, valid and trusted."), 0),
}
_PRECEDENCE = {"changed": "invalid", "broken": "invalid", "unchecked": "invalid",
               "modified": "modified", "not_trusted": "not_trusted"}


def render_problem(code: str, params: dict) -> str:
    params = {k: (_(v) if k in ("what", "reason") else v) for k, v in params.items()}
    return _(PROBLEMS[code]).format(**params)


@dataclass
class SignatureInfo:
    field_name: str
    signer_name: str = ""
    signer_fingerprint: str = ""      # SHA-256 of the signer certificate
    signing_time: dt.datetime | None = None
    intact: bool = False              # the signed bytes are unchanged
    valid: bool = False               # the cryptographic signature checks out
    trusted: bool = False             # chains to / matches a given root or fingerprint
    trust_checked: bool = False       # a trust source was given
    trust_reason: str = ""            # a msgid (rendered by the readers)
    covers_whole_document: bool = False
    modified_after_signing: bool = False   # changed beyond filling empty signature fields
    later_changes: str = ""           # "none", "signatures", "form filling", "annotations", "other"
    role: str = ""                    # the block's printed role (CHỦ TRÌ…), "" when unknown
    printed_name: str = ""            # the name printed under the block, "" when not recorded
    name_matches: bool | None = None  # None: no printed name to compare with
    codes: list[tuple[str, dict]] = field(default_factory=list)      # what makes it fail
    warnings: list[tuple[str, dict]] = field(default_factory=list)   # shown, not failing

    @property
    def ok(self) -> bool:
        return not self.codes

    @property
    def problems(self) -> list[str]:
        return [render_problem(code, params) for code, params in self.codes]


@dataclass
class VerifyResult:
    code: str
    params: dict = field(default_factory=dict)
    signatures: list[SignatureInfo] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return VERDICTS[self.code][1] == 0

    @property
    def exit_code(self) -> int:
        return VERDICTS[self.code][1]

    @property
    def trusted(self) -> bool:
        return self.code == "trusted"

    @property
    def reason(self) -> str:
        return _(VERDICTS[self.code][0]).format(**self.params)

    @property
    def warnings(self) -> list[str]:
        """Rendered warnings (a signer who is not the person printed under the block)."""
        return [_("Warning: signature {field}: {problem}").format(
            field=s.field_name, problem=render_problem(code, params))
            for s in self.signatures for code, params in s.warnings]

    def report(self) -> str:
        """Plain-text report in the UI language (the CLI prints it)."""
        lines = []
        for i, s in enumerate(self.signatures, 1):
            when = s.signing_time.astimezone().strftime("%d/%m/%Y %H:%M:%S") if s.signing_time else "?"
            lines.append(_("Signature {n} ({field}): {name}, signed {when}").format(
                n=i, field=s.field_name, name=s.signer_name or "?", when=when))
            lines.append("  " + slot_line(s))
            lines.append("  " + (_("Intact: yes") if s.intact else _("Intact: NO")))
            lines.append("  " + (_("Valid: yes") if s.valid else _("Valid: NO")))
            lines.append("  " + (_("Trusted: yes") if s.trusted
                                 else _("Trusted: no ({reason})").format(reason=_(s.trust_reason))))
            lines.append("  " + (_("Covers the whole document") if s.covers_whole_document
                                 else _("Later changes: {what}").format(
                                     what=_(CHANGE_LABELS.get(s.later_changes, s.later_changes)))))
            lines.append("  " + _("Signer certificate SHA-256: {fingerprint}").format(
                fingerprint=s.signer_fingerprint))
            for problem in s.problems:
                lines.append("  " + _("Problem: {problem}").format(problem=problem))
        lines.extend(self.warnings)
        lines.append(self.reason)
        return "\n".join(lines)


def slot_line(s: SignatureInfo) -> str:
    """The signer set against the block's printed name."""
    role = s.role or s.field_name
    if not s.printed_name:
        return _("Block {role}: no printed name recorded").format(role=role)
    if s.name_matches:
        return _("Block {role}: printed name “{printed}”, matches the signer").format(
            role=role, printed=s.printed_name)
    return _("Block {role}: printed name “{printed}”, does NOT match the signer “{signer}”"
             ).format(role=role, printed=s.printed_name, signer=s.signer_name or "?")


CHANGE_LABELS = {
    "none": N_("no later changes"),
    "signatures": N_("signatures added"),
    "form filling": N_("later signatures or form filling"),
    "annotations": N_("annotations added"),
    "other": N_("content modified"),
    "unknown": N_("later changes unknown"),
}


def same_name(a: str, b: str) -> bool:
    """Names compared as a reader would: Unicode NFC, case and spacing ignored."""
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())
    return bool(norm(a)) and norm(a) == norm(b)


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
    paths) or SHA-256 fingerprints (hex, colons allowed) of a trusted root or signer. None: no
    trust source (trust is not checked); a list, even empty: every signer must chain to it.
    """
    try:
        data = (bytes(path_or_bytes) if isinstance(path_or_bytes, (bytes, bytearray))
                else Path(path_or_bytes).read_bytes())
    except FileNotFoundError:   # said in the reader's language (the OS says it in English)
        return VerifyResult("not_found", {"path": str(path_or_bytes)})
    except OSError as exc:
        return VerifyResult("cannot_read", {"error": exc.strerror or str(exc)})
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # a damaged file is a verification result, not a crash
        return VerifyResult("unreadable", {"error": str(exc)})
    if not embedded:
        return VerifyResult("no_signature")
    trust_checked = trusted_certs is not None
    fingerprints, certs = _trusted_inputs(trusted_certs)
    policy = permitted_changes_policy()
    with _quiet_pyhanko():
        infos = [_check(emb, fingerprints, certs, trust_checked, policy) for emb in embedded]
    rank = list(VERDICTS)
    worst = None
    for s in infos:
        for code, params in s.codes:
            verdict = _PRECEDENCE[code]
            if worst is None or rank.index(verdict) < rank.index(worst[0]):
                worst = (verdict, s, code, params)
    if worst is not None:
        verdict, s, code, params = worst
        return VerifyResult(verdict, {"field": s.field_name,
                                      "problem": render_problem(code, params)}, infos)
    return VerifyResult("trusted" if trust_checked else "trust_unchecked", {}, infos)


def permitted_changes_policy():
    """pyHanko's standard difference policy, narrowed to what a signed Party document may
    receive later: signatures in fields that already existed (with their appearance), and
    invisible additions (document timestamps, validation data, metadata). A new *visible*
    field, a filled text field, an annotation or changed page content is refused."""
    from pyhanko.sign.diff_analysis import (
        FormUpdatingRule, SigFieldCreationRule, SigFieldModificationRule, StandardDiffPolicy,
        SuspiciousModification,
    )
    from pyhanko.sign.diff_analysis.policies import DEFAULT_DIFF_POLICY
    from pyhanko.sign.diff_analysis.rules.form_field_rules import is_field_visible

    class NoNewVisibleFields(SigFieldCreationRule):
        def apply(self, context):
            for name, spec in context.field_specs.items():
                if spec.old_field_ref is None and spec.new_field_ref is not None \
                        and is_field_visible(spec.new_field_ref.get_object()):
                    raise SuspiciousModification(
                        f"a visible field {name} was added after signing")
            yield from super().apply(context)

    return StandardDiffPolicy(
        global_rules=list(DEFAULT_DIFF_POLICY.global_rules),
        form_rule=FormUpdatingRule(field_rules=[NoNewVisibleFields(),
                                                SigFieldModificationRule()]))


def _printed_name(emb) -> str:
    try:
        value = emb.sig_field.get("/TU")
    except Exception:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _block_role(emb) -> str:
    from .layout import ROLE_KEY
    from .signing import clean_role

    try:
        value = emb.sig_field.get(ROLE_KEY)
    except Exception:
        return ""
    return clean_role(value) if value is not None else ""


def _check(emb, fingerprints: set[str], certs: list, trust_checked: bool,
           policy) -> SignatureInfo:
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    info = SignatureInfo(field_name=str(emb.field_name or ""), trust_checked=trust_checked)
    info.role = _block_role(emb) or SLOT_ROLES.get(info.field_name, "")
    info.printed_name = _printed_name(emb)
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
            emb, signer_validation_context=vc, diff_policy=policy,
            key_usage_settings=KeyUsageConstraints(
                key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False))
    except Exception as exc:
        info.codes.append(("unchecked", {"error": str(exc)}))
        return info
    cert = status.signing_cert
    info.signer_name = cert.subject.native.get("common_name", "") if cert else ""
    info.signer_fingerprint = _fp(cert) if cert else ""
    info.signing_time = status.signer_reported_dt
    info.intact, info.valid = bool(status.intact), bool(status.valid)
    info.trusted = trust_checked and bool(status.trusted)
    if not info.trusted:
        indic = getattr(status.trust_problem_indic, "name", None)
        info.trust_reason = (_TRUST_REASONS.get(indic, _NOT_TRUSTED) if trust_checked
                             else _NO_TRUST_SOURCE)
    level = status.modification_level
    level_name = getattr(level, "name", None)
    coverage = getattr(status.coverage, "name", "")
    info.covers_whole_document = coverage == "ENTIRE_FILE"
    info.later_changes = {None: "unknown", "NONE": "none", "LTA_UPDATES": "signatures",
                          "FORM_FILLING": "form filling", "ANNOTATIONS": "annotations",
                          "OTHER": "other"}.get(level_name, "unknown")
    info.modified_after_signing = not info.covers_whole_document and (
        level_name not in ("NONE", "LTA_UPDATES", "FORM_FILLING")
        or getattr(status, "docmdp_ok", True) is False)
    if info.modified_after_signing and info.later_changes in ("none", "signatures",
                                                             "form filling"):
        info.later_changes = "other"
    if not info.intact:
        info.codes.append(("changed", {}))
    elif not info.valid:
        info.codes.append(("broken", {}))
    if info.modified_after_signing:
        info.codes.append(("modified", {"what": CHANGE_LABELS[info.later_changes]}))
    if trust_checked and not info.trusted:
        info.codes.append(("not_trusted", {"reason": info.trust_reason}))
    if info.printed_name:
        info.name_matches = same_name(info.signer_name, info.printed_name)
        if not info.name_matches:
            info.warnings.append(("name_mismatch", {"signer": info.signer_name or "?",
                                                 "printed": info.printed_name}))
    return info
