"""The Action end to end, as a pull request runs it: real git repositories (a bare origin with
a target branch, a clone with a pull-request branch on top), the action's steps run by the
runner emulator (`tests/action_emulator.py`: the runner's own `bash -e -o pipefail` command
line, its output files, its command parser and GitHub's display limits), and assertions on
what the workflow and its reviewers get: the outputs, whether the step failed, the
annotations GitHub shows and the Markdown report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .action_emulator import (
    ANNOTATIONS_PER_LEVEL_PER_STEP,
    COMMENT_LIMIT,
    ActionRun,
    read_key_value_file,
    run_action,
)
from .conftest import SAMPLES

ROOT = SAMPLES.parent
ACTION = ROOT / "action.yml"
BIN = Path(sys.executable).parent
AS_OF = "2026-11-25"
CONFIG = f"paths: [projects]\nas_of: {AS_OF}\n"
WELD = "projects/weld-vision-ready.readiness.yaml"
PRESS = "projects/press-line-payback-drift.readiness.yaml"
EVIDENCE = "projects/evidence/mes-hall-a-2026-w02-w17.csv"
# The install step pip-installs the action's own source into a fresh virtual environment and
# puts its bin folder on GITHUB_PATH; the tests' virtual environment already holds readiness
# (`pip install -e .`), so the emulator puts that folder on PATH instead of installing.
INSTALLED = {
    "Install readiness": (
        "the test virtual environment already holds readiness (pip install -e .)",
        [str(BIN)],
    )
}

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
pytestmark = needs_git


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _sample(name: str) -> str:
    return (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare origin: `main` holds the programme (a ready project citing evidence, a not-ready
    one, and `.readiness.yaml`); `bare` holds the same projects and no configuration."""
    seed = tmp_path_factory.mktemp("seed")
    git(seed, "init", "--quiet", "-b", "main")
    (seed / "projects").mkdir()
    (seed / WELD).write_text(_sample("weld-vision-ready"), encoding="utf-8")
    (seed / PRESS).write_text(_sample("press-line-payback-drift"), encoding="utf-8")
    shutil.copytree(SAMPLES / "evidence", seed / "projects" / "evidence")
    shutil.copytree(SAMPLES / "packs", seed / "packs")
    (seed / ".readiness.yaml").write_text(CONFIG, encoding="utf-8")
    git(seed, "add", ".")
    git(seed, "commit", "--quiet", "-m", "programme")
    git(seed, "checkout", "--quiet", "-b", "bare")
    git(seed, "rm", "--quiet", ".readiness.yaml")
    git(seed, "commit", "--quiet", "-m", "no configuration")
    bare = seed.parent / "origin.git"
    git(seed.parent, "clone", "--quiet", "--bare", str(seed), str(bare))
    return bare


class PullRequest:
    """A clone of the origin with a pull-request branch on a target branch, and the action."""

    def __init__(self, origin: Path, folder: Path, target: str) -> None:
        self.root = folder / "work"
        git(folder, "clone", "--quiet", "--branch", target, f"file://{origin}", str(self.root))
        git(self.root, "checkout", "--quiet", "-b", "pull-request")
        self.base = git(self.root, "rev-parse", "HEAD")
        self.temp = folder / "runner-temp"

    def write(self, path: str, text: str) -> None:
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        (self.root / path).write_text(text, encoding="utf-8")

    def edit(self, path: str, old: str, new: str) -> None:
        text = (self.root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        self.write(path, text.replace(old, new, 1))

    def commit(self) -> None:
        git(self.root, "add", "--all")
        git(self.root, "commit", "--quiet", "-m", "pull request")

    def run(self, **inputs: str) -> ActionRun:
        """The action in this checkout; `base` stands for the target branch's commit."""
        if inputs.get("base_ref") == "base":
            inputs["base_ref"] = self.base
        if self.temp.exists():
            shutil.rmtree(self.temp)
        self.temp.mkdir()
        return run_action(
            ACTION,
            self.root,
            self.temp,
            {key.replace("_", "-"): value for key, value in inputs.items()},
            env={"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
            replaced=INSTALLED,
        )


@pytest.fixture
def pull_request(origin: Path, tmp_path: Path) -> PullRequest:
    return PullRequest(origin, tmp_path, "main")


@pytest.fixture
def pull_request_on_bare(origin: Path, tmp_path: Path) -> PullRequest:
    return PullRequest(origin, tmp_path, "bare")


def _verdicts(run: ActionRun) -> dict[str, int]:
    counts: dict[str, int] = json.loads(run.outputs["verdicts"])
    return counts


def _gate_notice(run: ActionRun) -> str:
    return next(
        c.data for c in run.annotations if c.properties.get("title", "").startswith("readiness")
    )


# --- the step as the runner runs it -------------------------------------------------------------


def test_a_failing_gate_fails_the_step_with_every_output_set(pull_request: PullRequest) -> None:
    """Under the runner's `bash -e`, a failing `readiness assess` used to end the step before
    its outputs were written: the comment step (`if: outputs.markdown != ''`) never posted."""
    run = pull_request.run()
    assert not run.succeeded
    assert run.step("gate").exit_code == 1
    assert run.outputs["gate"] == "failed"
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["projects"] == "2"
    assert _verdicts(run) == {"ready": 1, "conditional": 0, "not_ready": 1, "input_error": 0}
    assert run.outputs["worst-level"] == "1"
    assert run.outputs["markdown"] == "readiness.md"
    report = (pull_request.root / "readiness.md").read_text(encoding="utf-8")
    assert report.startswith("<!-- readiness-report")
    assert len(report) <= COMMENT_LIMIT
    assert json.loads((pull_request.root / "readiness.sarif").read_text(encoding="utf-8"))["runs"]
    assert "gate failed" in _gate_notice(run)


def test_fail_false_reports_a_failing_gate_and_never_fails_the_step(
    pull_request: PullRequest,
) -> None:
    run = pull_request.run(fail="false")
    assert run.succeeded
    assert (run.outputs["gate"], run.outputs["exit-code"]) == ("failed", "1")
    assert run.outputs["markdown"] == "readiness.md"
    run = pull_request.run(fail="false", paths="no-such-folder")
    assert run.succeeded
    assert (run.outputs["gate"], run.outputs["exit-code"]) == ("error", "2")


def test_an_input_error_fails_the_step_and_says_so_in_the_outputs(
    pull_request: PullRequest,
) -> None:
    run = pull_request.run(paths="no-such-folder")
    assert not run.succeeded
    assert (run.outputs["gate"], run.outputs["exit-code"]) == ("error", "2")
    assert run.outputs["markdown"] == ""
    assert "no-such-folder: error: cannot read the file" in run.log


def test_inputs_cannot_become_shell_code(pull_request: PullRequest) -> None:
    """A hostile `paths` input is split into words, never run: readiness gets odd paths."""
    marker = pull_request.root.parent / "pwned"
    run = pull_request.run(paths=f"$(touch {marker}) ;touch {marker}")
    assert not marker.exists()
    assert (run.outputs["gate"], run.outputs["exit-code"]) == ("error", "2")


# --- base-ref: the gate against the target branch ----------------------------------------------


def test_an_unchanged_pull_request_passes_with_the_old_not_ready_project(
    pull_request: PullRequest,
) -> None:
    run = pull_request.run(base_ref="base")
    assert run.succeeded, run.log
    assert run.outputs["gate"] == "passed"
    assert _verdicts(run)["not_ready"] == 1


def test_a_regression_fails_the_gate(pull_request: PullRequest) -> None:
    pull_request.edit(WELD, "  capex: 1070000", "  capex: 4070000")
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    assert not run.succeeded
    assert (run.outputs["gate"], run.outputs["exit-code"]) == ("failed", "1")
    assert run.outputs["markdown"] == "readiness.md"
    assert "funding band fell" in run.log


def test_a_reviewer_sees_what_failed_the_gate(pull_request: PullRequest) -> None:
    """Within GitHub's limits, the gate's own verdict and the regressed project's annotation
    are among those shown, not hidden behind the old not-ready project's."""
    pull_request.edit(WELD, "  capex: 1070000", "  capex: 4070000")
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    shown = run.shown_annotations
    assert any(c.properties.get("title", "").startswith("readiness") for c in shown)
    assert any(c.properties.get("file") == WELD and c.name == "error" for c in shown)


def test_an_improvement_passes(pull_request: PullRequest) -> None:
    """The target branch's weld project slipped; the pull request puts it right."""
    pull_request.edit(WELD, "  capex: 1070000", "  capex: 4070000")
    pull_request.commit()
    pull_request.base = git(pull_request.root, "rev-parse", "HEAD")
    git(pull_request.root, "push", "--quiet", "origin", "HEAD:refs/heads/slipped")
    pull_request.edit(WELD, "  capex: 4070000", "  capex: 1070000")
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    assert run.succeeded, run.log
    assert run.outputs["gate"] == "passed"
    assert _verdicts(run)["ready"] == 1


def test_a_new_project_below_the_bar_fails_and_one_above_it_passes(
    pull_request: PullRequest,
) -> None:
    pull_request.write(
        "projects/weld-b.readiness.yaml",
        _sample("weld-vision-ready").replace("id: hall-a-weld-vision", "id: hall-b-weld", 1),
    )
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    assert run.succeeded, run.log
    assert (run.outputs["projects"], _verdicts(run)["ready"]) == ("3", 2)
    pull_request.write(
        "projects/press-c.readiness.yaml",
        _sample("press-line-payback-drift").replace(
            "id: press-line-b-monitoring", "id: press-line-c", 1
        ),
    )
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    assert not run.succeeded
    assert run.outputs["gate"] == "failed"


def test_a_deleted_project_file_passes(pull_request: PullRequest) -> None:
    (pull_request.root / PRESS).unlink()
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    assert run.succeeded, run.log
    assert (run.outputs["gate"], run.outputs["projects"]) == ("passed", "1")


def test_a_renamed_not_ready_project_is_new_and_fails(pull_request: PullRequest) -> None:
    """A new id is a new project to the baseline: renaming cannot launder a not-ready one."""
    pull_request.edit(PRESS, "id: press-line-b-monitoring", "id: press-line-b-renamed")
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    assert not run.succeeded
    assert run.outputs["gate"] == "failed"


def test_an_evidence_only_change_can_fail_the_gate(pull_request: PullRequest) -> None:
    """Deleting one evidence file the ready project cites is a regression, though no project
    file changed (so the example workflow must not filter on project files alone)."""
    (pull_request.root / EVIDENCE).unlink()
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    assert not run.succeeded
    assert run.outputs["gate"] == "failed"


def test_a_pull_request_cannot_loosen_the_targets_configuration(
    pull_request: PullRequest,
) -> None:
    pull_request.write(
        "projects/press-c.readiness.yaml",
        _sample("press-line-payback-drift").replace(
            "id: press-line-b-monitoring", "id: press-line-c", 1
        ),
    )
    pull_request.write(".readiness.yaml", CONFIG + "gate: {fail_on: never}\n")
    pull_request.commit()
    assert pull_request.run().outputs["gate"] == "passed"  # its own configuration would pass
    run = pull_request.run(base_ref="base")
    assert (run.outputs["gate"], run.succeeded) == ("failed", False)


def test_a_pull_request_cannot_add_a_configuration_the_target_lacks(
    pull_request_on_bare: PullRequest,
) -> None:
    """The target branch has no configuration: the gate runs with the defaults, never with a
    configuration the pull request adds (which used to switch the gate off)."""
    pr = pull_request_on_bare
    pr.write(
        "projects/press-c.readiness.yaml",
        _sample("press-line-payback-drift").replace(
            "id: press-line-b-monitoring", "id: press-line-c", 1
        ),
    )
    pr.write(".readiness.yaml", CONFIG + "gate: {fail_on: never}\n")
    pr.commit()
    run = pr.run(base_ref="base", paths="projects", args=f"--as-of {AS_OF}")
    assert (run.outputs["gate"], run.succeeded) == ("failed", False), run.log
    assert run.outputs["projects"] == "3"


def test_without_a_configuration_on_the_target_the_defaults_judge_both_sides(
    pull_request_on_bare: PullRequest,
) -> None:
    pr = pull_request_on_bare
    run = pr.run(base_ref="base", paths="projects", args=f"--as-of {AS_OF}")
    assert (run.outputs["gate"], run.succeeded) == ("passed", True), run.log
    pr.edit(WELD, "  capex: 1070000", "  capex: 4070000")
    pr.commit()
    run = pr.run(base_ref="base", paths="projects", args=f"--as-of {AS_OF}")
    assert (run.outputs["gate"], run.succeeded) == ("failed", False)


def test_options_that_change_a_judgement_apply_to_the_target_as_well(
    pull_request: PullRequest,
) -> None:
    """With options that change the judgement, an unchanged pull request still passes: the
    target's projects are judged alike (an extra pack used to make every one 'slip')."""
    args = "--rubrics packs/strict-funder.yaml --as-of 2027-06-30 --no-waivers --max-bytes 200000"
    run = pull_request.run(base_ref="base", args=f"{args} --glob *.readiness.yaml")
    assert (run.outputs["gate"], run.succeeded) == ("passed", True), run.log


def test_a_folder_replaced_by_a_link_out_of_the_repository_is_never_read(
    pull_request: PullRequest,
) -> None:
    """A pull request that replaces `projects/` with a link to a folder elsewhere on the runner
    had those files read and quoted in annotations and the comment (a token, here)."""
    planted = "ghp_secret_token_0123456789"
    outside = pull_request.root.parent / "runner-home"
    outside.mkdir()
    (outside / "creds.readiness.yaml").write_text(f"project:\n  id: {planted}\n", "utf-8")
    shutil.rmtree(pull_request.root / "projects")
    (pull_request.root / "projects").symlink_to(outside)
    pull_request.commit()
    run = pull_request.run(base_ref="base")
    assert not run.succeeded
    assert (run.outputs["gate"], run.outputs["exit-code"]) == ("error", "2")
    assert "a link out of the repository" in run.log
    assert planted not in run.log
    assert not (pull_request.root / "readiness.md").exists()


def test_a_base_ref_that_cannot_be_fetched_is_an_error_with_outputs(
    pull_request: PullRequest,
) -> None:
    run = pull_request.run(base_ref="0" * 40)
    assert not run.succeeded
    assert (run.outputs["gate"], run.outputs["exit-code"]) == ("error", "2")
    assert any("cannot check out base-ref" in c.data for c in run.annotations)


def test_a_base_ref_cannot_become_a_git_option(pull_request: PullRequest) -> None:
    """`git fetch origin "$REF"` took `--upload-pack=…` as an option, which git runs."""
    marker = pull_request.root.parent / "pwned"
    run = pull_request.run(base_ref=f"--upload-pack=touch {marker};false")
    assert not marker.exists()
    assert run.outputs["gate"] == "error"


# --- the emulator itself -------------------------------------------------------------------------


def test_the_emulator_runs_bash_as_the_runner_does(tmp_path: Path) -> None:
    """`-e` and `-o pipefail` are on, profiles are not read, and the output file is parsed
    with heredoc delimiters; a step after a failure is skipped."""
    action = tmp_path / "action.yml"
    action.write_text(
        """
name: t
description: t
inputs:
  word: {description: w, default: hello}
outputs:
  said: {description: s, value: "${{ steps.one.outputs.said }}"}
  lines: {description: l, value: "${{ steps.one.outputs.lines }}"}
runs:
  using: composite
  steps:
    - id: one
      shell: bash
      env: {WORD: "${{ inputs.word }}"}
      run: |
        echo "said=$WORD" >> "$GITHUB_OUTPUT"
        printf 'lines<<EOF_1\\nfirst\\nsecond\\nEOF_1\\n' >> "$GITHUB_OUTPUT"
        echo "::warning file=a.yaml,line=1::careful"
        false | true
        echo "not reached"
    - id: two
      shell: bash
      run: echo "::error::never printed"
""",
        encoding="utf-8",
    )
    (tmp_path / "temp").mkdir()
    run = run_action(action, tmp_path, tmp_path / "temp", {"word": "hi"})
    assert run.step("one").exit_code == 1
    assert "not reached" not in run.log
    assert not run.step("two").ran
    assert run.outputs == {"said": "hi", "lines": "first\nsecond"}
    assert [(c.name, c.data) for c in run.annotations] == [("warning", "careful")]


def test_the_output_file_parser_follows_the_runner() -> None:
    assert read_key_value_file("a=1\nb<<X\n\nline\nX\nc=x<<y\n") == {
        "a": "1",
        "b": "\nline",
        "c": "x<<y",
    }
    for broken in ("a<<X\nno end\n", "no separator\n", "<<X\nX\n"):
        with pytest.raises(ValueError, match=r"delimiter|format"):
            read_key_value_file(broken)


def test_github_shows_ten_annotations_of_each_level(tmp_path: Path) -> None:
    action = tmp_path / "action.yml"
    action.write_text(
        "name: t\ndescription: t\nruns:\n  using: composite\n  steps:\n"
        "    - shell: bash\n      run: |\n"
        '        for i in $(seq 30); do echo "::notice::n$i"; echo "::error::e$i"; done\n',
        encoding="utf-8",
    )
    (tmp_path / "temp").mkdir()
    run = run_action(action, tmp_path, tmp_path / "temp")
    assert len(run.annotations) == 60
    shown = [c.data for c in run.shown_annotations]
    assert len(shown) == 2 * ANNOTATIONS_PER_LEVEL_PER_STEP
    assert "e11" not in shown
    assert "n10" in shown


# --- the examples ---------------------------------------------------------------------------------


def test_the_examples_run_on_every_change_that_can_change_a_verdict() -> None:
    """Evidence files (any name: `.csv`, `.md` ...), packs, a baseline and the configuration
    change verdicts: a trigger filtered on project files let a pull request that deleted one
    evidence file (three projects regressed) through without a run."""
    import yaml

    workflow = yaml.safe_load((ROOT / "examples/ci/github-workflow.yml").read_text("utf-8"))
    trigger = workflow[True]["pull_request"] or {}  # PyYAML reads the key `on` as True
    assert not {"paths", "paths-ignore"} & set(trigger)
    gitlab = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8"))
    assert all("changes" not in rule for rule in gitlab["readiness"]["rules"])
