"""Numbers as the reports for people write them: one helper both the Markdown report and the
annex's rows use (the annex is built for the Markdown and HTML templates, so it may not import
the Markdown module that imports it)."""

from __future__ import annotations


def number(value: float, decimals: int = 0) -> str:
    """A number with thousands separators and a fixed number of decimals (no `-0`)."""
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not any(digit in text for digit in "123456789"):
        return text[1:]
    return text
