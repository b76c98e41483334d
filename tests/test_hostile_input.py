"""Hostile project files, through the installed CLI: each is exit 2 with one located line.

Every file in tests/hostile/input/ starts with `# expect: LINE:COL words` lines: the diagnostics
`validate` and `assess` must both print, in order, each one line followed by a hint line. None
may crash (exit 3), print a traceback or a message of many lines.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SAMPLES

CORPUS = Path(__file__).parent / "hostile" / "input"
_EXPECT = re.compile(r"# expect: (\d+):(\d+) (.+)")


def cli() -> list[str]:
    """The installed console script, as a CI job would run it."""
    script = shutil.which("readiness", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "readiness"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cli(), *args], capture_output=True, text=True, check=False, timeout=60)


def diagnostics(output: str, file: str) -> list[str]:
    """The `file:line:col: severity:` lines of an output."""
    return [line for line in output.splitlines() if line.startswith(f"{file}:")]


def assert_located_errors(output: str, file: str, expected: list[str]) -> None:
    """The output holds exactly the expected diagnostics, each one line and a hint line."""
    found = diagnostics(output, file)
    assert len(found) == len(expected), output
    lines = output.splitlines()
    for diagnostic, expectation in zip(found, expected, strict=True):
        line, column, words = _EXPECT.match(expectation).groups()  # type: ignore[union-attr]
        assert diagnostic.startswith(f"{file}:{line}:{column}: error: "), diagnostic
        assert words in diagnostic, diagnostic
        assert lines[lines.index(diagnostic) + 1].startswith("    hint: "), output
    assert len(lines) <= 2 * len(found) + 1, output
    assert "Traceback" not in output
    assert "internal error" not in output


FILES = sorted(CORPUS.glob("*.yaml"))


def expectations(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    expected = [line for line in text.splitlines() if line.startswith("# expect: ")]
    assert expected, path
    return expected


def test_validate_refuses_each_hostile_file_where_it_is() -> None:
    """One `validate` over the whole corpus: exit 2, each file's expected diagnostics."""
    validated = run("validate", *map(str, FILES))
    assert validated.returncode == 2, validated.stdout + validated.stderr
    summary = f"{len(FILES)} files checked: 0 valid, {len(FILES)} with problems"
    assert validated.stdout.splitlines()[-1].startswith(summary)
    for path in FILES:
        mine = [line for line in validated.stdout.splitlines() if line.startswith(f"{path}:")]
        index = validated.stdout.splitlines().index(mine[0])
        block = "\n".join(validated.stdout.splitlines()[index : index + 2 * len(mine)])
        assert_located_errors(block, str(path), expectations(path))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_assess_refuses_a_hostile_file_where_it_is(path: Path) -> None:
    """`assess` exits 2 with the located diagnostics the file expects, and prints no report."""
    assessed = run("assess", str(path), "--as-of", "2026-11-25", "-f", "json")
    assert assessed.returncode == 2, assessed.stdout + assessed.stderr
    assert assessed.stdout == ""
    assert_located_errors(assessed.stderr, str(path), expectations(path))


def test_a_batch_answers_for_every_file_past_a_hostile_one() -> None:
    """`validate a b c` with a hostile b reports a, b and c."""
    good = str(SAMPLES / "weld-vision-ready.yaml")
    files = [good, str(CORPUS / "bool-maybe.yaml"), str(SAMPLES / "press-line-payback-drift.yaml")]
    result = run("validate", *files)
    assert result.returncode == 2
    assert f"{files[0]}: valid" in result.stdout
    assert len(diagnostics(result.stdout, files[1])) == 1
    assert f"{files[2]}: valid" in result.stdout
    assert "3 files checked: 2 valid, 1 with problems (1 in all)" in result.stdout


def test_a_huge_size_limit_reads_the_file_as_it_is() -> None:
    """`--max-bytes 1000000000000` allocates nothing up front (it was a MemoryError)."""
    sample = str(SAMPLES / "weld-vision-ready.yaml")
    result = run("validate", "--max-bytes", "1000000000000", sample)
    assert (result.returncode, result.stdout.strip()) == (0, f"{sample}: valid")


# A pull request may add a link to a pipe or a device where a project file, a configuration or
# a saved result is expected. Reading one could wait for ever (`/proc/self/fd/1` is the run's
# own output: the gate hung until the CI job's time ran out) or never end (`/dev/zero`).
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
NOT_A_FILE = "not a regular file (a pipe or a device may never end)"


@needs_fifo
def test_a_link_to_a_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    """Found by a directory search or named, a project file that is a pipe is an input error."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    programme = tmp_path / "programme"
    programme.mkdir()
    (programme / "a.readiness.yaml").symlink_to(fifo)
    shutil.copy(SAMPLES / "weld-vision-ready.yaml", programme / "weld.readiness.yaml")
    result = run("validate", str(programme))
    assert result.returncode == 2, result.stdout
    assert f"{programme / 'a.readiness.yaml'}: error: cannot read the file: it is a pipe, " in (
        result.stdout
    )
    assert f"{programme / 'weld.readiness.yaml'}: valid" in result.stdout
    result = run("assess", str(programme / "a.readiness.yaml"))
    assert result.returncode == 2
    assert NOT_A_FILE in result.stderr
    result = run(
        "diff", str(programme / "a.readiness.yaml"), str(SAMPLES / "weld-vision-ready.yaml")
    )
    assert result.returncode == 2
    assert NOT_A_FILE in result.stderr


@pytest.mark.skipif(not Path("/proc/self/fd/1").exists(), reason="no /proc/self/fd here")
def test_a_link_to_the_runs_own_output_is_refused(tmp_path: Path) -> None:
    """`/proc/self/fd/1` opens the pipe the run writes to: read, it never ends."""
    (tmp_path / "out.readiness.yaml").symlink_to("/proc/self/fd/1")
    result = run("assess", str(tmp_path))
    assert result.returncode == 2
    assert NOT_A_FILE in result.stdout


@needs_fifo
def test_a_configuration_that_is_a_pipe_is_an_error_not_skipped(tmp_path: Path) -> None:
    """A `.readiness.yaml` that cannot be read is reported (skipping it would drop the gate)."""
    (tmp_path / ".git").mkdir()
    os.mkfifo(tmp_path / ".readiness.yaml")
    shutil.copy(SAMPLES / "weld-vision-ready.yaml", tmp_path / "weld.readiness.yaml")
    result = subprocess.run(
        [*cli(), "validate", "weld.readiness.yaml"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(".readiness.yaml: error: cannot read the file: it is a pipe")


@needs_fifo
def test_a_pyproject_named_with_config_that_is_a_pipe_is_refused(tmp_path: Path) -> None:
    """`--config pyproject.toml` reads its `[tool.readiness]` table: a pipe is not waited on."""
    os.mkfifo(tmp_path / "pyproject.toml")
    result = run("config", "--config", str(tmp_path / "pyproject.toml"))
    assert result.returncode == 2
    assert NOT_A_FILE in result.stderr


def _repository(tmp_path: Path, config: str) -> Path:
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    (repository / ".readiness.yaml").write_text(config, encoding="utf-8")
    shutil.copy(SAMPLES / "weld-vision-ready.yaml", repository / "weld.readiness.yaml")
    return repository


def _run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cli(), *args], capture_output=True, text=True, check=False, timeout=60, cwd=folder
    )


def test_a_configuration_cannot_write_or_read_outside_its_repository(tmp_path: Path) -> None:
    """In a pull request `.readiness.yaml` may be the author's: a report it names outside the
    repository could replace any file the job can write (a `.pth` in the job's Python runs at
    its next start). Each path that leads out is refused, located, and nothing is written."""
    outside = tmp_path / "outside"
    outside.mkdir()
    repository = _repository(
        tmp_path,
        f'outputs: ["json={outside / "r.json"}", "markdown=../outside/r.md", "ok.sarif"]\n'
        "rubrics: [../outside/pack.yaml]\n"
        f"baseline: {outside / 'baseline.json'}\n"
        "paths: [., ../outside]\n",
    )
    (repository / "planted").symlink_to(outside)
    (repository / "more.yaml").write_text('outputs: ["planted/r.xml"]\n', encoding="utf-8")
    result = _run_in(repository, "assess", "weld.readiness.yaml")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [error.split(": error: ")[1].split(":")[0] for error in errors] == [
        "outputs[0]",
        "outputs[1]",
        "rubrics[0]",
        "baseline",
        "paths[1]",
    ]
    assert errors[0].startswith(".readiness.yaml:1:")
    assert "leads outside the repository" in errors[0]
    result = _run_in(repository, "assess", "weld.readiness.yaml", "--config", "more.yaml")
    assert result.returncode == 2
    assert "more.yaml:1:11: error: outputs[0]: 'planted/r.xml' leads outside" in result.stderr
    assert list(outside.iterdir()) == []
    assert not (repository / "ok.sarif").exists()


def test_a_configuration_names_reports_as_reports(tmp_path: Path) -> None:
    """Inside the repository too: a report named `x.pth` in a `.venv`'s site-packages would run
    as Python (an HTML report starts a line with a pack's title), so a report the configuration
    names ends as a report does."""
    site = ".venv/lib/python3.11/site-packages"
    repository = _repository(
        tmp_path, f'outputs: ["html={site}/x.pth", "terminal=hooks/post-checkout", "r.md"]\n'
    )
    result = _run_in(repository, "assess", "weld.readiness.yaml")
    assert result.returncode == 2
    assert f".readiness.yaml:1:11: error: outputs[0]: 'html={site}/x.pth' is not named as a " in (
        result.stderr
    )
    assert "outputs[1]: 'terminal=hooks/post-checkout' is not named as a report" in result.stderr
    assert "    hint: end the file name in one of .md .markdown .json " in result.stderr
    assert "outputs[2]" not in result.stderr


def test_paths_inside_the_repository_and_on_the_command_line_are_taken(tmp_path: Path) -> None:
    """Paths that stay inside (`sub/../r.json`) are the configuration's to choose, and the
    command line (the workflow's own) may name a report anywhere."""
    repository = _repository(tmp_path, 'outputs: ["json=sub/../r.json"]\n')
    elsewhere = tmp_path / "elsewhere.md"
    result = _run_in(
        repository, "assess", "weld.readiness.yaml", "--as-of", "2026-11-25", "-o", str(elsewhere)
    )
    assert result.returncode == 0, result.stderr
    assert elsewhere.exists()
    result = _run_in(repository, "assess", "weld.readiness.yaml", "--as-of", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert (repository / "r.json").exists()


def test_a_directory_search_does_not_follow_links_out_of_the_repository(tmp_path: Path) -> None:
    """A pull request may add `x -> /`: the search walked the whole machine (minutes) and read
    every project file on it. A link out of the repository is a warning, not followed; links
    inside it are followed as before."""
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SAMPLES / "press-line-payback-drift.yaml", outside / "theirs.readiness.yaml")
    repository = _repository(tmp_path, "")
    projects = repository / "projects"
    (projects / "shared").mkdir(parents=True)
    shutil.copy(SAMPLES / "packaging-oee-conditional.yaml", projects / "shared" / "readiness.yaml")
    (projects / "machine").symlink_to(outside)
    (projects / "stolen.readiness.yaml").symlink_to(outside / "theirs.readiness.yaml")
    (repository / "linked").symlink_to(projects / "shared")
    result = _run_in(repository, "validate", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "linked/readiness.yaml: valid",
        "weld.readiness.yaml: valid",
        "2 files checked: 2 valid, 0 with problems (0 in all)",
    ]
    assert f"projects/machine: warning: this link leads out of the repository ({outside})" in (
        result.stderr
    )
    assert "projects/stolen.readiness.yaml: warning: this link leads out" in result.stderr


def test_a_file_over_its_limit_is_told_what_can_be_done(tmp_path: Path) -> None:
    """Only a project file's limit is raised with --max-bytes: a pack, a case file or a
    configuration over its limit is not told to raise it."""
    padding = "# " + "x" * 100 + "\n"
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: big\nversion: 1\n" + padding * 11_000, encoding="utf-8")
    result = run("rubrics", "--rubrics", str(pack))
    assert result.returncode == 2
    assert "hint: a rubric pack is a few dozen kilobytes: split this one into several packs" in (
        result.stderr
    )
    cases = tmp_path / "cases.yaml"
    cases.write_text(padding * 11_000, encoding="utf-8")
    result = run("rubrics", "test", str(cases))
    assert "hint: split the cases over several files" in result.stdout + result.stderr
    repository = _repository(tmp_path, "gate: {}\n" + padding * 3_000)
    result = _run_in(repository, "config")
    assert result.returncode == 2
    assert "hint: a configuration is a few hundred bytes" in result.stderr
    project = tmp_path / "big.yaml"
    project.write_text(padding * 11_000, encoding="utf-8")
    result = run("validate", str(project))
    assert "hint: a project file is a few kilobytes; raise --max-bytes" in result.stdout


def test_a_configuration_that_only_starts_with_comments_is_not_empty(tmp_path: Path) -> None:
    """A configuration whose first 256 KiB were comments was taken as empty, whatever followed
    (`fail_on: never` hidden below them was ignored without a word); it is over the limit."""
    repository = _repository(tmp_path, "# padding\n" * 30_000 + "gate: {fail_on: never}\n")
    result = _run_in(repository, "config")
    assert result.returncode == 2
    assert "over the limit of 262,144" in result.stderr
