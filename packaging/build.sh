#!/usr/bin/env bash
# Build the one-folder program on Linux: dist/chibo/chibo, and a tarball with a launcher,
# the desktop entry and the icon. Usage: packaging/build.sh [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-python3}
BUILD_VENV=build/venv
if [[ ! -x $BUILD_VENV/bin/python ]]; then
  "$PY" -m venv "$BUILD_VENV"
fi
"$BUILD_VENV/bin/pip" install -q --upgrade pip
"$BUILD_VENV/bin/pip" install -q -e . "pyinstaller>=6.5"
"$BUILD_VENV/bin/python" -m app.i18n compile
"$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/chibo.spec

VERSION=$("$BUILD_VENV/bin/python" -c "import app; print(app.__version__)")
cp packaging/linux/chibo.desktop packaging/linux/chibo.png dist/chibo/
install -m 755 packaging/linux/install.sh dist/chibo/install.sh
# xz rather than gzip: 49 MB instead of 62 MB; every Linux tar and file manager opens it.
TARBALL="dist/chibo-$VERSION-linux-$(uname -m).tar.xz"
rm -f dist/chibo-*-linux-*.tar.gz "$TARBALL"
tar -C dist -cf - chibo | xz -T0 -6 > "$TARBALL"
du -sh dist/chibo | awk '{print "build size: " $1}'
ls -l "$TARBALL" | awk '{print "tarball: " $5 " bytes"}'
