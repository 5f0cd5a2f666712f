"""The HTML the program writes (the record pages, Home, the HTML report) comes from Jinja2
templates in resources/templates, with autoescape on: whatever an officer typed (a title with
<b>, & or <script>) is text on the page, never markup, without each writer having to remember
to escape it.

Each set of templates makes its Jinja2 environment on first use and keeps it for the process:
a template is compiled once, and its file is not looked at again (the files do not change
while the program runs). Importing jinja2 costs about 30 ms, which start-up does not pay.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from tracker import config
from tracker.domain.i18n import pick

if TYPE_CHECKING:
    import jinja2

# Beside the report templates (trip_report.hwpx): the package data and the one-folder build
# carry the whole folder (pyproject.toml's package-data, packaging/tracker.spec).
TEMPLATES_DIR = config.RESOURCES_DIR / "templates"


def compact(source: str) -> str:
    """A template's source, written one element a line for reading, joined into one line.
    Qt's rich text keeps whitespace after a closing tag (a paragraph followed by a newline
    reads "None "), so the pages carry none between their elements. Only the template's own
    text is joined: what fills it in is never touched."""
    return re.sub(r"[ \t]*\n\s*", "", source)


def lines(text: str | None) -> Markup:
    """Text with its line breaks kept: escaped, each newline a <br>."""
    return Markup(str(escape(text or "")).replace("\n", "<br>"))


def thousands(number: int) -> str:
    return f"{number:,}"


class Templates:
    """Templates rendered with the same filters, from one environment made on first use."""

    def __init__(self, *, compact: bool = False, **filters: Callable[..., Any]) -> None:
        """`compact`: the templates' own line breaks are dropped (see compact())."""
        self._compact = compact
        self._filters = filters
        self._environment: jinja2.Environment | None = None

    @property
    def environment(self) -> jinja2.Environment:
        if self._environment is None:
            import jinja2
            import jinja2.ext

            class Compact(jinja2.ext.Extension):
                def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
                    return compact(source)

            env = jinja2.Environment(
                loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                autoescape=True,
                auto_reload=False,  # compiled once; the files are not stat()ed on every page
                undefined=jinja2.StrictUndefined,  # a misspelt name fails, never prints ""
                extensions=[Compact] if self._compact else [],
                # A block tag alone on its line leaves no line behind.
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            env.globals["pick"] = pick  # called as the page renders: the language of the moment
            env.filters.update(lines=lines, thousands=thousands, **self._filters)
            self._environment = env
        return self._environment

    def render(self, name: str, /, **context: Any) -> str:
        return self.environment.get_template(name).render(context)
