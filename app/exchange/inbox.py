"""What the cell's home page and preparation step read of the office's inbox: the office key,
receipts not yet back, documents sent down. Plain SQL and nothing of the exchange stack, so the
desktop app's first window stays light; importing office bundles is ``app.exchange.downlink``."""
from __future__ import annotations

import json
import re

from app.i18n import N_, _
from app.store import Store

TRUST_KEY = "office.fingerprint"

# What the office may send down (the category is data the cell shows).
CATEGORIES = {"directive": N_("Directive"), "study": N_("Document to study"),
              "topic": N_("Topic material"), "evaluation": N_("Evaluation results"),
              "comment": N_("Comments")}
def normalise_fingerprint(text: str) -> str:
    fp = re.sub(r"[\s:]", "", text or "").lower()
    if not re.fullmatch(r"[0-9a-f]{64}", fp):
        raise ValueError(_("Not a SHA-256 fingerprint (64 hexadecimal digits): {value}").format(
            value=text))
    return fp


def trusted_office(store: Store) -> str | None:
    return store.get_setting(TRUST_KEY)


def trust_office(store: Store, fingerprint: str) -> str:
    fp = normalise_fingerprint(fingerprint)
    with store.atomic():
        store.set_setting(TRUST_KEY, fp)
    return fp


def receipts_by_bundle(store: Store) -> dict[str, dict]:
    out = {}
    for row in store.rows("select * from office_receipt"):   # the home page: no sqlite-utils
        row["params"] = json.loads(row["params"] or "{}")
        out[row["bundle_sha256"]] = row
    return out


def any_export(store: Store) -> bool:
    """Whether any bundle was ever exported (plain SQL, for the home page)."""
    return store.conn.execute("select 1 from export limit 1").fetchone() is not None


def not_received_rows(store: Store) -> list[dict]:
    """The newest finalised version of each meeting whose latest export has no receipt from
    the office (or a rejection) (``rejected``: the office's rendered rejection, or None). Plain
    SQL: the home page uses it and stays light."""
    rows = store.rows(
        "select m.id as meeting_id, m.kind, m.date, m.version, r.status, r.code, r.params "
        "from meeting m join export e on e.meeting_id = m.id and e.exported_at = (select "
        "max(x.exported_at) from export x where x.meeting_id = m.id) "
        "left join office_receipt r on r.bundle_sha256 = e.sha256 "
        "where m.status = 'finalised' and not exists (select 1 from meeting n where "
        "n.series_id = m.series_id and n.status = 'finalised' and n.version > m.version) "
        "and (r.status is null or r.status = 'rejected') order by m.date")
    for row in rows:
        row["rejected"] = (rejection_message(row["code"], json.loads(row["params"] or "{}"))
                           if row["status"] == "rejected" else None)
    return rows


def rejection_message(code: str, params: dict) -> str:
    """The office's rejection, rendered here (its own reason travels as ``params``)."""
    return _("rejected by the office: {reason}").format(reason=params.get("reason") or code)


def office_documents(store: Store, *, unused_only: bool = False) -> list[dict]:
    """Documents the office sent down, newest first."""
    sql = ("select id, category, title, file_name, sha256, size, sent_at, imported_at, "
           "used_in_meeting from office_document")
    if unused_only:
        sql += " where used_in_meeting is null"
    return store.rows(sql + " order by sent_at desc, position")


def category_label(category: str) -> str:
    return _(CATEGORIES.get(category, category))
