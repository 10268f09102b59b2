"""Meeting procedures as data and the state machine that walks them.

``load_procedure("regular-hd12-2018")`` reads ``resources/procedures/regular-hd12-2018.toml``;
``Wizard(procedure, stored_state)`` walks it; ``meeting_facts(record)`` says what has been done.
"""
from .data import (KINDS, PLACEHOLDERS, Heading, Item, Procedure, ProcedureError, Step,
                   check_file, list_procedures, load_procedure, parse_procedure, procedure_dirs)
from .engine import ChecklistEntry, Issue, Outcome, Wizard
from app.rules.facts import FACTS, fact_label, meeting_facts

__all__ = [
    "KINDS", "PLACEHOLDERS", "Heading", "Item", "Procedure", "ProcedureError", "Step", "check_file",
    "list_procedures", "load_procedure", "parse_procedure", "procedure_dirs", "ChecklistEntry",
    "Issue", "Outcome", "Wizard", "FACTS", "fact_label", "meeting_facts",
]
