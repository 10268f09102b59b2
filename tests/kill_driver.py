"""Driven by test_kill_resume: performs meeting actions on a real file and acknowledges each
one on stdout only after it was committed. The test kills this process at random moments."""
import sys
import datetime as dt
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import meetings  # noqa: E402
from app.members import list_members  # noqa: E402
from app.session import MeetingSession  # noqa: E402
from app.store import open_store  # noqa: E402


def main(db: str, start: int, count: int) -> None:
    store = open_store(db)
    rows = [m for m in meetings.list_meetings(store) if m["status"] == "draft"]
    mid = rows[0]["id"] if rows else meetings.create_meeting(store, dt.date(2024, 4, 3))
    session = MeetingSession(store, mid)
    people = [m for m in list_members(store)]
    print(f"resumed {session.current}", flush=True)
    for k in range(start, start + count):
        action = k % 4
        if action == 0:
            meetings.add_item(store, mid, "speech", member_id=people[k % len(people)].id,
                              kind="opinion", text=f"Ý kiến số {k}")
        elif action == 1:
            meetings.update(store, mid, summary=f"Tổng hợp ý kiến đến lần {k}")
        elif action == 2:
            meetings.set_presence(store, mid, people[k % len(people)].id, "absent_reason",
                                  f"Lý do {k}")
        else:
            if session.current != "readback":
                session.next()
        print(f"ok {k} {session.current}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
