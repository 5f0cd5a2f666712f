"""Before Qt starts on Linux: name the system libraries its xcb platform plugin needs.

Without them Qt aborts with a message about 'xcb-cursor0' that rarely names the real culprit.
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys

# library soname stem -> Debian/Ubuntu package
XCB_LIBS = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-randr": "libxcb-randr0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
}


def missing_linux_packages() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return []
    known = _ldconfig_sonames()
    # find_library runs a program per call (about 80 ms for the twelve): ask the linker's
    # cache once, and only ask find_library about what the cache did not list.
    return [
        pkg
        for lib, pkg in XCB_LIBS.items()
        if f"lib{lib}.so" not in known and ctypes.util.find_library(lib) is None
    ]


def _ldconfig_sonames() -> set[str]:
    """'libxcb-cursor.so' for every library in the linker's cache (empty when it cannot be read)."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            out = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        return {line.split()[0].split(".so")[0] + ".so" for line in out.splitlines()[1:] if ".so" in line}
    return set()


def explain(missing: list[str]) -> str:
    return (
        "Qt needs system libraries that are not installed / Qt 실행에 필요한 시스템 라이브러리가 없습니다:\n"
        f"  sudo apt-get install -y {' '.join(missing)}\n"
        "(Fedora: dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms xcb-util-image "
        "xcb-util-renderutil libxkbcommon-x11)"
    )
