"""Markdown that linkify leaves alone: wikis and PR bots render with it on, and it links any
`name.tld` it knows (`people.shop_floor` became `http://people.shop`). No link may come from our
own words (key paths, file names, check ids) or from the project file's text; the links we write
ourselves (to the project file and its lines) stay."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from readiness.report import markdown
from tests.report_fixtures import hostile_assessment, sample_assessment

GOLDEN = Path(__file__).resolve().parent / "golden"

# The option is what turns linkify on: enabling the rule alone links nothing.
LINKIFY = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])

# User text that linkify would link as it stands: bare domains, file names with a country-code
# extension, an e-mail address, a key path.
DOMAINS = "people.shop_floor rollout for acme.io, see notes.md or ops@plant.example.com; www.x.to"


def _links(text: str) -> list[str]:
    """The destinations of every link linkify made in the rendered text."""
    found: list[str] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type == "link_open" and token.markup == "linkify":
                found.append(str(token.attrs.get("href")))
            walk(token.children or [])

    walk(LINKIFY.parse(text))
    return found


def test_linkify_is_on_in_this_test() -> None:
    """The renderer used here links bare key paths as reports used to write them."""
    assert _links("add people.shop\\_floor.standard\\_work\\_updated") == ["http://people.shop"]
    assert _links("add baseline.period.to") == ["http://baseline.period.to"]


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.md")))
def test_no_golden_markdown_report_gets_a_link_from_linkify(name: str) -> None:
    """Every golden Markdown report, single-project and portfolio: no linkify link."""
    assert _links((GOLDEN / name).read_text(encoding="utf-8")) == []


def test_user_text_with_domains_gets_no_link() -> None:
    """Project name, file, reasons and missing files full of bare domains: no link."""
    sample = sample_assessment()
    assessment = replace(
        sample,
        project_name=DOMAINS,
        verdict_reason=DOMAINS,
        waivers=tuple(replace(w, reason=DOMAINS, approved_by=DOMAINS) for w in sample.waivers),
        missing_evidence_files=("oee.report.md", DOMAINS),
        findings=tuple(replace(f, message=f"{f.message} {DOMAINS}") for f in sample.findings),
    )
    assert _links(markdown.render(assessment)) == []


def test_hostile_report_gets_no_link_from_linkify() -> None:
    """The report full of hostile user text links nothing either."""
    assert _links(markdown.render(hostile_assessment())) == []


def test_key_paths_are_code_spans_and_file_links_stay_links() -> None:
    """Our key paths read as code; our own links to the project file are still links."""
    text = (GOLDEN / "packaging-oee-conditional.md").read_text(encoding="utf-8")
    assert "`integration.cutover_rehearsed`" in text
    assert (
        "[samples/packaging-oee-conditional.yaml:172](samples/packaging-oee-conditional.yaml#L172)"
        in text
    )
