#!/usr/bin/env sh
# Installs this chibo folder for the current user (no root, no Python needed):
# the program in ~/.local/opt/chibo, a `chibo` launcher in ~/.local/bin, a menu entry and
# the icon. The data file stays in ~/.local/share/chibo and is kept across upgrades.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DEST="${HOME}/.local/opt/chibo"
mkdir -p "${HOME}/.local/opt" "${HOME}/.local/bin" "${HOME}/.local/share/applications" \
         "${HOME}/.local/share/icons/hicolor/256x256/apps"
if [ "$HERE" != "$DEST" ]; then
  rm -rf "$DEST.new" && cp -a "$HERE" "$DEST.new" && rm -rf "$DEST" && mv "$DEST.new" "$DEST"
fi
ln -sf "$DEST/chibo" "${HOME}/.local/bin/chibo"
cp "$DEST/chibo.png" "${HOME}/.local/share/icons/hicolor/256x256/apps/chibo.png"
sed "s|^Exec=.*|Exec=$DEST/chibo|" "$DEST/chibo.desktop" \
  > "${HOME}/.local/share/applications/chibo.desktop"
echo "chibo installed in $DEST (launcher: ~/.local/bin/chibo, menu: Office → chibo)"
