"""What packaging/chibo.spec leaves out of the built program, checked without building it: the
left-out parts are ones chibo never uses, and what replaces them still works (a wrong rule
would break the built program only, where no other test looks)."""
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "chibo.spec"
SOURCES = [p for d in ("app", "ui") for p in (ROOT / d).rglob("*.py")]


def _assigned(name: str):
    """The literal value of a top-level ``name = ...`` in the spec."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in the spec")


def _source_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)


@pytest.mark.parametrize("module", [
    "readline", "_codecs_jp", "_codecs_kr", "_codecs_cn", "_codecs_tw", "_codecs_hk",
    "_codecs_iso2022", "PIL._webp", "PIL.WebPImagePlugin", "lxml.sax", "lxml.builder",
    "tkinter", "unittest", "pytest", "PySide6.QtNetwork", "PySide6.QtQml",
])
def test_excluded(module):
    assert module in _assigned("excludes")


def test_chibo_imports_none_of_the_excluded_modules():
    text = _source_text()
    for module in _assigned("excludes"):
        if module in ("test", "tests"):
            continue
        pattern = rf"^\s*(import|from)\s+{re.escape(module)}(\s|\.|$)"
        assert not re.search(pattern, text, re.M), module
    # PySide6 modules are imported as "from PySide6.QtX import ..." or "from PySide6 import QtX"
    for module in [m for m in _assigned("excludes") if m.startswith("PySide6.")]:
        assert not re.search(rf"from PySide6 import .*\b{module.split('.')[1]}\b", text), module


def test_no_east_asian_codec_and_no_webp_image_is_read():
    # The CJK codecs are left out: the files chibo reads are UTF-8, UTF-16 or the Vietnamese
    # code pages (app/importing.py, app/legacy_vn.py), all in the standard library's charmaps.
    text = _source_text()
    for name in ("shift_jis", "euc_jp", "gb2312", "gbk", "gb18030", "big5", "euc_kr",
                 "iso2022", "cp932", "cp949", "cp950"):
        assert name not in text.lower(), name
    assert ".webp" not in text.lower() and "WEBP" not in text


def test_holidays_calendar_uses_vietnam_only():
    calendar = (ROOT / "app" / "rules" / "calendar.py").read_text(encoding="utf-8")
    assert 'country: str = "VN"' in calendar
    calls = re.findall(r"(?:country_holidays|HolidayCalendar|PublicHolidays)\([^)]*\)",
                       _source_text())
    for call in calls:
        assert not re.search(r'country\s*=\s*"(?!VN")', call), call
    spec = SPEC.read_text(encoding="utf-8")
    assert '"holidays.countries.vietnam"' in spec
    assert 'collect_submodules("holidays' not in spec


def test_bundled_holidays_package_gives_vietnams_holidays_in_both_languages():
    """The bundle's holidays.countries (HOLIDAYS_COUNTRIES_INIT), with every other country
    and the financial markets unavailable, as in the built program."""
    init = _assigned("HOLIDAYS_COUNTRIES_INIT")
    script = f"""
import importlib.abc, importlib.util, os, sys, tempfile
import holidays as _h
root = _h.__path__[0]
for name in [m for m in sys.modules if m.startswith("holidays")]:
    del sys.modules[name]
stub = os.path.join(tempfile.mkdtemp(), "__init__.py")
open(stub, "w", encoding="utf-8").write({init!r})

class Bundle(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "holidays.countries":
            return importlib.util.spec_from_file_location(
                name, stub, submodule_search_locations=[os.path.join(root, "countries")])
        if (name.startswith("holidays.countries.") and name != "holidays.countries.vietnam"
                or name.split(".")[:2] == ["holidays", "financial"]):
            raise ImportError("not in the bundle: " + name)

sys.meta_path.insert(0, Bundle())
import holidays
for lang in ("vi", "en_US"):
    table = holidays.country_holidays("VN", years=2026, language=lang)
    print(lang, table.get("2026-09-02"), len(table))
print(sorted(m for m in sys.modules if m.startswith("holidays.countries")))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, check=True).stdout.splitlines()
    assert out[0].startswith("vi Quốc khánh")
    assert out[1].startswith("en_US National Day")
    assert out[0].split()[-1] == out[1].split()[-1] and int(out[0].split()[-1]) >= 10
    assert out[2] == "['holidays.countries', 'holidays.countries.vietnam']"


def test_holiday_names_kept_are_vietnams():
    import holidays

    locale = Path(holidays.__file__).parent / "locale"
    for lang in ("vi", "en_US"):                 # the spec's includes match real files
        assert (locale / lang / "LC_MESSAGES" / "VN.mo").is_file()
    spec = SPEC.read_text(encoding="utf-8")
    assert '"locale/vi/LC_MESSAGES/VN.mo"' in spec and '"locale/en_US/LC_MESSAGES/VN.mo"' in spec
    assert "**/en_US/**" not in spec


def test_system_libraries_left_to_the_system_are_base_ones():
    # Base libraries of every desktop Linux the wheels can run on (glibc >= 2.34); SQLite,
    # Python, Qt, ICU and the X C bindings Qt needs beyond libxcb stay bundled.
    system = set(_assigned("SYSTEM_LIBRARIES"))
    assert {"libX11.so.6", "libfontconfig.so.1", "libstdc++.so.6", "libdbus-1.so.3",
            "libssl.so.3"} <= system
    assert not {n for n in system
                if re.match(r"lib(sqlite3|python|Qt6|icu|xcb-|xkbcommon|pyside|shiboken)", n)}
