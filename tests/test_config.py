"""Configuration: found from the working directory upwards, validated with file:line errors,
flags win, and `readiness config` says where each value came from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app
from readiness.config import find_config, load_config, resolve, settings_for
from readiness.errors import InputError
from readiness.rubric import builtin_rubrics

from .docs_text import DOCS, fenced_blocks

PROGRAMME_YAML = """\
# The programme office's gate for every project in this repository.
paths: [projects]
format: markdown
outputs: [sarif=out/readiness.sarif, out/report.md]
rubrics: [packs/funder.yaml]
gate:
  fail_on: high
  fail_under: 60
  min_bands: {funding: 2, integration: 3}
waivers:
  max_term_months: 6
  allow_blockers: true
  approvers: [R. Okafor]
"""

PROGRAMME_TOML = """\
[project]
name = "programme"

[tool.readiness]
paths = ["projects"]
as_of = 2026-11-25

[tool.readiness.gate]
fail_on = "high"
min_bands = {funding = 2}

[tool.readiness.waivers]
max_term_months = 6
"""


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_nearest_file_upwards_wins(tmp_path: Path) -> None:
    """A sub-folder's own configuration beats the repository's."""
    root = _repo(tmp_path)
    (root / ".readiness.yaml").write_text("format: json\n", encoding="utf-8")
    sub = root / "site" / "hall-a"
    sub.mkdir(parents=True)
    assert find_config(sub) == root / ".readiness.yaml"
    (root / "site" / "pyproject.toml").write_text(PROGRAMME_TOML, encoding="utf-8")
    assert find_config(sub) == root / "site" / "pyproject.toml"


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    """A file above the repository is not the programme's and is never read."""
    (tmp_path / ".readiness.yaml").write_text("format: json\n", encoding="utf-8")
    (tmp_path / "repo").mkdir()
    repo = _repo(tmp_path / "repo")
    assert find_config(repo) is None


def test_readiness_yaml_beats_pyproject_in_one_folder(tmp_path: Path) -> None:
    """Both in one folder: the dedicated file is the one in force."""
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text(PROGRAMME_TOML, encoding="utf-8")
    (root / ".readiness.yaml").write_text("format: json\n", encoding="utf-8")
    assert find_config(root) == root / ".readiness.yaml"


def test_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    """A pyproject.toml that says nothing about readiness does not stop the search."""
    root = _repo(tmp_path)
    (root / ".readiness.yaml").write_text("format: json\n", encoding="utf-8")
    sub = root / "tool"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    assert find_config(sub) == root / ".readiness.yaml"


def test_yaml_settings_resolve_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths are relative to the configuration's folder, so any sub-folder gets one answer."""
    root = _repo(tmp_path)
    (root / ".readiness.yaml").write_text(PROGRAMME_YAML, encoding="utf-8")
    sub = root / "projects"
    sub.mkdir()
    monkeypatch.chdir(sub)
    settings = settings_for(sub, {}, None)
    assert settings["paths"] == (".",)
    assert settings["rubrics"] == ("../packs/funder.yaml",)
    assert settings["outputs"] == ("sarif=../out/readiness.sarif", "../out/report.md")
    assert settings.sources["format"] == "../.readiness.yaml:3"
    assert settings.sources["gate.min_bands"] == "../.readiness.yaml:9"
    assert settings.sources["globs"] == "default"
    gate = settings.gate
    assert (gate.fail_on, gate.fail_under, dict(gate.min_bands)) == (
        "high",
        60,
        {"funding": 2, "integration": 3},
    )
    policy = settings.waiver_policy()
    assert (policy.max_term_months, policy.allow_blockers, policy.approvers) == (
        6,
        True,
        ("R. Okafor",),
    )
    assert not settings.waiver_policy(honour=False).honour


def test_flags_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A flag given replaces the file's value and is named as the source; one not given
    (None) leaves it."""
    root = _repo(tmp_path)
    (root / ".readiness.yaml").write_text(PROGRAMME_YAML, encoding="utf-8")
    monkeypatch.chdir(root)
    settings = settings_for(
        root,
        {"gate.fail_on": "blocker", "gate.fail_under": None, "outputs": ["x.json"], "paths": []},
        None,
    )
    assert (settings["gate.fail_on"], settings.sources["gate.fail_on"]) == ("blocker", "--fail-on")
    assert (settings["gate.fail_under"], settings.sources["gate.fail_under"]) == (
        60,
        ".readiness.yaml:8",
    )
    assert settings["outputs"] == ("x.json",)
    assert settings["paths"] == ("projects",)


def test_pyproject_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`[tool.readiness]` and its sub-tables, with lines for each key; TOML dates become text."""
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text(PROGRAMME_TOML, encoding="utf-8")
    monkeypatch.chdir(root)
    settings = settings_for(root, {}, None)
    assert settings["as_of"] == "2026-11-25"
    assert settings.sources["as_of"] == "pyproject.toml:6"
    assert settings.sources["gate.fail_on"] == "pyproject.toml:9"
    assert settings.sources["gate.min_bands"] == "pyproject.toml:10"
    assert settings.sources["waivers.max_term_months"] == "pyproject.toml:13"
    assert settings.gate.fail_on == "high"


BROKEN_YAML = [
    ("gate:\n  fail_on: hihg\n", 2, 3, "is not one of the allowed values", "did you mean 'high'?"),
    ("gate:\n  fial_on: high\n", 2, 3, "unknown key 'fial_on'", "did you mean 'fail_on'?"),
    ("gate:\n  min_bands: {funding: 7}\n", 2, 15, "must be at most 5", ""),
    ("waivers:\n  allow_blockers: yes please\n", 2, 3, "expected true or false", ""),
    ("as_of: 25/11/2026\n", 1, 1, "is not a valid date", "YYYY-MM-DD"),
    ("format: pdf\n", 1, 1, "is not one of the allowed values", "allowed: terminal"),
    ("paths: !!python/object/apply:os.system [ls]\n", 1, 8, "tag", ""),
    ("gate: {fail_on: hihg}\n", 1, 8, "is not one of the allowed values", "did you mean 'high'?"),
    ("- a list\n", 1, 1, "the configuration must be a mapping", ""),
    ("jobs: 0\n", 1, 1, "must be at least 1", ""),
    ("jobs: 1000\n", 1, 1, "must be at most 64", ""),
    ("jobs: two\n", 1, 1, "expected a whole number", ""),
]


@pytest.mark.parametrize(("text", "line", "column", "message", "hint"), BROKEN_YAML)
def test_broken_yaml_configuration_is_located(
    tmp_path: Path, text: str, line: int, column: int, message: str, hint: str
) -> None:
    """Every problem at its file:line:col, with a hint where one helps."""
    path = tmp_path / ".readiness.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_config(path)
    (problem,) = raised.value.diagnostics
    assert (problem.line, problem.column) == (line, column), problem.render()
    assert message in problem.message
    assert hint in problem.hint


BROKEN_TOML = [
    ('[tool.readiness.gate]\nfail_on = "hihg"\n', 2, "is not one of the allowed values"),
    ('[tool.readiness]\nformat = "json"\nfial = 1\n', 3, "unknown key 'fial'"),
    ("[tool.readiness]\ngate = {min_level = 9}\n", 2, "must be at most 5"),
    ('[tool.readiness]\ngate.fail_under = "sixty"\n', 2, "expected a number"),
    ("[tool.readiness]\nformat = json\n", 2, "invalid TOML"),
    ('[tool.readiness]\nformat = "json"\njobs = 65\n', 3, "must be at most 64"),
]


@pytest.mark.parametrize(("text", "line", "message"), BROKEN_TOML)
def test_broken_pyproject_table_is_located(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    """tomllib keeps no positions; the table's keys are still located on their lines."""
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_config(path)
    (problem,) = raised.value.diagnostics
    assert problem.line == line, problem.render()
    assert message in problem.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Two mistakes, two lines."""
    path = tmp_path / ".readiness.yaml"
    path.write_text("format: pdf\ngate: {fail_on: hihg}\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_config(path)
    assert [p.line for p in raised.value.diagnostics] == [1, 2]


def test_empty_configuration_sets_nothing(tmp_path: Path) -> None:
    """An empty or all-comment file is valid: every value is its default."""
    path = tmp_path / ".readiness.yaml"
    path.write_text("# nothing yet\n\n", encoding="utf-8")
    settings = resolve(load_config(path), {})
    assert set(settings.sources.values()) == {"default"}


def test_unknown_dimension_in_min_bands_is_located(tmp_path: Path) -> None:
    """A typo in a dimension id must not silently gate nothing."""
    path = tmp_path / ".readiness.yaml"
    path.write_text("gate:\n  min_bands:\n    fundng: 2\n    integration: 3\n", encoding="utf-8")
    settings = resolve(load_config(path), {})
    dimensions = [d.id for d in builtin_rubrics().dimensions]
    (problem,) = settings.check_dimensions(dimensions)
    assert problem.line == 3
    assert problem.hint == "did you mean 'funding'?"
    assert resolve(None, {}).check_dimensions(dimensions) == []


def test_config_command_says_where_each_value_came_from(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`readiness config` lists every setting with its value and source."""
    root = _repo(tmp_path)
    (root / ".readiness.yaml").write_text(PROGRAMME_YAML, encoding="utf-8")
    (root / "packs").mkdir()
    shutil.copy(SAMPLES / "packs" / "strict-funder.yaml", root / "packs" / "funder.yaml")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "configuration: .readiness.yaml"
    rows = {line.split()[0]: line for line in lines[2:]}
    assert rows["gate.fail_on"].split() == ["gate.fail_on", "high", ".readiness.yaml:7"]
    assert rows["globs"].endswith("default")
    assert "funding ≥ 2 (Estimated), integration ≥ 3 (Measured)" in rows["gate.min_bands"]
    data = json.loads(runner.invoke(app, ["config", "-f", "json"]).stdout)
    assert data["settings"]["waivers.approvers"] == {
        "value": ["R. Okafor"],
        "source": ".readiness.yaml:13",
    }


def test_config_command_with_a_broken_file_exits_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken configuration is an input error like a broken project file."""
    path = tmp_path / "ci.yaml"
    path.write_text("gate: {fail_on: hihg}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["config", "--config", str(path)])
    assert result.exit_code == 2
    assert "ci.yaml:1:8: error: gate.fail_on: text 'hihg' is not one of the allowed values" in (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_schema_config_is_published(runner: CliRunner) -> None:
    """`readiness schema config` prints the schema the file is validated against."""
    result = runner.invoke(app, ["schema", "config"])
    assert json.loads(result.stdout)["title"] == "readiness configuration"


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _programme(tmp_path: Path, config: str) -> Path:
    root = _repo(tmp_path)
    projects = root / "projects"
    projects.mkdir()
    for name in ("packaging-oee-conditional", "weld-vision-ready"):
        text = (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
        (projects / f"{name}.readiness.yaml").write_text(text, encoding="utf-8")
    (root / ".readiness.yaml").write_text(config, encoding="utf-8")
    return root


def test_assess_takes_paths_date_and_gate_from_the_configuration(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No arguments: the configured projects, as of the configured date, gated on a minimum
    band per dimension; the failing project and dimension are named, then the gate settings
    the configuration changed and where (the gate lines stay last)."""
    root = _programme(
        tmp_path, "paths: [projects]\nas_of: 2026-11-25\ngate:\n  min_bands: {knowledge: 3}\n"
    )
    monkeypatch.chdir(root / "projects")
    result = runner.invoke(app, ["assess"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        "gate setting: gate.min_bands: knowledge ≥ 3 (Measured) (from ../.readiness.yaml:4)",
        "gate setting: as_of: 2026-11-25 (from ../.readiness.yaml:2)",
        "gate: FAILED: packaging-oee-conditional.readiness.yaml (owner: C. Doyle): knowledge band "
        "2 (Estimated) "
        "is below 3 (Measured)",
        "gate: FAILED: 1 of 2 projects failed the gate",
    ]
    single = runner.invoke(app, ["assess", "weld-vision-ready.readiness.yaml"])
    assert single.exit_code == 0
    assert single.stderr.splitlines()[-1] == "gate: passed with 2 waivers (0 blockers)"


def test_flags_win_over_the_configuration_on_the_command_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--fail-on never` is not overridden by the file's `fail_on: high`; `-f` beats `format`."""
    root = _programme(
        tmp_path, "as_of: 2026-11-25\nformat: json\ngate: {fail_on: high, min_level: 3}\n"
    )
    monkeypatch.chdir(root)
    project = "projects/packaging-oee-conditional.readiness.yaml"
    configured = runner.invoke(app, ["assess", project])
    assert configured.exit_code == 1
    assert json.loads(configured.stdout)["verdict"] == "conditional"
    assert "1 gap of severity high or worse: KR-02" in configured.stderr
    flagged = runner.invoke(
        app, ["assess", project, "--fail-on", "never", "--min-level", "2", "-f", "markdown"]
    )
    assert flagged.exit_code == 0, flagged.stderr
    assert flagged.stdout.startswith("<!-- readiness-report")


def test_waiver_policy_comes_from_the_configuration(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A programme that names its approvers refuses a waiver approved by anyone else."""
    root = _programme(tmp_path, "as_of: 2026-11-25\nwaivers: {approvers: [J. Idowu]}\n")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["assess", "projects/weld-vision-ready.readiness.yaml"])
    assert "not honoured: 'M. Fischer, programme office' is not one of the programme's" in " ".join(
        result.stdout.split()
    )


def test_unknown_dimension_in_the_configuration_stops_assess(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typo in a dimension id is an input error at its line, before anything is assessed."""
    root = _programme(tmp_path, "paths: [projects]\ngate:\n  min_bands:\n    knowlege: 3\n")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["assess"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        ".readiness.yaml:4:5: error: gate.min_bands.knowlege: 'knowlege' is not a dimension"
    )
    assert "did you mean 'knowledge'?" in result.stderr
    assert result.stdout == ""


def test_validate_uses_the_configured_paths_and_a_broken_configuration_stops_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` with no argument checks the configured projects."""
    root = _programme(tmp_path, "paths: [projects]\n")
    monkeypatch.chdir(root)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert "2 files checked: 2 valid" in result.stdout
    (root / ".readiness.yaml").write_text("paths: projects\n", encoding="utf-8")
    broken = runner.invoke(app, ["validate"])
    assert broken.exit_code == 2
    assert broken.stderr.startswith(".readiness.yaml:1:1: error: paths: expected a list")


def test_no_paths_anywhere_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without PATH and without `paths` in a configuration, say how to give them."""
    monkeypatch.chdir(_repo(tmp_path))
    result = runner.invoke(app, ["assess"])
    assert result.exit_code == 2
    assert "set `paths` in .readiness.yaml" in result.stderr


def _readme_blocks(heading: str, language: str) -> list[str]:
    return fenced_blocks(DOCS / "configuration.md", language, heading)


def test_readme_configuration_snippets(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guide's `.readiness.yaml` gives exactly the `readiness config` output it shows,
    and its `pyproject.toml` table says the same in TOML."""
    (yaml_text,) = _readme_blocks("## Configuration", "yaml")
    (toml_text,) = _readme_blocks("## Configuration", "toml")
    (console,) = _readme_blocks("## Configuration", "console")
    (tmp_path / "yaml").mkdir()
    (tmp_path / "toml").mkdir()
    root = _repo(tmp_path / "yaml")
    (root / ".readiness.yaml").write_text(yaml_text, encoding="utf-8")
    monkeypatch.chdir(root)
    command, expected = console.split("\n", 1)
    assert command == "$ readiness config"
    assert runner.invoke(app, ["config"]).stdout == expected
    toml_root = _repo(tmp_path / "toml")
    (toml_root / "pyproject.toml").write_text(toml_text, encoding="utf-8")
    monkeypatch.chdir(toml_root)
    from_toml = settings_for(toml_root, {}, None)
    from_yaml = settings_for(root, {}, None)
    for key in ("gate.fail_on", "gate.min_bands", "waivers.max_term_months"):
        assert from_toml[key] == from_yaml[key]
    assert from_toml["paths"] == ("projects",)


def test_readme_codeowners_names_the_configuration() -> None:
    """The ownership advice covers the file the gate reads."""
    (codeowners,) = _readme_blocks("## Configuration", "text")
    assert "/.readiness.yaml" in codeowners


def test_config_schema_knows_every_format_and_fail_on_choice() -> None:
    """The published schema cannot drift from the registry and the gate's choices."""
    from readiness.report import FORMATTERS
    from readiness.schemas import load_schema
    from readiness.vocabulary import FAIL_ON_CHOICES

    properties = load_schema("config")["properties"]
    assert properties["format"]["enum"] == list(FORMATTERS)
    assert properties["gate"]["properties"]["fail_on"]["enum"] == list(FAIL_ON_CHOICES)


@pytest.mark.parametrize(
    ("config", "flags", "expected", "source"),
    [
        ("jobs: 2\n", [], 2, ".readiness.yaml:1"),
        ("jobs: 2\n", ["--jobs", "1"], 1, "--jobs"),
        ("format: json\n", [], None, "default"),
    ],
)
def test_jobs_from_the_configuration_and_the_flag_wins(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    flags: list[str],
    expected: int | None,
    source: str,
) -> None:
    """`jobs` in .readiness.yaml sets the portfolio's workers; `--jobs` wins; `readiness
    config` says which, and what the default means."""
    from readiness import portfolio_run

    root = _repo(tmp_path)
    (root / ".readiness.yaml").write_text(config, encoding="utf-8")
    for name in ("weld-vision-ready", "press-line-payback-drift"):
        (root / f"{name}.readiness.yaml").write_text(
            (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    monkeypatch.chdir(root)
    asked: list[int | None] = []
    real = portfolio_run.worker_count

    def counting(files: int, jobs: int | None = None) -> int:
        asked.append(jobs)
        return real(files, jobs)

    monkeypatch.setattr(portfolio_run, "worker_count", counting)
    result = runner.invoke(app, ["assess", ".", "--as-of", "2026-11-25", "-f", "json", *flags])
    assert result.exit_code == 1, result.output
    assert asked == [expected]
    shown = runner.invoke(app, ["config", "-f", "json"]).stdout
    assert json.loads(shown)["settings"]["jobs"]["source"] == (
        source if source != "--jobs" else ".readiness.yaml:1"
    )
    (row,) = [
        line
        for line in runner.invoke(app, ["config"]).stdout.splitlines()
        if line.startswith("jobs")
    ]
    if expected is None:
        assert "one per core, when there are enough files" in row
