import os
import tempfile

import pytest

import ui  # noqa: F401  (first: its PySide6 6.12 / Python 3.11 None-refcount guard, see ui/__init__)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never read or write the real user's settings or data file.
_scratch = tempfile.mkdtemp(prefix="chibo-tests-")
os.environ["CHIBO_SETTINGS"] = os.path.join(_scratch, "settings.json")
os.environ.pop("CHIBO_DB", None)


@pytest.fixture(autouse=True)
def _vietnamese_ui():
    """Every test starts in Vietnamese, the default language, and leaves it so."""
    from app import i18n

    i18n.set_language("vi")
    yield
    i18n.set_language("vi")
