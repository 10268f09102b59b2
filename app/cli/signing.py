"""``chibo keys new`` (a local signing key) and ``chibo verify`` (a PDF's signatures)."""
from __future__ import annotations

import sys
from pathlib import Path

from app import paths
from app.documents.keys import SigningError
from app.documents.verify import verify_pdf
from app.i18n import _
from app.meeting_docs import format_fingerprint, local_keys, make_local_key
from app.store import open_store

from .common import add_db, named_db, read_passphrase


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
