"""PKCS#11 tokens (USB tokens of the certificate authorities): list them and open a session.

python-pkcs11 is optional and imported here only when a token is used. Every failure becomes a
``TokenError`` with a code (``TOKEN_ERRORS``): the module, the token or the key missing, the
token locked, the PIN wrong. The PIN is only passed to the token's login; it is never kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import N_, _

from .keys import SigningError

# code -> (message template, command line exit code)
TOKEN_ERRORS: dict[str, tuple[str, int]] = {
    "pkcs11_not_installed": (N_("Signing with a USB token needs the python-pkcs11 package, which "
                                "is not installed. Install it or sign with a key file (.p12)."),
                             10),
    "module_missing": (N_("The token's PKCS#11 module was not found: {path}. Choose the module "
                          "file of the token vendor in the settings."), 10),
    "module_invalid": (N_("The file {path} is not a PKCS#11 module that can be loaded: {error}"),
                       10),
    "token_missing": (N_("No USB token labelled “{label}” is plugged in (tokens found: "
                         "{found}). Plug in the token or check its label."), 11),
    "key_missing": (N_("The USB token “{label}” has no signing key labelled “{key}” with its "
                       "certificate (keys on the token: {found})."), 12),
    "key_ambiguous": (N_("The USB token “{label}” holds {count} certificates; choose the key "
                         "with --key (keys on the token: {found})."), 12),
    "pin_incorrect": (N_("Wrong PIN for the USB token “{label}”. The token locks itself after "
                         "several wrong PINs."), 13),
    "pin_final_try": (N_("Wrong PIN for the USB token “{label}”: one more wrong PIN locks the "
                         "token."), 13),
    "token_locked": (N_("The USB token “{label}” is locked (too many wrong PINs). Ask the "
                        "certificate authority to unlock it with the administrator PIN."), 14),
    "token_error": (N_("The USB token “{label}” could not be used: {error}"), 15),
}


class TokenError(SigningError):
    """A token problem with its ``code`` (a key of ``TOKEN_ERRORS``) and parameters; the text
    is made when the error is shown."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)

    def __str__(self) -> str:
        return _(TOKEN_ERRORS[self.code][0]).format(**self.params)

    @property
    def exit_code(self) -> int:
        return TOKEN_ERRORS[self.code][1]


def _none(items) -> str:
    return ", ".join(items) if items else "—"


def load_module(module_path) -> object:
    """The python-pkcs11 library object of a vendor module (a TokenError if it cannot be)."""
    if not module_path or not Path(module_path).is_file():
        raise TokenError("module_missing", path=module_path or "")
    try:
        import pkcs11
    except ImportError as exc:
        raise TokenError("pkcs11_not_installed") from exc
    try:
        return pkcs11.lib(str(module_path))
    except Exception as exc:  # not a shared library, or not PKCS#11
        raise TokenError("module_invalid", path=module_path, error=exc) from exc


@dataclass
class TokenInfo:
    slot: int
    label: str
    manufacturer: str
    serial: str
    login_required: bool
    locked: bool
    final_try: bool
    certificates: list[dict] = field(default_factory=list)   # {label, id, subject}
    keys: list[dict] = field(default_factory=list)           # {label, id} (after login)


def _label(text) -> str:
    return (text or "").strip()


def _tokens(lib) -> list:
    from pkcs11 import TokenFlag

    found = []
    for slot in lib.get_slots(token_present=True):
        try:
            token = slot.get_token()
        except Exception:  # pragma: no cover - pulled out while listing
            continue
        if token.flags & TokenFlag.TOKEN_INITIALIZED:
            found.append((slot, token))
    return found


def _cert_objects(session) -> list[dict]:
    from cryptography import x509
    from pkcs11 import Attribute, ObjectClass

    out = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            cert = x509.load_der_x509_certificate(obj[Attribute.VALUE])
            subject = cert.subject.rfc4514_string()
        except Exception:
            subject = ""
        out.append({"label": _label(obj[Attribute.LABEL]), "id": obj[Attribute.ID].hex(),
                    "subject": subject})
    return out


def _key_objects(session) -> list[dict]:
    from pkcs11 import Attribute, ObjectClass

    return [{"label": _label(obj[Attribute.LABEL]), "id": obj[Attribute.ID].hex()}
            for obj in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})]


def _login_error(exc, label: str, token) -> TokenError:
    from pkcs11 import TokenFlag, exceptions as p11e

    if isinstance(exc, p11e.PinLocked):
        return TokenError("token_locked", label=label)
    if isinstance(exc, (p11e.PinIncorrect, p11e.PinLenRange, p11e.PinInvalid)):
        try:
            flags = token.flags if token is not None else 0
        except Exception:  # pragma: no cover
            flags = 0
        if flags & TokenFlag.USER_PIN_LOCKED:
            return TokenError("token_locked", label=label)
        if flags & TokenFlag.USER_PIN_FINAL_TRY:
            return TokenError("pin_final_try", label=label)
        return TokenError("pin_incorrect", label=label)
    return TokenError("token_error", label=label, error=exc)


def list_tokens(module_path, token_label: str | None = None,
                pin: str | None = None) -> list[TokenInfo]:
    """The tokens the module sees, with their certificates (public objects); with
    ``token_label`` and ``pin``, that token's private keys too (after logging in)."""
    from pkcs11 import TokenFlag

    lib = load_module(module_path)
    infos = []
    for slot, token in _tokens(lib):
        flags = token.flags
        info = TokenInfo(slot=slot.slot_id, label=_label(token.label),
                         manufacturer=_label(token.manufacturer_id),
                         serial=_label(token.serial.decode("ascii", "replace")
                                       if isinstance(token.serial, bytes) else token.serial),
                         login_required=bool(flags & TokenFlag.LOGIN_REQUIRED),
                         locked=bool(flags & TokenFlag.USER_PIN_LOCKED),
                         final_try=bool(flags & TokenFlag.USER_PIN_FINAL_TRY))
        login = pin is not None and token_label is not None and info.label == token_label
        if login and info.locked:
            raise TokenError("token_locked", label=info.label)
        try:
            session = token.open(user_pin=pin) if login else token.open()
        except Exception as exc:
            if login:
                raise _login_error(exc, info.label, token) from exc
            infos.append(info)
            continue
        try:
            info.certificates = _cert_objects(session)
            if login:
                info.keys = _key_objects(session)
        finally:
            session.close()
        infos.append(info)
    if token_label is not None and not any(i.label == token_label for i in infos):
        raise TokenError("token_missing", label=token_label,
                         found=_none([i.label for i in infos]))
    return infos


def open_session(module_path, token_label: str | None, pin: str):
    """A logged-in session on the token labelled ``token_label`` (the only token when None)."""
    lib = load_module(module_path)
    tokens = _tokens(lib)
    labels = [_label(t.label) for _s, t in tokens]
    if token_label:
        match = [t for _s, t in tokens if _label(t.label) == token_label]
    else:
        match = [t for _s, t in tokens] if len(tokens) == 1 else []
    if not match:
        raise TokenError("token_missing", label=token_label or "", found=_none(labels))
    token = match[0]
    label = _label(token.label)
    from pkcs11 import TokenFlag

    if token.flags & TokenFlag.USER_PIN_LOCKED:
        raise TokenError("token_locked", label=label)
    try:
        return token.open(user_pin=pin), label
    except Exception as exc:
        raise _login_error(exc, label, token) from exc


def find_key(session, token_label: str, key_label: str | None) -> tuple[dict, dict]:
    """(key, certificate) of ``key_label`` (the certificate with the same label or the key's
    id); without a label, the token's only certificate and its key."""
    certs, keys = _cert_objects(session), _key_objects(session)
    found = sorted({k["label"] for k in keys} | {c["label"] for c in certs})
    if key_label is None:
        if len(certs) != 1:
            raise TokenError("key_ambiguous" if certs else "key_missing", label=token_label,
                             count=len(certs), key="", found=_none(found))
        cert = certs[0]
        key = next((k for k in keys if k["id"] == cert["id"]),
                   next((k for k in keys if k["label"] == cert["label"]), None))
    else:
        key = next((k for k in keys if k["label"] == key_label), None)
        cert = next((c for c in certs if c["label"] == key_label), None)
        if key is None and cert is not None:
            key = next((k for k in keys if k["id"] == cert["id"]), None)
        if cert is None and key is not None:
            cert = next((c for c in certs if c["id"] == key["id"]), None)
    if key is None or cert is None:
        raise TokenError("key_missing", label=token_label, key=key_label or "",
                         found=_none(found))
    return key, cert
