"""Many projects in one run: `readiness assess DIR` and `assess FILE FILE…`, as a programme does."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from bench.generate import generate_programme
from readiness.cli import app
from readiness.portfolio import PortfolioRun, PortfolioSummary, ProjectRow
from readiness.portfolio_run import PROGRESS_MIN_FILES, run_portfolio, wants_progress
from readiness.rubric import builtin_rubrics
from readiness.schemas import load_schema

from .conftest import FIXTURES, SAMPLES

AS_OF = "2026-11-25"


def _assess(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["assess", *args, "--as-of", AS_OF])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def _project(
    folder: Path, sample: str, name: str | None = None, project_id: str | None = None
) -> Path:
    """A sample copied into `folder` as a project file, with its evidence beside it; with
    `project_id`, under an id of its own (copies of one sample in a run need one each)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or f"{sample}.readiness.yaml")
    text = (SAMPLES / f"{sample}.yaml").read_text(encoding="utf-8")
    if project_id is not None:
        text = re.sub(r"(?m)^(  id: ).*$", lambda m: m.group(1) + project_id, text, count=1)
    target.write_text(text, encoding="utf-8")
    if not (folder / "evidence").exists():
        shutil.copytree(SAMPLES / "evidence", folder / "evidence")
    return target


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 generated project files and one broken one, as a programme repository holds them."""
    folder = tmp_path_factory.mktemp("programme")
    generate_programme(folder, 200, seed=7, broken=1)
    return folder


@pytest.fixture(scope="module")
def programme_json(programme: Path) -> tuple[int, dict[str, object], str, str]:
    """`readiness assess DIR -f json` on the programme, run once for several tests."""
    result = CliRunner().invoke(app, ["assess", str(programme), "-f", "json", "--as-of", AS_OF])
    return result.exit_code, json.loads(result.stdout), result.stdout, result.stderr


def test_a_programme_of_200_files_is_one_portfolio_and_one_broken_file_hides_nothing(
    runner: CliRunner, programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Done-when of issue 7 §1: every project gets its row, the broken one too, and the exit
    code says a file could not be read."""
    monkeypatch.chdir(programme)
    code, out, err = _assess(runner, ".")
    assert code == 2
    assert "portfolio of 201 projects" in out
    verdicts = ("READY", "CONDITIONAL", "NOT READY", "INPUT ERROR")
    lines = out.splitlines()
    rows = [i for i, line in enumerate(lines) if line.startswith(verdicts)]
    assert len(rows) == 201
    assert lines[rows[0]].startswith("INPUT ERROR")  # worst first
    assert "broken-typo-00.readiness.yaml" in lines[rows[0] + 1]  # the file, below its row
    assert "unknown key 'system'" in out  # the row's problem is shown under the table
    assert {lines[i].split()[0] for i in rows} >= {"READY", "CONDITIONAL", "NOT", "INPUT"}
    last = err.strip().splitlines()[-1]
    assert last.startswith("gate: FAILED: ")
    assert last.endswith("1 file could not be assessed")


def test_the_generated_programme_has_every_verdict_in_fair_numbers(
    programme_json: tuple[int, dict[str, object], str, str],
) -> None:
    """The generator is realistic enough to exercise the view: all three verdicts, none rare."""
    _, payload, _, _ = programme_json
    verdicts = payload["summary"]["verdicts"]  # type: ignore[index]
    assert verdicts["input_error"] == 1
    for verdict in ("ready", "conditional", "not_ready"):
        assert verdicts[verdict] >= 20, verdicts


def test_portfolio_json_matches_its_published_schema(
    programme_json: tuple[int, dict[str, object], str, str],
) -> None:
    """`readiness-portfolio/1` validates against `readiness schema portfolio`, results included."""
    code, payload, _, _ = programme_json
    assert code == 2
    validator = Draft202012Validator(
        load_schema("portfolio"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(payload)) == []
    assert payload["format"] == "readiness-portfolio/1"
    assert len(payload["results"]) == 200  # type: ignore[arg-type]
    (error,) = payload["errors"]  # type: ignore[misc]
    assert error["file"].endswith("broken-typo-00.readiness.yaml")
    assert error["problems"][0]["message"] == "unknown key 'system'"


def _one_per_line(lines: list[str], opening: str, closing: str) -> list[object]:
    """The items of a list laid out one per line between `opening` and `closing`."""
    start = lines.index(opening)
    end = lines.index(closing, start)
    return [json.loads(line.strip().removesuffix(",")) for line in lines[start + 1 : end]]


def test_portfolio_json_has_one_result_and_one_row_per_line_and_an_indented_envelope(
    programme_json: tuple[int, dict[str, object], str, str],
) -> None:
    """Streamed a project at a time: each result and each summary row on a line of its own
    (C encoder, flat memory), the rest as an indented dump of the same document lays it out."""
    _, payload, text, _ = programme_json
    lines = text.splitlines()
    assert _one_per_line(lines, '  "results": [', "  ],") == payload["results"]
    summary = payload["summary"]
    assert _one_per_line(lines, '    "rows": [', "    ]") == summary["rows"]  # type: ignore[index]
    envelope = {**payload, "results": [], "summary": {**summary, "rows": []}}  # type: ignore[dict-item]
    expected = json.dumps(envelope, indent=2, ensure_ascii=False).splitlines()
    assert (
        _collapse(_collapse(lines, '  "results": [', "  ],"), '    "rows": [', "    ]") == expected
    )


def _collapse(lines: list[str], opening: str, closing: str) -> list[str]:
    """The lines with a one-per-line list written as the empty list `[]`."""
    start = lines.index(opening)
    end = lines.index(closing, start)
    return [*lines[:start], opening + closing.strip(), *lines[end + 1 :]]


def test_portfolio_rows_are_worst_first_and_results_in_file_order(
    programme_json: tuple[int, dict[str, object], str, str],
) -> None:
    """Rows: input errors, failed gates, then verdict, level and score; results: files' order."""
    _, payload, _, _ = programme_json
    rows = payload["summary"]["rows"]  # type: ignore[index]
    rank = {"input_error": 0, "not_ready": 1, "conditional": 2, "ready": 3}
    keys = [
        (
            row["verdict"] != "input_error",
            row["gate"]["passed"],
            rank[row["verdict"]],
            row["level"] if row["level"] is not None else -1,
            row["score"] if row["score"] is not None else -1,
        )
        for row in rows
    ]
    assert keys == sorted(keys)
    files = [result["project"]["file"] for result in payload["results"]]  # type: ignore[attr-defined]
    assert files == sorted(files, key=lambda name: Path(name).parts)


def test_a_single_file_keeps_its_full_report(runner: CliRunner) -> None:
    """One file path: today's one-project output, not a portfolio."""
    code, out, _ = _assess(runner, str(SAMPLES / "weld-vision-ready.yaml"), "-f", "json")
    assert code == 0
    assert json.loads(out)["format"] == "readiness-result/1"


def test_a_directory_holding_one_file_is_a_portfolio_of_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The shape follows the arguments, not the count found: a directory always gives a
    portfolio, so a CI job's output does not change shape when a second project arrives."""
    _project(tmp_path, "weld-vision-ready")
    code, out, err = _assess(runner, str(tmp_path), "-f", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["format"] == "readiness-portfolio/1"
    assert payload["summary"]["projects"] == 1
    assert err.strip().splitlines()[-1] == "gate: passed (1 project) with 2 waivers (0 blockers)"


@pytest.mark.parametrize(
    ("samples", "broken", "code", "last_line"),
    [
        (["weld-vision-ready"], False, 0, "gate: passed (1 project) with 2 waivers (0 blockers)"),
        (
            ["weld-vision-ready", "packaging-oee-conditional"],
            False,
            0,
            "gate: passed (2 projects) with 2 waivers (0 blockers)",
        ),
        (
            ["weld-vision-ready", "press-line-payback-drift"],
            False,
            1,
            "gate: FAILED: 1 of 2 projects failed the gate",
        ),
        (
            ["weld-vision-ready", "press-line-payback-drift"],
            True,
            2,
            "gate: FAILED: 1 of 2 projects failed the gate; 1 file could not be assessed",
        ),
        (["weld-vision-ready"], True, 2, "gate: FAILED: 1 file could not be assessed"),
    ],
)
def test_exit_code_is_2_for_any_unreadable_file_else_1_for_any_failed_gate(
    runner: CliRunner,
    tmp_path: Path,
    samples: list[str],
    broken: bool,
    code: int,
    last_line: str,
) -> None:
    """One exit code for the run; the reason is printed last."""
    for sample in samples:
        _project(tmp_path, sample)
    if broken:
        shutil.copy(FIXTURES / "broken.yaml", tmp_path / "broken.readiness.yaml")
    exit_code, _, err = _assess(runner, str(tmp_path))
    assert exit_code == code
    assert err.strip().splitlines()[-1] == last_line


def test_each_failing_project_gets_a_gate_line_before_the_total(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A line per failing project with its owner (who must act) and its reason, worst first,
    then the overall line."""
    ready = _project(tmp_path, "weld-vision-ready")
    press = _project(tmp_path, "press-line-payback-drift")
    twin = _project(tmp_path, "plant-twin-tech-first")
    code, _, err = _assess(runner, str(ready), str(press), str(twin), "--fail-under", "50")
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"gate: FAILED: {twin} (owner: J. Hartley): verdict is not_ready")
    assert lines[0].endswith("; score 17 is under 50")
    assert lines[1].startswith(f"gate: FAILED: {press} (owner: L. Novak): verdict is not_ready")
    assert lines[2] == "gate: FAILED: 2 of 3 projects failed the gate"


def test_a_missing_file_among_others_is_an_input_error_row(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A path that does not exist is reported in its row; the others are assessed."""
    ready = _project(tmp_path, "weld-vision-ready")
    code, out, err = _assess(runner, str(ready), str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "INPUT ERROR" in out
    assert "READY" in out
    assert f"gate: ERROR: {tmp_path / 'nope.yaml'}: could not be assessed" in err


def test_nothing_found_says_which_names_were_searched(runner: CliRunner, tmp_path: Path) -> None:
    """An empty folder is exit 2 with the globs named, not a silent pass."""
    (tmp_path / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    code, _, err = _assess(runner, str(tmp_path))
    assert code == 2
    assert err.strip().splitlines() == [
        f"error: no project files found in {tmp_path} "
        "(searched for readiness.yaml, *.readiness.yaml, readiness.yml, *.readiness.yml)",
        "    hint: it holds 1 YAML file with other names (notes.yaml): add --glob '*.yaml' to "
        f"take every YAML file below it, or name the ones you mean ({tmp_path}/*.yaml)",
    ]


def test_the_samples_folder_is_found_with_the_glob_the_hint_suggests(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`readiness assess samples` finds nothing (the samples are `*.yaml`), and following the
    hint's second suggestion assesses the four samples."""
    monkeypatch.chdir(SAMPLES.parent)
    code, _, err = _assess(runner, "samples")
    assert code == 2
    assert "(samples/*.yaml)" in err
    result = runner.invoke(
        app, ["validate", *sorted(str(p) for p in Path().glob("samples/*.yaml"))]
    )
    assert result.exit_code == 0
    assert ", 0 with problems" in result.stdout


def test_glob_option_changes_the_names_searched(runner: CliRunner, tmp_path: Path) -> None:
    """`--glob '*.yaml'` finds files the default names would not."""
    _project(tmp_path, "weld-vision-ready", "weld.yaml")
    code, out, _ = _assess(runner, str(tmp_path), "--glob", "*.yaml", "-f", "json")
    assert code == 0
    assert json.loads(out)["summary"]["projects"] == 1


def test_a_symlink_loop_is_reported_and_not_fatal(runner: CliRunner, tmp_path: Path) -> None:
    """The loop is a warning on standard error; the projects are assessed and the gate passes."""
    _project(tmp_path / "site", "weld-vision-ready")
    (tmp_path / "site" / "again").symlink_to(tmp_path)
    code, _, err = _assess(runner, str(tmp_path))
    assert code == 0
    assert "warning: symlink loop" in err


def test_chart_needs_a_single_project(runner: CliRunner, tmp_path: Path) -> None:
    """A radar chart draws one project: asking for it with a portfolio is a usage error."""
    _project(tmp_path, "weld-vision-ready")
    code, _, err = _assess(runner, str(tmp_path), "--chart", str(tmp_path / "c.svg"))
    assert code == 2
    assert "one project" in err


def test_portfolio_outputs_are_written_atomically_beside_stdout(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`-o json=PATH` writes the portfolio; no temporary file is left behind."""
    _project(tmp_path / "projects", "weld-vision-ready")
    _project(tmp_path / "projects", "press-line-payback-drift")
    target = tmp_path / "out" / "portfolio.json"
    target.parent.mkdir()
    code, out, _ = _assess(runner, str(tmp_path / "projects"), "-o", f"json={target}")
    assert code == 1
    assert "portfolio of 2 projects" in out
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["projects"] == 2
    assert sorted(p.name for p in target.parent.iterdir()) == ["portfolio.json"]


def test_an_unwritable_output_stops_the_run_before_any_work(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A folder that does not exist is exit 2 at once, not after assessing everything."""
    _project(tmp_path, "weld-vision-ready")
    code, out, err = _assess(runner, str(tmp_path), "-o", str(tmp_path / "no" / "x.json"))
    assert code == 2
    assert out == ""
    assert "error: cannot write" in err


def test_progress_bar_is_absent_when_not_a_tty(tmp_path: Path) -> None:
    """Piped, as in CI: no bar, no cursor movement, nothing but the gate lines on stderr."""
    for index in range(PROGRESS_MIN_FILES + 1):
        _project(tmp_path, "weld-vision-ready", f"p{index:02d}.readiness.yaml", f"p{index:02d}")
    environment = {k: v for k, v in os.environ.items() if k not in {"CI", "GITHUB_ACTIONS"}}
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "assess", str(tmp_path), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        f"gate: passed ({PROGRESS_MIN_FILES + 1} projects) with "
        f"{2 * (PROGRESS_MIN_FILES + 1)} waivers (0 blockers)\n"
    )
    assert "\x1b" not in done.stdout + done.stderr
    assert "\r" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("tty", "environ", "files", "shown"),
    [
        (True, {}, PROGRESS_MIN_FILES, True),
        (True, {}, PROGRESS_MIN_FILES - 1, False),
        (False, {}, 1000, False),
        (True, {"CI": "true"}, 1000, False),
        (True, {"GITHUB_ACTIONS": "true"}, 1000, False),
        (True, {"TERM": "dumb"}, 1000, False),
        (True, {"CI": ""}, 1000, True),
    ],
)
def test_progress_only_for_a_person_at_a_terminal_with_many_files(
    tty: bool, environ: dict[str, str], files: int, shown: bool
) -> None:
    """Never in CI logs or pipes; not for a handful of files."""
    assert wants_progress(tty, environ, files) is shown


def test_packs_are_loaded_and_checks_compiled_once_per_run(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assessing more files loads no pack again and compiles no new check fragment."""
    from readiness import rubric, schemacheck

    calls: list[object] = []
    real = rubric.load_rubrics

    def counting(*args: object, **kwargs: object) -> rubric.RubricSet:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rubric, "load_rubrics", counting)
    pack = tmp_path / "extra.yaml"
    pack.write_text("pack: extra\nversion: 1\ndisable: [OE-06]\n", encoding="utf-8")
    for index in range(3):
        _project(
            tmp_path / "a", "press-line-payback-drift", f"p{index}.readiness.yaml", f"p{index}"
        )
    for index in range(9):
        _project(
            tmp_path / "b", "press-line-payback-drift", f"p{index}.readiness.yaml", f"p{index}"
        )
    code, _, _ = _assess(runner, str(tmp_path / "a"), "--rubrics", str(pack))
    assert code == 1
    assert len(calls) == 1
    compiled_after_three = schemacheck._by_text.cache_info().misses
    code, _, _ = _assess(runner, str(tmp_path / "b"), "--rubrics", str(pack))
    assert code == 1
    assert len(calls) == 2  # once per run, not per file
    assert schemacheck._by_text.cache_info().misses == compiled_after_three


def test_validate_uses_the_same_discovery(runner: CliRunner, tmp_path: Path) -> None:
    """`validate DIR` finds `.yml` files too, and says what it searched for when it finds none."""
    _project(tmp_path / "a", "weld-vision-ready", "readiness.yml")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0
    assert "readiness.yml: valid" in result.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["validate", str(empty)])
    assert result.exit_code == 2
    assert "searched for readiness.yaml, *.readiness.yaml" in result.stderr


def _copied_programme(folder: Path) -> list[Path]:
    """Three projects in `folder` (relative to the working directory), the third a copy of
    the first that kept its project id."""
    first = _project(folder, "weld-vision-ready", "a.readiness.yaml")
    _project(folder, "press-line-payback-drift", "b.readiness.yaml")
    copy = folder / "c.readiness.yaml"
    shutil.copy(first, copy)
    return [first, folder / "b.readiness.yaml", copy]


def test_a_second_file_with_a_project_id_is_an_input_error_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copied file that kept its id is an input error located on its `id:` line, naming the
    file that has the id first; the first file is assessed as usual. Every format shows it
    where it shows a file that cannot be assessed, whatever the number of workers."""
    monkeypatch.chdir(tmp_path)
    files = _copied_programme(Path("programme"))
    line = next(
        number
        for number, text in enumerate(files[0].read_text(encoding="utf-8").splitlines(), 1)
        if text.strip().startswith("id: hall-a-weld-vision")
    )
    problem = (
        f"{files[2]}:{line}:3: error: project.id: 'hall-a-weld-vision' is already the project "
        f"id of {files[0]}:{line}"
    )
    outputs = _every_format(files, jobs=1)
    assert _every_format(files, jobs=2) == outputs
    assert problem in " ".join(outputs["terminal"].split())  # folded to the table's width
    assert f"::error file={files[2]},line={line},col=3," in outputs["github"]
    # Markdown puts the key path and the file in code spans (linkify would link them)
    assert (
        f"`project.id`: 'hall-a-weld-vision' is already the project id of `{files[0]}`:{line}"
        in outputs["markdown"]
    )
    portfolio = json.loads(outputs["json"])
    assert [r["project"]["file"] for r in portfolio["results"]] == [str(f) for f in files[:2]]
    (error,) = portfolio["errors"]
    assert error["file"] == str(files[2])
    assert error["problems"][0]["line"] == line
    assert error["problems"][0]["path"] == "project.id"
    assert "an id of its own" in error["problems"][0]["hint"]
    assert portfolio["summary"]["exit_code"] == 2
    (run,) = json.loads(outputs["sarif"])["runs"]
    (located,) = [r for r in run["results"] if r["ruleId"] == "input-error"]
    region = located["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line, "startColumn": 3}
    assert "is already the project id of" in outputs["junit"]
    assert "is already the project id of" in outputs["html"]


def test_a_copied_project_id_fails_the_run_with_exit_2_and_validate_says_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`assess DIR` exits 2 and the gate line names the second file; `validate` flags the
    same file, so a pre-commit hook catches the copy before CI does."""
    files = _copied_programme(tmp_path)
    code, _, err = _assess(runner, str(tmp_path))
    assert code == 2
    assert f"gate: ERROR: {files[2]}: could not be assessed" in err
    assert "is already the project id of" in err
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{files[0]}: valid" in result.stdout
    assert f"{files[2]}:" in result.stdout
    assert "hint: give this project an id of its own" in result.stdout
    assert "3 files checked: 2 valid, 1 with problems" in result.stdout


def _link_targets(markdown: str) -> set[str]:
    """Every link destination in a Markdown text, without its `#L…` anchor."""
    return {target.split("#", 1)[0] for target in re.findall(r"\]\(([^)]+)\)", markdown)}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_markdown_links_start_from_the_folder_the_report_is_written_in(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """`-o reports/ci/portfolio.md` links to `../../projects/…`, which exists from there, while
    the same run's standard output links from the current folder; no absolute path anywhere."""
    monkeypatch.chdir(tmp_path)
    files = _copied_programme(Path("projects"))[:2]
    _project(Path("projects"), "packaging-oee-conditional", "c.readiness.yaml")
    (tmp_path / "reports" / "ci").mkdir(parents=True)
    code, out, _ = _assess(
        runner, "projects", "-f", "markdown", "-o", "reports/ci/portfolio.md", "--jobs", jobs
    )
    assert code == 1
    written = (tmp_path / "reports" / "ci" / "portfolio.md").read_text(encoding="utf-8")
    from_here, from_report = _link_targets(out), _link_targets(written)
    assert f"{files[0]}" in from_here
    assert f"../../{files[0]}" in from_report
    assert all((tmp_path / target).is_file() for target in from_here)
    assert all((tmp_path / "reports" / "ci" / target).is_file() for target in from_report)
    assert str(tmp_path) not in written + out
    assert re.sub(r"\(\.\./\.\./", "(", written) == out  # nothing else differs


def test_run_portfolio_is_importable_and_returns_rows(tmp_path: Path) -> None:
    """The core without the CLI: files in, rows and exit code out."""
    ready = _project(tmp_path, "weld-vision-ready")
    broken = tmp_path / "broken.yaml"
    shutil.copy(FIXTURES / "broken.yaml", broken)
    run = PortfolioRun(as_of=date(2026, 11, 25), rubrics=builtin_rubrics())
    summary = run_portfolio([ready, broken], run)
    assert isinstance(summary, PortfolioSummary)
    assert [row.verdict for row in summary.rows] == ["input_error", "ready"]
    first: ProjectRow = summary.rows[0]
    assert first.problem_count == 3
    assert summary.exit_code == 2


def test_the_portfolio_schema_is_published_with_the_result_schema_inside(
    runner: CliRunner,
) -> None:
    """One self-contained file: the embedded result schema is the published one, unchanged."""
    result = runner.invoke(app, ["schema", "portfolio"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["result"] == load_schema("result")
    assert schema["properties"]["results"]["items"] == {"$ref": "result-v1.json"}


def _every_format(files: list[Path], jobs: int) -> dict[str, str]:
    """One run writing the portfolio in every format, with `jobs` worker processes."""
    import io

    from readiness.portfolio_run import PORTFOLIO_FORMATTERS

    sinks = {name: io.StringIO() for name in PORTFOLIO_FORMATTERS}
    run = PortfolioRun(as_of=date(2026, 11, 25), rubrics=builtin_rubrics())
    run_portfolio(files, run, list(sinks.items()), jobs=jobs)
    return {name: sink.getvalue() for name, sink in sinks.items()}


def test_output_is_byte_identical_whatever_the_number_of_workers(tmp_path: Path) -> None:
    """Files spread over worker processes come back in the files' order: every format is the
    same byte for byte with no worker, two or three."""
    from readiness.discover import discover

    generate_programme(tmp_path, 23, seed=11, broken=2)
    files = list(discover([tmp_path]).files)
    alone = _every_format(files, jobs=1)
    assert all(alone.values())  # every format wrote something
    for jobs in (2, 3):
        assert _every_format(files, jobs=jobs) == alone


@pytest.mark.parametrize(
    ("files", "jobs", "cores", "expected"),
    [
        (1000, None, 2, 2),
        (1000, None, 8, 8),
        (12, None, 2, 1),  # too few files to share
        (16, None, 2, 2),
        (1000, 1, 2, 1),
        (1000, 3, 2, 3),  # asked for: more than the cores is allowed
        (2, 4, 2, 2),  # never more workers than files
    ],
)
def test_workers_only_when_there_are_files_to_share(
    monkeypatch: pytest.MonkeyPatch, files: int, jobs: int | None, cores: int, expected: int
) -> None:
    """One per core by default, once there are enough files; `--jobs` decides otherwise."""
    from readiness import portfolio_run

    monkeypatch.setattr(portfolio_run, "available_cores", lambda: cores)
    assert portfolio_run.worker_count(files, jobs) == expected


def test_jobs_option_spreads_the_work_and_changes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`--jobs 2` on the command line gives the same JSON as `--jobs 1`."""
    generate_programme(tmp_path, 17, seed=5)
    outputs = [_assess(runner, str(tmp_path), "-f", "json", "--jobs", str(n)) for n in (1, 2)]
    assert outputs[0][0] == outputs[1][0] == 1
    assert outputs[0][1] == outputs[1][1]


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_table_keeps_paths_whole(tmp_path: Path, width: int) -> None:
    """At 80 and 120 columns each project's file is on the line below its row, folded only
    after a `/` (never mid-name), with its owner; the row shows the gate. No line is wider."""
    from readiness.report.terminal_portfolio import render

    deep = tmp_path / ("a-very-long-folder-name-" * 3) / "project"
    ready = _project(deep, "weld-vision-ready")
    run = PortfolioRun(as_of=date(2026, 11, 25), rubrics=builtin_rubrics())
    summary = run_portfolio([ready], run)
    lines = render(run, summary, width=width).splitlines()
    assert all(len(line) <= width for line in lines)
    header = next(i for i, line in enumerate(lines) if line.startswith("Verdict"))
    assert lines[header].split()[:2] == ["Verdict", "Gate"]
    row = next(i for i, line in enumerate(lines) if line.startswith("READY"))
    assert lines[row].split()[1] == "passed"
    pieces = []
    for line in lines[row + 1 :]:
        if not line.startswith("  "):
            break
        pieces.append(line[2:])
    owner = "S. Mensah, Hall A operations manager"
    if pieces[-1] == owner:  # on a line of its own when it does not fit beside the file
        path = pieces[:-1]
    else:
        assert pieces[-1].endswith(f" · {owner}")
        path = [*pieces[:-1], pieces[-1].removesuffix(f" · {owner}")]
    assert "".join(path) == str(ready)
    assert all(piece.endswith("/") for piece in path[:-1])


def test_a_path_folds_after_a_slash() -> None:
    """Folding a path: after a `/` where one fits, mid-name only for a name wider than the line."""
    from readiness.report.terminal_portfolio import fold_path

    assert fold_path("programme/wearside/plant-twin-tech-first-07.readiness.yaml", 40) == [
        "programme/wearside/",
        "plant-twin-tech-first-07.readiness.yaml",
    ]
    assert fold_path("a/b/c.yaml", 40) == ["a/b/c.yaml"]
    assert "".join(fold_path("x" * 50, 20)) == "x" * 50
