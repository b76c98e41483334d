"""The HTML bid annex: self-contained, escaped, and printed for real in headless Chromium.

The print tests need Chromium and poppler-utils (`apt-get install chromium poppler-utils` on
Debian); where they are absent those tests are skipped and say so. They print each annex to a
PDF, count its A4 pages, read each page's text, and look at every page rendered as pixels:
nothing may be drawn in the side margins, where anything wider than the page would land.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.assess import assess_path
from readiness.cli import app
from readiness.gate import GateInForce, GateSettings, evaluate_gate
from readiness.model import Assessment
from readiness.report import FORMATTERS, extension_formats
from readiness.report.html import render
from readiness.rubric import builtin_rubrics

from .conftest import FIXTURES, ROOT, SAMPLES

AS_OF = date(2026, 11, 25)
LONG_WORDS = FIXTURES / "annex-long-words.yaml"
PICTURE = ROOT / "docs" / "annex-page1.png"


def _assess(path: Path) -> Assessment:
    # A file outside the checkout (the starter, in a temporary folder) is shown by its name: the
    # temporary path's length (pytest-3 or pytest-338, popen-gw1 under xdist) must not move a
    # page break.
    # The gate as `assess FILE --as-of 2026-11-25 -o annex.html` judges it: the annex names it.
    inside = path.resolve().is_relative_to(ROOT.resolve())
    assessment = assess_path(
        path, as_of=AS_OF, display=os.path.relpath(path, ROOT) if inside else path.name
    )
    in_force = GateInForce(changed=(("as_of", AS_OF.isoformat(), "--as-of"),))
    return replace(assessment, gate=evaluate_gate(assessment, GateSettings(in_force=in_force)))


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def test_html_is_a_registered_format_with_its_extensions() -> None:
    """`-f html` and `-o report.html` both choose the annex."""
    assert FORMATTERS["html"].module == "readiness.report.html"
    assert extension_formats()[".html"] == "html"


def test_the_annex_is_self_contained_and_allows_nothing_else() -> None:
    """No script, no link, no external reference; the CSP allows only the one style element,
    by the hash of exactly what it holds."""
    html = render(_assess(SAMPLES / "press-line-payback-drift.yaml"))
    page = _parse(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "a", "form", "base"}
    for tag, attributes in page.tags:
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "href", "style", "srcset", "action"), (tag, name)
            if name != "xmlns":
                assert "http" not in (value or ""), (tag, name, value)
    assert "url(" not in page.style
    assert "@import" not in page.style
    (csp,) = [
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None
    digest = base64.b64encode(hashlib.sha256(page.style.encode()).digest()).decode()
    assert csp == (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )
    assert sum(1 for tag, _ in page.tags if tag == "svg") >= 2  # the chart and the score bars


def test_every_user_string_is_escaped() -> None:
    """Markup in a project name, an evidence title or a reference stays text: the browser's
    parser finds no element the file did not put there, and the text reads as written."""
    assessment = _assess(LONG_WORDS)
    page = _parse(render(assessment))
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags
    assert "b" not in tags
    assert "img" not in tags
    text = "".join(page.text)
    assert "<script>alert('annex')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert '"quoted" & <b>bold</b>' in text


def test_the_annex_has_every_section_a_funder_reads() -> None:
    """Title block, verdict and level, dimensions and chart, business case with the stress
    scenarios, path to ready, gaps with rationale, evidence register, waivers, pack versions."""
    assessment = _assess(SAMPLES / "press-line-payback-drift.yaml")
    text = " ".join(" ".join(_parse(render(assessment)).text).split())
    for words in (
        "Press line B condition monitoring and misfeed detection",
        f"readiness {assessment.tool_version}",
        "Assessed as of 2026-11-25",
        "Not ready",
        "Readiness level 1 of 5 (Stated), 3 required",
        "Dimensions",
        "Funding ask",
        "West Midlands Manufacturing Investment Grant",
        "Rate asked 30% of eligible cost, within the scheme's maximum of 40%",
        "Match funding secured; evidence: board-approval-2026-09 (documented)",
        "Sector automotive",
        "Stage pilot",
        "Owner L. Novak, Press shop manager",
        "Payback, claimed and recomputed",
        "The case, loss by loss",
        "press-breakdown: Clutch, brake, hydraulic overload and transfer failures on B1-B5 "
        "534,000 GBP Tonnage and die-protection monitoring",
        "340,000 GBP cost measured; benefit measured",
        "die-change: Die changes and tryout, about 3.5 a day 456,000 GBP none none claimed",
        "OEE: availability 72%, performance 83%, quality 98.5%, overall OEE 58.9%.",
        "Measured over 2026-02-02 to 2026-06-21, from mes; 2,234 planned hours.",
        "Pilot results against their criteria",
        "Misfeed stops on B5 down 40 % for 8 weeks",
        "Misfeed and double-blank stops (misfeed-rate) 2.1 stops per shift "
        "1.2 stops per shift -43%",
        "Funding evidence scores 68 but sits in band 1 (Stated): the band is the weakest link, "
        "not the average. FE-10 The business case pays back within its horizon (blocker, fails, "
        "level 2) holds it there.",
        "Stressed (capex and schedule overrun) capex +50%, schedule +25%: benefits 3.7 months "
        "late (rollout 14.9 months) 11.1 years",
        "Sensitivity (benefits fall short) benefits 30% lower, costs as planned 13.0 years",
        "Path to ready",
        "FE-09, IR-04, IR-02 and FE-10 10 Conditional, level 2",
        "Gaps",
        "Why it matters",
        "Evidence register",
        "Waivers",
        "Rubric packs",
        "Verifying this annex",
        f"SHA-256 is {assessment.file_sha256}",
        "sha256sum samples/press-line-payback-drift.yaml prints the file's digest",
    ):
        assert words in text, words
    for pack in assessment.packs:
        assert pack.sha256 is not None
        assert pack.sha256 in text, pack.id
    for gap in assessment.gaps:
        if not gap.set_aside:
            assert " ".join(gap.rationale.split()) in text, gap.check
    # below level 3, the level-5 gaps are named in one line rather than each set out
    assert "6 gaps of level 5 (Governed) set aside until level 3 is reached: FE-12" in text


def test_the_annex_is_byte_for_byte_repeatable() -> None:
    """The same assessment gives the same bytes."""
    assessment = _assess(SAMPLES / "weld-vision-ready.yaml")
    assert render(assessment) == render(assessment)


def test_the_cli_writes_the_annex(runner: CliRunner, tmp_path: Path) -> None:
    """`-o annex.html` writes the file; `-f html` prints it."""
    target = tmp_path / "annex.html"
    sample = str(SAMPLES / "packaging-oee-conditional.yaml")
    result = runner.invoke(app, ["assess", sample, "--as-of", "2026-11-25", "-o", str(target)])
    assert result.exit_code == 0, result.output  # conditional passes the default gate
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["assess", sample, "--as-of", "2026-11-25", "-f", "html"])
    assert result.stdout == target.read_text(encoding="utf-8")


# --- printed for real -------------------------------------------------------------------------

CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm"))
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and POPPLER),
    reason="printing the annex needs Chromium and poppler-utils; on Debian: "
    "apt-get install chromium poppler-utils",
)

# The projects printed, and the pages each annex takes. A change here is a change in the layout:
# look at the pages (see CONTRIBUTING.md) before updating a number.
PRINTED = {  # the case loss by loss, the pilot and the footer on every page since issue 16
    "weld-vision-ready": 8,
    "packaging-oee-conditional": 8,  # level-5 gaps set aside below level 3 (issue 15)
    "press-line-payback-drift": 12,
    "plant-twin-tech-first": 21,
    "starter": 20,
    "annex-long-words": 20,
    "portfolio": 50,  # every sample and a broken file, `-o portfolio.html`
}
PRINT_DPI = 30
SIDE_MARGIN_MM = 12  # of the 15 mm side margins: nothing may be drawn there
TOP_MM, BOTTOM_MM = 14, 16  # the page margins above and below the body (the footer is below)


@dataclass(frozen=True)
class Printed:
    """One annex printed to PDF, with what poppler reads from it."""

    html: Path
    pdf: Path
    pages: int
    page_size: str
    digest: str | None  # the SHA-256 of the project file; None for a portfolio

    def text(self, page: int) -> str:
        """The text of one page (1-based), whitespace collapsed."""
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(self.pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return " ".join(out.split())


def _print_to_pdf(html: Path, pdf: Path, profile: Path) -> subprocess.Popen[bytes]:
    assert CHROMIUM is not None
    return subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Every annex in PRINTED, printed by headless Chromium (two at a time)."""
    if not (CHROMIUM and POPPLER):
        pytest.skip("no Chromium or poppler-utils: apt-get install chromium poppler-utils")
    folder = tmp_path_factory.mktemp("annex")
    runner = CliRunner()
    starter = folder / "starter.yaml"
    assert runner.invoke(app, ["init", str(starter)]).exit_code == 0
    projects = {name: SAMPLES / f"{name}.yaml" for name in PRINTED if name != "portfolio"}
    projects["starter"] = starter
    projects["annex-long-words"] = LONG_WORDS
    jobs = []
    digests: dict[str, str | None] = {"portfolio": None}
    for name, project in projects.items():
        html = folder / f"{name}.html"
        html.write_text(render(_assess(project)), encoding="utf-8")
        digests[name] = hashlib.sha256(project.read_bytes()).hexdigest()
        jobs.append((name, html, folder / f"{name}.pdf", folder / f"profile-{name}"))
    portfolio = folder / "portfolio.html"
    _portfolio(runner, portfolio)
    jobs.append(("portfolio", portfolio, folder / "portfolio.pdf", folder / "profile-portfolio"))
    results: dict[str, Printed] = {}
    for start in range(0, len(jobs), 2):
        running = [(job, _print_to_pdf(job[1], job[2], job[3])) for job in jobs[start : start + 2]]
        for (name, html, pdf, _), process in running:
            assert process.wait(timeout=120) == 0, f"Chromium failed to print {html}"
            info = subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout
            pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
            size = re.search(r"^Page size:\s+(.*)$", info, re.MULTILINE).group(1)  # type: ignore[union-attr]
            results[name] = Printed(html, pdf, pages, size, digests[name])
    return results


def _grey_pages(printed: Printed, folder: Path) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, 8-bit grey pixels), read from pdftoppm's PGM output."""
    prefix = folder / printed.pdf.stem
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(PRINT_DPI), str(printed.pdf), str(prefix)], check=True
    )
    pages = []
    for image in sorted(folder.glob(f"{printed.pdf.stem}-*.pgm")):
        magic, width, height, _, pixels = image.read_bytes().split(maxsplit=4)
        assert magic == b"P5"
        pages.append((int(width), int(height), pixels))
    return pages


def _portfolio(runner: CliRunner, target: Path) -> None:
    files = [os.path.relpath(p, ROOT) for p in sorted(SAMPLES.glob("*.yaml"))]
    files.append(os.path.relpath(FIXTURES / "broken.yaml", ROOT))
    cwd = Path.cwd()
    try:
        os.chdir(ROOT)
        result = runner.invoke(app, ["assess", *files, "--as-of", "2026-11-25", "-o", str(target)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2, result.output  # the broken file is an input error


def test_a_portfolio_annex_ranks_the_projects_then_gives_each_its_own(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Many files, `-o portfolio.html`: one document, a first page ranking every project worst
    first (a broken file says why), then each project's annex; the same CSP and escaping."""
    target = tmp_path / "portfolio.html"
    _portfolio(runner, target)
    html = target.read_text(encoding="utf-8")
    page = _parse(html)
    assert "script" not in {tag for tag, _ in page.tags}
    text = " ".join(" ".join(page.text).split())
    assert "5 projects" in text
    assert "system: unknown key 'system'" in text
    first = text.index("Projects, worst first")
    order = [
        text.index(name, first)
        for name in ("Brighouse", "Press line B", "Blister", "Module Hall A")
    ]
    assert order == sorted(order)
    assert text.count("Readiness annex to a funding bid") == 4
    assert html.count('<section class="cover page">') == 4


@needs_chromium
@pytest.mark.parametrize("name", sorted(PRINTED))
def test_the_annex_prints_to_a4_pages(name: str, printed: dict[str, Printed]) -> None:
    """A4 pages, as many as the layout should take; every page repeats the running header,
    numbers itself and carries the footer that ties it to the file it judged (the project
    file's SHA-256, the packs' digests, the tool version, how to verify)."""
    annex = printed[name]
    assert "(A4)" in annex.page_size
    assert annex.pages == PRINTED[name], (
        f"{name} printed on {annex.pages} pages, not {PRINTED[name]}: look at {annex.pdf}"
    )
    packs = builtin_rubrics().packs
    for page in range(1, annex.pages + 1):
        text = annex.text(page)
        assert text.startswith(("Readiness annex ·", "Readiness portfolio ·")), (page, text[:80])
        assert f"Page {page} of {annex.pages}" in text
        joined = text.replace(" ", "")
        if annex.digest is not None:
            assert f"SHA-256{annex.digest}" in joined, (page, "the project file's digest")
            assert "verify:sha256sum" in joined, page
        for pack in packs:
            assert pack.sha256 is not None
            assert f"{pack.id}v{pack.version}{pack.sha256[:12]}" in joined, (page, pack.id)
        assert "readiness" in text


# What the first page of a project's annex holds, and the sections every annex has.
FIRST_PAGE = (
    "READINESS ANNEX TO A FUNDING BID",
    "Project file",
    "Assessed as of",
    "Readiness level",
    "Funding ask",
    "Payback, claimed and recomputed",
)
SECTIONS = (
    "The case, loss by loss",
    "Money, per year",
    "Baseline",
    "Pilot results against their criteria",
    "Dimensions",
    "Readiness radar",
    "Path to ready",
    "Next three actions",
    "Gaps",
    "Evidence register",
    "Waivers",
    "Rubric packs",
    "Verifying this annex",
)


@needs_chromium
@pytest.mark.parametrize("name", sorted(PRINTED))
def test_the_printed_annex_has_every_section(name: str, printed: dict[str, Printed]) -> None:
    """The first page holds the project, the verdict, the funding ask and the payback; every
    section is somewhere in the PDF; each group of sections starts a page; no page holds the
    chart alone (the dimensions table or the path to ready shares its page)."""
    annex = printed[name]
    pages = [annex.text(page) for page in range(1, annex.pages + 1)]
    openings = [_body(text) for text in pages]
    if name == "portfolio":
        assert "Projects, worst first" in pages[0]
        assert sum(body.startswith("READINESS ANNEX TO A FUNDING BID") for body in openings) == 4
        starts = [i for i, body in enumerate(openings) if body.startswith("READINESS ANNEX")]
        for start in starts:
            for words in FIRST_PAGE:
                assert words in pages[start], (start + 1, words)
    else:
        for words in FIRST_PAGE:
            assert words in pages[0], words
        whole = " ".join(pages)
        for words in SECTIONS:
            assert words in whole, words
        assert f"SHA-256 is {annex.digest}" in " ".join(openings).replace("- ", "-"), "last page"
        headings = ["The case, loss by loss", "Dimensions", "Evidence register"]
        if name not in ("weld-vision-ready",):  # a project without gaps says so on the page before
            headings.insert(2, "Gaps")
        for heading in headings:
            assert any(body.startswith(heading) for body in openings), heading
    for number, body in enumerate(openings, 1):
        if "Readiness radar" in body:
            assert "Dimension" in body or "Path to ready" in body, f"page {number}: chart alone"


def _body(text: str) -> str:
    """A page's text after the running header (which ends with the as-of date)."""
    return re.split(r"as of 2026-?\s?11-25", text, maxsplit=1)[-1].strip()


@needs_chromium
@pytest.mark.parametrize("name", sorted(PRINTED))
def test_nothing_runs_off_the_page(name: str, printed: dict[str, Printed], tmp_path: Path) -> None:
    """Rendered as pixels, every page is blank in both side margins: no table, word or chart
    is wider than the page (the long-words fixture tries hard)."""
    for number, (width, height, pixels) in enumerate(_grey_pages(printed[name], tmp_path), 1):
        per_mm = width / 210
        side = int(SIDE_MARGIN_MM * per_mm)
        columns = [*range(side), *range(width - side, width)]
        rows = range(int(TOP_MM * per_mm), height - int(BOTTOM_MM * per_mm))
        inked = [(x, y) for y in rows for x in columns if pixels[y * width + x] < 250]
        assert not inked, f"page {number} of {name} has ink in a side margin at {inked[:5]}"


@needs_chromium
def test_the_readme_picture_is_page_one(
    printed: dict[str, Printed], request: pytest.FixtureRequest
) -> None:
    """docs/annex-page1.png is page one of the press-line annex (regenerated with
    `pytest --update-golden`); here it must at least exist and be a PNG of an A4 page."""
    if request.config.getoption("--update-golden"):
        PICTURE.parent.mkdir(exist_ok=True)
        prefix = PICTURE.with_suffix("")
        pdf = printed["press-line-payback-drift"].pdf
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
    data = PICTURE.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert abs(height / width - 297 / 210) < 0.01


def test_print_tests_say_how_to_run_them() -> None:
    """Where Chromium is absent the skip reason says what to install."""
    assert "apt-get install chromium poppler-utils" in str(needs_chromium.kwargs["reason"])
