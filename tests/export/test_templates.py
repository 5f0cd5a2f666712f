"""The page templates are found where the program runs from, compiled once per process, and
escape whatever fills them in."""

from __future__ import annotations

import pytest

from tracker.export import templates
from tracker.export.report.html import REPORT
from tracker.export.templates import TEMPLATES_DIR, Templates


def _names() -> list[str]:
    return sorted(p.name for p in TEMPLATES_DIR.glob("*.html"))


def test_the_templates_sit_beside_the_other_resources() -> None:
    assert TEMPLATES_DIR.is_dir()
    assert {"report.html", "home.html", "page_country.html", "page_macros.html"} <= set(_names())
    assert (TEMPLATES_DIR / "report.css").is_file() and (TEMPLATES_DIR / "trip_report.hwpx").is_file()


@pytest.mark.parametrize("name", _names())
def test_every_template_compiles(name) -> None:  # type: ignore[no-untyped-def]
    from tracker.ui.templates import PAGES

    (REPORT if name.startswith("report") else PAGES).environment.get_template(name)


def test_a_template_is_compiled_once_and_its_file_not_reread(monkeypatch) -> None:
    from tracker.ui.templates import PAGES as owner

    first = owner.environment.get_template("page_topic.html")
    reads = []
    real = owner.environment.loader.get_source
    monkeypatch.setattr(owner.environment.loader, "get_source", lambda *a: reads.append(a) or real(*a))
    assert owner.environment.get_template("page_topic.html") is first
    assert not reads  # not even a stat() to see whether the file changed
    assert owner.environment is owner.environment


def test_whatever_fills_a_template_is_escaped_and_keeps_its_line_breaks() -> None:
    out = (
        Templates(compact=True)
        .environment.from_string("<p>\n  {{ text }}\n</p>\n<p>{{ text|lines }}</p>")
        .render(text="a <b>&\nb")
    )
    assert out == "<p>a &lt;b&gt;&amp;\nb</p><p>a &lt;b&gt;&amp;<br>b</p>"


def test_start_up_does_not_pay_for_jinja() -> None:
    import subprocess
    import sys

    code = "import sys, tracker.export.templates, tracker.ui.templates; print('jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert templates.thousands(12345) == "12,345"
