"""`AlignedRows` prints exactly what Rich's `Table.grid(padding=(0, 1))` prints, only faster."""

from __future__ import annotations

import io

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from readiness.report.rows import AlignedRows
from readiness.report.terminal import report_console

# Narrow and wide characters, spaces and long words: what moves widths and wrapping.
WORDS = st.sampled_from(
    ["a", "IR-02", "blocker", "samples/press.yaml:149", "→", "漢字", "x" * 30, "é", "", "  "]
)
CELL = st.lists(WORDS, max_size=12).map(" ".join)


def _print(renderable: object, width: int, color: bool = False) -> str:
    stream = io.StringIO()
    console = report_console(stream, width, color)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in stream.getvalue().splitlines())


@settings(max_examples=300, deadline=None)
@given(
    minimums=st.sampled_from([(6, 7), (0,), (3,), (6, 7, 2)]),
    rows=st.lists(st.lists(CELL, min_size=4, max_size=4), min_size=1, max_size=6),
    width=st.integers(min_value=20, max_value=130),
)
def test_the_same_text_as_rich_grid(
    minimums: tuple[int, ...], rows: list[list[str]], width: int
) -> None:
    """Any cells, any width: the rows print as the grid prints them (or are the grid)."""
    aligned = AlignedRows(*minimums)
    for row in rows:
        cells = [*row[: len(minimums)], row[-1]]
        aligned.add_row(*(Text(cell) for cell in cells))
    assert _print(aligned, width) == _print(aligned.as_table(), width)
    if aligned.widths(width) is not None:
        event("laid out without the grid")


def test_gap_rows_keep_their_styles() -> None:
    """Coloured output still colours the id, the severity and the wrapped text."""
    aligned = AlignedRows(6, 7)
    aligned.add_row(Text("IR-02", style="bold"), Text("blocker", style="red"), Text("x " * 50))
    lines = aligned.lines(Console(width=60), 60)
    assert lines is not None  # laid out here, not by the grid
    assert len(lines) == 3
    assert aligned.lines(Console(width=14), 14) is None  # too narrow: the grid's own squeeze
    coloured = _print(aligned, 60, color=True)
    assert "\x1b[1mIR-02" in coloured
    assert "\x1b[31mblocker" in coloured
    assert _print(aligned, 60) == _print(aligned.as_table(), 60)


def test_a_row_has_one_cell_per_column() -> None:
    """A wrong number of cells is a programming error, said plainly."""
    with pytest.raises(ValueError, match="a row of 3 cells, not 2"):
        AlignedRows(6, 7).add_row("a", "b")
