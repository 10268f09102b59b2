"""Every message of the scoring core has a Vietnamese translation with the same placeholders."""
import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app import paths
from app.i18n import set_language
from app.rules.scoring import score, shipped_rubric, suggest
from test_scoring_records import good_record


def test_scoring_messages_are_translated():
    with open(paths.i18n_dir() / "vi" / "LC_MESSAGES" / "chibo.po", "rb") as fh:
        catalog = read_po(fh)
    found = 0
    for _file, _line, msgid, _c, _ctx in extract_from_dir(
            paths.root() / "app" / "rules" / "scoring", method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None}):
        found += 1
        message = catalog.get(msgid)
        assert message is not None and message.string, msgid
        assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", message.string)), msgid
    assert found > 90


def test_facts_follow_the_ui_language():
    rubric = shipped_rubric("qd28-2019")
    set_language("en")
    try:
        assert suggest(rubric, good_record())["attendance_rate"].facts == (
            "Present 21/23 (91.3%), no one absent without reason")
    finally:
        set_language("vi")
    assert suggest(rubric, good_record())["attendance_rate"].facts == (
        "Có mặt 21/23 (91,3%), không ai vắng không lý do")
    assert score(rubric, good_record(), {}).missing   # still scores in either language
