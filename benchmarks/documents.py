"""Benchmark: build and sign the minutes of a 25-member meeting (40 speeches, 15 tasks).

Targets: build ≤ 300 ms, sign ≤ 300 ms (medians, after one warm-up run that loads fonts and
imports); and ≥ 5× faster than LibreOffice headless converting an equivalent document (an
HTML file with the same content, the way secretaries make minutes today) to PDF.

    /opt/chibo-venv/bin/python benchmarks/documents.py [--runs 15] [--lo-runs 3]
"""
from __future__ import annotations

import argparse
import html
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from app.documents import layout  # noqa: E402
from app.documents.keys import new_local_key  # noqa: E402
from app.documents.minutes import build_minutes, vote_lines  # noqa: E402
from app.documents.samples import sample_record  # noqa: E402
from app.documents.signing import sign_pdf  # noqa: E402
from app.i18n import doc_date_line  # noqa: E402

BUILD_TARGET_MS = 300
SIGN_TARGET_MS = 300
RATIO_TARGET = 5.0


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def equivalent_html(r: dict) -> str:
    """The same minutes as an HTML page (A4, Times-like serif, same sections and tables)."""
    e = html.escape
    a = r["attendance"]
    rows = "".join(f"<tr><td>{i}</td><td>{e(t['text'])}</td><td>{e(t['assignee'])}</td>"
                   f"<td>{e(layout.short_date(t['due']))}</td></tr>"
                   for i, t in enumerate(r["tasks"], 1))
    speeches = "".join(f"<p>- Đồng chí <b>{e(s['speaker'])}</b> ({e(s['kind'])}): {e(s['text'])}</p>"
                       for s in r["speeches"])
    score = "".join(f"<tr><td>{i}</td><td>{e(g['name'])}</td><td>{g['max']}</td>"
                    f"<td>{g['points']}</td></tr>" for i, g in enumerate(r["score"]["groups"], 1))
    cell = r["cell"]
    date_line = doc_date_line(cell["place_name"], layout.parse_date(r["date"]))
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<style>@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 14pt; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid #000; }}
.h td {{ border: none; text-align: center; }}</style></head><body>
<table class="h"><tr><td>{e(cell['parent_org'].upper())}<br><b>{e(cell['name'].upper())}</b><br>*<br>
Số {e(r['number'])}</td><td><b><u>ĐẢNG CỘNG SẢN VIỆT NAM</u></b><br><i>{e(date_line)}</i></td></tr></table>
<h2 style="text-align:center">BIÊN BẢN<br>SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 4 NĂM 2024</h2>
<p><b>I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN</b></p>
<p>Bắt đầu lúc {e(r['start'])}, ngày {e(r['date'])}, tại {e(r['place'])}.</p>
<p>Chủ trì: {e(r['chair'])}. Thư ký: {e(r['minute_taker'])}.</p>
<p>Tổng số đảng viên: {a['on_roll']}; có mặt {a['present']}/{a['base']};
vắng có lý do: {e(', '.join(x['name'] + ': ' + x['reason'] for x in a['absent_with_reason']))};
vắng không lý do: {e(', '.join(a['absent_without_reason']))}.</p>
<p><b>II. NỘI DUNG</b></p>{''.join(f"<p>{e(x['title'])}</p>" for x in r['agenda'])}
<p><b>III. DIỄN BIẾN</b></p><p>{e(r['report'])}</p>{speeches}
<p>{e(r['summary'])}</p><p>{e(r['resolution']['text'])}</p>
<table><tr><th>TT</th><th>Nội dung nhiệm vụ</th><th>Người thực hiện</th><th>Thời hạn</th></tr>{rows}</table>
<p><b>IV. BIỂU QUYẾT</b></p><p>{e(' '.join(vote_lines(r['votes'][0])))}</p>
<table><tr><th>TT</th><th>Nhóm tiêu chí</th><th>Điểm tối đa</th><th>Điểm đạt</th></tr>{score}</table>
<p>Tổng điểm: {r['score']['total']}; xếp loại: {e(r['score']['rating'])}.</p>
<p>Buổi sinh hoạt kết thúc lúc {e(r['end'])}; thời gian {r['duration_minutes']} phút.</p>
<p>Biên bản đã được đọc lại cho chi bộ nghe và nhất trí thông qua.</p>
<table class="h"><tr><td><b>THƯ KÝ</b><br><br><br><br><b>{e(r['minute_taker'])}</b></td>
<td><b>CHỦ TRÌ</b><br><br><br><br><b>{e(r['chair'])}</b></td></tr></table></body></html>"""


def libreoffice_ms(source: pathlib.Path, workdir: pathlib.Path, runs: int) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    profile = workdir / "lo-profile"
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
           "pdf", "--outdir", str(workdir / "lo-out"), str(source)]
    subprocess.run(cmd, capture_output=True, timeout=300)  # warm-up: creates the profile
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, timeout=300)
        times.append((time.perf_counter() - t) * 1000)
        if done.returncode != 0 or not (workdir / "lo-out" / (source.stem + ".pdf")).exists():
            print("LibreOffice conversion failed:", done.stderr.decode(errors="replace")[:300])
            return None
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lo-runs", type=int, default=3)
    args = parser.parse_args(argv)

    record = sample_record(members=25, speeches=40, tasks=15, status="finalised")
    build_ms = median_ms(lambda: build_minutes(record), args.runs)
    pdf = build_minutes(record)
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        p12 = work / "key.p12"
        new_local_key("Nguyễn Thị Hoa", p12, "benchmark")
        sign_ms = median_ms(lambda: sign_pdf(pdf, p12, "benchmark", field_name=layout.FIELD_CHAIR,
                                             signer_role="CHỦ TRÌ"), args.runs)
        source = work / "bien-ban.html"
        source.write_text(equivalent_html(record), encoding="utf-8")
        lo_ms = libreoffice_ms(source, work, args.lo_runs)

    print(f"minutes: 25 members, 40 speeches, 15 tasks; {len(pdf) // 1024} KiB")
    print(f"build (median of {args.runs}): {build_ms:7.1f} ms   target ≤ {BUILD_TARGET_MS} ms   "
          f"{'OK' if build_ms <= BUILD_TARGET_MS else 'SLOW'}")
    print(f"sign  (median of {args.runs}): {sign_ms:7.1f} ms   target ≤ {SIGN_TARGET_MS} ms   "
          f"{'OK' if sign_ms <= SIGN_TARGET_MS else 'SLOW'}")
    if lo_ms is None:
        print("LibreOffice: skipped (soffice not found or conversion failed)")
    else:
        ratio = lo_ms / build_ms
        ratio_signed = lo_ms / (build_ms + sign_ms)
        print(f"LibreOffice headless HTML→PDF (median of {args.lo_runs}): {lo_ms:7.1f} ms")
        print(f"ratio LibreOffice / build:        {ratio:5.1f}×   target ≥ {RATIO_TARGET}×   "
              f"{'OK' if ratio >= RATIO_TARGET else 'BELOW'}")
        print(f"ratio LibreOffice / build + sign: {ratio_signed:5.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
