"""``chibo minutes|resolution|topic ID --out F`` (a meeting's documents) and ``chibo plan-pdf``.

A finalised meeting's stored minutes or resolution, unsigned, are copied out through
``app.services.documents`` alone. ``app.meeting_docs`` (reportlab and the signing stack) is
imported only where a document is rendered, stored or signed: this module is the entry point
that keeps the quick path quick (benchmarks/minutes_cli.py).
"""
from __future__ import annotations

import sys

from app.i18n import N_, _
from app.services import documents

from .common import add_db, meeting_help, meeting_id, open_cell, read_passphrase, write_out

_DOC_LABELS = {"minutes": N_("Minutes"), "resolution": N_("Resolution or conclusion"),
               "topic": N_("Topic document")}


def _cmd_meeting_document(args, kind: str) -> int:
    """Write a meeting's document: the stored one of a finalised meeting (signed first with
    --sign), or a draft rendered with its "DỰ THẢO" mark."""
    if _signing(args) is None and kind != "topic":
        with open_cell(args) as store:
            args.id = meeting_id(store, args.id)
            doc = documents.current_document(store, args.id, kind)  # only a finalised one has
            data = documents.document_bytes(store, doc["id"]) if doc else None
        if data is not None:
            write_out(args.out, data)
            print(_("{document} written to {path}.").format(document=_(_DOC_LABELS[kind]),
                                                           path=args.out))
            return 0
    return _render_or_sign(args, kind)


def _signing(args) -> str | None:
    """How the command signs: "p12" (--sign), "pkcs11" (--pkcs11) or None."""
    if getattr(args, "pkcs11", None):
        return "pkcs11"
    return "p12" if args.sign else None


def _make_signer(args):
    """The Signer the options name; the passphrase or PIN is read from its file, used for this
    signature and forgotten."""
    if _signing(args) == "pkcs11":
        if args.sign:
            raise ValueError(_("Sign with a key file (--sign) or a USB token (--pkcs11), "
                               "not both."))
        if not args.pin_file:
            raise ValueError(_("Give the token's PIN with --pin-file."))
        from app.documents.signing import TokenSigner

        return TokenSigner(args.pkcs11, args.token or "", read_passphrase(args.pin_file),
                           key_label=args.key)
    if not args.passphrase_file:
        raise ValueError(_("Give the key file's passphrase with --passphrase-file."))
    from app.documents.signing import KeyFileSigner

    return KeyFileSigner(args.sign, read_passphrase(args.passphrase_file))


def _render_or_sign(args, kind: str) -> int:
    """A draft's document rendered, a finalised meeting's stored (when it was not yet) and
    signed with --sign."""
    from app import meeting_docs, meetings
    from app.documents.keys import SigningError

    sign = _signing(args)
    with open_cell(args) as store:
        args.id = meeting_id(store, args.id)
        try:
            record = meetings.meeting_record(store, args.id)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
        try:
            if record["status"] != "finalised":
                if sign:
                    raise SigningError(_("A draft meeting's document cannot be signed: finalise "
                                         "the meeting first."))
                data = meeting_docs.render(store, args.id, kind)
            else:
                if kind == "topic":  # stored from the final version (again when it changed)
                    doc = meeting_docs.store_topic_document(store, args.id)
                else:
                    doc = meeting_docs.current_document(store, args.id, kind)
                if doc is None:  # a meeting finalised before documents were stored
                    doc = next((d for d in meeting_docs.finalise_documents(store, args.id)
                                if d["kind"] == kind), None)
                if doc is None:
                    raise ValueError(_("This meeting has no resolution or conclusion text."))
                if sign:
                    signer = _make_signer(args)
                    doc = meeting_docs.sign_document(
                        store, args.id, kind, args.field, signer, document_id=doc["id"],
                        mismatch_reason=getattr(args, "mismatch_reason", None))
                data = meeting_docs.document_bytes(store, doc["id"])
        except SigningError as exc:
            print(str(exc), file=sys.stderr)
            return getattr(exc, "exit_code", 2)
    write_out(args.out, data)
    print(_("{document} written to {path}.").format(document=_(_DOC_LABELS[kind]), path=args.out))
    if sign:
        print(_("Signed by {name} ({role}).").format(name=doc["signer"], role=doc["signer_role"]))
    return 0


def cmd_minutes(args) -> int:
    return _cmd_meeting_document(args, "minutes")


def cmd_resolution(args) -> int:
    return _cmd_meeting_document(args, "resolution")


def cmd_topic(args) -> int:
    return _cmd_meeting_document(args, "topic")


def _date_arg(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("“{value}” is not a date (YYYY-MM-DD).").format(value=value)) from None


def cmd_plan_pdf(args) -> int:
    from app.meeting_docs import issue_plan, plan_warnings, render_plan  # reportlab

    day = _date_arg(args.date) if args.date else None
    with open_cell(args) as store:
        if args.issue:
            import datetime as dt

            issued = issue_plan(store, args.year, day or dt.date.today())
            print(_("The plan of {year} is issued as number {number}.").format(
                year=args.year, number=issued["number"]))
        data = render_plan(store, args.year, day=day)
        empty = plan_warnings(store, args.year)
    write_out(args.out, data)
    for quarter in empty:
        print(_("Warning: quarter {quarter} has no thematic topic.").format(quarter=quarter),
              file=sys.stderr)
    print(_("The thematic meeting plan of {year} written to {path}.").format(
        year=args.year, path=args.out))
    return 0


def _meeting_document_parser(func):
    def add(parser) -> None:
        add_db(parser)
        parser.add_argument("id", metavar="MEETING_ID", help=meeting_help())
        parser.add_argument("--out", required=True, metavar="FILE.pdf",
                            help=_("the PDF file to write"))
        parser.add_argument("--sign", metavar="FILE.p12",
                            help=_("sign with this key file first (a finalised meeting only)"))
        parser.add_argument("--passphrase-file", metavar="FILE",
                            help=_("a file whose first line is the key file's passphrase"))
        parser.add_argument("--pkcs11", metavar="MODULE.so",
                            help=_("sign with a USB token through this PKCS#11 module first "
                                   "(a finalised meeting only)"))
        parser.add_argument("--token", metavar="LABEL",
                            help=_("the token's label (default: the only token plugged in)"))
        parser.add_argument("--key", metavar="LABEL",
                            help=_("the label of the key on the token (default: its only "
                                   "certificate)"))
        parser.add_argument("--pin-file", metavar="FILE",
                            help=_("a file whose first line is the token's PIN (never stored)"))
        parser.add_argument("--field",
                            help=_("the signature field to sign (default: the next one)"))
        parser.add_argument("--mismatch-reason", metavar="TEXT",
                            help=_("why the certificate's owner signs a block printed for "
                                   "someone else (kept with the signature)"))
        parser.set_defaults(func=func)
    return add


def add_plan_pdf(parser) -> None:
    add_db(parser)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--out", required=True, metavar="FILE.pdf",
                        help=_("the PDF file to write"))
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help=_("the date of the plan (a draft: the date printed; with --issue: "
                               "the date it is issued on); default today"))
    parser.add_argument("--issue", action="store_true",
                        help=_("give the plan its number (until then it is a draft)"))
    parser.set_defaults(func=cmd_plan_pdf)


PARSERS = {"minutes": _meeting_document_parser(cmd_minutes),
           "resolution": _meeting_document_parser(cmd_resolution),
           "topic": _meeting_document_parser(cmd_topic),
           "plan-pdf": add_plan_pdf}
