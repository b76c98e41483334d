"""The packaged templates as plain Python functions, committed like builtin_packs.json.

Rendering the Markdown and HTML reports through Jinja2 cost every such run ~30 ms to import it
(issue 18), more than rendering; before that, 25-40 ms to compile the templates. `python -m
readiness.report.regenerate_templates` translates each set of templates to a module of plain
functions, `readiness/report/compiled/<set>.py` (`template_compiler` says how), with a checksum
of each template's source in its `SOURCES`. At run time `current` returns a set's functions when
every checksum still matches, and None otherwise (the renderer then renders the sources with
Jinja2): a stale module is only slower, never wrong. `tests/test_compiled_templates.py` fails
when the committed modules are stale and renders every sample both ways.

The generated functions call `attr`, `item` and `UNDEFINED` below, which behave as Jinja2's
`Environment.getattr`, `getitem` and `StrictUndefined` do for what our templates print.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, NoReturn

__all__ = ["REGENERATE", "TEMPLATE_SETS", "UNDEFINED", "attr", "checksum", "current", "item"]

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

# What a generated function is given: the view, the environment's finalize, how a finalized
# value becomes text (`str`, or markupsafe's `escape` for HTML) and the custom filters.
Context = Mapping[str, Any]
Finalize = Callable[[object], object]
Convert = Callable[[Any], str]
Filters = Mapping[str, Callable[[Any], Any]]
Render = Callable[[Context, Finalize, Convert, Filters], str]


class UndefinedError(LookupError):
    """A template used a name or attribute its view does not have (Jinja2's StrictUndefined)."""


class _Undefined:
    """A name missing from the view: fails when used, as StrictUndefined does."""

    __slots__ = ()

    def _fail(self, *_: object) -> NoReturn:
        raise UndefinedError("the template used a name its view does not have")

    __bool__ = __str__ = __iter__ = __len__ = __getattr__ = __getitem__ = _fail


UNDEFINED: Any = _Undefined()
_DICT_NAMES = frozenset(dir(dict))


def attr(obj: Any, name: str) -> Any:
    """`obj.name` as Jinja2 reads it: the attribute, else the item of that name."""
    if type(obj) is dict and name not in _DICT_NAMES:
        # A plain dict has no other attributes: straight to the item (what Jinja2 ends at).
        try:
            return obj[name]
        except KeyError:
            pass
    else:
        try:
            return getattr(obj, name)
        except AttributeError:
            pass
        try:
            return obj[name]
        except (TypeError, LookupError, AttributeError):
            pass
    raise UndefinedError(f"{type(obj).__name__} has no attribute {name!r}")


def item(obj: Any, key: Any) -> Any:
    """`obj[key]` as Jinja2 reads it: the item, else the attribute of that name."""
    try:
        return obj[key]
    except (AttributeError, TypeError, LookupError):
        if isinstance(key, str):
            try:
                return getattr(obj, key)
            except AttributeError:
                pass
    raise UndefinedError(f"{type(obj).__name__} has no item {key!r}")


def checksum(source: str) -> str:
    """A template source's checksum. Detects an edited template (not an attack: whoever can
    edit the package can edit both)."""
    return f"{zlib.crc32(source.encode('utf-8')):08x}"


def current(module: ModuleType, read: Callable[[str], str]) -> dict[str, Render] | None:
    """A generated module's render functions by template name, or None when a template's
    source (`read`) no longer matches the one it was generated from."""
    sources: dict[str, str] = module.SOURCES
    if any(checksum(read(name)) != recorded for name, recorded in sources.items()):
        return None
    templates: dict[str, Render] = module.TEMPLATES
    return templates
