"""The user documentation as the tests read it: README.md and the guides under docs/.

Examples are read from the documentation itself, so what a user copies is what the tests run."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def documentation() -> list[Path]:
    """README.md and every Markdown page under docs/, in a fixed order."""
    return [README, *sorted(DOCS.rglob("*.md"))]


def _heading_level(line: str) -> int:
    """The level of a Markdown heading line (`## x` is 2), 0 for any other line."""
    hashes = len(line) - len(line.lstrip("#"))
    return hashes if 0 < hashes <= 6 and line[hashes : hashes + 1] == " " else 0


def fenced_blocks(page: Path, language: str, heading: str | None = None) -> list[str]:
    """The fenced blocks of one language on a page, or in its section under `heading` (the
    heading line as written, e.g. `## Waivers`; the section runs to the next heading of the
    same or a higher level). Lines inside fences never count as headings."""
    lines = page.read_text(encoding="utf-8").splitlines()
    if heading is not None:
        start = lines.index(heading) + 1
        level = _heading_level(heading)
        end, fence = len(lines), False
        for number in range(start, len(lines)):
            line = lines[number]
            if line.startswith("```"):
                fence = not fence
            elif not fence and 0 < _heading_level(line) <= level:
                end = number
                break
        lines = lines[start:end]
    blocks: list[str] = []
    inside: list[str] | None = None  # the lines of a block of `language` being read
    other = False  # inside a block of another language
    for line in lines:
        if line.startswith("```"):
            if inside is not None:
                blocks.append("".join(f"{text}\n" for text in inside))
                inside = None
            elif other:
                other = False
            elif line == f"```{language}":
                inside = []
            else:
                other = True
        elif inside is not None:
            inside.append(line)
    return blocks
