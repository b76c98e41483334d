"""The console examples of the README and the guides under docs/ on the bundled files, run as
shown: what the documentation prints is what readiness prints (a line ending in `…` is the start
of the real one; a `…` line stands for lines left out). Examples on files a user writes first
are checked elsewhere, or not at all."""

from __future__ import annotations

import glob
import json
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .docs_text import DOCS, ROOT, documentation

# `readiness config` depends on the folder it runs in: test_config checks the guide's own.
NOT_HERE = ("readiness config",)


def examples(pages: list[Path]) -> list[tuple[list[str], list[str]]]:
    """Each `$ readiness …` line of a console block whose files are in the repository, with the
    lines shown under it."""
    found = []
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    # A block may be indented under a list item: its lines are read without the indentation.
    for indented in re.findall(r"^ *```console\n(.*?)^ *```", text, re.S | re.M):
        block = textwrap.dedent(indented)
        command: list[str] | None = None
        shown: list[str] = []
        for line in [*block.splitlines(), "$ end"]:
            if not line.startswith("$ "):
                shown.append(line)
                continue
            if command is not None:
                found.append((command, shown))
            command, shown = None, []
            words = shlex.split(line[2:])
            if words[0] != "readiness" or line[2:] in NOT_HERE:
                continue
            args = [
                match
                for word in words[1:]
                for match in (sorted(glob.glob(word, root_dir=ROOT)) or [word])
            ]
            files = [a for a in args if not a.startswith("-") and ("/" in a or "." in a)]
            if all((ROOT / a).exists() for a in files):
                command = args
    return found


def _shown_in(shown: list[str], printed: list[str]) -> str:
    """'' if the shown lines appear in the printed ones, in order; else the first that does not."""
    at = 0
    for line in shown:
        if line.strip() in ("", "…"):
            continue
        want = line.rstrip()
        prefix = want[:-1].rstrip() if want.endswith("…") else None
        while at < len(printed) and not (
            printed[at].startswith(prefix) if prefix is not None else printed[at] == want
        ):
            at += 1
        if at == len(printed):
            return line
        at += 1
    return ""


EXAMPLES = examples(documentation())


def test_the_examples_are_found() -> None:
    """The assess, explain, rubrics and rubrics test examples on the bundled files are checked,
    from the README and from each guide that shows such examples."""
    commands = [" ".join(command[:1]) for command, _ in EXAMPLES]
    assert {"assess", "explain", "rubrics", "validate"} <= set(commands)
    for guide in ("project-file.md", "rubric-packs.md", "programme.md"):
        assert examples([DOCS / guide]), f"no example on the bundled files in docs/{guide}"


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[" ".join(c) for c, _ in EXAMPLES])
def test_an_example_prints_what_the_readme_shows(command: list[str], shown: list[str]) -> None:
    """Every line the documentation shows under the command is printed, in that order."""
    result = subprocess.run(
        [sys.executable, "-m", "readiness", *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80", "NO_COLOR": "1", "LANG": "C.UTF-8"},
    )
    printed = [line.rstrip() for line in (result.stdout + result.stderr).splitlines()]
    missing = _shown_in(shown, printed)
    assert not missing, f"the docs show {missing!r}, not printed by readiness {' '.join(command)}"


def _report(fmt: str) -> str:
    sample = "samples/press-line-payback-drift.yaml"
    return subprocess.run(
        [sys.executable, "-m", "readiness", "assess", sample, "--as-of", "2026-11-25", "-f", fmt],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=ROOT,
    ).stdout


def test_the_sarif_result_and_the_annotation_shown_are_printed() -> None:
    """The SARIF result and the GitHub annotation the reports guide shows are the sample's own."""
    text = (DOCS / "reports.md").read_text(encoding="utf-8")
    after = text.split("A SARIF result, located on the YAML line:", 1)[1]
    shown = json.loads(after.split("```json\n", 1)[1].split("```", 1)[0])
    results = json.loads(_report("sarif"))["runs"][0]["results"]
    assert shown in [{key: result[key] for key in shown} for result in results]
    annotation = text.split("A GitHub annotation:", 1)[1].split("```text\n", 1)[1].split("\n")[0]
    assert annotation.endswith("…")
    assert any(line.startswith(annotation[:-1]) for line in _report("github").splitlines())
