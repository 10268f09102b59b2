"""Members: validation in Vietnamese, history, status counts, probation, deletion rules."""
import datetime as dt
import unicodedata

import pytest

from app import members as M
from app.model import Member, ValidationError, parse_date, validate_member
from app.store import open_store

TODAY = dt.date(2024, 4, 3)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "cell.sqlite") as s:
        yield s


def errors_of(member):
    return {e.field: e.message for e in validate_member(member, TODAY)}


@pytest.mark.parametrize("member, field, words", [
    (Member(full_name=""), "full_name", "họ và tên"),
    (Member(full_name="Nguyễn Văn 2"), "full_name", "chữ cái"),
    (Member(full_name="Lê Văn A", birth_date=dt.date(2030, 1, 1)), "birth_date", "tương lai"),
    (Member(full_name="Lê Văn A", party_status="probationary"), "admitted_on", "ngày kết nạp"),
    (Member(full_name="Lê Văn A", party_status="x"), "party_status", "không rõ"),
    (Member(full_name="Lê Văn A", birth_date=dt.date(2000, 5, 1),
            admitted_on=dt.date(2018, 4, 30)), "admitted_on", "18 tuổi"),
    (Member(full_name="Lê Văn A", admitted_on=dt.date(2010, 1, 1),
            full_on=dt.date(2009, 1, 1)), "full_on", "trước ngày vào Đảng"),
    (Member(full_name="Lê Văn A", exempt_from=dt.date(2024, 1, 1)), "exempt_reason", "lý do"),
    (Member(full_name="Lê Văn A", exempt_from=dt.date(2024, 1, 1), exempt_reason="Ốm",
            exempt_to=dt.date(2023, 1, 1)), "exempt_to", "trước ngày bắt đầu"),
    (Member(full_name="Lê Văn A", phone="abc"), "phone", "chữ số"),
    (Member(full_name="Lê Văn A", joined_on=dt.date(2020, 1, 1), left_on=dt.date(2019, 1, 1)),
     "left_on", "trước ngày chuyển đến"),
])
def test_validation_errors_are_in_vietnamese(member, field, words):
    errs = errors_of(member)
    assert field in errs and words in errs[field]


def test_admitted_exactly_on_18th_birthday_is_valid():
    m = Member(full_name="Lê Văn A", birth_date=dt.date(2000, 5, 1), admitted_on=dt.date(2018, 5, 1))
    assert errors_of(m) == {}


@pytest.mark.parametrize("text, expected", [
    ("03/04/2024", dt.date(2024, 4, 3)), ("3/4/2024", dt.date(2024, 4, 3)),
    ("2024-04-03", dt.date(2024, 4, 3)), ("03.04.2024", dt.date(2024, 4, 3)),
    ("", None), (None, None),
])
def test_parse_date_accepts_vietnamese_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2024", "2024-13-01", "hôm qua", "29/02/2023"])
def test_parse_date_rejects_impossible_dates(text):
    with pytest.raises(ValueError, match="không phải là ngày hợp lệ"):
        parse_date(text)


def test_probation_over_after_twelve_months_is_flagged():
    m = Member(full_name="Hồ Minh Quân", party_status="probationary", admitted_on=dt.date(2023, 4, 3))
    assert m.probation_ends() == dt.date(2024, 4, 3)
    assert not m.probation_overdue(dt.date(2024, 4, 2))
    assert m.probation_overdue(dt.date(2024, 4, 3))
    assert not Member(full_name="A B", party_status="full").probation_overdue(TODAY)


def test_names_are_stored_nfc_and_duplicates_refused(store):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    saved = M.save_member(store, Member(full_name=decomposed, birth_date=dt.date(1980, 1, 1)))
    assert M.get_member(store, saved.id).full_name == "Nguyễn Thị Hằng"
    with pytest.raises(ValidationError) as err:
        M.save_member(store, Member(full_name="nguyen thi hang", birth_date=dt.date(1980, 1, 1)))
    assert "cùng họ tên và ngày sinh" in str(err.value)
    # Same name, another birth date: a different person.
    M.save_member(store, Member(full_name="Nguyễn Thị Hằng", birth_date=dt.date(1990, 1, 1)))
    assert len(M.list_members(store)) == 2


def test_invalid_member_is_not_written(store):
    with pytest.raises(ValidationError):
        M.save_member(store, Member(full_name=""))
    assert store.db["member"].count == 0 and store.db["member_history"].count == 0


def test_history_shows_the_cell_as_it_was(store):
    m = M.save_member(store, Member(full_name="Đoàn Thị Quỳnh", party_status="probationary",
                                    admitted_on=dt.date(2023, 3, 1), joined_on=dt.date(2023, 3, 1)),
                      today=TODAY)
    m.party_status, m.full_on = "full", dt.date(2024, 3, 1)
    M.save_member(store, m, effective_on=dt.date(2024, 3, 1), change="made_full", today=TODAY)
    M.mark_left(store, m.id, dt.date(2024, 9, 1), "Chuyển sinh hoạt đến Chi bộ Khoa Dược")
    assert M.members_as_of(store, dt.date(2023, 2, 1)) == []
    assert [x.party_status for x in M.members_as_of(store, dt.date(2023, 12, 3))] == ["probationary"]
    assert [x.party_status for x in M.members_as_of(store, dt.date(2024, 4, 3))] == ["full"]
    assert M.members_as_of(store, dt.date(2024, 10, 3)) == []
    # The member is kept (marked as left), never deleted.
    assert M.get_member(store, m.id).left_reason == "Chuyển sinh hoạt đến Chi bộ Khoa Dược"


def test_a_member_in_a_meeting_cannot_be_deleted(store, monkeypatch):
    a = M.save_member(store, Member(full_name="Lê Văn An"))
    b = M.save_member(store, Member(full_name="Lê Văn Bình"))
    store.db["fake_attendance"].insert({"member_id": a.id})
    monkeypatch.setattr(M, "MEMBER_REFERENCES", [("fake_attendance", "member_id")])
    with pytest.raises(ValueError, match="ra khỏi chi bộ"):
        M.delete_member(store, a.id)
    M.delete_member(store, b.id)
    assert [m.full_name for m in M.list_members(store)] == ["Lê Văn An"]


def test_counts_and_filters_by_status():
    people = [
        Member(full_name="A An", party_status="full"),
        Member(full_name="B Bình", party_status="probationary", admitted_on=dt.date(2024, 1, 1)),
        Member(full_name="C Cúc", party_status="full", exempt_from=dt.date(2020, 1, 1),
               exempt_reason="Tuổi cao"),
        Member(full_name="D Dũng", party_status="full", temp_status="elsewhere"),
        Member(full_name="E Em", party_status="full", left_on=dt.date(2024, 1, 1)),
    ]
    counts = M.counts_by_status(people, TODAY)
    assert counts == {"all": 4, "full": 3, "probationary": 1, "exempted": 1, "elsewhere": 1,
                      "here": 0, "left": 1}
    assert [m.full_name for m in M.filter_by_status(people, "exempted", TODAY)] == ["C Cúc"]
    assert [m.full_name for m in M.filter_by_status(people, "all", TODAY)] == [
        "A An", "B Bình", "C Cúc", "D Dũng"]


def test_search_over_members():
    people = [Member(full_name="Nguyễn Văn Á", position="Giảng viên"),
              Member(full_name="Nguyễn Thị Hoa", card_no="37010001")]
    assert [m.full_name for m in M.search(people, "nguyen van a")] == ["Nguyễn Văn Á"]
    assert [m.full_name for m in M.search(people, "giang vien")] == ["Nguyễn Văn Á"]
    assert [m.full_name for m in M.search(people, "3701")] == ["Nguyễn Thị Hoa"]


def test_member_with_points_or_meetings_is_kept(store):
    from app.ehandbook import set_points

    m = M.save_member(store, Member(full_name="Lê Văn An"))
    set_points(store, m.id, 2024, 3, "25")
    with pytest.raises(ValueError, match="ra khỏi chi bộ"):
        M.delete_member(store, m.id)
    assert M.get_member(store, m.id) is not None
