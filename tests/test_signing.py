"""Local keys, PKCS#12 signing (incremental, visible Noto Serif stamp) and verification,
checked with pyHanko and independently with poppler's pdfsig."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12

from app.documents import layout
from app.documents.keys import (
    KeyFileError, SigningError, certificate_fingerprint, new_local_key, p12_fingerprint,
)
from app.documents.minutes import build_minutes
from app.documents.resolution import build_resolution
from app.documents.samples import sample_record
from app.documents.signing import sign_pdf, sign_pdf_pkcs11, signature_fields
from app.documents.verify import verify_pdf

PASS = "mật khẩu chi bộ"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    chair = folder / "chair.p12"
    taker = folder / "taker.p12"
    fp_chair = new_local_key("Nguyễn Thị Hoa", chair, PASS, organisation="Chi bộ Khoa Y tế công cộng")
    fp_taker = new_local_key("Lê Thị Lan", taker, "khác")
    return {"chair": chair, "taker": taker, "fp_chair": fp_chair, "fp_taker": fp_taker}


@pytest.fixture(scope="module")
def minutes_pdf():
    return build_minutes(sample_record(status="finalised"))


@pytest.fixture(scope="module")
def signed(minutes_pdf, keys):
    once = sign_pdf(minutes_pdf, keys["taker"], "khác", field_name=layout.FIELD_MINUTE_TAKER,
                    signer_role="THƯ KÝ")
    twice = sign_pdf(once, keys["chair"], PASS, field_name=layout.FIELD_CHAIR,
                     signer_role="CHỦ TRÌ")
    return once, twice


def test_local_key_has_signer_usages_and_root(keys):
    data = keys["chair"].read_bytes()
    key, cert, others = pkcs12.load_key_and_certificates(data, PASS.encode())
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment          # nonRepudiation
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert len(others) == 1
    root = others[0]
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.issuer == root.subject
    assert cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == "Nguyễn Thị Hoa"
    assert keys["fp_chair"] == certificate_fingerprint(cert) == p12_fingerprint(keys["chair"], PASS)
    assert re.fullmatch(r"[0-9a-f]{64}", keys["fp_chair"])
    with pytest.raises(KeyFileError, match="sai mật khẩu"):
        p12_fingerprint(keys["chair"], "sai")


def test_new_key_refuses_overwrite_and_empty_passphrase(keys, tmp_path):
    with pytest.raises(KeyFileError, match="đã có"):
        new_local_key("X", keys["chair"], "abc")
    with pytest.raises(KeyFileError, match="mật khẩu"):
        new_local_key("X", tmp_path / "x.p12", "")
    assert not (tmp_path / "x.p12").exists()


def test_document_carries_empty_signature_fields(minutes_pdf):
    assert signature_fields(minutes_pdf) == {layout.FIELD_MINUTE_TAKER: False,
                                             layout.FIELD_CHAIR: False}
    assert signature_fields(build_resolution(sample_record())) == {layout.FIELD_SECRETARY: False}


def test_signing_appends_and_never_modifies(minutes_pdf, signed):
    once, twice = signed
    assert once.startswith(minutes_pdf) and len(once) > len(minutes_pdf)
    assert twice.startswith(once)
    assert signature_fields(twice) == {layout.FIELD_MINUTE_TAKER: True, layout.FIELD_CHAIR: True}


def test_pyhanko_verify_of_signed_minutes(signed, keys):
    _once, twice = signed
    result = verify_pdf(twice)
    assert result.ok, result.reason
    by_field = {s.field_name: s for s in result.signatures}
    chair, taker = by_field[layout.FIELD_CHAIR], by_field[layout.FIELD_MINUTE_TAKER]
    assert chair.signer_name == "Nguyễn Thị Hoa" and taker.signer_name == "Lê Thị Lan"
    assert chair.intact and chair.valid and chair.covers_whole_document
    assert taker.intact and taker.valid and not taker.covers_whole_document
    assert not taker.modified_after_signing          # only a later signature was added
    assert chair.signing_time is not None
    assert not chair.trusted and chair.trust_reason   # a local key is untrusted by default
    assert result.code == "trust_unchecked" and result.exit_code == 0
    assert (chair.printed_name, taker.printed_name) == ("Nguyễn Thị Hoa", "Lê Thị Lan")
    assert chair.name_matches and taker.name_matches
    # a trust source given: every signer must be in it
    trusted = verify_pdf(twice, trusted_certs=[keys["fp_chair"]])
    by_field = {s.field_name: s for s in trusted.signatures}
    assert by_field[layout.FIELD_CHAIR].trusted
    assert not by_field[layout.FIELD_MINUTE_TAKER].trusted
    assert not trusted.ok and trusted.code == "not_trusted" and trusted.exit_code == 3
    both = verify_pdf(twice, trusted_certs=[keys["fp_chair"], keys["fp_taker"]])
    assert both.ok and both.code == "trusted"


def test_trust_by_root_certificate(signed, keys):
    _once, twice = signed
    _k, _c, others = pkcs12.load_key_and_certificates(keys["chair"].read_bytes(), PASS.encode())
    root_fp = certificate_fingerprint(others[0])
    by_root = verify_pdf(twice, trusted_certs=[others[0]])
    by_root_fp = verify_pdf(twice, trusted_certs=[":".join(re.findall("..", root_fp.upper()))])
    for result in (by_root, by_root_fp):
        chair = next(s for s in result.signatures if s.field_name == layout.FIELD_CHAIR)
        assert chair.trusted


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler pdfsig missing")
def test_pdfsig_reports_valid_signatures(signed, tmp_path):
    _once, twice = signed
    path = tmp_path / "signed.pdf"
    path.write_bytes(twice)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert "Signer Certificate Common Name: Nguyễn Thị Hoa" in out
    assert "Signer Certificate Common Name: Lê Thị Lan" in out
    assert "Total document signed" in out
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def _signed_range_offsets(pdf: bytes) -> tuple[int, int]:
    """First range of the last signature's /ByteRange."""
    ranges = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    a, b, _c, _d = map(int, ranges[-1])
    return a, b


def test_one_flipped_byte_in_the_signed_range_fails(signed, tmp_path):
    _once, twice = signed
    start, length = _signed_range_offsets(twice)
    damaged = bytearray(twice)
    pos = start + length // 3
    damaged[pos] ^= 0x01
    result = verify_pdf(bytes(damaged))
    assert not result.ok
    assert "nội dung đã ký bị thay đổi sau khi ký" in result.reason
    assert not all(s.intact for s in result.signatures)
    if shutil.which("pdfsig"):
        path = tmp_path / "damaged.pdf"
        path.write_bytes(bytes(damaged))
        out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
        assert "Signature is Valid" not in out
        assert "Digest Mismatch" in out


def test_content_changed_after_signing_is_reported(signed):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    _once, twice = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(twice))
    # Draw extra text on page 1, as someone editing the minutes afterwards would.
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(
        stream_data=b"BT /F1 12 Tf 100 100 Td (sua) Tj ET")))
    out = io.BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue())
    assert not result.ok
    assert "sửa đổi sau khi ký" in result.reason
    assert all(s.intact and s.valid for s in result.signatures)   # the signed bytes are intact


def test_unsigned_and_broken_files(minutes_pdf, tmp_path):
    result = verify_pdf(minutes_pdf)
    assert not result.ok and result.reason == "Tài liệu không có chữ ký số."
    assert not verify_pdf(b"not a pdf").ok
    assert "Không đọc được tệp" in verify_pdf(tmp_path / "missing.pdf").reason


def test_wrong_passphrase_is_a_clear_vietnamese_error(minutes_pdf, keys):
    with pytest.raises(SigningError, match="sai mật khẩu"):
        sign_pdf(minutes_pdf, keys["chair"], "sai", field_name=layout.FIELD_CHAIR,
                 signer_role="CHỦ TRÌ")


def test_field_cannot_be_signed_twice(signed, keys):
    _once, twice = signed
    with pytest.raises(SigningError, match="đã được ký"):
        sign_pdf(twice, keys["chair"], PASS, field_name=layout.FIELD_CHAIR, signer_role="CHỦ TRÌ")


def test_new_field_at_a_given_box(minutes_pdf, keys):
    out = sign_pdf(minutes_pdf, keys["chair"], PASS, field_name="Extra", signer_role="BÍ THƯ",
                   stamp_box=(100, 100, 300, 170), page=0)
    result = verify_pdf(out)
    assert result.ok
    assert "Extra" in signature_fields(out)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler missing")
def test_stamp_is_visible_in_the_signature_block_in_noto(signed, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    _once, twice = signed
    path = tmp_path / "s.pdf"
    path.write_bytes(twice)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "NotoSerif" in fonts
    for row in fonts.splitlines()[2:]:
        assert row.split()[-5] == "yes", row           # every font embedded, stamp included
    reader = PdfFileReader(io.BytesIO(twice))
    sigs = {s.field_name: s for s in reader.embedded_signatures}
    chair = sigs[layout.FIELD_CHAIR]
    assert chair.sig_object["/Reason"] == "CHỦ TRÌ"
    assert chair.sig_object["/Name"] == "Nguyễn Thị Hoa"
    widget = chair.sig_field
    x0, y0, x1, y1 = [float(v) for v in widget["/Rect"]]
    assert x1 - x0 > 100 and y1 - y0 > 40            # a visible stamp, not a zero-size field
    assert x0 > 297                                   # CHỦ TRÌ is the right-hand block
    assert any("NotoSerif" in name for name in _base_fonts(widget["/AP"]["/N"])), \
        "the stamp is not drawn in Noto Serif"


def _base_fonts(obj, seen=None) -> list[str]:
    """Every /BaseFont reachable from an appearance stream's resources."""
    from pyhanko.pdf_utils import generic

    seen = set() if seen is None else seen
    if isinstance(obj, generic.IndirectObject):
        if obj.idnum in seen:
            return []
        seen.add(obj.idnum)
        obj = obj.get_object()
    found = []
    if isinstance(obj, dict):
        if "/BaseFont" in obj:
            found.append(str(obj["/BaseFont"]))
        for key, value in obj.items():
            if key in ("/Resources", "/Font", "/XObject") or isinstance(value, generic.IndirectObject):
                if key == "/Parent" or key == "/P":
                    continue
                found += _base_fonts(value, seen)
    return found


def test_pkcs11_missing_module_and_library(minutes_pdf, tmp_path):
    with pytest.raises(SigningError, match="Không tìm thấy thư viện PKCS#11"):
        sign_pdf_pkcs11(minutes_pdf, tmp_path / "none.so", "token", "1234",
                        field_name=layout.FIELD_CHAIR, signer_role="CHỦ TRÌ")
    fake = tmp_path / "vendor.so"
    fake.write_bytes(b"\x7fELF")
    try:
        import pkcs11  # noqa: F401
    except ImportError:
        with pytest.raises(SigningError, match="python-pkcs11"):
            sign_pdf_pkcs11(minutes_pdf, fake, "token", "1234", field_name=layout.FIELD_CHAIR,
                            signer_role="CHỦ TRÌ")
