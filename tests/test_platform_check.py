"""Before Qt starts on Linux, a missing system library is named by its package. The check is on
every start, so a library found in the usual folders costs no program run: only one found
nowhere there is asked of the linker's cache and of find_library."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from tracker import platform_check

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb check is for Linux")


@linux_only
def test_a_missing_library_is_named_by_its_package(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(
        platform_check, "XCB_LIBS", {"libc.so.6": "libc6", "libtracker-no-such-lib.so.9": "libtracker-none9"}
    )
    asked: list[str] = []
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda n: asked.append(n) or real(n))
    missing = platform_check.missing_linux_packages()
    assert missing == ["libtracker-none9"]
    assert "libtracker-none9" in platform_check.explain(missing)
    assert asked == ["tracker-no-such-lib"]  # libc was found without find_library's program


@linux_only
def test_libraries_in_the_usual_folders_cost_no_program_run(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(platform_check, "XCB_LIBS", {"libc.so.6": "libc6", "libm.so.6": "libc6"})
    ran: list[object] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: ran.append(a))
    monkeypatch.setattr(ctypes.util, "find_library", lambda n: ran.append(n))
    assert platform_check.missing_linux_packages() == []
    assert ran == []


@linux_only
def test_a_library_outside_the_usual_folders_is_found_through_the_linker(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(platform_check, "LIBRARY_DIRS", (str(tmp_path),))  # nothing listed there
    monkeypatch.setattr(platform_check, "XCB_LIBS", {"libc.so.6": "libc6"})
    assert platform_check.missing_linux_packages() == []  # the linker's cache (or find_library) knows libc
