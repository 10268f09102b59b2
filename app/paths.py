"""Where chibo finds its shipped files and keeps the user's data.

Shipped files (resources/, i18n/) sit beside the packages in the source tree and in an
editable install; a PyInstaller build unpacks them under ``sys._MEIPASS``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "chibo"


def root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources() -> Path:
    return root() / "resources"


def i18n_dir() -> Path:
    return root() / "i18n"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The cell database: ``CHIBO_DB`` if set, else ``<user data>/chibo.sqlite``."""
    env = os.environ.get("CHIBO_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "chibo.sqlite"


def default_office_db_path() -> Path:
    env = os.environ.get("CHIBO_OFFICE_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "office.sqlite"


def settings_path() -> Path:
    """Per-user settings (language, text size) that are not part of a cell's records."""
    env = os.environ.get("CHIBO_SETTINGS")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"
