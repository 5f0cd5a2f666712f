#!/usr/bin/env bash
# Install the built program (dist/tracker, from packaging/tracker.spec) for the current user:
# the program folder, a `tracker` command, the menu entry, the icon and the AppStream metadata.
#     packaging/linux/install.sh [DIST_FOLDER]        (PREFIX defaults to ~/.local)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="${1:-$root/dist/tracker}"
prefix="${PREFIX:-$HOME/.local}"
[[ -x "$dist/tracker" ]] || { echo "no built program at $dist (build it first: see packaging/README.md)" >&2; exit 1; }

mkdir -p "$prefix/opt" "$prefix/bin" "$prefix/share/applications" "$prefix/share/metainfo"
rm -rf "$prefix/opt/tracker"
cp -a "$dist" "$prefix/opt/tracker"
ln -sf "$prefix/opt/tracker/tracker" "$prefix/bin/tracker"
install -m 644 "$here/tracker.desktop" "$prefix/share/applications/tracker.desktop"
install -m 644 "$here/tracker.metainfo.xml" "$prefix/share/metainfo/tracker.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$prefix/share/icons/hicolor/${size}x${size}/apps"
    install -m 644 "$root/resources/icons/tracker-$size.png" "$prefix/share/icons/hicolor/${size}x${size}/apps/tracker.png"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
install -m 644 "$root/resources/icons/tracker.svg" "$prefix/share/icons/hicolor/scalable/apps/tracker.svg"
echo "installed: $prefix/bin/tracker (menu entry: tracker)"
