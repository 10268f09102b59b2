"""Services: what one user action does, the same for the desktop app, the command line and the
demo (they call these functions; the rules and the store stay underneath).

Nothing in the core below imports them back (no import cycle: the wizard's session, for one,
is below them). ui/ reaches the core through these and the core's public names, never through
app.store (pyproject.toml's import contracts, tests/test_architecture.py).
"""
