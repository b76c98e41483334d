"""A radar chart of the dimension bands, as a self-contained SVG.

SIRI-style readiness reviews show the bands on a radar: the weakest dimension is visible at a
glance. The chart is composed as a small tree of `_Element`s and written as ElementTree's
`indent` and `tostring` write it (every piece of user text XML-escaped, so the document always
parses; importing ElementTree cost the annex 6 ms a run), has no scripts, no external references
and a white background, so it renders the same in a browser, on GitHub (light or dark theme) and
in a PDF. Numbers are rounded to one decimal, so the same assessment always gives the same
bytes.
"""

from __future__ import annotations

import math
import textwrap

from readiness.model import BAND_NAMES, VERDICT_WORDS, Assessment, DimensionScore
from readiness.report.escape import xml_document, xml_text

__all__ = ["render_svg"]


class _Element:
    """An element of the chart: a tag, attributes in the order set, text, children."""

    __slots__ = ("attributes", "children", "tag", "text")

    def __init__(self, tag: str, attributes: dict[str, str] | None = None) -> None:
        self.tag = tag
        self.attributes = dict(attributes or {})
        self.text = ""
        self.children: list[_Element] = []

    def set(self, key: str, value: str) -> None:
        self.attributes[key] = value

    def write(self, parts: list[str], indent: str) -> None:
        """Append the element as `ElementTree.indent(space="  ")` then `tostring` write it:
        an element with children on lines of its own, one with none on one line."""
        parts.append(f"<{self.tag}")
        for key, value in self.attributes.items():
            parts.append(f' {key}="{_escape_attribute(value)}"')
        if self.children:
            inner = indent + "  "
            parts.append(">")
            for child in self.children:
                parts.append(inner)
                child.write(parts, inner)
            parts.append(f"{indent}</{self.tag}>")
        elif self.text:
            parts.append(f">{_escape_text(self.text)}</{self.tag}>")
        else:
            parts.append(" />")


def _sub(parent: _Element, tag: str, attributes: dict[str, str] | None = None) -> _Element:
    child = _Element(tag, attributes)
    parent.children.append(child)
    return child


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return (
        _escape_text(text)
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#09;")
    )


WIDTH = 560
HEIGHT = 520
CENTER_X = 280.0
CENTER_Y = 285.0
RADIUS = 150.0
MAX_BAND = 5
LABEL_GAP = 18.0
LINE_HEIGHT = 14.0
LABEL_CHARS = 16
TITLE_CHARS = 56
TITLE_LINES = 2
TITLE_LINE_HEIGHT = 20

INK = "#24292f"
MUTED = "#57606a"
GRID = "#d0d7de"
FILL = "#0969da"
REQUIRED = "#cf222e"
SVG_NS = "http://www.w3.org/2000/svg"


def fmt(value: float) -> str:
    """A coordinate with one decimal and no `-0.0`, so output is byte-for-byte repeatable."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def wrap_words(text: str, width: int, max_lines: int) -> list[str]:
    """Break text into at most `max_lines` lines of about `width` characters, between words.

    Words are never cut, except one that is longer than a whole line (there is nowhere else to
    break it); text that needs more lines ends in an ellipsis after a whole word, so a long
    project name or a user pack's long title cannot push text off the chart.
    """
    flat = " ".join(xml_text(text).split())
    lines = textwrap.wrap(
        flat, width, break_long_words=False, max_lines=max_lines, placeholder=" …"
    )
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines] or ["?"]


def split_label(text: str, width: int = LABEL_CHARS, max_lines: int = 3) -> list[str]:
    """A dimension title in lines of about `width` characters (see `wrap_words`)."""
    return wrap_words(text, width, max_lines)


def _point(index: int, count: int, radius: float) -> tuple[float, float]:
    """Axis `index` of `count`, starting at the top and going clockwise."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return CENTER_X + radius * math.cos(angle), CENTER_Y + radius * math.sin(angle)


def _points(values: list[float], count: int) -> str:
    return " ".join(
        f"{fmt(x)},{fmt(y)}"
        for x, y in (_point(i, count, RADIUS * v / MAX_BAND) for i, v in enumerate(values))
    )


def _text(parent: _Element, x: float, y: float, content: str, **attributes: str) -> None:
    element = _sub(parent, "text", {"x": fmt(x), "y": fmt(y), **attributes})
    element.text = content


def _band_label(dimension: DimensionScore) -> str:
    if dimension.band is None:
        return "n/a"
    name = dimension.band_name or BAND_NAMES.get(dimension.band, "")
    return xml_text(f"{dimension.band} · {name}" if name else str(dimension.band))


def _axis_label(parent: _Element, index: int, count: int, dimension: DimensionScore) -> None:
    """The dimension title (split) and its band, placed outside the end of its axis."""
    x, y = _point(index, count, RADIUS + LABEL_GAP)
    dx = x - CENTER_X
    anchor = "middle" if abs(dx) < 1 else ("start" if dx > 0 else "end")
    lines = split_label(dimension.title)
    total = len(lines) + 1
    sin = (y - CENTER_Y) / (RADIUS + LABEL_GAP)
    if sin < -0.5:  # above the chart: the block ends just above the point
        top = y - (total - 1) * LINE_HEIGHT
    elif sin > 0.5:  # below: the block starts just under the point
        top = y + LINE_HEIGHT * 0.8
    else:  # beside: centred on the point
        top = y - (total - 1) * LINE_HEIGHT / 2 + 4
    group = _sub(parent, "g", {"text-anchor": anchor, "font-size": "12"})
    ink = MUTED if dimension.band is None else INK  # a dimension that does not apply recedes
    for line_number, line in enumerate(lines):
        _text(group, x, top + line_number * LINE_HEIGHT, line, fill=ink)
    band_attributes = {"font-weight": "bold", "fill": FILL}
    if dimension.band is None:
        band_attributes = {"font-style": "italic", "fill": MUTED}
    _text(group, x, top + len(lines) * LINE_HEIGHT, _band_label(dimension), **band_attributes)


def render_svg(assessment: Assessment) -> str:
    """The radar chart of the assessment's dimension bands (0-5), as an SVG document."""
    dimensions = list(assessment.dimensions)
    count = len(dimensions)
    level_name = BAND_NAMES.get(assessment.level, "")
    verdict = VERDICT_WORDS[assessment.verdict]
    subtitle = (
        f"Readiness radar · level {assessment.level} of {MAX_BAND}"
        + (f" ({level_name})" if level_name else "")
        + f" · required {assessment.required_level} · {verdict}"
    )
    title = assessment.project_name

    root = document = _Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-labelledby": "chart-title chart-desc",
            "font-family": "sans-serif",
        },
    )
    _sub(root, "title", {"id": "chart-title"}).text = xml_text(
        " ".join(title.split()) + f". {subtitle}"
    )
    description = "; ".join(
        f"{' '.join(xml_text(d.title).split())}: {_band_label(d)}" for d in dimensions
    )
    _sub(root, "desc", {"id": "chart-desc"}).text = f"Bands 0-5 by dimension. {description}"
    background = _sub(
        root, "rect", {"width": str(WIDTH), "height": str(HEIGHT), "fill": "#ffffff", "rx": "8"}
    )
    title_lines = wrap_words(title, TITLE_CHARS, TITLE_LINES)
    for line_number, line in enumerate(title_lines):
        _text(
            root,
            CENTER_X,
            30 + line_number * TITLE_LINE_HEIGHT,
            line,
            **{"text-anchor": "middle", "font-size": "16", "font-weight": "bold", "fill": INK},
        )
    # A title on two lines moves everything below it down, and the chart grows to match.
    offset = (len(title_lines) - 1) * TITLE_LINE_HEIGHT
    if offset:
        height = str(HEIGHT + offset)
        root.set("height", height)
        root.set("viewBox", f"0 0 {WIDTH} {height}")
        background.set("height", height)
        root = _sub(root, "g", {"transform": f"translate(0 {offset})"})
    _text(
        root,
        CENTER_X,
        50,
        subtitle,
        **{"text-anchor": "middle", "font-size": "12", "fill": MUTED},
    )
    if count < 3:  # a radar needs three axes; say so rather than draw nonsense
        _text(
            root,
            CENTER_X,
            CENTER_Y,
            "not enough dimensions for a radar chart",
            **{"text-anchor": "middle", "font-size": "12", "fill": MUTED},
        )
        return _serialise(document)

    grid = _sub(root, "g", {"fill": "none", "stroke": GRID, "stroke-width": "1"})
    for band in range(1, MAX_BAND + 1):
        _sub(grid, "polygon", {"points": _points([float(band)] * count, count)})
    for index, dimension in enumerate(dimensions):
        x, y = _point(index, count, RADIUS)
        axis = {"x1": fmt(CENTER_X), "y1": fmt(CENTER_Y), "x2": fmt(x), "y2": fmt(y)}
        if dimension.band is None:  # no band: a dotted axis, and no point on it
            axis["stroke-dasharray"] = "2 4"
        _sub(grid, "line", axis)
    if 1 <= assessment.required_level <= MAX_BAND:
        _sub(
            root,
            "polygon",
            {
                "points": _points([float(assessment.required_level)] * count, count),
                "fill": "none",
                "stroke": REQUIRED,
                "stroke-width": "1.5",
                "stroke-dasharray": "5 4",
            },
        )
    ring_labels = _sub(root, "g", {"font-size": "10", "fill": MUTED})
    for band in range(1, MAX_BAND + 1):
        x, y = _point(0, count, RADIUS * band / MAX_BAND)
        _text(ring_labels, x + 4, y + 11, str(band))

    # Only the dimensions that have a band: one that does not apply is absent, not band 0.
    banded = [(index, float(d.band)) for index, d in enumerate(dimensions) if d.band is not None]
    if banded:
        points = (_point(index, count, RADIUS * value / MAX_BAND) for index, value in banded)
        _sub(
            root,
            "polygon",
            {
                "points": " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points),
                "fill": FILL,
                "fill-opacity": "0.25",
                "stroke": FILL,
                "stroke-width": "2",
                "stroke-linejoin": "round",
            },
        )
        dots = _sub(root, "g", {"fill": FILL})
        for index, value in banded:
            x, y = _point(index, count, RADIUS * value / MAX_BAND)
            _sub(dots, "circle", {"cx": fmt(x), "cy": fmt(y), "r": "3.5"})

    labels = _sub(root, "g")
    for index, dimension in enumerate(dimensions):
        _axis_label(labels, index, count, dimension)

    legend = _sub(root, "g", {"font-size": "11", "fill": MUTED})
    _sub(
        legend,
        "line",
        {
            "x1": fmt(24),
            "y1": fmt(HEIGHT - 18),
            "x2": fmt(48),
            "y2": fmt(HEIGHT - 18),
            "stroke": REQUIRED,
            "stroke-width": "1.5",
            "stroke-dasharray": "5 4",
        },
    )
    _text(legend, 54, HEIGHT - 14, f"required level {assessment.required_level}")
    return _serialise(document)


def _serialise(root: _Element) -> str:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    root.write(parts, "\n")
    return xml_document("".join(parts) + "\n")
