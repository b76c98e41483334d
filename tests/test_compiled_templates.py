"""The templates translated to plain Python are current, render what Jinja2 renders from the
sources, and a stale set is never used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from typer.testing import CliRunner

from readiness.cli import app
from readiness.report import compiled_templates, html, markdown
from readiness.report.compiled import html as compiled_html
from readiness.report.compiled import markdown as compiled_markdown
from readiness.report.compiled_templates import REGENERATE, TEMPLATE_SETS, UndefinedError
from readiness.report.regenerate_templates import COMPILED, module_text
from readiness.report.template_compiler import translate_set

from .conftest import FIXTURES, SAMPLES
from .report_fixtures import AS_OF, hostile_assessment, sample_assessment

MODULES = {"markdown": compiled_markdown, "html": compiled_html}
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("kind", sorted(TEMPLATE_SETS))
def test_the_committed_modules_are_current(kind: str) -> None:
    """What `python -m readiness.report.regenerate_templates` writes today is what is committed."""
    stored = (COMPILED / f"{kind}.py").read_text("utf-8")
    assert module_text(kind) == stored, (
        f"readiness/report/compiled/{kind}.py is stale: {REGENERATE}"
    )


def test_current_modules_are_used() -> None:
    """With the committed modules current, runs render with them."""
    assert markdown._compiled() is compiled_markdown.TEMPLATES
    assert html._compiled() is compiled_html.TEMPLATES


def test_an_edited_template_is_rendered_from_source() -> None:
    """A set whose template no longer matches the source it was generated from is not used."""

    def edited(name: str) -> str:
        return markdown.read_template(name) + ("\nedited\n" if name == "report.md.j2" else "")

    assert compiled_templates.current(compiled_markdown, edited) is None


@pytest.fixture
def by_jinja2(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it to make every renderer render the template sources with Jinja2."""

    def switch() -> None:
        monkeypatch.setattr(markdown, "_compiled", lambda: None)
        monkeypatch.setattr(html, "_compiled", lambda: None)

    return switch


def _outputs(folder: Path) -> dict[str, str]:
    """Every report of every sample, one by one and as a portfolio (with a file that cannot be
    assessed), in the template formats; the Markdown written to a file, with its chart."""
    outputs = {}
    runner = CliRunner()
    broken = str(FIXTURES / "broken.yaml")
    for fmt in ("markdown", "html", "github"):
        for path in [*SAMPLE_FILES, None]:
            args = [str(path)] if path else [*map(str, SAMPLE_FILES), broken]
            result = runner.invoke(app, ["assess", *args, "-f", fmt, "--as-of", AS_OF])
            assert "Traceback" not in result.output
            outputs[f"{fmt} {path}"] = result.stdout
    for path in SAMPLE_FILES:
        written = folder / path.stem / "report.md"
        written.parent.mkdir(parents=True)
        result = runner.invoke(app, ["assess", str(path), "--as-of", AS_OF, "-o", str(written)])
        outputs[f"file {path}"] = written.read_text("utf-8")
    for assessment in (sample_assessment(), hostile_assessment()):
        outputs[f"markdown {assessment.project_id}"] = markdown.render(assessment)
        outputs[f"html {assessment.project_id}"] = html.render(assessment)
    return outputs


def test_every_report_renders_as_jinja2_renders_it(
    tmp_path: Path, by_jinja2: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Byte for byte, for every sample, portfolio and hand-built (hostile) assessment."""
    monkeypatch.chdir(SAMPLES.parent)
    compiled = _outputs(tmp_path / "compiled")
    by_jinja2()
    jinja = _outputs(tmp_path / "jinja2")
    assert compiled.keys() == jinja.keys()
    for key, text in compiled.items():
        assert text == jinja[key], key
    assert len(compiled) == 3 * (len(SAMPLE_FILES) + 1) + len(SAMPLE_FILES) + 4


# --- the translation itself, on small templates: each construct against Jinja2 ----------------


def _both(source: str, view: dict[str, Any]) -> tuple[str, str]:
    """`source` rendered by Jinja2 and by its translation, with the Markdown report's settings."""
    environment = markdown.source_environment(jinja2.DictLoader({"t": source}))
    expected = environment.get_template("t").render(view)
    text = translate_set("test", ("t",), environment, {"t": source}.__getitem__, lambda _: "")
    namespace: dict[str, Any] = {}
    exec(compile(text, "generated", "exec"), namespace)  # noqa: S102 - our own generated code
    got = namespace["TEMPLATES"]["t"](view, markdown._finalize, str, markdown.FILTERS)
    return expected, got


CONSTRUCTS = [
    ("{{ a }}|{{ n }}", {"a": "x|y", "n": 3}),
    ("{% for x in xs %}{{ loop.index }}{{ x }}{% else %}none{% endfor %}", {"xs": []}),
    ("{% for x in xs %}{{ loop.index }}{{ x }}{% else %}none{% endfor %}", {"xs": ["a", "b"]}),
    (
        "{% for x in xs %}{% if not loop.first %},{% endif %}"
        "{% for y in x %}{{ loop.index }}{% endfor %}{{ loop.index }}{% endfor %}",
        {"xs": [[1, 2], [3]]},
    ),
    ("{% for k, v in pairs %}{{ k }}={{ v }}\n{% endfor %}", {"pairs": [("a", "b")]}),
    ("{% for x in xs %}{{ x }}{% endfor %}{{ x }}", {"xs": ["in"], "x": "out"}),
    ("{% if d.items %}{{ d.key }}{% endif %}", {"d": {"items": "", "key": "k"}}),
    ("{{ d.key or 'none' }} {{ e.key or 'none' }}", {"d": {"key": "k"}, "e": {"key": ""}}),
    ("{{ t[0] }}{{ t[1] | code }} {{ s | prose }} {{ t | length }}", {"t": ("a", "b"), "s": "x"}),
    ("{% if a and not b %}1{% elif b %}2{% else %}3{% endif %}", {"a": True, "b": False}),
    ("{% if a and not b %}1{% elif b %}2{% else %}3{% endif %}", {"a": False, "b": True}),
    ("{% if a %}{{ missing }}{% endif %}\n  {% if b %}\n  x\n  {% endif %}\n", {"a": 0, "b": 1}),
]


@pytest.mark.parametrize(("source", "view"), CONSTRUCTS)
def test_each_construct_renders_as_jinja2_renders_it(source: str, view: dict[str, Any]) -> None:
    """Output, finalize, loops (`else`, `loop`, nesting, scope), attribute and item access with
    their fallbacks, `and`/`or`/`not`, filters and whitespace control."""
    expected, got = _both(source, view)
    assert got == expected


@pytest.mark.parametrize(
    "source", ["{{ missing }}", "{{ d.nothing }}", "{% for x in m %}{% endfor %}"]
)
def test_a_missing_name_fails_when_used(source: str) -> None:
    """As with StrictUndefined: a name or attribute the view lacks is an error, not ''."""
    with pytest.raises((jinja2.UndefinedError, TypeError)):  # TypeError: from finalize
        _both(source, {"d": {}})
    environment = markdown.source_environment(jinja2.DictLoader({"t": source}))
    text = translate_set("test", ("t",), environment, {"t": source}.__getitem__, lambda _: "")
    namespace: dict[str, Any] = {}
    exec(compile(text, "generated", "exec"), namespace)  # noqa: S102 - our own generated code
    with pytest.raises((UndefinedError, TypeError)):
        namespace["TEMPLATES"]["t"]({"d": {}}, markdown._finalize, str, markdown.FILTERS)


@pytest.mark.parametrize(
    "source",
    [
        "{% macro m() %}{% endmacro %}",
        "{% set x = 1 %}",
        "{{ range(3) }}",
        "{{ x is defined }}",
        "{{ x | upper }}",
        "{{ loop.cycle }}",
        "{% for x in xs if x %}{% endfor %}",
    ],
)
def test_what_is_not_translated_is_refused(source: str) -> None:
    """A construct the translation does not know stops regeneration, naming it."""
    environment = markdown.source_environment(jinja2.DictLoader({"t": source}))
    with pytest.raises(NotImplementedError):
        translate_set("test", ("t",), environment, {"t": source}.__getitem__, lambda _: "")
