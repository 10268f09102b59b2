"""Issue 14, items 2 and 3: the office binds keys to cells (with dates) and checks every bundle
before storing anything. Each crafted bundle is a real signed bundle of a demo cell, changed
and signed again with a real key (the cell's own, or an outsider's)."""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import zipfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from app.documents.keys import certificate_fingerprint, new_local_key
from app.documents.signing import open_key_file
from app.exchange import bundle as fmt
from app.exchange.export import ExportRefused, export_meeting
from app.exchange.office import (files_dir, import_bundle, import_folder, key_bindings,
                                 list_cells, open_office, retire_key, trust_file)
from app.exchange.office_migrations import migrations as office_migrations
from app.store import open_store
from tests.office_helpers import PASS, export_demo_cell
from tests.test_cli import chibo

NAME = "Chi bộ Khoa Y tế công cộng"


@pytest.fixture(scope="module")
def cell(tmp_path_factory):
    return export_demo_cell(tmp_path_factory.mktemp("trust-cell"))


@pytest.fixture(scope="module")
def cell2(tmp_path_factory):
    """A second real cell, with its own ids and key."""
    return export_demo_cell(tmp_path_factory.mktemp("trust-cell2"), "Chi bộ Phòng Đào tạo",
                            secretary="Trần Văn Minh")


@pytest.fixture
def office(tmp_path):
    o = open_office(tmp_path / "office.sqlite")
    yield o
    o.close()


def dump(office):
    """The office's data; the trust-decision log is left out: logging a refusal is the one
    write a refused bundle makes (issue 17: decisions are listed, refusals included)."""
    folder = files_dir(office)
    return ([line for line in office.conn.iterdump() if "trust_decision" not in line],
            sorted(str(p) for p in folder.rglob("*")) if folder.exists() else [])


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


class Key:
    """A private key and its certificate (PEM) that can sign a bundle's manifest."""

    def __init__(self, private, cert):
        self.private, self.cert = private, cert
        self.pem = cert.public_bytes(Encoding.PEM)
        self.fingerprint = certificate_fingerprint(cert)

    @classmethod
    def from_p12(cls, path):
        kf = open_key_file(path, PASS)
        return cls(kf.key, kf.cert)

    @classmethod
    def made(cls, name="Người lạ", *, start=None, end=None, usage=True):
        now = dt.datetime.now(dt.timezone.utc)
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(start or now - dt.timedelta(days=1))
                   .not_valid_after(end or now + dt.timedelta(days=365)))
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=usage, content_commitment=False, key_encipherment=not usage,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        return cls(key, builder.sign(key, hashes.SHA256()))


def craft(source, out: Path, key: Key, doc=None, files=None, raw_json: bytes | None = None,
          entries=None):
    """``source`` bundle with meeting.json changed by ``doc(d)`` (or replaced by ``raw_json``),
    members changed by ``files(f)``, the manifest recomputed and signed by ``key``."""
    f = members(source)
    d = json.loads(f[fmt.MEETING_JSON])
    d["signer_fingerprint"] = key.fingerprint
    if doc:
        doc(d)
    f[fmt.MEETING_JSON] = raw_json or json.dumps(d, ensure_ascii=False).encode()
    f[fmt.CERTIFICATE] = key.pem
    if files:
        files(f)
    old = json.loads(f.pop(fmt.MANIFEST))
    f.pop(fmt.SIGNATURE)
    documents = {n: e for n, e in old["documents"].items() if n in f}
    if entries:
        entries(documents)
    f[fmt.MANIFEST] = json.dumps(fmt.manifest(f, documents)).encode()
    f[fmt.SIGNATURE] = fmt.sign_bytes(key.private, f[fmt.MANIFEST])
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in f.items():
            zf.writestr(name, data)
    return out


def trusted_office(office, cell):
    results = import_folder(office, cell["out"], trust_new=True)
    assert [r.status for r in results] == ["imported"] * 3
    return office


# --- trust bound to (cell, key) -------------------------------------------------------------

def test_a_key_of_one_cell_is_never_accepted_for_another(office, cell, cell2, tmp_path):
    trusted_office(office, cell)
    own = Key.from_p12(cell["key"])
    bundle = craft(cell2["paths"][0], tmp_path / "b.zip", own)
    before = dump(office)
    asked = []
    result = import_bundle(office, bundle, trust_new=True,
                           confirm=lambda q: asked.append(q) or True)
    assert result.status == "rejected" and asked == []
    assert "thuộc về chi bộ khác" in result.reason and NAME in result.reason
    assert dump(office) == before


def test_a_certificate_trusted_for_a_new_cell_does_not_import_a_known_cell(office, cell,
                                                                          tmp_path):
    for path in cell["paths"][1:]:
        assert import_bundle(office, path, trust_new=True).status == "imported"
    outsider = Key.made()
    pem = tmp_path / "outsider.pem"
    pem.write_bytes(outsider.pem)
    trust_file(office, pem, new_cell=True)
    bundle = craft(cell["paths"][0], tmp_path / "b.zip", outsider)
    before = dump(office)
    result = import_bundle(office, bundle)
    assert result.status == "rejected" and "ĐÃ THAY ĐỔI" in result.reason
    assert dump(office) == before


def test_trust_file_names_the_cell_and_refuses_a_second_key_without_changed(office, cell,
                                                                            tmp_path):
    from app.exchange.office import BundleError

    trusted_office(office, cell)
    cell_id = list_cells(office)[0]["id"]
    pem = tmp_path / "new.pem"
    new = Key.made("Nguyễn Thị Hoa")
    pem.write_bytes(new.pem)
    with pytest.raises(BundleError, match="--new-cell"):
        trust_file(office, pem)
    with pytest.raises(BundleError, match="--changed-key"):
        trust_file(office, pem, cell_id=cell_id)
    result = trust_file(office, pem, cell_id=cell_id, changed=True)
    assert result.cell_name == NAME
    bindings = {b["fingerprint"]: b for b in key_bindings(office)}
    assert bindings[new.fingerprint]["valid_to"] is None
    assert bindings[cell["fingerprint"]]["valid_to"] is not None     # the old key ended


def test_trust_new_refuses_a_run_in_which_two_keys_claim_one_cell(office, cell, tmp_path):
    folder = tmp_path / "usb"
    for p in cell["paths"]:
        (folder / p.name).parent.mkdir(exist_ok=True)
        (folder / p.name).write_bytes(p.read_bytes())
    # An outsider's bundle for the same cell, named to sort first.
    craft(cell["paths"][0], folder / "0000_first.zip", Key.made("Nguyễn Thị Hoa"))
    before = dump(office)
    results = import_folder(office, folder, trust_new=True)
    assert [r.status for r in results] == ["rejected"] * 4
    assert all("2 chứng thư khác nhau" in r.reason for r in results)
    assert dump(office) == before
    # Asked one by one, the clerk sees the rival count.
    asked = []
    import_folder(office, folder, confirm=lambda q: asked.append(q.rivals) or False)
    assert asked == [1] * 4


@pytest.mark.parametrize("lookalike", [
    "Chi bo Khoa Y te cong cong",                  # without diacritics
    "CHI BỘ KHOA Y TẾ CÔNG CỘNG",                  # upper case
    "Chi bộ Khoa Y tế cоng cộng",                  # a Cyrillic о
    "Chi bộ  Khoa Y tế công cộng.",                # spacing and punctuation
])
def test_trust_new_flags_a_look_alike_cell_name(office, cell, cell2, tmp_path, lookalike):
    trusted_office(office, cell)
    bundle = craft(cell2["paths"][0], tmp_path / "b.zip", Key.made(),
                   doc=lambda d: d["cell"].update(name=lookalike))
    before = dump(office)
    result = import_bundle(office, bundle, trust_new=True)
    assert result.status == "rejected" and "trông giống" in result.reason
    assert dump(office) == before
    asked = []
    import_bundle(office, bundle, confirm=lambda q: asked.append(q) or False)
    assert [(q.kind, q.lookalikes) for q in asked] == [("new", (NAME,))]


def test_a_changed_key_is_decided_by_cell_id_never_by_name(office, cell, cell2, tmp_path):
    trusted_office(office, cell)
    cell_id = list_cells(office)[0]["id"]
    asked = []
    # Same cell id under a new name, new key: a CHANGED key.
    renamed = craft(cell["paths"][0], tmp_path / "renamed.zip", Key.made(),
                    doc=lambda d: d["cell"].update(name="Chi bộ Mới"))
    result = import_bundle(office, renamed, confirm=lambda q: asked.append(q) or False)
    assert result.status == "rejected"
    assert [(q.kind, q.cell_id, q.known_name, q.known_fingerprints) for q in asked] == [
        ("changed", cell_id, NAME, (cell["fingerprint"],))]
    # Another cell id under the known name: a NEW cell (whose name looks like a known one).
    asked.clear()
    same_name = craft(cell2["paths"][0], tmp_path / "same-name.zip", Key.made(),
                      doc=lambda d: d["cell"].update(name=NAME))
    import_bundle(office, same_name, confirm=lambda q: asked.append(q) or False)
    assert [(q.kind, q.lookalikes) for q in asked] == [("new", (NAME,))]


def test_a_confirmed_new_key_ends_the_old_one(office, cell, tmp_path):
    assert import_bundle(office, cell["paths"][1], trust_new=True).status == "imported"
    own, new = Key.from_p12(cell["key"]), Key.made("Nguyễn Thị Hoa")
    today = dt.datetime.now().replace(microsecond=0)
    later = (today + dt.timedelta(days=30)).isoformat()
    changed = craft(cell["paths"][0], tmp_path / "new.zip", new,
                    doc=lambda d: d.update(exported_at=later))
    first = import_bundle(office, changed, confirm=lambda q: q.kind == "changed")
    assert first.status == "imported" and first.new_certificate, first.reason
    # A bundle the old key signs after the change is rejected; one from before still counts.
    after = craft(cell["paths"][2], tmp_path / "after.zip", own,
                  doc=lambda d: d.update(exported_at=(today + dt.timedelta(days=60)).isoformat()))
    result = import_bundle(office, after)
    assert result.status == "rejected" and "thu hồi" in result.reason
    before = craft(cell["paths"][2], tmp_path / "before.zip", own,
                   doc=lambda d: d.update(exported_at=(today + dt.timedelta(days=1)).isoformat()))
    assert import_bundle(office, before).status == "imported"


def test_office_retire_ends_a_key_from_a_date(office, cell, tmp_path):
    assert import_bundle(office, cell["paths"][0], trust_new=True).status == "imported"
    own = Key.from_p12(cell["key"])
    retire_key(office, cell["fingerprint"].upper(), dt.date(2030, 1, 1))
    before_day = craft(cell["paths"][1], tmp_path / "before.zip", own,
                       doc=lambda d: d.update(exported_at="2029-12-31T23:00:00"))
    on_day = craft(cell["paths"][2], tmp_path / "on.zip", own,
                   doc=lambda d: d.update(exported_at="2030-01-01T00:01:00"))
    assert import_bundle(office, before_day).status == "imported"
    state = dump(office)
    result = import_bundle(office, on_day, confirm=lambda q: True)
    assert result.status == "rejected"
    assert "thu hồi từ 2030-01-01" in result.reason
    assert dump(office) == state


def _plain_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "Bien ban")
    c.save()
    return buf.getvalue()


def _squatter(cell, cell2, tmp_path, key=None):
    """Another cell's bundle reusing a genuine meeting id (its PDF unsigned and unbound),
    signed with that cell's own key; (path, the genuine meeting id)."""
    genuine = cell["paths"][0]
    gid = json.loads(members(genuine)[fmt.MEETING_JSON])["id"]

    def squat_files(f):
        f[fmt.MINUTES] = _plain_pdf()
        f.pop(fmt.RESOLUTION, None)

    def squat_entries(documents):
        documents[fmt.MINUTES].update(signed=False, signatures=[])

    path = craft(cell2["paths"][0], tmp_path / "squat" / "squat.zip",
                 key or Key.from_p12(cell2["key"]),
                 doc=lambda d: d.update(id=gid, series_id=gid), files=squat_files,
                 entries=squat_entries)
    return path, gid


def _record(office, cell_id, mid):
    row = office.db.execute("select record from meeting where cell_id = ? and id = ?",
                            [cell_id, mid]).fetchone()
    return json.loads(row[0]) if row else None


def test_a_meeting_id_belongs_to_one_cell_forever(office, cell, cell2, tmp_path):
    """A squatting bundle (another cell, the genuine meeting id) does not block the genuine
    one: both are kept, each under its own cell, and the clash is shown naming both."""
    from app.exchange.office import dashboard, document_data, list_cells, meeting_documents

    assert [r.status for r in import_folder(office, cell2["out"], trust_new=True)] == [
        "imported"] * 3
    squatter, gid = _squatter(cell, cell2, tmp_path)
    first = import_bundle(office, squatter)
    assert first.status == "imported" and first.id_clashes == []
    genuine = import_folder(office, cell["out"], trust_new=True)
    assert [r.status for r in genuine] == ["imported"] * 3      # never rejected
    a_id, b_id = genuine[0].cell_id, first.cell_id
    assert genuine[0].meeting_id == gid and a_id != b_id
    [warning] = genuine[0].warnings
    assert gid in warning and NAME in warning and "Chi bộ Phòng Đào tạo" in warning
    assert "cả hai đều được lưu" in warning
    # Each cell's meeting under its own cell: records and PDFs never mix.
    assert _record(office, a_id, gid)["cell"]["name"] == NAME
    assert _record(office, b_id, gid)["cell"]["name"] == "Chi bộ Phòng Đào tạo"
    a_docs = meeting_documents(office, a_id, gid)
    b_docs = meeting_documents(office, b_id, gid)
    assert document_data(office, a_docs["minutes.pdf"], "minutes.pdf") == members(
        cell["paths"][0])[fmt.MINUTES]
    assert document_data(office, b_docs["minutes.pdf"], "minutes.pdf") == members(
        squatter)[fmt.MINUTES]
    assert "resolution.pdf" in a_docs and "resolution.pdf" not in b_docs
    assert {c["name"]: c["meetings"] for c in list_cells(office)} == {
        NAME: 3, "Chi bộ Phòng Đào tạo": 4}
    [clash] = dashboard(office, 2024).id_clashes
    assert (clash["meeting_id"], clash["cell_name"], clash["other_cell_name"]) == (
        gid, NAME, "Chi bộ Phòng Đào tạo")
    # The same cell bringing its meeting again keeps the duplicate logic.
    again = import_bundle(office, cell["paths"][0])
    assert again.status == "duplicate" and again.id_clashes == []
    # The other way round: the genuine one first, then the squatter, also kept and flagged.
    o2 = open_office(tmp_path / "o2.sqlite")
    try:
        assert import_bundle(o2, cell["paths"][0], trust_new=True).status == "imported"
        late = import_bundle(o2, tmp_path / "squat" / "squat.zip", trust_new=True)
        assert late.status == "imported"
        assert [(c["cell_name"], c["other_cell_name"]) for c in late.id_clashes] == [
            ("Chi bộ Phòng Đào tạo", NAME)]
        assert _record(o2, a_id, gid)["cell"]["name"] == NAME
    finally:
        o2.close()


def test_the_cli_warns_of_a_squatted_meeting_id_naming_both_cells(cell, cell2, tmp_path):
    squatter, gid = _squatter(cell, cell2, tmp_path)
    db = str(tmp_path / "office.sqlite")
    chibo("office", "import", str(cell2["out"]), "--trust-new", "--db", db)
    chibo("office", "import", str(squatter.parent), "--db", db)
    vi = chibo("office", "import", str(cell["out"]), "--trust-new", "--db", db)
    assert vi.returncode == 0
    lines = [line for line in vi.stdout.splitlines() if gid in line]
    assert len(lines) == 1 and lines[0].strip().startswith("Cảnh báo: mã cuộc họp")
    assert NAME in lines[0] and "Chi bộ Phòng Đào tạo" in lines[0]
    board = json.loads(chibo("office", "dashboard", "--year", "2024", "--db", db).stdout)
    assert [(c["meeting_id"], c["other_cell_name"]) for c in board["id_clashes"]] == [
        (gid, "Chi bộ Phòng Đào tạo")]
    en = chibo("--lang", "en", "office", "import", str(squatter.parent), "--db", db)
    assert "duplicate" in en.stdout


# --- bundle checks before storing anything ---------------------------------------------------

def _set(path, value):
    def change(d):
        obj = d
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value
    return change


HOSTILE_DOCS = {
    "escape in cell name": (_set(["cell", "name"], "Chi bộ\x1b[2J\x1b[Himported ok"),
                            "ký tự điều khiển"),
    "zero-width in chair": (_set(["chair"], "Nguyễn\u200b Thị Hoa"), "ký tự điều khiển"),
    "bidi override": (_set(["cell", "parent_org"], "Đảng bộ \u202eTrường"), "ký tự điều khiển"),
    "newline in a name": (_set(["minute_taker"], "Lê Thị Lan\nimported\tx.zip"),
                          "ký tự điều khiển"),
    "negative duration": (_set(["duration_minutes"], -90), "ngoài khoảng"),
    "endless duration": (_set(["duration_minutes"], 100_000), "ngoài khoảng"),
    "negative votes": (_set(["votes", 0, "for"], -5), "ngoài khoảng"),
    "more votes than voters": (_set(["votes", 0, "for"], 500), "nhiều phiếu"),
    "more present than base": (_set(["attendance", "present"], 99), "nhiều hơn"),
    "score over 100": (_set(["score", "total"], 1e300), "ngoài khoảng"),
    "negative e-handbook share": (_set(["ehandbook", "months", 0, "share"], -1.0),
                                  "ngoài khoảng"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_DOCS))
def test_hostile_records_are_rejected_and_nothing_is_stored(office, cell, tmp_path, case):
    trusted_office(office, cell)
    change, expected = HOSTILE_DOCS[case]
    bundle = craft(cell["paths"][0], tmp_path / "b.zip", Key.from_p12(cell["key"]),
                   doc=change)
    before = dump(office)
    result = import_bundle(office, bundle, confirm=lambda q: True)
    assert result.status == "rejected" and expected in result.reason, result.reason
    assert dump(office) == before


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(office, cell, tmp_path, constant):
    trusted_office(office, cell)
    d = json.loads(members(cell["paths"][0])[fmt.MEETING_JSON])
    d["attendance"]["rate"] = math.nan
    raw = json.dumps(d, ensure_ascii=False).replace("NaN", constant).encode()
    bundle = craft(cell["paths"][0], tmp_path / "b.zip", Key.from_p12(cell["key"]), raw_json=raw)
    before = dump(office)
    result = import_bundle(office, bundle)
    assert result.status == "rejected" and "không phải JSON hợp lệ" in result.reason
    assert dump(office) == before
    assert json.loads(json.dumps(__import__("app.exchange.office", fromlist=["x"])
                                 .dashboard(office, 2024).to_json(), allow_nan=False))


def _with_active(kind: str):
    """An incremental update of the signed minutes that adds active content."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    def change(f):
        w = IncrementalPdfFileWriter(io.BytesIO(f[fmt.MINUTES]))
        n = generic.NameObject
        if kind == "javascript":
            action = w.add_object(generic.DictionaryObject({
                n("/S"): n("/JavaScript"), n("/JS"): generic.TextStringObject("app.alert(1)")}))
            w.root[n("/OpenAction")] = action
        elif kind == "launch":
            action = w.add_object(generic.DictionaryObject({
                n("/S"): n("/Launch"), n("/F"): generic.TextStringObject("calc.exe")}))
            w.root[n("/OpenAction")] = action
        elif kind == "additional actions":
            page = w.root["/Pages"]["/Kids"][0]
            page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
            page[n("/AA")] = generic.DictionaryObject({n("/O"): generic.DictionaryObject({
                n("/S"): n("/URI"), n("/URI"): generic.TextStringObject("http://x")})})
            w.mark_update(page_ref)
        elif kind == "embedded file":
            stream = w.add_object(generic.StreamObject({n("/Type"): n("/EmbeddedFile")},
                                                       stream_data=b"MZ evil"))
            spec = w.add_object(generic.DictionaryObject({
                n("/Type"): n("/Filespec"), n("/F"): generic.TextStringObject("a.exe"),
                n("/EF"): generic.DictionaryObject({n("/F"): stream})}))
            w.root[n("/Names")] = generic.DictionaryObject({n("/EmbeddedFiles"):
                generic.DictionaryObject({n("/Names"): generic.ArrayObject([
                    generic.TextStringObject("a.exe"), spec])})})
        w.update_root()
        out = io.BytesIO()
        w.write(out)
        f[fmt.MINUTES] = out.getvalue()
    return change


@pytest.mark.parametrize("kind,named", [("javascript", "JavaScript"), ("launch", "Launch"),
                                        ("additional actions", "AA"),
                                        ("embedded file", "EmbeddedFiles")])
def test_pdfs_with_active_content_are_rejected(office, cell, tmp_path, kind, named):
    trusted_office(office, cell)
    bundle = craft(cell["paths"][0], tmp_path / "b.zip", Key.from_p12(cell["key"]),
                   files=_with_active(kind))
    before = dump(office)
    result = import_bundle(office, bundle)
    assert result.status == "rejected" and "nội dung chủ động" in result.reason
    assert named in result.reason
    assert dump(office) == before


@pytest.mark.parametrize("key,expected", [
    (lambda: Key.made(end=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc),
                      start=dt.datetime(2019, 1, 1, tzinfo=dt.timezone.utc)), "hết hạn"),
    (lambda: Key.made(start=dt.datetime(2090, 1, 1, tzinfo=dt.timezone.utc),
                      end=dt.datetime(2091, 1, 1, tzinfo=dt.timezone.utc)), "chưa có hiệu lực"),
    (lambda: Key.made(usage=False), "không được dùng để ký"),
])
def test_certificates_out_of_dates_or_usage_are_rejected(office, cell, tmp_path, key, expected):
    bundle = craft(cell["paths"][0], tmp_path / "b.zip", key())
    before = dump(office)
    result = import_bundle(office, bundle, trust_new=True)
    assert result.status == "rejected" and expected in result.reason, result.reason
    assert dump(office) == before


def test_export_refuses_to_sign_with_an_expired_key(cell, tmp_path):
    key = tmp_path / "old.p12"
    new_local_key("Nguyễn Thị Hoa", key, PASS, years=1,
                  now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=800))
    store = open_store(cell["db"])
    try:
        with pytest.raises(ExportRefused) as refused:
            export_meeting(store, cell["ids"][0], tmp_path / "out", p12_path=key,
                           passphrase=PASS)
    finally:
        store.close()
    assert refused.value.code == "expired" and "hết hạn" in str(refused.value)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# --- the migration from the older office schema ----------------------------------------------

def test_key_binding_migration_from_the_older_office_schema(tmp_path):
    from sqlite_utils import Database

    path = tmp_path / "office.sqlite"
    db = Database(path)
    office_migrations.apply(db, stop_before="0003_key_bindings")
    db["cell"].insert({"id": "c1", "name": "Chi bộ A"})
    for fp in ("a" * 64, "b" * 64):
        db["certificate"].insert({"fingerprint": fp, "pem": "", "subject": "x",
                                  "source": "x", "added_at": "2024-01-01T00:00:00"})
    db["cell_certificate"].insert({"cell_id": "c1", "fingerprint": "a" * 64,
                                   "confirmed_at": "2024-02-03T10:00:00"})
    db.conn.commit()
    db.close()
    office = open_office(path)
    try:
        assert [(b["cell_id"], b["fingerprint"][:1], b["valid_from"], b["valid_to"])
                for b in key_bindings(office)] == [("c1", "a", "2024-02-03", None)]
        assert dict(office.db.execute("select substr(fingerprint, 1, 1), for_new_cell "
                                      "from certificate").fetchall()) == {"a": 0, "b": 1}
    finally:
        office.close()


# --- the CLI: messages, escaping, retire ------------------------------------------------------

def test_cli_escapes_bundle_text_and_speaks_both_languages(cell, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    evil = folder / "2024-01_\x1b[2J\x1b[Hok.zip"
    craft(cell["paths"][0], evil, Key.from_p12(cell["key"]),
          doc=_set(["cell", "name"], "Chi bộ\x1b]0;owned\x07"))
    db = tmp_path / "office.sqlite"
    vi = chibo("office", "import", str(folder), "--trust-new", "--db", str(db), check=False)
    en = chibo("--lang", "en", "office", "import", str(folder), "--trust-new", "--db", str(db),
               check=False)
    for run in (vi, en):
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert "\x1b" not in run.stdout and "\\u001b[2J" in run.stdout
    assert "ký tự điều khiển" in vi.stdout and "control or format characters" in en.stdout
    assert list_cells(open_office(db)) == []


def test_cli_retire_and_trust_need_a_cell(cell, tmp_path):
    db = tmp_path / "office.sqlite"
    chibo("office", "import", str(cell["out"]), "--trust-new", "--db", str(db))
    pem = tmp_path / "k.pem"
    pem.write_bytes(Key.made().pem)
    refused = chibo("office", "trust", str(pem), "--db", str(db), check=False)
    assert refused.returncode == 2 and "--new-cell" in refused.stderr
    assert "Traceback" not in refused.stderr
    done = chibo("office", "retire", cell["fingerprint"], "--from", "2030-01-01", "--db",
                 str(db))
    assert "2030-01-01" in done.stdout and NAME in done.stdout
    bad = chibo("--lang", "en", "office", "retire", "00" * 32, "--from", "2030-01-01",
                "--db", str(db), check=False)
    assert bad.returncode == 2 and "no cell" in bad.stderr and "Traceback" not in bad.stderr


def test_each_pdf_is_bound_to_its_meeting(office, cell, tmp_path):
    """The minutes of another meeting (signed, of the same cell) in this meeting's bundle."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from app.documents import binding

    first, second = members(cell["paths"][0]), members(cell["paths"][1])
    doc = json.loads(first[fmt.MEETING_JSON])
    info = PdfFileReader(io.BytesIO(first[fmt.MINUTES]), strict=False).trailer_view["/Info"]
    assert binding.parse(str(info["/Keywords"])) == (doc["id"], doc["version"],
                                                     binding.record_digest(doc))
    swapped = craft(cell["paths"][0], tmp_path / "swapped.zip", Key.from_p12(cell["key"]),
                    files=lambda f: f.update({fmt.MINUTES: second[fmt.MINUTES]}))
    before = dump(office)
    result = import_bundle(office, swapped, trust_new=True)
    assert result.status == "rejected" and "thuộc về cuộc họp khác" in result.reason
    assert dump(office) == before
    # The same minutes under another version of the meeting: refused too.
    bumped = craft(cell["paths"][0], tmp_path / "bumped.zip", Key.from_p12(cell["key"]),
                   doc=lambda d: d.update(version=2))
    assert import_bundle(office, bumped, trust_new=True).status == "rejected"


def test_the_topic_document_is_bound_to_its_meeting(tmp_path):
    """Two thematic meetings of one cell, each with its signed topic document (chuyên đề),
    really exported: each bundle imports; the second meeting's topic document swapped into the
    first meeting's bundle (the manifest made and signed again with the cell's own key, the
    swapped file's manifest entry carried over) is refused and nothing is stored."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from app import meeting_docs, thematic
    from app.documents import binding
    from app.documents.signing import KeyFileSigner
    from tests.meeting_helpers import demo_store
    from tests.test_thematic import run_thematic

    store = open_store(tmp_path / "cell.sqlite")
    people = demo_store(store)
    key = tmp_path / "key.p12"
    new_local_key("Nguyễn Thị Hoa", key, PASS)
    paths = []
    for day, title in ((dt.date(2024, 5, 8), "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh"),
                       (dt.date(2024, 8, 14), "Nâng cao chất lượng nghiên cứu khoa học")):
        mid = thematic.create_thematic(store, day, title=title, group="ho_chi_minh",
                                       drafter_id=people["Phạm Đức Anh"].id)
        run_thematic(store, people, mid, start="14:00", end="15:35")
        thematic.add_version(store, mid, final=True, day=day, text=f"I. MỞ ĐẦU\n{title}.")
        meeting_docs.store_topic_document(store, mid)
        for kind in ("minutes", "topic"):
            meeting_docs.sign_document(store, mid, kind, None, KeyFileSigner(key, PASS),
                                       mismatch_reason="Ký thay")
        paths.append(export_meeting(store, mid, tmp_path / "usb", p12_path=key,
                                    passphrase=PASS).path)
    store.close()
    first, second = members(paths[0]), members(paths[1])
    doc = json.loads(first[fmt.MEETING_JSON])
    info = PdfFileReader(io.BytesIO(first[fmt.TOPIC]), strict=False).trailer_view["/Info"]
    assert binding.parse(str(info["/Keywords"])) == (doc["id"], doc["version"],
                                                     binding.record_digest(doc))
    topic_entry = json.loads(second[fmt.MANIFEST])["documents"][fmt.TOPIC]
    swapped = craft(paths[0], tmp_path / "swapped.zip", Key.from_p12(key),
                    files=lambda f: f.update({fmt.TOPIC: second[fmt.TOPIC]}),
                    entries=lambda d: d.update({fmt.TOPIC: topic_entry}))
    office = open_office(tmp_path / "office.sqlite")
    try:
        before = dump(office)
        result = import_bundle(office, swapped, trust_new=True)
        assert result.status == "rejected"
        other = json.loads(second[fmt.MEETING_JSON])["id"]
        assert result.reason.startswith("topic.pdf thuộc về cuộc họp khác"), result.reason
        assert other in result.reason
        assert dump(office) == before
        # The genuine bundles pass.
        assert [import_bundle(office, p, trust_new=True).status for p in paths] == [
            "imported", "imported"]
    finally:
        office.close()


def test_dashboard_prints_valid_json_even_over_an_older_import(office, cell, tmp_path):
    """Rows an older chibo stored with NaN/Infinity (before the range checks) still give
    valid JSON."""
    trusted_office(office, cell)
    with office.atomic():
        office.db.execute("update meeting set score_total = ?, duration_minutes = ?",
                          [math.nan, math.inf])
        office.db.execute("update ehandbook_month set share = ?", [math.nan])
    office.close()
    out = chibo("office", "dashboard", "--year", "2024", "--db", str(tmp_path / "office.sqlite"))
    data = json.loads(out.stdout, parse_constant=lambda c: pytest.fail(c))
    assert data["cells"][0]["months"][0]["score"] is None


def test_office_json_output_escapes_hidden_characters(office, cell, tmp_path):
    """A cell name stored by an older chibo with a bidi override and a C1 CSI: the JSON of
    `office cells` holds the same string, written with escapes only."""
    trusted_office(office, cell)
    hostile = "Chi bộ\u202e ộb ihC\x9b2J"
    with office.atomic():
        office.db.execute("update cell set name = ?", [hostile])
    office.close()
    out = chibo("office", "cells", "--json", "--db", str(tmp_path / "office.sqlite")).stdout
    assert "\u202e" not in out and "\x9b" not in out and "\\u202e" in out
    assert json.loads(out)[0]["name"] == hostile
    text = chibo("office", "cells", "--db", str(tmp_path / "office.sqlite")).stdout
    assert "\u202e" not in text and "\\u202e" in text and "\\u009b" in text
