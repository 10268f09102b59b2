"""Every marked string has a Vietnamese translation; dates read the Party way."""
import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from app import i18n, paths

PO = paths.i18n_dir() / "vi" / "LC_MESSAGES" / "chibo.po"


def _vi_catalog():
    with open(PO, "rb") as fh:
        return read_po(fh, locale="vi")


def test_every_marked_string_has_a_vietnamese_translation():
    catalog = _vi_catalog()
    missing = []
    for message in i18n.extract_template():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None or not entry.string or (isinstance(entry.string, tuple)
                                                   and not all(entry.string)):
            missing.append(message.id)
    assert missing == [], f"{len(missing)} strings lack a Vietnamese translation: {missing[:10]}"


def test_translations_keep_every_placeholder():
    bad = []
    for entry in _vi_catalog():
        if entry.id and entry.string and isinstance(entry.id, str):
            if set(re.findall(r"\{\w*\}", entry.id)) != set(re.findall(r"\{\w*\}", entry.string)):
                bad.append(entry.id)
    assert bad == []


def test_no_fuzzy_translations():
    assert [e.id for e in _vi_catalog() if e.id and e.fuzzy] == []


def test_compiled_catalog_is_in_sync_with_po():
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run: python -m app.i18n compile"
    assert mo.read_bytes() == i18n._compile_po(PO), "run: python -m app.i18n compile"


def test_language_switch_applies_at_once():
    try:
        i18n.set_language("vi")
        assert i18n._("Full member") == "Đảng viên chính thức"
        i18n.set_language("en")
        assert i18n._("Full member") == "Full member"
    finally:
        i18n.set_language("vi")
    with pytest.raises(ValueError):
        i18n.set_language("fr")


@pytest.mark.parametrize("day, expected", [
    (dt.date(2024, 4, 3), "Thái Bình, ngày 03 tháng 4 năm 2024"),
    (dt.date(2025, 2, 15), "Thái Bình, ngày 15 tháng 02 năm 2025"),
    (dt.date(2025, 1, 9), "Thái Bình, ngày 09 tháng 01 năm 2025"),
    (dt.date(2024, 12, 31), "Thái Bình, ngày 31 tháng 12 năm 2024"),
    (dt.date(2024, 3, 10), "Thái Bình, ngày 10 tháng 3 năm 2024"),
])
def test_document_date_line_uses_leading_zeros_the_party_way(day, expected):
    assert i18n.doc_date_line("Thái Bình", day) == expected


@pytest.mark.parametrize("day, vi, en", [
    (dt.date(2024, 4, 3), "Thứ Tư", "Wednesday"),
    (dt.date(2024, 4, 7), "Chủ nhật", "Sunday"),
    (dt.date(2024, 4, 6), "Thứ Bảy", "Saturday"),
])
def test_weekday_names(day, vi, en):
    assert i18n.weekday_name(day, "vi") == vi
    assert i18n.weekday_name(day, "en") == en
    assert i18n.format_long_date(day, "vi") == f"{vi}, ngày {day:%d/%m/%Y}"


def test_no_translation_holds_po_syntax_or_loses_its_accelerator():
    """A hand edit gone wrong once put 'Sao msgstr "&Sao lưu…"lưu…' into the Help menu. No
    translation holds .po syntax, and a text with one keyboard accelerator (&) keeps one."""
    bad = []
    for e in _vi_catalog():
        if not (e.id and isinstance(e.id, str) and isinstance(e.string, str) and e.string):
            continue
        if re.search(r"\bmsg(str|id)\b", e.string):
            bad.append(e.id)
        elif e.id.replace("&&", "").count("&") == 1 and \
                e.string.replace("&&", "").count("&") != 1:
            bad.append(e.id)
    assert bad == []
