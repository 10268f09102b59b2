"""Test runs only: the clock starts at CHIBO_TEST_NOW in every Python process the tests start.

tests/conftest.py sets CHIBO_TEST_NOW and puts this folder first on PYTHONPATH, so the test
process and every ``chibo`` / driver subprocess agree on "today". The demo, the calendar and
the home page depend on today's date (which meeting is in progress, which comes next); a suite
that passed on one day must pass on any later day. Time still runs (tick=True), so timers,
timeouts and ordering by time behave as usual.
"""
import os

if os.environ.get("CHIBO_TEST_NOW"):
    import datetime

    import time_machine

    time_machine.travel(datetime.datetime.fromisoformat(os.environ["CHIBO_TEST_NOW"]),
                        tick=True).start()
