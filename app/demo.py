"""A realistic demo cell: Chi bộ Khoa Y tế công cộng, Đảng bộ Trường Đại học Y Dược Thái Bình."""
from __future__ import annotations

import datetime as dt

from .cell import save_cell, save_model_cell_registration
from .i18n import _
from .model import Cell, Member, ModelCellRegistration
from .members import list_members, save_member

# (full name, gender, birth date, position, admitted on, made full on)
_PEOPLE = [
    ("Nguyễn Thị Hoa", "female", "1975-03-12", "Trưởng khoa, Giảng viên cao cấp", "2001-05-19", "2002-05-19"),
    ("Trần Văn Minh", "male", "1978-08-02", "Phó Trưởng khoa", "2003-02-03", "2004-02-03"),
    ("Lê Thị Lan", "female", "1985-11-20", "Giảng viên, Thư ký khoa", "2009-09-02", "2010-09-02"),
    ("Phạm Đức Anh", "male", "1982-01-15", "Trưởng Bộ môn Dịch tễ học", "2006-12-22", "2007-12-22"),
    ("Hoàng Thị Thu Hằng", "female", "1987-06-30", "Giảng viên Bộ môn Dinh dưỡng", "2012-03-26", "2013-03-26"),
    ("Vũ Quang Huy", "male", "1980-09-09", "Trưởng Bộ môn Sức khỏe môi trường", "2005-07-27", "2006-07-27"),
    ("Đặng Thị Ngọc Ánh", "female", "1990-12-05", "Giảng viên Bộ môn Thống kê y học", "2015-05-19", "2016-05-19"),
    ("Bùi Văn Đức", "male", "1972-04-18", "Giảng viên chính", "1998-10-14", "1999-10-14"),
    ("Đỗ Thị Bình", "female", "1984-02-29", "Giảng viên Bộ môn Quản lý y tế", "2010-01-09", "2011-01-09"),
    ("Ngô Minh Tuấn", "male", "1988-07-07", "Giảng viên Bộ môn Dịch tễ học", "2014-08-19", "2015-08-19"),
    ("Dương Thị Yến", "female", "1991-10-10", "Giảng viên Bộ môn Dinh dưỡng", "2017-11-20", "2018-11-20"),
    ("Lý Văn Khánh", "male", "1979-05-25", "Phó Trưởng Bộ môn Quản lý y tế", "2004-04-30", "2005-04-30"),
    ("Trịnh Thị Mai", "female", "1986-03-08", "Chuyên viên Văn phòng khoa", "2011-06-15", "2012-06-15"),
    ("Phan Văn Long", "male", "1983-12-24", "Giảng viên Bộ môn Sức khỏe nghề nghiệp", "2008-02-03", "2009-02-03"),
    ("Võ Thị Thảo", "female", "1992-09-02", "Giảng viên Bộ môn Thống kê y học", "2018-05-19", "2019-05-19"),
    ("Đinh Công Sơn", "male", "1977-11-11", "Giảng viên chính Bộ môn Dịch tễ học", "2002-09-02", "2003-09-02"),
    ("Hà Thị Phương", "female", "1989-04-04", "Giảng viên Bộ môn Giáo dục sức khỏe", "2013-12-22", "2014-12-22"),
    ("Tạ Quang Vinh", "male", "1993-01-27", "Giảng viên Bộ môn Sức khỏe môi trường", "2019-03-26", "2020-03-26"),
    ("Mai Thị Hương", "female", "1981-08-16", "Giảng viên Bộ môn Quản lý y tế", "2007-07-27", "2008-07-27"),
    ("Lương Văn Thắng", "male", "1976-06-06", "Giảng viên chính Bộ môn Dinh dưỡng", "2000-05-19", "2001-05-19"),
    ("Cao Thị Ngân", "female", "1994-02-14", "Giảng viên Bộ môn Giáo dục sức khỏe", "2020-10-14", "2021-10-14"),
    ("Nguyễn Văn Á", "male", "1962-05-01", "Giảng viên cao cấp (đã nghỉ hưu)", "1988-12-22", "1989-12-22"),
    ("Kiều Thị Diệu Linh", "female", "1990-07-19", "Nghiên cứu sinh tại Nhật Bản", "2016-02-03", "2017-02-03"),
    ("Đoàn Thị Quỳnh", "female", "1998-03-03", "Giảng viên trẻ Bộ môn Thống kê y học", None, None),
    ("Hồ Minh Quân", "male", "1997-12-12", "Giảng viên trẻ Bộ môn Dịch tễ học", None, None),
]


def create_demo(store, today: dt.date | None = None) -> Cell:
    """Fill an empty database with the demo cell; refuses a database that has members."""
    today = today or dt.date.today()
    if list_members(store):
        raise ValueError(_("This data file already holds a cell; the demo needs an empty file."))
    with store.atomic():
        cell = save_cell(store, Cell(
            name="Chi bộ Khoa Y tế công cộng",
            parent_org="Đảng bộ Trường Đại học Y Dược Thái Bình",
            upper_committee="Đảng ủy Trường Đại học Y Dược Thái Bình",
            place_name="Thái Bình",
            unit_type="education",
            has_committee=True,
            upper_member_name="Nguyễn Quốc Tiến",
            upper_member_title="Bí thư Đảng ủy",
            default_time="14:00",
            default_place="Phòng họp Khoa Y tế công cộng, tầng 3 nhà A",
        ))
        members = {}
        for i, (name, gender, birth, position, admitted, full) in enumerate(_PEOPLE):
            m = Member(full_name=name, gender=gender, birth_date=dt.date.fromisoformat(birth),
                       position=position, card_no=f"{37010000 + 137 * i:08d}",
                       phone=f"0912 {345 + i:03d} {678 + 7 * i:03d}")
            if admitted:
                m.admitted_on = dt.date.fromisoformat(admitted)
                m.full_on = dt.date.fromisoformat(full)
            members[name] = m
        # Two probationary members, admitted within the last year (one near the end of it).
        for name, months_ago in (("Đoàn Thị Quỳnh", 11), ("Hồ Minh Quân", 5)):
            members[name].party_status = "probationary"
            members[name].admitted_on = _months_before(today, months_ago)
        retired = members["Nguyễn Văn Á"]
        retired.exempt_from = dt.date(today.year - 2, 1, 1)
        retired.exempt_reason = "Tuổi cao, sức khỏe yếu (Nghị quyết chi bộ)"
        abroad = members["Kiều Thị Diệu Linh"]
        abroad.temp_status = "elsewhere"
        for m in members.values():
            save_member(store, m, change="add", today=today)
        by_name = {m.full_name: m for m in members.values()}
        cell.secretary_id = by_name["Nguyễn Thị Hoa"].id
        cell.deputy_id = by_name["Trần Văn Minh"].id
        save_cell(store, cell)
        save_model_cell_registration(store, ModelCellRegistration(
            year=2024, registered_on=dt.date(2024, 3, 22),
            content="Xây dựng chi bộ gương mẫu, đoàn kết, đổi mới nâng cao nghiệp vụ chuyên môn "
                    "trong giảng dạy, nghiên cứu khoa học và dự phòng bảo vệ sức khỏe nhân dân."))
    return cell


def _months_before(day: dt.date, months: int) -> dt.date:
    from .model import add_months

    return add_months(day, -months)
