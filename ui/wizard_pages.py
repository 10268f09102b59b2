"""The meeting wizard's page for each step of the procedure, as classes.

``PAGES[kind][step_id]`` is the page of that step of the procedure files (app/procedure). A
new procedure file reusing these step ids needs no code; a step id missing here gets a
checklist-only page. The Meetings section hands this table to ``ui.wizard.WizardFrame``.
It lives outside ui/wizard/ because the Scoring page (ui/score_page.py) builds on
ui.wizard.base: ui.wizard does not import its pages' users back (no import cycle).
"""
from __future__ import annotations

from .score_page import ScorePage
from .wizard.base import StepPage
from .wizard.closing import ClosingPage, ThematicClosingPage
from .wizard.opening import OpeningPage
from .wizard.preparation import PreparationPage
from .wizard.proceedings import ProceedingsPage, ThematicProceedingsPage
from .wizard.readback import ReadbackPage
from .wizard.thematic_pages import AfterPage, BeforePage

PAGES: dict[str, dict[str, type[StepPage]]] = {
    "regular": {
        "preparation": PreparationPage,
        "opening": OpeningPage,
        "proceedings": ProceedingsPage,
        "closing": ClosingPage,
        "scoring": ScorePage,
        "readback": ReadbackPage,
    },
    "thematic": {
        "before": BeforePage,
        "opening": OpeningPage,
        "proceedings": ThematicProceedingsPage,
        "closing": ThematicClosingPage,
        "readback": ReadbackPage,
        "after": AfterPage,
    },
}
