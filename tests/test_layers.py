"""The package's imports: no circles, and no module importing one from a higher layer.

Every import counts wherever it is written: at the top, inside a function (a lazy import is still
an edge: it runs the lower module's code against the higher one's), under `TYPE_CHECKING`, and a
module named in a string that `importlib` loads (the format registries). The layers, lowest
first, and why each module sits where it does, are in CONTRIBUTING.md; a new module must be given
a layer here.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "readiness"

# Lowest first. A module's layer is the one naming it exactly, else the one with the longest
# pattern that matches it (`report.*_portfolio` before `report.*`).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "foundations",
        (
            "readiness",
            "record",
            "repository",
            "vocabulary",
            "messages",
            "schemas",
            "errors",
            "paths",
            "pointers",
            "syntax",
            "suggest",
            "report.escape",
            "report.json_indent",
            "report.layout",
        ),
    ),
    (
        "reading",
        (
            "model",
            "fragments",
            "schemacheck",
            "yaml_tree",
            "citations",
            "loader",
            "validate",
            "discover",
            "case_file",
        ),
    ),
    (
        "packs",
        (
            "facts",
            "facts.*",
            "prevalidated",
            "rule_effect",
            "pack_changes",
            "rubric",
            "waivers",
            "scoring",
            "path_to_ready",
            "engine",
            "repairs",
        ),
    ),
    ("assessment", ("assess", "baseline", "gate", "config", "casebook", "checkdocs")),
    ("reports", ("report", "report.*")),
    ("portfolio", ("portfolio",)),
    ("portfolio reports", ("report.*_portfolio",)),
    ("runs", ("portfolio_run", "output", "diff", "starter", "action", "builtin_packs")),
    ("commands", ("commands", "commands.*")),
    ("application", ("cli", "__main__")),
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The package module `name` is, or is in (`readiness.loader.load_file` -> the loader)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _is_resource_call(node: ast.AST) -> bool:
    """`resources.files("readiness.report")`: data read from a package, not an import."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and getattr(node.func, "attr", getattr(node.func, "id", "")) == "files"
    )


def imports_of(module: str) -> set[str]:
    """The package's modules `module` imports, in any of the ways the docstring names."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    resources = {id(arg) for node in ast.walk(tree) if _is_resource_call(node) for arg in node.args}
    found: set[str | None] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_owner(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else _owner(base))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in MODULES
            and id(node) not in resources
        ):
            found.add(node.value)
    return {name for name in found if name is not None and name != module}


GRAPH = {module: imports_of(module) for module in MODULES}


def layer_of(module: str) -> int | None:
    """The index of the module's layer in LAYERS, None if none names it."""
    short = module.removeprefix("readiness.") if module != "readiness" else "readiness"
    best: tuple[int, int] | None = None
    for index, (_, patterns) in enumerate(LAYERS):
        for pattern in patterns:
            if pattern == short:
                return index
            if fnmatchcase(short, pattern) and (best is None or len(pattern) > best[0]):
                best = (len(pattern), index)
    return best[1] if best is not None else None


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import one another round in a circle (Tarjan's strongly
    connected components of more than one module, or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so that a long chain cannot exhaust the recursion limit.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1 or node in graph[node]:
                        found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import of a module in a higher layer, as `lower (layer) -> higher (layer)`."""
    wrong = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            mine, theirs = layer_of(module), layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{module} ({LAYERS[mine][0]}) -> {target} ({LAYERS[theirs][0]})")
    return wrong


def test_every_module_has_a_layer() -> None:
    assert [module for module in MODULES if layer_of(module) is None] == []


def test_no_import_circle() -> None:
    assert circles(GRAPH) == []


def test_no_module_imports_from_a_higher_layer() -> None:
    assert upward_imports(GRAPH) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"a"}}, [["a"]]),
    ],
)
def test_circles_are_found(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert circles(graph) == expected


def test_an_upward_import_is_named() -> None:
    """The loader importing the rubric merger would put reading above the packs."""
    graph = {"readiness.loader": {"readiness.rubric"}, "readiness.rubric": set()}
    assert upward_imports(graph) == ["readiness.loader (reading) -> readiness.rubric (packs)"]


def test_lazy_string_and_type_only_imports_are_edges() -> None:
    """A function-level import, a TYPE_CHECKING import and an importlib registry entry all
    count; reading a package's data files does not."""
    assert "readiness.citations" in GRAPH["readiness.loader"]  # inside Document.citations
    assert "readiness.report.terminal" in GRAPH["readiness.report"]  # the registry's string
    assert "readiness.report" not in GRAPH["readiness.report.markdown"]  # resources.files


MAX_MODULE_LINES = 600


def test_no_module_is_over_600_lines() -> None:
    """A module longer than this holds more than one concern: split it along them."""
    long = {
        module: lines
        for module, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
