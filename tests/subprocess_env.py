"""The environment for a Python subprocess started by a test."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_path(*first) -> str:
    """PYTHONPATH with this checkout (or the given folders) first, keeping what conftest put
    there (the frozen test clock, tests/frozen_clock)."""
    return os.pathsep.join([*(str(p) for p in (first or (ROOT,))),
                            *filter(None, [os.environ.get("PYTHONPATH")])])
