"""Renderers: one module per output format, each a pure `render(assessment) -> str`.

The registry maps a format name to its module, imported only when that format is used, so
`--format json` never pays for Jinja2 or Rich, and to the file extensions that select it for
`-o PATH`. The CLI's `--format` choices and its extension map both come from here: a new format
is one entry below and needs no CLI change.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from readiness.model import Assessment


class Format(NamedTuple):
    """Where a format's renderer lives, and which `-o` file extensions choose it."""

    module: str
    extensions: tuple[str, ...] = ()


FORMATTERS: dict[str, Format] = {
    # No extension: plain text for a person; `-o terminal=PATH` still writes it.
    "terminal": Format("readiness.report.terminal"),
    "markdown": Format("readiness.report.markdown", (".md", ".markdown")),
    "json": Format("readiness.report.json_result", (".json",)),
    "sarif": Format("readiness.report.sarif", (".sarif",)),
    "junit": Format("readiness.report.junit", (".xml",)),
    # Workflow commands belong on standard output; `-o github=PATH` for the curious.
    "github": Format("readiness.report.github"),
    # The bid annex: one self-contained HTML file, laid out to print on A4.
    "html": Format("readiness.report.html", (".html", ".htm")),
}


def extension_formats() -> dict[str, str]:
    """Each known file extension (lower case, with its dot) and the format it selects."""
    return {ext: name for name, entry in FORMATTERS.items() for ext in entry.extensions}


class Formatter(Protocol):
    """What every format module provides."""

    def render(self, assessment: Assessment) -> str: ...


def formatter(name: str) -> Formatter:
    """The module that renders `name`; raises KeyError for an unknown format."""
    module: Formatter = importlib.import_module(FORMATTERS[name].module)
    return module


def render(name: str, assessment: Assessment) -> str:
    """Render an assessment in the named format."""
    return formatter(name).render(assessment)
