"""A few rounds of tests/stress.py in the suite: screens and dialogs opened and closed, a whole
meeting through the wizard, quit — in this process and as separate processes, exit code 0.
The full 200 rounds / 50 processes: `python tests/stress.py` (README, "Tests")."""
from __future__ import annotations

import os

import pytest

import stress

ROUNDS = int(os.environ.get("CHIBO_STRESS_ROUNDS", "3"))
PROCESSES = int(os.environ.get("CHIBO_STRESS_PROCESSES", "2"))


@pytest.fixture
def template(tmp_path):
    return stress.make_demo(tmp_path)


def test_rounds_in_one_process(ui_env, template, tmp_path, qapp):
    from ui import widgets

    try:
        stress.in_process(ROUNDS, template, tmp_path)   # its own hook and handler count problems
    finally:
        widgets.answer_hook = widgets.file_hook = None
    assert stress.PROBLEMS == []


def test_rounds_as_separate_processes(template, tmp_path):
    _seconds, codes = stress.processes(PROCESSES, template, tmp_path)
    assert codes == [0] * PROCESSES


from uihelpers import ui_env  # noqa: E402,F401
