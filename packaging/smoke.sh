#!/usr/bin/env bash
# Builds chibo, then runs the built program with no Python on the PATH: --version, the demo
# into a temporary database, the minutes of a demo meeting to a signed PDF, verify that PDF,
# and the GUI started offscreen. Prints sizes and times. Usage: packaging/smoke.sh [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
t0=$(date +%s.%N)
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  packaging/build.sh "${1:-python3}"
fi
t1=$(date +%s.%N)
BIN="$ROOT/dist/chibo/chibo"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# No Python anywhere on the PATH, no user site, nothing inherited that points at the sources.
run() { env -i HOME="$WORK/home" PATH="/nonexistent" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
            XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache" \
            CHIBO_SETTINGS="$WORK/settings.json" "$@"; }
step() { printf '%-28s' "$1"; }

step "libraries"
MISSING=$(find dist/chibo/_internal -name '*.so*' -type f -exec ldd {} \; 2>/dev/null | grep 'not found' | sort -u || true)
[[ -z $MISSING ]] || { echo "missing: $MISSING"; exit 1; }
echo "every bundled library resolves"
step "--version";  run "$BIN" --version
step "demo";       run "$BIN" demo --db "$WORK/demo.sqlite"
# (The list is read whole first: "grep -m1" closing the pipe early made chibo fail on EPIPE.)
LIST=$(run "$BIN" meeting list --json --db "$WORK/demo.sqlite")
MEETING=$(printf '%s\n' "$LIST" | grep -m1 '"id"' | sed 's/.*"id": "\([^"]*\)".*/\1/')
printf 'secret passphrase\n' > "$WORK/pass.txt"
step "keys new";   run "$BIN" keys new --name "Nguyễn Thị Hoa" --out "$WORK/key.p12" \
                     --passphrase-file "$WORK/pass.txt" --db "$WORK/demo.sqlite"
step "minutes";    run "$BIN" minutes "$MEETING" --out "$WORK/minutes.pdf" --sign "$WORK/key.p12" \
                     --passphrase-file "$WORK/pass.txt" --db "$WORK/demo.sqlite" && echo "$(stat -c %s "$WORK/minutes.pdf") bytes"
step "verify";     run "$BIN" verify "$WORK/minutes.pdf" | head -3
step "GUI (offscreen)"
start=$(date +%s.%N)
OUT=$(timeout 60 env -i HOME="$WORK/home" PATH="/nonexistent" LANG=C.UTF-8 \
      QT_QPA_PLATFORM=offscreen XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" \
      XDG_CACHE_HOME="$WORK/cache" CHIBO_SETTINGS="$WORK/settings.json" CHIBO_EXIT_WHEN_SHOWN=1 \
      "$BIN" --db "$WORK/demo.sqlite" 2>&1 || true)
echo "$OUT"
end=$(date +%s.%N)
echo "$OUT" | grep -q '^shown ' || { echo "the GUI did not show its window"; exit 1; }
echo
echo "build time:        $(printf '%.0f' "$(echo "$t1 - $t0" | bc)") s"
echo "build folder size: $(du -sh dist/chibo | cut -f1)"
ls dist/*.tar.xz >/dev/null 2>&1 && echo "tarball size:      $(du -sh dist/*.tar.xz | tail -1 | cut -f1)" \
  "($(stat -c %s dist/*.tar.xz | tail -1) bytes)"
echo "build folder bytes: $(du -sb dist/chibo | cut -f1)"
echo "GUI start to exit: $(printf '%.2f' "$(echo "$end - $start" | bc)") s"
echo "smoke test passed"
