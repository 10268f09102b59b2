"""``chibo office ca add|list|remove``, ``office crl add|list``, ``office trust --cell ID
--ca-subject "CN=…"`` and ``office decisions [--json] [--csv F]``: the office's trust in
certificate authorities (``app.exchange.ca_trust``)."""
from __future__ import annotations

import sys
from pathlib import Path

from app.exchange import ca_trust
from app.i18n import _

from .common import print_json


def _office(args):
    from app.exchange.office import open_office

    return open_office(args.office_db)


def cmd_ca_add(args) -> int:
    with _office(args) as office:
        try:
            row = ca_trust.add_ca(office, args.file)
        except (ca_trust.CaError, OSError) as exc:
            print(str(exc), file=sys.stderr)
            return 2
    kind = _("root") if row["is_root"] else _("intermediate")
    print(_("Authority trusted ({kind}): {subject}, SHA-256 {fingerprint}").format(
        kind=kind, subject=row["subject"], fingerprint=row["fingerprint"]))
    return 0


def cmd_ca_list(args) -> int:
    with _office(args) as office:
        rows = ca_trust.list_cas(office)
        crls = ca_trust.list_crls(office)
    if args.json:
        print_json({"authorities": rows, "crls": crls})
        return 0
    for r in rows:
        kind = _("root") if r["is_root"] else _("intermediate")
        print(f"{r['fingerprint']}\t{kind}\t{r['subject']}\t{r['not_after'][:10]}")
    for c in crls:
        print(_("CRL of {issuer}, issued {day}").format(issuer=c["issuer"],
                                                        day=c["this_update"][:10]))
    return 0


def cmd_ca_remove(args) -> int:
    with _office(args) as office:
        try:
            ca_trust.remove_ca(office, args.fingerprint)
        except ca_trust.CaError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    print(_("Authority removed: {fingerprint}").format(fingerprint=args.fingerprint))
    return 0


def cmd_crl_add(args) -> int:
    with _office(args) as office:
        try:
            row = ca_trust.add_crl(office, args.file)
        except (ca_trust.CaError, OSError) as exc:
            print(str(exc), file=sys.stderr)
            return 2
    print(_("CRL of {issuer}, issued {day}").format(issuer=row["issuer"],
                                                    day=row["this_update"][:10]))
    return 0


def trust_ca_subject(args) -> int:
    """``office trust --cell ID --ca-subject "…"``."""
    if not args.cell:
        print(_("Give the cell with --cell ID."), file=sys.stderr)
        return 2
    with _office(args) as office:
        try:
            ca_trust.bind_cell(office, args.cell, args.ca_subject)
        except ca_trust.CaError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    print(_("Cell {cell} bound to the signer {subject} under the trusted authorities.").format(
        cell=args.cell, subject=args.ca_subject))
    return 0


def cmd_decisions(args) -> int:
    with _office(args) as office:
        rows = ca_trust.decisions(office)
        text = ca_trust.decisions_csv(office) if args.csv else None
    if args.csv:
        Path(args.csv).write_text(text, encoding="utf-8")
    if args.json:
        print_json(rows)
    elif not args.csv:
        for r in rows:
            print("\t".join(str(r[c] or "") for c in ("at", "decision", "cell_name", "bundle",
                                                        "reason")))
    return 0


def add_actions(osub, office_common) -> None:
    p = osub.add_parser("ca", parents=[office_common],
                        help=_("certificate authorities the office trusts"))
    csub = p.add_subparsers(dest="ca_verb", metavar="ACTION", required=True)
    q = csub.add_parser("add", parents=[office_common],
                        help=_("trust a root or intermediate certificate (.pem, .cer, .crt)"))
    q.add_argument("file")
    q.set_defaults(func=cmd_ca_add)
    q = csub.add_parser("list", parents=[office_common], help=_("list the authorities and CRLs"))
    q.add_argument("--json", action="store_true", help=_("print JSON"))
    q.set_defaults(func=cmd_ca_list)
    q = csub.add_parser("remove", parents=[office_common], help=_("stop trusting an authority"))
    q.add_argument("fingerprint", help=_("SHA-256 fingerprint of the certificate"))
    q.set_defaults(func=cmd_ca_remove)
    p = osub.add_parser("crl", parents=[office_common],
                        help=_("certificate revocation lists (files; nothing is fetched)"))
    csub = p.add_subparsers(dest="crl_verb", metavar="ACTION", required=True)
    q = csub.add_parser("add", parents=[office_common],
                        help=_("import a CRL issued by a trusted authority"))
    q.add_argument("file")
    q.set_defaults(func=cmd_crl_add)
    p = osub.add_parser("decisions", parents=[office_common],
                        help=_("the office's trust decisions (trusted, refused, retired, "
                               "revoked)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--csv", metavar="FILE", help=_("write them as CSV"))
    p.set_defaults(func=cmd_decisions)
