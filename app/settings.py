"""Per-user settings kept outside the cell database (language, text size, last file)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

from . import paths
from .i18n import DEFAULT_LANGUAGE, LANGUAGES


@dataclass
class Settings:
    language: str = DEFAULT_LANGUAGE
    large_text: bool = False
    last_db: str = ""
    office_db: str = ""     # the party office's data file chosen in the office console


def load_settings() -> Settings:
    path = paths.settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):   # valid JSON but not an object (null, a list…)
        return Settings()
    defaults = Settings()
    # Each known key of the right type; anything else keeps its default.
    settings = Settings(**{f.name: data[f.name] for f in fields(Settings)
                           if isinstance(data.get(f.name), type(getattr(defaults, f.name)))})
    if settings.language not in LANGUAGES:
        settings.language = DEFAULT_LANGUAGE
    return settings


def save_settings(settings: Settings) -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
