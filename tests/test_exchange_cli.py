"""chibo export / report / office … as real processes on real files."""
import json
import zipfile

from app.documents.keys import new_local_key
from tests.test_cli import chibo


def test_export_import_trust_cells_and_reports(tmp_path):
    cell_db, office_db = tmp_path / "cell.sqlite", tmp_path / "office.sqlite"
    chibo("demo", "--db", str(cell_db))
    fingerprint = new_local_key("Nguyễn Thị Hoa", tmp_path / "k.p12", "bí mật")
    (tmp_path / "pass.txt").write_text("bí mật\n", encoding="utf-8")
    status = json.loads(chibo("export", "--status", "--json", "--db", str(cell_db)).stdout)
    # The demo's finalised meetings: 3 regular and 2 thematic (one of them in a combined sitting).
    assert [s["state"] for s in status] == ["new"] * 5
    assert sorted(s["kind"] for s in status) == ["regular"] * 3 + ["thematic"] * 2
    assert not any(s["minutes_signed"] for s in status)
    usb = tmp_path / "usb"
    export = ("export", "--db", str(cell_db), "--out", str(usb), "--all-new", "--sign",
              str(tmp_path / "k.p12"), "--passphrase-file", str(tmp_path / "pass.txt"))
    # Unsigned minutes: each meeting refused with its code, exit code 3, nothing written and
    # no block signed by the export.
    refused = chibo(*export, "--json", check=False)
    assert refused.returncode == 3
    assert [r["code"] for r in json.loads(refused.stdout)] == ["minutes_unsigned"] * 5
    assert refused.stderr.count("minutes_unsigned") == 5 and "chưa được ký" in refused.stderr
    assert not usb.exists()
    # The minute-taker signs one meeting's stored minutes; that one goes, the rest are refused.
    first = status[0]["meeting_id"]
    chibo("minutes", first, "--db", str(cell_db), "--out", str(tmp_path / "bb.pdf"), "--sign",
          str(tmp_path / "k.p12"), "--passphrase-file", str(tmp_path / "pass.txt"))
    partial = chibo(*export, check=False)
    assert partial.returncode == 3 and len(partial.stdout.split()) == 1
    assert partial.stderr.count("minutes_unsigned") == 4
    with zipfile.ZipFile(partial.stdout.strip()) as zf:
        assert zf.read("minutes.pdf") == (tmp_path / "bb.pdf").read_bytes()   # as stored
    out = chibo(*export, "--allow-unsigned").stdout
    assert len(out.splitlines()) == 4 and all(line.endswith("_v1.zip") for line in out.split())
    assert "Không có cuộc họp mới" in chibo(
        "export", "--db", str(cell_db), "--out", str(usb), "--all-new", "--sign",
        str(tmp_path / "k.p12"), "--passphrase-file", str(tmp_path / "pass.txt")).stdout

    refused = chibo("office", "import", str(usb), "--json", "--db", str(office_db), check=False)
    assert refused.returncode == 1
    assert {r["status"] for r in json.loads(refused.stdout)} == {"rejected"}
    printed = chibo("office", "import", str(usb), "--trust-new", "--db", str(office_db)).stdout
    assert printed.count("đã nhập") == 5 and fingerprint in printed
    again = json.loads(chibo("office", "import", str(usb), "--json",
                             env={"CHIBO_OFFICE_DB": str(office_db)}).stdout)
    assert [r["status"] for r in again] == ["duplicate"] * 5

    bundle = sorted(usb.iterdir())[0]
    other_office = tmp_path / "other.sqlite"
    trusted = chibo("office", "trust", str(bundle), "--db", str(other_office)).stdout
    assert fingerprint in trusted and "Chi bộ Khoa Y tế công cộng" in trusted
    cells = json.loads(chibo("office", "cells", "--json", "--db", str(office_db)).stdout)
    assert [(c["name"], c["meetings"], c["fingerprints"]) for c in cells] == [
        ("Chi bộ Khoa Y tế công cộng", 5, [fingerprint])]

    year = json.loads(bundle.name[:4])
    pdf, xlsx = tmp_path / "office.pdf", tmp_path / "office.xlsx"
    report = json.loads(chibo("office", "report", "--year", str(year), "--json", "--pdf",
                              str(pdf), "--xlsx", str(xlsx), "--db", str(office_db)).stdout)
    assert report[0]["cell"]["name"] == "Chi bộ Khoa Y tế công cộng"
    assert {c["id"] for c in report[0]["criteria"]} >= {"monthly", "rule_day", "duration",
                                                        "thematic", "ehandbook", "rating"}
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 0
    own = json.loads(chibo("report", "--year", str(year), "--json", "--db", str(cell_db)).stdout)
    # The cell and the office see the same year the same way.
    assert [(c["id"], c["met"]) for c in own["criteria"]] == [
        (c["id"], c["met"]) for c in report[0]["criteria"]]
