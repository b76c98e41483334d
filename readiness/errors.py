"""Problems found in the user's input, each pinned to a file, line and column."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from readiness.record import Record
from readiness.report.escape import neutralise_commands, plain_line


class Diagnostic(Record):
    """One problem in an input file, located where the user can fix it (line 0: the whole file)."""

    file: str
    line: int
    column: int
    message: str
    path: str = ""
    hint: str = ""
    severity: str = "error"

    def render(self) -> str:
        """Format as `FILE:LINE:COL: error: path: message` plus an indented hint line.

        File names, keys and quoted values come from the user: each stays on its line (a line
        break shows as `\\n`), without control characters, and no CI command can start a line.
        """
        where = f"{plain_line(self.path)}: " if self.path else ""
        file = plain_line(self.file)
        at = f"{file}:{self.line}:{self.column}" if self.line else file
        text = f"{at}: {self.severity}: {where}{plain_line(self.message)}"
        if self.hint:
            text += f"\n    hint: {plain_line(self.hint)}"
        return neutralise_commands(text)

    def as_dict(self) -> dict[str, object]:
        """The diagnostic as plain data for `--format json`."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


class ProblemsLeftOut(Diagnostic):
    """The closing `… and N more problems` line of a capped list: it stands for `count` problems
    not shown (at least that many when `stopped`, as collection stopped), not for one more."""

    count: int = 0
    stopped: bool = False


def count_problems(diagnostics: Iterable[Diagnostic]) -> tuple[int, bool]:
    """How many problems a list of diagnostics reports, and whether that is exact: a closing
    `… and N more` line counts as the N it stands for (a lower bound if counting stopped)."""
    total, exact = 0, True
    for diagnostic in diagnostics:
        if isinstance(diagnostic, ProblemsLeftOut):
            total += diagnostic.count
            exact = exact and not diagnostic.stopped
        else:
            total += 1
    return total, exact


class InputError(Exception):
    """The input cannot be used: carries every diagnostic found, so all are reported at once."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.file, d.line, d.column))
        super().__init__("\n".join(d.render() for d in self.diagnostics))


MAX_PROBLEMS_PER_FILE = 100
"""Diagnostics shown per file; past this one line says how many more there are."""
COLLECT_LIMIT = 1000
"""Diagnostics collected per file before collection stops: well past what is shown, so the
shown ones are the first by line among many, and a flood of problems costs no more than this."""


def sort_and_cap(file: str, found: list[Diagnostic], *, stopped: bool = False) -> list[Diagnostic]:
    """Sort by position and drop duplicates; past the cap, one line says how many were left
    (`stopped`: collection itself stopped at COLLECT_LIMIT, so there are at least that many)."""
    problems = sorted(set(found), key=lambda d: (d.line, d.column, d.message))
    if len(problems) > MAX_PROBLEMS_PER_FILE:
        extra = len(problems) - MAX_PROBLEMS_PER_FILE
        problems = problems[:MAX_PROBLEMS_PER_FILE]
        last = problems[-1]
        more = (
            f"at least {extra:,} more problems (counting stopped)"
            if stopped
            else (f"{extra:,} more problems")
        )
        summary = f"… and {more}"
        problems.append(
            ProblemsLeftOut(file, last.line, last.column, summary, count=extra, stopped=stopped)
        )
    return problems


class ProblemList:
    """One file's diagnostics as they are found. Collection stops at COLLECT_LIMIT (`full` tells
    a loop over a flood of entries to stop too), and a hint that costs a search (a did-you-mean)
    is given as a function, called only for the diagnostics shown."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Diagnostic] = []
        self.stopped = False
        self._lazy_hints: dict[Diagnostic, Callable[[], str]] = {}

    @property
    def full(self) -> bool:
        """Whether collection has stopped: more problems would not be kept."""
        return len(self.found) >= COLLECT_LIMIT

    def add(self, diagnostic: Diagnostic, hint: Callable[[], str] | None = None) -> None:
        """Keep a diagnostic (with its hint to compute, if any) unless collection has stopped."""
        if self.full:
            self.stopped = True
            return
        self.found.append(diagnostic)
        if hint is not None:
            self._lazy_hints[diagnostic] = hint

    def finish(self) -> list[Diagnostic]:
        """The diagnostics to show, sorted and capped, each with its hint."""
        # Full: whether there are more is unknown, so "at least" is what is true.
        shown = sort_and_cap(self.file, self.found, stopped=self.stopped or self.full)
        return [
            replace(d, hint=self._lazy_hints[d]()) if d in self._lazy_hints else d for d in shown
        ]


def truncate(text: str, limit: int = 80) -> str:
    """Shorten user text quoted in a message, so a hostile value cannot flood the output; control
    and other invisible characters are shown escaped (`abc\\n`), so the reader sees them."""
    text = text[: limit * 2]  # enough to fill the limit; a hostile value may be megabytes
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
