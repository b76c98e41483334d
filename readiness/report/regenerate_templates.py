"""`python -m readiness.report.regenerate_templates`: translate the Markdown and HTML templates to
plain Python again (`readiness/report/compiled/<set>.py`; `readiness.report.template_compiler`
says how, `readiness.report.compiled_templates` how runs use them).

Kept apart from the loading side: regenerating reads each renderer's template environment, and
the renderers import the loader, so the two ends sit on either side of them.
"""

from __future__ import annotations

from pathlib import Path

from readiness.report import html, markdown
from readiness.report.compiled_templates import TEMPLATE_SETS, checksum
from readiness.report.template_compiler import translate_set

COMPILED = Path(__file__).parent / "compiled"
RENDERERS = {"markdown": markdown, "html": html}


def module_text(kind: str) -> str:
    """The generated module of one set, as `main` writes it."""
    renderer = RENDERERS[kind]
    return translate_set(
        kind,
        TEMPLATE_SETS[kind],
        renderer.source_environment(),
        renderer.read_template,
        checksum,
    )


def main() -> None:
    """Regenerate every set."""
    for kind in TEMPLATE_SETS:
        (COMPILED / f"{kind}.py").write_text(module_text(kind), encoding="utf-8")


if __name__ == "__main__":
    main()
