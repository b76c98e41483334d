"""The CLI as a shell user meets it: completion, readable help and readable choice errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app

COMMANDS = [
    [],
    ["init"],
    ["validate"],
    ["schema"],
    ["assess"],
    ["explain"],
    ["rubrics"],
    ["rubrics", "test"],
]
BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed (apt-get install bash)")


def _help(runner: CliRunner, command: list[str]) -> str:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "readiness")
def test_help_shows_readable_metavars(runner: CliRunner, command: list[str]) -> None:
    """Help names values as a person would (PATH, DATE, N, <text|json>), never as Python
    types (`<list[Path]>`, `<str>`, `name:<…>`)."""
    text = _help(runner, command)
    for python_type in ("list[", "<str>", "<path>", "<int", "<float", "Path]", ":<", "<bool"):
        assert python_type not in text, f"{python_type!r} in help of {command}:\n{text}"
    # Every option that takes a value names it in capitals or lists its choices.
    for line in text.splitlines():
        match = re.match(r"\s+(-\w, )?--[\w-]+ (\S+)", line)
        if match and not match.group(2).startswith("/"):
            metavar = match.group(2)
            assert re.fullmatch(r"\[?[A-Z=\[\]]+\]?(PATH|\.\.\.)?|<[a-z_|]+>", metavar), line


def test_help_names_what_each_value_is(runner: CliRunner) -> None:
    """The metavars a user reads in `assess`, `explain` and `schema` help."""
    assess = _help(runner, ["assess"])
    for shown in ("--as-of DATE", "--rubrics PATH", "--min-level N", "--chart PATH"):
        assert shown in assess
    assert "-f, --format <terminal|markdown|json|sarif|junit|github|html>" in assess
    assert "-p, --project PATH" in _help(runner, ["explain"])
    # A command that takes many paths says so once, in the usage line and the argument list.
    for command in ("assess", "validate"):
        text = _help(runner, [command])
        assert f"readiness {command} [OPTIONS] [PATH...]\n" in text
        assert "\n  PATH...  " in text
    schema = _help(runner, ["schema"])
    assert "readiness schema [OPTIONS] [NAME]" in schema
    shown = " ".join(schema.split())
    assert "project, rubric, result, portfolio, config, baseline or diff" in shown


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["schema", "foo"], "Invalid value for '[NAME]': 'foo' is not one of 'project', "),
        (["assess", "x.yaml", "-f", "pdf"], "'pdf' is not one of 'terminal', 'markdown',"),
        (["assess", "x.yaml", "--fail-on", "worst"], "'worst' is not one of 'not_ready', "),
        (["validate", "x.yaml", "-f", "xml"], "'xml' is not one of 'text', 'json'."),
        (["rubrics", "--format", "csv"], "'csv' is not one of 'text', 'json', 'markdown'."),
        (["assess", "x.yaml", "--min-level", "9"], "9 is not in the range 0<=x<=5."),
        (["assess", "x.yaml", "--fail-under", "high"], "'high' is not a valid float range."),
        (["assess", "x.yaml", "--fail-under", "150"], "150.0 is not in the range 0<=x<=100."),
    ],
)
def test_a_bad_choice_says_what_the_choices_are(
    runner: CliRunner, args: list[str], shown: str
) -> None:
    """A bad value is a usage error (exit 2) that names the value and the choices in plain
    words: no pydantic-style 'Value error,' and no traceback."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert shown in result.stderr
    assert "Value error" not in result.output
    assert "Traceback" not in result.output
    assert "Usage: readiness" in result.stderr


def _bash(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run a bash script with this interpreter's `readiness` first on PATH, as installed."""
    assert BASH is not None
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", script],
        env={**os.environ, "PATH": path, "HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )


@needs_bash
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("readiness ass", ["assess"]),
        ("readiness rubrics t", ["test"]),
        ("readiness assess x.yaml --format j", ["json", "junit"]),
        ("readiness assess x.yaml --fail-on n", ["not_ready", "never"]),
        ("readiness schema r", ["rubric", "result"]),
        ("readiness assess x.yaml --no-c", ["--no-color"]),
    ],
)
def test_bash_completion_completes_commands_options_and_choices(
    tmp_path: Path, words: str, expected: list[str]
) -> None:
    """The script `--show-completion` prints, loaded into a real bash, completes what a
    user types: commands, options and the choices of an option."""
    script = f"""
        eval "$(readiness --show-completion)"
        COMP_WORDS=({words}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
        _readiness_completion readiness
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    result = _bash(script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected


@needs_bash
def test_install_completion_installs_a_script_bash_loads(tmp_path: Path) -> None:
    """`--install-completion` writes the completion script and sources it from ~/.bashrc; a
    new shell then completes `readiness` commands."""
    result = _bash("readiness --install-completion", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "bash completion installed" in result.stdout
    bashrc = (tmp_path / ".bashrc").read_text(encoding="utf-8")
    assert ".bash_completions/readiness.sh" in bashrc
    check = _bash(
        'source "$HOME/.bashrc"; COMP_WORDS=(readiness val); COMP_CWORD=1; '
        '_readiness_completion readiness; echo "${COMPREPLY[@]}"',
        tmp_path,
    )
    assert check.stdout.split() == ["validate"], check.stderr


def test_completion_options_are_listed_in_help(runner: CliRunner) -> None:
    """The completion options are where a user looks for them."""
    text = _help(runner, [])
    assert "--install-completion" in text
    assert "--show-completion" in text
