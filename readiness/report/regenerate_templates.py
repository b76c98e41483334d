"""`python -m readiness.report.regenerate_templates`: compile the Markdown and HTML templates to
Python again (`readiness.report.compiled_templates`, which the two renderers load them through).

Kept apart from the loading side: regenerating reads each renderer's template environment, and
the renderers import the loader, so the two ends sit on either side of them.
"""

from __future__ import annotations

from readiness.report import html, markdown
from readiness.report.compiled_templates import generate


def main() -> None:
    """Regenerate every set."""
    generate("markdown", markdown.source_environment(), markdown.read_template)
    generate("html", html.source_environment(), html.read_template)


if __name__ == "__main__":
    main()
