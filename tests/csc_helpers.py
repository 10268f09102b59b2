"""A local Cloud Signature Consortium (CSC) test service for the remote signing tests:
certomancer-csc-dummy (the test extra) serving a small PKI made here (a root CA and the
secretary's certificate with digitalSignature + nonRepudiation), bound to 127.0.0.1 on a free
port, started and stopped by the ``csc_server`` fixture. The service is a testing tool: it signs
without authenticating anyone."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ARCH, SIGNER = "chibo-ca", "hoa"
CREDENTIAL = f"{ARCH}/{SIGNER}"
SIGNER_NAME = "Nguyễn Thị Hoa"

SERVER = """
import os, sys, threading, time
from aiohttp import web
from certomancer import registry
from csc_dummy.csc_dummy_server import CSCWithCertomancer, DummyServiceParams

parent = os.getppid()

def orphaned():  # the test process died without stopping us (a crash): stop too
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)

threading.Thread(target=orphaned, daemon=True).start()
cfg = registry.CertomancerConfig.from_file(sys.argv[1])
csc = CSCWithCertomancer(cfg, service_params=DummyServiceParams(hash_pinning_required=True))
csc.register_routes()
web.run_app(csc.app, host="127.0.0.1", port=int(sys.argv[2]), print=None)
"""

CONFIG = """
external-url-prefix: "http://127.0.0.1"
keysets:
  chibo:
    path-prefix: {keys}
    keys:
      root:
        path: root.key.pem
      {signer}:
        path: signer.key.pem
pki-architectures:
  {arch}:
    keyset: chibo
    entity-defaults:
      country-name: VN
      organization-name: Chibo Test CA
    entities:
      root:
        common-name: Chibo Test Root
      {signer}:
        common-name: "{name}"
    certs:
      root:
        subject: root
        issuer: root
        validity:
          valid-from: "2020-01-01T00:00:00+0000"
          valid-to: "2200-01-01T00:00:00+0000"
        extensions:
          - id: basic_constraints
            critical: true
            value:
              ca: true
          - id: key_usage
            critical: true
            smart-value:
              schema: key-usage
              params: [digital_signature, key_cert_sign, crl_sign]
      {signer}:
        subject: {signer}
        issuer: root
        validity:
          valid-from: "2020-01-01T00:00:00+0000"
          valid-to: "2200-01-01T00:00:00+0000"
        extensions:
          - id: key_usage
            critical: true
            smart-value:
              schema: key-usage
              params: [digital_signature, non_repudiation]
"""


def missing() -> str | None:
    try:
        import csc_dummy  # noqa: F401
        import certomancer  # noqa: F401
    except ImportError:
        return "certomancer-csc-dummy is not installed (the test extra)"
    return None


def _write_pki(root: Path) -> Path:
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import rsa

    keys = root / "keys"
    keys.mkdir()
    for name in ("root", "signer"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (keys / f"{name}.key.pem").write_bytes(key.private_bytes(
            ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
    config = root / "certomancer.yml"
    config.write_text(CONFIG.format(keys=keys, signer=SIGNER, arch=ARCH, name=SIGNER_NAME),
                      encoding="utf-8")
    return config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path, port: int | None = None):
    """(process, base URL) of a CSC service serving the PKI written under ``root``."""
    config = root / "certomancer.yml"
    if not config.exists():
        config = _write_pki(root)
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(config), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the CSC test service did not start: "
                                   + proc.stderr.read().decode(errors="replace"))
            time.sleep(0.1)
    return proc, f"http://127.0.0.1:{port}"


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def csc_server(tmp_path_factory):
    """{url, credential, name, root (its folder), port}: a running CSC test service."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("csc")
    proc, url = start_server(root)
    try:
        yield {"url": url, "credential": CREDENTIAL, "name": SIGNER_NAME, "root": root,
               "port": int(url.rsplit(":", 1)[1]), "proc": proc}
    finally:
        stop_server(proc)
