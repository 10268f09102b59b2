"""The office's own profile (issue 16 item 8): stored in the office file, set from the CLI, and
used by the office's model-cell report (header, number code, signature block, recipients)."""
import json
import subprocess

import pytest

from app.exchange.office import import_folder, open_office
from app.exchange.office_migrations import migrations as office_migrations
from app.exchange.office_profile import (
    DEFAULT_RECIPIENTS, ProfileError, get_profile, report_arguments, set_profile,
)
from tests.office_helpers import export_demo_cell
from tests.test_cli import chibo


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_profile_migration_from_the_older_office_schema(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "office.sqlite"
    db = Database(path)
    office_migrations.apply(db, stop_before="0004_office_profile")
    db["cell"].insert_all([
        {"id": "c1", "name": "Chi bộ A", "upper_committee": "Đảng ủy Trường X",
         "place_name": "Thái Bình"},
        {"id": "c2", "name": "Chi bộ B", "upper_committee": "Đảng ủy Trường X",
         "place_name": "Thái Bình"},
        {"id": "c3", "name": "Chi bộ C", "upper_committee": "Đảng ủy Khác"},
    ])
    db.conn.commit()
    db.close()
    office = open_office(path)
    try:
        p = get_profile(office)
        # The issuer its cells name most often; the body above it is not known yet.
        assert (p.issuer, p.place_name, p.upper_body) == ("Đảng ủy Trường X", "Thái Bình", "")
        assert p.missing() == ["upper_body"]
        assert p.sign_lines() == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
        assert p.recipients == DEFAULT_RECIPIENTS == (
            "Các đồng chí Đảng ủy viên", "Các chi bộ", "Lưu VPĐU")
        assert p.number_pattern() == "{n:02d}-BC/ĐU"
        assert office.db["cell"].count == 3   # the cells are untouched
    finally:
        office.close()


def test_bad_values_change_nothing(tmp_path):
    office = open_office(tmp_path / "office.sqlite")
    try:
        set_profile(office, issuer="Đảng ủy Trường X", sign_title="BÍ THƯ")
        before = get_profile(office)
        for bad in ({"sign_mode": "KT"}, {"number_code": "Đ/U"}, {"recipients": [" ", ""]},
                    {"issuer": "x" * 201}, {"colour": "red"},
                    {"issuer": "Mới", "sign_mode": "zz"}):
            with pytest.raises(ProfileError):
                set_profile(office, **bad)
            assert get_profile(office) == before
        after = set_profile(office, sign_mode="T/L", sign_for="Ban Thường vụ",
                            sign_title="Chánh Văn phòng", recipients="A;  B ;Lưu VPĐU.")
        assert after.sign_lines() == ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"]
        assert after.recipients == ("A", "B", "Lưu VPĐU")
    finally:
        office.close()


@pytest.fixture(scope="module")
def office_with_cell(tmp_path_factory):
    root = tmp_path_factory.mktemp("profile")
    cell = export_demo_cell(root / "cell")
    office = open_office(root / "office.sqlite")
    import_folder(office, cell["out"], trust_new=True)
    office.close()
    return root, root / "office.sqlite"


def test_office_report_uses_the_office_profile_not_the_cell(office_with_cell):
    root, office_db = office_with_cell
    cells = json.loads(chibo("office", "cells", "--json", "--db", str(office_db)).stdout)
    year = 2024
    chibo("office", "profile", "--db", str(office_db),
          "--set", "issuer=Đảng ủy Trường Đại học Y Dược Thái Bình",
          "--set", "upper_body=Đảng bộ Tỉnh Hưng Yên", "--set", "place_name=Hưng Yên",
          "--set", "signer_name=Trần Văn Bình")
    shown = json.loads(chibo("office", "profile", "--json", "--db", str(office_db)).stdout)
    assert shown["sign_lines"] == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    pdf = root / "tm.pdf"
    chibo("office", "report", "--year", str(year), "--json", "--pdf", str(pdf), "--db",
          str(office_db))
    text = _text(pdf)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # Header: the body above the issuer, then the issuer itself (bold), "*", the number.
    up = next(i for i, line in enumerate(lines) if line.startswith("ĐẢNG BỘ TỈNH HƯNG YÊN"))
    assert lines[up + 1].startswith("ĐẢNG ỦY TRƯỜNG ĐẠI HỌC Y")
    assert "-BC/ĐU" in text and "Hưng Yên, ngày" in text
    assert "ĐẢNG BỘ TRƯỜNG" not in text
    flat = " ".join(text.split())
    assert "T/M ĐẢNG ỦY" in flat and "BÍ THƯ" in flat and "Trần Văn Bình" in flat
    assert "VĂN PHÒNG ĐẢNG ỦY" not in flat
    for line in ("- Các đồng chí Đảng ủy viên;", "- Các chi bộ;", "- Lưu VPĐU."):
        assert line in flat
    # Not the cell's own list.
    assert cells[0]["name"] in flat and "Lưu Chi bộ" not in flat and "Lưu chi bộ" not in flat
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(root / "tm")], check=True)

    # By order of the standing committee: T/L BAN THƯỜNG VỤ / CHÁNH VĂN PHÒNG.
    chibo("office", "profile", "--db", str(office_db), "--set", "sign_mode=tl",
          "--set", "sign_for=Ban Thường vụ", "--set", "sign_title=Chánh Văn phòng",
          "--set", "signer_name=Lê Văn C", "--set", "number_code=VPĐU")
    tl = root / "tl.pdf"
    chibo("office", "report", "--year", str(year), "--pdf", str(tl), "--db", str(office_db))
    flat = " ".join(_text(tl).split())
    assert "T/L BAN THƯỜNG VỤ" in flat and "CHÁNH VĂN PHÒNG" in flat and "Lê Văn C" in flat
    assert "T/M" not in flat and "-BC/VPĐU" in flat


def test_cli_refuses_a_bad_value_in_vietnamese(office_with_cell):
    _root, office_db = office_with_cell
    before = chibo("office", "profile", "--json", "--db", str(office_db)).stdout
    bad = chibo("office", "profile", "--db", str(office_db), "--set", "sign_mode=KT",
                check=False)
    assert bad.returncode == 2 and "T/M" in bad.stderr and "Traceback" not in bad.stderr
    assert chibo("office", "profile", "--db", str(office_db), "--set", "nonsense",
                 check=False).returncode == 2
    assert chibo("office", "profile", "--json", "--db", str(office_db)).stdout == before


def test_report_arguments_carry_the_profile():
    from app.exchange.office_profile import OfficeProfile

    args = report_arguments(OfficeProfile(issuer="Đảng ủy A", upper_body="Đảng bộ B"))
    assert args["issuer"]["name"] == "Đảng ủy A" and args["issuer"]["parent_org"] == "Đảng bộ B"
    assert args["options"].recipients == list(DEFAULT_RECIPIENTS)
    assert args["signer_name"] is None


def test_a_new_office_takes_issuer_and_place_from_its_cells_until_set(tmp_path):
    office = open_office(tmp_path / "office.sqlite")
    try:
        assert get_profile(office).issuer == ""
        with office.atomic():
            office.db["cell"].insert({"id": "c1", "name": "Chi bộ A",
                                      "upper_committee": "Đảng ủy Trường X",
                                      "place_name": "Hưng Yên"})
        p = get_profile(office)
        assert (p.issuer, p.place_name) == ("Đảng ủy Trường X", "Hưng Yên")
        set_profile(office, issuer="Đảng ủy Trường Y")
        assert get_profile(office).issuer == "Đảng ủy Trường Y"
    finally:
        office.close()
