"""Remote signing through the Cloud Signature Consortium API (VNPT SmartCA, Viettel MySign…).

The only part of chibo that opens a network connection, and only when the secretary asks to
sign with a remote provider. pyHanko's CSC signer does the signing; ``RemoteSigner`` is one more
``Signer`` for the core's ``meeting_docs.sign_document``, so the same checks apply and a failed
signature stores nothing.

The network work runs on a worker thread with its own event loop; the calling thread waits and
calls ``progress(stage, seconds)`` about ten times a second (the command line prints that it is
waiting, the desktop shows a progress dialog and keeps its window alive); ``progress`` returning
False cancels. Provider settings (name, base URL, client id, credential id) are cell settings;
the access token and the PIN are asked each time and never stored.
"""
from __future__ import annotations

import asyncio
import ipaddress
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

from app.i18n import N_, _

from .keys import SigningError

PROVIDERS_KEY = "remote_signing_providers"     # cell setting: a list of provider dicts
DEFAULT_TIMEOUT = 300                           # seconds; providers expire requests in minutes

# code -> (message template, command line exit code)
REMOTE_ERRORS: dict[str, tuple[str, int]] = {
    "remote_url_invalid": (N_("The signing service address {url} is not valid: it must start "
                              "with https:// (http:// only for a test service on this "
                              "computer)."), 20),
    "remote_unreachable": (N_("Cannot reach the signing service {url}: {error}. Check the "
                              "Internet connection and try again; nothing was changed."), 21),
    "remote_timeout": (N_("The signing service did not answer within {seconds} seconds (was the "
                          "signature confirmed on the phone?). Nothing was changed; try again."),
                       22),
    "remote_refused": (N_("The signing service refused the request ({status}): {error}. Check "
                          "the credential and the access token; nothing was changed."), 23),
    "remote_bad_answer": (N_("The signing service gave an answer chibo cannot use: {error}. "
                             "Nothing was changed."), 24),
    "remote_cancelled": (N_("Remote signing was cancelled; nothing was changed."), 25),
}

STAGES = {"certificate": N_("Fetching the certificate from the signing service…"),
          "confirm": N_("Waiting for the signer to confirm on the phone…")}


class RemoteSigningError(SigningError):
    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)

    def __str__(self) -> str:
        return _(REMOTE_ERRORS[self.code][0]).format(**self.params)

    @property
    def exit_code(self) -> int:
        return REMOTE_ERRORS[self.code][1]


@dataclass(frozen=True)
class Provider:
    """A remote signing provider, as kept in the cell settings (no secret)."""
    name: str
    base_url: str
    client_id: str = ""
    credential_id: str = ""


def check_url(url: str) -> str:
    """The base URL without its trailing slash; https, or http to a loopback address."""
    parts = urlsplit((url or "").strip())
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not host or parts.scheme not in ("https", "http") or (parts.scheme == "http"
                                                             and not loopback):
        raise RemoteSigningError("remote_url_invalid", url=url)
    return (url or "").strip().rstrip("/")


def providers(store) -> list[Provider]:
    return [Provider(**p) for p in (store.get_setting(PROVIDERS_KEY, []) or [])]


def save_provider(store, provider: Provider) -> Provider:
    """Add or replace (by name) a provider in the cell settings."""
    provider = Provider(name=provider.name.strip(), base_url=check_url(provider.base_url),
                        client_id=provider.client_id.strip(),
                        credential_id=provider.credential_id.strip())
    if not provider.name:
        raise ValueError(_("Give the provider a name."))
    kept = [p for p in providers(store) if p.name != provider.name]
    store.set_setting(PROVIDERS_KEY, [asdict(p) for p in kept + [provider]])
    return provider


def get_provider(store, name: str) -> Provider:
    for provider in providers(store):
        if provider.name == name:
            return provider
    raise ValueError(_("No remote signing provider named “{name}” (providers: {names}).").format(
        name=name, names=", ".join(p.name for p in providers(store)) or "—"))


Progress = Callable[[str, float], Any]


class RemoteSigner:
    """A credential at a CSC service. ``access_token`` (OAuth bearer) and ``pin`` are used for
    this signature only. ``credential`` (from an earlier signer) saves fetching the
    certificate again when a queue is signed."""

    kind = "csc"

    def __init__(self, provider: Provider, *, access_token: str | None = None,
                 pin: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 progress: Progress | None = None, credential=None):
        self.provider = provider
        self.url = check_url(provider.base_url)
        self._token, self._pin = access_token or None, pin or None
        self.timeout, self.progress = timeout, progress
        self.credential = credential

    # --- the Signer protocol -----------------------------------------------------------

    def certificate(self):
        from cryptography import x509

        if self.credential is None:
            self.credential = self._run(self._fetch_credential, "certificate")
        return x509.load_der_x509_certificate(self.credential.signing_cert.dump())

    def sign_pdf(self, pdf_bytes: bytes, *, field_name: str, signer_role: str,
                 location: str | None = None, **stamp: Any) -> bytes:
        self.certificate()

        async def sign(session):
            from pyhanko.sign.signers.csc_signer import CSCSigner

            from .signing import _async_sign, _common_name

            class Signer(CSCSigner):
                """Keeps the reason of a failed commit (pyHanko logs it and says only that
                no signature came back)."""
                failure: BaseException | None = None

                async def _do_commit(self, batch):
                    try:
                        return await super()._do_commit(batch)
                    except BaseException as exc:
                        Signer.failure = exc
                        raise

            signer = Signer(session, _Authorizer(self._session_info(), self.credential,
                                                 session, self._pin, self.timeout),
                            sign_timeout=int(self.timeout))
            try:
                return await _async_sign(
                    pdf_bytes, signer, _common_name(self.credential.signing_cert),
                    field_name=field_name, signer_role=signer_role, location=location,
                    stamp_box=stamp.get("stamp_box"), page=stamp.get("page"),
                    reason=stamp.get("reason"))
            except Exception:
                if Signer.failure is not None:
                    raise Signer.failure
                raise

        return self._run(sign, "confirm")

    def close(self) -> None:
        self._token = self._pin = None

    def credential_ids(self) -> list[str]:
        """The credentials the access token may use (``credentials/list``), to choose one."""
        async def fetch(session):
            import aiohttp

            async with session.post(
                    self._session_info().endpoint_url("credentials/list"),
                    headers=self._session_info().auth_headers, json={},
                    raise_for_status=True,
                    timeout=aiohttp.ClientTimeout(total=self.timeout)) as response:
                data = await response.json()
            ids = data.get("credentialIDs") if isinstance(data, dict) else None
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise ValueError("credentialIDs")
            return ids

        return self._run(fetch, "certificate")

    # --- the network, on a worker thread -----------------------------------------------

    def _session_info(self):
        from pyhanko.sign.signers.csc_signer import CSCServiceSessionInfo

        return CSCServiceSessionInfo(self.url, self.provider.credential_id,
                                     oauth_token=self._token)

    async def _fetch_credential(self, session):
        from pyhanko.sign.signers.csc_signer import fetch_certs_in_csc_credential

        return await fetch_certs_in_csc_credential(session, self._session_info(),
                                                   timeout=int(self.timeout))

    def _run(self, work, stage: str):
        """Run ``work(aiohttp session)`` on a worker thread; wait, report progress, cancel."""
        import aiohttp

        loop = asyncio.new_event_loop()
        outcome: dict[str, Any] = {}

        async def main():
            async with aiohttp.ClientSession() as session:
                return await work(session)

        task_box: list = []

        def worker():
            asyncio.set_event_loop(loop)
            task = loop.create_task(main())
            task_box.append(task)
            try:
                outcome["value"] = loop.run_until_complete(task)
            except BaseException as exc:  # reported on the calling thread
                outcome["error"] = exc
            finally:
                loop.close()

        thread = threading.Thread(target=worker, name="chibo-remote-signing", daemon=True)
        started = time.monotonic()
        thread.start()
        stop = None
        while thread.is_alive():
            thread.join(0.1)
            if not thread.is_alive():
                break
            waited = time.monotonic() - started
            if waited > self.timeout + 5:
                stop = "remote_timeout"
            elif self.progress is not None and self.progress(stage, waited) is False:
                stop = "remote_cancelled"
            if stop:
                if task_box:
                    try:
                        loop.call_soon_threadsafe(task_box[0].cancel)
                    except RuntimeError:  # the loop just finished and closed
                        pass
                thread.join(10)
                break
        if stop == "remote_timeout":
            raise RemoteSigningError(stop, seconds=int(self.timeout))
        if stop:
            raise RemoteSigningError(stop)
        if "error" in outcome:
            raise self._explain(outcome["error"]) from outcome["error"]
        return outcome["value"]

    def _explain(self, exc: BaseException) -> SigningError:
        import aiohttp

        if isinstance(exc, SigningError):   # chibo's own (a field already signed…)
            return exc
        cause = exc
        while cause is not None and not isinstance(cause, (aiohttp.ClientError,
                                                           asyncio.TimeoutError)):
            cause = cause.__cause__ or cause.__context__
        if isinstance(cause, asyncio.TimeoutError):
            return RemoteSigningError("remote_timeout", seconds=int(self.timeout))
        if isinstance(cause, aiohttp.ClientResponseError):
            return RemoteSigningError("remote_refused", status=cause.status,
                                      error=cause.message or "")
        if isinstance(cause, aiohttp.ClientError):
            return RemoteSigningError("remote_unreachable", url=self.url, error=cause)
        if isinstance(exc, asyncio.CancelledError):
            return RemoteSigningError("remote_cancelled")
        return RemoteSigningError("remote_bad_answer", error=exc)


def _authorizer_base():
    from pyhanko.sign.signers.csc_signer import CSCAuthorizationManager

    return CSCAuthorizationManager


class _Authorizer:
    """Asks ``credentials/authorize`` for the signature activation data of the hashes being
    signed (the provider may wait there for the signer's confirmation on the phone)."""

    def __new__(cls, *args, **kwargs):
        base = _authorizer_base()

        class Authorizer(base):
            def __init__(self, session_info, credential, session, pin, timeout):
                super().__init__(session_info, credential)
                self.session, self.pin, self.timeout = session, pin, timeout

            async def authorize_signature(self, hash_b64s):
                import aiohttp

                request = self.format_csc_auth_request(
                    pin=self.pin, hash_b64s=hash_b64s,
                    description="chibo")
                url = self.csc_session_info.endpoint_url("credentials/authorize")
                async with self.session.post(
                        url, headers=self.auth_headers, json=request, raise_for_status=True,
                        timeout=aiohttp.ClientTimeout(total=self.timeout)) as response:
                    return self.parse_csc_auth_response(await response.json())

        return Authorizer(*args, **kwargs)
