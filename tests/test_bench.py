"""The benchmark runs: a smoke run at tiny sizes (no target judged; speed is judged only by a
real run of bench/run.py, never here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_bench_smoke_run_measures_every_part(tmp_path: Path) -> None:
    """`bench/run.py --smoke` measures each part and writes the results table, exit 0."""
    out = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for heading in (
        "### One file, cold",
        "### Hostile inputs (each within 1 MiB unless said)",
        "### Many files in one run (JSON)",
        "### YAML parsers (in process)",
    ):
        assert heading in text
    for measure in (
        "one file, `assess -f json` ÷ floor",
        "`--help` ÷ minimal Typer app",
        "3 files ÷ floor",
        "6 files: time per file ÷ at 3",
        "libyaml compose (CSafeLoader)",
    ):
        assert f"| {measure} |" in text
    assert "_Smoke run: no target judged._" in text
    assert "**no**" not in text


def test_results_keep_the_analysis_around_the_measured_part(tmp_path: Path) -> None:
    """A new run replaces only what lies between the markers; the analysis below stays."""
    from bench.run import BEGIN, END, write_results

    results = tmp_path / "RESULTS.md"
    results.write_text(f"# Results\n\n{BEGIN}\nold numbers\n{END}\n\n## Analysis\nkept\n")
    write_results(results, f"{BEGIN}\nnew numbers\n{END}\n")
    assert results.read_text() == f"# Results\n\n{BEGIN}\nnew numbers\n{END}\n\n## Analysis\nkept\n"
