"""Property tests over generated project files: whatever the text, structure or numbers, the CLI
answers with exit 0, 1 or 2 (never 3), one line per diagnostic, and the same bytes every time.

Three generators: text (a sample with characters YAML cares about inserted, deleted or swapped),
structure (a sample with a subtree replaced by generated data) and numbers (every number in a
sample set to a value at the edges). Each runs a quarter of the Hypothesis profile's examples
(tests/conftest.py): 25 in the suite, 1,000 with `HYPOTHESIS_PROFILE=deep`.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from readiness.cli import app

from .conftest import SAMPLES

# Each example runs the CLI three times: a quarter of the profile's examples.
EXAMPLES = settings(max_examples=max(10, settings.default.max_examples // 4))
SAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.yaml"))]
SAMPLE_DATA = [yaml.safe_load(text) for text in SAMPLE_TEXTS]
_DIAGNOSTIC = re.compile(r"[^\n]*:\d+:\d+: (error|warning): [^\n]*|[^\n]*: error: [^\n]*")


@contextmanager
def project_file(content: str | bytes) -> Iterator[str]:
    """The content written to a fresh project file, for one example."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_bytes(
            content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        )
        yield str(path)


def assert_answers_well(path: str) -> None:
    """`validate` and `assess` exit 0-2 with one-line diagnostics; `assess` gives the same bytes
    twice."""
    runner = CliRunner()
    validated = runner.invoke(app, ["validate", "-f", "json", path])
    _assert_no_bug(validated)
    for problem in json.loads(validated.stdout)["files"][0]["problems"]:
        assert "\n" not in problem["message"] + problem["hint"], problem
        assert problem["file"] == path
    args = ["assess", path, "--as-of", "2026-11-25", "-f", "json"]
    first = runner.invoke(app, args)
    _assert_no_bug(first)
    if first.exit_code == 2:
        assert validated.exit_code == 2 or "waiver" in first.stderr, first.stderr
        _assert_one_line_diagnostics(first.stderr)
    else:
        json.loads(first.stdout, parse_constant=_refuse_constant)
    second = runner.invoke(app, args)
    assert (second.exit_code, second.stdout_bytes, second.stderr_bytes) == (
        first.exit_code,
        first.stdout_bytes,
        first.stderr_bytes,
    )


def _assert_no_bug(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)


def _assert_one_line_diagnostics(stderr: str) -> None:
    lines = stderr.splitlines()
    assert lines, "an input error says what is wrong"
    for line in lines:
        assert line.startswith("    hint: ") or _DIAGNOSTIC.fullmatch(line), line


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"the JSON result holds {name}, which is not JSON")


# --- text ---------------------------------------------------------------------------------

YAML_PIECES = st.sampled_from(
    [
        "\t", "'", '"', "[", "]", "{", "}", ":", ": ", "- ", "-", "#", "&a ", "*a", "!!int ",
        "!!bool ", "!!str ", "!!float ", "!!null ", "!custom ", "<<: ", "---\n", "...\n", "\n",
        "  ", "|", ">", "%YAML 1.1\n", "? ", ",", "\\", "\x00", "\x1b[31m", "\u202e", "\ufeff",
        "0x" + "f" * 30, "9" * 30, "1.0e+308", ".nan", "-.inf", "0000-01-01", "yes", "no",
        "017", "12:30", "1_000", "~", "null", "é", "\U0001f600", "\r\n", "\r",
    ]
)  # fmt: skip


@st.composite
def edited_text(draw: st.DrawFn) -> str:
    """A sample with a few insertions, deletions and swaps of characters YAML cares about."""
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(YAML_PIECES | st.text(max_size=3))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


@EXAMPLES
@given(edited_text())
def test_edited_text_is_answered_well(text: str) -> None:
    """A sample with YAML-significant characters inserted, deleted or swapped anywhere."""
    with project_file(text) as path:
        assert_answers_well(path)


# --- structure ----------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**16), 10**16)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["2026-02-30", "0000-01-01", "abc\n", "x" * 300, "BL-01", "mes-q1"])
)
KEYS = st.text(max_size=12) | st.sampled_from(
    ["id", "name", "evidence", "kind", "x-own", "losses", "check", "expires", "annual"]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def _containers(node: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        found.append((node, key))
        if isinstance(value, dict | list):
            _containers(value, found)
    return found


@st.composite
def reshaped_document(draw: st.DrawFn) -> Any:
    """A sample with a few subtrees replaced, deleted or wrapped by generated data."""
    data = json.loads(json.dumps(draw(st.sampled_from(SAMPLE_DATA)), default=str))
    for _ in range(draw(st.integers(1, 4))):
        spots = _containers(data, [])
        parent, key = draw(st.sampled_from(spots))
        action = draw(st.sampled_from(["replace", "delete", "wrap"]))
        if action == "replace":
            parent[key] = draw(VALUES)
        elif action == "delete":
            del parent[key]
        else:
            parent[key] = [parent[key]] if draw(st.booleans()) else {"id": parent[key]}
    return data


@EXAMPLES
@given(reshaped_document())
def test_reshaped_documents_are_answered_well(data: Any) -> None:
    """A sample whose structure is changed: wrong kinds, missing parts, odd keys and values."""
    with project_file(yaml.safe_dump(data, sort_keys=False, allow_unicode=True)) as path:
        assert_answers_well(path)


# --- numbers ------------------------------------------------------------------------------

EDGE_NUMBERS = st.sampled_from(
    [0, 0.0, -0.0, 1, -1, 10**15, -(10**15), 1e15, 999999999999999.9, 5e-324, 1e-300,
     2.2250738585072014e-308, 0.1, 0.5, 0.999999999999, 1.000000001, 2**53, 12, 52, 100]
) | st.floats(-1e15, 1e15, allow_nan=False) | st.integers(-(10**15), 10**15)  # fmt: skip


def _numbers(node: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        if isinstance(value, dict | list):
            _numbers(value, found)
        elif isinstance(value, int | float) and not isinstance(value, bool) and key != "readiness":
            found.append((node, key))
    return found


@st.composite
def edge_numbers(draw: st.DrawFn) -> Any:
    """A sample with some or all of its numbers set to values at the edges of the range."""
    data = json.loads(json.dumps(draw(st.sampled_from(SAMPLE_DATA)), default=str))
    every = draw(st.booleans())
    value = draw(EDGE_NUMBERS)
    for parent, key in _numbers(data, []):
        if every or draw(st.booleans()):
            parent[key] = value if every else draw(EDGE_NUMBERS)
    return data


@EXAMPLES
@given(edge_numbers())
def test_numbers_at_the_edges_are_answered_well(data: Any) -> None:
    """Numbers from 5e-324 to 10^15, alone or everywhere at once: no NaN, no infinity."""
    with project_file(yaml.safe_dump(data, sort_keys=False)) as path:
        assert_answers_well(path)
