"""The meeting wizard: a frame over ``app.session.MeetingSession`` and one page per step.

``PAGES[kind][step_id]`` names the page of each step ("module:Class", imported when first
shown). A new procedure file reusing these step ids needs no code; a step id missing here gets
a checklist-only page.
"""
from .frame import WizardFrame

PAGES: dict[str, dict[str, str]] = {
    "regular": {
        "preparation": "ui.wizard.preparation:PreparationPage",
        "opening": "ui.wizard.opening:OpeningPage",
        "proceedings": "ui.wizard.proceedings:ProceedingsPage",
        "closing": "ui.wizard.closing:ClosingPage",
        "scoring": "ui.score_page:ScorePage",
        "readback": "ui.wizard.readback:ReadbackPage",
    },
    "thematic": {
        "before": "ui.wizard.thematic_pages:BeforePage",
        "opening": "ui.wizard.opening:OpeningPage",
        "proceedings": "ui.wizard.proceedings:ThematicProceedingsPage",
        "closing": "ui.wizard.closing:ThematicClosingPage",
        "readback": "ui.wizard.readback:ReadbackPage",
        "after": "ui.wizard.thematic_pages:AfterPage",
    },
}

__all__ = ["PAGES", "WizardFrame"]
