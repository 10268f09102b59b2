"""Exchange bundles end to end: export from the demo cell (the stored documents as the cell
signed them, the manifest signed with the export key); import at the office; every kind of bad
bundle rejected with its reason and leaving the office database as it was."""
import json
import stat
import subprocess
import zipfile

import pytest

from app import lifecycle, meeting_docs, meetings
from app.demo import add_demo_meetings
from app.documents.keys import new_local_key
from app.documents.signing import open_key_file, sign_pdf
from app.documents.verify import verify_pdf
from app.exchange import bundle as fmt
from app.exchange.export import (
    MINUTES_UNSIGNED, ExportRefused, export_many, export_meeting, export_new, export_status,
    manifest_signer,
)
from app.exchange.office import (dashboard, document_data, evaluate_cell, files_dir,
                                 import_bundle,
                                 import_folder, list_cells, meeting_documents, open_office,
                                 trust_file)
from app.store import StoreError, open_store
from tests.meeting_helpers import DEMO_TODAY, demo_store
from tests.office_helpers import sign_minutes

PASS = "mật khẩu"


@pytest.fixture(scope="module")
def cell(tmp_path_factory):
    """The demo cell with three finalised meetings, a key, and its bundles exported once."""
    root = tmp_path_factory.mktemp("cell")
    store = open_store(root / "cell.sqlite")
    demo_store(store)
    ids = add_demo_meetings(store, today=DEMO_TODAY)
    key = root / "hoa.p12"
    fingerprint = new_local_key("Nguyễn Thị Hoa", key, PASS)
    # The minute-taker signs the stored minutes (THƯ KÝ) with her own key before the export.
    taker = root / "taker.p12"
    taker_fp = new_local_key(meetings.meeting_record(store, ids[0])["minute_taker"], taker, PASS)
    signed = sign_minutes(store, taker, PASS)
    assert [r["signature_field"] for r in signed] == ["ThuKy"] * 3
    out = root / "usb"
    batch = export_new(store, out, p12_path=key, passphrase=PASS)
    assert batch.refused == []
    yield {"store": store, "ids": ids, "key": key, "fingerprint": fingerprint, "out": out,
           "results": batch.results, "root": root, "taker": taker, "taker_fp": taker_fp}
    store.close()


@pytest.fixture
def office(tmp_path, cell):
    """An office that already holds the three bundles (trusted on first import)."""
    o = open_office(tmp_path / "office.sqlite")
    results = import_folder(o, cell["out"], trust_new=True)
    assert [r.status for r in results] == ["imported"] * 3
    yield o
    o.close()


def dump(office) -> tuple[list[str], list[str]]:
    """Every row of every table, and the stored files: what must not change (the trust-decision
    log aside: every decision is logged, refusals and duplicates included)."""
    lines = [line for line in office.conn.iterdump() if "trust_decision" not in line]
    folder = files_dir(office)
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []
    return lines, files


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(path, files: dict, *, manifest: bool = True, sign=None, infos=()):
    """A bundle from ``files`` plus raw ZipInfos; unless told not to, the manifest is
    recomputed and, with ``sign`` (the cell's key), signed again: a consistent bundle."""
    files = dict(files)
    if manifest:
        files.pop(fmt.SIGNATURE, None)
        old = json.loads(files.pop(fmt.MANIFEST, b"{}") or b"{}")
        documents = {n: e for n, e in (old.get("documents") or {}).items() if n in files}
        files[fmt.MANIFEST] = json.dumps(fmt.manifest(files, documents)).encode()
        files[fmt.SIGNATURE] = sign(files[fmt.MANIFEST]) if sign else b"not signed"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        for info, data in infos:
            zf.writestr(info, data)
    return path


# --- export ------------------------------------------------------------------------------------

def test_export_writes_one_sortable_complete_bundle_per_finalised_meeting(cell):
    names = sorted(p.name for p in cell["out"].iterdir())
    assert names == ["2024-01_chi-bo-khoa-y-te-cong-cong_regular_v1.zip",
                     "2024-02_chi-bo-khoa-y-te-cong-cong_regular_v1.zip",
                     "2024-03_chi-bo-khoa-y-te-cong-cong_regular_v1.zip"]
    files = members(cell["out"] / names[0])
    assert set(files) == {"minutes.pdf", "resolution.pdf", "meeting.json", "certificate.pem",
                          "manifest.json", "manifest.sig"}
    manifest = json.loads(files["manifest.json"])
    assert manifest["schema_version"] == 2
    assert {n: e["sha256"] for n, e in manifest["files"].items()} == {
        n: fmt.sha256(d) for n, d in files.items() if n not in ("manifest.json", "manifest.sig")}
    assert fmt.verify_bytes(files["certificate.pem"], files["manifest.json"],
                            files["manifest.sig"])
    minutes = manifest["documents"]["minutes.pdf"]
    assert (minutes["kind"], minutes["signed"], minutes["number"]) == ("minutes", True,
                                                                       "01-BB/CB")
    assert [(s["field"], s["role"], s["fingerprint"]) for s in minutes["signatures"]] == [
        ("ThuKy", "THƯ KÝ", cell["taker_fp"])]
    assert manifest["documents"]["resolution.pdf"]["signed"] is False
    doc = json.loads(files["meeting.json"])
    assert doc["schema_version"] == 2 and doc["cell_id"] == doc["cell"]["id"]
    assert doc["app_version"] and doc["signer_fingerprint"] == cell["fingerprint"]
    assert doc["date"] == "2024-01-03" and doc["status"] == "finalised"
    assert doc["rules"] == {"base_day": 3, "latest_day": 5, "duration_minutes": 90,
                            "combined_minutes": 120, "thematic_minutes": 90,
                            "attendance_rate": 85.0}
    assert doc["model_cell"]["registered_on"] == "2024-03-22"
    assert {"months", "threshold"} <= set(doc["ehandbook"])


def test_exported_pdfs_are_the_stored_documents_byte_for_byte(cell, tmp_path):
    """Every PDF of every bundle is the stored document (sha256 of meeting_docs' storage):
    the minutes with the minute-taker's THƯ KÝ signature and no other, the resolution as
    stored (unsigned); the export key signed no PDF."""
    store = cell["store"]
    for result in cell["results"]:
        files = members(result.path)
        stored = {fmt.MEMBER_OF_KIND[d["kind"]]: d for d in meeting_docs.documents_for(
            store, result.meeting_id) if d["current"]}
        assert set(stored) == {n for n in files if n.endswith(".pdf")}
        for name, row in stored.items():
            assert fmt.sha256(files[name]) == row["sha256"]
            assert files[name] == meeting_docs.document_bytes(store, row["id"])
    files = members(cell["results"][0].path)
    for name, signers in (("minutes.pdf", 1), ("resolution.pdf", 0)):
        pdf = tmp_path / name
        pdf.write_bytes(files[name])
        out = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
        assert out.count("Signature is Valid") == signers
        assert "Nguyễn Thị Hoa" not in out                  # the export key signed no PDF
        if signers:
            assert "Signature Field Name: ThuKy" in out or "ThuKy" in out
        subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
    sigs = verify_pdf(files["minutes.pdf"]).signatures
    assert [(s.field_name, s.signer_fingerprint) for s in sigs] == [("ThuKy", cell["taker_fp"])]


def test_unsigned_minutes_are_refused_with_their_code_and_nothing_is_signed(tmp_path, cell):
    store = open_store(tmp_path / "c.sqlite")
    demo_store(store)
    ids = add_demo_meetings(store, today=DEMO_TODAY)
    before = meeting_docs.documents_for(store, ids[0])
    with pytest.raises(ExportRefused) as refused:
        export_meeting(store, ids[0], tmp_path / "out", p12_path=cell["key"], passphrase=PASS)
    exc = refused.value
    assert (exc.code, exc.meeting_id, exc.params["slot"], exc.params["role"]) == (
        MINUTES_UNSIGNED, ids[0], "ThuKy", "THƯ KÝ")
    assert exc.params["document_id"] == before[0]["id"]
    assert "chưa được ký" in str(exc) and "03/01/2024" in str(exc)
    assert not (tmp_path / "out").exists()
    assert meeting_docs.documents_for(store, ids[0]) == before     # no box signed
    assert [s.state for s in export_status(store)] == ["new"] * 3
    # A batch exports what it can and lists the rest.
    sign_minutes(store, cell["taker"], PASS, [ids[1]])
    batch = export_many(store, ids[:3], tmp_path / "out", p12_path=cell["key"], passphrase=PASS)
    assert [r.meeting_id for r in batch.results] == [ids[1]]
    assert [(r.code, r.meeting_id) for r in batch.refused] == [(MINUTES_UNSIGNED, ids[0]),
                                                               (MINUTES_UNSIGNED, ids[2])]
    # Allowed explicitly: the unsigned stored minutes go as they are, still unsigned.
    result = export_meeting(store, ids[0], tmp_path / "out", p12_path=cell["key"],
                            passphrase=PASS, allow_unsigned=True)
    files = members(result.path)
    assert files["minutes.pdf"] == meeting_docs.document_bytes(store, before[0]["id"])
    assert json.loads(files["manifest.json"])["documents"]["minutes.pdf"]["signed"] is False
    assert verify_pdf(files["minutes.pdf"]).signatures == []
    office = open_office(tmp_path / "office.sqlite")
    assert import_bundle(office, result.path, trust_new=True).status == "imported"
    assert office.db.execute("select signed from document where meeting_id = ? and name = ?",
                             [ids[0], "minutes.pdf"]).fetchone() == (0,)
    office.close()
    store.close()


def test_export_status_new_exported_and_a_correction_is_a_new_version(tmp_path, cell):
    store = open_store(tmp_path / "c.sqlite")
    demo_store(store)
    ids = add_demo_meetings(store, today=DEMO_TODAY)
    assert [s.state for s in export_status(store)] == ["new"] * 3
    sign_minutes(store, cell["taker"], PASS)
    export_meeting(store, ids[0], tmp_path / "out", p12_path=cell["key"], passphrase=PASS)
    assert [s.state for s in export_status(store)] == ["exported", "new", "new"]
    v2 = meetings.amend(store, ids[0], "Sửa tên khách mời")
    meetings.update(store, v2, read_back=True)
    lifecycle.finalise(store, v2)
    status = export_status(store)
    assert [(s.meeting_id, s.version, s.state, s.minutes_signed) for s in status][0] == (
        v2, 2, "amended", False)
    sign_minutes(store, cell["taker"], PASS, [v2])
    [result] = export_new(store, tmp_path / "out", p12_path=cell["key"],
                          passphrase=PASS).results[:1]
    assert result.path.name == "2024-01_chi-bo-khoa-y-te-cong-cong_regular_v2.zip"
    assert [s.state for s in export_status(store)] == ["exported"] * 3
    # No half-written file is left behind.
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]
    store.close()


def test_export_refuses_a_draft(cell, tmp_path):
    with pytest.raises(ValueError, match="hoàn tất"):
        export_meeting(cell["store"], cell["ids"][3], tmp_path, p12_path=cell["key"],
                       passphrase=PASS)
    assert not list(tmp_path.iterdir())


# --- import ------------------------------------------------------------------------------------

def test_import_then_reimport_is_duplicate_and_changes_nothing(office, cell):
    cells = list_cells(office)
    assert [(c["name"], c["meetings"], c["fingerprints"]) for c in cells] == [
        ("Chi bộ Khoa Y tế công cộng", 3, [cell["fingerprint"]])]
    before = dump(office)
    again = import_folder(office, cell["out"])
    assert [r.status for r in again] == ["duplicate"] * 3
    assert dump(office) == before
    # The PDFs are stored content-addressed and open as the signed files.
    docs = meeting_documents(office, again[0].cell_id, again[0].meeting_id)
    assert document_data(office, docs["minutes.pdf"], "minutes.pdf") == members(
        cell["results"][0].path)["minutes.pdf"]


def test_amended_meeting_supersedes_and_both_are_kept(tmp_path, cell):
    store = open_store(tmp_path / "c.sqlite")
    demo_store(store)
    ids = add_demo_meetings(store, today=DEMO_TODAY)
    out = tmp_path / "usb"
    sign_minutes(store, cell["taker"], PASS)
    export_new(store, out, p12_path=cell["key"], passphrase=PASS)
    office = open_office(tmp_path / "office.sqlite")
    assert [r.status for r in import_folder(office, out, trust_new=True)] == ["imported"] * 3
    v2 = meetings.amend(store, ids[1], "Bổ sung ý kiến phát biểu")
    meetings.update(store, v2, read_back=True, place="Hội trường tầng 1")
    lifecycle.finalise(store, v2)
    sign_minutes(store, cell["taker"], PASS, [v2])
    [new] = export_new(store, out, p12_path=cell["key"], passphrase=PASS).results
    result = import_bundle(office, new.path)
    assert result.status == "superseded" and "phiên bản 2" in result.reason
    rows = office.db.execute("select version, current from meeting where series_id = ? "
                             "order by version", [ids[1]]).fetchall()
    assert rows == [(1, 0), (2, 1)]
    feb = dashboard(office, 2024, today=DEMO_TODAY).cells[0].months[1]
    assert feb.meeting_id == v2
    assert json.loads(office.db["meeting"].get((result.cell_id, v2))["record"])["place"] == (
        "Hội trường tầng 1")
    office.close()
    store.close()


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _cases(tmp_path, cell):
    good = sorted(cell["out"].iterdir())[0]
    files = members(good)
    sign = manifest_signer(open_key_file(cell["key"], PASS))
    raw = good.read_bytes()
    cases = {}
    p = tmp_path / "not-a-zip.zip"
    p.write_bytes(b"Bien ban hop chi bo thang 4\n" * 50)
    cases["non-zip"] = (p, "không phải là tệp zip")
    p = tmp_path / "truncated.zip"
    p.write_bytes(raw[:len(raw) // 2])
    cases["truncated"] = (p, "bị cắt cụt")
    cases["dotdot"] = (write_zip(tmp_path / "dotdot.zip", {**files, "../minutes.pdf": b"x"}, sign=sign),
                       "ra ngoài gói: ../minutes.pdf")
    cases["absolute"] = (write_zip(tmp_path / "abs.zip", {**files, "/etc/cron.d/x": b"x"}, sign=sign),
                         "đường dẫn tuyệt đối: /etc/cron.d/x")
    link = zipfile.ZipInfo("resolution.pdf")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    cases["symlink"] = (write_zip(tmp_path / "link.zip", {k: v for k, v in files.items()
                                                          if k != "resolution.pdf"},
                                  sign=sign, infos=[(link, b"/etc/passwd")]), "liên kết")
    bomb = dict(files)
    bomb["resolution.pdf"] = b"\0" * 60_000_000
    p = write_zip(tmp_path / "bomb.zip", bomb, sign=sign)
    assert p.stat().st_size < 1_000_000
    cases["bomb"] = (p, "bom zip")
    pdf = files["minutes.pdf"]
    cases["flipped pdf byte"] = (write_zip(tmp_path / "flip.zip", {
        **files, "minutes.pdf": _flip(pdf, len(pdf) // 3)}, manifest=False),
        "minutes.pdf không khớp mã băm SHA-256")
    cases["flipped pdf byte, manifest recomputed and signed"] = (write_zip(
        tmp_path / "flip2.zip", {**files, "minutes.pdf": _flip(pdf, len(pdf) // 3)}, sign=sign),
        "chữ ký số của minutes.pdf")
    edited = files["meeting.json"].replace(b'"2024-01-03"', b'"2024-01-04"')
    assert edited != files["meeting.json"]
    cases["edited meeting.json"] = (write_zip(tmp_path / "edited.zip", {
        **files, "meeting.json": edited}, manifest=False), "meeting.json không khớp mã băm")
    cases["edited meeting.json, manifest recomputed"] = (write_zip(tmp_path / "edited2.zip", {
        **files, "meeting.json": edited}), "chữ ký của manifest không khớp")
    doc = json.loads(files["meeting.json"])
    cases["unknown schema"] = (write_zip(tmp_path / "schema.zip", {
        **files, "meeting.json": json.dumps({**doc, "schema_version": 99}).encode()},
        sign=sign),
        "phiên bản lược đồ 99")
    del doc["attendance"]
    cases["invalid meeting.json"] = (write_zip(tmp_path / "invalid.zip", {
        **files, "meeting.json": json.dumps(doc).encode()}, sign=sign),
        "“attendance” bị thiếu")
    # Signed again by someone else (a new CHỦ TRÌ signature), digests recomputed and the
    # manifest signed with the export key: the PDF's signers are not the ones named.
    intruder = tmp_path / "intruder.p12"
    new_local_key("Người lạ", intruder, PASS)
    resigned = sign_pdf(pdf, intruder, PASS, field_name="ChuTri", signer_role="CHỦ TRÌ")
    cases["pdf signed again by another key, manifest recomputed and signed"] = (write_zip(
        tmp_path / "resigned.zip", {**files, "minutes.pdf": resigned}, sign=sign),
        "các chữ ký số của minutes.pdf không phải các chữ ký manifest ghi")
    # A signed PDF the (re-signed) manifest calls unsigned.
    lying = json.loads(files["manifest.json"])
    lying["documents"]["minutes.pdf"]["signed"] = False
    lying_files = {**files, "manifest.json": json.dumps(lying).encode()}
    lying_files["manifest.sig"] = sign(lying_files["manifest.json"])
    cases["signed pdf listed as unsigned"] = (write_zip(
        tmp_path / "lying.zip", lying_files, manifest=False),
        "minutes.pdf có chữ ký số mà manifest không ghi")
    bare = json.loads(files["manifest.json"])
    del bare["documents"]
    bare_files = {**files, "manifest.json": json.dumps(bare).encode()}
    bare_files["manifest.sig"] = sign(bare_files["manifest.json"])
    cases["manifest without documents"] = (write_zip(
        tmp_path / "bare.zip", bare_files, manifest=False),
        "manifest không mô tả các văn bản trong gói")
    unlisted = dict(files)
    manifest = json.loads(unlisted["manifest.json"])
    del manifest["files"]["resolution.pdf"]
    unlisted["manifest.json"] = json.dumps(manifest).encode()
    unlisted["manifest.sig"] = sign(unlisted["manifest.json"])
    cases["not in manifest"] = (write_zip(tmp_path / "unlisted.zip", unlisted, manifest=False),
                                "resolution.pdf không có trong manifest")
    return cases


@pytest.mark.parametrize("case", [
    "non-zip", "truncated", "dotdot", "absolute", "symlink", "bomb", "flipped pdf byte",
    "flipped pdf byte, manifest recomputed and signed", "edited meeting.json",
    "edited meeting.json, manifest recomputed", "unknown schema", "invalid meeting.json",
    "not in manifest", "pdf signed again by another key, manifest recomputed and signed",
    "signed pdf listed as unsigned", "manifest without documents"])
def test_bad_bundle_is_rejected_with_its_reason_and_changes_nothing(office, cell, tmp_path,
                                                                    case):
    path, reason = _cases(tmp_path, cell)[case]
    before = dump(office)
    result = import_bundle(office, path, trust_new=True)
    assert result.status == "rejected"
    assert reason in result.reason, result.reason
    assert dump(office) == before


def test_a_format_1_bundle_is_still_read(tmp_path, cell):
    """What chibo wrote before format 2: the minutes rendered at export and signed with the
    export key in the CHỦ TRÌ block, manifest and meeting.json of schema version 1."""
    from app.documents.layout import FIELD_CHAIR
    from app.documents.minutes import build_minutes
    from app.exchange.export import certificate_pem, meeting_document

    key_file = open_key_file(cell["key"], PASS)
    pem, fingerprint = certificate_pem(key_file)
    doc = meeting_document(cell["store"], cell["ids"][2], signer_fingerprint=fingerprint)
    doc["schema_version"] = 1
    files = {"minutes.pdf": sign_pdf(build_minutes(doc), field_name=FIELD_CHAIR,
                                     signer_role="CHỦ TRÌ", key_file=key_file),
             "meeting.json": json.dumps(doc, ensure_ascii=False).encode(),
             "certificate.pem": pem}
    manifest = {**fmt.manifest(files), "schema_version": 1}
    files["manifest.json"] = json.dumps(manifest).encode()
    files["manifest.sig"] = manifest_signer(key_file)(files["manifest.json"])
    path = write_zip(tmp_path / "v1.zip", files, manifest=False)
    office = open_office(tmp_path / "office.sqlite")
    result = import_bundle(office, path, trust_new=True)
    assert result.status == "imported", result.reason
    assert office.db.execute("select signed, signatures from document").fetchall() == [
        (1, None)]
    # In format 1 every PDF signature must be the bundle's key.
    other = tmp_path / "other.p12"
    new_local_key("Người khác", other, PASS)
    files["minutes.pdf"] = sign_pdf(build_minutes(doc), other, PASS, field_name=FIELD_CHAIR,
                                    signer_role="CHỦ TRÌ")
    files["manifest.json"] = json.dumps({**fmt.manifest(
        {k: v for k, v in files.items() if k not in ("manifest.json", "manifest.sig")}),
        "schema_version": 1}).encode()
    files["manifest.sig"] = manifest_signer(key_file)(files["manifest.json"])
    result = import_bundle(office, write_zip(tmp_path / "v1b.zip", files, manifest=False))
    assert result.status == "rejected"
    assert "minutes.pdf được ký bằng chứng thư số khác" in result.reason
    office.close()


def test_one_bad_bundle_does_not_stop_the_rest(tmp_path, cell):
    folder = tmp_path / "usb"
    folder.mkdir()
    good = sorted(cell["out"].iterdir())
    for p in good:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "2024-01_zz-broken.zip").write_bytes(good[0].read_bytes()[:5000])
    (folder / ".2024-05_partial.zip.partial").write_bytes(b"half")
    (folder / "._2024-01_mac.zip").write_bytes(b"resource fork")
    office = open_office(tmp_path / "office.sqlite")
    seen = []
    results = import_folder(office, folder, trust_new=True,
                            progress=lambda done, total, path: seen.append((done, total)))
    assert [(r.path.name, r.status) for r in results] == [
        (good[0].name, "imported"), ("2024-01_zz-broken.zip", "rejected"),
        (good[1].name, "imported"), (good[2].name, "imported")]
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    office.close()


def test_unknown_certificate_refused_by_the_clerk(tmp_path, cell):
    office = open_office(tmp_path / "office.sqlite")
    before = dump(office)
    asked = []

    def refuse(question):
        asked.append((question.kind, question.cell_name, question.fingerprint))
        return False

    results = import_folder(office, cell["out"], confirm=refuse)
    assert {r.status for r in results} == {"rejected"}
    assert "chưa được tin cậy" in results[0].reason and cell["fingerprint"] in results[0].reason
    assert asked[0] == ("new", "Chi bộ Khoa Y tế công cộng", cell["fingerprint"])
    assert dump(office) == before
    # Accepting it once trusts it for the cell: the rest need no question.
    asked.clear()
    results = import_folder(office, cell["out"], confirm=lambda q: asked.append(q) or True)
    assert [r.status for r in results] == ["imported"] * 3 and len(asked) == 1
    assert results[0].new_certificate and not results[1].new_certificate
    office.close()


def test_changed_certificate_needs_confirmation(tmp_path, cell):
    other_key = tmp_path / "other.p12"
    other = new_local_key("Trần Văn Minh", other_key, PASS)
    office = open_office(tmp_path / "office.sqlite")
    import_folder(office, cell["out"], trust_new=True)
    v2 = meetings.amend(cell["store"], cell["ids"][0], "Sửa lỗi chính tả")
    meetings.update(cell["store"], v2, read_back=True)
    lifecycle.finalise(cell["store"], v2)
    sign_minutes(cell["store"], cell["taker"], PASS, [v2])
    new = export_meeting(cell["store"], v2, tmp_path / "usb2", p12_path=other_key,
                         passphrase=PASS)
    before = dump(office)
    result = import_bundle(office, new.path, trust_new=True)   # not a first certificate
    assert result.status == "rejected" and "ĐÃ THAY ĐỔI" in result.reason
    assert dump(office) == before
    asked = []
    result = import_bundle(office, new.path,
                           confirm=lambda q: asked.append(q) or q.fingerprint == other)
    assert [(q.kind, q.known_fingerprints) for q in asked] == [
        ("changed", (cell["fingerprint"],))]
    assert result.status == "superseded"
    assert list_cells(office)[0]["fingerprints"] == sorted([cell["fingerprint"], other])
    office.close()


def test_trust_a_certificate_file_or_a_bundle_before_importing(tmp_path, cell):
    office = open_office(tmp_path / "office.sqlite")
    pem = tmp_path / "hoa.pem"
    pem.write_bytes(members(cell["results"][0].path)["certificate.pem"])
    trusted = trust_file(office, pem, new_cell=True)
    assert trusted.fingerprint == cell["fingerprint"] and trusted.subject == "Nguyễn Thị Hoa"
    assert [r.status for r in import_folder(office, cell["out"])] == ["imported"] * 3
    office2 = open_office(tmp_path / "office2.sqlite")
    assert trust_file(office2, cell["results"][0].path).cell_name == "Chi bộ Khoa Y tế công cộng"
    assert [r.status for r in import_folder(office2, cell["out"])] == ["imported"] * 3
    office.close()
    office2.close()


def test_office_and_cell_files_are_not_mixed_up(tmp_path, cell):
    cell_file = tmp_path / "cell.sqlite"
    open_store(cell_file).close()
    before = cell_file.read_bytes()
    with pytest.raises(StoreError, match="thuộc phần khác"):
        open_office(cell_file)
    assert cell_file.read_bytes() == before
    open_office(tmp_path / "o.sqlite").close()
    with pytest.raises(StoreError, match="thuộc phần khác"):
        open_store(tmp_path / "o.sqlite")


# --- dashboard and evaluation from the imported bundles -------------------------------------

def test_dashboard_and_evaluation_from_bundles(office, cell):
    board = dashboard(office, 2024, today=DEMO_TODAY)
    [row] = board.cells
    jan, feb, mar, apr = row.months[:4]
    assert (jan.date, jan.on_rule_day, jan.duration_minutes, jan.duration_ok) == (
        "2024-01-03", True, 105, True)
    assert (feb.date, feb.rule_date, feb.on_rule_day) == ("2024-02-05", "2024-02-05", True)
    assert jan.rating in ("Tốt", "Khá") and isinstance(jan.score, float)
    assert apr.meeting_id is None and apr.due and not row.months[4].due
    assert row.quarters[1] == "missing" and row.quarters[2] == "pending"
    # Exported today, long after the meeting: late by the office's 10-day setting.
    assert jan.exported_late is True
    evaluation = evaluate_cell(office, row.cell_id, 2024, today=DEMO_TODAY)
    by_id = {c.id: c for c in evaluation.criteria}
    assert by_id["monthly"].evidence == "3/4 tháng có sinh hoạt thường kỳ; chưa có: tháng 4"
    assert by_id["rule_day"].met and by_id["rule_day"].evidence.startswith(
        "3/3 cuộc họp đúng ngày quy định")
    assert not by_id["attendance"].met and "Tạ Quang Vinh" in by_id["attendance"].evidence
    assert by_id["registration"].met and "22/03/2024" in by_id["registration"].evidence
    assert not evaluation.met
