"""Test runs only: every Python process the tests start runs on the test clock.

tests/conftest.py sets the clock to its TEST_NOW and puts this folder first on PYTHONPATH with
CHIBO_TEST_CLOCK_SHIFT (the test clock minus the real one, in seconds), so the test process and
every ``chibo`` / driver subprocess agree on "today". The demo, the calendar and the home page
depend on today's date (which meeting is in progress, which comes next); a suite that passed on
one day must pass on any later day. The clock is shifted, not stopped: time runs, and a
subprocess started later reads a later time, so records stamped by successive processes keep
their order.
"""
import os

if os.environ.get("CHIBO_TEST_CLOCK_SHIFT"):
    import time

    import time_machine

    time_machine.travel(time.time() + float(os.environ["CHIBO_TEST_CLOCK_SHIFT"]),
                        tick=True).start()
