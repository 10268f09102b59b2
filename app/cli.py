"""The ``chibo`` command: no arguments opens the desktop app; verbs script everything else.

Every verb takes ``--db PATH`` (also accepted before the verb); ``CHIBO_DB`` sets the default.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, i18n, paths
from .i18n import N_, _


def _db_path(args) -> Path:
    return Path(args.db).expanduser() if getattr(args, "db", None) else paths.default_db_path()


def _open(args):
    from .store import open_store

    return open_store(_db_path(args))


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# --- verbs ---------------------------------------------------------------------------------

def cmd_demo(args) -> int:
    from .demo import add_demo_meetings, create_demo

    with _open(args) as store:
        cell = create_demo(store)
        add_demo_meetings(store, thematic=True)
        print(_("Demo cell “{name}” created in {path}.").format(name=cell.name, path=store.path))
    return 0


def cmd_members_list(args) -> int:
    from .members import list_members
    from .model import PARTY_STATUSES

    with _open(args) as store:
        members = list_members(store)
        if args.json:
            _print_json([m.to_json() for m in members])
            return 0
        for m in members:
            print(f"{m.full_name}\t{_(PARTY_STATUSES[m.party_status])}\t"
                  f"{i18n.format_date(m.birth_date)}\t{m.position}")
    return 0


def cmd_members_import(args) -> int:
    from .importing import ImportFileError, commit_members, preview_members

    with _open(args) as store:
        try:
            preview = preview_members(store, args.file)
        except ImportFileError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        for p in preview.problems:
            print(_("Row {row}, column “{column}”: {reason}").format(
                row=p.row, column=p.column, reason=p.reason))
        valid = len(preview.valid)
        if args.dry_run:
            print(_("{valid} of {total} rows are valid; nothing was written (--dry-run).").format(
                valid=valid, total=len(preview.rows)))
            return 0 if not preview.problems else 1
        count = commit_members(store, preview)
        print(_("{count} members imported; {skipped} rows skipped.").format(
            count=count, skipped=len(preview.rows) - count))
        return 0 if not preview.problems else 1


def cmd_meeting_list(args) -> int:
    from .meetings import list_meetings

    with _open(args) as store:
        rows = list_meetings(store)
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        print(f"{r['date']}\t{r['kind']}\t{r['status']}\tv{r['version']}\t{r['number'] or ''}"
              f"\t{r['id']}")
    return 0


def cmd_meeting_show(args) -> int:
    from .meetings import meeting_record

    with _open(args) as store:
        try:
            record = meeting_record(store, args.id)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
    _print_json(record)
    return 0


def cmd_backup(args) -> int:
    from .store.backup import backup_now, thin

    with _open(args) as store:
        path = backup_now(store.conn, store.path, reason="manual")
        thin(store.path)
        print(_("Backup written to {path}.").format(path=path))
    return 0


def cmd_backups(args) -> int:
    from .store.backup import list_backups

    for b in list_backups(_db_path(args)):
        print(f"{b.created:%Y-%m-%d %H:%M:%S}\t{b.reason}\t{b.size}\t{b.path}")
    return 0


def cmd_restore(args) -> int:
    from .store.backup import restore

    with _open(args) as store:
        try:
            safety = restore(store, Path(args.backup))
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(_("Restored from {backup}; the previous content was saved to {safety}.").format(
            backup=args.backup, safety=safety))
    return 0


def _store_for_schedule(args):
    """The cell database when one is named (--db or CHIBO_DB), else None: the defaults apply and
    no file is created or opened."""
    import os

    from .store import open_store

    named = getattr(args, "db", None) or os.environ.get("CHIBO_DB")
    if not named:
        return None
    return open_store(Path(named).expanduser(), create=False)


def cmd_schedule(args) -> int:
    from .planning import check_year, day_rule, schedule
    from .rules.calendar import DayRule, explain, year_schedule

    check_year(args.year)
    store = _store_for_schedule(args)
    if store is None:
        rule, months = DayRule(), year_schedule(args.year)
    else:
        with store:
            rule, months = day_rule(store), schedule(store, args.year)
    if args.json:
        _print_json([m.to_json() for m in months])
        return 0
    print(_("Regular meeting days in {year} (day {base}, at the latest day {latest}):").format(
        year=args.year, base=rule.base_day, latest=rule.latest_day))
    for m in months:
        print(_("Month {month}: {text}").format(month=m.month, text=explain(m, rule)))
    return 0


_ORG_KINDS = {"public": N_("Public holiday"), "public_working": N_("Make-up working day"),
              "org_off": N_("Day off (organisation)"),
              "org_working": N_("Working day (organisation)")}


def cmd_daysoff_list(args) -> int:
    import datetime as dt

    from .planning import year_days

    year = args.year or dt.date.today().year
    with _open(args) as store:
        rows = year_days(store, year)
    if args.json:
        _print_json([{"date": d.isoformat(), "name": name, "kind": kind} for d, name, kind in rows])
        return 0
    for day, name, kind in rows:
        print(f"{i18n.format_date(day)}\t{i18n.weekday_name(day)}\t{_(_ORG_KINDS[kind])}\t{name}")
    return 0


def cmd_daysoff_add(args) -> int:
    from .planning import add_org_day

    with _open(args) as store:
        day = add_org_day(store, args.date, args.reason or "", working=args.working)
    message = (_("Make-up working day {day} added: {name}.") if day.kind == "working"
               else _("Day off {day} added: {name}."))
    print(message.format(day=i18n.format_date(day.date), name=day.name))
    return 0


def cmd_daysoff_remove(args) -> int:
    from .planning import remove_org_day

    with _open(args) as store:
        day = remove_org_day(store, args.date)
    print(_("{day} removed from the organisation's list ({name}).").format(
        day=i18n.format_date(day.date), name=day.name))
    return 0


def cmd_points_import(args) -> int:
    from .ehandbook import commit_points, preview_points
    from .importing import ImportFileError

    with _open(args) as store:
        try:
            preview = preview_points(store, args.file, args.year)
        except ImportFileError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        for p in preview.problems:
            print(_("Row {row}, column “{column}”: {reason}").format(
                row=p.row, column=p.column, reason=p.reason))
        valid = len(preview.valid)
        replaced = sum(r.record.replaces is not None for r in preview.valid)
        if args.dry_run:
            print(_("{valid} of {total} rows are valid; nothing was written (--dry-run).").format(
                valid=valid, total=len(preview.rows)))
            if replaced:
                print(_("{count} of them would replace points already recorded.").format(
                    count=replaced))
            return 0 if not preview.problems else 1
        count = commit_points(store, preview)
        print(_("{count} points entries imported ({replaced} replaced earlier values); "
                "{skipped} rows skipped.").format(count=count, replaced=replaced,
                                                 skipped=len(preview.rows) - count))
        return 0 if not preview.problems else 1


def _read_passphrase(path) -> str:
    """The passphrase is the file's first line (its line break dropped); never stored."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(_("Cannot read the passphrase file {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from exc
    lines = text.splitlines()
    return lines[0] if lines else ""


def _write_out(path, data: bytes) -> None:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def cmd_keys_new(args) -> int:
    import os

    from .documents.keys import SigningError
    from .meeting_docs import format_fingerprint, make_local_key
    from .store import open_store

    passphrase = _read_passphrase(args.passphrase_file)
    # The fingerprint is recorded in the cell's file when there is one; none is created for it.
    named = getattr(args, "db", None) or os.environ.get("CHIBO_DB")
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


_DOC_LABELS = {"minutes": N_("Minutes"), "resolution": N_("Resolution or conclusion"),
               "topic": N_("Topic document")}


def _cmd_meeting_document(args, kind: str) -> int:
    """Write a meeting's document: the stored one of a finalised meeting (signed first with
    --sign), or a draft rendered with its "DỰ THẢO" mark."""
    from . import meeting_docs, meetings
    from .documents.keys import SigningError

    with _open(args) as store:
        try:
            record = meetings.meeting_record(store, args.id)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
        try:
            if record["status"] != "finalised":
                if args.sign:
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
                if args.sign:
                    if not args.passphrase_file:
                        raise ValueError(_("Give the key file's passphrase with "
                                           "--passphrase-file."))
                    from .documents.signing import KeyFileSigner

                    signer = KeyFileSigner(args.sign, _read_passphrase(args.passphrase_file))
                    doc = meeting_docs.sign_document(store, args.id, kind, args.field, signer,
                                                     document_id=doc["id"])
                data = meeting_docs.document_bytes(store, doc["id"])
        except SigningError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    _write_out(args.out, data)
    print(_("{document} written to {path}.").format(document=_(_DOC_LABELS[kind]), path=args.out))
    if args.sign:
        print(_("Signed by {name} ({role}).").format(name=doc["signer"], role=doc["signer_role"]))
    return 0


def cmd_minutes(args) -> int:
    return _cmd_meeting_document(args, "minutes")


def cmd_resolution(args) -> int:
    return _cmd_meeting_document(args, "resolution")


def cmd_topic(args) -> int:
    return _cmd_meeting_document(args, "topic")


def cmd_plan_pdf(args) -> int:
    from .meeting_docs import render_plan

    with _open(args) as store:
        data = render_plan(store, args.year)
    _write_out(args.out, data)
    print(_("The thematic meeting plan of {year} written to {path}.").format(
        year=args.year, path=args.out))
    return 0


def cmd_verify(args) -> int:
    from .documents.verify import verify_pdf

    trusted = list(args.trust or [])
    if getattr(args, "db", None):  # the keys this cell made are trusted with its own file
        from .meeting_docs import local_keys
        from .store import open_store

        with open_store(Path(args.db).expanduser(), create=False) as store:
            trusted += [k["fingerprint"] for k in local_keys(store)]
    result = verify_pdf(args.file, trusted_certs=trusted or None)
    print(result.report())
    return 0 if result.ok else 1


# --- exchange: export, reports, the party office ----------------------------------------------


def cmd_export(args) -> int:
    from .exchange.export import export_status

    with _open(args) as store:
        if args.status:
            states = export_status(store)
            if args.json:
                _print_json([s.to_json() for s in states])
                return 0
            labels = {"new": _("new"), "amended": _("corrected"), "exported": _("exported")}
            for st in states:
                print(f"{st.date}	{st.kind}	v{st.version}	{labels[st.state]}	"
                      f"{st.exported_at or ''}	{st.meeting_id}")
            return 0
        if not args.out or not args.sign or not args.passphrase_file:
            print(_("Give --out, --sign and --passphrase-file (or --status)."), file=sys.stderr)
            return 2
        if not args.meeting and not args.all_new:
            print(_("Choose --meeting ID or --all-new."), file=sys.stderr)
            return 2
        passphrase = _read_passphrase(args.passphrase_file)
        from .documents.keys import SigningError
        from .exchange.export import export_many

        try:
            ids = [args.meeting] if args.meeting else [
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
        _print_json([{"path": str(r.path), "meeting_id": r.meeting_id, "version": r.version,
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


def _print_evaluations(evaluations) -> None:
    for e in evaluations:
        print(f"{e.cell.get('name', '')} — {e.year}: "
              + (_("meets the model-cell criteria") if e.met
                 else _("does not meet every model-cell criterion")))
        for c in e.criteria:
            print(f"  [{'x' if c.met else ' '}] {c.name}: {c.evidence}")


def _write_reports(args, evaluations_vi, issuer, sign_lines, signer, options=None) -> None:
    from .exchange.report import write_pdf, write_xlsx

    if args.pdf:
        write_pdf(evaluations_vi, args.pdf, year=args.year, issuer=issuer,
                  sign_lines=sign_lines, signer_name=signer, options=options)
    if args.xlsx:
        write_xlsx(evaluations_vi, args.xlsx)


def cmd_report(args) -> int:
    from .exchange.report import evaluate_own_year

    with _open(args) as store:
        import datetime as dt

        today = dt.date.today()
        evaluation = evaluate_own_year(store, args.year, today=today)
        vi = evaluate_own_year(store, args.year, today=today, lang="vi")
    if args.json:
        _print_json(evaluation.to_json())
    else:
        _print_evaluations([evaluation])
    cell = vi.cell
    _write_reports(args, [vi], cell, None, (evaluation.cell or {}).get("secretary"))
    return 0


def _office(args):
    from .exchange.office import open_office

    return open_office(args.office_db)


def _confirm_on_terminal(args):
    if args.json or not sys.stdin.isatty():
        return None

    def confirm(cell: str, fingerprint: str) -> bool:
        answer = input(_("Trust the certificate of {cell}, SHA-256 {fingerprint}? [y/N] ").format(
            cell=cell, fingerprint=fingerprint))
        return answer.strip().lower() in ("y", "yes", "c", "có", "co")
    return confirm


_IMPORT_LABELS = {"imported": N_("imported"), "duplicate": N_("duplicate"),
                  "superseded": N_("superseded"), "rejected": N_("rejected")}


def cmd_office_import(args) -> int:
    from .exchange.office import import_folder

    with _office(args) as office:
        results = import_folder(office, args.folder, trust_new=args.trust_new,
                                confirm=_confirm_on_terminal(args))
    if args.json:
        _print_json([r.to_json() for r in results])
    else:
        for r in results:
            print(f"{_(_IMPORT_LABELS[r.status])}\t{r.path.name}\t{r.reason}".rstrip())
            if r.new_certificate:
                print("  " + _("New certificate trusted for {cell}: SHA-256 {fingerprint}").format(
                    cell=r.cell_name, fingerprint=r.fingerprint))
    return 1 if any(r.status == "rejected" for r in results) else 0


def cmd_office_trust(args) -> int:
    from .exchange.office import BundleError, trust_file

    with _office(args) as office:
        try:
            result = trust_file(office, args.file)
        except BundleError as exc:
            print(_("Not trusted: {reason}").format(reason=exc), file=sys.stderr)
            return 2
    if result.cell_name:
        print(_("Certificate of {cell} trusted: {subject}, SHA-256 {fingerprint}").format(
            cell=result.cell_name, subject=result.subject, fingerprint=result.fingerprint))
    else:
        print(_("Certificate trusted: {subject}, SHA-256 {fingerprint}").format(
            subject=result.subject, fingerprint=result.fingerprint))
    return 0


def cmd_office_cells(args) -> int:
    from .exchange.office import list_cells

    with _office(args) as office:
        cells = list_cells(office)
    if args.json:
        _print_json(cells)
        return 0
    for c in cells:
        print(f"{c['name']}\t{c['meetings']}\t{c['last_export'] or ''}\t{c['id']}\t"
              f"{' '.join(c['fingerprints'])}")
    return 0


def cmd_office_dashboard(args) -> int:
    from .exchange.office import dashboard

    with _office(args) as office:
        data = dashboard(office, args.year)
    _print_json(data.to_json())
    return 0


def cmd_office_report(args) -> int:
    from .exchange.office import evaluate_cell, list_cells

    with _office(args) as office:
        cells = list_cells(office)
        ids = [c["id"] for c in cells]
        if args.cell:
            if args.cell not in ids:
                print(_("No cell with id {id} in the office's records.").format(id=args.cell),
                      file=sys.stderr)
                return 2
            ids = [args.cell]
        import datetime as dt

        today = dt.date.today()
        evaluations = [evaluate_cell(office, cid, args.year, today=today) for cid in ids]
        vi = [evaluate_cell(office, cid, args.year, today=today, lang="vi") for cid in ids]
    if args.json:
        _print_json([e.to_json() for e in evaluations])
    else:
        _print_evaluations(evaluations)
    first = next((c for c in cells if c["id"] in ids), {})
    issuer = {"parent_org": first.get("parent_org") or "",
              "name": first.get("upper_committee") or "", "place_name":
              (vi[0].cell.get("place_name") if vi else "") or ""}
    from .documents.layout import DocOptions

    _write_reports(args, vi, issuer, ["VĂN PHÒNG ĐẢNG ỦY"], None,
                   DocOptions(number_pattern="{n:02d}-BC/VPĐU"))
    return 0


# --- parser --------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chibo", description=_(
        "chibo: records and meetings of a Party cell. Without a verb it opens the desktop app."))
    parser.add_argument("--version", action="version", version=f"chibo {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--db", metavar="PATH", help=_("the cell's data file"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language (vi or en)"))
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("the cell's data file"))
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    p = sub.add_parser("demo", parents=[common], help=_("create the demo cell in an empty file"))
    p.set_defaults(func=cmd_demo)

    members = sub.add_parser("members", help=_("list or import members"))
    msub = members.add_subparsers(dest="members_verb", metavar="ACTION", required=True)
    p = msub.add_parser("list", parents=[common], help=_("list members in Vietnamese order"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_members_list)
    p = msub.add_parser("import", parents=[common], help=_("import members from CSV or XLSX"))
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help=_("check the file, write nothing"))
    p.set_defaults(func=cmd_members_import)

    meeting = sub.add_parser("meeting", help=_("list or show meetings"))
    msub = meeting.add_subparsers(dest="meeting_verb", metavar="ACTION", required=True)
    p = msub.add_parser("list", parents=[common], help=_("list the meetings"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_meeting_list)
    p = msub.add_parser("show", parents=[common], help=_("print one meeting's full record"))
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help=_("print JSON (the default)"))
    p.set_defaults(func=cmd_meeting_show)

    p = sub.add_parser("backup", parents=[common], help=_("make a backup now"))
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("backups", parents=[common], help=_("list the backups"))
    p.set_defaults(func=cmd_backups)
    p = sub.add_parser("restore", parents=[common], help=_("restore a backup"))
    p.add_argument("backup")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("schedule", parents=[common],
                       help=_("the year's regular meeting days (the cell's days off with --db)"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_schedule)

    daysoff = sub.add_parser("daysoff", help=_("the organisation's days off and make-up working days"))
    dsub = daysoff.add_subparsers(dest="daysoff_verb", metavar="ACTION", required=True)
    p = dsub.add_parser("list", parents=[common],
                        help=_("list a year's public holidays and the organisation's days"))
    p.add_argument("--year", type=int, help=_("the year (default: this year)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_daysoff_list)
    p = dsub.add_parser("add", parents=[common], help=_("add a day off or a make-up working day"))
    p.add_argument("date", help=_("the date (dd/mm/yyyy)"))
    p.add_argument("--reason", required=True, help=_("the name or reason of the day"))
    p.add_argument("--working", action="store_true", help=_("a make-up working day"))
    p.set_defaults(func=cmd_daysoff_add)
    p = dsub.add_parser("remove", parents=[common], help=_("remove one of the organisation's days"))
    p.add_argument("date", help=_("the date (dd/mm/yyyy)"))
    p.set_defaults(func=cmd_daysoff_remove)

    points = sub.add_parser("points", help=_("monthly e-handbook points"))
    psub = points.add_subparsers(dest="points_verb", metavar="ACTION", required=True)
    p = psub.add_parser("import", parents=[common],
                        help=_("import points from CSV or XLSX (member, month, points)"))
    p.add_argument("file")
    p.add_argument("--year", type=int, help=_("the year of months given as 1–12"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file, write nothing"))
    p.set_defaults(func=cmd_points_import)

    keys = sub.add_parser("keys", help=_("signing keys"))
    ksub = keys.add_subparsers(dest="keys_verb", metavar="ACTION", required=True)
    p = ksub.add_parser("new", parents=[common], help=_(
        "make a local signing key (PKCS#12 file) and print its fingerprint"))
    p.add_argument("--name", required=True, help=_("the signer's full name"))
    p.add_argument("--out", required=True, metavar="FILE.p12", help=_("the key file to create"))
    p.add_argument("--passphrase-file", required=True, metavar="FILE",
                   help=_("a file whose first line is the key file's passphrase"))
    p.add_argument("--organisation", help=_("the organisation in the certificate"))
    p.set_defaults(func=cmd_keys_new)

    for verb, func, what in (
            ("minutes", cmd_minutes, N_("write a meeting's minutes as PDF")),
            ("resolution", cmd_resolution, N_("write a meeting's resolution or conclusion as PDF")),
            ("topic", cmd_topic, N_("write a thematic meeting's topic document as PDF"))):
        p = sub.add_parser(verb, parents=[common], help=_(what))
        p.add_argument("id", metavar="MEETING_ID")
        p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
        p.add_argument("--sign", metavar="FILE.p12",
                       help=_("sign with this key file first (a finalised meeting only)"))
        p.add_argument("--passphrase-file", metavar="FILE",
                       help=_("a file whose first line is the key file's passphrase"))
        p.add_argument("--field", help=_("the signature field to sign (default: the next one)"))
        p.set_defaults(func=func)

    p = sub.add_parser("plan-pdf", parents=[common], help=_(
        "write the year's thematic meeting plan as PDF"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    p.set_defaults(func=cmd_plan_pdf)

    p = sub.add_parser("verify", parents=[common], help=_(
        "check the digital signatures of a PDF (exit status 0 only when intact and valid; "
        "with --db the keys made for the cell are trusted)"))
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--trust", action="append", metavar="FINGERPRINT_OR_CERT",
                   help=_("a trusted signer or root: SHA-256 fingerprint or certificate file "
                          "(repeatable)"))
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("export", parents=[common],
                       help=_("export signed meeting bundles for the party office"))
    p.add_argument("--out", metavar="DIR", help=_("the target folder (e.g. a USB stick)"))
    p.add_argument("--meeting", metavar="ID", help=_("one finalised meeting version"))
    p.add_argument("--all-new", action="store_true",
                   help=_("every meeting new or corrected since the last export"))
    p.add_argument("--sign", metavar="FILE.p12", help=_("the signing key file (PKCS#12)"))
    p.add_argument("--passphrase-file", metavar="FILE",
                   help=_("a file whose first line is the key file's passphrase"))
    p.add_argument("--status", action="store_true",
                   help=_("show what is new or corrected since the last export"))
    p.add_argument("--allow-unsigned", action="store_true",
                   help=_("also export meetings whose stored minutes are not signed yet "
                          "(otherwise such a meeting is refused and the exit code is 3)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", parents=[common],
                       help=_("the cell's model-cell evaluation of a year"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--pdf", metavar="FILE", help=_("write the report as PDF"))
    p.add_argument("--xlsx", metavar="FILE", help=_("write the report as XLSX"))
    p.set_defaults(func=cmd_report)

    office_common = argparse.ArgumentParser(add_help=False)
    office_common.add_argument("--db", dest="office_db", metavar="PATH",
                               help=_("the party office's data file (CHIBO_OFFICE_DB)"))
    office = sub.add_parser("office", help=_("the party office console"))
    osub = office.add_subparsers(dest="office_verb", metavar="ACTION", required=True)
    p = osub.add_parser("import", parents=[office_common],
                        help=_("import a folder of bundles, checking each"))
    p.add_argument("folder")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--trust-new", action="store_true",
                   help=_("accept every new cell's first certificate (fingerprints printed)"))
    p.set_defaults(func=cmd_office_import)
    p = osub.add_parser("trust", parents=[office_common],
                        help=_("trust the certificate of a bundle or a certificate file"))
    p.add_argument("file")
    p.set_defaults(func=cmd_office_trust)
    p = osub.add_parser("cells", parents=[office_common], help=_("list the cells imported"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_office_cells)
    p = osub.add_parser("dashboard", parents=[office_common],
                        help=_("cells × months of a year, as JSON"))
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(func=cmd_office_dashboard)
    p = osub.add_parser("report", parents=[office_common],
                        help=_("model-cell evaluation of the cells for a year"))
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--cell", metavar="ID", help=_("only this cell"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--pdf", metavar="FILE", help=_("write the report as PDF"))
    p.add_argument("--xlsx", metavar="FILE", help=_("write the report as XLSX"))
    p.set_defaults(func=cmd_office_report)
    return parser


# argparse's own texts (it looks its ``_`` up at call time), so that help and errors read
# in the UI language too.
_ARGPARSE_TEXTS = {
    "usage: ": N_("usage: "),
    "positional arguments": N_("positional arguments"),
    "options": N_("options"),
    "show this help message and exit": N_("show this help message and exit"),
    "show program's version number and exit": N_("show program's version number and exit"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: error: %(message)s\n"),
    "invalid choice: %(value)r (choose from %(choices)s)":
        N_("invalid choice: %(value)r (choose from %(choices)s)"),
    "the following arguments are required: %s": N_("the following arguments are required: %s"),
    "unrecognized arguments: %s": N_("unrecognized arguments: %s"),
    "expected one argument": N_("expected one argument"),
    "argument %(argument_name)s: %(message)s": N_("argument %(argument_name)s: %(message)s"),
    "invalid %(type)s value: %(value)r": N_("invalid %(type)s value: %(value)r"),
}


def _apply_language(lang: str | None) -> None:
    from .settings import load_settings

    i18n.set_language(lang or load_settings().language)
    argparse._ = lambda text: _(_ARGPARSE_TEXTS[text]) if text in _ARGPARSE_TEXTS else text


def _gui_only(argv: list[str]) -> argparse.Namespace | None:
    """The options when ``argv`` only opens the app (nothing, ``--db``, ``--lang``), else
    ``None``. Spares the start of the app building the whole parser with its translated help."""
    gui = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    gui.add_argument("--db")
    gui.add_argument("--lang", choices=i18n.LANGUAGES)
    try:
        args, rest = gui.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=i18n.LANGUAGES)
    known, _rest = pre.parse_known_args(argv)
    _apply_language(known.lang)
    gui_args = _gui_only(argv)
    args = gui_args or build_parser().parse_args(argv)
    if not getattr(args, "func", None):
        from ui.main import run_gui

        return run_gui(_db_path(args) if args.db else None, lang=args.lang)
    from .store import StoreError

    try:
        return args.func(args) or 0
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
