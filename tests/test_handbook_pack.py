"""The e-handbook pack (issue 17, item 6): files to upload to the Sổ tay and the upload recorded."""
import datetime as dt
import subprocess

import pytest

from app import meetings
from app.cli import main
from app.handbook_pack import PackError, ascii_slug, write_pack
from app.rules.facts import meeting_facts
from app.services.documents import current_document, document_bytes

from app.store import open_store
from meeting_helpers import demo_store, people, run_meeting, store  # noqa: F401

D = dt.date


def _text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_slug_has_no_diacritics():
    assert ascii_slug("Tài liệu học tập Nghị quyết Đại hội.docx") == \
        "tai-lieu-hoc-tap-nghi-quyet-dai-hoi-docx"
    assert ascii_slug("***") == "tai-lieu"


def test_before_pack_agenda_and_materials_records_the_day(store, people, tmp_path):
    mid = run_meeting(store, people, finalise=False)
    src = tmp_path / "Tài liệu học tập.pdf"
    src.write_bytes(b"%PDF-1.4 material")
    meetings.attach_file(store, mid, src)
    pack = write_pack(store, mid, tmp_path / "out", "before", day=D(2024, 4, 1))
    names = [p.name for p in pack.files]
    assert names == ["2024-04-03_chuong-trinh.pdf", "2024-04-03_tai-lieu-01_tai-lieu-hoc-tap.pdf"]
    assert all(n.isascii() for n in names)
    assert (tmp_path / "out" / names[1]).read_bytes() == b"%PDF-1.4 material"
    text = _text(pack.files[0])
    assert "CHƯƠNG TRÌNH SINH HOẠT CHI BỘ" in text and "03 tháng 04 năm 2024" in text
    assert pack.recorded == D(2024, 4, 1)
    record = meetings.meeting_record(store, mid)
    assert record["preparation"]["documents_on_handbook"] == "2024-04-01"
    assert meeting_facts(record)["documents_on_handbook"]


def test_before_pack_the_same_day_is_too_late_for_the_fact(store, people, tmp_path):
    mid = run_meeting(store, people, finalise=False)
    write_pack(store, mid, tmp_path, "before", day=D(2024, 4, 3))
    assert not meeting_facts(meetings.meeting_record(store, mid))["documents_on_handbook"]


def test_after_pack_is_the_stored_final_documents_byte_for_byte(store, people, tmp_path):
    mid = run_meeting(store, people)
    pack = write_pack(store, mid, tmp_path, "after", day=D(2024, 4, 5))
    assert [p.name for p in pack.files] == ["2024-04-03_bien-ban.pdf", "2024-04-03_nghi-quyet.pdf"]
    minutes = current_document(store, mid, "minutes")
    assert pack.files[0].read_bytes() == document_bytes(store, minutes["id"])
    record = meetings.meeting_record(store, mid)
    assert record["final_on_handbook"] == "2024-04-05"
    assert meeting_facts(record)["final_on_handbook"]          # within 2 days after


def test_after_pack_three_days_late_is_recorded_but_not_in_time(store, people, tmp_path):
    mid = run_meeting(store, people)
    write_pack(store, mid, tmp_path, "after", day=D(2024, 4, 6))
    assert not meeting_facts(meetings.meeting_record(store, mid))["final_on_handbook"]


def test_refusals_write_nothing(store, people, tmp_path):
    mid = run_meeting(store, people, finalise=False)
    with pytest.raises(PackError) as err:
        write_pack(store, mid, tmp_path / "a", "after")
    assert err.value.code == "not_final" and not (tmp_path / "a").exists()
    done = run_meeting(store, people, day=D(2024, 5, 8))
    with pytest.raises(PackError) as err:
        write_pack(store, done, tmp_path / "b", "after", day=D(2024, 5, 7))
    assert err.value.code == "day_before_meeting" and not (tmp_path / "b").exists()
    assert not meetings.meeting_record(store, done).get("final_on_handbook")
    with pytest.raises(PackError) as err:
        write_pack(store, "nope", tmp_path / "c", "before")
    assert err.value.code == "no_meeting"


def test_cli_handbook_pack(tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    with open_store(db) as st:
        folks = demo_store(st)
        mid = run_meeting(st, folks)
        draft = run_meeting(st, folks, day=D(2024, 5, 8), finalise=False)
    out = tmp_path / "so-tay"
    assert main(["--lang", "vi", "handbook-pack", mid, "--db", str(db), "--out", str(out),
                 "--after", "--day", "2024-04-04"]) == 0
    assert "04/04/2024" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["2024-04-03_bien-ban.pdf",
                                                     "2024-04-03_nghi-quyet.pdf"]
    assert main(["--lang", "vi", "handbook-pack", draft, "--db", str(db), "--out",
                 str(tmp_path / "x"), "--after"]) == 1
    assert "chưa" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
    with open_store(db) as st:
        assert meetings.meeting_record(st, mid)["final_on_handbook"] == "2024-04-04"
        assert not meetings.meeting_record(st, draft).get("final_on_handbook")
