"""The meeting wizard: a frame over ``app.session.MeetingSession`` and one page per step.

The frame is given the page class of each step (``ui.wizard_pages.PAGES``); a step without
a page gets a checklist-only page.
"""
from .frame import WizardFrame

__all__ = ["WizardFrame"]
