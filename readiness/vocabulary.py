"""The fixed words a user can type as a choice: gap severities and what can fail the gate.

Kept apart from model.py, whose dataclasses take longer to build than the rest of `--help`
takes to run, so the CLI can declare its choices without loading the model.
"""

from __future__ import annotations

from collections.abc import Iterable
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
