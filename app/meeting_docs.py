"""A meeting's documents as stored files: render, store when finalised, sign, read back.

``render_*`` build PDF bytes from the stored data (nothing is written). ``finalise_documents``
runs inside ``lifecycle.finalise``'s transaction: the final minutes (and the resolution or
conclusion when it has text) are stored content-addressed inside the database file
(``app.store.blobs``) with a ``document`` row each, so a meeting is never finalised
without its documents. A stored file is never changed: signing appends an incremental update
to a copy, stored as a new file with a new row that ``supersedes`` the one it signed. An
amended meeting version gets its own documents when it is finalised; the old ones stay.

Layout settings are cell settings (``meta``): ``document_margins_mm`` {top, bottom, left,
right} and ``number_pattern`` (shared with ``meetings.format_number``).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import meetings
from .documents.keys import (KeyFileError, MIN_PASSPHRASE_CHARS, SigningError, new_local_key,
                             passphrase_problem)
from .documents.layout import (
    FIELD_CHAIR, FIELD_DRAFTER, FIELD_MINUTE_TAKER, FIELD_SECRETARY, DocOptions,
)
from . import numbering
from .cell import (  # noqa: F401 (the mismatch setting is part of signing's API)
    document_format, get_cell, set_signer_mismatch_mode, signer_mismatch_mode,
)
from .i18n import _, translator
from .planning import check_year, plan_items
from .procedure.data import ProcedureError, load_procedure
from .rules.messages import render as render_message
from .rules.plan import TOPIC_GROUPS
from .store import Store, blobs, new_id
from .store.db import now_iso
from .vntext import nfc

if TYPE_CHECKING:
    from .documents.signing import Signer

KINDS = ("minutes", "resolution", "plan", "topic")
MARGINS_KEY = "document_margins_mm"
DEFAULT_MARGINS = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
DEFAULT_NUMBER_PATTERN = "{n:02d}-{kind}/CB"
LOCAL_KEYS_KEY = "local_keys"

# The signature fields each document carries, in signing order (the field names never change:
# signed files and bundles name them), with the HD 36 (2018) role as a fallback. The role a
# stamp prints is the one printed above the block (``signer_roles``, ``document_signers``).
SIGNERS = {
    "minutes": ((FIELD_MINUTE_TAKER, "THƯ KÝ"), (FIELD_CHAIR, "CHỦ TRÌ")),
    "resolution": ((FIELD_SECRETARY, "BÍ THƯ"),),
    "plan": ((FIELD_SECRETARY, "BÍ THƯ"),),
    "topic": ((FIELD_DRAFTER, "NGƯỜI XÂY DỰNG CHUYÊN ĐỀ"),),
}
_FILE_STEMS = {"minutes": "bien-ban", "resolution": "nghi-quyet", "conclusion": "ket-luan",
               "plan": "ke-hoach", "topic": "chuyen-de"}


# --- options from the cell's settings ---------------------------------------------------------

def doc_options(store: Store, code: str = "BB", **overrides: Any) -> DocOptions:
    """DocOptions with the cell's margins and number pattern (``code``: BB, NQ, KL, KH)."""
    profile = document_format(store)
    pattern = store.get_setting("number_pattern", DEFAULT_NUMBER_PATTERN)
    values: dict[str, Any] = dict(number_pattern=pattern.replace("{kind}", code))
    # The cell's own margins, when set, win over the profile's.
    margins = store.get_setting(MARGINS_KEY, {}) or {}
    for side in ("top", "bottom", "left", "right"):
        if side in margins:
            values[f"margin_{side}_mm"] = float(margins[side])
    values.update(overrides)
    return DocOptions.for_profile(profile, **values)


def set_margins(store: Store, top: float, bottom: float, left: float, right: float) -> None:
    for value in (top, bottom, left, right):
        if not 5 <= float(value) <= 50:
            raise ValueError(_("Page margins must be between 5 and 50 mm."))
    store.set_setting(MARGINS_KEY, {"top": float(top), "bottom": float(bottom),
                                    "left": float(left), "right": float(right)})


def _numbered(store: Store, meeting_id: str, code: str, options: DocOptions | None) -> DocOptions:
    """The cell's options with the meeting's number of this type: the minutes' own (BB), the
    resolution's or conclusion's from the register (NQ/KL; none until it is issued)."""
    if options is not None:
        return options
    row = meetings._row(store, meeting_id)
    raw = row["number"] if code == "BB" else numbering.issued(store, code, row["series_id"])
    return doc_options(store, code, number=meetings.format_number(store, raw, kind=code))


# --- rendering (nothing stored) ---------------------------------------------------------------

def _group_vi(group_id: str | None) -> str:
    """A topic group's name in Vietnamese whatever the UI language (Party documents are)."""
    for group in TOPIC_GROUPS:
        if group.id == group_id:
            return translator("vi")(group.name)
    return group_id or ""


def document_record(store: Store, meeting_id: str) -> dict:
    """The meeting record with what a document prints in Vietnamese whatever the UI language."""
    record = meetings.meeting_record(store, meeting_id)
    if record.get("topic"):
        record["topic"]["group"] = _group_vi(record["topic"].get("group_id"))
    row = meetings._row(store, meeting_id)
    # Those present, full and probationary members apart.
    statuses = {r["name"]: r["party_status"] for r in meetings.roll(store, meeting_id)}
    attendance = record.get("attendance") or {}
    present = attendance.get("present_names") or []
    attendance["present_full"] = sum(statuses.get(n) == "full" for n in present)
    attendance["present_probationary"] = sum(statuses.get(n) == "probationary" for n in present)
    # The rubric's source document, by name (the score keeps a full copy of its rubric).
    rubric = row["rubric"] if isinstance(row["rubric"], dict) else {}
    if record.get("score") and rubric:
        record["score"]["rubric"] = {**(record["score"].get("rubric") or {}),
                                     "name": rubric.get("name"),
                                     "document": rubric.get("document")}
    # Who signs the resolution or conclusion for the cell.
    role = meetings.resolution_signer(store, meeting_id)
    cell = record.get("cell") or {}
    record["resolution"]["signer_role"] = role
    record["resolution"]["signer"] = cell.get("deputy" if role == "deputy" else "secretary")
    # A meeting without an agenda prints its procedure's default one.
    if not record.get("agenda") and record.get("procedure"):
        try:
            procedure = load_procedure(record["procedure"])
        except (OSError, ValueError, KeyError, ProcedureError):
            procedure = None
        if procedure:
            record["agenda"] = [{"id": h.id, "title": h.label("vi"), "conclusion": ""}
                                for h in procedure.agenda]
    return record


def render_minutes(store: Store, meeting_id: str, options: DocOptions | None = None) -> bytes:
    """The minutes of a regular or thematic meeting (a draft carries the "DỰ THẢO" mark)."""
    from .documents.minutes import build_minutes

    record = document_record(store, meeting_id)
    return build_minutes(record, _numbered(store, meeting_id, "BB", options))


def resolution_code(record: dict) -> str:
    return "NQ" if (record.get("resolution") or {}).get("type") == "resolution" else "KL"


def has_resolution(record: dict) -> bool:
    return bool(((record.get("resolution") or {}).get("text") or "").strip())


def render_resolution(store: Store, meeting_id: str, options: DocOptions | None = None) -> bytes:
    """The meeting's resolution (NGHỊ QUYẾT) or conclusion (KẾT LUẬN)."""
    from .documents.resolution import build_resolution

    record = document_record(store, meeting_id)
    if not has_resolution(record):
        raise ValueError(_("This meeting has no resolution or conclusion text."))
    return build_resolution(record, _numbered(store, meeting_id, resolution_code(record), options))


PLAN_SERIES = "plan-{year}"      # the register's series of a year's thematic plan


def plan_number(store: Store, year: int) -> dict | None:
    """The issued number of the year's plan ({"number", "day"}), or None (still a draft)."""
    rows = store.rows("select n, day from doc_number where code = 'KH' and series_id = ?",
                      [PLAN_SERIES.format(year=year)])
    if not rows:
        return None
    return {"number": meetings.format_number(store, rows[0]["n"], kind="KH"),
            "day": dt.date.fromisoformat(rows[0]["day"])}


def issue_plan(store: Store, year: int, day: dt.date) -> dict:
    """Give the year's plan its KH number, dated ``day`` (the date it is issued on)."""
    check_year(year)
    if not plan_data(store, year, day)["items"]:
        raise ValueError(_("The plan of {year} has no thematic meeting yet.").format(year=year))
    with store.atomic():
        numbering.issue(store, "KH", day, series_id=PLAN_SERIES.format(year=year),
                        subject=f"plan {year}")
    return plan_number(store, year)


def plan_data(store: Store, year: int, day: dt.date | None = None) -> dict:
    """The input of the year's thematic plan document: every thematic item not cancelled, and
    the thematic meetings held outside the plan. Numbered and dated as issued; before that a
    draft dated ``day`` (today)."""
    check_year(year)
    cell = get_cell(store)
    names = {r[0]: r[1] for r in store.conn.execute("select id, full_name from member")}
    plan = [i for i in plan_items(store, year) if i.kind == "thematic" and i.status != "cancelled"]
    items = [{"quarter": i.quarter, "planned_date": i.planned_date.isoformat()
              if i.planned_date else None, "title": i.title,
              "group": _group_vi(i.topic_group),
              "drafter": names.get(i.drafter_id, ""), "combined": i.combined} for i in plan]
    linked = {i.id for i in plan} | {i.meeting_id for i in plan if i.meeting_id}
    for m in store.rows("select id, series_id, date, topic, sitting_id from meeting m where "
                        "kind = 'thematic' and year = ? and not exists (select 1 from meeting n "
                        "where n.amends = m.id)", [year]):
        topic = json.loads(m["topic"]) if m["topic"] else {}
        if topic.get("plan_item_id") in linked or m["id"] in linked:
            continue
        day_m = dt.date.fromisoformat(m["date"])
        items.append({"quarter": (day_m.month - 1) // 3 + 1, "planned_date": m["date"],
                      "title": topic.get("title") or "", "group": _group_vi(topic.get("group")),
                      "drafter": names.get(topic.get("drafter_id"), ""),
                      "combined": bool(m["sitting_id"])})
    secretary = names.get(cell.secretary_id, "") if cell else ""
    deputy = names.get(cell.deputy_id, "") if cell else ""
    issued = plan_number(store, year)
    return {"cell": {"name": cell.name if cell else "", "parent_org": cell.parent_org if cell else "",
                     "upper_committee": cell.upper_committee if cell else "",
                     "place_name": cell.place_name if cell else "",
                     "has_committee": bool(cell and cell.has_committee),
                     "secretary": secretary, "deputy": deputy},
            "year": year, "items": items,
            "status": "finalised" if issued else "draft",
            "number": issued["number"] if issued else None,
            "date": (issued["day"] if issued else (day or dt.date.today())).isoformat()}


def render_plan(store: Store, year: int, options: DocOptions | None = None,
                day: dt.date | None = None) -> bytes:
    """The year's thematic meeting plan (KẾ HOẠCH SINH HOẠT CHUYÊN ĐỀ): numbered and dated as
    issued (``issue_plan``); before that a "DỰ THẢO" dated ``day`` (today)."""
    from .documents.plan_pdf import build_plan

    plan = plan_data(store, year, day)
    if not plan["items"]:
        raise ValueError(_("The plan of {year} has no thematic meeting yet.").format(year=year))
    return build_plan(plan, options or doc_options(store, "KH"))


def plan_warnings(store: Store, year: int) -> list[int]:
    """The quarters of the year's plan without a thematic topic (one a quarter is due)."""
    have = {int(i.get("quarter") or 0) for i in plan_data(store, year)["items"]}
    return [q for q in range(1, 5) if q not in have]


def topic_version(store: Store, meeting_id: str) -> tuple[dict, str]:
    """(version, text): the topic's final version, else its newest draft version."""
    record = meetings.meeting_record(store, meeting_id)
    if record["kind"] != "thematic":
        raise ValueError(_("Only a thematic meeting has a topic document."))
    versions = (record.get("topic") or {}).get("versions") or []
    if not versions:
        raise ValueError(_("The topic has no version yet: type or attach the draft first."))
    finals = [v for v in versions if v.get("final")]
    version = (finals or versions)[-1]
    if Path(version.get("name") or "").suffix.lower() not in ("", ".txt", ".md"):
        raise ValueError(_("The topic version {name} is an attached file; the topic document is "
                           "made from a typed version.").format(name=version["name"]))
    try:
        text = meetings.attachment_bytes(store, version["sha256"]).decode("utf-8")
    except KeyError as exc:
        raise ValueError(_("Cannot read the topic version {name}: {error}").format(
            name=version.get("name"), error=_("it is not in the data file"))) from exc
    except blobs.BlobChangedError as exc:
        raise ValueError(_("Cannot read the topic version {name}: {error}").format(
            name=version.get("name"), error=_("its bytes no longer match their SHA-256"))) from exc
    except ValueError as exc:   # not UTF-8 text
        raise ValueError(_("Cannot read the topic version {name}: {error}").format(
            name=version.get("name"), error=exc)) from exc
    return version, text


def render_topic(store: Store, meeting_id: str, options: DocOptions | None = None) -> bytes:
    """The topic document (chuyên đề) with its cover, from the topic's final version text; a
    draft version gives a document marked "DỰ THẢO". Like the minutes it carries its binding to
    this meeting (id, version, digest of the record), which the office checks at import."""
    from .documents.topic import build_topic

    record = document_record(store, meeting_id)
    version, text = topic_version(store, meeting_id)
    topic = record["topic"]
    return build_topic({"cell": record["cell"], "title": topic["title"], "group": topic["group"],
                        "drafter": topic["drafter"], "body": text,
                        "date": version.get("date") or record["date"],
                        "status": "finalised" if version.get("final") else "draft",
                        "record": record},
                       options or doc_options(store))


_RENDER = {"minutes": render_minutes, "resolution": render_resolution, "topic": render_topic}


def render(store: Store, meeting_id: str, kind: str, options: DocOptions | None = None) -> bytes:
    if kind not in _RENDER:
        raise ValueError(kind)
    return _RENDER[kind](store, meeting_id, options)


# --- storage ----------------------------------------------------------------------------------

def _file_name(kind: str, record: dict | None, year: int | None, signed: bool) -> str:
    stem = _FILE_STEMS["conclusion" if kind == "resolution" and record
                      and resolution_code(record) == "KL" else kind]
    if record:
        stem += f"-{record['date']}"
        if int(record.get("version") or 1) > 1:
            stem += f"-sua-doi-{int(record['version']) - 1}"
    elif year:
        stem += f"-{year}"
    return stem + ("-ky-so" if signed else "") + ".pdf"


def _store_document(store: Store, data: bytes, *, kind: str, record: dict | None = None,
                    year: int | None = None, number: str | None = None,
                    supersedes: dict | None = None, signature: dict | None = None,
                    source: str | None = None) -> dict:
    row = {
        "id": new_id(), "meeting_id": record["id"] if record else None, "kind": kind,
        "year": int(record["date"][:4]) if record else year,
        "version": record.get("version") if record else None, "number": number,
        "name": _file_name(kind, record, year, signed=bool(signature)),
        "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "created_at": now_iso(),
        "signed": int(bool(signature) or bool(supersedes and supersedes["signed"])),
        "supersedes": supersedes["id"] if supersedes else None,
        "source_sha256": supersedes["source_sha256"] if supersedes else source,
        **{k: (supersedes or {}).get(k) for k in ("signer", "signer_fingerprint", "signer_role",
                                                  "signature_field", "signed_at")},
    }
    if supersedes:
        row.update({"meeting_id": supersedes["meeting_id"], "year": supersedes["year"],
                    "version": supersedes["version"], "number": supersedes["number"],
                    "name": supersedes["name"] if supersedes["signed"] else _signed_name(
                        supersedes["name"])})
    row.update(signature or {})
    with store.atomic():   # the bytes commit with the row that names them
        blobs.put_bytes(store, data)
        store.db["document"].insert(row)
    return row


def _signed_name(name: str) -> str:
    return name[:-4] + "-ky-so.pdf" if name.endswith(".pdf") else name + "-ky-so"


def finalise_documents(store: Store, meeting_id: str) -> list[dict]:
    """Render and store the finalised meeting's minutes, and its resolution or conclusion when
    it has text. Called by ``lifecycle.finalise`` inside its transaction; a kind already stored
    for this meeting version is not made again."""
    record = meetings.meeting_record(store, meeting_id)
    if record["status"] != "finalised":
        raise ValueError(_("Documents are stored when the meeting is finalised."))
    have = {r[0] for r in store.conn.execute(
        "select kind from document where meeting_id = ?", [meeting_id])}
    made = []
    wanted = ["minutes"] + (["resolution"] if has_resolution(record) else [])
    for kind in wanted:
        if kind in have:
            continue
        code = "BB" if kind == "minutes" else resolution_code(record)
        if code != "BB":
            # Its own number in the NQ or KL sequence (minutes never consume it).
            numbering.issue(store, code, dt.date.fromisoformat(record["date"]),
                            series_id=record["series_id"], meeting_id=meeting_id,
                            subject=record["kind"])
        options = _numbered(store, meeting_id, code, None)
        data = render(store, meeting_id, kind, options)
        made.append(_store_document(store, data, kind=kind, record=record,
                                    number=options.number))
    return made


def store_topic_document(store: Store, meeting_id: str) -> dict:
    """Store the topic document made from the final version (again only when that changed)."""
    version, _text = topic_version(store, meeting_id)
    if not version.get("final"):
        raise ValueError(_("Save the final version of the topic first."))
    for row in documents_for(store, meeting_id, "topic"):
        if row["source_sha256"] == version["sha256"] and row["current"]:
            return row
    return _store_document(store, render_topic(store, meeting_id), kind="topic",
                           record=meetings.meeting_record(store, meeting_id),
                           source=version["sha256"])


def documents_for(store: Store, meeting_id: str, kind: str | None = None) -> list[dict]:
    """The stored documents of one meeting version, oldest first; ``current`` is False for one
    superseded by a signed copy."""
    where, params = "meeting_id = ?", [meeting_id]
    if kind:
        where += " and kind = ?"
        params.append(kind)
    rows = [dict(r) for r in store.db["document"].rows_where(where, params,
                                                             order_by="created_at, rowid")]
    superseded = {r["supersedes"] for r in rows if r["supersedes"]}
    for r in rows:
        r["current"] = r["id"] not in superseded
        r["signed"] = bool(r["signed"])
    return rows


def current_document(store: Store, meeting_id: str, kind: str) -> dict | None:
    """The newest copy (signed when it was signed) of a meeting's minutes, resolution or topic."""
    rows = [r for r in documents_for(store, meeting_id, kind) if r["current"]]
    return rows[-1] if rows else None


def get_document(store: Store, document_id: str) -> dict:
    rows = [dict(r) for r in store.db["document"].rows_where("id = ?", [document_id])]
    if not rows:
        raise KeyError(_("No document with id {id}.").format(id=document_id))
    row = rows[0]
    row["signed"] = bool(row["signed"])
    row["current"] = not store.conn.execute(
        "select 1 from document where supersedes = ?", [document_id]).fetchone()
    return row


def document_bytes(store: Store, document_id: str) -> bytes:
    """The stored file, checked against its SHA-256."""
    return blobs.document_file(store, get_document(store, document_id))


# --- signing ----------------------------------------------------------------------------------



class SignerMismatch(SigningError):
    """The certificate names another person than the one printed under the block. ``code``:
    "reason_needed" (sign again with a reason) or "refused" (the cell's setting)."""

    def __init__(self, code: str, *, slot: str, role: str, printed: str, signer: str):
        self.code, self.slot, self.printed, self.signer = code, slot, printed, signer
        if code == "refused":
            text = _("The certificate is {signer}'s, but the block {role} is printed for "
                     "{printed}; this cell does not allow signing for someone else.")
        else:
            text = _("The certificate is {signer}'s, but the block {role} is printed for "
                     "{printed}; give a reason to sign anyway.")
        super().__init__(text.format(signer=signer, role=role, printed=printed))


def sign_document(store: Store, meeting_id: str, kind: str, slot: str | None, signer: Signer, *,
                  document_id: str | None = None, location: str | None = None,
                  mismatch_reason: str | None = None) -> dict:
    """Sign the stored ``kind`` document of a finalised meeting in ``slot``; the new row.

    The one path for every signer (key file, local key, USB token): the meeting must be
    finalised and not corrected since, the document stored and its file unchanged (with
    ``document_id``, still the copy the caller showed), ``slot`` one of the document's
    signature fields and still empty (None: the field printed with the signer's name, else
    the first empty one in signing order), and the certificate valid now and meant for
    signing. The signed file is the stored bytes plus an incremental update, stored as a new
    document that supersedes the signed one (which stays byte-identical).

    A certificate naming another person than the one printed under the block raises
    ``SignerMismatch``: "refused" per the cell's setting, else "reason_needed" until a
    ``mismatch_reason`` is given (stored with the signed row).
    """
    from .documents.signing import check_certificate, printed_names, signature_fields
    from .documents.verify import same_name

    meeting = meetings._row(store, meeting_id)
    if meeting["status"] != "finalised":
        raise SigningError(_("A draft meeting's document cannot be signed: finalise the "
                             "meeting first."))
    if store.conn.execute("select 1 from meeting where amends = ?", [meeting_id]).fetchone():
        raise SigningError(_("This meeting version was corrected; sign the documents of the "
                             "newest version."))
    if kind not in SIGNERS or kind == "plan":
        raise SigningError(_("This kind of document cannot be signed here: {kind}.").format(
            kind=kind))
    row = current_document(store, meeting_id, kind)
    if row is None:
        raise SigningError(_("This meeting has no stored document of this kind to sign."))
    if document_id is not None and document_id != row["id"]:
        raise SigningError(_("This copy was already signed; sign the newest copy of the "
                             "document."))
    data = document_bytes(store, row["id"])
    fields = signature_fields(data)
    roles = dict(document_signers(store, row, data))
    if slot is not None:
        if slot not in roles or slot not in fields:
            raise SigningError(_("The document has no signature block {slot}.").format(
                slot=slot))
        if fields[slot]:
            raise SigningError(_("The signature field {name} is already signed.").format(
                name=slot))
    try:
        cert = signer.certificate()
        check_certificate(cert)
        signer_name = _common_name(cert)
        if slot is None:
            slot = _next_field(store, row, fields, signer_name)
        printed = printed_names(data).get(slot, "")
        reason = nfc(" ".join((mismatch_reason or "").split()))
        mismatch = bool(printed) and not same_name(printed, signer_name)
        if mismatch and signer_mismatch_mode(store) == "refuse":
            raise SignerMismatch("refused", slot=slot, role=roles[slot], printed=printed,
                                 signer=signer_name)
        if mismatch and not reason:
            raise SignerMismatch("reason_needed", slot=slot, role=roles[slot],
                                 printed=printed, signer=signer_name)
        place = (meetings.meeting_record(store, meeting_id).get("cell") or {}).get("place_name")
        signed = signer.sign_pdf(data, field_name=slot, signer_role=roles[slot],
                                 location=location or place or None)
    finally:
        signer.close()
    from .documents.keys import certificate_fingerprint

    signature = {"signed": 1, "signer": signer_name,
                 "signer_fingerprint": certificate_fingerprint(cert),
                 "signer_role": roles[slot], "signature_field": slot, "signed_at": now_iso(),
                 "printed_name": printed or None,
                 "mismatch_reason": reason if mismatch else None}
    return _store_document(store, signed, kind=kind, supersedes=row, signature=signature)


def signer_roles(store: Store, meeting_id: str | None, kind: str) -> tuple[tuple[str, str], ...]:
    """(field, role) of a ``kind`` document in signing order, with the roles its blocks print
    under the cell's format profile: the minutes' two labels of the profile (HD 36: THƯ KÝ /
    CHỦ TRÌ; QĐ 399 / HD 05: NGƯỜI GHI BIÊN BẢN / CHỦ TRÌ), the resolution's "T/M CHI BỘ –
    BÍ THƯ" or "– PHÓ BÍ THƯ" (whoever signs it for the cell)."""
    from .documents.layout import ROLE_SEPARATOR

    profile = document_format(store)
    if kind == "minutes":
        return ((FIELD_MINUTE_TAKER, profile.minutes_sign_left),
                (FIELD_CHAIR, profile.minutes_sign_right))
    if kind in ("resolution", "plan"):
        deputy = (kind == "resolution" and meeting_id is not None
                  and meetings.resolution_signer(store, meeting_id) == "deputy")
        on_behalf = DocOptions().on_behalf_of.upper()
        return ((FIELD_SECRETARY, ROLE_SEPARATOR.join(
            (f"T/M {on_behalf}", "PHÓ BÍ THƯ" if deputy else "BÍ THƯ"))),)
    return SIGNERS.get(kind, ())


def document_signers(store: Store, row: dict,
                     data: bytes | None = None) -> tuple[tuple[str, str], ...]:
    """(field, role) of a stored document in signing order, each role as printed above its
    block in that file (older files, which do not record it: as ``signer_roles`` gives)."""
    from .documents.signing import block_roles

    if data is None:
        data = document_bytes(store, row["id"])
    printed = block_roles(data)
    fallback = dict(signer_roles(store, row.get("meeting_id"), row["kind"]))
    return tuple((name, printed.get(name) or fallback.get(name) or role)
                 for name, role in SIGNERS.get(row["kind"], ()))


def _common_name(cert) -> str:
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return nfc(names[0].value) if names else ""


def _next_field(store: Store, row: dict, fields: dict[str, bool], signer: str) -> str:
    """The unsigned field whose printed name is the signer's (the chair signs "CHỦ TRÌ"),
    else the first unsigned one in signing order."""
    free = [name for name, _role in SIGNERS.get(row["kind"], ()) if fields.get(name) is False]
    if not free:
        raise SigningError(_("Every signature field of this document is already signed."))
    if row["meeting_id"] and row["kind"] == "minutes":
        record = meetings.meeting_record(store, row["meeting_id"])
        people = {FIELD_CHAIR: record["chair"], FIELD_MINUTE_TAKER: record["minute_taker"]}
        for name in free:
            if people.get(name) and nfc(people[name]) == signer:
                return name
    return free[0]


# --- the signing queue (sign when online) ----------------------------------------------------

def signing_queue(store: Store, kind: str = "minutes", slot: str | None = None) -> list[dict]:
    """Stored documents waiting for a signature, oldest meeting first: the current ``kind``
    document of every finalised meeting version not corrected since, that carries no signature
    yet (with ``slot``: whose field ``slot`` is still empty). A query, not a table: signing a
    document takes it out of the queue, a failed signature leaves it there."""
    from .documents.signing import signature_fields

    if kind not in SIGNERS or kind == "plan":
        raise SigningError(_("This kind of document cannot be signed here: {kind}.").format(
            kind=kind))
    rows = store.conn.execute(
        "select id, date, kind, number from meeting m where status = 'finalised' and not "
        "exists (select 1 from meeting n where n.amends = m.id) order by date, id").fetchall()
    queue = []
    for meeting_id, date, meeting_kind, number in rows:
        doc = current_document(store, meeting_id, kind)
        if doc is None:
            continue
        fields = signature_fields(document_bytes(store, doc["id"]))
        free = [name for name, _role in SIGNERS[kind] if fields.get(name) is False]
        waiting = (slot in free) if slot else (not doc["signed"] and bool(free))
        if waiting:
            queue.append({"meeting_id": meeting_id, "date": date, "meeting_kind": meeting_kind,
                          "number": number, "kind": kind, "document_id": doc["id"],
                          "name": doc["name"], "free_slots": free})
    return queue


def sign_queue(store: Store, items: list[dict], make_signer, slot: str | None = None,
               on_result=None, mismatch_reason: str | None = None) -> list[dict]:
    """Sign each queued document with a fresh signer from ``make_signer()`` through
    ``sign_document`` (its checks, its one transaction per document). A failure is reported
    (``{"item", "error"}``) and the next document is tried: the failed one keeps its stored copy
    and stays in the queue. ``on_result(item, row_or_None, error_or_None)`` after each."""
    results = []
    for item in items:
        try:
            row = sign_document(store, item["meeting_id"], item["kind"], slot, make_signer(),
                                document_id=item["document_id"],
                                mismatch_reason=mismatch_reason)
        except SigningError as exc:
            results.append({"item": item, "row": None, "error": exc})
            if on_result:
                on_result(item, None, exc)
            if getattr(exc, "code", None) == "remote_cancelled":
                break
            continue
        results.append({"item": item, "row": row, "error": None})
        if on_result:
            on_result(item, row, None)
    return results


# --- local keys -------------------------------------------------------------------------------

def weak_passphrase(passphrase: str | bytes) -> str | None:
    """Why a passphrase chosen for a new key is refused, as the text to show (the rule is
    ``keys.passphrase_problem``), or None when it will do."""
    if isinstance(passphrase, bytes):
        passphrase = passphrase.decode("utf-8", "replace")
    if passphrase_problem(passphrase) is None:
        return None
    return render_message("passphrase_weak", {"n": MIN_PASSPHRASE_CHARS})


def make_local_key(store: Store | None, name: str, out_p12: str | Path,
                   passphrase: str | bytes, organisation: str | None = None) -> str:
    """Make a local key file (``keys.new_local_key``) and, with a store, record its name and
    fingerprint as a cell setting so it can be shown to the office. Nothing secret is stored.
    A weak passphrase (``weak_passphrase``) is refused before anything is written: the desktop
    dialogs and ``chibo keys new`` all come here."""
    weak = weak_passphrase(passphrase)
    if weak is not None:
        raise KeyFileError(weak)
    fingerprint = new_local_key(name, out_p12, passphrase, organisation=organisation)
    if store is not None:
        keys = list(store.get_setting(LOCAL_KEYS_KEY, []) or [])
        keys.append({"name": nfc(name), "fingerprint": fingerprint, "file": str(Path(out_p12).resolve()),
                     "created_at": now_iso()})
        store.set_setting(LOCAL_KEYS_KEY, keys)
    return fingerprint


def local_keys(store: Store) -> list[dict]:
    return list(store.get_setting(LOCAL_KEYS_KEY, []) or [])


def format_fingerprint(fingerprint: str) -> str:
    """'ab12…' -> 'AB:12:…' (the way the office reads it out)."""
    fp = fingerprint.upper()
    return ":".join(fp[i:i + 2] for i in range(0, len(fp), 2))
