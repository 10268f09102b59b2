"""Legacy Vietnamese encodings (TCVN3, VNI-Windows, Windows-1258) read into Unicode."""
from __future__ import annotations

import os

from app.legacy_vn import decode_legacy, decode_tcvn3, decode_vni

PHRASE = "Cộng hoà xã hội chủ nghĩa Việt Nam Đảng viên chính thức Nguyễn Văn Lợi Trương Thị Út"


def test_tcvn3_table():
    data = ("Céng hoµ x· héi chñ nghÜa ViÖt Nam §¶ng viªn chÝnh thøc NguyÔn V¨n Lîi "
            "Tr\xad¬ng ThÞ ót").encode("latin-1")
    assert decode_tcvn3(data) == PHRASE.replace("Út", "út")   # ABC has no capital toned letters
    assert decode_legacy(data)[1] == "TCVN3"


def test_vni_windows_table():
    data = ("Coäng hoaø xaõ hoäi chuû nghóa Vieät Nam Ñaûng vieân chính thöùc Nguyeãn Vaên Lôïi "
            "Tröông Thò UÙt").encode("cp1252")
    assert decode_vni(data) == PHRASE
    assert decode_legacy(data) == (PHRASE, "VNI")
    assert decode_vni("AÊ AÉ EÂ EÄ OÂ OÀ Ô ÔÙ Ö ÖÏ YÕ Î".encode("cp1252")) == \
        "Ă Ắ Ê Ệ Ô Ồ Ơ Ớ Ư Ự Ỹ Ỵ"


def test_windows_1258_and_garbage():
    data = "Tên,Ghi chú\nLê Văn Tám,\n".encode("cp1258")
    assert decode_legacy(data) == ("Tên,Ghi chú\nLê Văn Tám,\n", "Windows-1258")
    assert decode_legacy(bytes(range(256))) is None
    assert decode_legacy(os.urandom(400) + b"\x00") is None
