"""A small emulator of GitHub's runner for one composite action, so that tests see what a pull
request's reviewer would see: each `run:` step run as the runner runs it, the step's outputs,
and the annotations GitHub shows. No network, no Docker.

What it does, and where the runner does the same (actions/runner, `src/Runner.Worker/`):

- `Handlers/ScriptHandlerHelpers.cs`: a `shell: bash` step is written to a temporary `.sh`
  file and run as `bash --noprofile --norc -e -o pipefail {0}` (`_defaultArguments["bash"]`).
  Tests that ran the script with `bash -c` missed `-e` and `-o pipefail`.
- `Handlers/CompositeActionHandler.cs`: inputs reach the steps only through the `inputs`
  expression context (a composite action gets no `INPUT_*` variables of its own; the action
  passes them on in each step's `env:`); each step's `env:` is evaluated and merged over the
  job's environment; after a failed step the rest are skipped, unless their `if:` asks for
  `always()` or `failure()`; the action's `outputs` are evaluated from the `steps` context.
- `FileCommandManager.cs`: every step gets fresh `GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_PATH`
  and `GITHUB_STEP_SUMMARY` files; `NAME=VALUE` and heredoc `NAME<<DELIMITER` lines are read
  from the output and env files (`SetEnvFileCommand.ProcessCommand`; an unterminated heredoc
  or a line with neither form fails the step); `GITHUB_PATH` lines are prepended to `PATH` for
  the steps after.
- `ActionCommandManager.cs`: standard output and standard error are scanned for workflow
  commands with `tests/actions_runner.py` (a port of the runner's parser).
- `ExecutionContext.cs`: the steps of a composite action are "embedded" children that share
  the record of the step that called the action, so GitHub's per-step display limits apply to
  the whole action as one step.

GitHub's display limits, applied to what the action printed (see `shown_annotations`):

- "GitHub Actions are limited to 10 warning annotations and 10 error annotations per step"
  (GitHub REST API, Checks, "Create a check run", `output.annotations`:
  https://docs.github.com/rest/checks/runs); the runner's toolkit documents the same and "50
  annotations per job (sum of annotations from all the steps)" (actions/toolkit
  `docs/problem-matchers.md`, "Limitations", PR #734). Notices are held to the same ten per
  step here (the issue that asked for this emulator saw no notice past the tenth).
- A step summary over 1 MiB is not shown at all: "each step is restricted to a maximum size of
  1MiB ... If more than 1MiB of content is added for a step, then the upload for the step will
  fail and an error annotation will be created" (GitHub Docs, "Workflow commands for GitHub
  Actions", "Step isolation and limits").
- A pull-request comment longer than 65,536 characters is refused: the REST API answers 422,
  "Body is too long (maximum is 65536 characters)" (`COMMENT_LIMIT`).

`uses:` steps (actions/setup-python) are not run: the emulator records them as skipped, and the
tests' own Python stands where setup-python would have put one. The action's install step is
replaced, by name, with what it leaves behind (see `run_action`'s `replaced`).
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .actions_runner import Command, commands

# ScriptHandlerHelpers.cs, `_defaultArguments["bash"]`.
BASH_ARGUMENTS = ("--noprofile", "--norc", "-e", "-o", "pipefail")
ANNOTATIONS_PER_LEVEL_PER_STEP = 10
ANNOTATIONS_PER_JOB = 50
STEP_SUMMARY_LIMIT = 1024 * 1024
COMMENT_LIMIT = 65_536
ANNOTATION_LEVELS = ("error", "warning", "notice")

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class UnsupportedExpression(Exception):
    """action.yml uses an expression this emulator does not evaluate: extend the emulator
    rather than guess what the runner would do."""


@dataclass
class StepRun:
    """One step of the action, as the runner ran it (or skipped it)."""

    name: str
    id: str | None
    ran: bool
    skipped_because: str = ""
    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    commands: list[Command] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return not self.ran or self.exit_code == 0


@dataclass
class ActionRun:
    """The whole action as one step of a job: its steps, outputs and annotations."""

    steps: list[StepRun]
    outputs: dict[str, str]

    @property
    def succeeded(self) -> bool:
        return all(step.succeeded for step in self.steps)

    def step(self, step_id: str) -> StepRun:
        return next(step for step in self.steps if step.id == step_id)

    @property
    def annotations(self) -> list[Command]:
        """Every annotation the action printed, in order (the log holds them all)."""
        return [
            command
            for step in self.steps
            for command in step.commands
            if command.name.lower() in ANNOTATION_LEVELS
        ]

    @property
    def shown_annotations(self) -> list[Command]:
        """The annotations GitHub shows: the first ten of each level in this step (the action is
        one step), and no more than fifty in the job."""
        taken = dict.fromkeys(ANNOTATION_LEVELS, 0)
        shown = []
        for command in self.annotations:
            level = command.name.lower()
            if taken[level] < ANNOTATIONS_PER_LEVEL_PER_STEP and len(shown) < ANNOTATIONS_PER_JOB:
                taken[level] += 1
                shown.append(command)
        return shown

    @property
    def summaries(self) -> list[str]:
        """The step summaries GitHub shows (one over 1 MiB is dropped, with an error)."""
        return [
            step.summary
            for step in self.steps
            if step.summary and len(step.summary.encode("utf-8")) <= STEP_SUMMARY_LIMIT
        ]

    @property
    def log(self) -> str:
        return "".join(step.stdout + step.stderr for step in self.steps)


def read_key_value_file(text: str) -> dict[str, str]:
    """`SetEnvFileCommand.ProcessCommand`: `NAME=VALUE` and `NAME<<DELIMITER` ... `DELIMITER`
    lines, whichever of `=` and `<<` comes first deciding; lines end at `\\n` (Linux)."""
    found: dict[str, str] = {}
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        equals, heredoc = line.find("="), line.find("<<")
        if equals >= 0 and (heredoc < 0 or equals < heredoc):
            name, value = line.split("=", 1)
            found[name] = value
        elif heredoc >= 0:
            name, delimiter = line.split("<<", 1)
            if not name or not delimiter:
                raise ValueError(f"Invalid format '{line}': empty name or delimiter")
            value_lines = []
            while True:
                if index >= len(lines):
                    raise ValueError(f"Matching delimiter not found '{delimiter}'")
                candidate = lines[index]
                index += 1
                if candidate == delimiter:
                    break
                value_lines.append(candidate)
            found[name] = "\n".join(value_lines)
        else:
            raise ValueError(f"Invalid format '{line}'")
    return found


class _Context:
    """The expression contexts a composite action's steps see."""

    def __init__(self, inputs: dict[str, str], action_path: Path) -> None:
        self.inputs = inputs
        self.github = {"action_path": str(action_path)}
        self.steps: dict[str, dict[str, str]] = {}

    def value(self, name: str) -> str:
        parts = name.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs.get(parts[1], "")
        if parts[0] == "github" and len(parts) == 2 and parts[1] in self.github:
            return self.github[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get(parts[3], "")
        raise UnsupportedExpression(name)

    def evaluate(self, expression: str) -> str | bool:
        """The few expression forms action.yml uses: a context value, `a != ''`, `a == 'b'`."""
        comparison = re.fullmatch(r"(\S+)\s*(==|!=)\s*'([^']*)'", expression.strip())
        if comparison:
            left, operator, right = comparison.groups()
            # Expression string comparison ignores case (GitHub Docs, "Expressions", operators).
            equal = self.value(left).lower() == right.lower()
            return equal if operator == "==" else not equal
        if re.fullmatch(r"[A-Za-z_][\w.-]*", expression.strip()):
            return self.value(expression.strip())
        raise UnsupportedExpression(expression)

    def substitute(self, text: str) -> str:
        return _EXPRESSION.sub(lambda match: str(self.evaluate(match.group(1))), text)

    def condition(self, text: str | None, failed: bool) -> bool:
        """A step's `if:` (without `${{ }}`): `success()` by default."""
        if text is None:
            return not failed
        text = _EXPRESSION.sub(lambda match: match.group(1), str(text)).strip()
        if text == "always()":
            return True
        if text == "failure()":
            return failed
        if failed:
            return False
        result = self.evaluate(text)
        return bool(result)


def run_action(
    action: Path,
    workspace: Path,
    runner_temp: Path,
    inputs: dict[str, str] | None = None,
    *,
    env: dict[str, str] | None = None,
    replaced: dict[str, tuple[str, list[str]]] | None = None,
    timeout: float = 300,
) -> ActionRun:
    """Run the composite action at `action` (its action.yml) in `workspace` as the runner would.

    `inputs` are the workflow's `with:`; missing ones take their defaults. `replaced` maps a
    step's name to (why it is not run, folders to prepend to PATH as its GITHUB_PATH would
    have): the install step, whose package the tests' virtual environment already holds.
    """
    manifest: dict[str, Any] = yaml.safe_load(action.read_text(encoding="utf-8"))
    declared: dict[str, Any] = manifest.get("inputs") or {}
    unknown = set(inputs or {}) - set(declared)
    if unknown:
        raise ValueError(f"inputs action.yml does not declare: {sorted(unknown)}")
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs or {})
    context = _Context(values, action.parent)
    base_env = {**os.environ, **(env or {})}
    for name in [key for key in base_env if key.startswith(("GITHUB_", "INPUT_", "RUNNER_"))]:
        del base_env[name]
    base_env.update(
        {
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_ACTION_PATH": str(action.parent),
            "RUNNER_TEMP": str(runner_temp),
            **(env or {}),
        }
    )
    prepend_path: list[str] = []
    steps: list[StepRun] = []
    failed = False
    for spec in manifest["runs"]["steps"]:
        name = spec.get("name") or spec.get("run") or spec.get("uses")
        step = StepRun(name=str(name), id=spec.get("id"), ran=False)
        steps.append(step)
        if not context.condition(spec.get("if"), failed):
            step.skipped_because = f"if: {spec.get('if', 'success()')}"
            continue
        if "uses" in spec:
            step.skipped_because = f"uses: {spec['uses']} (not run by the emulator)"
            continue
        if replaced and name in replaced:
            step.skipped_because, folders = replaced[name]
            prepend_path = [*folders, *prepend_path]
            continue
        if spec.get("shell") != "bash":
            raise UnsupportedExpression(f"shell: {spec.get('shell')} (only bash is emulated)")
        step_env = dict(base_env)
        if prepend_path:
            step_env["PATH"] = os.pathsep.join([*prepend_path, step_env.get("PATH", "")])
        for key, value in (spec.get("env") or {}).items():
            step_env[key] = context.substitute(str(value))
        files = {}
        for variable, prefix in (
            ("GITHUB_OUTPUT", "set_output_"),
            ("GITHUB_ENV", "set_env_"),
            ("GITHUB_PATH", "add_path_"),
            ("GITHUB_STEP_SUMMARY", "step_summary_"),
        ):
            commands_folder = runner_temp / "_runner_file_commands"
            commands_folder.mkdir(parents=True, exist_ok=True)
            files[variable] = commands_folder / f"{prefix}{uuid.uuid4()}"
            files[variable].write_bytes(b"")
            step_env[variable] = str(files[variable])
        script = runner_temp / f"{uuid.uuid4()}.sh"
        script.write_text(context.substitute(str(spec["run"])), encoding="utf-8")
        cwd = workspace / context.substitute(str(spec.get("working-directory", ".")))
        done = subprocess.run(
            ["bash", *BASH_ARGUMENTS, str(script)],
            cwd=cwd,
            env=step_env,
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
            timeout=timeout,
        )
        script.unlink()
        step.ran = True
        step.exit_code = done.returncode
        step.stdout, step.stderr = done.stdout, done.stderr
        step.commands = commands(done.stdout) + commands(done.stderr)
        try:
            step.outputs = read_key_value_file(files["GITHUB_OUTPUT"].read_text("utf-8"))
            base_env.update(read_key_value_file(files["GITHUB_ENV"].read_text("utf-8")))
        except ValueError as error:
            step.stderr += f"\nUnable to process file command: {error}\n"
            step.exit_code = step.exit_code or 1
        added = [line for line in files["GITHUB_PATH"].read_text("utf-8").splitlines() if line]
        prepend_path = [*reversed(added), *prepend_path]
        step.summary = files["GITHUB_STEP_SUMMARY"].read_text("utf-8")
        if step.id:
            context.steps[step.id] = step.outputs
        failed = failed or not step.succeeded
    outputs = {
        name: context.substitute(str(spec.get("value", "")))
        for name, spec in (manifest.get("outputs") or {}).items()
    }
    return ActionRun(steps, outputs)
