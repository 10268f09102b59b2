"""Vietnamese text: NFC normalisation, alphabetical sort keys and diacritic-free search.

Vietnamese order is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; tone marks are
a secondary difference (a à ả ã á ạ). People sort by given name (the last word), then the rest.
"""
from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Combining marks that make a separate letter (part of the primary key).
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_LETTER_OF = {
    ("a", "breve"): "ă", ("a", "circumflex"): "â", ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô", ("o", "horn"): "ơ", ("u", "horn"): "ư",
}
# Tone marks in CLDR Vietnamese order (secondary key); 0 means no tone.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(text: str | None) -> str:
    """NFC form with surrounding white space removed and inner runs of spaces folded."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def hidden_characters(text: str | None) -> list[str]:
    """Control and format characters in a one-line text (zero-width spaces, bidi overrides,
    bell…), as ``U+XXXX`` codes: they make look-alike names and can rewrite a terminal."""
    return [f"U+{ord(ch):04X}" for ch in (text or "")
            if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")]


def _letters(word: str) -> list[tuple[str, int]]:
    """(letter, tone) pairs of a word, lower-cased, letters in the Vietnamese alphabet."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", word.casefold()):
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone = out[-1]
            if ch in _LETTER_MARKS:
                base = _LETTER_OF.get((base, _LETTER_MARKS[ch]), base)
            elif ch in _TONES:
                tone = _TONES[ch]
            out[-1] = (base, tone)
        else:
            out.append((ch, 0))
    return out


def _primary(text: str) -> tuple:
    # Letters outside the alphabet (f, j, w, z, digits, punctuation) sort after it by code point.
    return tuple(
        _RANK[ch] if ch in _RANK else len(_RANK) + ord(ch) for ch, _ in _letters(text)
    )


def _secondary(text: str) -> tuple:
    return tuple(tone for _, tone in _letters(text))


def sort_key(text: str) -> tuple:
    """Vietnamese alphabetical key for any text."""
    text = nfc(text)
    return (_primary(text), _secondary(text), text)


def name_sort_key(full_name: str) -> tuple:
    """Key for people: given name (last word) first, then family and middle names."""
    words = nfc(full_name).split(" ")
    given, rest = words[-1], " ".join(words[:-1])
    return (_primary(given), _primary(rest), _secondary(given), _secondary(rest), full_name)


def fold(text: str | None) -> str:
    """Lower case without any diacritics (đ → d): the form search compares."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", nfc(text).casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def matches(query: str, *fields: str | None) -> bool:
    """True when every word of the query occurs, diacritics and case ignored, in the fields."""
    haystack = " ".join(fold(f) for f in fields if f)
    return all(word in haystack for word in fold(query).split())
