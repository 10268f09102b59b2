"""A meeting's stored documents: made on finalising (or not finalised at all), signed as new
files, kept when the meeting is amended; checked as real files with poppler and qpdf."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest

from app import lifecycle, meeting_docs, meetings, planning, thematic
from app.documents.keys import SigningError
from app.documents.signing import KeyFileSigner
from app.documents.verify import verify_pdf
from app.store import blobs

from meeting_helpers import people, run_meeting, store  # noqa: F401 (fixtures)
from pdf_checks import needs_pdf_tools
from test_documents import check_fonts, check_qpdf, flat, text_of
from test_thematic import run_thematic
from token_helpers import softhsm_token  # noqa: F401 (fixture)

pytestmark = needs_pdf_tools

PASS = "mật khẩu chi bộ 2024"


def sign(store, row, p12, passphrase, slot=None, **kw):
    """Sign the stored document ``row`` with a key file through the core's one path."""
    return meeting_docs.sign_document(store, row["meeting_id"], row["kind"], slot,
                                      KeyFileSigner(p12, passphrase), document_id=row["id"], **kw)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    chair, taker = folder / "hoa.p12", folder / "lan.p12"
    return {"chair": chair, "taker": taker,
            "fp_chair": meeting_docs.make_local_key(None, "Nguyễn Thị Hoa", chair, PASS),
            "fp_taker": meeting_docs.make_local_key(None, "Lê Thị Lan", taker, PASS)}


def _pdf(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _stored_file(store, row):
    """The stored bytes as they are in the data file, written out to a file to check."""
    path = Path(tempfile.mkdtemp()) / f"{row['sha256']}.pdf"
    path.write_bytes(blobs.read_blob(store, row["sha256"]))
    return path


def test_finalising_stores_the_minutes_and_resolution(store, people, tmp_path):
    mid = run_meeting(store, people, absent=[("Trịnh Thị Mai", "Đi công tác")])
    docs = meeting_docs.documents_for(store, mid)
    assert [(d["kind"], d["number"], d["version"], d["signed"], d["current"]) for d in docs] == [
        ("minutes", "01-BB/CB", 1, False, True), ("resolution", "01-NQ/CB", 1, False, True)]
    for doc in docs:
        data = _stored_file(store, doc).read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc["sha256"] and len(data) == doc["size"]
        assert meeting_docs.document_bytes(store, doc["id"]) == data
        path = _pdf(tmp_path, doc["name"], data)
        check_fonts(path)
        check_qpdf(path)
        text = flat(text_of(path))
        assert "DỰ THẢO" not in text                      # final, not a draft
        assert f"Số {doc['number']}" in text
        assert "Thái Bình, ngày 03 tháng 4 năm 2024" in text
    minutes = flat(text_of(_stored_file(store, docs[0])))
    assert "Trịnh Thị Mai" in minutes and "Đi công tác" in minutes
    assert "NGHỊ QUYẾT" in flat(text_of(_stored_file(store, docs[1])))
    # The stored minutes are what rendering the finalised meeting gives now.
    rendered = meeting_docs.render_minutes(store, mid)
    assert flat(text_of(_pdf(tmp_path, "again.pdf", rendered))) == minutes


def test_no_resolution_text_no_resolution_document(store, people):
    mid = run_meeting(store, people, finalise=False)
    meetings.update(store, mid, resolution_text="")
    lifecycle.finalise(store, mid)
    assert [d["kind"] for d in meeting_docs.documents_for(store, mid)] == ["minutes"]
    with pytest.raises(ValueError, match="không có nội dung nghị quyết"):
        meeting_docs.render_resolution(store, mid)


def test_failed_documents_leave_the_meeting_a_draft(store, people):
    mid = run_meeting(store, people, finalise=False)
    # Storing the documents fails (as a full disk would make it).
    store.conn.execute("create temp trigger no_blob before insert on blob "
                       "begin select raise(abort, 'database or disk is full'); end")
    with pytest.raises(sqlite3.Error):
        lifecycle.finalise(store, mid)
    row = meetings._row(store, mid)
    assert (row["status"], row["number"], row["finalised_at"]) == ("draft", None, None)
    assert meeting_docs.documents_for(store, mid) == []
    meetings.update(store, mid, place="Phòng họp tầng 3")   # still editable
    store.conn.execute("drop trigger no_blob")
    lifecycle.finalise(store, mid)
    assert meetings._row(store, mid)["number"] == "1"        # the number was not used up
    assert [d["kind"] for d in meeting_docs.documents_for(store, mid)] == ["minutes",
                                                                            "resolution"]


def test_signing_makes_a_new_document_and_keeps_the_unsigned_one(store, people, keys, tmp_path):
    mid = run_meeting(store, people)
    minutes = meeting_docs.current_document(store, mid, "minutes")
    original = _stored_file(store, minutes).read_bytes()
    # The chair's key signs the CHỦ TRÌ field (her name is printed under it).
    by_chair = sign(store, minutes, keys["chair"], PASS)
    assert (by_chair["signature_field"], by_chair["signer_role"], by_chair["signer"]) == (
        "ChuTri", "CHỦ TRÌ", "Nguyễn Thị Hoa")
    assert by_chair["supersedes"] == minutes["id"] and by_chair["signer_fingerprint"] == \
        keys["fp_chair"]
    by_taker = sign(store, by_chair, keys["taker"], PASS)
    assert by_taker["signature_field"] == "ThuKy" and by_taker["supersedes"] == by_chair["id"]
    docs = meeting_docs.documents_for(store, mid, "minutes")
    assert [(d["id"], d["signed"], d["current"]) for d in docs] == [
        (minutes["id"], False, False), (by_chair["id"], True, False), (by_taker["id"], True, True)]
    assert meeting_docs.current_document(store, mid, "minutes")["id"] == by_taker["id"]
    # Stored files never change: each signature appends to a copy.
    assert _stored_file(store, minutes).read_bytes() == original
    signed = meeting_docs.document_bytes(store, by_taker["id"])
    assert signed.startswith(meeting_docs.document_bytes(store, by_chair["id"]))
    assert meeting_docs.document_bytes(store, by_chair["id"]).startswith(original)
    result = verify_pdf(signed, trusted_certs=[keys["fp_chair"], keys["fp_taker"]])
    assert result.ok and [s.signer_name for s in result.signatures] == [
        "Nguyễn Thị Hoa", "Lê Thị Lan"] and all(s.trusted for s in result.signatures)
    path = _pdf(tmp_path, "signed.pdf", signed)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 2
    check_qpdf(path)
    # A superseded copy and a fully signed document cannot be signed again.
    with pytest.raises(SigningError, match="đã được ký"):
        sign(store, minutes, keys["chair"], PASS)
    with pytest.raises(SigningError, match="đã được ký"):
        sign(store, by_taker, keys["chair"], PASS)
    # The passphrase is nowhere in the data file.
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = store.path.read_bytes()
    assert PASS.encode("utf-8") not in raw and b"mat khau" not in raw


def test_wrong_passphrase_stores_nothing(store, people, keys):
    mid = run_meeting(store, people)
    doc = meeting_docs.current_document(store, mid, "resolution")
    with pytest.raises(SigningError, match="mật khẩu"):
        sign(store, doc, keys["chair"], "sai")
    assert len(meeting_docs.documents_for(store, mid)) == 2


def test_amending_keeps_the_old_documents_and_makes_new_ones(store, people, keys, tmp_path):
    mid = run_meeting(store, people)
    old_docs = meeting_docs.documents_for(store, mid)
    old_bytes = {d["id"]: _stored_file(store, d).read_bytes() for d in old_docs}
    new = meetings.amend(store, mid, "Bổ sung ý kiến của đồng chí Vũ Quang Huy")
    assert meeting_docs.documents_for(store, new) == []      # a draft has no stored documents
    meetings.update(store, new, read_back=True)
    lifecycle.finalise(store, new)
    new_docs = meeting_docs.documents_for(store, new)
    assert [(d["kind"], d["version"], d["number"]) for d in new_docs] == [
        ("minutes", 2, "01-BB/CB"), ("resolution", 2, "01-NQ/CB")]
    assert meeting_docs.documents_for(store, mid) == old_docs
    assert {d["id"]: _stored_file(store, d).read_bytes() for d in old_docs} == old_bytes
    text = flat(text_of(_pdf(tmp_path, "v2.pdf", meeting_docs.document_bytes(
        store, new_docs[0]["id"]))))
    assert "(Sửa đổi lần 1)" in text
    assert "Lý do sửa đổi biên bản: Bổ sung ý kiến của đồng chí Vũ Quang Huy." in text
    assert "Sửa đổi" not in flat(text_of(_pdf(tmp_path, "v1.pdf", old_bytes[old_docs[0]["id"]])))
    assert "(Sửa đổi lần 1)" in flat(text_of(_pdf(tmp_path, "v2r.pdf", meeting_docs.document_bytes(
        store, new_docs[1]["id"]))))
    # The corrected version's documents are the ones to sign.
    with pytest.raises(SigningError, match="sửa đổi|phiên bản"):
        sign(store, old_docs[0], keys["chair"], PASS)
    assert sign(store, new_docs[0], keys["chair"], PASS)["signed"]


def test_cell_settings_give_the_margins_and_the_number_pattern(store, people, tmp_path):
    meeting_docs.set_margins(store, 25, 20, 35, 15)
    store.set_setting("number_pattern", "{n:03d}/{kind}-CB")
    options = meeting_docs.doc_options(store, "NQ")
    assert (options.margin_top_mm, options.margin_left_mm, options.number_pattern) == (
        25.0, 35.0, "{n:03d}/NQ-CB")
    mid = run_meeting(store, people)
    docs = meeting_docs.documents_for(store, mid)
    assert [d["number"] for d in docs] == ["001/BB-CB", "001/NQ-CB"]
    resolution = flat(text_of(_pdf(tmp_path, "r.pdf", meeting_docs.document_bytes(
        store, docs[1]["id"]))))
    assert "Số 001/NQ-CB" in resolution
    # The left margin moves the text: the header starts 35 mm from the edge (x in points).
    bbox = subprocess.run(["pdftotext", "-bbox", str(_pdf(tmp_path, "m.pdf", meeting_docs
                                                          .document_bytes(store, docs[0]["id"]))),
                           "-"], capture_output=True, text=True).stdout
    xs = [float(part.split('"')[1]) for part in bbox.split("xMin=")[1:]]
    assert min(xs) >= 35 * 2.8346 - 1
    with pytest.raises(ValueError, match="Lề trang"):
        meeting_docs.set_margins(store, 2, 20, 30, 15)


def test_draft_minutes_are_marked(store, people, tmp_path):
    mid = run_meeting(store, people, finalise=False)
    path = _pdf(tmp_path, "draft.pdf", meeting_docs.render_minutes(store, mid))
    assert "DỰ THẢO" in text_of(path) and meeting_docs.documents_for(store, mid) == []
    # No number yet: a blank is left before "-BB/CB" to write it in by hand.
    layout = subprocess.run(["pdftotext", "-layout", "-l", "1", str(path), "-"],
                            capture_output=True, text=True).stdout
    assert re.search(r"Số {4,}-BB/CB", layout), layout[:400]


def test_thematic_minutes_and_topic_document(store, people, keys, tmp_path):
    mid = thematic.create_thematic(store, dt.date(2024, 5, 8), title="Học tập và làm theo tấm "
                                   "gương đạo đức Hồ Chí Minh về y đức", group="ho_chi_minh",
                                   drafter_id=people["Phạm Đức Anh"].id)
    run_thematic(store, people, mid, start="14:00", end="15:35")
    [minutes] = meeting_docs.documents_for(store, mid)         # no resolution text: minutes only
    path = _pdf(tmp_path, "bb-cd.pdf", meeting_docs.document_bytes(store, minutes["id"]))
    text = flat(text_of(path))
    assert "BIÊN BẢN SINH HOẠT CHUYÊN ĐỀ QUÝ II NĂM 2024" in text
    assert "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh về y đức" in text
    assert "Phạm Đức Anh" in text and "Hoàng Thị Thu Hằng" in text
    assert "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" in text
    check_fonts(path)
    check_qpdf(path)
    # Before the final version the topic document is a draft from the newest version.
    draft = flat(text_of(_pdf(tmp_path, "cd-draft.pdf", meeting_docs.render_topic(store, mid))))
    assert "DỰ THẢO" in draft and "Dự thảo chuyên đề lần 1" in draft
    with pytest.raises(ValueError, match="bản hoàn chỉnh"):
        meeting_docs.store_topic_document(store, mid)
    thematic.add_version(store, mid, final=True, day=dt.date(2024, 5, 15), text=(
        "I. MỞ ĐẦU\nChủ tịch Hồ Chí Minh dạy: “Lương y phải như từ mẫu”.\n"
        "II. NỘI DUNG\nLiên hệ với nhiệm vụ của Khoa Y tế công cộng."))
    topic = meeting_docs.store_topic_document(store, mid)
    assert meeting_docs.store_topic_document(store, mid)["id"] == topic["id"]   # not twice
    # Lan's key in the drafter's block (printed for the drafter): signed with a reason.
    signed = sign(store, topic, keys["taker"], PASS, mismatch_reason="Ký thay người soạn")
    assert signed["signature_field"] == "NguoiXayDung"
    path = _pdf(tmp_path, "cd.pdf", meeting_docs.document_bytes(store, signed["id"]))
    text = flat(text_of(path))
    assert "DỰ THẢO" not in text and "Lương y phải như từ mẫu" in text
    assert "Thái Bình, năm 2024" in text and "Người xây dựng: đồng chí Phạm Đức Anh" in text
    check_fonts(path)
    check_qpdf(path)
    assert verify_pdf(path).ok
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out


def test_topic_group_stays_vietnamese_in_an_english_ui(store, people, tmp_path):
    from app import i18n

    mid = thematic.create_thematic(store, dt.date(2024, 5, 8), title="Y đức", group="ho_chi_minh",
                                   drafter_id=people["Phạm Đức Anh"].id)
    thematic.add_version(store, mid, text="Nội dung chuyên đề")
    i18n.set_language("en")
    text = flat(text_of(_pdf(tmp_path, "t.pdf", meeting_docs.render_minutes(store, mid))))
    assert "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" in text
    assert "Studying" not in text


def test_year_plan_document(store, people, tmp_path):
    with pytest.raises(ValueError, match="chưa có"):
        meeting_docs.render_plan(store, 2024)
    planning.add_thematic(store, 2024, title="Học tập tư tưởng Hồ Chí Minh về y đức",
                          topic_group="ho_chi_minh", drafter_id=people["Phạm Đức Anh"].id,
                          planned_date=dt.date(2024, 5, 8))
    planning.add_thematic(store, 2024, title="Nâng cao chất lượng giảng dạy",
                          topic_group="professional", drafter_id=people["Vũ Quang Huy"].id,
                          quarter=3)
    data = meeting_docs.render_plan(store, 2024, day=dt.date(2024, 1, 5))
    path = _pdf(tmp_path, "kh.pdf", data)
    text = flat(text_of(path))
    assert "KẾ HOẠCH sinh hoạt chuyên đề năm 2024" in text
    # Not yet numbered: a draft dated the day chosen, with a blank number.
    assert "DỰ THẢO" in text and "Số -KH/CB" in text
    assert "Thái Bình, ngày 05 tháng 01 năm 2024" in text
    # Quarters I (the May date is in quarter II) and IV have no topic: marked and warned.
    assert text.count("Chưa có chuyên đề") == 2 and "Quý IV" in text
    assert "Lưu ý: quý I, IV chưa có chuyên đề" in text
    assert meeting_docs.plan_warnings(store, 2024) == [1, 4]
    assert text.index("Học tập tư tưởng Hồ Chí Minh về y đức") < text.index(
        "Nâng cao chất lượng giảng dạy")
    assert "Phạm Đức Anh" in text and "Vũ Quang Huy" in text and "Quý III" in text
    assert "Nguyễn Thị Hoa" in text                          # the secretary signs
    check_fonts(path)
    check_qpdf(path)
    # Issued: numbered in the KH sequence, dated the day of issue, no longer a draft.
    issued = meeting_docs.issue_plan(store, 2024, dt.date(2024, 1, 12))
    assert issued["number"] == "01-KH/CB"
    text = flat(text_of(_pdf(tmp_path, "kh2.pdf", meeting_docs.render_plan(store, 2024))))
    assert "Số 01-KH/CB" in text and "ngày 12 tháng 01 năm 2024" in text
    assert "DỰ THẢO" not in text
    # Issuing again keeps the number.
    assert meeting_docs.issue_plan(store, 2024, dt.date(2024, 2, 1))["number"] == "01-KH/CB"


def test_local_key_fingerprint_is_a_cell_setting(store, tmp_path):
    fp = meeting_docs.make_local_key(store, "Nguyễn Thị Hoa", tmp_path / "k.p12", PASS)
    [key] = meeting_docs.local_keys(store)
    assert key["fingerprint"] == fp and key["name"] == "Nguyễn Thị Hoa"
    assert set(key) == {"name", "fingerprint", "file", "created_at"}
    assert meeting_docs.format_fingerprint("ab01")== "AB:01"


def test_one_signing_path_checks_slot_copy_and_meeting_for_every_signer(store, people, keys):
    from app.documents.signing import LocalKeySigner

    mid = run_meeting(store, people)
    minutes = meeting_docs.current_document(store, mid, "minutes")
    signer = lambda: KeyFileSigner(keys["taker"], PASS)  # noqa: E731
    with pytest.raises(SigningError, match="ô chữ ký BiThu"):        # not a block of minutes
        meeting_docs.sign_document(store, mid, "minutes", "BiThu", signer())
    with pytest.raises(SigningError, match="Không ký được loại văn bản"):
        meeting_docs.sign_document(store, mid, "plan", None, signer())
    with pytest.raises(SigningError, match="chưa lưu văn bản"):   # a regular meeting
        meeting_docs.sign_document(store, mid, "topic", None, signer())
    first = meeting_docs.sign_document(store, mid, "minutes", "ThuKy", signer(),
                                       document_id=minutes["id"])
    assert first["signature_field"] == "ThuKy" and first["signer"] == "Lê Thị Lan"
    # The same block again, or a copy that is no longer the newest: refused, nothing stored.
    with pytest.raises(SigningError, match="đã được ký"):
        meeting_docs.sign_document(store, mid, "minutes", "ThuKy",
                                   LocalKeySigner(keys["chair"], PASS))
    with pytest.raises(SigningError, match="đã được ký"):
        meeting_docs.sign_document(store, mid, "minutes", "ChuTri",
                                   LocalKeySigner(keys["chair"], PASS), document_id=minutes["id"])
    assert len(meeting_docs.documents_for(store, mid, "minutes")) == 2
    draft = run_meeting(store, people, day=dt.date(2024, 5, 3), finalise=False)
    with pytest.raises(SigningError, match="bản nháp|hoàn tất"):
        meeting_docs.sign_document(store, draft, "minutes", None, signer())


def test_expired_certificate_is_refused_and_nothing_stored(store, people, tmp_path):
    mid = run_meeting(store, people)
    from app.documents.keys import new_local_key

    expired = tmp_path / "expired.p12"
    new_local_key("Lê Thị Lan", expired, PASS, years=1,
                  now=dt.datetime(2015, 1, 1, tzinfo=dt.timezone.utc))
    before = meeting_docs.documents_for(store, mid)
    with pytest.raises(SigningError, match="hết hạn ngày 01/01/2016"):
        meeting_docs.sign_document(store, mid, "minutes", None, KeyFileSigner(expired, PASS))
    assert meeting_docs.documents_for(store, mid) == before


def test_a_real_token_signs_through_the_same_core_function(store, people, softhsm_token,
                                                            tmp_path):
    from app.documents.signing import TokenSigner

    mid = run_meeting(store, people)
    row = meeting_docs.sign_document(store, mid, "resolution", None, TokenSigner(
        softhsm_token["module"], softhsm_token["label"], softhsm_token["pin"]),
        mismatch_reason="Token của người khác")
    assert (row["signature_field"], row["signer_role"], row["signer"],
            row["signer_fingerprint"]) == ("BiThu", "T/M CHI BỘ – BÍ THƯ", softhsm_token["name"],
                                           softhsm_token["fingerprint"])
    path = _pdf(tmp_path, "nq.pdf", meeting_docs.document_bytes(store, row["id"]))
    check_qpdf(path)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 1
    with pytest.raises(SigningError, match="đã được ký"):   # the one block is taken now
        meeting_docs.sign_document(store, mid, "resolution", None, TokenSigner(
            softhsm_token["module"], softhsm_token["label"], softhsm_token["pin"]))


def test_thematic_bundle_carries_the_stored_minutes_and_topic_document(store, people, keys,
                                                                       tmp_path):
    import json
    import zipfile

    from app.exchange.export import export_meeting
    from app.exchange.office import document_data, import_bundle, meeting_documents, open_office

    mid = thematic.create_thematic(store, dt.date(2024, 5, 8), title="Học tập và làm theo tấm "
                                   "gương đạo đức Hồ Chí Minh về y đức", group="ho_chi_minh",
                                   drafter_id=people["Phạm Đức Anh"].id)
    run_thematic(store, people, mid, start="14:00", end="15:35")
    thematic.add_version(store, mid, final=True, day=dt.date(2024, 5, 15),
                         text="I. MỞ ĐẦU\nLương y phải như từ mẫu.")
    meeting_docs.store_topic_document(store, mid)
    minutes = sign(store, meeting_docs.current_document(store, mid, "minutes"), keys["taker"],
                   PASS)
    topic = sign(store, meeting_docs.current_document(store, mid, "topic"), keys["chair"], PASS,
                 mismatch_reason="Ký thay người soạn")
    result = export_meeting(store, mid, tmp_path / "usb", p12_path=keys["chair"],
                            passphrase=PASS)
    with zipfile.ZipFile(result.path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    assert set(files) == {"minutes.pdf", "topic.pdf", "meeting.json", "certificate.pem",
                          "manifest.json", "manifest.sig"}
    assert files["minutes.pdf"] == meeting_docs.document_bytes(store, minutes["id"])
    assert files["topic.pdf"] == meeting_docs.document_bytes(store, topic["id"])
    entries = json.loads(files["manifest.json"])["documents"]
    assert [s["field"] for s in entries["topic.pdf"]["signatures"]] == ["NguoiXayDung"]
    office = open_office(tmp_path / "office.sqlite")
    imported = import_bundle(office, result.path, trust_new=True)
    assert imported.status == "imported"
    digest = meeting_documents(office, imported.cell_id, mid)["topic.pdf"]
    assert document_data(office, digest, "topic.pdf") == files["topic.pdf"]
    office.close()
