"""The Markdown gap report and the SVG radar chart beside it."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from readiness.model import Assessment
from readiness.report import chart, markdown, numbers
from readiness.report.escape import ZWSP

from .conftest import SAMPLES
from .report_fixtures import (
    HOSTILE,
    HOSTILE_FILE,
    empty_assessment,
    hostile_assessment,
    sample_assessment,
)

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
SVG = "{http://www.w3.org/2000/svg}"
FIXTURES: list[Callable[[], Assessment]] = [sample_assessment, hostile_assessment, empty_assessment]


def _tables(tokens: list[Token]) -> list[list[int]]:
    """For each table, the number of cells in each row (header first)."""
    tables: list[list[int]] = []
    cells = 0
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            tables[-1].append(cells)
    return tables


def _walk(tokens: list[Token]) -> list[Token]:
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        flat.extend(_walk(token.children or []))
    return flat


@pytest.mark.parametrize("build", FIXTURES)
def test_marker_is_the_first_line_and_the_only_html(build: Callable[[], Assessment]) -> None:
    """A CI bot finds its comment by the marker; no other raw HTML reaches the page."""
    assessment = build()
    text = markdown.render(assessment)
    first = text.splitlines()[0]
    assert first == f"<!-- readiness-report project={markdown.marker_id(assessment.project_id)} -->"
    assert first.count("-->") == 1
    tokens = _walk(MD.parse(text))
    html = [t for t in tokens if t.type in ("html_block", "html_inline")]
    # Besides the marker, only our own folds around each gap's rationale.
    folds = ("<details><summary>Why it matters</summary>", "</details>")
    assert [t.content.strip() for t in html if t.content.strip() not in folds] == [first]
    opened = sum(t.content.strip() == folds[0] for t in html)
    assert opened == sum(t.content.strip() == folds[1] for t in html) == len(assessment.gaps)


def test_marker_names_the_project() -> None:
    """The marker of an ordinary id is readable as is."""
    assert markdown.render(sample_assessment()).startswith(
        "<!-- readiness-report project=press-line-3-pdm -->\n"
    )


@pytest.mark.parametrize("build", FIXTURES)
def test_tables_keep_their_columns(build: Callable[[], Assessment]) -> None:
    """Every row of every table has as many cells as its header, whatever the user wrote."""
    tables = _tables(MD.parse(markdown.render(build())))
    assert tables
    for rows in tables:
        assert len(set(rows)) == 1, rows


@pytest.mark.parametrize("build", FIXTURES)
def test_links_point_only_at_the_project_files(build: Callable[[], Assessment]) -> None:
    """Links are relative (`file#Lline`): no javascript:, no URL from user text."""
    text = markdown.render_with_chart(build(), "radar chart.svg")
    tokens = _walk(MD.parse(text))
    hrefs = [t.attrGet("href") for t in tokens if t.type == "link_open"]
    hrefs += [t.attrGet("src") for t in tokens if t.type == "image"]
    assert hrefs
    for href in hrefs:
        assert isinstance(href, str)
        assert urlsplit(href).scheme == "", href
        assert "javascript" not in href.lower() or "javascript%3A" in href


def test_hostile_text_renders_inert() -> None:
    """No script, no mention, no live URL, no terminal escape survives into the page."""
    text = markdown.render(hostile_assessment())
    html = MD.render(text)
    assert "<script" not in html
    assert "@everyone" not in html
    assert "\x1b" not in text
    assert "http://evil" not in html
    tokens = _walk(MD.parse(text))
    kinds = {t.type for t in tokens}
    # Code spans are ours: a key path or a file name, nothing the user could make live.
    spans = [t.content for t in tokens if t.type == "code_inline"]
    flat_file = " ".join(HOSTILE_FILE.split()).replace("@", "@" + ZWSP)
    # (and the commands that verify the file's digest, which name the file)
    assert all(
        re.fullmatch(r"[A-Za-z_][\w/\[\],.-]+", span)
        or span == flat_file
        or span.startswith(("sha256sum ", "readiness assess "))
        for span in spans
    ), spans
    assert "code_block" not in kinds
    assert "fence" not in kinds
    # The user's words are all there, readable.
    plain = "".join(t.content for t in tokens if t.type == "text").replace(ZWSP, "")
    assert "<script>alert(1)</script> @everyone [x](javascript:alert(1))" in plain


def test_hostile_headings_and_lists_keep_their_shape() -> None:
    """User text in a heading or a list item cannot open a new block."""
    hostile = markdown.render(hostile_assessment())
    sample = markdown.render(sample_assessment())

    def shape(text: str) -> list[str]:
        return [t.type for t in MD.parse(text) if t.block and t.type != "inline"]

    assert shape(hostile) == shape(sample)


def test_sample_report_sections() -> None:
    """Verdict, level, dimension table, business case, actions, gaps, waivers, packs, as-of."""
    text = markdown.render(sample_assessment())
    assert "# Readiness report: Press line 3 predictive maintenance" in text
    assert "**Verdict: ⛔ Not ready** · **Readiness level 1 of 5 (Stated)**, required 3" in text
    assert "| Baseline clarity | ██████░░░░ 56 | ■□□□□ 1 Stated |" in text
    assert "| Traceability and compliance | — | n/a (no check applies) | 2 n/a |" in text
    assert "| Claimed | 3.5 years | yes |" in text
    assert "| Computed from the figures | 7.3 years | no |" in text
    assert "| Stressed \\(capex and schedule overrun\\) | 10.8 years | no |" in text
    assert "| Sensitivity \\(benefits fall short\\) | never | no |" in text
    assert "| Cost of the losses addressed | 1,196,700 GBP |" in text
    assert "| Benefits claimed | 520,000 GBP |" in text
    assert "| Benefits against those losses | 0.43 (43% of the losses) |" in text
    assert "evidence confidence 81%" in text
    assert "Assessed as of 2026-11-25 by readiness 0.1.0." in text
    assert "| traceability | 1 | 2026-11-01 |" in text
    assert "- `evidence/oee-2026-q3.csv`" in text
    assert "- **TC-01** Battery category and capacity are declared" in text


def test_next_three_actions_are_the_top_gaps() -> None:
    """The three highest-priority gaps, each with what to do and a link to its line."""
    text = markdown.render(sample_assessment())
    section = text.split("## Next three actions\n\n", 1)[1].split("\n\n", 1)[0]
    lines = section.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("1. **FE-10** The business case pays back within its horizon: ")
    assert lines[0].endswith("([press.yaml:88](press.yaml#L88))")
    assert lines[1].startswith("2. **BL-04**")
    assert lines[2].startswith("3. **IR-02**")


def test_gaps_grouped_by_bucket_in_order() -> None:
    """Buckets in the model's order; a gap without a bucket goes by its severity."""
    text = markdown.render(sample_assessment())
    gaps = text.split("\n## Gaps\n", 1)[1]
    headings = re.findall(r"^### (.+)$", gaps, flags=re.MULTILINE)
    assert headings == ["Fix before the bid or gate (3)", "Fix before scaling (1)", "Improve (2)"]
    improve = text.split("### Improve (2)", 1)[1]
    assert "#### SF-06 · Operators helped set the pilot's success criteria" in improve
    gap = text.split("#### FE-10 · ", 1)[1].split("####", 1)[0]
    assert "**blocker** · fails · Funding evidence · [press.yaml:88](press.yaml#L88)" in gap
    assert "- **Found:** payback recomputes to 7.3 years against a 5-year horizon" in gap
    assert "<details><summary>Why it matters</summary>\n\nWhy FE-10 matters" in gap
    assert "- **What to do:** Do what FE-10 asks" in gap
    assert "**blocker** · not evidenced ·" in text
    assert "**low** · partly met ·" in text


def test_waiver_states_on_the_as_of_date() -> None:
    """In force, expiring within 30 days, and not honoured (the check keeps its status)."""
    text = markdown.render(sample_assessment())
    rows = {
        line.split(" | ")[0].lstrip("| "): line
        for line in text.splitlines()
        if "(press.yaml#L17" in line
    }
    assert "| in force |" in rows["KR-03"]
    assert "| expires in 15 days |" in rows["SF-05"]
    assert "| not honoured: expired on 2026-10-31 |" in rows["IR-02"]
    assert rows["KR-03"].startswith("| KR-03 | high | Successor in post from January | R. Okafor |")


def test_waiver_state_boundaries() -> None:
    """Day 30 still warns, day 31 does not; a waiver the policy refused says why."""
    waiver = sample_assessment().waivers[0]
    as_of = "2026-11-25"

    def state(expires: str, not_honoured: str | None = None) -> str:
        from dataclasses import replace

        changed = replace(waiver, expires=expires, not_honoured=not_honoured)
        return markdown.waiver_state(changed, as_of)

    assert state("2026-12-25") == "expires in 30 days"
    assert state("2026-12-26") == "in force"
    assert state("2026-11-26") == "expires in 1 day"
    assert state("2026-11-25") == "expires today"
    assert state("2026-11-24", "expired on 2026-11-24") == "not honoured: expired on 2026-11-24"
    assert state("not a date") == "in force"


def test_chart_is_embedded_only_when_written() -> None:
    """`render_with_chart` adds the image; `render` does not."""
    with_chart = markdown.render_with_chart(sample_assessment(), "press chart.svg")
    assert "\n![Readiness radar](press%20chart.svg)\n" in with_chart
    assert "![Readiness radar]" not in markdown.render(sample_assessment())


def test_empty_assessment_says_what_is_missing() -> None:
    """Nothing evidenced: no crash, no gaps, figures marked as not given (never 0)."""
    text = markdown.render(empty_assessment())
    assert "Nothing to fix" in text
    assert "| Cost of the losses addressed | not given |" in text
    assert "| Benefits claimed | not given |" in text
    assert "| not given | — | — |" in text
    assert "## Waivers" not in text
    assert "## Gaps" not in text


def test_render_is_deterministic() -> None:
    """Same assessment, same bytes: no timestamps, no dict-order surprises."""
    assert markdown.render(sample_assessment()) == markdown.render(sample_assessment())
    assert markdown.render(sample_assessment()).endswith("0.1.0.\n")


def test_template_refuses_unformatted_values() -> None:
    """Floats and None must be formatted in Python, so output never shows `63.4000001`."""
    with pytest.raises(TypeError, match="float"):
        markdown._finalize(63.4)
    with pytest.raises(TypeError, match="NoneType"):
        markdown._finalize(None)
    assert markdown._finalize("a|b") == "a\\|b"
    assert markdown._finalize(markdown.Md("a|b")) == "a|b"


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (1_196_700.0, "GBP", "1,196,700 GBP"),
        (1234.5, "EUR", "1,234.50 EUR"),
        (0.0, None, "0"),
        (None, "GBP", "not given"),
    ],
)
def test_money(amount: float | None, currency: str | None, text: str) -> None:
    """Thousands separators and the currency code; pence only when there are any."""
    assert markdown.money(amount, currency) == text


def test_number_never_prints_minus_zero() -> None:
    """-0.04 rounds to 0.0, not -0.0."""
    assert numbers.number(-0.04, 1) == "0.0"
    assert numbers.number(-1.25, 1) == "-1.2"


# --- the radar chart ---------------------------------------------------------------------------


def _xml(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))  # noqa: S314 - parsing our own output


def _svg(assessment: Assessment) -> ET.Element:
    return _xml(chart.render_svg(assessment))


@pytest.mark.parametrize("build", FIXTURES)
def test_chart_is_valid_self_contained_svg(build: Callable[[], Assessment]) -> None:
    """It parses, has a viewBox and size, and nothing that runs or loads from elsewhere."""
    text = chart.render_svg(build())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = _xml(text)
    assert root.tag == f"{SVG}svg"
    height = root.get("height")
    assert height in ("520", "540")  # 540 when the project's name takes two lines
    assert (root.get("width"), root.get("viewBox")) == ("560", f"0 0 560 {height}")
    assert root.get("font-family") == "sans-serif"
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in ("script", "image", "a", "foreignObject", "use")
        for name, value in element.attrib.items():
            assert "href" not in name
            assert not name.startswith("on")
            assert "url(" not in value
    coordinates = [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name in ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "points")
    ]
    assert coordinates
    for value in coordinates:
        assert re.fullmatch(r"-?\d+\.\d( -?\d+\.\d)*|(-?\d+\.\d,-?\d+\.\d ?)+", value), value


def test_chart_draws_seven_axes_five_rings_and_the_bands() -> None:
    """Rings for bands 1-5, one axis per dimension, the polygon through each band; a dimension
    with no band is absent (a dotted axis, no point, a muted label), not drawn as band 0."""
    root = _svg(sample_assessment())
    grid = next(g for g in root.iter(f"{SVG}g") if g.get("stroke") == "#d0d7de")
    assert len(grid.findall(f"{SVG}polygon")) == 5
    axes = grid.findall(f"{SVG}line")
    assert len(axes) == 7
    assert [a.get("stroke-dasharray") for a in axes] == [None] * 6 + ["2 4"]
    band = next(p for p in root.iter(f"{SVG}polygon") if p.get("fill-opacity") == "0.25")
    points = [tuple(map(float, p.split(","))) for p in (band.get("points") or "").split()]
    assert len(points) == 6
    # baseline (band 1) straight up: 150 * 1/5 = 30 above the centre
    assert points[0] == (280.0, 255.0)
    # traceability has no band: no point at the centre, or anywhere
    assert (280.0, 285.0) not in points
    na = next(t for t in root.iter(f"{SVG}text") if t.text == "n/a")
    assert (na.get("fill"), na.get("font-style")) == ("#57606a", "italic")
    trace = next(t for t in root.iter(f"{SVG}text") if t.text == "compliance")
    assert trace.get("fill") == "#57606a"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "n/a" in texts
    assert "1 · Stated" in texts
    assert "5 · Governed" in texts
    assert "Press line 3 predictive maintenance" in texts
    assert any(t and t.startswith("Readiness radar · level 1 of 5 (Stated)") for t in texts)
    # six dimensions have a band, so six dots
    assert len(list(root.iter(f"{SVG}circle"))) == 6


def test_chart_escapes_and_shortens_hostile_text() -> None:
    """The hostile name is text (not markup), cut to fit, with no control characters."""
    text = chart.render_svg(hostile_assessment())
    assert "<script>" not in text
    assert "\x1b" not in text
    root = _xml(text)
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text is not None
    assert "<script>alert(1)</script>" in title.text
    for element in root.iter(f"{SVG}text"):
        assert len(element.text or "") <= 80


def test_chart_splits_long_labels() -> None:
    """Long dimension titles wrap at spaces into at most three lines."""
    assert chart.split_label("Traceability and compliance") == ["Traceability and", "compliance"]
    assert chart.split_label("Baseline clarity") == ["Baseline clarity"]
    long = chart.split_label("an extraordinarily-long-dimension-title " + HOSTILE)
    assert len(long) == 3
    assert long[-1].endswith("…")
    assert all(len(line) <= 16 for line in long)
    # Words are not cut while a line can hold them: the ellipsis follows a whole word.
    assert chart.split_label("Integration risk across the whole platform and its estate") == [
        "Integration risk",
        "across the whole",
        "platform and …",
    ]


def test_chart_wraps_a_long_title_instead_of_cutting_a_word() -> None:
    """A project name too long for one line takes two, cut only between words, and the chart
    grows to make room; a short name keeps the one-line layout (and the golden chart's bytes)."""
    name = "Plant-wide digital twin and predictive maintenance platform for lines 1 to 4 of Hall B"
    root = _svg(replace(sample_assessment(), project_name=name))
    bold = [t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert bold[:2] == [
        "Plant-wide digital twin and predictive maintenance",
        "platform for lines 1 to 4 of Hall B",
    ]
    assert (root.get("height"), root.get("viewBox")) == ("540", "0 0 560 540")
    body = next(g for g in root.findall(f"{SVG}g") if g.get("transform"))
    assert body.get("transform") == "translate(0 20)"
    longer = _svg(replace(sample_assessment(), project_name=name + " " + name))
    bold = [t.text for t in longer.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert bold[1].endswith(" …")
    assert all(not word.endswith("…") or word == "…" for word in bold[1].split())
    short = _svg(sample_assessment())
    assert short.get("height") == "520"
    assert not [g for g in short.findall(f"{SVG}g") if g.get("transform")]


def test_chart_without_any_band() -> None:
    """Nothing applies anywhere: rings and labels, no polygon, still valid."""
    root = _svg(empty_assessment())
    assert not [p for p in root.iter(f"{SVG}polygon") if p.get("fill-opacity")]
    assert [t.text for t in root.iter(f"{SVG}text")].count("n/a") == 7


def test_chart_is_deterministic() -> None:
    """Same assessment, same bytes."""
    assert chart.render_svg(sample_assessment()) == chart.render_svg(sample_assessment())


def _links(text: str) -> list[str]:
    """Every link and image destination in a Markdown document."""
    return [
        child.attrs.get("href") or child.attrs.get("src") or ""
        for token in MarkdownIt("commonmark").enable("table").parse(text)
        for child in token.children or []
        if child.type in ("link_open", "image")
    ]


def test_links_work_from_where_the_report_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o out/report.md` run from another folder: every link to the project file and the chart
    resolves from the report's own folder, and no absolute path of this machine is written."""
    from typer.testing import CliRunner

    from readiness.cli import app

    (tmp_path / "projects").mkdir()
    shutil.copy(SAMPLES / "press-line-payback-drift.yaml", tmp_path / "projects" / "press.yaml")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for project, target in [
        ("../projects/press.yaml", "out/report.md"),
        (str(tmp_path / "projects" / "press.yaml"), str(tmp_path / "elsewhere" / "r.md")),
    ]:
        Path(target).parent.mkdir(exist_ok=True)
        result = CliRunner().invoke(app, ["assess", project, "-o", target, "--as-of", "2026-11-25"])
        assert result.exit_code == 1, result.output
        report = Path(target)
        text = report.read_text(encoding="utf-8")
        assert str(tmp_path) not in text
        links = _links(text)
        assert links
        for link in links:
            file = unquote(urlsplit(link).path)
            assert not Path(file).is_absolute(), link
            assert (report.parent / file).is_file(), link
    printed = CliRunner().invoke(
        app, ["assess", str(tmp_path / "projects" / "press.yaml"), "-f", "markdown"]
    )
    assert str(tmp_path) not in printed.stdout
    assert "](../projects/press.yaml#L" in printed.stdout
