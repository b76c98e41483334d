"""Styled text laid out for a terminal: what the terminal reports need of a layout library.

The reports print styled lines, a few grids whose last columns wrap, one table with a ruled
heading, and indented blocks, at a given width, with or without colour. Rich did that, and its
import alone cost a terminal run about a third of the floor (107 M instructions, issue 18):
more than the assessment itself. This module does just that much:

- `Text`: plain text with a style over it and styles on spans of it, combined as Rich's are
  (`a + b` keeps `a`'s style over both); a newline starts a new line;
- `wrap`: words to lines of at most a width (a word wider than the line is folded, or cut with
  an ellipsis), widths counted in terminal cells (a wide East Asian character takes two);
- `Grid`: columns side by side (`AlignedRows`: narrow columns that never wrap, then one that
  does), `Table` a grid with a bold heading ruled off below it;
- `Padding` and `Group`: a block indented, blocks one after another;
- `render`: the lines, each styled span in ANSI SGR codes when colour is asked for.

User text goes in as `Text` (it is never parsed for markup), with control characters already
removed by the reports (`terminal.clean`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Literal, TypeAlias

__all__ = [
    "AlignedRows",
    "Grid",
    "Group",
    "Padding",
    "Table",
    "Text",
    "Unwrapped",
    "cell_len",
    "chop_cells",
    "render",
]

# SGR parameters of the styles the reports use ("bold red" is both).
_SGR = {
    "bold": "1",
    "dim": "2",
    "underline": "4",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


def cell_len(text: str) -> int:
    """The columns `text` takes in a terminal: two for a wide East Asian character, none for a
    combining mark or a format character, one for anything else."""
    if text.isascii():
        return len(text)
    import unicodedata

    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in _ZERO_WIDTH:
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


# Marks drawn over the character before and format characters (a zero-width space or joiner)
# take no column of their own.
_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})


def _char_len(char: str) -> int:
    return 1 if char.isascii() else cell_len(char)


def chop_cells(text: str, width: int) -> list[str]:
    """`text` cut into pieces of at most `width` columns (at least one character each)."""
    pieces: list[str] = []
    start = used = 0
    for index, char in enumerate(text):
        size = _char_len(char)
        if used + size > width and index > start:
            pieces.append(text[start:index])
            start, used = index, 0
        used += size
    pieces.append(text[start:])
    return pieces


Span = tuple[int, int, str]


class Text:
    """Plain text, a style over all of it and styles on spans of it (start, end, style), as
    Rich's `Text` has them: `a + b` keeps `a`'s style over the whole and `b`'s on its part."""

    __slots__ = ("plain", "spans", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = text
        self.style = style
        self.spans: list[Span] = []

    def __add__(self, other: Text | str) -> Text:
        joined = self.copy()
        joined.append(other)
        return joined

    def append(self, other: Text | str) -> None:
        """Add `other` (its styles kept) at the end."""
        if isinstance(other, str):
            self.plain += other
            return
        offset = len(self.plain)
        self.plain += other.plain
        if other.style and other.plain:
            self.spans.append((offset, offset + len(other.plain), other.style))
        self.spans.extend((s + offset, e + offset, style) for s, e, style in other.spans)

    def copy(self) -> Text:
        copied = Text(self.plain, self.style)
        copied.spans = list(self.spans)
        return copied

    def join(self, texts: Iterable[Text]) -> Text:
        """The texts with this one between each two."""
        joined = Text()
        for number, text in enumerate(texts):
            if number:
                joined.append(self)
            joined.append(text)
        return joined

    @property
    def cell_len(self) -> int:
        return cell_len(self.plain)

    def slice(self, start: int, end: int) -> Text:
        """The characters from `start` to `end`, with their styles."""
        part = Text(self.plain[start:end], self.style)
        part.spans = [
            (max(s, start) - start, min(e, end) - start, style)
            for s, e, style in self.spans
            if s < end and e > start
        ]
        return part

    def lines(self) -> list[Text]:
        """The text split at its newlines."""
        if "\n" not in self.plain:
            return [self]
        parts = []
        start = 0
        for piece in self.plain.split("\n"):
            parts.append(self.slice(start, start + len(piece)))
            start += len(piece) + 1
        return parts

    def wrap(self, width: int, *, ellipsis: bool = False) -> list[Text]:
        """The text in lines of at most `width` columns, broken between words; a word wider
        than a line is folded onto the next (or, with `ellipsis`, cut to fit with `…`). The
        first line keeps its leading spaces; a line broken between words starts with the word."""
        width = max(width, 1)
        wrapped: list[Text] = []
        for line in self.lines():
            wrapped.extend(line._wrap_line(width, ellipsis))
        return wrapped

    def _wrap_line(self, width: int, ellipsis: bool) -> list[Text]:
        plain = self.plain
        if cell_len(plain) <= width:
            return [self]
        lines: list[Text] = []
        start = end = used = 0  # the line being filled: plain[start:end], `used` columns
        for match in _WORD.finditer(plain):
            word_start = match.start(2)
            word = match.group(2)
            size = cell_len(word)
            space = cell_len(match.group(1))
            if end > start and used + space + size <= width:
                end, used = match.end(), used + space + size
                continue
            if end > start:
                lines.append(self.slice(start, end))
                start = word_start
            elif not lines:
                start = match.start()  # the first line keeps its leading spaces
                size += space
            else:
                start = word_start
            if size <= width:
                end, used = match.end(), size
                continue
            if ellipsis:
                kept = chop_cells(plain[start : match.end()], width - 1)[0]
                if cell_len(kept) > width - 1:  # a wide character where one column is left
                    kept = ""
                cut = start + len(kept)
                lines.append(self.slice(start, cut) + Text("…", self._style_at(cut)))
                start = end = match.end()
                used = 0
                continue
            pieces = chop_cells(plain[start : match.end()], width)
            for piece in pieces[:-1]:
                lines.append(self.slice(start, start + len(piece)))
                start += len(piece)
            end, used = match.end(), cell_len(pieces[-1])
        if end > start or not lines:
            lines.append(self.slice(start, end))
        return lines

    def _style_at(self, index: int) -> str:
        """The styles in force at one character (the ellipsis that replaces it takes them)."""
        return " ".join([self.style, *(st for s, e, st in self.spans if s <= index < e)]).strip()

    def styled(self) -> str:
        """The text with its styles in ANSI SGR codes, one sequence for each run of
        characters in the same styles (codes in numeric order, as Rich writes them)."""
        if not self.style and not self.spans:
            return self.plain
        cuts = sorted({0, len(self.plain), *(p for s, e, _ in self.spans for p in (s, e))})
        out: list[str] = []
        for start, end in itertools.pairwise(cuts):
            if start >= end:
                continue
            names = set(self.style.split())
            for s, e, style in self.spans:
                if s <= start < e:
                    names.update(style.split())
            codes = sorted({_SGR[name] for name in names if name in _SGR}, key=int)
            piece = self.plain[start:end]
            out.append(f"\x1b[{';'.join(codes)}m{piece}\x1b[0m" if codes else piece)
        return "".join(out)


_WORD = re.compile(r"(\s*)(\S+)")


Cell = Text | str
Block: TypeAlias = "Text | Grid | Padding | Group | Unwrapped"


class Column:
    """A grid column: whether its cells may wrap, and which side they keep to."""

    __slots__ = ("justify", "min_width", "no_wrap")

    def __init__(
        self, no_wrap: bool = False, justify: Literal["left", "right"] = "left", min_width: int = 0
    ) -> None:
        self.no_wrap = no_wrap
        self.justify = justify
        self.min_width = min_width


class Grid:
    """Rows of cells in columns `gap` columns apart. Too wide for the line, the columns that
    may wrap give up width, the widest first, down to their longest word (then below it,
    a word too long for its column cut with an ellipsis, as Rich's tables cut it)."""

    def __init__(self, gap: int = 2) -> None:
        self.gap = gap
        self.columns: list[Column] = []
        self.rows: list[list[Text]] = []

    def add_column(
        self, *, no_wrap: bool = False, justify: Literal["left", "right"] = "left"
    ) -> None:
        self.columns.append(Column(no_wrap, justify))

    def add_row(self, *cells: Cell) -> None:
        while len(self.columns) < len(cells):
            self.columns.append(Column())
        self.rows.append([Text(c) if isinstance(c, str) else c for c in cells])

    def widths(self, width: int) -> list[int]:
        """Each column's width for a line of `width` columns."""
        count = len(self.columns)
        natural = [0] * count
        longest_word = [0] * count
        for row in self.rows:
            for index, cell in enumerate(row):
                for line in cell.lines():
                    natural[index] = max(natural[index], line.cell_len)
                    if not self.columns[index].no_wrap:
                        words = line.plain.split()
                        longest = max((cell_len(w) for w in words), default=0)
                        longest_word[index] = max(longest_word[index], longest)
        natural = [max(n, c.min_width) for n, c in zip(natural, self.columns, strict=True)]
        if sum(natural) + self.gap * (count - 1) <= width:
            return natural
        # Measured with the gap after each column but the last, as Rich measured its grid's
        # padding: a cap then leaves the last column (a mark, a status) its whole width.
        pad = [self.gap] * (count - 1) + [0]
        padded = [n + p for n, p in zip(natural, pad, strict=True)]
        floors = [w + p if w else 0 for w, p in zip(longest_word, pad, strict=True)]
        fixed = sum(w for w, c in zip(padded, self.columns, strict=True) if c.no_wrap)
        flexible = [i for i, c in enumerate(self.columns) if not c.no_wrap]
        if not flexible:
            return natural
        for floor in (floors, [1 + p for p in pad]):
            cap = _largest_cap(padded, floor, flexible, width - fixed)
            if cap is not None:
                return [
                    min(padded[i], max(cap, floor[i])) - pad[i] if i in flexible else natural[i]
                    for i in range(count)
                ]
        return [natural[i] if i not in flexible else 1 for i in range(count)]

    def layout(self, width: int) -> list[Text]:
        widths = self.widths(width)
        lines: list[Text] = []
        spacer = Text(" " * self.gap)
        for row in self.rows:
            cells: list[list[Text]] = []
            for index, cell in enumerate(row):
                column = self.columns[index]
                lines_of_cell = (
                    cell.lines() if column.no_wrap else cell.wrap(widths[index], ellipsis=True)
                )
                cells.append(lines_of_cell)
            height = max((len(c) for c in cells), default=1)
            for number in range(height):
                pieces = []
                for index, cell_lines in enumerate(cells):
                    piece = cell_lines[number] if number < len(cell_lines) else Text()
                    pieces.append(_aligned(piece, widths[index], self.columns[index].justify))
                lines.append(spacer.join(pieces))
        return lines


def _largest_cap(
    natural: Sequence[int], floor: Sequence[int], flexible: Sequence[int], room: int
) -> int | None:
    """The largest width the flexible columns may each keep (none narrower than its floor or
    wider than its natural width) for them to fit in `room`; None when even the floors do not."""

    def total(cap: int) -> int:
        return sum(min(natural[i], max(cap, floor[i])) for i in flexible)

    if total(0) > room:
        return None
    low, high = 0, max(natural[i] for i in flexible)
    while low < high:
        middle = (low + high + 1) // 2
        if total(middle) <= room:
            low = middle
        else:
            high = middle - 1
    return low


def _aligned(text: Text, width: int, justify: str) -> Text:
    """`text` padded to `width` on the side `justify` leaves free (the padding unstyled)."""
    gap = " " * max(0, width - text.cell_len)
    aligned = Text(gap) if justify == "right" else Text()
    aligned.append(text)
    if justify != "right":
        aligned.append(gap)
    return aligned


class Table(Grid):
    """A grid with a bold heading row, ruled off below across the table's width."""

    def __init__(self, gap: int = 3) -> None:
        super().__init__(gap)
        self.headings: list[str] = []

    def add_heading(
        self, heading: str, *, no_wrap: bool = False, justify: Literal["left", "right"] = "left"
    ) -> None:
        """A column and its heading."""
        self.headings.append(heading)
        self.add_column(no_wrap=no_wrap, justify=justify)

    def layout(self, width: int) -> list[Text]:
        heading = [Text(h, style="bold") for h in self.headings]
        self.rows.insert(0, heading)  # measured with the rows
        try:
            lines = super().layout(width)
        finally:
            self.rows.pop(0)
        ruled = max(line.cell_len for line in lines)
        return [lines[0], Text("─" * ruled), *lines[1:]]


class AlignedRows(Grid):
    """The gap, waiver and check lists: narrow columns that never wrap (a check id, a
    severity), each at least its minimum width and one column apart, then a column that wraps,
    a word too long for it cut with an ellipsis."""

    def __init__(self, *min_widths: int) -> None:
        super().__init__(gap=1)
        self.columns = [Column(no_wrap=True, min_width=m) for m in min_widths] + [Column()]

    def add_row(self, *cells: Cell) -> None:
        """One row: a cell per fixed column, then the wrapping cell."""
        if len(cells) != len(self.columns):
            msg = f"a row of {len(self.columns)} cells, not {len(cells)}"
            raise ValueError(msg)
        super().add_row(*cells)

    def layout(self, width: int) -> list[Text]:
        fixed = [
            max([column.min_width, *(row[index].cell_len for row in self.rows)])
            for index, column in enumerate(self.columns[:-1])
        ]
        taken = sum(fixed) + self.gap * len(fixed)
        indent = " " * taken
        lines: list[Text] = []
        for row in self.rows:
            first = Text()
            for cell, cell_width in zip(row, fixed, strict=False):
                first.append(_aligned(cell, cell_width + self.gap, "left"))
            for number, line in enumerate(row[-1].wrap(width - taken, ellipsis=True)):
                lines.append((first if number == 0 else Text(indent)) + line)
        return lines


class Padding:
    """A block indented by `left` columns."""

    def __init__(self, block: Block, left: int) -> None:
        self.block = block
        self.left = left

    def layout(self, width: int) -> list[Text]:
        indent = Text(" " * self.left)
        return [indent + line for line in lines_of(self.block, width - self.left)]


class Unwrapped:
    """Lines laid out already (a table of fixed columns), printed as they are: narrower than
    the table, a line runs long rather than break mid-row."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def layout(self, width: int) -> list[Text]:
        return self.text.lines()


class Group:
    """Blocks one after another."""

    def __init__(self, *blocks: Block) -> None:
        self.blocks = blocks

    def layout(self, width: int) -> list[Text]:
        return [line for block in self.blocks for line in lines_of(block, width)]


def lines_of(block: Block, width: int) -> list[Text]:
    """The block's lines at `width` columns."""
    if isinstance(block, Text):
        return block.wrap(width)
    return block.layout(width)


def render(blocks: Iterable[Block], width: int, color: bool) -> str:
    """The blocks, line after line, each line without trailing spaces."""
    out = [
        (line.styled() if color else line.plain).rstrip()
        for block in blocks
        for line in lines_of(block, width)
    ]
    return "\n".join(out) + "\n"
