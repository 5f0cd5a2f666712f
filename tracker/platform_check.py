"""Before Qt starts on Linux: name the system libraries its xcb platform plugin needs.

Without them Qt aborts with a message about 'xcb-cursor0' that rarely names the real culprit.
"""

from __future__ import annotations

import os
import sys

# The library (its soname) -> the Debian/Ubuntu package that installs it
XCB_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}
# Where distributions put shared libraries ({arch}: Debian's multiarch triplet).
LIBRARY_DIRS = ("/usr/lib/{arch}", "/lib/{arch}", "/usr/lib64", "/lib64", "/usr/lib", "/lib")


def missing_linux_packages() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return []
    # This runs at every start, before the window: on a working desktop each library is a
    # file in one of the usual folders (a few look-ups, no program run). Only a library found
    # nowhere there is looked for the slow ways: the linker's cache (one program run), then
    # find_library (a program per call, about 80 ms for the twelve).
    wanted = [soname for soname in XCB_LIBS if not _in_library_dirs(soname)]
    if not wanted:
        return []
    import ctypes.util

    known = _ldconfig_sonames()
    return [
        XCB_LIBS[soname]
        for soname in wanted
        if soname not in known and ctypes.util.find_library(soname[3:].split(".so")[0]) is None
    ]


def _in_library_dirs(soname: str) -> bool:
    arch = getattr(sys.implementation, "_multiarch", None) or ""
    folders = dict.fromkeys(d.format(arch=arch) for d in LIBRARY_DIRS)
    return any(os.path.exists(os.path.join(folder, soname)) for folder in folders)


def _ldconfig_sonames() -> set[str]:
    """'libxcb-cursor.so.0' for every library in the linker's cache (empty when it cannot be read)."""
    import subprocess

    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            out = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        return {line.split()[0] for line in out.splitlines()[1:] if ".so" in line}
    return set()


def explain(missing: list[str]) -> str:
    return (
        "Qt needs system libraries that are not installed / Qt 실행에 필요한 시스템 라이브러리가 없습니다:\n"
        f"  sudo apt-get install -y {' '.join(missing)}\n"
        "(Fedora: dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms xcb-util-image "
        "xcb-util-renderutil libxkbcommon-x11)"
    )
