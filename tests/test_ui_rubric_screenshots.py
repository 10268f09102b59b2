"""PNGs of the rubric editor and the score history, to look at (not an automatic check).

    CHIBO_SHOTS=/tmp/shots/scoring python -m pytest tests/test_ui_rubric_screenshots.py -q
"""
from __future__ import annotations

import functools
import datetime as dt

import pytest

from app import i18n

from uihelpers import FULL, needs_shots, save_shot, store, ui_env  # noqa: F401

pytestmark = needs_shots

save = functools.partial(save_shot, size=FULL)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_scoring_screens(lang, ui_env, store, qtbot, qapp):
    from app.demo import add_demo_meetings, create_demo
    from ui import style
    from ui.rubric_editor import RubricEditor
    from ui.score_history import ScoreHistoryDialog

    i18n.set_language(lang)
    style.apply(qapp, language=lang, large_text=False)
    day = dt.date(2024, 11, 20)
    create_demo(store, today=day)
    add_demo_meetings(store, today=day)

    editor = RubricEditor(store)
    qtbot.addWidget(editor)
    save(editor, f"{lang}-rubric-01-shipped")
    editor.select("hd42-2025")
    save(editor, f"{lang}-rubric-02-shipped-2025")
    editor.select("qd28-2019")
    editor.make_copy("qd28-chibo", "Thang điểm của chi bộ")
    save(editor, f"{lang}-rubric-03-copy-valid")
    tree = editor.tree
    tree.setCurrentItem(tree.topLevelItem(0).child(0))
    tree.topLevelItem(0).child(0).setText(2, "5")
    save(editor, f"{lang}-rubric-04-copy-group-error")
    tree.setCurrentItem(tree.topLevelItem(1).child(0))
    editor.bands.item(0, 2).setText("6")
    save(editor, f"{lang}-rubric-05-copy-band-error")
    editor.tabs.setCurrentIndex(1)
    editor.ratings.item(1, 1).setText("95")
    save(editor, f"{lang}-rubric-06-copy-rating-error")
    editor.dirty = False
    editor.close()

    history = ScoreHistoryDialog(store)
    qtbot.addWidget(history)
    save(history, f"{lang}-history-01-demo-year")
    history.history.year_spin.setValue(2023)
    save(history, f"{lang}-history-02-empty-year")
