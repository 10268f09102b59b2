"""Signer checks (issue 16 item 10): a certificate naming someone else than the person printed
under the block needs a reason (kept with the signed row) or is refused per the cell's setting;
the wrong signature is replaced through a corrected version."""
from __future__ import annotations

import pytest

from app import lifecycle, meeting_docs, meetings
from app.documents.signing import KeyFileSigner, printed_names
from app.documents.verify import verify_pdf

from meeting_helpers import people, run_meeting, store  # noqa: F401 (fixtures)
from pdf_checks import needs_pdf_tools
from subprocess_env import python_path

pytestmark = needs_pdf_tools
PASS = "mật khẩu chi bộ 2024"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    made = {}
    for who, name in (("hoa", "Nguyễn Thị Hoa"), ("lan", "Lê Thị Lan"), ("an", "Nguyễn Văn An")):
        made[who] = folder / f"{who}.p12"
        meeting_docs.make_local_key(None, name, made[who], PASS)
    return made


def sign(store, mid, kind, slot, key, **kw):
    row = meeting_docs.current_document(store, mid, kind)
    return meeting_docs.sign_document(store, mid, kind, slot, KeyFileSigner(key, PASS),
                                      document_id=row["id"], **kw)


def test_a_stranger_in_the_slot_needs_a_reason_and_it_is_kept(store, people, keys):
    mid = run_meeting(store, people)
    before = meeting_docs.current_document(store, mid, "minutes")
    names = printed_names(meeting_docs.document_bytes(store, before["id"]))
    assert names == {"ThuKy": "Lê Thị Lan", "ChuTri": "Nguyễn Thị Hoa"}
    # An's key in the THƯ KÝ slot printed for Lê Thị Lan: no reason, nothing signed.
    for reason in (None, "", "   "):
        with pytest.raises(meeting_docs.SignerMismatch) as err:
            sign(store, mid, "minutes", "ThuKy", keys["an"], mismatch_reason=reason)
        assert err.value.code == "reason_needed"
        assert (err.value.printed, err.value.signer) == ("Lê Thị Lan", "Nguyễn Văn An")
        assert "Lê Thị Lan" in str(err.value) and "lý do" in str(err.value)
    assert meeting_docs.current_document(store, mid, "minutes")["id"] == before["id"]
    row = sign(store, mid, "minutes", "ThuKy", keys["an"],
               mismatch_reason="  Đồng chí Lan   ốm, đồng chí An ghi thay ")
    assert (row["signer"], row["printed_name"], row["mismatch_reason"]) == (
        "Nguyễn Văn An", "Lê Thị Lan", "Đồng chí Lan ốm, đồng chí An ghi thay")
    stored = meeting_docs.current_document(store, mid, "minutes")
    assert stored["mismatch_reason"] == row["mismatch_reason"]
    # The right person: no reason asked, none stored (a reason given is not kept either).
    chair = sign(store, mid, "minutes", "ChuTri", keys["hoa"], mismatch_reason="thừa")
    assert chair["mismatch_reason"] is None and chair["printed_name"] == "Nguyễn Thị Hoa"
    result = verify_pdf(meeting_docs.document_bytes(store, chair["id"]))
    assert [s.name_matches for s in result.signatures] == [False, True]


def test_the_cell_may_refuse_any_stranger(store, people, keys):
    mid = run_meeting(store, people)
    assert meeting_docs.signer_mismatch_mode(store) == "reason"
    meeting_docs.set_signer_mismatch_mode(store, "refuse")
    with pytest.raises(ValueError):
        meeting_docs.set_signer_mismatch_mode(store, "maybe")
    assert meeting_docs.signer_mismatch_mode(store) == "refuse"
    with pytest.raises(meeting_docs.SignerMismatch) as err:
        sign(store, mid, "minutes", "ThuKy", keys["an"], mismatch_reason="có lý do")
    assert err.value.code == "refused"
    # The resolution's BÍ THƯ block is printed for the secretary (Hoa): An is refused there too.
    with pytest.raises(meeting_docs.SignerMismatch):
        sign(store, mid, "resolution", None, keys["an"])
    assert not meeting_docs.current_document(store, mid, "minutes")["signed"]
    assert sign(store, mid, "minutes", "ThuKy", keys["lan"])["signed"]


def test_a_wrong_signature_is_replaced_by_a_new_version(store, people, keys):
    mid = run_meeting(store, people)
    sign(store, mid, "minutes", "ThuKy", keys["an"], mismatch_reason="nhầm khóa")
    # The slot is used up in this version...
    with pytest.raises(meeting_docs.SigningError):
        sign(store, mid, "minutes", "ThuKy", keys["lan"])
    # ... a corrected version gets fresh documents, signed by the right people.
    new = meetings.amend(store, mid, "Ký nhầm khóa ở ô thư ký")
    meetings.update(store, new, read_back=True)
    lifecycle.finalise(store, new)
    row = sign(store, new, "minutes", "ThuKy", keys["lan"])
    assert row["mismatch_reason"] is None and row["version"] == 2
    old = meeting_docs.current_document(store, mid, "minutes")
    assert old["mismatch_reason"] == "nhầm khóa"   # the old version stays as it was


def test_the_office_import_flags_a_stranger_in_a_slot_without_rejecting(tmp_path):
    from app.exchange.office import dashboard, import_folder, open_office
    from tests.office_helpers import export_demo_cell

    cell = export_demo_cell(tmp_path / "cell", secretary="Nguyễn Văn An")
    office = open_office(tmp_path / "office.sqlite")
    try:
        results = import_folder(office, cell["out"], trust_new=True)
        assert {r.status for r in results} == {"imported"}
        flagged = [r for r in results if r.signer_mismatches]
        assert flagged and all(r.signer_mismatches[0]["signer"] == "Nguyễn Văn An"
                               for r in flagged)
        m = flagged[0].signer_mismatches[0]
        assert (m["document"], m["field"]) == ("minutes.pdf", "ThuKy") and m["printed"]
        assert m["role"] == "THƯ KÝ"     # the demo cell keeps HD 36 (2018)
        assert flagged[0].warnings == [
            f"minutes.pdf: chữ ký ở ô THƯ KÝ (ThuKy) là của Nguyễn Văn An, nhưng ô ký ghi tên "
            f"{m['printed']}"]
        assert flagged[0].to_json()["warnings"] == flagged[0].warnings
        board = dashboard(office, 2024)
        months = [cm for row in board.cells for cm in row.months if cm.signer_mismatches]
        assert months and months[0].signer_mismatches[0]["signer"] == "Nguyễn Văn An"
    finally:
        office.close()


@pytest.mark.parametrize("profile, deputy", [("hd36-2018", False), ("qd399-2026", True)])
def test_the_stamps_print_the_roles_of_the_format_profile(store, people, keys, tmp_path,
                                                          profile, deputy):
    """Issue 16: a stamp reads the role printed above its block under the cell's format
    profile (QĐ 399 / HD 05 of 2026: NGƯỜI GHI BIÊN BẢN / CHỦ TRÌ), the resolution's the role
    of whoever signs it for the cell; the field names stay, and `chibo verify` shows each
    signer against the block's printed name and role."""
    import subprocess
    import sys
    from pathlib import Path

    from app.cell import set_document_format
    from app.session import MeetingSession

    from test_documents import text_of

    set_document_format(store, profile)
    mid = run_meeting(store, people, finalise=False)
    if deputy:
        meetings.set_resolution_signer(store, mid, "deputy")
    assert MeetingSession(store, mid).accept().finalised
    taker = {"hd36-2018": "THƯ KÝ", "qd399-2026": "NGƯỜI GHI BIÊN BẢN"}[profile]
    head = "PHÓ BÍ THƯ" if deputy else "BÍ THƯ"
    first = sign(store, mid, "minutes", None, keys["lan"])
    second = sign(store, mid, "minutes", None, keys["hoa"])
    assert [(r["signature_field"], r["signer_role"]) for r in (first, second)] == [
        ("ThuKy", taker), ("ChuTri", "CHỦ TRÌ")]
    resolution = sign(store, mid, "resolution", None, keys["hoa"],
                      mismatch_reason="Phó bí thư vắng" if deputy else None)
    assert (resolution["signature_field"], resolution["signer_role"]) == (
        "BiThu", f"T/M CHI BỘ – {head}")
    paths = {}
    for kind, row in (("minutes", second), ("resolution", resolution)):
        paths[kind] = tmp_path / f"{kind}.pdf"
        paths[kind].write_bytes(meeting_docs.document_bytes(store, row["id"]))
    # The stamps (pdftotext reads their appearance): the role, then the signer, side by side
    # under the printed labels.
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(paths["minutes"]),
                             "-"], capture_output=True, check=True).stdout.decode()
    lines = [" ".join(line.split()) for line in layout.splitlines()]
    assert lines.count(f"{taker} CHỦ TRÌ") == 2, layout         # label row, stamp row
    assert "Ký số: Lê Thị Lan Ký số: Nguyễn Thị Hoa" in lines, layout
    other = "NGƯỜI GHI BIÊN BẢN" if profile == "hd36-2018" else "THƯ KÝ"
    assert other not in text_of(paths["minutes"])
    resolution_text = text_of(paths["resolution"])
    assert f"T/M CHI BỘ\n{head}\nKý số: Nguyễn Thị Hoa" in resolution_text
    if deputy:
        assert "\nBÍ THƯ\n" not in resolution_text
    # `chibo verify`: each signer against the printed name, under the block's printed role.
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-m", "app.cli", "verify", str(paths["minutes"])],
                         capture_output=True, text=True, cwd=root, timeout=120,
                         env={**__import__("os").environ, "PYTHONPATH": python_path(root),
                              }).stdout
    assert f"Khối {taker}: tên in “Lê Thị Lan”, khớp với người ký" in out, out
    assert "Khối CHỦ TRÌ: tên in “Nguyễn Thị Hoa”, khớp với người ký" in out, out
    signatures = verify_pdf(paths["resolution"].read_bytes()).signatures
    assert [(s.field_name, s.role, s.name_matches) for s in signatures] == [
        ("BiThu", f"T/M CHI BỘ – {head}", not deputy)]
