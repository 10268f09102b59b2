"""Vietnamese text in the pre-Unicode encodings still found in office files: TCVN3 (ABC, one
byte per lowercase letter, the .VnTime fonts), VNI-Windows (a base letter followed by a
byte for its marks, the VNI-Times fonts) and Windows-1258.

No maintained converter is published on PyPI, so the tables are written here from the
encodings' code charts (TCVN 5712:1993 VN3; the VNI-Windows font layout) and tested.
"""
from __future__ import annotations

import unicodedata

# --- TCVN3 (ABC) ---------------------------------------------------------------------------
_TCVN3_CHARS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}


def decode_tcvn3(data: bytes) -> str:
    return "".join(_TCVN3_CHARS.get(b) or bytes([b]).decode("cp1252", "replace") for b in data)


# --- VNI-Windows ---------------------------------------------------------------------------
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
# The byte after a vowel (shown in Windows-1252) and the marks it adds.
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRC, "á": _CIRC + _ACUTE, "à": _CIRC + _GRAVE, "å": _CIRC + _HOOK,
    "ã": _CIRC + _TILDE, "ä": _CIRC + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
_TONE_MARKS = {_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT}
# Letters that are one byte on their own.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
               "î": "ỵ", "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ",
               "Ò": "Ị", "Î": "Ỵ"}


def decode_vni(data: bytes) -> str:
    text = data.decode("cp1252", "replace")
    out: list[str] = []
    for ch in text:
        marks = _VNI_MARKS.get(ch)
        if marks and out:
            base = unicodedata.normalize("NFD", out[-1])
            letter = base[:1]
            allowed = (letter.lower() == "a" if (_BREVE in marks) else
                       letter.lower() in "aeo" if (_CIRC in marks) else
                       letter.lower() in "aeouy" or _HORN in base or _CIRC in base
                       or _BREVE in base)
            if allowed and not any(m in _TONE_MARKS for m in base[1:]):
                out[-1] = unicodedata.normalize("NFC", base + marks)
                continue
        out.append(_VNI_SINGLE.get(ch, ch))
    return "".join(out)


# --- choosing --------------------------------------------------------------------------------

_VIETNAMESE = set("aăâbcdđeêghiklmnoôơpqrstuưvxy")


def _oddness(text: str) -> int:
    """How many characters could not be part of Vietnamese text (a wrong guess leaves Latin-1
    symbols and foreign letters such as µ § ø ñ behind)."""
    odd = 0
    for ch in text:
        if ord(ch) < 0x80 or ch.isspace():
            continue
        base = unicodedata.normalize("NFD", ch.lower())
        letter = unicodedata.normalize("NFC", base[:1] + "".join(
            m for m in base[1:] if m in (_CIRC, _BREVE, _HORN)))
        if ch.lower() == "đ" or letter in _VIETNAMESE:
            continue
        odd += 1
    for word in "".join(c if c.isalpha() else " " for c in text).split():
        tones = sum(1 for c in word if _TONE_MARKS & set(unicodedata.normalize("NFD", c)))
        if tones > 1:      # a Vietnamese syllable carries one tone mark
            odd += 1
    return odd


# Syllables frequent in member lists and minutes: a right guess reads many of them.
_COMMON = set("""
và của có là các cho được không người này với những trong đã một chi bộ đảng viên họ tên
ngày sinh năm tháng thị văn nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô
dương lý đức minh thanh thu hương hồng hùng dũng tuấn anh chính thức dự bị miễn hoạt tạm
thời nơi khác giới tính nam nữ chức vụ số thẻ điện thoại ghi chú tình trạng đơn vị vào
kết nạp chuyển đến lý do từ đến bí thư phó ủy xã phường tổ khu dân cư cộng hòa hoà hội
chủ nghĩa việt độc lập tự hạnh phúc quân công an trường học giáo
""".split())


def _score(text: str) -> int:
    words = "".join(c if c.isalpha() else " " for c in text.lower()).split()
    return 2 * sum(1 for w in words if w in _COMMON) - 3 * _oddness(text)


def decode_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) for bytes that are not Unicode: the legacy encoding whose reading
    looks most like Vietnamese; None when none does (a binary or foreign file)."""
    candidates = []
    for name, decode in (("TCVN3", decode_tcvn3), ("VNI", decode_vni),
                         ("Windows-1258", lambda d: d.decode("cp1258"))):
        try:
            text = unicodedata.normalize("NFC", decode(data))
        except UnicodeDecodeError:
            continue
        if "\ufffd" in text or any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            continue
        candidates.append((_score(text), _oddness(text), name, text))
    if not candidates:
        return None
    _best, odd, name, text = max(candidates, key=lambda c: c[0])
    if odd > max(2, len(text) // 200):
        return None
    return text, name
