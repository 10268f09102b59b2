"""PNGs of every wizard step (regular and thematic), Vietnamese and English, at 1366×768, to
look at (not an automatic check). Runs only when CHIBO_SHOTS names a folder:

    CHIBO_SHOTS=/tmp/shots python -m pytest tests/test_ui_wizard_screenshots.py -q

(the pictures go to $CHIBO_SHOTS/wizard/).
"""
from __future__ import annotations

import functools
import datetime as dt

import pytest

from app import i18n, meetings, thematic
from app.settings import load_settings

from uihelpers import FULL, needs_shots, save_shot, store, ui_env  # noqa: F401

pytestmark = needs_shots

save = functools.partial(save_shot, size=FULL, folder="wizard")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_wizard_screens(lang, ui_env, store, qtbot, qapp):
    from app.demo import add_demo_meetings, create_demo
    from ui import style
    from ui.app_window import MainWindow

    create_demo(store)
    add_demo_meetings(store)
    i18n.set_language(lang)
    style.apply(qapp, language=lang, large_text=False)
    w = MainWindow(store, load_settings())
    qtbot.addWidget(w)
    view = w.shell.show_section("meetings")
    save(w, f"{lang}-00-list")
    view.resume()
    frame = view.wizard
    for n, step in enumerate(frame.procedure.step_ids, 1):
        frame.show_step(step)
        save(w, f"{lang}-{n:02d}-regular-{step}")
    page = frame.page("proceedings")
    frame.show_step("proceedings")
    page.scroll.verticalScrollBar().setValue(page.scroll.verticalScrollBar().maximum())
    save(w, f"{lang}-03b-regular-proceedings-bottom")
    frame.show_step("closing")
    page = frame.current_page()
    page.spins["for"].setValue(30)
    page.scroll.verticalScrollBar().setValue(page.scroll.verticalScrollBar().maximum())
    save(w, f"{lang}-04b-regular-closing-vote-error")
    page.spins["for"].setValue(0)
    frame.close_wizard()

    day = dt.date.today() + dt.timedelta(days=7)
    them = thematic.create_thematic(store, day, title="Học tập tấm gương đạo đức Hồ Chí Minh "
                                    "về y đức", group="ho_chi_minh")
    meetings.update(store, them, start="14:00", end="15:20")
    meetings.mark_all_present(store, them)
    frame = view.open_meeting(them)
    for n, step in enumerate(frame.procedure.step_ids, 1):
        frame.show_step(step)
        save(w, f"{lang}-2{n}-thematic-{step}")
    frame.close_wizard()

    finalised = next(r for r in view.rows if r["status"] == "finalised")
    frame = view.open_meeting(finalised["id"])
    frame.show_step("opening")
    save(w, f"{lang}-30-finalised-read-only")
    frame.show_step("scoring")
    save(w, f"{lang}-31-finalised-scoring")
    frame.close_wizard()

    w.set_large_text(True)
    view = w.shell.show_section("meetings")
    view.resume()
    view.wizard.show_step("opening")
    save(w, f"{lang}-40-large-text-opening")
    view.wizard.show_step("readback")
    save(w, f"{lang}-41-large-text-readback")
    w.set_large_text(False)
