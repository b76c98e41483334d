"""The packaged templates translated to plain Python render functions, ahead of time.

Importing Jinja2 costs a Markdown or HTML run ~30 ms (issue 18; its package imports its compiler,
lexer and parser even to run a precompiled template), more than the rest of rendering. Our
templates use a small part of the language (output, `if`/`elif`/`else`, `for` with `else`,
`loop.index` and `loop.first`, attribute and item access, `and`, `or`, `not`, constants and
filters), so `python -m readiness.report.regenerate_templates` parses each with Jinja2 itself
(its lexer applies `trim_blocks`, `lstrip_blocks` and `keep_trailing_newline`) and writes the
parse tree out as one Python function per template, in `readiness/report/compiled/<set>.py`.
The functions keep Jinja2's semantics for what they do: every printed value goes through the
environment's `finalize` and then `str` (or markupsafe's `escape` with autoescape), attribute
access falls back to item access and item access to attribute access (`compiled_templates.attr`
and `item`), a missing name fails when it is used. Anything else in a template (a macro, an
include, a test, a global) stops the translation with `NotImplementedError`, naming the node.

Only this module and the fallback of a stale set import Jinja2;
`tests/test_compiled_templates.py` renders every sample through both and compares.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import NoReturn

import jinja2
from jinja2 import nodes

__all__ = ["translate_set"]

_LOOP_FIELDS = {"index": "{}", "index0": "({} - 1)", "first": "({} == 1)"}


class _Writer:
    """Python source of one template's function, built from its Jinja2 parse tree."""

    def __init__(self, environment: jinja2.Environment, filters: set[str]) -> None:
        self.environment = environment
        self.filters = filters
        self.lines: list[str] = []
        self.indent = 1
        self.counter = 0
        # Innermost scope last: template names to Python names, and the loop counter of `loop`.
        self.scopes: list[dict[str, str]] = [{}]
        self.free: dict[str, str] = {}

    def line(self, text: str) -> None:
        self.lines.append("    " * self.indent + text)

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}_{self.counter}"

    def statements(self, body: list[nodes.Node]) -> None:
        for node in body:
            self.statement(node)

    def block(self, body: list[nodes.Node]) -> None:
        self.indent += 1
        before = len(self.lines)
        self.statements(body)
        if len(self.lines) == before:
            self.line("pass")
        self.indent -= 1

    def statement(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    if child.data:
                        self.line(f"w({child.data!r})")
                else:
                    self.line(f"w(convert(finalize({self.expression(child)})))")
        elif isinstance(node, nodes.If):
            self.line(f"if {self.expression(node.test)}:")
            self.block(node.body)
            for branch in node.elif_:
                self.line(f"elif {self.expression(branch.test)}:")
                self.block(branch.body)
            if node.else_:
                self.line("else:")
                self.block(node.else_)
        elif isinstance(node, nodes.For):
            self.loop(node)
        else:
            self.unsupported(node)

    def loop(self, node: nodes.For) -> None:
        if node.recursive or node.test is not None:
            self.unsupported(node)
        sequence = self.expression(node.iter)
        counter = self.fresh("index")
        scope: dict[str, str] = {"loop": counter}
        targets = node.target.items if isinstance(node.target, nodes.Tuple) else [node.target]
        names = []
        for target in targets:
            if not isinstance(target, nodes.Name):
                self.unsupported(target)
            names.append(scope.setdefault(target.name, self.fresh(f"l_{target.name}")))
        target_text = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
        if node.else_:
            self.line(f"{counter} = 0")
        self.line(f"for {counter}, {target_text} in enumerate({sequence}, 1):")
        self.scopes.append(scope)
        self.block(node.body)
        self.scopes.pop()
        if node.else_:
            self.line(f"if {counter} == 0:")
            self.block(node.else_)

    def name(self, name: str) -> str:
        for scope in reversed(self.scopes):
            if name in scope and name != "loop":
                return scope[name]
        if name in self.environment.globals or name == "loop":
            raise NotImplementedError(f"the template uses {name!r}, which is not translated")
        return self.free.setdefault(name, f"c_{name}")

    def expression(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Name):
            return self.name(node.name)
        if isinstance(node, nodes.Const) and (
            node.value is None or isinstance(node.value, str | int | bool)
        ):
            return repr(node.value)
        if isinstance(node, nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == "loop":
                return self.loop_field(node.attr)
            return f"attr({self.expression(node.node)}, {node.attr!r})"
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            return f"item({self.expression(node.node)}, {node.arg.value!r})"
        if isinstance(node, nodes.And | nodes.Or):
            operator = "and" if isinstance(node, nodes.And) else "or"
            return f"({self.expression(node.left)} {operator} {self.expression(node.right)})"
        if isinstance(node, nodes.Not):
            return f"(not {self.expression(node.node)})"
        if isinstance(node, nodes.Filter):
            return self.filter(node)
        return self.unsupported(node)

    def loop_field(self, field: str) -> str:
        for scope in reversed(self.scopes):
            if "loop" in scope and field in _LOOP_FIELDS:
                return _LOOP_FIELDS[field].format(scope["loop"])
        raise NotImplementedError(f"loop.{field} is not translated (or is outside a loop)")

    def filter(self, node: nodes.Filter) -> str:
        if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs or node.node is None:
            return self.unsupported(node)
        value = self.expression(node.node)
        if node.name in self.filters:
            return f"filters[{node.name!r}]({value})"
        if self.environment.filters.get(node.name) is len:
            return f"len({value})"
        raise NotImplementedError(f"the filter {node.name!r} is not translated")

    def unsupported(self, node: nodes.Node) -> NoReturn:
        line = getattr(node, "lineno", "?")
        msg = f"{type(node).__name__} (line {line}) is not translated to plain Python"
        raise NotImplementedError(msg)


def _function(
    environment: jinja2.Environment, source: str, name: str, function: str, filters: set[str]
) -> Iterator[str]:
    writer = _Writer(environment, filters)
    writer.statements(environment.parse(source, name).body)
    yield (
        f"def {function}(context: Context, finalize: Finalize, convert: Convert, filters: Filters)"
        " -> str:"
    )
    yield f'    """{name}."""'
    yield "    out: list[str] = []"
    yield "    w = out.append"
    for template_name, python_name in writer.free.items():
        yield f"    {python_name} = context.get({template_name!r}, UNDEFINED)"
    yield from writer.lines
    yield '    return "".join(out)'


def translate_set(
    kind: str,
    names: tuple[str, ...],
    environment: jinja2.Environment,
    read: Callable[[str], str],
    checksum: Callable[[str], str],
) -> str:
    """The Python module of one set of templates: each template a function, in `TEMPLATES`
    by name, and each source's checksum in `SOURCES`."""
    filters = {
        name
        for name, function in environment.filters.items()
        if getattr(function, "__module__", "").startswith("readiness.")
    }
    parts = [
        f'"""The {kind} templates as plain Python functions. Generated by `python -m '
        "readiness.report.regenerate_templates`\nfrom readiness/report/templates/ "
        f'(Jinja2 {jinja2.__version__}): do not edit."""',
        "",
        "from readiness.report.compiled_templates import (",
        "    UNDEFINED,",
        "    Context,",
        "    Convert,",
        "    Filters,",
        "    Finalize,",
        "    Render,",
        "    attr,",
        "    item,",
        ")",
        "",
    ]
    functions = {}
    sources = {}
    for name in names:
        source = read(name)
        sources[name] = checksum(source)
        function = "render_" + "".join(c if c.isalnum() else "_" for c in name)
        functions[name] = function
        parts += ["", *_function(environment, source, name, function, filters), ""]
    parts += [
        "",
        f"SOURCES: dict[str, str] = {json.dumps(sources, indent=4)}",
        "TEMPLATES: dict[str, Render] = {",
        *(f"    {name!r}: {function}," for name, function in functions.items()),
        "}",
        "",
    ]
    return "\n".join(parts)
