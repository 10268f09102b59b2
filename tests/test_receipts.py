"""Receipts back to the cell and documents sent down (issue 17, items 4 and 5): real cells,
real office, real keys, through the CLI and the core."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.documents.keys import new_local_key
from app.exchange import bundle as fmt
from app.exchange import downlink
from app.exchange.downlink import OFFICE_JSON
from app.exchange.office import import_folder, open_office
from app.exchange.office_migrations import migrations as office_migrations
from app.store import open_store
from app.store.blobs import read_blob
from tests.office_helpers import PASS, export_demo_cell
from tests.test_cli import chibo
from tests.test_office_trust import Key

PDF_TEXT = "Chỉ thị về học tập"


@pytest.fixture
def setup(tmp_path):
    cell = export_demo_cell(tmp_path / "cell")
    office_key = tmp_path / "office.p12"
    fp = new_local_key("Văn phòng Đảng ủy", office_key, PASS)
    pf = tmp_path / "pass.txt"
    pf.write_text(PASS + "\n", encoding="utf-8")
    return {"cell": cell, "db": str(cell["db"]), "usb": cell["out"],
            "office": str(tmp_path / "office.sqlite"), "key": str(office_key), "fp": fp,
            "pass": str(pf), "tmp": tmp_path}


def office_import(s, *extra, check=False):
    return chibo("office", "import", str(s["usb"]), "--db", s["office"], "--receipts",
                 str(s["usb"]), "--sign", s["key"], "--passphrase-file", s["pass"], *extra,
                 check=check)


def status(s) -> list[dict]:
    return json.loads(chibo("export", "--db", s["db"], "--status", "--json").stdout)


def receipts(folder: Path) -> list[Path]:
    return sorted(folder.glob(fmt.RECEIPT_PREFIX + "*.zip"))


def dump(db) -> list[str]:
    with open_store(db) as store:
        return list(store.conn.iterdump())


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rezip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def a_pdf(path: Path, text: str = PDF_TEXT) -> Path:
    from reportlab.pdfgen import canvas

    from app.documents import fonts

    fonts.register()
    c = canvas.Canvas(str(path))
    c.setFont(fonts.SERIF, 12)
    c.drawString(72, 720, text)
    c.save()
    return path


# --- receipts ------------------------------------------------------------------------------

def test_round_trip_export_office_receipt_cell_status(setup):
    s = setup
    before = status(s)
    assert [(st["office_received"], st["office_rejected"]) for st in before] == [(None, None)] * 3
    # The office does not trust the cell yet: every bundle is rejected, and the receipt says so.
    r = office_import(s)
    assert r.returncode == 1
    [first] = receipts(s["usb"])
    assert chibo("inbox", "trust", s["fp"], "--db", s["db"]).returncode == 0
    r = chibo("inbox", "import", str(s["usb"]), "--db", s["db"], "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    assert [(x["status"], x["count"]) for x in json.loads(r.stdout)] == [("receipt", 3)]
    rejected = status(s)
    assert all(st["office_received"] is None for st in rejected)
    assert all("not trusted" in st["office_rejected"] or "chưa được tin cậy"
               in st["office_rejected"] for st in rejected), rejected
    # The clerk trusts the cell; the next run's receipt says the office received them.
    first.unlink()
    r = office_import(s, "--trust-new")
    assert r.returncode == 0, r.stderr
    assert len(receipts(s["usb"])) == 1
    chibo("inbox", "import", str(s["usb"]), "--db", s["db"])
    with open_office(s["office"]) as office:
        written = office.db["outbox"].count
        day = next(office.db["outbox"].rows_where("kind = 'receipt'",
                                                  order_by="written_at desc"))["written_at"]
    assert written == 2
    after = status(s)
    assert [(st["office_received"], st["office_rejected"]) for st in after] == \
        [(day[:10], None)] * 3
    # Importing the same receipt again changes nothing; the home page's list is empty.
    r = chibo("inbox", "import", str(s["usb"]), "--db", s["db"], "--json")
    assert [x["status"] for x in json.loads(r.stdout)] == ["duplicate"]
    from app.exchange.export import not_received

    with open_store(s["db"]) as store:
        assert not_received(store) == []
    # The office's own receipts are never read as a cell's bundle.
    r = office_import(s, "--json")
    assert [x["status"] for x in json.loads(r.stdout)] == ["duplicate"] * 3


def test_not_received_lists_exports_without_a_receipt(setup):
    from app.exchange.export import not_received

    with open_store(setup["db"]) as store:
        assert len(not_received(store)) == 3


def test_receipts_need_the_three_options_and_a_good_passphrase(setup):
    s = setup
    r = chibo("office", "import", str(s["usb"]), "--db", s["office"], "--receipts",
              str(s["usb"]), check=False)
    assert r.returncode == 2 and "--passphrase-file" in r.stderr
    bad = s["tmp"] / "bad.txt"
    bad.write_text("sai\n")
    r = chibo("office", "import", str(s["usb"]), "--db", s["office"], "--receipts",
              str(s["usb"]), "--sign", s["key"], "--passphrase-file", str(bad), check=False)
    assert r.returncode == 2
    assert not Path(s["office"]).exists() or open_office(s["office"]).db["bundle"].count == 0
    assert receipts(s["usb"]) == []


def _receipt(s) -> Path:
    office_import(s, "--trust-new")
    chibo("inbox", "trust", s["fp"], "--db", s["db"])
    [path] = receipts(s["usb"])
    return path


def _refused(s, path: Path, *words) -> str:
    folder = s["tmp"] / "stick"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    target = folder / path.name
    target.write_bytes(path.read_bytes())
    before = dump(s["db"])
    r = chibo("inbox", "import", str(folder), "--db", s["db"], check=False)
    assert r.returncode == 1, r.stdout
    assert all(w in r.stdout for w in words), r.stdout
    assert dump(s["db"]) == before
    return r.stdout


def test_a_tampered_receipt_is_rejected_and_nothing_stored(setup):
    s = setup
    path = _receipt(s)
    files = members(path)
    doc = json.loads(files[OFFICE_JSON])
    doc["entries"][0]["status"] = "rejected"
    files[OFFICE_JSON] = json.dumps(doc).encode()
    out = _refused(s, rezip(s["tmp"] / path.name, files), path.name)
    assert "SHA-256" in out or "chữ ký" in out or "signature" in out


def test_a_receipt_signed_by_another_key_is_rejected(setup):
    s = setup
    path = _receipt(s)
    files = members(path)
    other = Key.made("Văn phòng giả")
    files[fmt.CERTIFICATE] = other.pem
    files.pop(fmt.MANIFEST), files.pop(fmt.SIGNATURE)
    files[fmt.MANIFEST] = json.dumps(fmt.manifest(files)).encode()
    files[fmt.SIGNATURE] = fmt.sign_bytes(other.private, files[fmt.MANIFEST])
    _refused(s, rezip(s["tmp"] / path.name, files), other.fingerprint)


def test_without_the_office_key_nothing_is_imported(setup):
    s = setup
    office_import(s, "--trust-new")
    [path] = receipts(s["usb"])
    out = _refused(s, path, "inbox trust")
    assert s["fp"] in out


@pytest.mark.parametrize("attack", ["traversal", "extra", "control", "bomb", "not_zip"])
def test_hostile_office_bundles_are_refused(setup, attack):
    s = setup
    path = _receipt(s)
    files = members(path)
    key = Key.from_p12(s["key"])
    target = s["tmp"] / path.name
    if attack == "not_zip":
        target.write_bytes(b"%PDF-1.7 not a zip")
        _refused(s, target)
        return
    if attack == "bomb":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in files.items():
                zf.writestr(name, data)
            zf.writestr("doc-01.pdf", b"\0" * (downlink.Limits().max_member_bytes + 1))
        _refused(s, target)
        return
    if attack == "traversal":
        files["../doc-01.pdf"] = b"%PDF-"
    elif attack == "extra":
        files["run.exe"] = b"MZ"
    elif attack == "control":
        doc = json.loads(files[OFFICE_JSON])
        doc["entries"][0]["file_name"] = "a\x1b[2Jb.zip"
        files[OFFICE_JSON] = json.dumps(doc).encode()
    files.pop(fmt.MANIFEST), files.pop(fmt.SIGNATURE)
    listed = {n: d for n, d in files.items() if not n.startswith("..")}
    files[fmt.MANIFEST] = json.dumps(fmt.manifest(listed)).encode()
    files[fmt.SIGNATURE] = fmt.sign_bytes(key.private, files[fmt.MANIFEST])
    _refused(s, rezip(target, files))


# --- documents sent down ---------------------------------------------------------------------

def test_office_sends_a_document_the_cell_verifies_and_keeps(setup):
    s = setup
    office_import(s, "--trust-new")
    cell_id = json.loads(chibo("office", "cells", "--db", s["office"], "--json").stdout)[0]["id"]
    pdf = a_pdf(s["tmp"] / "chi-thi-05.pdf")
    down = s["tmp"] / "down"
    r = chibo("office", "send", "--db", s["office"], str(pdf), "--to", cell_id, "--out",
              str(down), "--kind", "directive", "--title", "Chỉ thị 05-CT/ĐU", "--sign",
              s["key"], "--passphrase-file", s["pass"])
    [package] = down.glob(fmt.DOCUMENTS_PREFIX + "*.zip")
    assert r.stdout.strip() == str(package)
    # Not for another cell; for this cell after the office key is set.
    chibo("inbox", "trust", s["fp"], "--db", s["db"])
    r = chibo("inbox", "import", str(down), "--db", s["db"], "--json")
    assert [(x["status"], x["count"]) for x in json.loads(r.stdout)] == [("documents", 1)]
    listing = json.loads(chibo("inbox", "documents", "--db", s["db"], "--json").stdout)
    [doc] = listing["documents"]
    assert (doc["title"], doc["category"], doc["file_name"]) == (
        "Chỉ thị 05-CT/ĐU", "directive", "chi-thi-05.pdf")
    with open_store(s["db"]) as store:
        assert read_blob(store, doc["sha256"]) == pdf.read_bytes()
    text = chibo("inbox", "documents", "--db", s["db"]).stdout
    assert "Chỉ thị 05-CT/ĐU" in text


def test_documents_for_another_cell_are_not_stored(setup):
    s = setup
    office_import(s, "--trust-new")
    cells = json.loads(chibo("office", "cells", "--db", s["office"], "--json").stdout)
    with open_office(s["office"]) as office, office.atomic():
        office.db["cell"].insert({**{k: "" for k in ("parent_org", "upper_committee",
                                                     "place_name", "secretary")},
                                  "id": "other", "name": "Chi bộ khác"}, alter=True)
    down = s["tmp"] / "down"
    chibo("office", "send", "--db", s["office"], str(a_pdf(s["tmp"] / "x.pdf")), "--to",
          "other", "--out", str(down), "--sign", s["key"], "--passphrase-file", s["pass"])
    chibo("inbox", "trust", s["fp"], "--db", s["db"])
    r = chibo("inbox", "import", str(down), "--db", s["db"], "--json")
    assert [x["status"] for x in json.loads(r.stdout)] == ["not_for_us"]
    assert json.loads(chibo("inbox", "documents", "--db", s["db"], "--json").stdout)[
        "documents"] == []
    assert cells


def test_send_refuses_active_pdfs_unknown_cells_and_types(setup):
    s = setup
    office_import(s, "--trust-new")
    down = s["tmp"] / "down"
    bad = s["tmp"] / "js.pdf"
    bad.write_bytes(a_pdf(s["tmp"] / "ok.pdf").read_bytes().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"))
    exe = s["tmp"] / "run.exe"
    exe.write_bytes(b"MZ")
    for args in ([str(bad), "--all"], [str(s["tmp"] / "ok.pdf"), "--to", "nobody"],
                 [str(exe), "--all"]):
        r = chibo("office", "send", "--db", s["office"], *args, "--out", str(down), "--sign",
                  s["key"], "--passphrase-file", s["pass"], check=False)
        assert r.returncode == 2 and r.stderr.strip(), args
    assert not down.exists() or list(down.iterdir()) == []


def test_a_tampered_document_package_is_refused(setup):
    s = setup
    office_import(s, "--trust-new")
    down = s["tmp"] / "down"
    chibo("office", "send", "--db", s["office"], str(a_pdf(s["tmp"] / "x.pdf")), "--all",
          "--out", str(down), "--sign", s["key"], "--passphrase-file", s["pass"])
    [package] = down.glob("*.zip")
    chibo("inbox", "trust", s["fp"], "--db", s["db"])
    files = members(package)
    files["doc-01.pdf"] = a_pdf(s["tmp"] / "y.pdf", "Văn bản bị sửa").read_bytes()
    _refused(s, rezip(s["tmp"] / package.name, files), package.name)


def test_office_outbox_migration_from_the_older_office_schema(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "office.sqlite"
    db = Database(path)
    office_migrations.apply(db, stop_before="0006_outbox")
    db["cell"].insert({"id": "c1", "name": "Chi bộ A"})
    db.conn.commit()
    db.close()
    with open_office(path) as office:
        assert office.db["outbox"].count == 0
        assert office.db["cell"].get("c1")["name"] == "Chi bộ A"


def test_trust_refuses_what_is_not_a_fingerprint(setup):
    r = chibo("inbox", "trust", "abc", "--db", setup["db"], check=False)
    assert r.returncode == 2 and "abc" in r.stderr


def test_core_receipt_entries_carry_codes_and_params(setup):
    s = setup
    with open_office(s["office"]) as office:
        results = import_folder(office, s["usb"])
        key_file = __import__("app.documents.signing", fromlist=["x"]).open_key_file(
            s["key"], PASS)
        path = downlink.write_receipt(office, results, s["tmp"] / "r", key_file)
    b = downlink.read_office_bundle(path, s["fp"])
    assert {e["status"] for e in b.doc["entries"]} == {"rejected"}
    assert all(e["code"] == "rejected" and e["params"]["reason"] for e in b.doc["entries"])
