"""The terminal reports' own layout (`readiness.report.layout`): lines never wider than asked,
no word lost, styles kept; and on the report's shapes, the same text Rich's grid printed."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.report.layout import AlignedRows, Grid, Padding, Table, Text, cell_len, render

from .conftest import SAMPLES

# Narrow and wide characters, spaces and long words: what moves widths and wrapping.
WORDS = st.sampled_from(
    ["a", "IR-02", "blocker", "samples/press.yaml:149", "→", "漢字", "x" * 30, "é", "", "  "]
)
CELL = st.lists(WORDS, max_size=12).map(" ".join)
# Rich cut a wide character that fit at the end of a wrapped line ("漢 …" for "漢字"): the
# comparison keeps to one-column characters, and the wide ones are held to the width below.
NARROW_CELL = st.lists(WORDS.filter(lambda w: w != "漢字"), max_size=12).map(" ".join)


def _rich(rows: list[list[str]], minimums: tuple[int, ...], width: int) -> str:
    """What Rich's `Table.grid(padding=(0, 1))` printed for these rows (the layout before)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text as RichText

    grid = Table.grid(padding=(0, 1))
    for minimum in minimums:
        grid.add_column(no_wrap=True, min_width=minimum or None)
    grid.add_column(overflow="ellipsis")
    for row in rows:
        grid.add_row(*(RichText(cell) for cell in row))
    stream = io.StringIO()
    Console(file=stream, width=width, color_system=None, legacy_windows=False).print(grid)
    return "\n".join(line.rstrip() for line in stream.getvalue().splitlines()) + "\n"


@settings(max_examples=300, deadline=None)
@given(
    minimums=st.sampled_from([(6, 7), (0,), (3,), (6, 7, 2)]),
    rows=st.lists(st.lists(NARROW_CELL, min_size=4, max_size=4), min_size=1, max_size=6),
    width=st.integers(min_value=40, max_value=130),
)
def test_aligned_rows_print_as_richs_grid_did(
    minimums: tuple[int, ...], rows: list[list[str]], width: int
) -> None:
    """Any cells, any width the fixed columns fit in: the gap and waiver lists print as Rich's
    grid printed them, so the reports read as reviewed."""
    cells = [[*row[: len(minimums)], row[-1]] for row in rows]
    aligned = AlignedRows(*minimums)
    for row in cells:
        aligned.add_row(*row)
    fixed = sum(max([m, *(cell_len(r[i]) for r in cells)]) + 1 for i, m in enumerate(minimums))
    if fixed + 31 > width:  # Rich squeezed the fixed columns too; the layout keeps them whole
        return
    assert render([aligned], width, color=False) == _rich(cells, minimums, width)


@settings(max_examples=300, deadline=None)
@given(text=CELL, width=st.integers(min_value=2, max_value=60), ellipsis=st.booleans())
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: int, ellipsis: bool) -> None:
    """No line is wider than asked; folded, the words come out whole and in order."""
    lines = Text(text, style="bold").wrap(width, ellipsis=ellipsis)
    assert all(line.cell_len <= width for line in lines)
    if not ellipsis:
        assert "".join("".join(line.plain.split()) for line in lines) == "".join(text.split())
    for line in lines:  # the style goes with the characters, the ellipsis too
        assert line.style == "bold"
        assert all(style == "bold" for _, _, style in line.spans)


def test_styles_print_as_sgr_codes_only_when_asked() -> None:
    """Coloured output colours the id, the severity and the wrapped text; plain has none."""
    aligned = AlignedRows(6, 7)
    aligned.add_row(Text("IR-02", style="bold"), Text("blocker", style="red"), Text("x " * 50))
    coloured = render([aligned], 60, color=True)
    assert "\x1b[1mIR-02\x1b[0m" in coloured
    assert "\x1b[31mblocker\x1b[0m" in coloured
    plain = render([aligned], 60, color=False)
    assert "\x1b" not in plain
    assert len(plain.splitlines()) == 3


def test_a_grid_gives_way_in_its_wrapping_columns() -> None:
    """Too wide for the line, the columns that may wrap narrow, widest first; the others keep
    their width and alignment."""
    grid = Grid(gap=2)
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_column(no_wrap=True, justify="right")
    grid.add_row("1.", "FE-09, IR-04, IR-02, FE-10, FE-04, IR-03, IR-05, KR-03", "effort 10")
    grid.add_row("2.", "KR-07", "effort 8")
    lines = render([Padding(grid, 2)], 40, color=False).splitlines()
    assert lines == [
        "  1.  FE-09, IR-04, IR-02,     effort 10",
        "      FE-10, FE-04, IR-03,",
        "      IR-05, KR-03",
        "  2.  KR-07                     effort 8",
    ]


def test_a_table_rules_off_its_heading() -> None:
    """The dimensions table: a bold heading, a rule as wide as the table, then the rows."""
    table = Table()
    table.add_heading("Dimension")
    table.add_heading("Score", justify="right")
    table.add_row("Baseline clarity", "97")
    lines = render([table], 80, color=False).splitlines()
    assert lines == ["Dimension          Score", "─" * 24, "Baseline clarity      97"]
    assert "\x1b[1mDimension\x1b[0m" in render([table], 80, color=True)


def test_a_row_has_one_cell_per_column() -> None:
    """A wrong number of cells is a programming error, said plainly."""
    with pytest.raises(ValueError, match="a row of 3 cells, not 2"):
        AlignedRows(6, 7).add_row("a", "b")


@pytest.mark.parametrize("width", [60, 120])
@pytest.mark.parametrize(
    "sample",
    [
        "weld-vision-ready",
        "packaging-oee-conditional",
        "press-line-payback-drift",
        "plant-twin-tech-first",
    ],
)
def test_the_report_at_the_narrowest_and_widest_terminal(
    sample: str, width: int, golden: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60 and 120 columns (the widths a terminal report takes), each sample prints as
    reviewed: the goldens were written by the Rich layout this module replaced, so the
    business case's squeezed labels, the path's steps and the gap lists wrap as they did."""
    from datetime import date

    from readiness.assess import assess_path
    from readiness.report.terminal import render

    monkeypatch.chdir(SAMPLES.parent)  # the file as a user names it, the same on every machine
    assessment = assess_path(Path("samples") / f"{sample}.yaml", as_of=date(2026, 11, 25))
    text = render(assessment, width=width, color=False, verbose=True)
    golden(f"terminal-widths/{sample}.{width}.txt", text)
