"""The packaged Jinja2 templates compiled to Python ahead of time, committed like
builtin_packs.json.

Compiling the Markdown and HTML templates (lexing, parsing, generating Python) took 25-40 ms of
every Markdown or HTML run (issue 18): more than rendering them. `python -m
readiness.report.regenerate_templates` writes each template's generated module under
`readiness/report/compiled/<set>/`, with the Jinja2 version and a checksum of each template
source in `compiled/<set>/sources.json`; at run time `template_loader` loads those modules
(imported as Python, so byte-compiled once on install) when the Jinja2 version and every
checksum still match, and compiles from source otherwise: a stale module is only slow, never
wrong. `tests/test_compiled_templates.py` fails when the committed modules are stale.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from pathlib import Path

import jinja2

__all__ = ["REGENERATE", "TEMPLATE_SETS", "generate", "template_loader"]

COMPILED = Path(__file__).parent / "compiled"
REGENERATE = "python -m readiness.report.regenerate_templates"
TEMPLATE_SETS: dict[str, tuple[str, ...]] = {
    "markdown": ("report.md.j2", "portfolio.md.j2", "portfolio-project.md.j2"),
    "html": (
        "annex-head.html.j2",
        "annex-project.html.j2",
        "annex-tail.html.j2",
        "annex-portfolio.html.j2",
    ),
}


def _checksum(source: str) -> str:
    # Detects an edited template (not an attack: whoever can edit the package can edit both).
    return f"{zlib.crc32(source.encode('utf-8')):08x}"


def template_loader(kind: str, read: Callable[[str], str]) -> jinja2.BaseLoader:
    """The loader for one set of templates: their compiled modules when current, else `read`
    (a template's source by name) compiled on use."""
    source_loader = jinja2.FunctionLoader(read)
    folder = COMPILED / kind
    try:
        recorded = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return source_loader
    if recorded.get("jinja2") != jinja2.__version__:
        return source_loader
    checksums = recorded.get("templates", {})
    for name in TEMPLATE_SETS[kind]:
        if checksums.get(name) != _checksum(read(name)):
            return source_loader
    return jinja2.ChoiceLoader([jinja2.ModuleLoader(str(folder)), source_loader])


def generate(kind: str, environment: jinja2.Environment, read: Callable[[str], str]) -> None:
    """Write the compiled modules of one set, and its sources.json, into compiled/<kind>/."""
    folder = COMPILED / kind
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("tmpl_*.py"):
        old.unlink()
    checksums = {}
    for name in TEMPLATE_SETS[kind]:
        source = read(name)
        # As Environment.compile_templates does it (that needs a loader that lists templates).
        code = environment.compile(source, name, None, raw=True, defer_init=True)
        (folder / jinja2.ModuleLoader.get_module_filename(name)).write_text(code, "utf-8")
        checksums[name] = _checksum(source)
    record = {"jinja2": jinja2.__version__, "templates": checksums}
    (folder / "sources.json").write_text(json.dumps(record, indent=2) + "\n", "utf-8")
