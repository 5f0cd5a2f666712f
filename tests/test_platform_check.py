"""Before Qt starts on Linux, a missing system library is named by its package; the check reads
the linker's cache once instead of running a program per library (it is on every start)."""

from __future__ import annotations

import sys

import pytest

from tracker import platform_check


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb check is for Linux")
def test_a_missing_library_is_named_by_its_package(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(platform_check, "XCB_LIBS", {"c": "libc6", "tracker-no-such-lib": "libtracker-none9"})
    asked: list[str] = []
    real = platform_check.ctypes.util.find_library
    monkeypatch.setattr(platform_check.ctypes.util, "find_library", lambda n: asked.append(n) or real(n))
    missing = platform_check.missing_linux_packages()
    assert missing == ["libtracker-none9"]
    assert "libtracker-none9" in platform_check.explain(missing)
    assert asked == ["tracker-no-such-lib"]  # libc came from the cache, without a program run
