"""Attacks on signed minutes, crafted for real with pyHanko's incremental writer: a shadow field
over page 1, annotations over signed content, a stranger's or a same-name key in the empty
slot. ``chibo verify`` runs as a real process; the office import of a shadowed bundle fails."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile

import pytest

from app.documents import layout
from app.documents.keys import new_local_key
from app.documents.minutes import build_minutes
from app.documents.samples import sample_record
from app.documents.signing import open_key_file, sign_pdf, signature_fields
from app.documents.verify import verify_pdf
from app.exchange import bundle as fmt
from app.exchange.office import import_bundle, open_office

from test_cli import chibo

PASS = "mật khẩu"
FORGED = b"BIEN BAN GIA MAO"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    made = {}
    for label, name in [("taker", "Lê Thị Lan"), ("chair", "Nguyễn Thị Hoa"),
                        ("stranger", "Người lạ"), ("twin", "Nguyễn Thị Hoa")]:
        path = folder / f"{label}.p12"
        made[label] = path
        made["fp_" + label] = new_local_key(name, path, PASS)
    return made


@pytest.fixture(scope="module")
def minutes_pdf():
    record = sample_record(status="finalised")
    assert (record["chair"], record["minute_taker"]) == ("Nguyễn Thị Hoa", "Lê Thị Lan")
    return build_minutes(record)


@pytest.fixture(scope="module")
def once(minutes_pdf, keys):
    """Signed by the minute-taker; the chair's field is still empty."""
    return sign_pdf(minutes_pdf, keys["taker"], PASS, field_name=layout.FIELD_MINUTE_TAKER,
                    signer_role="THƯ KÝ")


@pytest.fixture(scope="module")
def twice(once, keys):
    return sign_pdf(once, keys["chair"], PASS, field_name=layout.FIELD_CHAIR,
                    signer_role="CHỦ TRÌ")


def _writer(pdf: bytes):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)


def _out(writer) -> bytes:
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _cover_stream(writer):
    """A form XObject that paints page 1 white and writes other text on it."""
    from pyhanko.pdf_utils import generic

    n = generic.NameObject
    font = writer.add_object(generic.DictionaryObject({
        n("/Type"): n("/Font"), n("/Subtype"): n("/Type1"), n("/BaseFont"): n("/Helvetica")}))
    stream = generic.StreamObject({
        n("/Type"): n("/XObject"), n("/Subtype"): n("/Form"),
        n("/BBox"): generic.ArrayObject(map(generic.NumberObject, (0, 0, 595, 842))),
        n("/Resources"): generic.DictionaryObject({n("/Font"): generic.DictionaryObject(
            {n("/F1"): font})}),
    }, stream_data=b"1 1 1 rg 0 0 595 842 re f 0 0 0 rg BT /F1 24 Tf 72 700 Td ("
                   + FORGED + b") Tj ET")
    return writer.add_object(stream)


def shadow_field(pdf: bytes) -> bytes:
    """The shadow attack: a new, empty signature field whose appearance covers page 1."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    w = _writer(pdf)
    append_signature_field(w, SigFieldSpec(sig_field_name="Shadow", on_page=0,
                                           box=(0, 0, 595, 842)))
    ap = _cover_stream(w)
    for ref in w.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == "Shadow":
            field[generic.NameObject("/AP")] = generic.DictionaryObject(
                {generic.NameObject("/N"): ap})
            w.mark_update(ref)
    return _out(w)


def annotation_over_page(pdf: bytes, subtype: str) -> bytes:
    """A FreeText or white Square annotation laid over the whole of page 1."""
    from pyhanko.pdf_utils import generic

    n = generic.NameObject
    w = _writer(pdf)
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    annot = generic.DictionaryObject({
        n("/Type"): n("/Annot"), n("/Subtype"): n(subtype), n("/F"): generic.NumberObject(4),
        n("/Rect"): generic.ArrayObject(map(generic.NumberObject, (0, 0, 595, 842))),
        n("/Contents"): generic.TextStringObject(FORGED.decode()),
        n("/AP"): generic.DictionaryObject({n("/N"): _cover_stream(w)}),
    })
    if subtype == "/FreeText":
        annot[n("/DA")] = generic.TextStringObject("/Helv 24 Tf 0 g")
    else:
        annot[n("/IC")] = generic.ArrayObject(map(generic.FloatObject, (1, 1, 1)))
    annots = generic.ArrayObject(list(page.get("/Annots", generic.ArrayObject())))
    annots.append(w.add_object(annot))
    page[n("/Annots")] = annots
    w.mark_update(page_ref)
    return _out(w)


def _verify(tmp_path, pdf: bytes, *trust, name="x.pdf"):
    path = tmp_path / name
    path.write_bytes(pdf)
    args = [a for fp in trust for a in ("--trust", fp)]
    return path, chibo("verify", str(path), *args, check=False)


# --- the legitimate path -------------------------------------------------------------------------

def test_both_signers_in_their_slots_are_valid_and_trusted(tmp_path, twice, keys):
    result = verify_pdf(twice, trusted_certs=[keys["fp_taker"], keys["fp_chair"]])
    assert result.ok and result.code == "trusted", result.reason
    by_field = {s.field_name: s for s in result.signatures}
    assert by_field["ThuKy"].later_changes == "form filling"   # the chair filled its field
    assert not by_field["ThuKy"].modified_after_signing
    _path, run = _verify(tmp_path, twice, keys["fp_taker"], keys["fp_chair"])
    assert run.returncode == 0, run.stdout
    assert "Tất cả chữ ký còn nguyên vẹn, hợp lệ và đáng tin cậy" in run.stdout
    assert "Khối CHỦ TRÌ: tên in “Nguyễn Thị Hoa”, khớp với người ký" in run.stdout
    assert "Khối THƯ KÝ: tên in “Lê Thị Lan”, khớp với người ký" in run.stdout


def test_without_a_trust_source_trust_is_said_to_be_unchecked(tmp_path, twice):
    _path, run = _verify(tmp_path, twice)
    assert run.returncode == 0
    assert "chưa kiểm tra độ tin cậy" in run.stdout


def test_a_trust_source_missing_one_signer_is_not_trusted(tmp_path, twice, keys):
    _path, run = _verify(tmp_path, twice, keys["fp_chair"])
    assert run.returncode == 3, run.stdout
    assert "KHÔNG đáng tin cậy: chữ ký ThuKy" in run.stdout


# --- shadow and overlay attacks -----------------------------------------------------------------

def test_shadow_field_over_page_one_is_modified(tmp_path, twice, keys):
    shadowed = shadow_field(twice)
    assert shadowed.startswith(twice)
    assert signature_fields(shadowed) == {"ThuKy": True, "ChuTri": True, "Shadow": False}
    # The attack is real: pyHanko's stock policy calls it mere form filling.
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    from pyhanko_certvalidator import ValidationContext

    stock = validate_pdf_signature(
        PdfFileReader(io.BytesIO(shadowed), strict=False).embedded_signatures[-1],
        signer_validation_context=ValidationContext(trust_roots=[]))
    assert stock.modification_level.name == "FORM_FILLING"
    result = verify_pdf(shadowed, trusted_certs=[keys["fp_taker"], keys["fp_chair"]])
    assert not result.ok and result.code == "modified"
    assert all(s.modified_after_signing and s.intact and s.valid for s in result.signatures)
    path, run = _verify(tmp_path, shadowed, keys["fp_taker"], keys["fp_chair"])
    assert run.returncode == 1, run.stdout
    assert "BỊ SỬA ĐỔI sau khi ký" in run.stdout
    assert "chỉ được phép điền vào ô chữ ký trống" in run.stdout
    assert "nguyên vẹn, hợp lệ và đáng tin cậy" not in run.stdout
    if shutil.which("pdfsig"):   # poppler checks only the bytes: it sees nothing wrong
        out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
        assert "Signature is Valid" in out


def test_shadow_field_before_the_chair_signs_spoils_the_first_signature(once, keys):
    shadowed = sign_pdf(shadow_field(once), keys["chair"], PASS,
                        field_name=layout.FIELD_CHAIR, signer_role="CHỦ TRÌ")
    result = verify_pdf(shadowed, trusted_certs=[keys["fp_taker"], keys["fp_chair"]])
    by_field = {s.field_name: s for s in result.signatures}
    assert by_field["ThuKy"].modified_after_signing and not by_field["ChuTri"].codes
    assert result.code == "modified"


def test_a_new_visible_signature_over_page_one_is_modified(twice, keys):
    covered = sign_pdf(twice, keys["chair"], PASS, field_name="Extra", signer_role="CHỦ TRÌ",
                       stamp_box=(0, 0, 595, 842), page=0)
    result = verify_pdf(covered, trusted_certs=[keys["fp_taker"], keys["fp_chair"]])
    assert result.code == "modified"
    assert [s.modified_after_signing for s in result.signatures] == [True, True, False]


@pytest.mark.parametrize("subtype", ["/FreeText", "/Square"])
def test_annotation_over_signed_page_is_modified(tmp_path, twice, keys, subtype):
    covered = annotation_over_page(twice, subtype)
    result = verify_pdf(covered, trusted_certs=[keys["fp_taker"], keys["fp_chair"]])
    assert result.code == "modified", result.reason
    _path, run = _verify(tmp_path, covered, keys["fp_taker"], keys["fp_chair"])
    assert run.returncode == 1 and "BỊ SỬA ĐỔI sau khi ký" in run.stdout
    # unsigned-trust run too: a modification is never excused by a missing trust list
    _path, run = _verify(tmp_path, covered)
    assert run.returncode == 1


def test_an_invisible_new_field_is_allowed(twice, keys):
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    w = _writer(twice)
    append_signature_field(w, SigFieldSpec(sig_field_name="Hidden"))
    result = verify_pdf(_out(w), trusted_certs=[keys["fp_taker"], keys["fp_chair"]])
    assert result.ok, result.reason


# --- who signed the empty slot ------------------------------------------------------------------

def test_a_strangers_key_in_the_empty_slot_is_not_trusted(tmp_path, once, keys):
    forged = sign_pdf(once, keys["stranger"], PASS, field_name=layout.FIELD_CHAIR,
                      signer_role="CHỦ TRÌ")
    _path, run = _verify(tmp_path, forged, keys["fp_taker"], keys["fp_chair"])
    assert run.returncode == 3, run.stdout
    assert "KHÔNG đáng tin cậy: chữ ký ChuTri" in run.stdout
    # The signer is set against the printed name, as a warning
    assert ("Khối CHỦ TRÌ: tên in “Nguyễn Thị Hoa”, KHÔNG khớp với người ký “Người lạ”"
            in run.stdout)
    assert "Cảnh báo: chữ ký ChuTri: ký bởi “Người lạ” ở khối in tên “Nguyễn Thị Hoa”" \
        in run.stdout
    # with the cell's own file as the trust source (its keys): not trusted either
    result = verify_pdf(forged, trusted_certs=[])
    assert result.code == "not_trusted"
    # no trust source: intact, but the mismatch is still shown
    _path, run = _verify(tmp_path, forged)
    assert run.returncode == 0 and "KHÔNG khớp với người ký “Người lạ”" in run.stdout


def test_a_same_name_self_made_key_is_not_trusted(tmp_path, once, keys):
    forged = sign_pdf(once, keys["twin"], PASS, field_name=layout.FIELD_CHAIR,
                      signer_role="CHỦ TRÌ")
    result = verify_pdf(forged, trusted_certs=[keys["fp_taker"], keys["fp_chair"]])
    chair = next(s for s in result.signatures if s.field_name == "ChuTri")
    assert chair.signer_name == "Nguyễn Thị Hoa" and chair.name_matches
    assert not chair.trusted and result.code == "not_trusted"
    _path, run = _verify(tmp_path, forged, keys["fp_taker"], keys["fp_chair"])
    assert run.returncode == 3
    assert keys["fp_twin"] in run.stdout and "KHÔNG đáng tin cậy" in run.stdout


def test_english_report(tmp_path, twice, keys):
    path = tmp_path / "s.pdf"
    path.write_bytes(shadow_field(twice))
    run = chibo("--lang", "en", "verify", str(path), "--trust", keys["fp_chair"], check=False)
    assert run.returncode == 1
    assert "MODIFIED after signing" in run.stdout


# --- the office ----------------------------------------------------------------------------------

def test_office_rejects_shadowed_minutes_in_a_bundle(tmp_path):
    from tests.office_helpers import export_demo_cell

    cell = export_demo_cell(tmp_path / "cell")
    genuine = cell["paths"][0]
    with zipfile.ZipFile(genuine) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    assert verify_pdf(files["minutes.pdf"]).ok
    files["minutes.pdf"] = shadow_field(files["minutes.pdf"])
    # Digests recomputed and the manifest signed again with the cell's own export key: the
    # signatures it names are still the PDF's, only the shadow was added.
    manifest = json.loads(files.pop(fmt.MANIFEST))
    files.pop(fmt.SIGNATURE)
    files[fmt.MANIFEST] = json.dumps(fmt.manifest(files, manifest["documents"])).encode()
    key_file = open_key_file(cell["key"], PASS)
    from app.exchange.export import manifest_signer

    files[fmt.SIGNATURE] = manifest_signer(key_file)(files[fmt.MANIFEST])
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    office = open_office(tmp_path / "office.sqlite")
    try:
        result = import_bundle(office, forged, trust_new=True)
        assert result.status == "rejected", result.reason
        assert "minutes.pdf" in result.reason and "BỊ SỬA ĐỔI sau khi ký" in result.reason
        assert office.db.execute("select count(*) from document").fetchone()[0] == 0
        # the genuine bundle still imports
        assert import_bundle(office, genuine, trust_new=True).status == "imported"
    finally:
        office.close()


def test_rewriting_a_blocks_printed_name_later_is_a_modification(once, keys):
    """A stranger renames the empty block to himself, then signs it: the minute-taker's
    signature sees the rename."""
    from pyhanko.pdf_utils import generic

    w = _writer(once)
    for ref in w.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == layout.FIELD_CHAIR:
            field[generic.NameObject("/TU")] = generic.TextStringObject("Người lạ")
            w.mark_update(ref)
    forged = sign_pdf(_out(w), keys["stranger"], PASS, field_name=layout.FIELD_CHAIR,
                      signer_role="CHỦ TRÌ")
    result = verify_pdf(forged)
    by_field = {s.field_name: s for s in result.signatures}
    assert by_field["ChuTri"].printed_name == "Người lạ" and by_field["ChuTri"].name_matches
    assert by_field["ThuKy"].modified_after_signing and result.code == "modified"


def test_rewriting_a_blocks_role_later_is_a_modification(once, keys):
    """The role printed above a block (read by the stamp and by verify) is covered like its
    printed name: renaming the empty CHỦ TRÌ block's role after the first signature spoils
    that signature."""
    from pyhanko.pdf_utils import generic

    result = verify_pdf(once)
    assert [(s.field_name, s.role) for s in result.signatures] == [("ThuKy", "THƯ KÝ")]
    w = _writer(once)
    for ref in w.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == layout.FIELD_CHAIR:
            assert str(field.get(layout.ROLE_KEY)) == "CHỦ TRÌ"
            field[generic.NameObject(layout.ROLE_KEY)] = generic.TextStringObject("BÍ THƯ")
            w.mark_update(ref)
    forged = sign_pdf(_out(w), keys["stranger"], PASS, field_name=layout.FIELD_CHAIR,
                      signer_role="BÍ THƯ")
    by_field = {s.field_name: s for s in verify_pdf(forged).signatures}
    assert by_field["ChuTri"].role == "BÍ THƯ"
    assert by_field["ThuKy"].modified_after_signing
