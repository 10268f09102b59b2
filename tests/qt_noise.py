"""Qt messages that are not chibo's problems, shared by tests/conftest.py and tests/stress.py.

Keep this list short: each entry says why the message is harmless. A message not listed fails
the UI test that caused it.
"""

QT_NOISE = [
    # The offscreen platform (QT_QPA_PLATFORM=offscreen: the tests, CI, tests/stress.py) has no
    # window manager to pass a window's size hints to; Qt says so each time a top-level window
    # is shown. On a real display (xcb, Windows) the message does not exist.
    r"^This plugin does not support propagateSizeHints\(\)",
    # The same platform cannot raise a window above others (no window manager either): said when
    # the help viewer, already open, is brought to the front (ui/help.py) with raise_().
    r"^This plugin does not support raise\(\)",
]
