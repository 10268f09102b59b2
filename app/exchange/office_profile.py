"""The party office's own profile: who issues the office's documents and how they are signed.

Every office document (the model-cell evaluation report first) takes its header, number code,
signature block and recipients from here, never from a cell's data. Format per HD 36-HD/VPTW
(03/4/2018) §1.2 (issuer under the body above it) and §1.7.1 (T/M for a committee, T/L by
order); the seed plan 489-KH/ĐU (22/3/2024) signs "T/M ĐẢNG ỦY / BÍ THƯ" with the recipients
"Các đồng chí Đảng ủy viên; Các chi bộ; Lưu VPĐU".
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, fields

from app.i18n import N_, _

SIGN_MODES = ("tm", "tl")   # T/M (on behalf of a committee), T/L (by order)
DEFAULT_RECIPIENTS = ("Các đồng chí Đảng ủy viên", "Các chi bộ", "Lưu VPĐU")
MAX_TEXT = 200


@dataclass(frozen=True)
class OfficeProfile:
    issuer: str = ""              # "Đảng ủy Trường Đại học Y Dược Thái Bình"
    upper_body: str = ""          # "Đảng bộ Tỉnh Hưng Yên" (the đảng bộ above the issuer)
    place_name: str = ""          # the date line's place
    number_code: str = "ĐU"       # "01-BC/ĐU"
    sign_mode: str = "tm"         # "tm": T/M <sign_for> / <sign_title>; "tl": T/L …
    sign_for: str = "ĐẢNG ỦY"     # "ĐẢNG ỦY" or, by order, "BAN THƯỜNG VỤ"
    sign_title: str = "BÍ THƯ"    # "BÍ THƯ", "PHÓ BÍ THƯ", "CHÁNH VĂN PHÒNG"
    signer_name: str = ""
    recipients: tuple[str, ...] = field(default=DEFAULT_RECIPIENTS)

    def sign_lines(self) -> list[str]:
        mark = "T/M" if self.sign_mode == "tm" else "T/L"
        return [f"{mark} {self.sign_for.upper()}", self.sign_title.upper()]

    def number_pattern(self, type_code: str = "BC") -> str:
        return "{n:02d}-" + f"{type_code}/{self.number_code}"

    def issuer_block(self) -> dict:
        """The header's two left lines as the layout reads them from a cell-like dict."""
        return {"parent_org": self.upper_body, "name": self.issuer,
                "place_name": self.place_name}

    def missing(self) -> list[str]:
        """Fields a document cannot do without (codes: the field names)."""
        return [k for k in ("issuer", "upper_body", "place_name") if not getattr(self, k)]

    def to_json(self) -> dict:
        data = asdict(self)
        data["recipients"] = list(self.recipients)
        data["sign_lines"] = self.sign_lines()
        return data


class ProfileError(ValueError):
    """A value the profile cannot take: ``code`` and ``params`` (text made at the edges)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


FIELDS = tuple(f.name for f in fields(OfficeProfile))


def get_profile(office) -> OfficeProfile:
    row = office.db["office_profile"].get(1) if office.db["office_profile"].exists() else None
    if not row:
        return OfficeProfile()
    try:
        recipients = tuple(str(r) for r in json.loads(row.get("recipients") or "[]"))
    except (ValueError, TypeError):
        recipients = DEFAULT_RECIPIENTS
    values = {k: (row.get(k) or "") for k in FIELDS if k != "recipients"}
    if not values["issuer"] or not values["place_name"]:
        # Not set yet: the upper committee and place its cells name most often.
        common = office.db.execute(
            "select upper_committee, place_name, count(*) as n from cell "
            "where coalesce(upper_committee, '') != '' group by upper_committee "
            "order by n desc, upper_committee limit 1").fetchone()
        if common:
            values["issuer"] = values["issuer"] or common[0]
            values["place_name"] = values["place_name"] or (common[1] or "")
    return OfficeProfile(**values, recipients=recipients or DEFAULT_RECIPIENTS)


def _clean(key: str, value) -> object:
    if key == "recipients":
        if isinstance(value, str):
            value = [v for v in value.replace("\n", ";").split(";")]
        lines = tuple(" ".join(str(v).split()).rstrip(";.") for v in value)
        lines = tuple(v for v in lines if v)
        if not lines:
            raise ProfileError("recipients_empty")
        if any(len(v) > MAX_TEXT for v in lines):
            raise ProfileError("too_long", field=key, limit=MAX_TEXT)
        return lines
    text = " ".join(str(value or "").split())
    if len(text) > MAX_TEXT:
        raise ProfileError("too_long", field=key, limit=MAX_TEXT)
    if key == "sign_mode":
        text = text.lower().replace("/", "")
        if text not in SIGN_MODES:
            raise ProfileError("bad_sign_mode", value=value)
    if key == "number_code" and (not text or any(c in text for c in "/- ")):
        raise ProfileError("bad_number_code", value=value)
    return text


def set_profile(office, **changes) -> OfficeProfile:
    """Change some fields in one transaction; an unknown field or bad value changes nothing."""
    unknown = [k for k in changes if k not in FIELDS]
    if unknown:
        raise ProfileError("unknown_field", field=unknown[0])
    current = asdict(get_profile(office))
    current.update({k: _clean(k, v) for k, v in changes.items()})
    profile = OfficeProfile(**current)
    row = {k: v for k, v in asdict(profile).items() if k != "recipients"}
    row.update(id=1, recipients=json.dumps(list(profile.recipients), ensure_ascii=False),
               updated_at=dt.datetime.now().isoformat(timespec="seconds"))
    with office.atomic():
        office.db["office_profile"].upsert(row, pk="id")
    return profile


def report_arguments(profile: OfficeProfile, type_code: str = "BC") -> dict:
    """Keyword arguments of an office document builder: issuer, signature, recipients."""
    from app.documents.layout import DocOptions

    return {"issuer": profile.issuer_block(), "sign_lines": profile.sign_lines(),
            "signer_name": profile.signer_name or None,
            "options": DocOptions(number_pattern=profile.number_pattern(type_code),
                                  recipients=list(profile.recipients),
                                  on_behalf_of=profile.sign_for)}


FIELD_LABELS = {
    "issuer": N_("issuing body"), "upper_body": N_("upper party organisation"),
    "place_name": N_("place name"), "number_code": N_("number code"),
    "sign_mode": N_("signature mode (tm = T/M, tl = T/L)"), "sign_for": N_("on behalf of"),
    "sign_title": N_("signer's title"), "signer_name": N_("signer's name"),
    "recipients": N_("recipients"),
}


def profile_message(code: str, **params) -> str:
    """The text of a profile code (made at the edges: CLI and console)."""
    if "field" in params:
        params["field"] = _(FIELD_LABELS.get(params["field"], params["field"]))
    texts = {
        "missing": N_("The office profile lacks: {fields}. Set it with `chibo office profile "
                      "--set …` or in the office console."),
        "unknown_field": N_("The office profile has no field {field}."),
        "too_long": N_("{field}: at most {limit} characters."),
        "bad_sign_mode": N_("Signature mode must be tm (T/M) or tl (T/L), not {value}."),
        "bad_number_code": N_("The number code must be short text without '/', '-' or spaces "
                              "(e.g. ĐU), not {value}."),
        "recipients_empty": N_("The recipients list cannot be empty."),
    }
    if code == "missing":
        params["fields"] = ", ".join(_(FIELD_LABELS[f]) for f in params.get("fields", "").split(", ")
                                     if f in FIELD_LABELS)
    return _(texts.get(code, code)).format(**params)
