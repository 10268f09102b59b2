"""``chibo office import|trust|cells|dashboard|report``: the party office console (its own data
file: ``--db`` after ``office ACTION`` or ``CHIBO_OFFICE_DB``)."""
from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import unicodedata

from app.documents.layout import DocOptions
from app.exchange.office import (BundleError, TrustQuestion, dashboard, evaluate_cell,
                                 import_folder, list_cells, open_office, retire_key, trust_file)
from app.exchange.office_profile import (FIELDS, ProfileError, get_profile, profile_message,
                                         report_arguments, set_profile)
from app.exchange.downlink import CATEGORIES, write_receipt
from app.i18n import N_, _

from . import office_ca
from .report import print_evaluations, write_reports


def _office(args):
    return open_office(args.office_db)


def shown(text) -> str:
    """Text from a bundle as it may reach a terminal: control and format characters (escape
    sequences, carriage returns, bidi overrides, zero-width) written as visible \\uXXXX."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")
                   else ch for ch in str(text if text is not None else ""))


def _question_text(q: TrustQuestion) -> str:
    lines = []
    if q.kind == "changed":
        lines.append("!!! " + _("WARNING: the certificate of a known cell has CHANGED") + " !!!")
        lines.append(_("Cell on record: {name} (id {id})").format(name=shown(q.known_name),
                                                                  id=shown(q.cell_id)))
        for fp in q.known_fingerprints:
            lines.append("  " + _("key on record: SHA-256 {fingerprint}").format(fingerprint=fp))
        lines.append(_("New key: SHA-256 {fingerprint} ({subject})").format(
            fingerprint=q.fingerprint, subject=shown(q.subject)))
        lines.append(_("Accept it only if the cell told you it has a new key; the old keys then "
                       "end for newer bundles."))
        lines.append(_("Type the word CHANGE to accept the new key: "))
    else:
        lines.append(_("New cell: {name} (id {id})").format(name=shown(q.cell_name),
                                                            id=shown(q.cell_id)))
        if q.lookalikes:
            lines.append("! " + _("Its name looks like: {names}").format(
                names=", ".join(shown(n) for n in q.lookalikes)))
        if q.rivals:
            lines.append("! " + _("{count} other keys claim this cell in this folder").format(
                count=q.rivals))
        lines.append(_("Trust the certificate of {cell}, SHA-256 {fingerprint}? [y/N] ").format(
            cell=shown(q.cell_name), fingerprint=q.fingerprint))
    return "\n".join(lines)


def _confirm_on_terminal(args):
    if args.json or not sys.stdin.isatty():
        return None

    def confirm(q: TrustQuestion) -> bool:
        answer = input(_question_text(q)).strip()
        if q.kind == "changed":
            return answer.upper() in ("CHANGE", _("CHANGE").upper())
        return answer.lower() in ("y", "yes", "c", "có", "co")
    return confirm


_IMPORT_LABELS = {"imported": N_("imported"), "duplicate": N_("duplicate"),
                  "superseded": N_("superseded"), "rejected": N_("rejected")}


def _receipt_key(args):
    """The office key of ``--sign`` (checked before anything is imported), or None."""
    from app.documents.keys import SigningError
    from app.documents.signing import open_key_file

    from .common import read_passphrase

    if not (args.receipts or args.sign):
        return None
    if not (args.receipts and args.sign and args.passphrase_file):
        raise ValueError(_("Give --receipts, --sign and --passphrase-file together."))
    try:
        return open_key_file(args.sign, read_passphrase(args.passphrase_file))
    except SigningError as exc:
        raise ValueError(exc.args[0] if exc.args else str(exc)) from None


def cmd_office_import(args) -> int:
    try:
        key_file = _receipt_key(args)
    except ValueError as exc:
        print(shown(exc), file=sys.stderr)
        return 2
    with _office(args) as office:
        results = import_folder(office, args.folder, trust_new=args.trust_new,
                                confirm=_confirm_on_terminal(args))
        receipt = failed = None
        try:
            receipt = (write_receipt(office, results, args.receipts, key_file) if key_file
                       else None)
        except OSError as exc:   # the imports stand; said after their list
            failed = _("Cannot write the receipt: {error}").format(error=exc.strerror or exc)
    if receipt and not args.json:
        print(_("Receipt written: {path}").format(path=receipt))
    if args.json:
        print_safe_json([r.to_json() for r in results])
    else:
        for r in results:
            print(f"{_(_IMPORT_LABELS[r.status])}\t{shown(r.path.name)}\t{shown(r.reason)}"
                  .rstrip())
            if r.new_certificate:
                print("  " + _("New certificate trusted for {cell}: SHA-256 {fingerprint}").format(
                    cell=shown(r.cell_name), fingerprint=r.fingerprint))
            for warning in r.warnings:
                print("  " + _("Warning: {problem}").format(problem=shown(warning)))
    if failed:
        print(shown(failed), file=sys.stderr)
        return 2
    return 1 if any(r.status == "rejected" for r in results) else 0


def cmd_office_trust(args) -> int:
    if args.ca_subject:
        from .office_ca import trust_ca_subject

        return trust_ca_subject(args)
    if not args.file:
        print(_("Give the bundle or certificate file to trust."), file=sys.stderr)
        return 2
    with _office(args) as office:
        try:
            result = trust_file(office, args.file, cell_id=args.cell, new_cell=args.new_cell,
                                changed=args.changed_key)
        except BundleError as exc:
            print(_("Not trusted: {reason}").format(reason=shown(exc)), file=sys.stderr)
            return 2
    if result.cell_name:
        print(_("Certificate of {cell} trusted: {subject}, SHA-256 {fingerprint}").format(
            cell=shown(result.cell_name), subject=shown(result.subject),
            fingerprint=result.fingerprint))
    else:
        print(_("Certificate trusted for the next new cell: {subject}, SHA-256 {fingerprint}")
              .format(subject=shown(result.subject), fingerprint=result.fingerprint))
    return 0


def cmd_office_retire(args) -> int:
    try:
        day = dt.date.fromisoformat(args.from_date)
    except ValueError:
        print(_("Not a date (YYYY-MM-DD): {value}").format(value=shown(args.from_date)),
              file=sys.stderr)
        return 2
    with _office(args) as office:
        try:
            bindings = retire_key(office, args.fingerprint, day)
        except BundleError as exc:
            print(shown(exc), file=sys.stderr)
            return 2
    for b in bindings:
        print(_("Certificate SHA-256 {fingerprint} of {cell} ends on {date}: bundles it signs "
                "from that day are rejected.").format(
            fingerprint=b["fingerprint"], cell=shown(b["cell_name"] or b["cell_id"]),
            date=b["valid_to"]))
    return 0


def cmd_office_send(args) -> int:
    from app.documents.keys import SigningError
    from app.documents.signing import open_key_file
    from app.exchange.downlink import send_documents

    from .common import read_passphrase

    if bool(args.to) == bool(args.all):
        print(_("Choose --to CELL_ID or --all."), file=sys.stderr)
        return 2
    try:
        key_file = open_key_file(args.sign, read_passphrase(args.passphrase_file))
        with _office(args) as office:
            path = send_documents(office, args.files, args.out, key_file,
                                  to=None if args.all else args.to, category=args.kind,
                                  titles=args.title)
    except (SigningError, ValueError) as exc:
        print(shown(exc.args[0] if exc.args else exc), file=sys.stderr)
        return 2
    print(path)
    return 0


def cmd_office_verify(args) -> int:
    """Read every imported PDF back from the office file, check its SHA-256 and signatures, and
    say what an upgrade could not move in from an older office's files folder."""
    from app.exchange.office import files_moved_in, verify_documents

    with _office(args) as office:
        checks = verify_documents(office)
        moved = files_moved_in(office)
    bad = [c for c in checks if not c.ok]
    left = bool(moved and (moved.get("mismatched") or moved.get("missing")))
    if args.json:
        print_safe_json({"documents": [c.to_json() for c in checks], "files_moved_in": moved})
        return 1 if bad or left else 0
    for c in checks:
        status = _("ok") if c.ok else _("PROBLEM")
        print(f"{status}\t{shown(c.cell_name)}\t{shown(c.meeting_id)}\t{c.name}\t"
              f"{shown(c.problem)}".rstrip())
    if moved:
        print(_("Moved into the office file from {folder}: {n} files.").format(
            folder=shown(moved.get("folder")), n=moved.get("stored", 0)))
        for path in moved.get("mismatched") or []:
            print("  " + _("Not moved in (its content does not match its SHA-256, or it cannot "
                           "be read): {path}").format(path=shown(path)))
        for d in moved.get("missing_documents") or []:
            print("  " + _("Missing file {name} of meeting {meeting} of {cell} (SHA-256 "
                           "{sha256}): not in the old files folder").format(
                name=shown(d["name"]), meeting=shown(d["meeting_id"]),
                cell=shown(d.get("cell_name") or d["cell_id"]), sha256=d["sha256"]))
    print(_("{n} PDFs checked, {bad} with a problem.").format(n=len(checks), bad=len(bad)))
    return 1 if bad or left else 0


def cmd_office_cells(args) -> int:
    with _office(args) as office:
        cells = list_cells(office)
    if args.json:
        print_safe_json(cells)
        return 0
    for c in cells:
        print(f"{shown(c['name'])}\t{c['meetings']}\t{shown(c['last_export'] or '')}\t"
              f"{shown(c['id'])}\t{' '.join(c['fingerprints'])}")
    return 0


def print_safe_json(data) -> None:
    """JSON whose strings hold no raw control or format character (C1 controls and bidi or
    zero-width characters, which ``json`` leaves as they are, written as \\uXXXX escapes:
    the same strings, harmless on a terminal)."""
    import json

    text = json.dumps(_finite(data), ensure_ascii=False, indent=2)
    print("".join(f"\\u{ord(ch):04x}" if ch not in "\n" and unicodedata.category(ch) in
                  ("Cc", "Cf", "Co", "Cs") else ch for ch in text))


def _finite(value):
    """Valid JSON whatever an older import stored: a NaN or infinity becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def cmd_office_dashboard(args) -> int:
    with _office(args) as office:
        data = dashboard(office, args.year)
    print_safe_json(data.to_json())
    return 0


def cmd_office_report(args) -> int:
    with _office(args) as office:
        cells = list_cells(office)
        ids = [c["id"] for c in cells]
        if args.cell:
            if args.cell not in ids:
                print(_("No cell with id {id} in the office's records.").format(id=args.cell),
                      file=sys.stderr)
                return 2
            ids = [args.cell]
        today = dt.date.today()
        evaluations = [evaluate_cell(office, cid, args.year, today=today) for cid in ids]
        vi = [evaluate_cell(office, cid, args.year, today=today, lang="vi") for cid in ids]
    if args.json:
        print_safe_json([e.to_json() for e in evaluations])
    else:
        print_evaluations(evaluations)
    with _office(args) as office:
        profile = get_profile(office)
    report = report_arguments(profile)
    if profile.missing():
        print(profile_message("missing", fields=", ".join(profile.missing())), file=sys.stderr)
    write_reports(args, vi, report["issuer"], report["sign_lines"], report["signer_name"],
                  report["options"])
    return 0


def cmd_office_profile(args) -> int:
    """Show the office profile, or change fields with ``--set FIELD=VALUE`` (one transaction)."""
    changes = {}
    for item in args.set or []:
        key, sep, value = item.partition("=")
        if not sep:
            print(_("Write --set FIELD=VALUE (fields: {fields}).").format(
                fields=", ".join(FIELDS)), file=sys.stderr)
            return 2
        changes[key.strip()] = value
    with _office(args) as office:
        try:
            profile = set_profile(office, **changes) if changes else get_profile(office)
        except ProfileError as exc:
            print(profile_message(exc.code, **exc.params), file=sys.stderr)
            return 2
    if args.json:
        print_safe_json(profile.to_json())
        return 0
    for key, value in profile.to_json().items():
        if isinstance(value, list):
            value = "; ".join(value)
        print(f"{key}: {shown(value)}")
    if profile.missing():
        print(profile_message("missing", fields=", ".join(profile.missing())), file=sys.stderr)
    return 0


def add_office(parser) -> None:
    office_common = argparse.ArgumentParser(add_help=False)
    office_common.add_argument("--db", dest="office_db", metavar="PATH",
                               help=_("the party office's data file (CHIBO_OFFICE_DB)"))
    osub = parser.add_subparsers(dest="office_verb", metavar="ACTION", required=True)
    p = osub.add_parser("import", parents=[office_common],
                        help=_("import a folder of bundles, checking each"))
    p.add_argument("folder")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--trust-new", action="store_true",
                   help=_("accept every new cell's first certificate (fingerprints printed); not "
                          "when two keys claim one cell or a name looks like another "
                          "cell's"))
    p.add_argument("--receipts", metavar="OUTDIR",
                   help=_("write the signed receipt of this run into this folder (e.g. the "
                          "cell's USB stick)"))
    p.add_argument("--sign", metavar="OFFICE.p12", help=_("the office's key file (PKCS#12)"))
    p.add_argument("--passphrase-file", metavar="FILE",
                   help=_("a file whose first line is the key file's passphrase"))
    p.set_defaults(func=cmd_office_import)
    p = osub.add_parser("send", parents=[office_common],
                        help=_("send documents down to cells, signed by the office key"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--to", action="append", metavar="CELL_ID", help=_("a cell (repeatable)"))
    p.add_argument("--all", action="store_true", help=_("every cell"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("the target folder"))
    p.add_argument("--kind", default="study", choices=sorted(CATEGORIES),
                   help=_("what the documents are"))
    p.add_argument("--title", action="append", metavar="TEXT",
                   help=_("the title of each document, in order (default: its file name)"))
    p.add_argument("--sign", required=True, metavar="OFFICE.p12",
                   help=_("the office's key file (PKCS#12)"))
    p.add_argument("--passphrase-file", required=True, metavar="FILE",
                   help=_("a file whose first line is the key file's passphrase"))
    p.set_defaults(func=cmd_office_send)
    p = osub.add_parser("trust", parents=[office_common],
                        help=_("trust the certificate of a bundle or a certificate file"))
    p.add_argument("file", nargs="?")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--cell", metavar="ID",
                       help=_("the cell (id) a certificate file belongs to"))
    which.add_argument("--new-cell", action="store_true",
                       help=_("a certificate file for a cell the office does not know yet"))
    p.add_argument("--changed-key", action="store_true",
                   help=_("the cell told you it has a new key: its old keys end today"))
    p.add_argument("--ca-subject", metavar="SUBJECT",
                   help=_("bind the cell (--cell) to a signer under the trusted authorities: "
                          "CN=…, serialNumber=…, emailAddress=…"))
    p.set_defaults(func=cmd_office_trust)
    p = osub.add_parser("retire", parents=[office_common],
                        help=_("end a cell's certificate from a date"))
    p.add_argument("fingerprint", help=_("SHA-256 fingerprint of the certificate"))
    p.add_argument("--from", dest="from_date", required=True, metavar="YYYY-MM-DD",
                   help=_("bundles exported on or after this day are rejected"))
    p.set_defaults(func=cmd_office_retire)
    p = osub.add_parser("verify", parents=[office_common],
                        help=_("read every imported PDF back from the office file and check "
                               "it"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_office_verify)
    p = osub.add_parser("cells", parents=[office_common], help=_("list the cells imported"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_office_cells)
    p = osub.add_parser("dashboard", parents=[office_common],
                        help=_("cells × months of a year, as JSON"))
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(func=cmd_office_dashboard)
    p = osub.add_parser("profile", parents=[office_common],
                        help=_("show or change the office's own profile (issuer, signature, "
                               "recipients)"))
    p.add_argument("--set", action="append", metavar="FIELD=VALUE",
                   help=_("change a field; recipients separated by ';'"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_office_profile)
    p = osub.add_parser("report", parents=[office_common],
                        help=_("model-cell evaluation of the cells for a year"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--cell", metavar="ID", help=_("only this cell"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--pdf", metavar="FILE", help=_("write the report as PDF"))
    p.add_argument("--xlsx", metavar="FILE", help=_("write the report as XLSX"))
    p.set_defaults(func=cmd_office_report)
    office_ca.add_actions(osub, office_common)


PARSERS = {"office": add_office}
