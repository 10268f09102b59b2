"""chibo opens a network connection only when the secretary asks to sign remotely: the other
verbs (demo, lists, documents, signing with a key file, verify, export, office import with
receipts, office send, inbox import, reports)
run in one process with an audit hook that records every Internet socket connection and name
look-up; none may happen. The same hook sees the connection of ``chibo remote sign`` (so the
check itself works)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from csc_helpers import csc_server  # noqa: F401 (fixture)
from subprocess_env import python_path
from test_cli import ROOT

HARNESS = r"""
import json, socket, sys
events = []

def hook(event, args):
    if event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6):
        events.append([event, repr(args[1])])
    elif event == "socket.getaddrinfo":
        events.append([event, repr(args[0])])

sys.addaudithook(hook)
from app.cli import main
codes = []
for argv in json.loads(sys.argv[1]):
    try:
        codes.append(main(argv))
    except SystemExit as exc:
        codes.append(exc.code)
print("RESULT " + json.dumps({"codes": codes, "events": events}))
"""


def run_verbs(verbs: list[list[str]], cwd) -> dict:
    env = {**os.environ, "PYTHONPATH": python_path(), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", HARNESS, json.dumps(verbs)], capture_output=True,
                         text=True, env=env, cwd=cwd, timeout=600)
    line = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line, out.stderr[-3000:]
    return json.loads(line[len("RESULT "):])


def _fingerprint(p12: str) -> str:
    from app.documents.keys import certificate_fingerprint
    from app.documents.signing import open_key_file

    return certificate_fingerprint(open_key_file(p12, "mật khẩu").cert)


def test_no_verb_but_remote_sign_connects(tmp_path, csc_server):
    db, office = str(tmp_path / "cell.sqlite"), str(tmp_path / "office.sqlite")
    pw = tmp_path / "pw.txt"
    pw.write_text("mật khẩu\n", encoding="utf-8")
    key, usb = str(tmp_path / "hoa.p12"), str(tmp_path / "usb")
    verbs = [["demo", "--db", db],
             ["members", "list", "--db", db],
             ["meeting", "list", "--json", "--db", db],
             ["schedule", "--year", "2026"],
             ["keys", "new", "--name", "Nguyễn Thị Hoa", "--out", key, "--passphrase-file",
              str(pw), "--db", db],
             ["remote", "queue", "--db", db],
             ["remote", "add", "thử", "--url", csc_server["url"], "--credential",
              csc_server["credential"], "--db", db],
             ["remote", "list", "--db", db],
             ["report", "--year", "2026", "--json", "--db", db],
             ["plan-pdf", "--year", "2026", "--out", str(tmp_path / "plan.pdf"), "--db", db]]
    first = run_verbs(verbs, tmp_path)
    assert first["events"] == [], first["events"]
    assert first["codes"][:3] == [0, 0, 0]
    meetings = json.loads(subprocess.run(
        [sys.executable, "-m", "app.cli", "meeting", "list", "--json", "--db", db],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": python_path()}).stdout)
    done = [m["id"] for m in meetings if m["status"] == "finalised"]
    signed = str(tmp_path / "signed.pdf")
    verbs = [["minutes", done[0], "--out", str(tmp_path / "m.pdf"), "--db", db],
             ["minutes", done[1], "--out", signed, "--sign", key, "--passphrase-file", str(pw),
              "--db", db],
             ["verify", signed, "--db", db],
             ["export", "--out", usb, "--all-new", "--sign", key, "--passphrase-file", str(pw),
              "--allow-unsigned", "--db", db],
             ["export", "--status", "--json", "--db", db],
             ["office", "import", usb, "--trust-new", "--db", office, "--receipts", usb,
              "--sign", key, "--passphrase-file", str(pw)],
             ["office", "send", signed, "--all", "--out", usb, "--sign", key,
              "--passphrase-file", str(pw), "--db", office],
             ["inbox", "trust", _fingerprint(key), "--db", db],
             ["inbox", "import", usb, "--db", db],
             ["inbox", "documents", "--db", db]]
    second = run_verbs(verbs, tmp_path)
    assert second["events"] == [], second["events"]
    assert second["codes"] == [0] * len(verbs), second["codes"]
    # The only verb that connects, and only to the provider the secretary chose.
    remote = run_verbs([["remote", "sign", "thử", "--meeting", done[0], "--retries", "0",
                         "--db", db]], tmp_path)
    assert remote["codes"] == [0]
    connects = [e for e in remote["events"] if e[0] == "socket.connect"]
    assert connects and all(f"'127.0.0.1', {csc_server['port']}" in e[1] for e in connects)
