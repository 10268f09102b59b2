"""A real PKCS#11 token (SoftHSM 2, initialised here) from the command line: ``chibo keys list
--pkcs11`` and ``chibo minutes|resolution ID --pkcs11 … --token … --key … --pin-file …`` as real
processes; the signed PDF checked by ``pdfsig`` and ``chibo verify``; each token problem with its
Vietnamese message and exit code, and the stored documents unchanged by a refusal."""
from __future__ import annotations

import json
import subprocess

import pytest
from cryptography import x509

from app import meeting_docs
from app.store import open_store

from pdf_checks import needs_pdf_tools
from test_cli import chibo
from token_helpers import init_token, missing

pytestmark = [needs_pdf_tools,
              pytest.mark.skipif(missing() is not None, reason=str(missing()))]

PIN = "246810"


@pytest.fixture(scope="module")
def cell(tmp_path_factory):
    """A demo file and a fresh SoftHSM token store of its own (SOFTHSM2_CONF for the processes
    started here only): token "chibo-cli" with the key "hoa" of the secretary Nguyễn Thị Hoa."""
    folder = tmp_path_factory.mktemp("token-cli")
    db = folder / "demo.sqlite"
    chibo("demo", "--db", str(db))
    rows = json.loads(chibo("meeting", "list", "--json", "--db", str(db)).stdout)
    (folder / "hsm").mkdir()
    token = init_token(folder / "hsm", "chibo-cli", PIN, name="Nguyễn Thị Hoa", key_label="hoa")
    pin = folder / "pin.txt"
    pin.write_text(PIN + "\n", encoding="utf-8")
    bad = folder / "bad-pin.txt"
    bad.write_text("000000\n", encoding="utf-8")
    finalised = [r for r in rows if r["status"] == "finalised" and r["kind"] == "regular"]
    return {"folder": folder, "db": db, "finalised": finalised, "token": token, "pin": pin,
            "bad": bad, "env": {"SOFTHSM2_CONF": token["conf"]}}


def run(cell, *args):
    return chibo(*args, "--db", str(cell["db"]), env=cell["env"], check=False)


def sign_args(cell, key="hoa", pin=None, token="chibo-cli", module=None):
    return ["--pkcs11", module or cell["token"]["module"], "--token", token, "--key", key,
            "--pin-file", str(pin or cell["pin"])]


def stored(cell, mid, kind="minutes"):
    with open_store(cell["db"]) as store:
        return [(d["id"], d["sha256"], d["signed"]) for d in
                meeting_docs.documents_for(store, mid, kind)]


def test_the_certificate_on_the_token_is_for_non_repudiation(cell):
    usage = cell["token"]["cert"].extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.content_commitment and usage.digital_signature


def test_keys_list_shows_the_token_and_its_key(cell):
    module = cell["token"]["module"]
    out = run(cell, "keys", "list", "--pkcs11", module)
    assert out.returncode == 0, out.stderr
    assert "Token “chibo-cli”" in out.stdout and "sẵn sàng" in out.stdout
    assert "chứng thư “hoa” (id 01): " in out.stdout and "CN=Nguyễn Thị Hoa" in out.stdout
    # Logged in: the private key is listed with its certificate; the PIN is not kept.
    data = json.loads(run(cell, "keys", "list", "--pkcs11", module, "--token", "chibo-cli",
                          "--pin-file", str(cell["pin"]), "--json").stdout)
    [token] = data
    assert token["label"] == "chibo-cli" and token["locked"] is False
    assert token["keys"] == [{"label": "hoa", "id": "01"}]
    assert [c["label"] for c in token["certificates"]] == ["hoa"]
    assert PIN.encode() not in cell["db"].read_bytes()


def test_minutes_signed_with_the_token_pass_pdfsig_and_chibo_verify(cell):
    row = cell["finalised"][2]
    before = stored(cell, row["id"])
    out_pdf = cell["folder"] / "signed-token.pdf"
    result = run(cell, "minutes", row["id"], "--out", str(out_pdf), *sign_args(cell))
    assert result.returncode == 0, result.stderr
    # The secretary chaired: the token's key signs the CHỦ TRÌ block.
    assert "Đã ký số: Nguyễn Thị Hoa (CHỦ TRÌ)" in result.stdout
    sig = subprocess.run(["pdfsig", str(out_pdf)], capture_output=True, text=True).stdout
    assert "Signature Field Name: ChuTri" in sig and "Signature is Valid" in sig
    assert "Nguyễn Thị Hoa" in sig
    verified = chibo("verify", str(out_pdf), "--trust", cell["token"]["fingerprint"],
                     check=False)
    assert verified.returncode == 0, verified.stdout
    assert "(ChuTri): Nguyễn Thị Hoa" in verified.stdout and "Tin cậy: có" in verified.stdout
    # Stored: the unsigned copy unchanged, the signed one new and current.
    after = stored(cell, row["id"])
    assert after[0] == before[0] and len(after) == len(before) + 1 and after[-1][2]
    assert PIN.encode() not in cell["db"].read_bytes()


def test_resolution_signed_with_the_token(cell):
    row = cell["finalised"][1]
    out_pdf = cell["folder"] / "resolution-token.pdf"
    result = run(cell, "resolution", row["id"], "--out", str(out_pdf), *sign_args(cell))
    assert result.returncode == 0, result.stderr
    sig = subprocess.run(["pdfsig", str(out_pdf)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in sig


@pytest.mark.parametrize("case, code, message", [
    ("module", 10, "Không tìm thấy thư viện PKCS#11 của USB token"),
    ("token", 11, "Không có token USB nào mang nhãn “khong-co”"),
    ("key", 12, "không có khóa ký nào mang nhãn “khong-co”"),
    ("pin", 13, "Mã PIN của token USB “chibo-cli” không đúng"),
])
def test_token_problems_are_said_and_change_nothing(cell, case, code, message):
    row = cell["finalised"][0]
    args = {"module": sign_args(cell, module=str(cell["folder"] / "khong-co.so")),
            "token": sign_args(cell, token="khong-co"),
            "key": sign_args(cell, key="khong-co"),
            "pin": sign_args(cell, pin=cell["bad"])}[case]
    before = stored(cell, row["id"])
    out_pdf = cell["folder"] / f"refused-{case}.pdf"
    result = run(cell, "minutes", row["id"], "--out", str(out_pdf), *args)
    assert result.returncode == code, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not out_pdf.exists() and stored(cell, row["id"]) == before
    if case == "token":
        assert "chibo-cli" in result.stderr          # the tokens that are there
    if case in ("module", "pin"):            # keys list says the same
        extra = ["--token", "chibo-cli", "--pin-file", str(cell["bad"])] if case == "pin" else []
        listed = run(cell, "keys", "list", *args[:2], *extra)
        assert listed.returncode == code and message in listed.stderr


def test_a_pin_file_is_needed(cell):
    row = cell["finalised"][0]
    result = run(cell, "minutes", row["id"], "--out", str(cell["folder"] / "x.pdf"),
                 "--pkcs11", cell["token"]["module"], "--token", "chibo-cli")
    assert result.returncode == 2 and "--pin-file" in result.stderr


def test_locked_token_and_last_try_messages():
    """SoftHSM never locks a token, so the mapping of the token's answers is checked with the
    python-pkcs11 exceptions themselves."""
    pkcs11 = pytest.importorskip("pkcs11")
    from app.documents.tokens import _login_error

    class Token:
        flags = pkcs11.TokenFlag.USER_PIN_FINAL_TRY

    err = _login_error(pkcs11.exceptions.PinLocked(), "t", None)
    assert (err.code, err.exit_code) == ("token_locked", 14)
    assert _login_error(pkcs11.exceptions.PinIncorrect(), "t", Token()).code == "pin_final_try"
    Token.flags = pkcs11.TokenFlag.USER_PIN_LOCKED
    assert _login_error(pkcs11.exceptions.PinIncorrect(), "t", Token()).code == "token_locked"
