"""`chibo schedule`, `chibo daysoff` and `chibo points` run as real processes on real files.

EXPECTED_2025 was worked out by hand: the 3rd of each month of 2025 falls on Fri, Mon, Mon, Thu,
Sat, Tue, Thu, Sun, Wed, Fri, Mon, Wed. None of those is a public holiday (Tết 2025 ended on Sun 2/2,
Giỗ Tổ is Mon 7/4, 30/4–2/5 and 1–2/9 are before the 3rd). So May moves past Sat 3 and Sun 4 to Mon 5,
and August past Sun 3 to Mon 4; every other month meets on the 3rd.
"""
import json
import os

from app.planning import set_day_rule
from app.store import open_store
from tests.test_cli import chibo


def _on(month, day=3):
    return {"month": month, "date": f"2025-{month:02d}-{day:02d}", "status": "on_day",
            "days_off": []}


EXPECTED_2025 = [
    _on(1), _on(2), _on(3), _on(4),
    {"month": 5, "date": "2025-05-05", "status": "moved",
     "days_off": [{"date": "2025-05-03", "name": "Thứ Bảy"},
                  {"date": "2025-05-04", "name": "Chủ nhật"}]},
    _on(6), _on(7),
    {"month": 8, "date": "2025-08-04", "status": "moved",
     "days_off": [{"date": "2025-08-03", "name": "Chủ nhật"}]},
    _on(9), _on(10), _on(11), _on(12),
]


def _isolated_env(tmp_path):
    """Point every per-user folder into tmp_path, so that a file written anywhere shows up."""
    home = tmp_path / "home"
    home.mkdir()
    return {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
            "CHIBO_SETTINGS": str(home / "settings.json")}


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_schedule_2025_json_matches_the_contract_and_touches_no_file(tmp_path):
    env = _isolated_env(tmp_path)
    assert "CHIBO_DB" not in os.environ
    result = chibo("schedule", "--year", "2025", "--json", env=env, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == EXPECTED_2025
    assert [list(item) for item in data] == [["month", "date", "status", "days_off"]] * 12
    # Without --db nothing was created or opened: no database, no lock, no backup.
    assert _files(tmp_path / "home") == []


def test_schedule_text_is_vietnamese_with_weekday_and_why(tmp_path):
    out = chibo("schedule", "--year", "2025", env=_isolated_env(tmp_path)).stdout.splitlines()
    assert out[0] == "Ngày sinh hoạt chi bộ thường kỳ năm 2025 (ngày 3, chậm nhất ngày 5):"
    assert out[1] == "Tháng 1: Thứ Sáu 03/01/2025: đúng ngày quy định"
    assert out[5] == ("Tháng 5: Thứ Hai 05/05/2025: dời ngày, do nghỉ: 03/05/2025 (Thứ Bảy); "
                      "04/05/2025 (Chủ nhật)")
    assert len(out) == 13
    (tmp_path / "2030").mkdir()
    conflict = chibo("schedule", "--year", "2030", env=_isolated_env(tmp_path / "2030")).stdout
    feb = conflict.splitlines()[2]
    assert feb.startswith("Tháng 2: ") and "03/02/2030 (Mùng hai Tết Nguyên Đán)" in feb
    assert "05/02/2030 (Mùng bốn Tết Nguyên Đán)" in feb and "lý do" in feb


def test_org_day_off_through_the_cli_moves_the_meeting(tmp_path):
    db = tmp_path / "cell.sqlite"
    added = chibo("daysoff", "add", "03/06/2025", "--reason", "Nghỉ mát cơ quan", "--db", str(db))
    assert added.stdout.strip() == "Đã thêm ngày nghỉ 03/06/2025: Nghỉ mát cơ quan."
    chibo("daysoff", "add", "03/05/2025", "--reason", "Làm bù ngày 02/05", "--working",
          "--db", str(db))
    data = json.loads(chibo("schedule", "--year", "2025", "--json", "--db", str(db)).stdout)
    expected = [dict(item) for item in EXPECTED_2025]
    expected[4] = _on(5)  # the make-up working Saturday keeps the meeting on the 3rd
    expected[5] = {"month": 6, "date": "2025-06-04", "status": "moved",
                   "days_off": [{"date": "2025-06-03", "name": "Nghỉ mát cơ quan"}]}
    assert data == expected
    listing = json.loads(chibo("daysoff", "list", "--year", "2025", "--json", "--db",
                               str(db)).stdout)
    mine = [(d["date"], d["kind"]) for d in listing if d["kind"].startswith("org")]
    assert mine == [("2025-05-03", "org_working"), ("2025-06-03", "org_off")]
    assert any(d["kind"] == "public" and d["date"] == "2025-09-02" for d in listing)
    text = chibo("daysoff", "list", "--year", "2025", "--db", str(db)).stdout
    assert "03/06/2025\tThứ Ba\tNgày nghỉ của cơ quan\tNghỉ mát cơ quan" in text.splitlines()
    chibo("daysoff", "remove", "03/06/2025", "--db", str(db))
    again = json.loads(chibo("schedule", "--year", "2025", "--json", "--db", str(db)).stdout)
    assert again[5] == _on(6)


def test_daysoff_errors_are_vietnamese_and_exit_non_zero(tmp_path):
    db = tmp_path / "cell.sqlite"
    bad = chibo("daysoff", "add", "31/02/2025", "--reason", "Nghỉ", "--db", str(db), check=False)
    assert bad.returncode == 2 and "Nhập ngày hợp lệ" in bad.stderr
    sunday = chibo("daysoff", "add", "08/06/2025", "--reason", "Nghỉ", "--db", str(db), check=False)
    assert sunday.returncode == 2 and "đã là ngày nghỉ: Chủ nhật" in sunday.stderr
    missing = chibo("daysoff", "remove", "05/06/2025", "--db", str(db), check=False)
    assert missing.returncode == 2 and "không có trong danh sách" in missing.stderr
    year = chibo("schedule", "--year", "0", "--json", check=False)
    assert year.returncode == 2 and "Năm không hợp lệ: 0." in year.stderr and year.stdout == ""


def test_schedule_with_a_stored_custom_rule(tmp_path):
    db = tmp_path / "cell.sqlite"
    with open_store(db) as store:
        set_day_rule(store, 5, 7)
    data = json.loads(chibo("schedule", "--year", "2025", "--json", "--db", str(db)).stdout)
    assert data[0] == {"month": 1, "date": "2025-01-06", "status": "moved",
                       "days_off": [{"date": "2025-01-05", "name": "Chủ nhật"}]}
    assert data[3]["status"] == "conflict" and data[3]["date"] is None
    assert [d["date"] for d in data[3]["days_off"]] == ["2025-04-05", "2025-04-06", "2025-04-07"]
    # CHIBO_DB names the file as --db does.
    by_env = json.loads(chibo("schedule", "--year", "2025", "--json",
                              env={"CHIBO_DB": str(db)}).stdout)
    assert by_env == data


def test_schedule_with_a_missing_db_file_creates_nothing(tmp_path):
    db = tmp_path / "nope.sqlite"
    result = chibo("schedule", "--year", "2025", "--db", str(db), check=False)
    assert result.returncode == 3 and "Không có tệp dữ liệu" in result.stderr
    assert _files(tmp_path) == []


def test_points_import_dry_run_then_import(tmp_path):
    db = tmp_path / "cell.sqlite"
    chibo("demo", "--db", str(db))
    members = json.loads(chibo("members", "list", "--json", "--db", str(db)).stdout)
    assert any(m["full_name"] == "Lê Thị Lan" for m in members)

    def points():   # the demo has its own months' points; the import is for 2025
        with open_store(db) as store:
            return {(r["full_name"], r["year"], r["month"]): r["points"] for r in store.rows(
                "select m.full_name, p.year, p.month, p.points from ehandbook_points p "
                "join member m on m.id = p.member_id")}

    before = points()
    csv = tmp_path / "points.csv"
    csv.write_text("Họ và tên,Tháng,Điểm\nLê Thị Lan,3,22\nLê Thị Lan,4,\"19,5\"\n"
                   "Người Lạ,3,20\n", encoding="utf-8-sig")
    dry = chibo("points", "import", str(csv), "--year", "2025", "--dry-run", "--db", str(db),
                check=False)
    assert dry.returncode == 1
    assert "Dòng 4, cột “Họ và tên”" in dry.stdout and "2/3 dòng hợp lệ" in dry.stdout
    assert points() == before
    done = chibo("points", "import", str(csv), "--year", "2025", "--db", str(db), check=False)
    assert "Đã nhập 2 dòng điểm" in done.stdout
    assert points() == {**before, ("Lê Thị Lan", 2025, 3): 22.0,
                        ("Lê Thị Lan", 2025, 4): 19.5}
