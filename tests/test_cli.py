"""The chibo command line, run as a real process on a real file."""
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.vntext import name_sort_key
from subprocess_env import python_path

ROOT = Path(__file__).resolve().parent.parent


def chibo(*args, env=None, check=True):
    full_env = {**os.environ, "PYTHONPATH": python_path(), **(env or {})}
    result = subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True,
                            text=True, env=full_env, cwd=ROOT, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "demo.sqlite"
    chibo("demo", "--db", str(path))
    return path


def test_version():
    assert chibo("--version").stdout.strip() == f"chibo {__version__}"


def test_demo_cell_has_the_promised_members(demo_db):
    members = json.loads(chibo("members", "list", "--json", "--db", str(demo_db)).stdout)
    assert len(members) == 25
    assert {"id", "full_name", "status", "exempted", "birth_date"} <= set(members[0])
    assert sum(m["status"] == "probationary" for m in members) == 2
    assert sum(m["exempted"] for m in members) == 1
    assert sum(m["temp_status"] == "elsewhere" for m in members) == 1
    names = [m["full_name"] for m in members]
    assert names == sorted(names, key=name_sort_key)
    assert len(set(n.split()[-1] for n in names)) >= 20  # varied names


def test_demo_refuses_a_file_that_has_a_cell(demo_db):
    # The complete demo is already there: nothing to do (as after a kill just past its commit).
    again = chibo("demo", "--db", str(demo_db))
    assert "đã có sẵn trong" in again.stdout
    # A file holding a cell of its own is refused.
    conn = sqlite3.connect(demo_db)
    with conn:
        conn.execute("delete from meta where key = 'demo_created_at'")
    conn.close()
    result = chibo("demo", "--db", str(demo_db), check=False)
    assert result.returncode != 0 and "đã có chi bộ" in result.stderr


def test_db_before_the_verb_and_env_variable(tmp_path):
    path = tmp_path / "env.sqlite"
    chibo("--db", str(path), "demo")
    by_env = json.loads(chibo("members", "list", "--json", env={"CHIBO_DB": str(path)}).stdout)
    assert len(by_env) == 25


def test_import_dry_run_writes_nothing_then_import(tmp_path):
    db = tmp_path / "cell.sqlite"
    csv = tmp_path / "members.csv"
    csv.write_text("Họ và tên,Ngày sinh,Đảng viên\nLê Thị Lan,20/11/1985,chính thức\n"
                   "Lê Văn Sai,31/02/1990,chính thức\n", encoding="utf-8-sig")
    dry = chibo("members", "import", str(csv), "--dry-run", "--db", str(db), check=False)
    assert dry.returncode == 1
    assert "Dòng 3, cột “Ngày sinh”" in dry.stdout and "1/2 dòng hợp lệ" in dry.stdout
    assert json.loads(chibo("members", "list", "--json", "--db", str(db)).stdout) == []
    done = chibo("members", "import", str(csv), "--db", str(db), check=False)
    assert "Đã nhập 1 đảng viên" in done.stdout
    names = [m["full_name"] for m in json.loads(
        chibo("members", "list", "--json", "--db", str(db)).stdout)]
    assert names == ["Lê Thị Lan"]


def test_english_output_with_lang(tmp_path):
    db = tmp_path / "cell.sqlite"
    out = chibo("--lang", "en", "demo", "--db", str(db)).stdout
    assert out.startswith("Demo cell “Chi bộ Khoa Y tế công cộng” created")


def test_backup_and_restore_from_the_cli(demo_db):
    chibo("backup", "--db", str(demo_db))
    listing = chibo("backups", "--db", str(demo_db)).stdout.strip().splitlines()
    manual = [line for line in listing if "\tSao lưu thủ công\t" in line]
    assert len(manual) == 1
    # Finalising each demo meeting left a backup too.
    assert sum("\tSau khi hoàn tất biên bản\t" in line for line in listing) >= 1
    backup = manual[0].split("\t")[-1]
    result = chibo("restore", backup, "--db", str(demo_db))
    assert "Đã khôi phục" in result.stdout


def test_demo_meetings_and_the_meeting_json_contract(demo_db):
    rows = json.loads(chibo("meeting", "list", "--json", "--db", str(demo_db)).stdout)
    assert all({"id", "kind", "status", "date"} <= set(r) for r in rows)
    regular = [r for r in rows if r["kind"] == "regular"]
    assert [r["status"] for r in regular] == ["finalised"] * 3 + ["draft"]
    dates = [r["date"] for r in regular]
    assert dates == sorted(dates) and len({d[:7] for d in dates}) == 4
    # One thematic meeting on its own day and one combined sitting (regular, then thematic).
    thematic = [r for r in rows if r["kind"] == "thematic"]
    assert [r["status"] for r in thematic] == ["finalised", "finalised"]
    alone, combined = thematic
    assert alone["sitting_id"] is None and combined["sitting_id"]
    partner = next(r for r in regular if r["sitting_id"] == combined["sitting_id"])
    assert (partner["sitting_order"], combined["sitting_order"]) == (1, 2)
    sitting = json.loads(chibo("meeting", "show", combined["id"], "--db", str(demo_db)).stdout)
    assert sitting["topic"]["title"] and sitting["topic"]["drafter"]
    assert sitting["sitting"]["total_minutes"] >= 120
    assert [v["final"] for v in sitting["topic"]["versions"]] == [False, True]
    for row in regular:
        record = json.loads(chibo("meeting", "show", row["id"], "--json", "--db",
                                  str(demo_db)).stdout)
        assert {"id", "kind", "status", "date", "start", "end", "duration_minutes",
                "attendance", "voting", "guests", "minute_taker", "agenda", "speeches",
                "tasks", "votes", "previous_tasks", "score"} <= set(record)
        assert {"on_roll", "base", "present", "rate", "absent_with_reason",
                "absent_without_reason", "exempted", "elsewhere"} <= set(record["attendance"])
        assert record["attendance"]["exempted"] == ["Nguyễn Văn Á"]
        if row["status"] == "finalised":
            assert record["duration_minutes"] >= 90
            assert record["score"]["total"] >= 50 and record["score"]["rating"]
            assert {"rubric", "total", "rating", "groups", "vote"} <= set(record["score"])
            assert all(v["passed"] for v in record["votes"])
            assert {"speaker", "kind", "text"} <= set(record["speeches"][0])
            assert {"assignee", "text", "due"} <= set(record["tasks"][0])
        else:
            assert record["score"] is None and record["end"] is None
    # The second meeting reviews the first one's tasks.
    second = json.loads(chibo("meeting", "show", regular[1]["id"], "--db", str(demo_db)).stdout)
    assert second["previous_tasks"] and {t["outcome"] for t in second["previous_tasks"]} == {
        "done", "partly"}


def test_meeting_show_unknown_id(demo_db):
    result = chibo("meeting", "show", "khong-co", "--db", str(demo_db), check=False)
    assert result.returncode == 2 and "Không có cuộc họp" in result.stderr


def test_help_and_errors_in_vietnamese():
    result = chibo("khong-co-lenh-nay", check=False)
    assert result.returncode == 2
    assert "lỗi" in result.stderr and "lựa chọn không hợp lệ: 'khong-co-lenh-nay'" in result.stderr
    assert chibo("--help").stdout.startswith("cách dùng: chibo")
    assert chibo("--lang", "en", "--help").stdout.startswith("usage: chibo")


def test_meeting_new_prints_the_id_and_refuses_an_off_rule_day_without_a_reason(demo_db):
    db = ["--db", str(demo_db)]
    schedule = json.loads(chibo("schedule", "--year", "2031", "--json", *db).stdout)
    rule_day = dt.date.fromisoformat(next(m["date"] for m in schedule if m["month"] == 3))
    before = chibo("meeting", "list", *db).stdout
    other_day = (rule_day + dt.timedelta(days=1)).isoformat()
    refused = chibo("meeting", "new", "--date", other_day, *db, check=False)
    assert refused.returncode == 2
    assert f"không phải ngày sinh hoạt theo quy định ({rule_day:%d/%m/%Y})" in refused.stderr
    refused = chibo("--lang", "en", "meeting", "new", "--date", other_day, *db, check=False)
    assert refused.returncode == 2 and "is not the rule's day" in refused.stderr
    assert chibo("meeting", "list", *db).stdout == before          # nothing written

    new_id = chibo("meeting", "new", "--date", rule_day.isoformat(), *db).stdout.strip()
    record = json.loads(chibo("meeting", "show", new_id, *db).stdout)
    assert (record["status"], record["kind"], record["date"]) == (
        "draft", "regular", rule_day.isoformat())
    assert record["agenda"]
    made = json.loads(chibo("meeting", "new", "--date", other_day, "--reason", "Trùng lịch thi",
                            "--json", *db).stdout)
    assert made["date"] == other_day and made["kind"] == "regular"
    shown = json.loads(chibo("meeting", "show", made["id"], *db).stdout)
    assert shown["off_rule_reason"] == "Trùng lịch thi"


@pytest.mark.parametrize("args, message", [
    (["--date", "2031-02-30"], "không phải là ngày hợp lệ"),
    (["--date", "2031-03-10", "--kind", "thematic"], "Hãy nhập tên chuyên đề"),
])
def test_meeting_new_refuses_a_bad_date_or_a_thematic_meeting_without_a_title(demo_db, args,
                                                                               message):
    result = chibo("meeting", "new", *args, "--db", str(demo_db), check=False)
    assert result.returncode == 2 and message in result.stderr and not result.stdout


def test_meeting_new_without_a_cell_creates_no_file(tmp_path):
    db = tmp_path / "none.sqlite"
    result = chibo("meeting", "new", "--date", "2031-03-10", "--db", str(db), check=False)
    assert result.returncode == 2 and "Hãy tạo thông tin chi bộ trước" in result.stderr
    assert not db.exists()


def test_a_reader_that_goes_away_is_not_a_damaged_file(demo_db):
    """`chibo meeting list | head -1`: the pipe closes before chibo writes. That is not the data
    file's fault: no "Không sử dụng được tệp …" message, exit 141 as a shell reports SIGPIPE."""
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "meeting", "list", "--db",
                             str(demo_db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": python_path()}, cwd=ROOT)
    proc.stdout.close()                       # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert err == ""


def test_the_demo_and_a_document_print_no_library_warning(tmp_path):
    """No English library warning (cryptography's "DSA is deprecated", raised when pyHanko is
    imported) on the secretary's terminal."""
    db = tmp_path / "demo.sqlite"
    made = chibo("demo", "--db", str(db))
    assert "Warning" not in made.stderr, made.stderr
    meetings = json.loads(chibo("meeting", "list", "--json", "--db", str(db)).stdout)
    done = next(m["id"] for m in meetings if m["status"] == "finalised")
    printed = chibo("minutes", done, "--out", str(tmp_path / "m.pdf"), "--db", str(db))
    assert printed.stderr == "", printed.stderr


def test_a_meeting_is_named_by_a_prefix_of_its_id_or_its_printed_number(demo_db, tmp_path):
    """``chibo minutes`` (and every verb that takes a meeting) accepts the full id, a unique
    prefix of it (4 characters or more) or the minutes number as ``chibo meeting list`` prints
    it; an ambiguous name is refused with the candidates, exit status 2."""
    rows = [line.split("\t") for line in
            chibo("meeting", "list", "--db", str(demo_db)).stdout.splitlines()]
    third = next(r for r in rows if r[4] == "03-BB/CB")
    full_id = third[5]
    out = tmp_path / "bb03.pdf"
    done = chibo("minutes", "03-BB/CB", "--db", str(demo_db), "--out", str(out), check=False)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "03-BB/CB" in " ".join(text.split())
    by_prefix = tmp_path / "prefix.pdf"
    done = chibo("minutes", full_id[:8], "--db", str(demo_db), "--out", str(by_prefix),
                 check=False)
    assert done.returncode == 0, done.stderr
    assert by_prefix.read_bytes() == out.read_bytes()          # the same stored minutes
    shown = json.loads(chibo("meeting", "show", "03-bb/cb", "--db", str(demo_db)).stdout)
    assert shown["id"] == full_id
    short = chibo("meeting", "show", full_id[:3], "--db", str(demo_db), check=False)
    assert short.returncode == 2                                # too short: not looked up
    # a meeting of another year with the same number: the number alone is ambiguous
    draft = next(r for r in rows if not r[4])[5]
    with sqlite3.connect(demo_db) as conn:
        conn.execute("update meeting set number = 3 where id = ?", [draft])
    conn.close()
    ambiguous = chibo("minutes", "03-BB/CB", "--db", str(demo_db), "--out",
                      str(tmp_path / "x.pdf"), check=False)
    assert ambiguous.returncode == 2
    assert "nhiều cuộc họp" in ambiguous.stderr
    assert full_id in ambiguous.stderr and draft in ambiguous.stderr
    assert not (tmp_path / "x.pdf").exists()
