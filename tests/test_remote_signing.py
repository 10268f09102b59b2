"""Sign when online: the signing queue and remote signing through the CSC API, against a local
CSC test service (certomancer-csc-dummy on 127.0.0.1, started and stopped here). The command
line runs as real processes; the signed PDFs are checked with pdfsig and ``chibo verify``. A
service that cannot be reached, does not answer or refuses, and a cancel, change nothing."""
from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import threading

import pytest

from app import meeting_docs
from app.documents.keys import certificate_fingerprint
from app.documents.remote import Provider, RemoteSigner, RemoteSigningError, save_provider
from app.store import open_store

from csc_helpers import csc_server  # noqa: F401 (fixture)
from csc_helpers import free_port
from pdf_checks import needs_pdf_tools
from test_cli import chibo

pytestmark = needs_pdf_tools

TOKEN = "bí-mật-truy-cập-123"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("remote-demo")
    chibo("demo", "--db", str(folder / "demo.sqlite"))
    return folder


@pytest.fixture
def cell(tmp_path, demo_template):
    """A fresh copy of the demo file (with its stored documents beside it)."""
    folder = tmp_path / "cell"
    shutil.copytree(demo_template, folder,
                    ignore=shutil.ignore_patterns("*.lock", "backups"))
    return {"db": folder / "demo.sqlite", "folder": tmp_path}


def run(cell, *args):
    return chibo(*args, "--db", str(cell["db"]), check=False)


def queue(cell, *extra):
    result = run(cell, "remote", "queue", "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def snapshot(cell, store=None):
    """Every stored document row and file digest: what a refusal must leave as it was."""
    if store is None:
        with open_store(cell["db"]) as store:
            return snapshot(cell, store)
    return sorted((r["id"], r["sha256"], r["signed"], r["supersedes"])
                  for r in store.db["document"].rows)


def hanging_service():
    """A socket on 127.0.0.1 that accepts and never answers (a provider waiting forever)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return server, held, f"http://127.0.0.1:{server.getsockname()[1]}"


def test_the_queue_holds_finalised_unsigned_minutes(cell):
    items = queue(cell)
    with open_store(cell["db"]) as store:
        finalised = [r["id"] for r in store.db["meeting"].rows_where(
            "status = 'finalised' and id not in (select amends from meeting where amends is "
            "not null)")]
        drafts = [r["id"] for r in store.db["meeting"].rows_where("status != 'finalised'")]
    assert items and {i["meeting_id"] for i in items} <= set(finalised)
    assert not {i["meeting_id"] for i in items} & set(drafts)
    assert all(i["free_slots"] == ["ThuKy", "ChuTri"] for i in items)
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)


def test_remote_signing_signs_the_queue(cell, csc_server):
    before = queue(cell)
    assert run(cell, "remote", "add", "SmartCA thử", "--url", csc_server["url"] + "/",
               "--client-id", "chibo-cell-1", "--credential",
               csc_server["credential"]).returncode == 0
    listed = json.loads(run(cell, "remote", "list", "--json").stdout)
    assert listed == [{"name": "SmartCA thử", "base_url": csc_server["url"],
                       "client_id": "chibo-cell-1", "credential_id": csc_server["credential"]}]
    token_file = cell["folder"] / "token.txt"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    first = before[0]
    with open_store(cell["db"]) as store:
        unsigned = meeting_docs.document_bytes(store, first["document_id"])
    result = run(cell, "remote", "sign", "SmartCA thử", "--access-token-file", str(token_file))
    assert result.returncode == 0, result.stderr
    assert "Đang chờ người ký xác nhận trên điện thoại" in result.stdout
    assert result.stdout.count("Đã ký: ") == len(before)
    assert queue(cell) == []
    # The signed copies: the stored unsigned bytes plus an incremental update, valid for
    # pdfsig and for chibo verify (trusted by the credential's certificate fingerprint).
    with open_store(cell["db"]) as store:
        row = meeting_docs.current_document(store, first["meeting_id"], "minutes")
        signed = meeting_docs.document_bytes(store, row["id"])
        old = meeting_docs.get_document(store, first["document_id"])
    assert row["signer"] == csc_server["name"] and row["signature_field"] in ("ChuTri", "ThuKy")
    assert signed.startswith(unsigned) and old["sha256"] == hashlib.sha256(unsigned).hexdigest()
    out = cell["folder"] / "signed.pdf"
    out.write_bytes(signed)
    sig = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in sig and csc_server["name"] in sig
    verified = chibo("verify", str(out), "--trust", row["signer_fingerprint"], check=False)
    assert verified.returncode == 0 and "Tin cậy: có" in verified.stdout, verified.stdout
    # No secret in the cell's file.
    assert TOKEN.encode() not in cell["db"].read_bytes()
    assert TOKEN.encode("utf-8") not in json.dumps(listed, ensure_ascii=False).encode()


def test_the_provider_lists_its_credentials(cell, csc_server):
    run(cell, "remote", "add", "thử", "--url", csc_server["url"], "--credential",
        csc_server["credential"])
    result = run(cell, "remote", "credentials", "thử")
    assert result.returncode == 0, result.stderr
    assert f"{csc_server['credential']} (đang dùng)" in result.stdout.splitlines()
    ids = json.loads(run(cell, "remote", "credentials", "thử", "--json").stdout)
    assert csc_server["credential"] in ids and "chibo-ca/root" in ids


def test_an_unreachable_service_changes_nothing_and_is_tried_again(cell):
    url = f"http://127.0.0.1:{free_port()}"       # nobody listens there
    run(cell, "remote", "add", "offline", "--url", url, "--credential", "x/y")
    before, docs = queue(cell), snapshot(cell)
    result = run(cell, "remote", "sign", "offline", "--retries", "1")
    assert result.returncode == 21, result.stderr
    assert "Không kết nối được với dịch vụ ký số" in result.stderr
    assert "Thử lại (lần 1/1)" in result.stdout
    assert "vẫn nằm trong hàng chờ ký" in result.stderr
    assert queue(cell) == before and snapshot(cell) == docs


def test_a_service_that_does_not_answer_times_out(cell):
    server, held, url = hanging_service()
    try:
        run(cell, "remote", "add", "slow", "--url", url, "--credential", "x/y")
        docs = snapshot(cell)
        first = queue(cell)[0]["meeting_id"]
        result = run(cell, "remote", "sign", "slow", "--timeout", "2", "--retries", "0",
                     "--meeting", first)
    finally:
        server.close()
        for conn in held:
            conn.close()
    assert result.returncode == 22, result.stderr
    assert "không trả lời trong 2 giây" in result.stderr
    assert snapshot(cell) == docs


def test_a_refused_credential_changes_nothing(cell, csc_server):
    run(cell, "remote", "add", "wrong", "--url", csc_server["url"], "--credential",
        "chibo-ca/khong-co")
    docs = snapshot(cell)
    result = run(cell, "remote", "sign", "wrong", "--retries", "3")
    assert result.returncode == 23, result.stderr
    assert "từ chối yêu cầu (404)" in result.stderr
    assert "Thử lại" not in result.stdout          # a refusal is not retried by itself
    assert snapshot(cell) == docs


def test_only_https_or_a_local_test_service(cell):
    result = run(cell, "remote", "add", "plain", "--url", "http://smartca.example.vn",
                 "--credential", "x")
    assert result.returncode == 20 and "https://" in result.stderr
    assert json.loads(run(cell, "remote", "list", "--json").stdout) == []
    assert run(cell, "remote", "sign", "plain").returncode == 2


def test_cancel_while_waiting_for_the_confirmation(cell):
    """The core path the desktop uses: progress is called while waiting; False cancels."""
    server, held, url = hanging_service()
    calls = []

    def progress(stage, seconds):
        calls.append(stage)
        return len(calls) < 5

    try:
        with open_store(cell["db"]) as store:
            provider = save_provider(store, Provider("slow", url, "", "x/y"))
            docs = snapshot(cell, store)
            item = meeting_docs.signing_queue(store)[0]
            results = meeting_docs.sign_queue(
                store, [item] * 2, lambda: RemoteSigner(provider, progress=progress))
            after = snapshot(cell, store)
    finally:
        server.close()
        for conn in held:
            conn.close()
    assert len(results) == 1                        # the cancel stops the queue
    assert isinstance(results[0]["error"], RemoteSigningError)
    assert results[0]["error"].code == "remote_cancelled" and calls == ["certificate"] * 5
    assert after == docs


def test_core_signer_certificate(csc_server):
    signer = RemoteSigner(Provider("t", csc_server["url"], "", csc_server["credential"]))
    cert = signer.certificate()
    assert csc_server["name"] in cert.subject.rfc4514_string()
    assert len(certificate_fingerprint(cert)) == 64
