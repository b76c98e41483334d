"""Rows for the terminal report, laid out as `Table.grid(padding=(0, 1))` would lay them out.

The gap, waiver and check lists are grids of a few narrow columns that never wrap (a check id,
a severity) and one that does (what was found, what to do). Rich's table measures every cell of
every column through its renderable protocol, which was most of a report's cost (about 40 ms of
the 60 ms a file took). `AlignedRows` computes the same column widths (Rich's rules: each
column as wide as its widest cell plus one space of padding, at least its `min_width`; the last
column shrinks to what is left and its text wraps there, long words cut with an ellipsis) and
wraps the text with Rich's own `Text.wrap`, so the output is byte for byte what the grid prints
(`tests/test_terminal_rows.py` checks it against the grid on generated rows and widths). Where
Rich would have to squeeze the narrow columns too, the rows are handed to the real grid.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

__all__ = ["AlignedRows"]


class AlignedRows:
    """Rows of fixed columns (never wrapped) and a last column that wraps, printed by Rich."""

    def __init__(self, *min_widths: int) -> None:
        """One fixed column per minimum width; the wrapping column comes last."""
        self.min_widths = min_widths
        self.rows: list[tuple[Text, ...]] = []

    def add_row(self, *cells: Text | str) -> None:
        """One row: a cell per fixed column, then the wrapping cell."""
        if len(cells) != len(self.min_widths) + 1:
            msg = f"a row of {len(self.min_widths) + 1} cells, not {len(cells)}"
            raise ValueError(msg)
        self.rows.append(tuple(Text(cell) if isinstance(cell, str) else cell for cell in cells))

    def widths(self, width: int) -> list[int] | None:
        """Each column's width with its padding, as Rich's grid computes it for `width`
        columns; None where Rich would have to narrow the fixed columns as well."""
        widths = []
        for index, minimum in enumerate(self.min_widths):
            widest = max((cell_len(row[index].plain) for row in self.rows), default=0)
            widths.append(max(min(widest + 1, width), minimum + 1) or 1)
        widest_line = max(
            (cell_len(line) for row in self.rows for line in row[-1].plain.splitlines()),
            default=0,
        )
        widths.append(min(widest_line, width) or 1)
        excess = sum(widths) - width
        if excess > 0:
            if excess >= widths[-1]:
                return None
            widths[-1] -= excess
        return widths

    def lines(self, console: Console, width: int) -> list[Text] | None:
        """The laid-out lines (None: see `widths`)."""
        widths = self.widths(width)
        if widths is None:
            return None
        *fixed, last = widths
        indent = " " * sum(fixed)
        lines: list[Text] = []
        for row in self.rows:
            first = Text()
            for cell, cell_width in zip(row, fixed, strict=False):
                padded = cell.copy()
                padded.pad_right(cell_width - cell_len(cell.plain))
                first.append_text(padded)
            wrapped = row[-1].wrap(console, last, justify="left", overflow="ellipsis")
            for number, line in enumerate(wrapped):
                lines.append((first if number == 0 else Text(indent)) + line)
        return lines

    def as_table(self) -> Table:
        """The same rows as a Rich grid (for a width too narrow for `lines`)."""
        grid = Table.grid(padding=(0, 1))
        for minimum in self.min_widths:
            grid.add_column(no_wrap=True, min_width=minimum or None)
        grid.add_column()
        for row in self.rows:
            grid.add_row(*row)
        return grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.lines(console, options.max_width)
        if lines is None:
            yield self.as_table()
            return
        for line in lines:  # already laid out: segments, not a Text to wrap all over again
            yield from line.render(console)
            yield Segment.line()
