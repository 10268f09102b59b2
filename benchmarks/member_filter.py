"""How long the member list takes to filter per keystroke, with 500 members.

Target: ≤ 50 ms per keystroke (median). Each keystroke is measured through the real widgets:
the search box's text changes, the list filters (diacritic-free search), the table model
resets and Qt processes the resulting events (layout and paint of the visible rows).

    python benchmarks/member_filter.py [--members 500] [--rounds 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 50.0
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai"]
MIDDLE = ["Văn", "Thị", "Minh", "Quang", "Thu", "Ngọc", "Đức", "Thanh", "Hữu", "Công", "Kim"]
GIVEN = ["An", "Á", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Ngân", "Phương", "Quân", "Sơn", "Thảo", "Trang",
         "Tuấn", "Vinh", "Yến", "Ánh", "Đức", "Ước", "Ưng"]
POSITIONS = ["Giảng viên Bộ môn Dịch tễ học", "Chuyên viên Phòng Tổ chức cán bộ",
             "Bác sĩ Khoa Nội", "Điều dưỡng Khoa Ngoại", "Kỹ thuật viên xét nghiệm"]


def make_store(path: Path, count: int):
    from app.model import Member
    from app.store import new_id, open_store
    from app.store.db import now_iso

    store = open_store(path)
    rnd = random.Random(7)
    rows, names = [], set()
    while len(rows) < count:
        name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        birth = dt.date(1960 + rnd.randrange(40), rnd.randrange(1, 13), rnd.randrange(1, 29))
        if (name, birth) in names:
            continue
        names.add((name, birth))
        m = Member(id=new_id(), full_name=name, gender=rnd.choice(["male", "female"]),
                   birth_date=birth, position=rnd.choice(POSITIONS),
                   party_status="probationary" if rnd.random() < 0.08 else "full",
                   admitted_on=birth.replace(year=birth.year + 25),
                   card_no=f"{rnd.randrange(10**7, 10**8)}", phone=f"09{rnd.randrange(10**8):08d}")
        row = m.to_row()
        row["created_at"] = row["updated_at"] = now_iso()
        rows.append(row)
    with store.atomic():
        store.db["member"].insert_all(rows)
    return store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--query", default="nguyen van a")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from app import i18n
    from ui import style
    from ui.members_view import MembersView

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CHIBO_SETTINGS"] = str(Path(tmp) / "settings.json")
        store = make_store(Path(tmp) / "bench.sqlite", args.members)
        app = QApplication.instance() or QApplication([])
        i18n.set_language("vi")
        style.apply(app, language="vi", large_text=False)
        view = MembersView(store=store)
        view.resize(1366, 768)
        view.show()
        app.processEvents()
        assert len(view.members) == args.members
        times = []
        for _round in range(args.rounds):
            view.search.clear()
            app.processEvents()
            text = ""
            for ch in args.query:
                text += ch
                start = time.perf_counter()
                view.search.setText(text)
                app.processEvents()
                times.append((time.perf_counter() - start) * 1000)
            shown = len(view.model.rows)
            for _ in args.query:  # backspacing widens the list again: measured too
                start = time.perf_counter()
                view.search.backspace()
                app.processEvents()
                times.append((time.perf_counter() - start) * 1000)
        store.close()
    median, worst = statistics.median(times), max(times)
    print(f"members: {args.members}; query “{args.query}” typed and erased {args.rounds}× "
          f"({len(times)} keystrokes); last match count {shown}")
    print(f"median per keystroke: {median:6.1f} ms   (target ≤ {TARGET_MS:.0f} ms)  "
          f"{'OK' if median <= TARGET_MS else 'TOO SLOW'}")
    print(f"slowest keystroke:    {worst:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
