"""Benchmark: the party office imports 1,000 signed bundles; the dashboard of 50 cells × 24 months.

Bundles are built from the demo cell's finalised meeting record, varied per cell and month
(synthetic records), with the real export code: the minutes PDF built and signed in the
THƯ KÝ block as the cell stores it (here with the cell's one key), then put into the bundle as
stored (``StoredDocument``) by ``write_bundle``, which signs the manifest only. Building runs
on two processes (the two cores; in real life each cell builds its own bundles on its own
laptop).

Targets: building and importing 1,000 bundles ≤ 60 s in total on a 2-core machine (the import
alone is printed too); ``dashboard`` for 50 cells × 24 months ≤ 200 ms to compute.

    /opt/chibo-venv/bin/python benchmarks/office.py [--cells 40] [--months 25]
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import pathlib
import sys
import tempfile
import time
import uuid
from multiprocessing import Pool

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from app.documents.keys import new_local_key  # noqa: E402
from app.documents.signing import open_key_file  # noqa: E402
from app.exchange.export import (StoredDocument, certificate_pem,  # noqa: E402
                                 manifest_signer, meeting_document, write_bundle)

IMPORT_TARGET_S = 60.0
DASHBOARD_TARGET_MS = 200.0
PASS = "benchmark"


def template(root: pathlib.Path) -> dict:
    """One real meeting.json of the demo cell."""
    from app.demo import add_demo_meetings, create_demo
    from app.store import open_store

    with open_store(root / "demo.sqlite") as store:
        create_demo(store, today=dt.date(2024, 4, 10))
        ids = add_demo_meetings(store, today=dt.date(2024, 4, 10))
        return meeting_document(store, ids[0])


def month_start(index: int) -> dt.date:
    year, month = divmod(index, 12)
    return dt.date(2023 + year, month + 1, 1)


def variant(base: dict, cell_no: int, month_index: int, fingerprint: str) -> dict:
    doc = copy.deepcopy(base)
    first = month_start(month_index)
    day = first.replace(day=3 + (month_index % 3 == 2))
    mid = str(uuid.uuid4())
    cell_id = str(uuid.UUID(int=cell_no + 1))
    doc["cell"] = dict(doc["cell"], id=cell_id, name=f"Chi bộ Khoa số {cell_no + 1:02d}")
    doc.update(id=mid, series_id=mid, cell_id=cell_id, date=day.isoformat(),
               rule_date=first.replace(day=3).isoformat(),
               off_rule_reason="Trùng lịch thi học kỳ" if day.day != 3 else None,
               number=f"{first.month:02d}-BB/CB", signer_fingerprint=fingerprint,
               exported_at=(day + dt.timedelta(days=2 + cell_no % 12)).isoformat() + "T09:00:00")
    doc["resolution"] = {"type": "conclusion", "text": ""}   # minutes only: faster to build
    doc["ehandbook"]["months"] = [{"year": first.year, "month": first.month, "applicable": 23,
                                   "at_or_above": 23 - cell_no % 3, "below": cell_no % 3,
                                   "missing": 0,
                                   "share": round(100 * (23 - cell_no % 3) / 23, 1)}]
    return doc


def build_cell(job) -> int:
    base, cell_no, months, out, root = job
    key = pathlib.Path(root) / f"cell{cell_no}.p12"
    fingerprint = new_local_key(f"Bí thư chi bộ {cell_no + 1}", key, PASS)
    key_file = open_key_file(key, PASS)       # as one export of the cell's meetings does
    pem, _fp = certificate_pem(key_file)
    sign = manifest_signer(key_file)
    for m in range(months):
        doc = variant(base, cell_no, m, fingerprint)
        write_bundle(out, doc, [stored_minutes(doc, key_file, fingerprint)], pem, sign)
    return months


def stored_minutes(doc: dict, key_file, fingerprint: str) -> StoredDocument:
    """The minutes as the cell stores them after the minute-taker signed (THƯ KÝ)."""
    from app.documents.layout import FIELD_MINUTE_TAKER
    from app.documents.minutes import build_minutes
    from app.documents.signing import KeyFileSigner

    pdf = KeyFileSigner.from_key_file(key_file).sign_pdf(
        build_minutes(doc), field_name=FIELD_MINUTE_TAKER, signer_role="THƯ KÝ")
    return StoredDocument("minutes.pdf", pdf, {
        "kind": "minutes", "name": f"bien-ban-{doc['date']}-ky-so.pdf", "number": doc["number"],
        "document_id": doc["id"], "signed": True,
        "signatures": [{"field": FIELD_MINUTE_TAKER, "role": "THƯ KÝ", "signer": key_file.name,
                        "fingerprint": fingerprint, "signed_at": doc["exported_at"]}]})


def dashboard_office(path: pathlib.Path, cells: int, months: int):
    """An office database with ``cells`` × ``months`` current regular meetings, written
    directly (the import path is timed separately above)."""
    from app.exchange.office import open_office

    office = open_office(path)
    rules = json.dumps({"base_day": 3, "latest_day": 5, "duration_minutes": 90,
                        "combined_minutes": 120})
    with office.atomic():
        for c in range(cells):
            cid = f"cell-{c:03d}"
            office.db["cell"].insert({"id": cid, "name": f"Chi bộ số {c + 1:02d}"})
            rows, eh = [], []
            for m in range(months):
                first = month_start(m + 12)
                day = first.replace(day=3 + (m % 4 == 3))
                rows.append({"id": f"{cid}-{m}", "series_id": f"{cid}-{m}", "cell_id": cid,
                             "version": 1, "kind": "thematic" if m % 3 == 2 and c % 2 else
                             "regular", "date": day.isoformat(), "year": day.year,
                             "month": day.month, "rule_date": first.replace(day=3).isoformat(),
                             "off_rule_reason": "Bão" if day.day != 3 else None,
                             "duration_minutes": 85 + m % 30, "score_total": 80.0 + m % 15,
                             "rating": "Tốt" if m % 15 >= 10 else "Khá",
                             "exported_at": (day + dt.timedelta(days=m % 14)).isoformat(),
                             "current": 1, "rules": rules, "record": "{}"})
                eh.append({"cell_id": cid, "year": first.year, "month": first.month,
                           "threshold": 20.0, "applicable": 20, "at_or_above": 19 + m % 2,
                           "below": 1 - m % 2, "missing": 0, "share": 95.0 + 5 * (m % 2),
                           "as_of": day.isoformat()})
            office.db["meeting"].insert_all(rows)
            office.db["ehandbook_month"].insert_all(eh)
    return office


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=40)
    parser.add_argument("--months", type=int, default=25)
    args = parser.parse_args()
    from app.exchange.office import dashboard, import_folder, open_office

    with tempfile.TemporaryDirectory(prefix="chibo-office-bench-") as tmp:
        root = pathlib.Path(tmp)
        base = template(root)
        out = root / "usb"
        out.mkdir()
        t = time.perf_counter()
        with Pool(2) as pool:
            built = sum(pool.map(build_cell, [(base, c, args.months, str(out), tmp)
                                              for c in range(args.cells)]))
        build_s = time.perf_counter() - t
        print(f"built and signed {built} bundles in {build_s:.1f} s (2 processes)")

        office = open_office(root / "office.sqlite")
        t = time.perf_counter()
        results = import_folder(office, out, trust_new=True)
        import_s = time.perf_counter() - t
        statuses = {s: sum(r.status == s for r in results) for s in
                    ("imported", "duplicate", "superseded", "rejected")}
        print(f"import of {len(results)} bundles: {import_s:.1f} s "
              f"({1000 * import_s / max(len(results), 1):.0f} ms each)   target ≤ "
              f"{IMPORT_TARGET_S:.0f} s for 1,000   {statuses}")
        total = build_s + import_s
        print(f"build + import: {total:.1f} s   target ≤ {IMPORT_TARGET_S:.0f} s in total   "
              f"{'OK' if total <= IMPORT_TARGET_S else 'TOO SLOW'}")
        office.close()

        office = dashboard_office(root / "dash.sqlite", 50, 24)
        dashboard(office, 2024)  # warm-up
        times = []
        for _ in range(15):
            t = time.perf_counter()
            boards = [dashboard(office, 2024, today=dt.date(2026, 1, 10)),
                      dashboard(office, 2025, today=dt.date(2026, 1, 10))]
            times.append((time.perf_counter() - t) * 1000)
        cells = {len(b.cells) for b in boards}
        times.sort()
        print(f"dashboard 50 cells × 24 months (two years): median {times[len(times) // 2]:.1f} "
              f"ms, worst {times[-1]:.1f} ms   target ≤ {DASHBOARD_TARGET_MS:.0f} ms   "
              f"(cells per year: {cells})")
        office.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
