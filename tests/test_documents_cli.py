"""chibo keys/minutes/resolution/topic/plan-pdf/verify as real processes on a demo file; the PDFs
checked with pdftotext, pdffonts, qpdf and pdfsig."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys

import pytest

from app import meeting_docs, meetings, planning, thematic
from app.i18n import doc_date_line
from app.store import open_store

from meeting_helpers import demo_store
from pdf_checks import needs_pdf_tools
from test_cli import ROOT, chibo
from test_documents import check_fonts, check_qpdf, flat, text_of
from test_thematic import run_thematic
from subprocess_env import python_path

pytestmark = needs_pdf_tools

PASS = "mật khẩu của Hoa"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo file, its meetings, and a key made for the secretary with ``chibo keys new``."""
    folder = tmp_path_factory.mktemp("cli-docs")
    db = folder / "demo.sqlite"
    chibo("demo", "--db", str(db))
    rows = json.loads(chibo("meeting", "list", "--json", "--db", str(db)).stdout)
    passfile = folder / "pass.txt"
    passfile.write_text(PASS + "\n", encoding="utf-8")
    key = folder / "hoa.p12"
    out = chibo("keys", "new", "--name", "Nguyễn Thị Hoa", "--out", str(key),
                "--passphrase-file", str(passfile), "--db", str(db)).stdout
    fingerprint = re.search(r"SHA-256.*: ([0-9A-F:]{95})", out).group(1)
    return {"folder": folder, "db": db, "rows": rows, "key": key, "pass": passfile,
            "fingerprint": fingerprint}


def _finalised(demo, n=0):
    """The n-th finalised regular meeting of the demo."""
    return [r for r in demo["rows"] if r["status"] == "finalised" and r["kind"] == "regular"][n]


def _record(demo, mid):
    return json.loads(chibo("meeting", "show", mid, "--db", str(demo["db"])).stdout)


def test_keys_new_prints_and_records_the_fingerprint(demo):
    fp = demo["fingerprint"]
    assert demo["key"].exists()
    with open_store(demo["db"]) as store:
        [key] = meeting_docs.local_keys(store)
    assert meeting_docs.format_fingerprint(key["fingerprint"]) == fp
    assert key["name"] == "Nguyễn Thị Hoa"
    # Nothing secret in the data file; an existing key file is never overwritten.
    assert PASS.encode("utf-8") not in demo["db"].read_bytes()
    again = chibo("keys", "new", "--name", "X", "--out", str(demo["key"]), "--passphrase-file",
                  str(demo["pass"]), "--db", str(demo["db"]), check=False)
    assert again.returncode == 2 and "đã có; hãy chọn tên khác" in again.stderr


def test_keys_new_refuses_a_weak_passphrase(demo, tmp_path):
    """The desktop's rule (at least 8 characters, not one character repeated), same words."""
    for weak in ("abc", "aaaaaaaaaa", "a a a a a "):
        passfile = tmp_path / "weak.txt"
        passfile.write_text(weak + "\n", encoding="utf-8")
        key = tmp_path / "weak.p12"
        result = chibo("keys", "new", "--name", "Lê Thị Lan", "--out", str(key),
                       "--passphrase-file", str(passfile), "--db", str(demo["db"]), check=False)
        assert result.returncode == 2, weak
        assert result.stderr.strip() == (
            "Mật khẩu phải có ít nhất 8 ký tự và không chỉ lặp lại một ký tự; "
            "tốt nhất là một câu ngắn mà đồng chí nhớ được."), result.stderr
        assert not key.exists() and result.stdout == ""
    with open_store(demo["db"]) as store:                # nothing recorded for a refused key
        assert [k["name"] for k in meeting_docs.local_keys(store)] == ["Nguyễn Thị Hoa"]


def test_minutes_of_a_demo_meeting(demo):
    row = _finalised(demo, 1)
    record = _record(demo, row["id"])
    out = demo["folder"] / "minutes.pdf"
    result = chibo("minutes", row["id"], "--out", str(out), "--db", str(demo["db"]))
    assert "Đã ghi Biên bản" in result.stdout
    text = flat(text_of(out))
    day = dt.date.fromisoformat(record["date"])
    # the place of its date: Thái Bình merged into Hưng Yên on 1/7/2025
    assert doc_date_line("Hưng Yên" if day >= dt.date(2025, 7, 1) else "Thái Bình", day) in text
    assert f"Số {record['number']}" in text and "DỰ THẢO" not in text
    assert f"SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG {day.month} NĂM {day.year}" in text
    # Names with tone marks: the absent with their reasons, speakers, chair and minute-taker.
    for absent in record["attendance"]["absent_with_reason"]:
        assert absent["name"] in text and absent["reason"] in text
    assert record["attendance"]["absent_without_reason"] == ["Tạ Quang Vinh"]
    assert "Tạ Quang Vinh" in text
    for speech in record["speeches"]:
        assert speech["speaker"] in text
    assert "Nguyễn Thị Hoa" in text and "Lê Thị Lan" in text
    vote = record["votes"][0]
    assert f"Số đảng viên biểu quyết tán thành: {vote['for']}/{vote['base']}" in text
    assert "Kết quả: được thông qua" in text
    assert record["score"]["rating"] in text
    assert "Biên bản đã được đọc lại cho chi bộ nghe và nhất trí thông qua." in text
    check_fonts(out)
    check_qpdf(out)
    # What is written is the document stored when the meeting was finalised.
    with open_store(demo["db"]) as store:
        stored = meeting_docs.current_document(store, row["id"], "minutes")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == stored["sha256"]


def test_stored_minutes_are_copied_out_without_the_rendering_or_signing_stack(demo):
    """`chibo minutes ID --out F` of a finalised meeting writes the stored copy byte for byte;
    the process loads neither reportlab, the signing stack nor sqlite-utils (its speed is
    measured in benchmarks/minutes_cli.py)."""
    row = _finalised(demo, 0)
    out = demo["folder"] / "stored-minutes.pdf"
    script = ("import atexit, runpy, sys\n"
              "atexit.register(lambda: print('loaded', *sorted(sys.modules)))\n"
              f"sys.argv = ['chibo', 'minutes', {row['id']!r}, '--out', {str(out)!r}, "
              f"'--db', {str(demo['db'])!r}]\n"
              "runpy.run_module('app.cli', run_name='__main__')\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": python_path()}, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Đã ghi Biên bản" in result.stdout
    loaded = set(result.stdout.split("loaded", 1)[1].split())
    heavy = {m.split(".")[0] for m in loaded} & {"reportlab", "cryptography", "pyhanko",
                                                  "sqlite_utils", "PySide6"}
    assert heavy == set() and "app.meeting_docs" not in loaded
    with open_store(demo["db"]) as store:
        stored = meeting_docs.current_document(store, row["id"], "minutes")
        assert out.read_bytes() == meeting_docs.document_bytes(store, stored["id"])


def test_resolution_of_a_demo_meeting(demo):
    row = _finalised(demo, 0)
    record = _record(demo, row["id"])
    out = demo["folder"] / "resolution.pdf"
    chibo("resolution", row["id"], "--out", str(out), "--db", str(demo["db"]))
    text = flat(text_of(out))
    assert "NGHỊ QUYẾT" in text and f"Số {record['number'].replace('-BB/', '-NQ/')}" in text
    assert "T/M CHI BỘ" in text and "BÍ THƯ" in text and "Nơi nhận:" in text
    # the month's own resolution (its first point)
    first_point = record["resolution"]["text"].splitlines()[0].removeprefix("1. ")
    assert first_point and first_point in text
    check_fonts(out)
    check_qpdf(out)


def test_signed_minutes_verify_and_a_flipped_byte_fails(demo):
    row = _finalised(demo, 2)
    db = str(demo["db"])
    signed = demo["folder"] / "signed.pdf"
    result = chibo("minutes", row["id"], "--out", str(signed), "--sign", str(demo["key"]),
                   "--passphrase-file", str(demo["pass"]), "--db", db)
    # The secretary chaired: her key signs the CHỦ TRÌ field.
    assert "Đã ký số: Nguyễn Thị Hoa (CHỦ TRÌ)" in result.stdout
    out = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True).stdout
    assert "Signature Field Name: ChuTri" in out and "Signature is Valid" in out
    check_qpdf(signed)
    check_fonts(signed)
    ok = chibo("verify", str(signed), check=False)
    assert ok.returncode == 0, ok.stdout
    assert "(ChuTri): Nguyễn Thị Hoa" in ok.stdout and "Nguyên vẹn: có" in ok.stdout
    assert "Hợp lệ: có" in ok.stdout and "Tin cậy: không" in ok.stdout
    # Trusted by fingerprint, or by the cell's own file that recorded the key.
    for extra in (["--trust", demo["fingerprint"]], ["--db", db]):
        trusted = chibo("verify", str(signed), *extra, check=False)
        assert trusted.returncode == 0 and "Tin cậy: có" in trusted.stdout
    # The stored documents: the unsigned one is kept byte-identical, the signed one is new.
    with open_store(demo["db"]) as store:
        docs = meeting_docs.documents_for(store, row["id"], "minutes")
        assert [(d["signed"], d["current"]) for d in docs] == [(False, False), (True, True)]
        unsigned = meetings.attachment_bytes(store, docs[0]["sha256"])
    assert hashlib.sha256(unsigned).hexdigest() == docs[0]["sha256"]
    data = signed.read_bytes()
    assert data.startswith(unsigned) and hashlib.sha256(data).hexdigest() == docs[1]["sha256"]
    # One flipped byte inside the signed range.
    start, length = map(int, re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", data)[-1])
    damaged = bytearray(data)
    damaged[start + length // 2] ^= 0x01
    bad = demo["folder"] / "damaged.pdf"
    bad.write_bytes(bytes(damaged))
    result = chibo("verify", str(bad), check=False)
    assert result.returncode != 0
    assert "KHÔNG hợp lệ" in result.stdout and "bị thay đổi sau khi ký" in result.stdout


def test_unsigned_or_broken_file_fails_verify(demo):
    unsigned = demo["folder"] / "unsigned.pdf"
    chibo("minutes", _finalised(demo, 0)["id"], "--out", str(unsigned), "--db", str(demo["db"]))
    result = chibo("verify", str(unsigned), check=False)
    assert result.returncode != 0 and "Tài liệu không có chữ ký số." in result.stdout
    junk = demo["folder"] / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nnot really a pdf")
    result = chibo("verify", str(junk), check=False)
    assert result.returncode != 0 and result.stdout.strip()
    result = chibo("verify", str(demo["folder"] / "missing.pdf"), check=False)
    assert result.returncode != 0 and "Không đọc được tệp" in result.stdout


def test_draft_minutes_are_marked_and_cannot_be_signed(demo):
    draft = [r for r in demo["rows"] if r["status"] == "draft"][0]
    out = demo["folder"] / "draft.pdf"
    chibo("minutes", draft["id"], "--out", str(out), "--db", str(demo["db"]))
    assert "DỰ THẢO" in text_of(out)
    result = chibo("minutes", draft["id"], "--out", str(demo["folder"] / "x.pdf"), "--sign",
                   str(demo["key"]), "--passphrase-file", str(demo["pass"]), "--db",
                   str(demo["db"]), check=False)
    assert result.returncode == 2 and "chưa hoàn tất" in result.stderr
    assert not (demo["folder"] / "x.pdf").exists()
    # A draft has no resolution text yet.
    result = chibo("resolution", draft["id"], "--out", str(demo["folder"] / "y.pdf"), "--db",
                   str(demo["db"]), check=False)
    assert result.returncode == 2 and "không có nội dung nghị quyết" in result.stderr


def test_wrong_passphrase_and_unknown_meeting(demo):
    bad = demo["folder"] / "bad-pass.txt"
    bad.write_text("sai\n", encoding="utf-8")
    result = chibo("minutes", _finalised(demo, 0)["id"], "--out", str(demo["folder"] / "z.pdf"),
                   "--sign", str(demo["key"]), "--passphrase-file", str(bad), "--db",
                   str(demo["db"]), check=False)
    assert result.returncode == 2 and "sai mật khẩu" in result.stderr
    result = chibo("minutes", "khong-co", "--out", str(demo["folder"] / "z.pdf"), "--db",
                   str(demo["db"]), check=False)
    assert result.returncode == 2 and "Không có cuộc họp" in result.stderr


@pytest.fixture(scope="module")
def thematic_db(tmp_path_factory):
    """A cell with a held thematic meeting (final topic version saved) and a year plan."""
    folder = tmp_path_factory.mktemp("cli-thematic")
    db = folder / "cell.sqlite"
    with open_store(db) as store:
        people = demo_store(store)
        item = planning.add_thematic(store, 2024, title="Học tập và làm theo tấm gương đạo đức "
                                     "Hồ Chí Minh về y đức", topic_group="ho_chi_minh",
                                     drafter_id=people["Phạm Đức Anh"].id,
                                     planned_date=dt.date(2024, 5, 8))
        planning.add_thematic(store, 2024, title="Nâng cao chất lượng giảng dạy thực hành",
                              topic_group="professional", drafter_id=people["Vũ Quang Huy"].id,
                              quarter=3)
        mid = thematic.create_thematic(store, dt.date(2024, 5, 8), title=item.title,
                                       group="ho_chi_minh", drafter_id=people["Phạm Đức Anh"].id,
                                       plan_item_id=item.id)
        run_thematic(store, people, mid, start="14:00", end="15:35")
        thematic.add_version(store, mid, final=True, day=dt.date(2024, 5, 15), text=(
            "I. MỞ ĐẦU\nChủ tịch Hồ Chí Minh dạy: “Lương y phải như từ mẫu”.\n"
            "II. NỘI DUNG\n1. Tư tưởng Hồ Chí Minh về y đức.\n"
            "III. KẾT LUẬN\nMỗi đảng viên rèn luyện đạo đức nghề nghiệp."))
    passfile = folder / "pass.txt"
    passfile.write_text("khóa Anh\n", encoding="utf-8")
    key = folder / "anh.p12"
    chibo("keys", "new", "--name", "Phạm Đức Anh", "--out", str(key), "--passphrase-file",
          str(passfile), "--db", str(db))
    return {"folder": folder, "db": db, "id": mid, "key": key, "pass": passfile}


def test_thematic_minutes_from_the_cli(thematic_db):
    out = thematic_db["folder"] / "bb-chuyen-de.pdf"
    chibo("minutes", thematic_db["id"], "--out", str(out), "--db", str(thematic_db["db"]))
    text = flat(text_of(out))
    assert "BIÊN BẢN SINH HOẠT CHUYÊN ĐỀ QUÝ II NĂM 2024" in text
    assert "Thái Bình, ngày 08 tháng 5 năm 2024" in text
    assert "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh về y đức" in text
    assert "Người xây dựng chuyên đề: đồng chí Phạm Đức Anh" in text
    assert "Hoàng Thị Thu Hằng" in text and "Chuyên đề thiết thực, đề nghị thêm ví dụ" in text
    check_fonts(out)
    check_qpdf(out)


def test_thematic_topic_signed_by_its_drafter(thematic_db):
    out = thematic_db["folder"] / "chuyen-de.pdf"
    result = chibo("topic", thematic_db["id"], "--out", str(out), "--sign", str(thematic_db["key"]),
                   "--passphrase-file", str(thematic_db["pass"]), "--db", str(thematic_db["db"]))
    assert "NGƯỜI XÂY DỰNG CHUYÊN ĐỀ" in result.stdout
    text = flat(text_of(out))
    assert "CHUYÊN ĐỀ" in text and "Lương y phải như từ mẫu" in text and "DỰ THẢO" not in text
    assert "Người xây dựng: đồng chí Phạm Đức Anh" in text
    check_fonts(out)
    check_qpdf(out)
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True,
                                                  text=True).stdout
    verified = chibo("verify", str(out), "--db", str(thematic_db["db"]), check=False)
    assert verified.returncode == 0 and "Phạm Đức Anh" in verified.stdout
    assert "Tin cậy: có" in verified.stdout


def test_year_plan_pdf(thematic_db):
    out = thematic_db["folder"] / "ke-hoach.pdf"
    result = chibo("plan-pdf", "--year", "2024", "--out", str(out), "--db", str(thematic_db["db"]))
    assert "kế hoạch sinh hoạt chuyên đề năm 2024" in result.stdout
    text = flat(text_of(out))
    assert "KẾ HOẠCH sinh hoạt chuyên đề năm 2024" in text and "DỰ THẢO" in text
    assert "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh về y đức" in text
    assert "Nâng cao chất lượng giảng dạy thực hành" in text
    assert "Phạm Đức Anh" in text and "Vũ Quang Huy" in text and "Quý II" in text
    assert "08/05/2024" in text
    check_fonts(out)
    check_qpdf(out)
    # Quarters without a topic are warned about on the terminal.
    assert "Lưu ý: quý 1 chưa có chuyên đề." in result.stderr
    issued = chibo("plan-pdf", "--year", "2024", "--out", str(out), "--db",
                   str(thematic_db["db"]), "--issue", "--date", "2024-01-15")
    assert "01-KH/CB" in issued.stdout
    text = flat(text_of(out))
    assert "Số 01-KH/CB" in text and "ngày 15 tháng 01 năm 2024" in text
    assert "DỰ THẢO" not in text
    register = json.loads(chibo("numbers", "--json", "--db", str(thematic_db["db"])).stdout)
    assert [r["number"] for r in register if r["code"] == "KH"] == ["01-KH/CB"]
    empty = chibo("plan-pdf", "--year", "2030", "--out", str(out), "--db",
                  str(thematic_db["db"]), check=False)
    assert empty.returncode == 2 and "chưa có buổi sinh hoạt chuyên đề" in empty.stderr
