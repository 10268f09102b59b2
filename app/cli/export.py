"""``chibo export``: signed meeting bundles for the party office."""
from __future__ import annotations

import sys

from app.documents.keys import SigningError
from app.exchange.export import export_many, export_status
from app.i18n import _

from .common import add_db, meeting_id, open_cell, print_json, read_passphrase


def _office_state(st) -> str:
    if st.office_received:
        return _("office received on {date}").format(date=st.office_received)
    return st.office_rejected or ""


def cmd_export(args) -> int:
    with open_cell(args) as store:
        if args.status:
            states = export_status(store)
            if args.json:
                print_json([s.to_json() for s in states])
                return 0
            labels = {"new": _("new"), "amended": _("corrected"), "exported": _("exported")}
            for st in states:
                print(f"{st.date}	{st.kind}	v{st.version}	{labels[st.state]}	"
                      f"{st.exported_at or ''}	{st.meeting_id}	{_office_state(st)}".rstrip())
            return 0
        if not args.out or not args.sign or not args.passphrase_file:
            print(_("Give --out, --sign and --passphrase-file (or --status)."), file=sys.stderr)
            return 2
        if not args.meeting and not args.all_new:
            print(_("Choose --meeting ID or --all-new."), file=sys.stderr)
            return 2
        passphrase = read_passphrase(args.passphrase_file)
        try:
            ids = [meeting_id(store, args.meeting)] if args.meeting else [
                s.meeting_id for s in export_status(store) if s.state != "exported"]
            batch = export_many(store, ids, args.out, p12_path=args.sign, passphrase=passphrase,
                                allow_unsigned=args.allow_unsigned)
        except (SigningError, KeyError, ValueError) as exc:
            print(exc.args[0] if exc.args else str(exc), file=sys.stderr)
            return 2
    results, refused = batch.results, batch.refused
    for r in refused:  # said on stderr whatever the output format; the exit code is 3
        print(f"{r.code}: {r.meeting_id}: {r}", file=sys.stderr)
    if refused:
        print(_("Sign the minutes first (chibo minutes ID --out FILE --sign KEY.p12 "
                "--passphrase-file FILE), or export them unsigned with --allow-unsigned."),
              file=sys.stderr)
    if args.json:
        print_json([{"path": str(r.path), "meeting_id": r.meeting_id, "version": r.version,
                     "sha256": r.sha256, "exported_at": r.exported_at} for r in results]
                   + [{"refused": r.code, **r.to_json()} for r in refused])
        return 3 if refused else 0
    for r in results:
        print(r.path)
    if refused:
        return 3
    if not results:
        print(_("Nothing new to export."))
    return 0


def add_export(parser) -> None:
    add_db(parser)
    parser.add_argument("--out", metavar="DIR", help=_("the target folder (e.g. a USB stick)"))
    parser.add_argument("--meeting", metavar="ID", help=_("one finalised meeting version"))
    parser.add_argument("--all-new", action="store_true",
                        help=_("every meeting new or corrected since the last export"))
    parser.add_argument("--sign", metavar="FILE.p12", help=_("the signing key file (PKCS#12)"))
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help=_("a file whose first line is the key file's passphrase"))
    parser.add_argument("--status", action="store_true",
                        help=_("show what is new or corrected since the last export"))
    parser.add_argument("--allow-unsigned", action="store_true",
                        help=_("also export meetings whose stored minutes are not signed yet "
                               "(otherwise such a meeting is refused and the exit code is 3)"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(func=cmd_export)


PARSERS = {"export": add_export}
