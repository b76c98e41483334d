"""The fixed words a user can type as a choice (gap severities, what can fail the gate), and
how a sentence names a list of check ids.

Kept apart from model.py, whose dataclasses take longer to build than the rest of `--help`
takes to run, so the CLI can declare its choices without loading the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

Severity = Literal["blocker", "high", "medium", "low"]

SEVERITIES: tuple[Severity, ...] = ("blocker", "high", "medium", "low")

# `--fail-on`: a not_ready verdict, any gap at least this severe, or never.
FAIL_ON_CHOICES: tuple[str, ...] = ("not_ready", *SEVERITIES, "never")

# An evidence register entry's `kind`, strongest first: measured beats documented beats
# estimated beats asserted. The first two are strong enough to stand as evidence of a figure.
EVIDENCE_GRADES: tuple[str, ...] = ("measured", "documented", "estimated", "asserted")
STRONG_EVIDENCE = frozenset(EVIDENCE_GRADES[:2])


def strongest_grade(kinds: Iterable[str | None]) -> str | None:
    """The strongest evidence kind among `kinds`; None when none is a known kind."""
    found = set(kinds)
    return next((grade for grade in EVIDENCE_GRADES if grade in found), None)


IDS_SHOWN = 40
"""Ids a sentence names before it counts the rest (a step may close thousands of checks)."""


def list_ids(ids: Sequence[str]) -> str:
    """`A, B, C`; past `IDS_SHOWN`, `A, B, … and 1,234 more` (a table cell)."""
    if len(ids) > IDS_SHOWN:
        return f"{', '.join(ids[:IDS_SHOWN])} and {len(ids) - IDS_SHOWN:,} more"
    return ", ".join(ids)


def join_ids(ids: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`; past `IDS_SHOWN`, `A, B, … and 1,234 more`."""
    if len(ids) > IDS_SHOWN:
        return f"{', '.join(ids[:IDS_SHOWN])} and {len(ids) - IDS_SHOWN:,} more"
    if len(ids) <= 1:
        return "".join(ids)
    return f"{', '.join(ids[:-1])} and {ids[-1]}"
