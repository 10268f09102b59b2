"""Translations (gettext catalogs compiled with babel) and Vietnamese date wording.

Message ids are English; ``i18n/vi`` must translate every one of them (a test checks), and
English needs no catalog. The UI uses the process-wide language (``set_language``);
documents take an explicit ``translator(lang)`` because Party documents are Vietnamese
whatever the UI language is.

Workflow (also in the README)::

    python -m app.i18n update    # extract marked strings, merge into every .po
    python -m app.i18n compile   # .po -> .mo (committed; without one the app compiles the .po)
"""
from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import io
import sys
from functools import lru_cache
from typing import Callable

from . import paths

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DOMAIN = "chibo"

_current = DEFAULT_LANGUAGE


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


@lru_cache(maxsize=None)
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    folder = paths.i18n_dir() / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    # The compiled catalog is committed and a test keeps it in step with the .po, so it is
    # trusted as it is (file times after a git checkout say nothing about which is newer).
    if mo.exists():
        with open(mo, "rb") as fh:
            return _gettext.GNUTranslations(fh)
    if po.exists():
        return _gettext.GNUTranslations(io.BytesIO(_cached_compile(po, lang)))
    return _gettext.NullTranslations()


def _cached_compile(po, lang: str) -> bytes:
    """The .po compiled, kept in the user cache so that only the first start pays for babel."""
    from pathlib import Path

    import platformdirs

    stat = po.stat()
    folder = Path(platformdirs.user_cache_dir(paths.APP_NAME, appauthor=False))
    cached = folder / f"{DOMAIN}-{lang}-{stat.st_mtime_ns}-{stat.st_size}.mo"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _compile_po(po)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{DOMAIN}-{lang}-*.mo"):
            old.unlink(missing_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    except OSError:
        pass
    return data


def _compile_po(po_path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def language() -> str:
    return _current


def _(message: str) -> str:
    """Translate into the current UI language."""
    return _catalog(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(_current).ngettext(singular, plural, n)


def translator(lang: str) -> Callable[[str], str]:
    """A gettext function for one language, independent of the UI language."""
    return _catalog(lang).gettext


# --- Vietnamese dates -------------------------------------------------------------------

_WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def weekday_name(day: _dt.date, lang: str | None = None) -> str:
    lang = lang or _current
    if lang == "vi":
        return _WEEKDAYS_VI[day.weekday()]
    from babel.dates import format_date

    return format_date(day, "EEEE", locale=lang)


def doc_date_line(place: str, day: _dt.date) -> str:
    """The italic place-and-date line of a Party document (Hướng dẫn 36-HD/VPTW).

    Day and month below 10, and months 1–2, take a leading zero:
    ``Thái Bình, ngày 03 tháng 4 năm 2024``, ``…, ngày 15 tháng 02 năm 2025``.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def format_date(day: _dt.date | None, lang: str | None = None) -> str:
    """Short numeric date for lists and forms: 03/04/2024 (vi), 2024-04-03 (en)."""
    if day is None:
        return ""
    lang = lang or _current
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def format_long_date(day: _dt.date, lang: str | None = None) -> str:
    """'Thứ Tư, ngày 03/04/2024' (vi) or 'Wednesday, 3 April 2024' (en)."""
    lang = lang or _current
    if lang == "vi":
        return f"{weekday_name(day, 'vi')}, ngày {day.strftime('%d/%m/%Y')}"
    from babel.dates import format_date as _fd

    return _fd(day, "EEEE, d MMMM y", locale=lang)


# --- catalog maintenance (developer workflow) ---------------------------------------------


def extract_template():
    """A babel Catalog of every string marked in app/ and ui/."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    root = paths.root()
    template = Catalog(project="chibo", charset="utf-8")
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    for sub in ("app", "ui"):
        if not (root / sub).is_dir():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
            root / sub, method_map=[("**.py", "python")], keywords=keywords,
            comment_tags=("TRANSLATORS:",),
        ):
            template.add(message, None, [(f"{sub}/{filename}", lineno)],
                         auto_comments=comments, context=context)
    return template


def _update() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = extract_template()
    pot = paths.i18n_dir() / f"{DOMAIN}.pot"
    with open(pot, "wb") as fh:
        write_po(fh, template, width=100, omit_header=False, sort_output=True)
    for lang in LANGUAGES:
        if lang == "en":
            continue
        po = paths.i18n_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.exists():
            with open(po, "rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="chibo", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        with open(po, "wb") as fh:
            write_po(fh, catalog, width=100, sort_output=True, ignore_obsolete=True)


def _compile() -> None:
    for lang in LANGUAGES:
        po = paths.i18n_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            po.with_suffix(".mo").write_bytes(_compile_po(po))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "update":
        _update()
    elif cmd == "compile":
        _compile()
    else:
        print("usage: python -m app.i18n update|compile", file=sys.stderr)
        sys.exit(2)
