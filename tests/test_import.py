"""Member import from CSV/XLSX: preview with each row's problems, then one transaction."""
import datetime as dt

import pytest
from openpyxl import Workbook

from app.importing import ImportFileError, commit_members, preview_members
from app.members import list_members, save_member
from app.model import Member
from app.store import open_store

HEADER = "Họ và tên,Giới tính,Ngày sinh,Đảng viên,Ngày vào Đảng,Chức vụ\n"
GOOD = ("Nguyễn Văn Á,Nam,01/05/1962,chính thức,22/12/1988,Giảng viên\n"
        "Đoàn Thị Quỳnh,Nữ,03/03/1998,dự bị,03/05/2024,Giảng viên trẻ\n")


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "cell.sqlite") as s:
        yield s


def write(tmp_path, text, encoding="utf-8", name="members.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_in_utf8_with_or_without_bom_and_utf16(store, tmp_path, encoding):
    preview = preview_members(store, write(tmp_path, HEADER + GOOD, encoding), today=dt.date(2024, 6, 1))
    assert preview.problems == []
    assert commit_members(store, preview) == 2
    names = {m.full_name: m for m in list_members(store)}
    assert names["Đoàn Thị Quỳnh"].party_status == "probationary"
    assert names["Nguyễn Văn Á"].birth_date == dt.date(1962, 5, 1)


def test_excel_utf16_tab_separated(store, tmp_path):
    text = (HEADER + GOOD).replace(",", "\t")
    preview = preview_members(store, write(tmp_path, text, "utf-16", "members.txt"),
                              today=dt.date(2024, 6, 1))
    assert len(preview.valid) == 2


def test_legacy_tcvn3_and_vni_files_are_converted_and_unreadable_bytes_refused(store, tmp_path):
    tcvn3 = tmp_path / "tcvn3.csv"   # "Họ và tên,Tình trạng / Nguyễn Văn Tám,Dự bị" in .VnTime
    tcvn3.write_bytes("Hä vµ tªn,T×nh tr¹ng\nNguyÔn V¨n T¸m,Dù bÞ\n".encode("latin-1"))
    preview = preview_members(store, tcvn3)
    assert preview.converted_from == "TCVN3"
    assert [(r.record.full_name, r.record.party_status) for r in preview.rows] == [
        ("Nguyễn Văn Tám", "probationary")]
    vni = tmp_path / "vni.csv"       # the same in VNI-Times
    vni.write_bytes("Hoï vaø teân,Tình traïng\nNguyeãn Vaên Taùm,Döï bò\n".encode("cp1252"))
    preview = preview_members(store, vni)
    assert preview.converted_from == "VNI"
    assert [(r.record.full_name, r.record.party_status) for r in preview.rows] == [
        ("Nguyễn Văn Tám", "probationary")]
    path = tmp_path / "members.csv"
    path.write_bytes(b"H\x00 v\x81\x8d\x9d\n\x01\x02\xff\n")
    with pytest.raises(ImportFileError) as err:
        preview_members(store, path)
    assert "UTF-8" in str(err.value) and "CSV UTF-8" in str(err.value)


def test_each_row_problem_is_reported_with_row_column_and_reason(store, tmp_path):
    save_member(store, Member(full_name="Trần Văn Minh", birth_date=dt.date(1978, 8, 2)))
    rows = [
        ",Nam,01/01/1980,chính thức,,",                          # 2: missing name
        "Lê Thị Lan,Nữ,31/02/1985,chính thức,,",                  # 3: impossible date
        "Phạm Đức Anh,Nam,15/01/1982,đang chờ,,",                 # 4: unknown status
        "tran van minh,Nam,02/08/1978,chính thức,,",              # 5: duplicate of existing
        "Vũ Quang Huy,Nam,09/09/1980,chính thức,,",               # 6: valid
        "Vũ Quang Huy,Nam,09/09/1980,chính thức,,",               # 7: duplicate of row 6
        "Hà Thị Phương,Không rõ,04/04/1989,chính thức,,",         # 8: unknown gender
        "Cao Thị Ngân,Nữ,14/02/1994,dự bị,,",                     # 9: probationary w/o admission
    ]
    path = write(tmp_path, HEADER + "\n".join(rows) + "\n")
    preview = preview_members(store, path)
    found = {(p.row, p.column): p.reason for p in preview.problems}
    assert "Thiếu họ và tên" in found[(2, "Họ và tên")]
    assert "31/02/1985" in found[(3, "Ngày sinh")]
    assert "đang chờ" in found[(4, "Đảng viên")]
    assert "Trần Văn Minh" in found[(5, "Họ và tên")]
    assert "dòng 6" in found[(7, "Họ và tên")]
    assert "Không rõ" in found[(8, "Giới tính")]
    assert "ngày kết nạp" in found[(9, "Ngày vào Đảng")]
    assert [r.row for r in preview.valid] == [6]
    # Nothing was written while previewing.
    assert len(list_members(store)) == 1
    assert commit_members(store, preview) == 1
    assert sorted(m.full_name for m in list_members(store)) == ["Trần Văn Minh", "Vũ Quang Huy"]


def test_xlsx_with_real_dates_and_text(store, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Ngày sinh", "Đảng viên", "Ngày vào Đảng"])
    ws.append(["Nguyễn Thị Hoa", dt.datetime(1975, 3, 12), "Chính thức", "19/05/2001"])
    ws.append(["Hồ Minh Quân", "12/12/1997", "Dự bị", dt.datetime(2024, 1, 5)])
    ws.append([None, None, None, None])  # blank rows are skipped
    ws.append(["Lý Văn Khánh", "1979-13-25", "Chính thức", None])
    path = tmp_path / "members.xlsx"
    wb.save(path)
    preview = preview_members(store, path, today=dt.date(2024, 6, 1))
    assert [r.row for r in preview.valid] == [2, 3]
    assert [(p.row, p.column) for p in preview.problems] == [(5, "Ngày sinh")]
    commit_members(store, preview)
    quan = next(m for m in list_members(store) if m.full_name == "Hồ Minh Quân")
    assert quan.admitted_on == dt.date(2024, 1, 5)


def test_not_an_excel_file(store, tmp_path):
    path = write(tmp_path, "hello", name="members.xlsx")
    with pytest.raises(ImportFileError, match="không phải tệp Excel"):
        preview_members(store, path)


def test_unsupported_extension_and_missing_name_column(store, tmp_path):
    with pytest.raises(ImportFileError, match=r"\.csv và \.xlsx"):
        preview_members(store, write(tmp_path, "x", name="members.doc"))
    with pytest.raises(ImportFileError, match="Họ và tên"):
        preview_members(store, write(tmp_path, "Tên đơn vị,Ngày sinh\nA,01/01/1990\n"))
    with pytest.raises(ImportFileError, match="trống"):
        preview_members(store, write(tmp_path, ""))


# --- hostile files: refused with a message, before they can exhaust memory --------------------

def test_a_csv_field_longer_than_any_name_is_refused_with_its_row(store, tmp_path):
    path = write(tmp_path, HEADER + GOOD + "Lê Văn " + "A" * 300_000 + ",Nam,01/01/1980,,,\n")
    with pytest.raises(ImportFileError) as err:
        preview_members(store, path)
    assert "Dòng 4" in str(err.value)
    assert list_members(store) == []


def test_a_csv_with_too_many_rows_is_refused(store, tmp_path):
    rows = "".join(f"Người {i},Nam,01/01/1980,chính thức,01/01/2005,\n" for i in range(6000))
    with pytest.raises(ImportFileError, match="5000 dòng"):
        preview_members(store, write(tmp_path, HEADER + rows))


def _xlsx_claiming(tmp_path, dimension: str, far_cell: str | None = None):
    """A real one-member workbook whose sheet claims (or really has) a huge extent."""
    import re
    import zipfile

    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Ngày sinh", "Đảng viên", "Ngày vào Đảng"])
    ws.append(["Nguyễn Thị Hoa", "12/03/1975", "Chính thức", "19/05/2001"])
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    path = tmp_path / "members.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'<dimension ref="[^"]+"', f'<dimension ref="{dimension}"',
                              data.decode())
                if far_cell:
                    row = far_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    text = text.replace("</sheetData>", f'<row r="{row}"><c r="{far_cell}" '
                                        't="inlineStr"><is><t>x</t></is></c></row></sheetData>')
                data = text.encode()
            dst.writestr(info, data)
    return path


def test_an_xlsx_claiming_a_huge_sheet_reads_what_is_really_there(store, tmp_path):
    path = _xlsx_claiming(tmp_path, "A1:XFD1048576")
    preview = preview_members(store, path, today=dt.date(2024, 6, 1))
    assert [r.row for r in preview.valid] == [2]


def test_an_xlsx_with_a_cell_at_the_far_corner_is_refused(store, tmp_path):
    path = _xlsx_claiming(tmp_path, "A1:D1048576", far_cell="XFD1048576")
    with pytest.raises(ImportFileError, match="5000 dòng"):
        preview_members(store, path)
