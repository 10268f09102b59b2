"""The service layer: what the desktop app, the command line and the demo call.

Each module is one area (opening the data file…); nothing in the core below imports them
back (no import cycle: the wizard's session, for one, is below them). ui/ reaches the core
through these and the core's public names, never through app.store (pyproject.toml's
import contracts, tests/test_architecture.py).
"""
