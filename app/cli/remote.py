"""``chibo remote …``: sign when online. Finalised documents wait in the signing queue
(``meeting_docs.signing_queue``); ``chibo remote sign PROVIDER`` signs them through a remote
signing provider (CSC API). The only verb that opens a network connection.

Provider settings are cell data (``remote add``); the access token and the PIN are read from
files named each time and never stored."""
from __future__ import annotations

import sys
import time
from dataclasses import asdict

from app.i18n import _

from .common import add_db, meeting_id, open_cell, print_json, read_passphrase

RETRIED = ("remote_unreachable", "remote_timeout")   # worth trying again by themselves


def cmd_add(args) -> int:
    from app.documents.remote import Provider, RemoteSigningError, save_provider

    with open_cell(args) as store:
        try:
            provider = save_provider(store, Provider(args.name, args.url, args.client_id or "",
                                                     args.credential))
        except RemoteSigningError as exc:
            print(str(exc), file=sys.stderr)
            return exc.exit_code
    print(_("Remote signing provider “{name}” saved: {url}, credential {credential}.").format(
        name=provider.name, url=provider.base_url, credential=provider.credential_id))
    return 0


def cmd_list(args) -> int:
    from app.documents.remote import providers

    with open_cell(args) as store:
        found = providers(store)
    if args.json:
        print_json([asdict(p) for p in found])
    elif not found:
        print(_("No remote signing provider yet (chibo remote add)."))
    for p in found if not args.json else ():
        print(f"{p.name}: {p.base_url} ({_('credential')} {p.credential_id or '-'}, "
              f"{_('client id')} {p.client_id or '-'})")
    return 0


def cmd_credentials(args) -> int:
    """The credential ids the provider offers (online), to choose the one to sign with."""
    from app.documents.remote import RemoteSigner, RemoteSigningError, get_provider

    token = read_passphrase(args.access_token_file) if args.access_token_file else None
    with open_cell(args) as store:
        provider = get_provider(store, args.provider)
    try:
        ids = RemoteSigner(provider, access_token=token, timeout=args.timeout).credential_ids()
    except RemoteSigningError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    if args.json:
        print_json(ids)
    for cid in ids if not args.json else ():
        mark = _(" (chosen)") if cid == provider.credential_id else ""
        print(cid + mark)
    return 0


def cmd_queue(args) -> int:
    from app import meeting_docs

    with open_cell(args) as store:
        queue = meeting_docs.signing_queue(store, args.kind, args.slot)
    if args.json:
        print_json(queue)
        return 0
    if not queue:
        print(_("No document is waiting to be signed."))
    for item in queue:
        print(_("{date} {name} (meeting {id}): empty blocks {slots}").format(
            date=item["date"], name=item["name"], id=item["meeting_id"],
            slots=", ".join(item["free_slots"])))
    return 0


def _waiting_printer():
    """The progress callback: says what it waits for, then every 10 seconds how long."""
    from app.documents.remote import STAGES

    said: dict[str, float] = {}

    def progress(stage: str, seconds: float) -> bool:
        last = said.get(stage)
        if last is None:
            print(_(STAGES[stage]), flush=True)
            said[stage] = 0.0
        elif seconds - last >= 10:
            print(_("… still waiting ({seconds} s)").format(seconds=int(seconds)), flush=True)
            said[stage] = seconds
        return True

    return progress, said


def cmd_sign(args) -> int:
    from app import meeting_docs
    from app.documents.remote import RemoteSigner, get_provider

    token = read_passphrase(args.access_token_file) if args.access_token_file else None
    pin = read_passphrase(args.pin_file) if args.pin_file else None
    with open_cell(args) as store:
        provider = get_provider(store, args.provider)
        queue = meeting_docs.signing_queue(store, args.kind, args.slot)
        if args.meeting:
            wanted = {meeting_id(store, ref) for ref in args.meeting}
            queue = [q for q in queue if q["meeting_id"] in wanted]
        if not queue:
            print(_("No document is waiting to be signed."))
            return 0
        print(_("{count} document(s) to sign with {provider} ({url}).").format(
            count=len(queue), provider=provider.name, url=provider.base_url), flush=True)
        credential: list = []

        def make_signer():
            progress, said = _waiting_printer()
            signer = RemoteSigner(provider, access_token=token, pin=pin, timeout=args.timeout,
                                  progress=progress,
                                  credential=credential[0] if credential else None)
            signers.append(signer)
            return signer

        def on_result(item, row, error):
            if signers and signers[-1].credential is not None and not credential:
                credential.append(signers[-1].credential)
            if row is not None:
                print(_("Signed: {name} by {signer} ({role}).").format(
                    name=item["name"], signer=row["signer"], role=row["signer_role"]),
                    flush=True)
            else:
                print(_("Not signed: {name}: {error}").format(name=item["name"], error=error),
                      file=sys.stderr, flush=True)

        signers: list = []
        pending, failed = queue, []
        for attempt in range(args.retries + 1):
            if attempt:
                time.sleep(min(2 ** attempt, 30))
                print(_("Trying again ({attempt} of {retries})…").format(
                    attempt=attempt, retries=args.retries), flush=True)
            results = meeting_docs.sign_queue(store, pending, make_signer, args.slot,
                                              on_result=on_result)
            failed = [r for r in results if r["error"] is not None]
            done = {r["item"]["document_id"] for r in results}
            skipped = [q for q in pending if q["document_id"] not in done]   # after a cancel
            pending = [r["item"] for r in failed
                       if getattr(r["error"], "code", None) in RETRIED]
            if not pending or skipped:
                break
    token = pin = None
    if failed:
        left = len(failed)
        print(_("{count} document(s) not signed; they stay in the signing queue unchanged.")
              .format(count=left), file=sys.stderr)
        return getattr(failed[-1]["error"], "exit_code", 2)
    print(_("All done: the signed copies are stored; the unsigned ones are kept unchanged."))
    return 0


def add_remote(parser) -> None:
    sub = parser.add_subparsers(dest="remote_verb", metavar="ACTION", required=True)
    p = sub.add_parser("add", help=_("add or change a remote signing provider (CSC API)"))
    add_db(p)
    p.add_argument("name", help=_("a name for the provider (e.g. SmartCA)"))
    p.add_argument("--url", required=True,
                   help=_("the service's base URL (before /csc/v1/…), https://"))
    p.add_argument("--client-id", help=_("the client id the provider gave the cell"))
    p.add_argument("--credential", required=True, help=_("the signer's credential id"))
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("list", help=_("list the remote signing providers"))
    add_db(p)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("credentials", help=_(
        "list the credential ids the provider offers (online)"))
    add_db(p)
    p.add_argument("provider", metavar="PROVIDER", help=_("the provider's name"))
    p.add_argument("--access-token-file", metavar="FILE",
                   help=_("a file whose first line is the provider's access token "
                          "(never stored)"))
    p.add_argument("--timeout", type=int, default=60, metavar="SECONDS",
                   help=_("how long to wait for the service"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_credentials)

    for verb, func, what in (
            ("queue", cmd_queue, _("list the documents waiting to be signed")),
            ("sign", cmd_sign, _("sign the waiting documents with a remote provider (online)"))):
        p = sub.add_parser(verb, help=what)
        add_db(p)
        if verb == "sign":
            p.add_argument("provider", metavar="PROVIDER", help=_("the provider's name"))
            p.add_argument("--meeting", action="append", metavar="MEETING_ID",
                           help=_("only this meeting (repeatable)"))
            p.add_argument("--access-token-file", metavar="FILE",
                           help=_("a file whose first line is the provider's access token "
                                  "(never stored)"))
            p.add_argument("--pin-file", metavar="FILE",
                           help=_("a file whose first line is the signing PIN, when the "
                                  "provider asks for one (never stored)"))
            p.add_argument("--timeout", type=int, default=300, metavar="SECONDS",
                           help=_("how long to wait for the signer's confirmation"))
            p.add_argument("--retries", type=int, default=1, metavar="N",
                           help=_("try again N times when the service cannot be reached or "
                                  "does not answer in time"))
        else:
            p.add_argument("--json", action="store_true", help=_("print JSON"))
        p.add_argument("--kind", choices=("minutes", "resolution", "topic"), default="minutes",
                       help=_("which documents (default: the minutes)"))
        p.add_argument("--slot", metavar="FIELD",
                       help=_("the signature block to sign (default: the signer's, else the "
                              "first empty one); with it, documents whose block is empty"))
        p.set_defaults(func=func)


PARSERS = {"remote": add_remote}
