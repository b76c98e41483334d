"""How many entries of a project's long lists a report for people prints.

A project file may list tens of thousands of waivers, evidence entries or evidence files; the
terminal, Markdown and HTML reports print the first `LIST_CAP` of each and say how many they
left out, so a report's cost stays bounded whatever the file holds (issue 18). The JSON, SARIF
and JUnit reports are for machines and keep every entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["GAP_CAP", "LIST_CAP", "NAME_CAP", "capped", "left_out", "short_name"]

LIST_CAP = 200
"""Entries of one list printed in a report for people."""

GAP_CAP = 100
"""Gaps of one bucket printed in a report for people: the built-in packs hold 65 checks, so only
a pack of thousands of failing checks reaches it (issue 18's failing-checks pack)."""

NAME_CAP = 400
"""Characters of a name or title printed in the terminal report."""

T = TypeVar("T")


def capped(items: Sequence[T], cap: int = LIST_CAP) -> tuple[Sequence[T], int]:
    """The entries to print and how many are left out."""
    if len(items) <= cap:
        return items, 0
    return items[:cap], len(items) - cap


def left_out(count: int, noun: str, source: str = "the JSON report") -> str:
    """The line that stands for what a cap left out: `… and 1,234 more waivers (the JSON report
    lists them all)`; `source` for a list the JSON report does not hold."""
    return f"… and {count:,} more {noun} ({source} lists them all)"


def short_name(text: str, cap: int = NAME_CAP) -> str:
    """A name cut to `cap` characters, saying how many were left out."""
    if len(text) <= cap:
        return text
    return f"{text[:cap]}… ({len(text) - cap:,} more characters)"
