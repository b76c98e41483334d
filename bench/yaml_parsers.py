"""Is there a YAML parser worth switching to? Parse times against libyaml, on our own files.

    python bench/yaml_parsers.py [FILE...]      (default: the samples)

readiness composes with libyaml (PyYAML's C loader) because every diagnostic and finding points
at a line and column, and libyaml's nodes carry them. A parser is worth a switch only if it
keeps a line and column for every node *and* beats that measurably; PyYAML stays the reference
for what a file means. This prints, per file, the median time of each parser that is installed
(`pip install -e '.[bench]'` installs the candidates) and whether it gives node positions.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _median_ms(action: Callable[[], object], budget: float = 0.5) -> float:
    """Median milliseconds of repeated calls, for about `budget` seconds (at least 5 calls)."""
    times: list[float] = []
    spent = 0.0
    while len(times) < 5 or spent < budget:
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    return statistics.median(times) * 1000


def parsers() -> dict[str, tuple[Callable[[str], Any], str]]:
    """Each installed parser: a function of the text, and what it keeps of positions."""
    from readiness.loader import load_text

    found: dict[str, tuple[Callable[[str], Any], str]] = {
        "readiness loader (libyaml compose + located values)": (
            lambda text: load_text(text, max_bytes=1 << 40),
            "line and column of every key and item",
        ),
        "libyaml compose (CSafeLoader)": (
            lambda text: yaml.compose(text, Loader=yaml.CSafeLoader),
            "start and end mark of every node",
        ),
        "libyaml load (CSafeLoader)": (
            lambda text: yaml.load(text, Loader=yaml.CSafeLoader),
            "none (plain values)",
        ),
        "PyYAML pure-Python safe_load": (
            lambda text: yaml.load(text, Loader=yaml.SafeLoader),
            "none (plain values)",
        ),
    }
    if importlib.util.find_spec("ryml") is not None:
        import ryml

        found["rapidyaml parse_in_arena (C++ tree, no Python values)"] = (
            lambda text: ryml.parse_in_arena(text.encode("utf-8")),
            "none per node in its Python API (a Location only in parse errors)",
        )
    if importlib.util.find_spec("yaml_rs") is not None:
        import yaml_rs

        found["yaml-rs loads (Rust, Python values)"] = (
            lambda text: yaml_rs.loads(text, parse_datetime=False),
            "none (plain values)",
        )
    return found


def compare(paths: list[Path], budget: float = 0.5) -> list[tuple[str, str, dict[str, float]]]:
    """(parser, positions, {file name: median ms}) for every installed parser."""
    texts = {path.name: path.read_text(encoding="utf-8") for path in paths}
    rows = []
    for name, (parse, positions) in parsers().items():
        times = {}
        for file, text in texts.items():
            try:
                times[file] = _median_ms(lambda parse=parse, text=text: parse(text), budget)
            except Exception:  # a parser that refuses a file is reported, not fatal
                times[file] = float("nan")
        rows.append((name, positions, times))
    return rows


def main() -> int:
    """Print the table."""
    paths = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "samples").glob("*.yaml"))[:1]
    for name, positions, times in compare(paths):
        cells = "  ".join(f"{file}: {ms:8.3f} ms" for file, ms in times.items())
        print(f"{name:<58} {cells}   positions: {positions}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
