"""Stored e-handbook points (app.ehandbook): typing, the threshold, the grid and the import."""
import datetime as dt

import pytest
from openpyxl import Workbook

from app.ehandbook import (commit_points, grid_members, parse_month, points_grid, preview_points,
                           set_points, set_threshold, threshold, year_points)
from app.importing import ImportFileError
from app.members import save_member
from app.model import Member
from app.rules.ehandbook import PointsError
from app.store import open_store

D = dt.date


@pytest.fixture
def path(tmp_path):
    return tmp_path / "cell.sqlite"


@pytest.fixture
def store(path):
    with open_store(path) as s:
        yield s


def _member(store, name, **kw):
    return save_member(store, Member(full_name=name, **kw), today=D(2025, 1, 1)).id


def write(tmp_path, text, name="points.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --- typing points and the threshold ---------------------------------------------------------

def test_points_typed_with_comma_are_stored_and_blank_clears(path, store):
    lan = _member(store, "Lê Thị Lan")
    assert set_points(store, lan, 2025, 3, "20,5") == 20.5
    set_points(store, lan, 2025, 4, 18)
    store.close()
    with open_store(path) as again:
        assert year_points(again, 2025) == {(lan, 3): 20.5, (lan, 4): 18.0}
        assert set_points(again, lan, 2025, 4, "  ") is None
        assert year_points(again, 2025) == {(lan, 3): 20.5}


@pytest.mark.parametrize("year, month, value, message", [
    (2025, 13, "20", "Tháng phải từ 1 đến 12"),
    (2025, 0, "20", "Tháng phải từ 1 đến 12"),
    (1800, 1, "20", "Năm không hợp lệ"),
    (2025, 1, "hai mươi", "phải là một số"),
    (2025, 1, "-1", "từ 0 đến"),
    (2025, 1, "20,5.1", "phải là một số"),
])
def test_bad_points_are_refused_in_vietnamese(store, year, month, value, message):
    lan = _member(store, "Lê Thị Lan")
    with pytest.raises(PointsError, match=message):
        set_points(store, lan, year, month, value)
    assert year_points(store, 2025) == {}


def test_points_for_an_unknown_member_are_refused(store):
    with pytest.raises(PointsError, match="Không có đảng viên"):
        set_points(store, "nobody", 2025, 1, 20)


def test_threshold_setting_drives_the_grid(path, store):
    lan = _member(store, "Lê Thị Lan")
    set_points(store, lan, 2025, 1, 22)
    assert threshold(store) == 20.0
    assert points_grid(store, 2025).cells[(lan, 1)].status == "ok"
    set_threshold(store, "25")
    store.close()
    with open_store(path) as again:
        assert threshold(again) == 25.0
        assert points_grid(again, 2025).cells[(lan, 1)].status == "below"
        with pytest.raises(PointsError, match="Ngưỡng điểm"):
            set_threshold(again, "")
        assert threshold(again) == 25.0


def test_grid_marks_below_missing_exempted_and_leaves_out_former_members(store):
    ok = _member(store, "Lê Thị Lan")
    low = _member(store, "Phạm Đức Anh")
    exempt = _member(store, "Nguyễn Văn Á", exempt_from=D(2024, 1, 1), exempt_reason="Tuổi cao")
    gone = _member(store, "Trần Văn Minh", left_on=D(2024, 6, 1), left_reason="Chuyển đi")
    for month in (1, 2):
        set_points(store, ok, 2025, month, 30)
    set_points(store, low, 2025, 1, "15")
    assert {m.id for m in grid_members(store, 2025)} == {ok, low, exempt}
    grid = points_grid(store, 2025, today=D(2025, 3, 10))
    assert grid.cells[(low, 1)].status == "below"
    assert grid.cells[(low, 2)].status == "missing"
    assert grid.cells[(exempt, 1)].status == "not_applicable"
    assert grid.cells[(ok, 3)].status == "not_due"
    assert (gone, 1) not in grid.cells
    jan, feb = grid.months[0], grid.months[1]
    assert (jan.applicable, jan.at_or_above, jan.share, jan.incomplete) == (2, 1, 50.0, False)
    assert (feb.share, feb.incomplete) == (50.0, True)
    assert grid.share == 50.0  # 2 of 4 member-months that are due


# --- the import ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, year, expected", [
    (3, 2025, (2025, 3)), ("03", 2025, (2025, 3)), (3.0, 2025, (2025, 3)),
    ("03/2025", None, (2025, 3)), ("3/2025", 2025, (2025, 3)), ("2025-03", None, (2025, 3)),
    (dt.datetime(2025, 3, 1), 2025, (2025, 3)), ("12", 2024, (2024, 12)),
])
def test_months_accepted(value, year, expected):
    assert parse_month(value, year) == expected


def test_import_by_name_and_card_then_commit(store, tmp_path):
    lan = _member(store, "Lê Thị Lan", card_no="01.234567")
    anh = _member(store, "Phạm Đức Anh")
    set_points(store, anh, 2025, 1, 10)
    path = write(tmp_path, "Họ và tên,Số thẻ đảng,Tháng,Điểm\n"
                           "le thi lan,,1,\"20,5\"\n"
                           ",01.234567,02/2025,25\n"
                           "Phạm Đức Anh,,1,30\n")
    preview = preview_points(store, path, 2025)
    assert preview.problems == []
    records = [(r.record.member_id, r.record.month, r.record.points, r.record.replaces)
               for r in preview.valid]
    assert records == [(lan, 1, 20.5, None), (lan, 2, 25.0, None), (anh, 1, 30.0, 10.0)]
    assert year_points(store, 2025) == {(anh, 1): 10.0}  # nothing written while previewing
    assert commit_points(store, preview) == 3
    assert year_points(store, 2025) == {(lan, 1): 20.5, (lan, 2): 25.0, (anh, 1): 30.0}


def test_every_row_problem_is_reported(store, tmp_path):
    _member(store, "Lê Thị Lan", card_no="111")
    _member(store, "Nguyễn Văn An", birth_date=D(1970, 1, 1))
    _member(store, "Nguyễn Văn An", birth_date=D(1985, 5, 5), card_no="222")
    _member(store, "Phạm Đức Anh")
    rows = [
        "Hoàng Văn Không,,1,20",      # 2: unknown member
        "Nguyễn Văn An,,1,20",        # 3: two members with this name
        "Nguyễn Văn An,222,1,20",     # 4: valid, the card tells them apart
        "Lê Thị Lan,999,1,20",        # 5: unknown card
        "Phạm Đức Anh,111,1,20",      # 6: card of another member
        "Lê Thị Lan,,13,20",          # 7: bad month
        "Lê Thị Lan,,tháng ba,20",    # 8: bad month
        "Lê Thị Lan,,03/2024,20",     # 9: not the year being imported
        "Lê Thị Lan,,2,-5",           # 10: bad points
        "Lê Thị Lan,,5,abc",          # 11: bad points
        "Lê Thị Lan,,6,",             # 12: missing points
        "Phạm Đức Anh,,4,20",         # 13: valid
        "Phạm Đức Anh,,04/2025,21",   # 14: duplicate of row 13
        ",,5,20",                     # 15: no member at all
    ]
    path = write(tmp_path, "Họ và tên,Số thẻ đảng,Tháng,Điểm\n" + "\n".join(rows) + "\n")
    preview = preview_points(store, path, 2025)
    found = {(p.row, p.column): p.reason for p in preview.problems}
    assert "Không có đảng viên nào tên “Hoàng Văn Không”" in found[(2, "Họ và tên")]
    assert "Có 2 đảng viên cùng tên" in found[(3, "Họ và tên")]
    assert "số thẻ đảng" in found[(3, "Họ và tên")]
    assert "“999”" in found[(5, "Số thẻ đảng")]
    assert "Lê Thị Lan" in found[(6, "Họ và tên")]
    assert "“13”" in found[(7, "Tháng")]
    assert "“tháng ba”" in found[(8, "Tháng")]
    assert "03/2024" in found[(9, "Tháng")] and "2025" in found[(9, "Tháng")]
    assert "từ 0 đến" in found[(10, "Điểm")]
    assert "phải là một số" in found[(11, "Điểm")]
    assert "Thiếu điểm" in found[(12, "Điểm")]
    assert "dòng 13" in found[(14, "Tháng")]
    assert "Thiếu họ tên hoặc số thẻ đảng" in found[(15, "Họ và tên")]
    assert [r.row for r in preview.valid] == [4, 13]
    assert len(preview.problems) == 12  # one per faulty row
    assert commit_points(store, preview) == 2
    assert sorted(year_points(store, 2025).values()) == [20.0, 20.0]


def test_bare_month_needs_a_year(store, tmp_path):
    _member(store, "Lê Thị Lan")
    path = write(tmp_path, "Họ và tên,Tháng,Điểm\nLê Thị Lan,3,20\nLê Thị Lan,04/2025,20\n")
    preview = preview_points(store, path)
    assert [(p.row, p.column) for p in preview.problems] == [(2, "Tháng")]
    assert "MM/YYYY" in preview.problems[0].reason
    assert [(r.record.year, r.record.month) for r in preview.valid] == [(2025, 4)]


def test_xlsx_with_excel_dates_and_numbers(store, tmp_path):
    lan = _member(store, "Lê Thị Lan", card_no="12345")
    wb = Workbook()
    ws = wb.active
    ws.append(["Số thẻ đảng", "Tháng", "Điểm"])
    ws.append([12345, dt.datetime(2025, 5, 1), 21.5])  # Excel turned 05/2025 into a date
    ws.append([12345, 6, 19])
    path = tmp_path / "points.xlsx"
    wb.save(path)
    preview = preview_points(store, path, 2025)
    assert preview.problems == []
    commit_points(store, preview)
    assert year_points(store, 2025) == {(lan, 5): 21.5, (lan, 6): 19.0}


def test_files_without_the_needed_columns(store, tmp_path):
    with pytest.raises(ImportFileError, match="Họ và tên.*Số thẻ đảng"):
        preview_points(store, write(tmp_path, "Đơn vị,Tháng,Điểm\nA,1,20\n"))
    with pytest.raises(ImportFileError, match="“Tháng”"):
        preview_points(store, write(tmp_path, "Họ và tên,Điểm\nA,20\n"))
    with pytest.raises(ImportFileError, match="“Điểm”"):
        preview_points(store, write(tmp_path, "Họ và tên,Tháng\nA,1\n"))
