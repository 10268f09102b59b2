"""Format profiles of Party documents, shipped as data (resources/formats/*.toml).

A profile holds what differs between the format rules in force: page margins and sizes, the
number's prefix, the minutes' signature labels and the default recipient lists. The cell
chooses one (``app.cell.document_format``); each profile names its source document, and a
profile taken from secondary copies says so (``confirmed = false``).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from app import paths
from app.vntext import nfc

DEFAULT_FORMAT = "hd36-2018"


@dataclass(frozen=True)
class FormatProfile:
    id: str
    name: str
    source: str
    description: str
    confirmed: bool
    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 15.0
    body_size: float = 14.0
    title_size: float = 16.0
    number_prefix: str = "Số"
    minutes_sign_left: str = "THƯ KÝ"
    minutes_sign_right: str = "CHỦ TRÌ"
    recipients: dict = field(default_factory=dict)

    def recipient_lines(self, kind: str, upper: str) -> list[str]:
        """The default "Nơi nhận" lines of a document kind ("resolution", "plan")."""
        upper = nfc(upper or "Cấp ủy cấp trên")
        return [nfc(line.replace("{upper}", upper)) for line in self.recipients.get(kind, [])]


def _load(path) -> FormatProfile:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    page, number, minutes = data.get("page", {}), data.get("number", {}), data.get("minutes", {})
    return FormatProfile(
        id=data["id"], name=nfc(data["name"]), source=nfc(data["source"]),
        description=nfc(data["description"]), confirmed=bool(data.get("confirmed", False)),
        **{k: float(v) for k, v in page.items()},
        number_prefix=nfc(number.get("prefix", "Số")),
        minutes_sign_left=nfc(minutes.get("sign_left", "THƯ KÝ")),
        minutes_sign_right=nfc(minutes.get("sign_right", "CHỦ TRÌ")),
        recipients={k: list(v) for k, v in data.get("recipients", {}).items()})


@lru_cache(maxsize=1)
def format_profiles() -> dict[str, FormatProfile]:
    """The shipped profiles by id, oldest first."""
    out = {}
    for path in sorted((paths.resources() / "formats").glob("*.toml")):
        profile = _load(path)
        out[profile.id] = profile
    return out


def format_profile(profile_id: str | None) -> FormatProfile:
    """A profile by id; an unknown or empty id gives the default (HD 36, 2018)."""
    profiles = format_profiles()
    return profiles.get(profile_id or "", profiles[DEFAULT_FORMAT])
