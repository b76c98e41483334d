"""Renderers: one module per output format, each a pure `render(assessment) -> str`.

The registry maps a format name to its module, imported only when that format is used, so
`--format json` never pays for Jinja2 or Rich. The CLI's `--format` choices are its keys.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from readiness.model import Assessment

FORMATTERS: dict[str, str] = {
    "terminal": "readiness.report.terminal",
    "markdown": "readiness.report.markdown",
    "json": "readiness.report.json_result",
    "sarif": "readiness.report.sarif",
    "junit": "readiness.report.junit",
    "github": "readiness.report.github",
}


class Formatter(Protocol):
    """What every format module provides."""

    def render(self, assessment: Assessment) -> str: ...


def formatter(name: str) -> Formatter:
    """The module that renders `name`; raises KeyError for an unknown format."""
    module: Formatter = importlib.import_module(FORMATTERS[name])
    return module


def render(name: str, assessment: Assessment) -> str:
    """Render an assessment in the named format."""
    return formatter(name).render(assessment)
