"""Baselines: adopt the gate on a programme full of old work, failing only on regressions."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from readiness.cli import app

from .conftest import SAMPLES

AS_OF = "2026-11-25"
SAMPLE_NAMES = ("packaging-oee-conditional", "press-line-payback-drift", "weld-vision-ready")


@pytest.fixture
def programme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A programme repository of three projects, one of them not ready, with its baseline."""
    (tmp_path / ".git").mkdir()
    projects = tmp_path / "projects"
    projects.mkdir()
    for name in SAMPLE_NAMES:
        text = (SAMPLES / f"{name}.yaml").read_text(encoding="utf-8")
        (projects / f"{name}.readiness.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(SAMPLES / "evidence", projects / "evidence")  # the files they cite
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["baseline", "save", "projects", "--as-of", AS_OF, "-o", "baseline.json"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "saved a baseline of 3 projects to baseline.json\n"
    return tmp_path


def _gate(runner: CliRunner, *args: str) -> tuple[int, list[str]]:
    result = runner.invoke(
        app, ["assess", "projects", "--as-of", AS_OF, "--baseline", "baseline.json", *args]
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


def _edit(programme: Path, name: str, old: str, new: str) -> None:
    path = programme / "projects" / f"{name}.readiness.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_baseline_records_bands_and_checks_by_id(programme: Path) -> None:
    """Keyed by project id and check id, sorted, with no line numbers anywhere."""
    data = json.loads((programme / "baseline.json").read_text(encoding="utf-8"))
    assert data["format"] == "readiness-baseline/1"
    assert list(data["projects"]) == sorted(data["projects"])
    press = data["projects"]["press-line-b-monitoring"]
    assert press["verdict"] == "not_ready"
    assert press["bands"]["integration"] == 1
    assert press["checks"]["FE-10"] == "fail"
    assert '"line"' not in json.dumps(data)


def test_an_unchanged_programme_passes_though_a_project_is_not_ready(
    runner: CliRunner, programme: Path
) -> None:
    """Old work that is known not to be ready does not block adoption."""
    code, lines = _gate(runner)
    assert code == 0
    assert lines[-1] == (
        "gate: passed (3 projects) with 2 waivers (0 blockers): no regression against the baseline"
    )
    plain, _ = runner.invoke(app, ["assess", "projects", "--as-of", AS_OF]).exit_code, None
    assert plain == 1


def test_losing_a_band_fails_naming_project_dimension_and_check(
    runner: CliRunner, programme: Path
) -> None:
    """The done-when of issue 7: one project edited to lose a band fails the gate."""
    _edit(programme, "weld-vision-ready", "  capex: 1070000", "  capex: 4070000")
    code, lines = _gate(runner)
    assert code == 1
    assert lines == [
        "gate: FAILED: projects/weld-vision-ready.readiness.yaml (owner: S. Mensah): funding band "
        "fell from "
        "4 (Verified) to 1 (Stated): FE-10 fails (was passes), FE-09 fails (was passes), "
        "FE-04 fails (was passes), FE-05 fails (was passes)",
        "gate: FAILED: 1 of 3 projects failed the gate (1 slipped against the baseline)",
    ]


def test_a_dimension_that_no_longer_applies_is_a_regression(
    runner: CliRunner, programme: Path
) -> None:
    """A battery project re-labelled so that traceability no longer applies would shed every
    check in it: the gate fails until the baseline is saved again (a decision the programme
    office takes on the target branch)."""
    path = programme / "projects" / "weld-vision-ready.readiness.yaml"
    text = path.read_text(encoding="utf-8").replace("  sector: battery", "  sector: automotive")
    head, _, rest = text.partition("\ntraceability:")
    _, _, waivers = rest.partition("\nwaivers:")
    path.write_text(f"{head}\nwaivers:{waivers}", encoding="utf-8")
    code, lines = _gate(runner)
    assert code == 1, lines
    assert lines[0] == (
        "gate: FAILED: projects/weld-vision-ready.readiness.yaml (owner: S. Mensah): traceability "
        "no longer applies "
        "(was band 4 (Verified)); a change of scope is recorded by saving the baseline again"
    )


def test_moving_lines_and_adding_comments_passes(runner: CliRunner, programme: Path) -> None:
    """Keyed by ids, never by line: a reformatted file is the same project."""
    for name in SAMPLE_NAMES:
        path = programme / "projects" / f"{name}.readiness.yaml"
        sections = path.read_text(encoding="utf-8").strip().split("\n\n")
        assert len(sections) > 5
        moved = "\n\n# moved by the tidy-up\n".join(reversed(sections))
        path.write_text(f"# Reviewed by the programme office\n\n{moved}\n", encoding="utf-8")
    code, lines = _gate(runner)
    assert code == 0, lines
    assert lines[-1].startswith("gate: passed (3 projects)")


def test_a_check_that_newly_fails_without_losing_a_band(runner: CliRunner, programme: Path) -> None:
    """A not-ready project that gets worse in a dimension already at its floor still fails."""
    _edit(
        programme,
        "press-line-payback-drift",
        "  max_intervention_rate: 0.4",
        "  max_intervention_rate: 0.2",
    )
    code, lines = _gate(runner)
    assert code == 1
    assert lines[0] == (
        "gate: FAILED: projects/press-line-payback-drift.readiness.yaml (owner: L. Novak): "
        "funding: FE-07 fails "
        "(was passes)"
    )


def test_a_new_waiver_is_a_regression(runner: CliRunner, programme: Path) -> None:
    """Waiving a gap the baseline recorded is a change the programme must see."""
    path = programme / "projects" / "packaging-oee-conditional.readiness.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\nwaivers:\n  - {check: KR-02, reason: Second holder trained in Q1, "
        "approved_by: Site director, expires: 2027-03-31}\n",
        encoding="utf-8",
    )
    code, lines = _gate(runner)
    assert code == 1
    assert lines[0] == (
        "gate: FAILED: projects/packaging-oee-conditional.readiness.yaml (owner: C. Doyle): "
        "KR-02 newly waived (knowledge, high, approved by Site director): if the programme "
        "accepts it, record it by saving the baseline again on the target branch "
        "(`readiness baseline save`)"
    )


def test_a_new_project_must_meet_the_bar(runner: CliRunner, programme: Path) -> None:
    """A project the baseline does not know is gated like any other."""
    text = (SAMPLES / "press-line-payback-drift.yaml").read_text(encoding="utf-8")
    new = text.replace("id: press-line-b-monitoring", "id: press-line-c-monitoring", 1)
    (programme / "projects" / "press-c.readiness.yaml").write_text(new, encoding="utf-8")
    code, lines = _gate(runner)
    assert code == 1
    assert lines[0].startswith(
        "gate: FAILED: projects/press-c.readiness.yaml (owner: L. Novak): not in the baseline, and "
        "verdict is "
        "not_ready"
    )
    assert lines[-1] == "gate: FAILED: 1 of 4 projects failed the gate (1 not in it below the bar)"


def test_the_total_line_says_what_a_pass_was_judged_against(
    runner: CliRunner, programme: Path
) -> None:
    """As the single-file line does: the baseline, the waivers a pass took, and the projects
    the baseline does not know, which met the bar."""
    text = (SAMPLES / "weld-vision-ready.yaml").read_text(encoding="utf-8")
    new = text.replace("id: hall-a-weld-vision", "id: hall-b-weld-vision", 1)
    (programme / "projects" / "weld-b.readiness.yaml").write_text(new, encoding="utf-8")
    code, lines = _gate(runner)
    assert (code, lines) == (
        0,
        [
            "gate: passed (4 projects) with 4 waivers (0 blockers): no regression against the "
            "baseline; 1 project not in it meets the bar"
        ],
    )
    _edit(programme, "weld-vision-ready", "  capex: 1070000", "  capex: 4070000")
    (programme / "projects" / "press-c.readiness.yaml").write_text(
        (SAMPLES / "press-line-payback-drift.yaml")
        .read_text(encoding="utf-8")
        .replace("id: press-line-b-monitoring", "id: press-line-c-monitoring", 1),
        encoding="utf-8",
    )
    code, lines = _gate(runner)
    assert code == 1
    assert lines[-1] == (
        "gate: FAILED: 2 of 5 projects failed the gate (1 slipped against the baseline, "
        "1 not in it below the bar)"
    )
    # Without a baseline the line says nothing of one.
    plain = runner.invoke(app, ["assess", "projects", "--as-of", AS_OF, "--fail-on", "never"])
    assert plain.stderr.splitlines()[-1] == "gate: passed (5 projects) with 4 waivers (0 blockers)"


def test_single_file_against_the_baseline(runner: CliRunner, programme: Path) -> None:
    """One file gets its full report and a gate line that says what it was compared with."""
    result = runner.invoke(
        app,
        [
            "assess",
            "projects/press-line-payback-drift.readiness.yaml",
            "--as-of",
            AS_OF,
            "--baseline",
            "baseline.json",
        ],
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "gate: passed: no regression against the baseline"


def test_baseline_from_the_configuration(runner: CliRunner, programme: Path) -> None:
    """`baseline:` in .readiness.yaml, relative to the file's folder."""
    (programme / ".readiness.yaml").write_text(
        f"paths: [projects]\nas_of: {AS_OF}\nbaseline: baseline.json\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["assess"]).exit_code == 0
    shown = runner.invoke(app, ["config"]).stdout
    assert "baseline.json" in shown
    assert ".readiness.yaml:3" in shown


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            '{"format": "readiness-baseline/2"}\n',
            "baseline.json:1:2: error: format: 'readiness-baseline/2' is not a baseline",
            "readiness baseline save",
        ),
        (
            '{"format": "readiness-baseline/1", "tool": {"name": "readiness", "version": "1"},\n'
            ' "as_of": null, "projects": {"a": {"verdict": "great"}}}\n',
            "baseline.json:2:",
            "",
        ),
        ("not json at all: [\n", "baseline.json:1:1: error: invalid JSON", "Expecting value"),
        (
            '{"projects": {}}\n',
            "baseline.json:1:1: error: no `format`: this is not a baseline (readiness-baseline/1)",
            "readiness baseline save",
        ),
    ],
)
def test_a_broken_baseline_is_a_located_input_error(
    runner: CliRunner, programme: Path, text: str, where: str, message: str
) -> None:
    """Exit 2 with file:line, nothing assessed."""
    (programme / "baseline.json").write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["assess", "projects", "--as-of", AS_OF, "--baseline", "baseline.json"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(where), result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_save_refuses_a_broken_project_and_duplicate_ids(
    runner: CliRunner, programme: Path
) -> None:
    """A baseline missing a project would let it in unchecked: nothing is written."""
    (programme / "projects" / "broken.readiness.yaml").write_text("readiness: [\n")
    result = runner.invoke(
        app, ["baseline", "save", "projects", "--as-of", AS_OF, "-o", "new.json"]
    )
    assert result.exit_code == 2
    assert "broken.readiness.yaml:" in result.stderr
    assert not (programme / "new.json").exists()
    (programme / "projects" / "broken.readiness.yaml").unlink()
    text = (SAMPLES / "weld-vision-ready.yaml").read_text(encoding="utf-8")
    (programme / "projects" / "copy.readiness.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["baseline", "save", "projects", "--as-of", AS_OF, "-o", "new.json"]
    )
    assert result.exit_code == 2
    assert "project.id: 'hall-a-weld-vision' is already the project id of projects/" in (
        result.stderr
    )
    assert not (programme / "new.json").exists()


def test_save_to_standard_output_is_byte_identical(runner: CliRunner, programme: Path) -> None:
    """Deterministic: the same programme gives the same bytes, on stdout as in the file."""
    result = runner.invoke(app, ["baseline", "save", "projects", "--as-of", AS_OF])
    assert result.exit_code == 0
    assert result.stdout == (programme / "baseline.json").read_text(encoding="utf-8")


def test_a_valid_baseline_is_read_as_plain_json(programme: Path) -> None:
    """The fast reading (json.loads, then the schema) gives the same records as the careful
    one, and refuses to guess on what json.loads would take silently: a repeated key, NaN."""
    from readiness import baseline

    path = programme / "baseline.json"
    fast = baseline._plain_baseline(path, "baseline.json")
    assert fast is not None
    document = baseline.load_json_file(
        path, display="baseline.json", max_bytes=baseline.BASELINE_MAX_BYTES, size_hint=""
    )
    assert fast == baseline._baseline(document.data, "baseline.json")
    assert baseline.load_baseline(path, "baseline.json") == fast
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"as_of"', '"as_of": "2026-01-01",\n  "as_of"', 1), "utf-8")
    assert baseline._plain_baseline(path, "baseline.json") is None
    path.write_text(re.sub(r'"score": [0-9.]+', '"score": NaN', text, count=1), "utf-8")
    assert baseline._plain_baseline(path, "baseline.json") is None


def test_the_projects_are_read_one_at_a_time_as_json_loads_reads_them(programme: Path) -> None:
    """The fast reading decodes the projects one by one (a baseline of 10,000 projects held
    whole as Python objects peaked at 178 MB): on the same text rewritten as JSON allows
    (compact, spread out, members reordered, projects empty) it gives what json.loads and the
    schema give, and refuses what they refuse or would take silently."""
    import json

    from readiness import baseline

    path = programme / "baseline.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    first = next(iter(data["projects"]))
    reordered = {"projects": data["projects"], **{k: v for k, v in data.items() if k != "projects"}}
    fine = [
        json.dumps(data, separators=(",", ":")),
        json.dumps(data, indent=7) + " \r\n\t ",
        "\n" + json.dumps(reordered, indent=1),
        json.dumps({**data, "projects": {}}),
    ]
    for text in fine:
        path.write_text(text, "utf-8")
        expected = baseline._baseline(json.loads(text), "baseline.json")
        assert baseline._plain_baseline(path, "baseline.json") == expected, text[:80]
    entry = json.dumps(data["projects"][first])
    compact = json.dumps(data, separators=(",", ":"))
    refused = [
        compact + "x",  # trailing text
        compact[:-1],  # cut short
        compact.replace('"projects":{', f'"projects":{{"{first}":{entry},', 1),  # same id twice
        compact.replace('"score":', '"score":101,"x":', 1),  # an entry the schema refuses
        compact.replace('"format":"readiness-baseline/1"', '"format":"other"', 1),
        json.dumps({**data, "projects": []}),
        "[]",
    ]
    for text in refused:
        path.write_text(text, "utf-8")
        assert baseline._plain_baseline(path, "baseline.json") is None, text[:80]


def test_a_duplicate_key_in_a_baseline_is_still_located(runner: CliRunner, programme: Path) -> None:
    """A baseline json.loads would read (keeping the last of two keys) is refused on its line."""
    path = programme / "baseline.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"as_of"', '"as_of": "2026-01-01",\n  "as_of"', 1), "utf-8")
    code, errors = _gate(runner)
    assert code == 2
    assert any("duplicate key 'as_of'" in line for line in errors), errors


def test_save_with_workers_is_byte_identical(programme: Path) -> None:
    """Two worker processes record the same baseline, byte for byte, as one process."""
    from datetime import date

    from readiness.baseline import render
    from readiness.portfolio import PortfolioRun
    from readiness.portfolio_run import baseline_of
    from readiness.rubric import builtin_rubrics

    files = sorted((programme / "projects").glob("*.yaml"))
    run = PortfolioRun(as_of=date.fromisoformat(AS_OF), rubrics=builtin_rubrics())
    assert render(baseline_of(files, run, jobs=2)) == render(baseline_of(files, run, jobs=1))


def test_sarif_results_carry_their_baseline_state(runner: CliRunner, programme: Path) -> None:
    """Under a baseline every result says whether it is new, unchanged or updated (SARIF
    2.1.0 §3.27.24), so code scanning can tell a regression from an old gap."""
    _edit(programme, "weld-vision-ready", "  capex: 1070000", "  capex: 4070000")
    code, _ = _gate(runner, "-f", "sarif", "-o", "sarif=out.sarif")
    assert code == 1
    log = json.loads((programme / "out.sarif").read_text(encoding="utf-8"))
    states = {r["baselineState"] for r in log["runs"][0]["results"]}
    assert states <= {"new", "unchanged", "updated"}
    assert "unchanged" in states
    without = runner.invoke(app, ["assess", "projects", "--as-of", AS_OF, "-o", "sarif=b.sarif"])
    assert without.exit_code == 1
    plain = json.loads((programme / "b.sarif").read_text(encoding="utf-8"))
    assert not any("baselineState" in r for r in plain["runs"][0]["results"])


def test_junit_fails_only_the_regressions_under_a_baseline(
    runner: CliRunner, programme: Path
) -> None:
    """551 failures for 3 regressions was the bug: now the unchanged projects fail nothing,
    and the slipped one fails its gate and the checks that slipped."""
    import xml.etree.ElementTree as ET

    _edit(programme, "weld-vision-ready", "  capex: 1070000", "  capex: 4070000")
    code, _ = _gate(runner, "-o", "junit=out.xml")
    assert code == 1
    root = ET.fromstring((programme / "out.xml").read_bytes())  # noqa: S314
    failed = {
        (suite.get("name"), case.get("name"))
        for suite in root.iter("testsuite")
        for case in suite.iter("testcase")
        if case.find("failure") is not None
    }
    suites = {suite for suite, _ in failed}
    (name,) = suites
    assert (name, f"{name} passes the gate") in failed
    assert len(failed) == 1 + 4  # the gate, and FE-10, FE-09, FE-04, FE-05 that slipped
    assert root.get("failures") == str(len(failed))


def test_improved_deleted_and_renamed_projects_are_named(
    runner: CliRunner, programme: Path
) -> None:
    """An improved project, a deleted file and a renamed id were not mentioned at all."""
    _edit(programme, "press-line-payback-drift", "id: press-line-b-monitoring", "id: press-b")
    (programme / "projects" / "packaging-oee-conditional.readiness.yaml").unlink()
    _edit(programme, "weld-vision-ready", "  capex: 1070000", "  capex: 4070000")
    code, lines = _gate(runner)
    assert code == 1
    assert (
        "gate: renamed: projects/press-line-payback-drift.readiness.yaml: project id "
        "'press-line-b-monitoring' in the baseline is 'press-b' now, so it is judged as a new "
        "project"
    ) in lines
    assert (
        "gate: not assessed: 'bp-lines-e-changeover' (projects/packaging-oee-conditional"
        ".readiness.yaml in the baseline): its file was deleted, moved out of the paths or its "
        "id changed"
    ) in lines
    assert lines[-1].startswith("gate: FAILED: ")


def test_an_improved_project_is_named(runner: CliRunner, programme: Path) -> None:
    """A band that rose is worth saving the baseline again for."""
    _edit(programme, "weld-vision-ready", "  capex: 1070000", "  capex: 4070000")
    saved = runner.invoke(
        app, ["baseline", "save", "projects", "--as-of", AS_OF, "-o", "baseline.json"]
    )
    assert saved.exit_code == 0, saved.output
    _edit(programme, "weld-vision-ready", "  capex: 4070000", "  capex: 1070000")
    code, lines = _gate(runner)
    assert code == 0
    assert lines[0] == (
        "gate: improved: projects/weld-vision-ready.readiness.yaml: verdict not_ready → "
        "ready; "
        "funding band rose from 1 (Stated) to 4 (Verified)"
    )


_STATUSES = st.sampled_from(["pass", "fail", "partial", "missing", "waived", "not_applicable"])
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    projects=st.dictionaries(
        _TEXT,
        st.builds(
            dict,
            file=_TEXT,
            verdict=st.sampled_from(["ready", "conditional", "not_ready"]),
            level=st.integers(0, 5),
            score=st.none() | st.floats(0, 100, allow_nan=False),
            bands=st.dictionaries(_TEXT, st.none() | st.integers(0, 5), max_size=3),
            checks=st.dictionaries(_TEXT, _STATUSES, max_size=5),
        ),
        max_size=4,
    ),
    as_of=st.none() | st.just("2026-11-25"),
)
def test_a_baseline_written_in_pieces_is_json_dumps_byte_for_byte(
    projects: dict[str, dict[str, Any]], as_of: str | None
) -> None:
    """`baseline save` writes a project at a time (the whole text of 10,000 projects, made at
    once, took it past 230 MB): the pieces are what `json.dumps(indent=2)` wrote of the whole."""
    from readiness.baseline import Baseline, ProjectBaseline, as_dict, render

    baseline = Baseline(
        {key: ProjectBaseline(project_id=key, **entry) for key, entry in projects.items()},
        as_of=as_of,
    )
    whole = json.dumps(as_dict(baseline), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    assert render(baseline) == whole


def test_a_file_written_in_pieces_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """A piece that cannot be written leaves no file and no staged copy behind."""
    from readiness.output import OutputError, write_streamed

    target = tmp_path / "baseline.json"

    def pieces() -> Iterator[str]:
        yield "{"
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match=r"cannot write .*baseline\.json.*No space left"):
        write_streamed(target, pieces())
    assert list(tmp_path.iterdir()) == []
    write_streamed(target, iter(["{", "}\n"]))
    assert target.read_text(encoding="utf-8") == "{}\n"
