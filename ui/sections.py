"""The side navigation as data: each section has an id, a title and a page factory.

To add a section (or replace one), add or edit one line in ``SECTIONS`` below, or
call ``register_section`` before the window is built. A factory is a callable, or a
``"module:attribute"`` string imported only when the page is first opened (keeps start-up
fast). It is called as ``factory(shell)`` and returns a QWidget; ``shell`` gives the open
store (``shell.store``), the main window (``shell.window``) and ``shell.data_changed()``.
A page may define ``reload()``: it is called each time the section is shown again and after
the data changed (restore, import), so it should re-read what it shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from app.i18n import N_


@dataclass
class Section:
    id: str
    title: str                      # English msgid (N_), translated when shown
    factory: Callable | str         # factory(shell) -> QWidget, or "module:attribute"

    def create(self, shell):
        factory = self.factory
        if isinstance(factory, str):
            import importlib

            module, _, attr = factory.partition(":")
            factory = getattr(importlib.import_module(module), attr)
        return factory(shell)


SECTIONS: list[Section] = [
    Section("home", N_("Home"), "ui.home:HomePage"),
    Section("cell", N_("Cell"), "ui.cell_form:CellPage"),
    Section("members", N_("Members"), "ui.members_view:MembersView"),
    Section("calendar", N_("Meeting calendar"), "ui.calendar_view:CalendarPage"),
    Section("ehandbook", N_("E-handbook points"), "ui.points_grid:PointsGrid"),
    Section("meetings", N_("Meetings"), "ui.meetings_view:MeetingsView"),
    Section("office", N_("Party office"), "ui.office.console:OfficeConsole"),
]
DEFAULT_SECTION = "home"


def register_section(section: Section, *, after: str | None = None) -> None:
    """Add a section, or replace the one with the same id (e.g. a placeholder)."""
    for i, existing in enumerate(SECTIONS):
        if existing.id == section.id:
            SECTIONS[i] = section
            return
    if after is not None:
        index = next((i for i, s in enumerate(SECTIONS) if s.id == after), len(SECTIONS) - 1)
        SECTIONS.insert(index + 1, section)
    else:
        SECTIONS.append(section)
