"""The service layer: what the desktop app, the command line and the demo call.

Each module is one area (opening the data file, a meeting's life…). ui/ reaches the core
through these and the core's public names, never through app.store (pyproject.toml's
import contracts, tests/test_architecture.py).
"""
