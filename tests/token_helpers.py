"""A real PKCS#11 token for the signing tests: SoftHSM 2 with a key and certificate imported
from a local key file (pkcs11-tool from OpenSC). Skipped cleanly where SoftHSM, OpenSC or the
optional python-pkcs11 package is missing (.ci/run installs them)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so")
LABEL, PIN = "chibo-test", "123456"


def softhsm_module() -> str | None:
    return next((m for m in MODULES if Path(m).is_file()), None)


def missing() -> str | None:
    """Why a real token cannot be made here, or None."""
    try:
        import pkcs11  # noqa: F401
    except ImportError:
        return "python-pkcs11 is not installed (the optional 'token' extra)"
    if not softhsm_module() or not shutil.which("softhsm2-util"):
        return "SoftHSM 2 is not installed"
    if not shutil.which("pkcs11-tool"):
        return "pkcs11-tool (OpenSC) is not installed"
    return None


_TOKEN: dict = {}   # once per process: the PKCS#11 module reads its configuration only once


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory):
    """{module, label, pin, name, fingerprint}: a token holding one EC key and its certificate
    (made by ``new_local_key`` for "Lê Thị Lan")."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    if not _TOKEN:
        _TOKEN.update(_make_token(tmp_path_factory))
    return _TOKEN


def _make_token(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("softhsm")
    token = init_token(root, LABEL, PIN)
    os.environ["SOFTHSM2_CONF"] = token["conf"]     # read when the module is loaded
    return token


def init_token(root: Path, label: str, pin: str, name: str = "Lê Thị Lan",
               key_label: str = "lan") -> dict:
    """A new SoftHSM token store under ``root`` (its own configuration file, for processes
    started with SOFTHSM2_CONF=conf): one token holding one EC key and its certificate, made
    by ``new_local_key`` (key usage digitalSignature + nonRepudiation)."""
    from cryptography.hazmat.primitives import serialization as ser

    from app.documents.keys import certificate_fingerprint, load_p12, new_local_key

    (root / "tokens").mkdir()
    conf = root / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n")
    module = softhsm_module()
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, env=env)  # noqa: E731
    run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
        "--so-pin", "87654321")
    new_local_key(name, root / "lan.p12", "pw")
    key, cert, _others = load_p12(root / "lan.p12", "pw")
    (root / "key.der").write_bytes(key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8,
                                                     ser.NoEncryption()))
    (root / "cert.der").write_bytes(cert.public_bytes(ser.Encoding.DER))
    for kind, file in (("privkey", "key.der"), ("cert", "cert.der")):
        run("pkcs11-tool", "--module", module, "--token-label", label, "--login", "--pin", pin,
            "--write-object", str(root / file), "--type", kind, "--id", "01", "--label",
            key_label)
    (root / "key.der").unlink()
    return {"module": module, "label": label, "pin": pin, "name": name, "conf": str(conf),
            "cert": cert, "fingerprint": certificate_fingerprint(cert)}
