"""Check documentation: docs/checks/ is generated from the packs and kept in step with them."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from readiness.checkdocs import GENERATED, REGENERATE, anchor, check_pages, code_span
from readiness.cli import app
from readiness.rubric import builtin_rubrics, load_rubrics

from .conftest import ROOT

DOCS = ROOT / "docs" / "checks"


def test_the_committed_pages_are_in_step_with_the_packs() -> None:
    """Every page in docs/checks/ is what the built-in packs generate today, and there is no
    page for a dimension that is gone."""
    pages = check_pages(builtin_rubrics())
    stale = [
        name
        for name, text in pages.items()
        if not (DOCS / name).exists() or (DOCS / name).read_text(encoding="utf-8") != text
    ]
    extra = sorted(
        p.name
        for p in DOCS.glob("*.md")
        if p.name not in pages and p.read_text(encoding="utf-8").startswith(GENERATED)
    )
    out_of_date = stale + extra
    assert not out_of_date, (
        f"docs/checks/ is out of date ({', '.join(out_of_date)}): run `{REGENERATE}` from the "
        "repository root and commit docs/checks/"
    )


def test_every_check_has_its_section_and_a_row_in_its_dimension_table() -> None:
    """Each check is listed and documented in full: severity, level, effort, rationale,
    remediation and what it looks at."""
    rubric_set = builtin_rubrics()
    pages = check_pages(rubric_set)
    for dimension in rubric_set.dimensions:
        page = pages[f"{anchor(dimension.id)}.md"]
        assert f"[{dimension.title}]({anchor(dimension.id)}.md)" in pages["README.md"]
        for check in dimension.checks:
            assert f'<a id="{anchor(check.id)}"></a>' in page
            assert f"]( #{anchor(check.id)})".replace(" ", "") in page
            assert f"looks at `{check.path}`" in page


def test_the_command_writes_the_pages_and_removes_stale_ones(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`readiness rubrics --format markdown --output-dir DIR` writes the index and one page per
    dimension; a generated page for a dimension no longer there goes, other files stay."""
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "gone.md").write_text(GENERATED + "\nold\n", encoding="utf-8")
    (folder / "notes.md").write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, ["rubrics", "--format", "markdown", "--output-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*check_pages(builtin_rubrics()), "notes.md"]
    )
    assert "removed" in result.stdout
    assert result.stdout.strip().endswith("traceability.md")


def test_an_unwritable_folder_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    """A folder that cannot be made: exit 2, one line."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(
        app, ["rubrics", "--format", "markdown", "--output-dir", str(blocker / "x")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


HOSTILE_PACK = """\
pack: funder-hostile
version: 2
dimension: {id: funder_extra, title: "Funder | extra <b>rules</b>", weight: 1.0}
checks:
  - id: FX-01
    title: "A title with | pipes, `ticks` and [a link](javascript:alert(1))"
    severity: high
    level: 2
    effort: 1
    path: /project/name
    expect: {pattern: "^a`b``c$"}
    message: "x"
    missing: "add project.name | now"
    rationale: "Why: <script>alert(1)</script> @everyone"
    remediation: "Do | this"
"""


def test_a_funders_pack_cannot_break_its_page(tmp_path: Path) -> None:
    """Pack text with pipes, markup and backticks stays text: the table keeps its columns and
    the page has no raw HTML but our anchors."""
    pack = tmp_path / "funder.yaml"
    pack.write_text(HOSTILE_PACK, encoding="utf-8")
    rubric_set = load_rubrics([pack])
    page = check_pages(rubric_set)["funder-extra.md"]
    tokens = MarkdownIt("commonmark").enable("table").parse(page)
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = [t for t in tokens if t.type in ("td_open", "th_open")]
    assert len(cells) == 5 * len(rows)
    html = MarkdownIt("commonmark").enable("table").render(page)
    assert "<script>" not in html
    assert "<b>" not in html
    assert 'href="javascript' not in html
    assert "`^a`b``c$`" not in page
    assert code_span('{"pattern": "^a`b``c$"}') == '```{"pattern": "^a`b``c$"}```'


@pytest.mark.parametrize(
    ("text", "span"), [("a", "`a`"), ("`a", "`` `a ``"), ("", "` `"), ("a\nb", "`a b`")]
)
def test_code_span_table(text: str, span: str) -> None:
    """Inline code holds any text."""
    assert code_span(text) == span


def test_a_stale_page_name_starts_no_workflow_command(tmp_path: Path, runner: CliRunner) -> None:
    """A generated page left in the folder under a name holding a line break and `::error`
    is removed, and the line saying so is one line that starts no workflow command."""
    from readiness.checkdocs import GENERATED

    folder = tmp_path / "docs"
    folder.mkdir()
    stale = folder / "old\n::error file=x::forged.md"
    stale.write_text(GENERATED + "\n", encoding="utf-8")
    result = runner.invoke(app, ["rubrics", "--format", "markdown", "--output-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert not [line for line in result.stdout.splitlines() if line.startswith("::")]
    (removed,) = [line for line in result.stdout.splitlines() if line.startswith("removed ")]
    assert removed.endswith("old\\n::error file=x::forged.md (no such dimension now)")
