"""``chibo keys new`` (a local signing key), ``chibo keys list`` (PKCS#11 tokens) and ``chibo verify`` (a PDF's signatures)."""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

from app import paths
from app.documents.keys import SigningError
from app.documents.verify import verify_pdf
from app.i18n import _
from app.meeting_docs import format_fingerprint, local_keys, make_local_key
from app.store import open_store

from .common import add_db, named_db, print_json, read_passphrase


def cmd_keys_new(args) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    # The fingerprint is recorded in the cell's file when there is one; none is created for it.
    named = named_db(args)
    path = Path(named).expanduser() if named else paths.default_db_path()
    store = open_store(path, create=False) if named or path.exists() else None
    try:
        fingerprint = make_local_key(store, args.name, args.out, passphrase,
                                     organisation=args.organisation)
    except SigningError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        if store is not None:
            store.close()
    print(_("Key file {path} created for {name}.").format(path=args.out, name=args.name))
    print(_("SHA-256 fingerprint of the signer certificate (give it to the party office): "
            "{fingerprint}").format(fingerprint=format_fingerprint(fingerprint)))
    return 0


def cmd_keys_list(args) -> int:
    """The tokens a PKCS#11 module sees and the keys on them (the private keys only after
    logging in with --token and --pin-file; the PIN is not kept)."""
    from app.documents.tokens import TokenError, list_tokens

    pin = read_passphrase(args.pin_file) if args.pin_file else None
    if pin is not None and not args.token:
        raise ValueError(_("Name the token to log in to with --token."))
    try:
        tokens = list_tokens(args.pkcs11, args.token, pin)
    except TokenError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    if args.token:
        tokens = [t for t in tokens if t.label == args.token]
    if args.json:
        print_json([asdict(t) for t in tokens])
        return 0
    if not tokens:
        print(_("No USB token is plugged in (module {path}).").format(path=args.pkcs11))
        return 0
    for t in tokens:
        state = (_("locked") if t.locked else _("last PIN try") if t.final_try else _("ready"))
        print(_("Token “{label}” (slot {slot}, {maker}, serial {serial}): {state}").format(
            label=t.label, slot=t.slot, maker=t.manufacturer or "?", serial=t.serial or "?",
            state=state))
        for c in t.certificates:
            key = next((k for k in t.keys if k["id"] == c["id"]), None)
            mark = _(" (with its key)") if key else ""
            print(_("  certificate “{label}” (id {id}): {subject}{mark}").format(
                label=c["label"], id=c["id"] or "-", subject=c["subject"], mark=mark))
        for k in t.keys:
            if not any(c["id"] == k["id"] for c in t.certificates):
                print(_("  key “{label}” (id {id}) without a certificate").format(
                    label=k["label"], id=k["id"] or "-"))
        if not t.certificates and not t.keys:
            print(_("  no certificate"))
    return 0


def cmd_verify(args) -> int:
    """Exit 0: intact and valid (and trusted when a trust source is given); 1: not valid,
    modified after signing or unreadable; 3: not trusted; 4: a signer is not the person
    printed under the signature block."""
    trusted = list(args.trust or [])
    if getattr(args, "db", None):  # the keys this cell made are trusted with its own file
        with open_store(Path(args.db).expanduser(), create=False) as store:
            trusted += [k["fingerprint"] for k in local_keys(store)]
    # --trust or --db given: a trust source, even when it holds no key
    given = bool(args.trust) or bool(getattr(args, "db", None))
    result = verify_pdf(args.file, trusted_certs=trusted if given else None)
    print(result.report())
    return result.exit_code


def add_keys(parser) -> None:
    ksub = parser.add_subparsers(dest="keys_verb", metavar="ACTION", required=True)
    p = ksub.add_parser("new", help=_(
        "make a local signing key (PKCS#12 file) and print its fingerprint"))
    add_db(p)
    p.add_argument("--name", required=True, help=_("the signer's full name"))
    p.add_argument("--out", required=True, metavar="FILE.p12", help=_("the key file to create"))
    p.add_argument("--passphrase-file", required=True, metavar="FILE",
                   help=_("a file whose first line is the key file's passphrase"))
    p.add_argument("--organisation", help=_("the organisation in the certificate"))
    p.set_defaults(func=cmd_keys_new)
    p = ksub.add_parser("list", help=_("list the USB tokens of a PKCS#11 module and their keys"))
    add_db(p)   # accepted like every verb; the tokens are not the cell's data
    p.add_argument("--pkcs11", required=True, metavar="MODULE.so",
                   help=_("the token vendor's PKCS#11 module"))
    p.add_argument("--token", metavar="LABEL", help=_("only this token"))
    p.add_argument("--pin-file", metavar="FILE",
                   help=_("log in to the token (its PIN on the file's first line) to list its "
                          "private keys too; the PIN is not kept"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_keys_list)


def add_verify(parser) -> None:
    parser.epilog = _("Exit status: 0 intact and valid (and trusted, when --trust or --db is "
                      "given); 1 not valid, modified after signing or unreadable; 3 a signer "
                      "is not trusted.")
    add_db(parser)
    parser.add_argument("file", metavar="FILE.pdf")
    parser.add_argument("--trust", action="append", metavar="FINGERPRINT_OR_CERT",
                        help=_("a trusted signer or root: SHA-256 fingerprint or certificate "
                               "file (repeatable)"))
    parser.set_defaults(func=cmd_verify)


PARSERS = {"keys": add_keys, "verify": add_verify}
