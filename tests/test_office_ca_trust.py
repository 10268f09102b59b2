"""The office trusts certificate authorities (issue 17, item 3): a small PKI made here (root →
intermediate → signers with nonRepudiation, a CRL revoking a signer at a date), real bundles
signed by those keys, the office's chain, revocation and identity checks at the export time."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app import meeting_docs
from app.cell import get_cell, save_cell
from app.cli import main
from app.demo import add_demo_meetings
from app.documents.signing import KeyFileSigner
from app.exchange import ca_trust
from app.exchange.export import export_new, export_status
from app.exchange.office import import_bundle, open_office, read_bundle
from app.store import open_store
from tests.meeting_helpers import DEMO_TODAY, demo_store

NOW = dt.datetime.now(dt.timezone.utc)
DAY = dt.timedelta(days=1)
PASS = "mật khẩu"


def _name(cn, **more):
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if "serial" in more:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, more["serial"]))
    if "email" in more:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, more["email"]))
    return x509.Name(attrs)


def _cert(subject, key, issuer, issuer_key, *, ca, start=NOW - 30 * DAY, end=NOW + 365 * DAY,
          serial=None):
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(serial or x509.random_serial_number())
               .not_valid_before(start).not_valid_after(end)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    usage = dict(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                 data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                 encipher_only=False, decipher_only=False)
    builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    if not ca:   # as real CAs do: where the CRL is published (the office imports it as a file)
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier("http://ca.example.vn/inter.crl")], None, None,
            None)]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclasses.dataclass
class Pki:
    root: x509.Certificate
    root_key: object
    inter: x509.Certificate
    inter_key: object
    signers: dict


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    root_key, inter_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    root = _cert(_name("Root CA thử nghiệm"), root_key, _name("Root CA thử nghiệm"), root_key,
                 ca=True, start=NOW - 900 * DAY, end=NOW + 3000 * DAY)
    inter = _cert(_name("CA cấp dưới thử nghiệm"), inter_key, root.subject, root_key, ca=True,
                  start=NOW - 800 * DAY, end=NOW + 2000 * DAY)
    signers = {}
    for who, serial in (("Nguyễn Thị Hoa", "CCCD:001"), ("Trần Văn Bình", "CCCD:002"),
                        ("Lê Văn Cường", "CCCD:003")):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(_name(who, serial=serial, email=f"{serial[-3:]}@example.vn"), key,
                     inter.subject, inter_key, ca=False)
        signers[who] = (key, cert)
    return Pki(root, root_key, inter, inter_key, signers)


def _crl(pki, revoked: dict, *, issued=NOW):
    builder = (x509.CertificateRevocationListBuilder().issuer_name(pki.inter.subject)
               .last_update(issued).next_update(issued + 30 * DAY))
    for who, when in revoked.items():
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(pki.signers[who][1].serial_number)
            .revocation_date(when).build())
    return builder.sign(pki.inter_key, hashes.SHA256())


def _p12(path, pki, who):
    key, cert = pki.signers[who]
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, [pki.inter, pki.root],
        serialization.BestAvailableEncryption(PASS.encode())))
    return path


def _bundle(root, pki, who, name="Chi bộ Khoa Y tế công cộng"):
    """A demo cell whose minutes and bundle are signed with ``who``'s CA-issued key; the path
    of its first bundle and the cell id."""
    root.mkdir(parents=True, exist_ok=True)
    key = _p12(root / "key.p12", pki, who)
    with open_store(root / "cell.sqlite") as store:
        demo_store(store)
        save_cell(store, dataclasses.replace(get_cell(store), name=name))
        add_demo_meetings(store, today=DEMO_TODAY)
        mid = [s.meeting_id for s in export_status(store) if s.state != "exported"][0]
        # The CA's test signers are not the minute-taker printed under the block: a reason.
        meeting_docs.sign_document(store, mid, "minutes", None, KeyFileSigner(key, PASS),
                                   mismatch_reason="Ký thay thư ký (thử nghiệm)")
        path = export_many_one(store, mid, root / "usb", key)
    return path, read_bundle(path).doc["cell_id"]


def export_many_one(store, mid, out, key):
    from app.exchange.export import export_many

    return export_many(store, [mid], out, p12_path=key, passphrase=PASS).results[0].path


@pytest.fixture
def office(tmp_path):
    o = open_office(tmp_path / "office.sqlite")
    yield o
    o.close()


def _trust_pki(office, pki, tmp_path, crl=None):
    (tmp_path / "root.pem").write_bytes(_pem(pki.root))
    (tmp_path / "inter.cer").write_bytes(pki.inter.public_bytes(serialization.Encoding.DER))
    ca_trust.add_ca(office, tmp_path / "root.pem")
    ca_trust.add_ca(office, tmp_path / "inter.cer")
    if crl is not None:
        (tmp_path / "inter.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))
        ca_trust.add_crl(office, tmp_path / "inter.crl")


def test_bound_signer_under_a_trusted_root_is_accepted(office, pki, tmp_path):
    path, cell = _bundle(tmp_path / "cell", pki, "Nguyễn Thị Hoa")
    _trust_pki(office, pki, tmp_path, _crl(pki, {"Trần Văn Bình": NOW - 10 * DAY}))
    ca_trust.bind_cell(office, cell, "CN=Nguyễn Thị Hoa, serialNumber=CCCD:001")
    result = import_bundle(office, path)
    assert result.status == "imported", result.reason
    assert [d["decision"] for d in ca_trust.decisions(office)] == ["trusted"]
    assert ca_trust.decisions(office)[0]["source"] == "ca"
    assert {c["is_root"] for c in ca_trust.list_cas(office)} == {0, 1}


def test_signer_revoked_before_signing_is_rejected(office, pki, tmp_path):
    path, cell = _bundle(tmp_path / "cell", pki, "Trần Văn Bình")
    _trust_pki(office, pki, tmp_path, _crl(pki, {"Trần Văn Bình": NOW - 10 * DAY}))
    ca_trust.bind_cell(office, cell, "Trần Văn Bình")
    result = import_bundle(office, path)
    assert result.status == "rejected"
    assert (NOW - 10 * DAY).date().isoformat() in result.reason
    assert ca_trust.decisions(office)[-1]["decision"] == "revoked"
    assert not office.db.execute("select count(*) from meeting").fetchone()[0]


def test_signer_revoked_after_signing_is_accepted(office, pki, tmp_path):
    path, cell = _bundle(tmp_path / "cell", pki, "Trần Văn Bình")
    # The CRL is issued later and revokes the key from a day after the bundle was signed.
    later = NOW + 2 * DAY
    _trust_pki(office, pki, tmp_path, _crl(pki, {"Trần Văn Bình": later}, issued=NOW + DAY))
    ca_trust.bind_cell(office, cell, "CN=Trần Văn Bình")
    result = import_bundle(office, path)
    assert result.status == "imported", result.reason


def test_unknown_ca_and_wrong_identity_are_not_trusted(office, pki, tmp_path):
    path, cell = _bundle(tmp_path / "cell", pki, "Lê Văn Cường")
    ca_trust.bind_cell(office, cell, "CN=Lê Văn Cường")
    result = import_bundle(office, path)                       # no authority imported
    assert result.status == "rejected"
    assert "trusted authority" in result.reason or "tổ chức chứng thực" in result.reason
    assert ca_trust.decisions(office)[-1]["decision"] == "refused"
    _trust_pki(office, pki, tmp_path)
    ca_trust.bind_cell(office, cell, "CN=Lê Văn Cường, serialNumber=CCCD:999")
    result = import_bundle(office, path)
    assert result.status == "rejected" and "CCCD:999" in result.reason
    ca_trust.bind_cell(office, cell, "CN=lê văn cường, serialNumber=CCCD:003")
    assert import_bundle(office, path).status == "imported"


def test_expired_at_signing_time_is_rejected(office, pki, tmp_path):
    _trust_pki(office, pki, tmp_path)
    key = ec.generate_private_key(ec.SECP256R1())
    old = _cert(_name("Phạm Thu"), key, pki.inter.subject, pki.inter_key, ca=False,
                start=NOW - 400 * DAY, end=NOW - 40 * DAY)
    moment = NOW - 10 * DAY
    outcome = ca_trust.validate_signer(office, _pem(old), moment, "Chi bộ A", "CN=Phạm Thu")
    assert not outcome.ok and outcome.code == "ca_expired"
    during = ca_trust.validate_signer(office, _pem(old), NOW - 100 * DAY, "Chi bộ A",
                                      "CN=Phạm Thu")
    assert during.ok, during.reason()


def test_ca_and_crl_files_are_checked(office, pki, tmp_path):
    leaf = tmp_path / "leaf.pem"
    leaf.write_bytes(_pem(pki.signers["Nguyễn Thị Hoa"][1]))
    with pytest.raises(ca_trust.CaError) as err:
        ca_trust.add_ca(office, leaf)
    assert err.value.code == "not_ca"
    junk = tmp_path / "junk.crt"
    junk.write_bytes(b"\x00garbage")
    with pytest.raises(ca_trust.CaError):
        ca_trust.add_ca(office, junk)
    crl = tmp_path / "x.crl"
    crl.write_bytes(_crl(pki, {}).public_bytes(serialization.Encoding.PEM))
    with pytest.raises(ca_trust.CaError) as err:
        ca_trust.add_crl(office, crl)                          # issuer not trusted yet
    assert err.value.code == "crl_unknown_issuer"
    assert ca_trust.list_cas(office) == [] and ca_trust.list_crls(office) == []
    with pytest.raises(ca_trust.CaError):
        ca_trust.parse_subject("OU=nope")


def test_cli_ca_crl_bind_import_and_decisions(pki, tmp_path, capsys):
    path, cell = _bundle(tmp_path / "cell", pki, "Nguyễn Thị Hoa")
    db = str(tmp_path / "office.sqlite")
    (tmp_path / "root.crt").write_bytes(_pem(pki.root))
    (tmp_path / "inter.pem").write_bytes(_pem(pki.inter))
    (tmp_path / "inter.crl").write_bytes(
        _crl(pki, {"Trần Văn Bình": NOW - DAY}).public_bytes(serialization.Encoding.PEM))
    for argv in (["ca", "add", str(tmp_path / "root.crt")],
                 ["ca", "add", str(tmp_path / "inter.pem")],
                 ["crl", "add", str(tmp_path / "inter.crl")],
                 ["trust", "--cell", cell, "--ca-subject", "CN=Nguyễn Thị Hoa"]):
        assert main(["office", *argv, "--db", db]) == 0, argv
    assert main(["office", "ca", "add", str(tmp_path / "inter.crl"), "--db", db]) == 2
    capsys.readouterr()
    assert main(["office", "ca", "list", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed["authorities"]) == 2 and len(listed["crls"]) == 1
    assert main(["office", "import", str(path.parent), "--db", db]) == 0
    capsys.readouterr()
    csv_path = tmp_path / "decisions.csv"
    assert main(["office", "decisions", "--json", "--csv", str(csv_path), "--db", db]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["decision"], r["source"], r["cell_id"]) for r in rows] == [("trusted", "ca", cell)]
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("at,cell_id") and ",trusted,ca," in lines[1]
    assert main(["office", "ca", "remove", "nope", "--db", db]) == 2


def test_a_crl_not_signed_by_its_issuer_is_refused_and_changes_nothing(office, pki, tmp_path):
    _trust_pki(office, pki, tmp_path)
    forged = (x509.CertificateRevocationListBuilder().issuer_name(pki.inter.subject)
              .last_update(NOW).next_update(NOW + DAY)
              .sign(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()))
    path = tmp_path / "forged.crl"
    path.write_bytes(forged.public_bytes(serialization.Encoding.DER))
    with pytest.raises(ca_trust.CaError) as err:
        ca_trust.add_crl(office, path)
    assert err.value.code == "crl_bad_signature"
    assert ca_trust.list_crls(office) == []
    path.write_bytes(b"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n")
    with pytest.raises(ca_trust.CaError) as err:
        ca_trust.add_crl(office, path)
    assert err.value.code == "crl_unreadable"
