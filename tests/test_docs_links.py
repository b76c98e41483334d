"""The documentation's links resolve: every relative link and image in README.md and under docs/
names a file or folder inside the repository, and every `#anchor` a heading (as GitHub spells
its anchor) or an `<a id>` of the page it points at. A clone has nothing beside it, so a link
that leaves the repository is a broken link."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .docs_text import ROOT, documentation

PARSER = MarkdownIt("commonmark").enable("table")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation (backticks, colons, commas…)
    dropped, each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors a link may name on a page: its headings' (a repeated heading gets `-1`,
    `-2`…, as on GitHub) and every `<a id="…">` or `<a name="…">`."""
    text = page.read_text(encoding="utf-8")
    tokens = PARSER.parse(text)
    found: set[str] = set()
    seen: dict[str, int] = {}
    for opening, inline in itertools.pairwise(tokens):
        if opening.type == "heading_open":
            base = slug(inline.content)
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    found.update(re.findall(r"<a (?:id|name)=\"([^\"]+)\"", text))
    return found


def _targets(tokens: list[Token]) -> list[tuple[str, int]]:
    """Every link's and image's target, with the line its block starts on (1-based)."""
    found = []
    for token in tokens:
        line = token.map[0] + 1 if token.map else 0
        for child in token.children or []:
            target = child.attrGet("href") if child.type == "link_open" else None
            if child.type == "image":
                target = child.attrGet("src")
            if isinstance(target, str):
                found.append((target, line))
    return found


def broken_links(page: Path, root: Path = ROOT) -> list[str]:
    """What is wrong with each relative link on a page: `file:line: target: why`."""
    problems = []
    for target, line in _targets(PARSER.parse(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto: …: not ours to check
            continue
        where = f"{page.relative_to(root)}:{line}: {target}"
        path_part, _, fragment = unquote(target).partition("#")
        resolved = (page.parent / path_part).resolve() if path_part else page
        if not resolved.is_relative_to(root.resolve()):
            problems.append(f"{where}: leads outside the repository")
        elif not resolved.exists():
            problems.append(f"{where}: no such file")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            problems.append(f"{where}: no heading or anchor '{fragment}' there")
    return problems


def test_the_guides_are_checked() -> None:
    """The README and every guide are among the pages checked."""
    pages = {page.relative_to(ROOT).as_posix() for page in documentation()}
    assert {"README.md", "docs/project-file.md", "docs/ci.md", "docs/checks/README.md"} <= pages


@pytest.mark.parametrize(
    "page", documentation(), ids=[p.relative_to(ROOT).as_posix() for p in documentation()]
)
def test_every_link_resolves(page: Path) -> None:
    """Every relative link and image target exists inside the repository, anchors included."""
    assert broken_links(page) == []


def test_the_check_finds_what_is_broken(tmp_path: Path) -> None:
    """A missing file, a missing anchor and a link out of the repository are each reported;
    a good anchor, a heading's code span and an external address are not."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "other.md").write_text("# Other page\n\n## `readiness assess`: the options\n")
    page = tmp_path / "docs" / "page.md"
    page.write_text(
        "# Title\n\n## Title\n\n"
        "[a](../other.md#readiness-assess-the-options) [b](#title-1) [c](https://example.com)\n"
        "[d](../absent.md) [e](../other.md#nowhere)\n\n![f](../../outside.png)\n",
        encoding="utf-8",
    )
    assert broken_links(page, tmp_path) == [
        "docs/page.md:5: ../absent.md: no such file",
        "docs/page.md:5: ../other.md#nowhere: no heading or anchor 'nowhere' there",
        "docs/page.md:8: ../../outside.png: leads outside the repository",
    ]
