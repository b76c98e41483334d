"""Problems found in the user's input, each pinned to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from readiness.report.escape import neutralise_commands, plain_line


@dataclass(frozen=True, slots=True)
class Diagnostic:
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


class InputError(Exception):
    """The input cannot be used: carries every diagnostic found, so all are reported at once."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.file, d.line, d.column))
        super().__init__("\n".join(d.render() for d in self.diagnostics))


def truncate(text: str, limit: int = 80) -> str:
    """Shorten user text quoted in a message, so a hostile value cannot flood the output; control
    and other invisible characters are shown escaped (`abc\\n`), so the reader sees them."""
    text = text[: limit * 2]  # enough to fill the limit; a hostile value may be megabytes
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
