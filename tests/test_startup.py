"""What a command loads on start: `--help` and `--version` pay for the CLI framework only, and
no command pays for what it does not use. (How long that takes is measured in bench/, never here.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, SAMPLES

# Modules that cost milliseconds each to import and that a command must earn.
HEAVY = ("readiness.model", "yaml", "jsonschema", "jsonschema_rs", "rich", "jinja2", "pydantic")

_PROBE = """
import json, sys
from readiness.cli import main
sys.argv = ["readiness", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.__stderr__.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def loaded_modules(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules imported by one run of the CLI with these arguments, in a fresh process
    (with `env` added to the environment)."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    line = result.stderr.rsplit("MODULES ", 1)[-1]
    modules: list[str] = json.loads(line)
    return set(modules)


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["assess", "--help"], ["validate", "--help"]]
)
def test_help_and_version_load_only_the_cli_framework(args: list[str]) -> None:
    """No model classes, YAML, JSON Schema, Rich or Jinja2 behind `--help` or `--version`."""
    modules = loaded_modules(*args)
    assert "readiness.cli" in modules
    assert _heavy(modules) == []


def test_no_command_loads_pydantic() -> None:
    """Typer 0.29 coerces every parameter through pydantic (about 85 ms and 12 MB a run);
    pyproject.toml keeps Typer below it, and this fails if something brings it back."""
    modules = loaded_modules(
        "assess", str(SAMPLES / "weld-vision-ready.yaml"), "-f", "json", "--as-of", "2026-11-25"
    )
    assert "readiness.assess" in modules
    assert not any(m.split(".")[0] in ("pydantic", "pydantic_core") for m in modules)


def _python_jsonschema(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in ("jsonschema", "referencing"))


def test_a_valid_file_is_judged_without_the_python_jsonschema_library() -> None:
    """jsonschema-rs judges; the Python library (a third of a run's start-up) is imported only
    when an invalid value must be explained."""
    valid = loaded_modules(
        "assess", str(SAMPLES / "weld-vision-ready.yaml"), "-f", "json", "--as-of", "2026-11-25"
    )
    assert "readiness.schemacheck" in valid
    assert _python_jsonschema(valid) == []
    invalid = loaded_modules("validate", str(FIXTURES / "broken.yaml"))
    assert "jsonschema.validators" in _python_jsonschema(invalid)


def test_json_report_loads_no_terminal_or_template_engine() -> None:
    """`-f json` pays neither for Rich nor for Jinja2."""
    modules = loaded_modules(
        "assess", str(SAMPLES / "weld-vision-ready.yaml"), "-f", "json", "--as-of", "2026-11-25"
    )
    assert "readiness.report.json_result" in modules
    assert not any(m.split(".")[0] in ("rich", "jinja2") for m in modules)
    # Nor for what only a written file, an error message or a hint needs (about 2 ms a run).
    assert not {"tempfile", "unicodedata"} & modules


def test_a_number_written_as_text_is_still_read_for_its_hint() -> None:
    """The pattern a number-as-text hint needs is compiled when a hint asks for it."""
    from readiness.validate import _number_hint

    hint = _number_hint("about £1.2M", {"type": "number"}, whole=False)
    assert "1200000" in hint.replace(",", "")


def test_the_start_up_is_frozen_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """`main` takes what is loaded out of the garbage collector's sight once: a caller that
    runs it repeatedly does not freeze each run's garbage."""
    import gc

    from readiness import cli

    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    monkeypatch.setattr(cli, "_frozen", False)
    for _ in range(3):
        monkeypatch.setattr(sys, "argv", ["readiness", "--version"])
        with pytest.raises(SystemExit):
            cli.main()
    assert frozen == [1]


@pytest.mark.parametrize(
    ("fmt", "renderer"),
    [
        ("markdown", "readiness.report.compiled.markdown"),
        ("html", "readiness.report.compiled.html"),
        ("github", "readiness.report.compiled.markdown"),
    ],
)
def test_template_reports_render_without_jinja2(fmt: str, renderer: str, tmp_path: Path) -> None:
    """Markdown, HTML and the GitHub step summary render the templates' generated functions
    (`readiness.report.compiled_templates`): importing Jinja2 cost each run ~30 ms."""
    summary = tmp_path / "summary.md"
    modules = loaded_modules(
        "assess",
        str(SAMPLES / "weld-vision-ready.yaml"),
        "-f",
        fmt,
        "--as-of",
        "2026-11-25",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert renderer in modules
    assert not any(m.split(".")[0] == "jinja2" for m in modules)
    assert (fmt == "github") == summary.exists()


@pytest.mark.parametrize(
    "args", [["samples/weld-vision-ready.yaml"], ["samples", "--glob", "*.yaml", "-j", "1"]]
)
def test_the_terminal_reports_are_laid_out_without_rich(args: list[str]) -> None:
    """The terminal reports are laid out by `readiness.report.layout`: Rich's import alone cost
    a terminal run a third of the floor (107 M instructions)."""
    root = Path(__file__).parent.parent
    modules = loaded_modules(
        "assess",
        *(str(root / a) if a.startswith("samples") else a for a in args),
        "-f",
        "terminal",
        "--as-of",
        "2026-11-25",
    )
    assert "readiness.report.layout" in modules
    assert not any(m.split(".")[0] == "rich" for m in modules)


def test_the_annex_draws_its_chart_without_elementtree() -> None:
    """The radar chart is written by a small writer of its own (byte for byte what ElementTree
    wrote: the goldens hold it), not ElementTree, whose import cost the annex 6 ms a run."""
    modules = loaded_modules(
        "assess", str(SAMPLES / "weld-vision-ready.yaml"), "-f", "html", "--as-of", "2026-11-25"
    )
    assert "readiness.report.chart" in modules
    assert not any(m.startswith("xml") for m in modules)


_COMMAND_MODULES = {
    f"readiness.commands.{name}"
    for name in ("init", "validate", "schema", "assess", "explain", "config", "diff")
} | {"readiness.commands.rubrics", "readiness.commands.baseline"}


def test_a_command_run_builds_only_that_command() -> None:
    """Typer builds every command it holds on each start (signatures, parameters): a run of
    `assess` holds only `assess`, and imports no other command's module."""
    modules = loaded_modules(
        "assess", str(SAMPLES / "weld-vision-ready.yaml"), "-f", "json", "--as-of", "2026-11-25"
    )
    assert modules & _COMMAND_MODULES == {"readiness.commands.assess"}
    grouped = loaded_modules("rubrics", "list", "--format", "json")
    assert grouped & _COMMAND_MODULES == {"readiness.commands.rubrics"}


@pytest.mark.parametrize("args", [["--help"], ["asess"], ["--version", "assess"]])
def test_help_a_mistyped_command_and_options_first_see_every_command(args: list[str]) -> None:
    """The top-level help lists every command and a mistyped one is answered with the near
    names, so anything that does not name a command exactly gets them all."""
    assert loaded_modules(*args) >= _COMMAND_MODULES


def test_shell_completion_sees_every_command() -> None:
    """Completion reads its words from the environment, not the arguments."""
    modules = loaded_modules(
        "assess", env={"_READINESS_COMPLETE": "complete_bash", "COMP_WORDS": "readiness a"}
    )
    assert modules >= _COMMAND_MODULES


def test_one_command_reads_as_in_the_whole_application() -> None:
    """The one-command application answers exactly as the whole one does."""
    from typer.testing import CliRunner

    from readiness.cli import app, application

    runner = CliRunner()
    for args in (["assess", "--help"], ["rubrics", "--help"], ["baseline", "save", "--help"]):
        alone = runner.invoke(application(args[0]), args)
        whole = runner.invoke(app, args)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
        assert alone.exit_code == 0
        assert "Usage: readiness " + args[0] in alone.output
