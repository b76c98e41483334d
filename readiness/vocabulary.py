"""The fixed words a user can type as a choice: gap severities and what can fail the gate.

Kept apart from model.py, whose dataclasses take longer to build than the rest of `--help`
takes to run, so the CLI can declare its choices without loading the model.
"""

from __future__ import annotations

from typing import Literal

Severity = Literal["blocker", "high", "medium", "low"]

SEVERITIES: tuple[Severity, ...] = ("blocker", "high", "medium", "low")

# `--fail-on`: a not_ready verdict, any gap at least this severe, or never.
FAIL_ON_CHOICES: tuple[str, ...] = ("not_ready", *SEVERITIES, "never")
