"""Each adversarial class of bench/adversarial.py gets the right answer: a refusal that says
why, or a report. How fast is the bench's business (bench/run.py); here only the answers."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bench.adversarial import CLASSES, LIMIT, ROOT, legitimate, write_all
from readiness.cli import app
from readiness.errors import COLLECT_LIMIT, MAX_PROBLEMS_PER_FILE
from readiness.rubric import builtin_rubrics

# Not traced for coverage: hostile shapes at the limits' size run code the rest of the suite
# covers on small inputs, and tracing it here would cost three to four times the test.
pytestmark = pytest.mark.untraced

# class -> words of the first diagnostic shown (a refusal), or None (a report: exit 0 or 1)
ANSWERS: dict[str, str | None] = {
    "alias-bomb": "an alias reuses a list or mapping",
    "alias-text": "aliases repeat more than 1,048,576 characters of text",
    "costed-losses": None,
    "deep-evidence-refs": None,
    "failing-knowledge": None,
    "many-evidence-refs": None,
    "many-waivers": None,
    "block-flood": "the file holds about 520,011 values, over the limit of 131,072",
    "component-links": None,
    "deep-flood": "the file holds about 517,011 values, over the limit of 131,072",
    "deep-nesting": None,
    "duplicate-ids": "duplicate evidence id 'same': also used on line 4",
    "duplicate-keys": "duplicate key 'k': it is also on line 4",
    "enum-typos": "text 'plcc' is not one of the allowed values",
    "flat-flood": "the file holds about 520,012 values, over the limit of 131,072",
    "flat-flood-under-cap": None,
    "invalid-dates": "text '2026-02-30' is not a valid date",
    "long-keys": "invalid YAML",
    "long-text": None,
    "scalar-aliases": None,
    "too-deep": "invalid YAML",
    "type-errors": "expected a number, got text 'old'",
    "undefined-citations": "evidence 'ev-x00000' is cited but not defined",
    "unique-items": "expected text, got the number 5",
    "unknown-key-typos": "unknown key 'nmae'",
    "unknown-keys": "unknown key 'k0'",
    "unknown-waiver-checks": "the waiver names 'ZZ-00000', which is not a known check",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every class written once for the module."""
    return write_all(tmp_path_factory.mktemp("adversarial"))


@functools.cache
def _validate(path: Path) -> tuple[int, list[dict[str, Any]]]:
    """`validate -f json` on one file: its exit code and problems (once per file)."""
    result = CliRunner().invoke(app, ["validate", "-f", "json", str(path)])
    return result.exit_code, json.loads(result.stdout)["files"][0]["problems"]


def _assess(path: Path, output_format: str, *extra: str) -> str:
    result = CliRunner().invoke(
        app, ["assess", str(path), "-f", output_format, "--as-of", "2026-11-25", *extra]
    )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_every_class_has_an_answer() -> None:
    """The table names every class the generators make, each file within the 1 MiB limit."""
    assert set(ANSWERS) == set(CLASSES)
    assert all(len(generate()) <= LIMIT for generate in CLASSES.values())


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_each_class_gets_its_answer(name: str, files: dict[str, Path]) -> None:
    """A refusal says why, first, within the display cap; a report comes out whole."""
    expected = ANSWERS[name]
    code, problems = _validate(files[name])
    if expected is None:
        assert (code, problems) == (0, [])
        result = CliRunner().invoke(
            app, ["assess", str(files[name]), "-f", "json", "--as-of", "2026-11-25"]
        )
        assert result.exit_code in (0, 1), result.output
        assert json.loads(result.stdout)["format"] == "readiness-result/1"
        return
    assert code == 2
    assert expected in problems[0]["message"], problems[0]
    assert len(problems) <= MAX_PROBLEMS_PER_FILE + 1
    assert all(len(p["message"]) < 300 and len(p["hint"]) < 400 for p in problems)


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("enum-typos", "did you mean 'plc'?"),
        ("unknown-key-typos", "did you mean 'name'?"),
        ("unknown-waiver-checks", "run `readiness rubrics` for the ids"),
        ("duplicate-keys", "keep one of the two"),
    ],
)
def test_hints_are_given_for_the_diagnostics_shown(
    name: str, hint: str, files: dict[str, Path]
) -> None:
    """Did-you-mean hints are computed for what is shown, every one of them."""
    _, problems = _validate(files[name])
    shown = problems[:MAX_PROBLEMS_PER_FILE]
    assert all(hint in p["hint"] for p in shown), shown[:2]


@pytest.mark.parametrize("name", ["duplicate-keys", "unknown-keys", "type-errors", "enum-typos"])
def test_a_flood_of_problems_stops_being_counted(name: str, files: dict[str, Path]) -> None:
    """Past the collection limit, the last line says there are at least that many more."""
    _, problems = _validate(files[name])
    extra = COLLECT_LIMIT - MAX_PROBLEMS_PER_FILE
    assert problems[-1]["message"] == f"… and at least {extra:,} more problems (counting stopped)"


def test_unique_items_finds_the_repeat_at_the_end(files: dict[str, Path]) -> None:
    """A repeat after 120,000 distinct texts and a number is found, where it is."""
    _, problems = _validate(files["unique-items"])
    assert [p["message"] for p in problems] == [
        "expected text, got the number 5",
        "text 'g00000' is listed twice",
    ]
    assert [p["path"] for p in problems] == [
        "solution.non_goals[120000]",
        "solution.non_goals[120001]",
    ]


def test_a_legitimate_mebibyte_project_is_assessed(tmp_path: Path) -> None:
    """A real project grown to just under 1 MiB is valid and gets a report."""
    path = tmp_path / "big.yaml"
    path.write_bytes(legitimate())
    assert LIMIT - 20_000 < path.stat().st_size <= LIMIT
    assert _validate(path) == (0, [])
    result = CliRunner().invoke(app, ["assess", str(path), "-f", "json", "--as-of", "2026-11-25"])
    assert result.exit_code in (0, 1)
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) == len(builtin_rubrics().checks)


def test_the_legitimate_project_grows_to_the_size_asked() -> None:
    """Larger legitimate projects (for the bench's time per MiB beyond the limit) stay valid."""
    from readiness.loader import load_text
    from readiness.validate import validate_document

    text = legitimate(3 * LIMIT)
    assert 3 * LIMIT - 40_000 < len(text) <= 3 * LIMIT
    assert validate_document(load_text(text, "big.yaml", max_bytes=3 * LIMIT)) == []


def test_citations_are_walked_once_per_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The link check and the facts share one walk of the evidence citations (a 1 MiB project
    has thousands), and the facts see the same citations either way."""
    from datetime import date

    import readiness.citations
    import readiness.facts.common
    from readiness.assess import assess_document
    from readiness.facts import derive_facts
    from readiness.loader import load_file

    walks = []
    walk = readiness.citations.evidence_citations

    def counted(node: Any, pointer: str = "") -> Any:
        walks.append(pointer)
        return walk(node, pointer)

    monkeypatch.setattr(readiness.citations, "evidence_citations", counted)
    monkeypatch.setattr(readiness.facts.common, "evidence_citations", counted)
    sample = Path(__file__).parent.parent / "samples" / "weld-vision-ready.yaml"
    document = load_file(sample)
    rubrics = builtin_rubrics()
    assess_document(document, as_of=date(2026, 11, 25), rubrics=rubrics, base_dir=sample.parent)
    assert len(walks) == 1
    assert document.citations
    shared = derive_facts(
        document.data,
        as_of=date(2026, 11, 25),
        parameters=rubrics.parameters,
        base_dir=sample.parent,
        citations=document.citations,
    )
    own = derive_facts(
        document.data,
        as_of=date(2026, 11, 25),
        parameters=rubrics.parameters,
        base_dir=sample.parent,
    )
    assert shared == own


@pytest.mark.parametrize("many", [False, True])
def test_each_evidence_ref_is_looked_up_once_per_file(
    many: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The facts and the files no report may replace (`evidence_files`) share one lookup of
    each distinct ref, for one file and in a programme run: 16,374 refs were looked up twice."""
    import readiness.facts.common
    from readiness.loader import load_file

    looked: list[str] = []
    standing = readiness.facts.common.ref_standing

    def counted(ref: Any, *args: Any) -> Any:
        looked.append(ref)
        return standing(ref, *args)

    monkeypatch.setattr(readiness.facts.common, "ref_standing", counted)
    sample = Path(__file__).parent.parent / "samples" / "weld-vision-ready.yaml"
    target = tmp_path / "projects" if many else sample
    if many:
        target.mkdir()
        (target / "a.readiness.yaml").write_bytes(sample.read_bytes())
        (target / "evidence").symlink_to(sample.parent / "evidence")
    result = CliRunner().invoke(
        app, ["assess", str(target), "-f", "json", "--as-of", "2026-11-25", "-j", "1"]
    )
    assert result.exit_code in (0, 1), result.output
    refs = [e["ref"] for e in load_file(sample).data["evidence"]]
    assert sorted(looked) == sorted(set(refs))
    assert any(r.startswith("evidence/") for r in refs)


def test_many_waivers_are_kept_whole_in_json_and_capped_for_people(
    files: dict[str, Path],
) -> None:
    """12,166 waivers: JSON lists each; the reports for people print the first 200 and say how
    many more there are (issue 18)."""
    assert len(json.loads(_assess(files["many-waivers"], "json"))["waivers"]) == 12_166
    more = "… and 11,966 more waivers (the JSON report lists them all)"
    terminal = _assess(files["many-waivers"], "terminal")
    assert "Waivers (12166)" in terminal
    assert more in terminal
    assert more in _assess(files["many-waivers"], "markdown")
    assert more in _assess(files["many-waivers"], "html")
    github = _assess(files["many-waivers"], "github")
    assert "more waivers to review (the JSON report lists them all)" in github
    assert len(github.splitlines()) < 400


def test_many_waivers_are_capped_in_a_portfolio_too(files: dict[str, Path], tmp_path: Path) -> None:
    """A programme's Markdown lists a project's first 200 waivers and counts the rest, as the
    single-file report does (it listed all 12,166)."""
    programme = tmp_path / "programme"
    programme.mkdir()
    (programme / "many.readiness.yaml").write_bytes(files["many-waivers"].read_bytes())
    (programme / "weld.readiness.yaml").write_bytes(
        (ROOT / "samples" / "weld-vision-ready.yaml").read_bytes()
    )
    result = CliRunner().invoke(
        app, ["assess", str(programme), "-f", "markdown", "--as-of", "2026-11-25", "-j", "1"]
    )
    assert result.exit_code == 1, result.output
    assert "**Waivers (12166)**" in result.stdout
    assert "- … and 11,966 more waivers (the JSON report lists them all)" in result.stdout
    assert result.stdout.count("approved by") < 300


def test_a_large_evidence_register_is_capped_in_the_annex(files: dict[str, Path]) -> None:
    """16,374 evidence entries, none of whose files exists: each is checked (JSON names every
    missing file), the annex lists 200 entries and the Markdown 200 files, and both say how
    many more."""
    path = files["many-evidence-refs"]
    assert len(json.loads(_assess(path, "json"))["missing_evidence_files"]) == 16_374
    assert "… and 16,174 more entries (the JSON report lists them all)" in _assess(path, "html")
    markdown = _assess(path, "markdown")
    assert "- … and 16,174 more files (the JSON report lists them all)" in markdown
    assert markdown.count("- `evidence/f") == 200


def test_deep_evidence_refs_are_each_checked(files: dict[str, Path]) -> None:
    """Refs 120 folders deep are resolved (each folder once) and found missing, every one."""
    missing = json.loads(_assess(files["deep-evidence-refs"], "json"))["missing_evidence_files"]
    assert len(missing) == 3_891
    assert missing[0] == "a/" * 120 + "0 (e0)"


def test_failing_knowledge_blames_the_first_item(files: dict[str, Path]) -> None:
    """10,916 failing knowledge items: each check is explained at the first item that fails,
    and its message names the first 20 and counts the rest (it was a megabyte)."""
    findings = json.loads(_assess(files["failing-knowledge"], "json"))["findings"]
    pointers = {f["check"]: (f["status"], f["pointer"]) for f in findings}
    assert pointers["KR-02"] == ("fail", "/knowledge/0/holders")
    assert pointers["KR-04"] == ("fail", "/knowledge/0")
    messages = {f["check"]: f["message"] for f in findings}
    for check in ("KR-02", "KR-03", "KR-04", "KR-05"):
        assert messages[check].endswith("; and 10,896 more items like these"), check
        assert "'t00019'" in messages[check]
        assert "'t00020'" not in messages[check]
        assert len(messages[check]) < 3_000


def test_costed_losses_rank_the_gaps(files: dict[str, Path]) -> None:
    """21,832 costed losses: every gap gets its priority (from one table of loss costs)."""
    findings = json.loads(_assess(files["costed-losses"], "json"))["findings"]
    gaps = [f for f in findings if f["status"] in ("fail", "missing")]
    assert gaps
    assert all(f["priority"] > 0 for f in gaps)


def test_costed_losses_are_capped_in_the_loss_trace(files: dict[str, Path]) -> None:
    """The annex's and the Markdown's loss trace list the first 200 losses and say how many
    more the project file holds (21,832 rows were 0.8 s of the annex and most of its pages)."""
    more = "… and 21,632 more losses"
    html = _assess(files["costed-losses"], "html")
    assert f"<tr><td>{more} (the project file lists them all)</td>" in html
    assert html.count("<tr><td>") < 1_000
    markdown = _assess(files["costed-losses"], "markdown")
    assert f"| {more} \\(the project file lists them all\\) |" in markdown


def test_a_long_name_is_cut_in_the_terminal(files: dict[str, Path]) -> None:
    """A name of a million characters prints its first 400 and how many more there are."""
    terminal = _assess(files["long-text"], "terminal", "--no-color")
    assert "… (1,039,600 more characters)" in terminal
    assert len(terminal) < 100_000


def test_thousands_of_globs_find_the_projects(files: dict[str, Path]) -> None:
    """A configuration of 5,001 globs finds the 50 projects its last glob names."""
    result = CliRunner().invoke(
        app,
        ["assess", str(files["many-globs"]), "-f", "json", "--as-of", "2026-11-25"],
    )
    assert result.exit_code in (0, 1), result.output
    assert len(json.loads(result.stdout)["results"]) == 50


@pytest.mark.parametrize(
    "glob",
    [
        "*.readiness.yaml",
        "readiness.yaml",
        "projects/*.yaml",
        "a/**/b.yaml",
        "[ab]?.yml",
        "x/y/z.yaml",
        "*/q/*.yml",
        "./r.yaml",
        "a//b/c.yaml",
        "../up.yaml",
        "[!x]*",
        "/abs.yaml",
    ],
)
def test_the_glob_index_matches_as_purepath_does(glob: str) -> None:
    """The glob index (built once for thousands of globs) agrees with `PurePath.match`."""
    from pathlib import PurePosixPath

    from readiness.discover import GlobSet

    paths = [
        "readiness.yaml",
        "x/readiness.yaml",
        "foo.readiness.yaml",
        "projects/p.yaml",
        "a/projects/p.yaml",
        "projects/x/p.yaml",
        "a/c/b.yaml",
        "a/b.yaml",
        "ab.yml",
        "a/bc.yml",
        "cc.yml",
        "x/y/z.yaml",
        "w/x/y/z.yaml",
        "y/z.yaml",
        "r/q/s.yml",
        "q/s.yml",
        "r/q/t/s.yml",
        "r.yaml",
        "a/b/c.yaml",
        "x/../up.yaml",
        "xx",
        "abs.yaml",
    ]
    one = GlobSet([glob])
    both = GlobSet([glob, "*.yml"])
    for path in map(PurePosixPath, paths):
        assert one.matches(path) == path.match(glob), path
        assert both.matches(path) == (path.match(glob) or path.match("*.yml")), path


def test_more_checks_than_the_packs_may_hold_are_refused(tmp_path: Path) -> None:
    """5,038 checks in one pack (830 KB, within the size limit) are refused before any is read,
    located on the pack's `checks` key, exit 2: every check costs each run a little in every
    stage, and a funder's pack adds a few dozen. Two packs count together."""
    from bench.adversarial import PACK_PROJECT, PACKS, failing_checks_pack
    from readiness.rubric import MAX_PACK_CHECKS

    pack = tmp_path / "pack.yaml"
    pack.write_bytes(PACKS["failing-checks-pack"]())
    arguments = ["assess", str(PACK_PROJECT), "-f", "json", "--as-of", "2026-11-25"]
    result = CliRunner().invoke(app, [*arguments, "--rubrics", str(pack)])
    assert result.exit_code == 2, result.output
    assert (
        f"{pack}:4:1: error: the packs given hold 5,038 checks in all, over the limit of 1,000"
        in (result.stderr)
    )
    assert result.stdout == ""
    half = tmp_path / "half.yaml"
    half.write_bytes(failing_checks_pack(MAX_PACK_CHECKS // 2 + 1).replace(b"hostile", b"other"))
    other = tmp_path / "other.yaml"
    other.write_bytes(failing_checks_pack(MAX_PACK_CHECKS // 2))
    result = CliRunner().invoke(app, [*arguments, "--rubrics", str(other), "--rubrics", str(half)])
    assert result.exit_code == 2, result.output
    assert "the packs given hold 1,001 checks in all" in result.stderr


def test_a_pack_of_a_thousand_failing_checks_gets_a_bounded_path(tmp_path: Path) -> None:
    """As many checks as the packs may hold, all failing (issue 18: 91 s, 512 MB for 5,038 when
    the path's search was quadratic in gaps): the path closes every blocker for conditional,
    then worst first up to the group that reaches ready, and says that the search was bounded."""
    from bench.adversarial import FAILING_SEVERITIES, PACK_PROJECT, PACKS
    from readiness.rubric import MAX_PACK_CHECKS as FAILING_CHECKS

    pack = tmp_path / "pack.yaml"
    pack.write_bytes(PACKS["failing-checks-at-limit"]())
    assert len(pack.read_bytes()) <= LIMIT
    result = CliRunner().invoke(
        app,
        [
            "assess",
            str(PACK_PROJECT),
            "--rubrics",
            str(pack),
            "-f",
            "json",
            "--as-of",
            "2026-11-25",
        ],
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    path = report["path_to_ready"]
    assert report["verdict"] == "not_ready"
    assert path["reachable"]
    assert not path["proven_smallest"]
    count, rest = path["note"].split(" ", 1)
    assert int(count.replace(",", "")) >= FAILING_CHECKS  # the sample's own minor gaps too
    assert rest.startswith("open gaps, more than the 96 searched for the smallest set")
    first, second = path["steps"]
    blockers = {f"HX-{n:05d}" for n in range(FAILING_CHECKS) if n % 4 == 0}
    # Every blocker first (worst first), and as many highs as the verdict rule's short list of
    # conditions needs closed too.
    assert blockers <= set(first["close"])
    assert first["verdict"] == "conditional"
    # Every high, and the medium and low gaps up to the required level 3, hold ready back.
    held = {
        f"HX-{n:05d}"
        for n in range(FAILING_CHECKS)
        if FAILING_SEVERITIES[n % 4] == "high"
        or (FAILING_SEVERITIES[n % 4] != "blocker" and 1 + n % 5 <= 3)
    }
    assert held <= set(first["close"]) | set(second["close"])
    assert (second["verdict"], second["level"]) == ("ready", 3)
    assert len(path["summary"]) < 2_000  # the sentence names 40 ids a step and counts the rest


@pytest.fixture(scope="module")
def failing_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The failing-checks pack at the limit, written once for the module."""
    from bench.adversarial import PACKS

    pack = tmp_path_factory.mktemp("pack") / "pack.yaml"
    pack.write_bytes(PACKS["failing-checks-at-limit"]())
    return pack


def _with_pack(pack: Path, output_format: str) -> tuple[str, str]:
    from bench.adversarial import PACK_PROJECT

    arguments = ["assess", str(PACK_PROJECT), "--rubrics", str(pack), "-f", output_format]
    result = CliRunner().invoke(app, [*arguments, "--as-of", "2026-11-25"])
    assert result.exit_code == 1, result.output
    return result.stdout, result.stderr


@pytest.mark.parametrize("output_format", ["terminal", "markdown", "html"])
def test_a_thousand_failing_checks_are_capped_for_people(
    failing_pack: Path, output_format: str
) -> None:
    """The reports for people list the first 100 gaps of each list, the first 200 pack changes
    and the first 40 ids of the verdict's reason, and say how many more (JSON keeps them all):
    5,038 failing checks were 6,500 lines of terminal report, 5,038 of them pack changes."""
    from readiness.report.caps import GAP_CAP, LIST_CAP
    from readiness.rubric import MAX_PACK_CHECKS
    from readiness.vocabulary import IDS_SHOWN

    report, _ = _with_pack(failing_pack, output_format)
    blockers = [f"HX-{n:05d}" for n in range(0, MAX_PACK_CHECKS, 4)]
    assert f"Fix before the bid or gate ({len(blockers)})" in report
    more_gaps = f"… and {len(blockers) - GAP_CAP:,} more gaps in this list"
    more_changes = (
        f"… and {MAX_PACK_CHECKS + 1 - LIST_CAP:,} more pack changes"  # and the dimension
    )
    ids = f"{', '.join(blockers[:IDS_SHOWN])} and {len(blockers) - IDS_SHOWN:,} more"
    if output_format == "terminal":  # wrapped to 80 columns: compare the words
        words = " ".join(report.split())
        assert more_gaps in words
        assert more_changes in words
        assert f"blockers not met: {ids}" in words
        assert "more gaps closed on their assumption (the JSON report lists them all)" in words
        listed = words.split("Fix before the bid or gate (")[1].split("Fix before scaling")[0]
        assert blockers[GAP_CAP - 1] in listed
        assert blockers[GAP_CAP] not in listed
        assert len(report.splitlines()) < 2_000
    else:
        assert more_gaps in report
        assert more_changes in report or output_format == "html"  # the annex names packs only
        assert ids in report
        assert f"{blockers[GAP_CAP]} ·" not in report


def test_a_thousand_failing_checks_keep_every_gap_in_json(failing_pack: Path) -> None:
    """JSON is for machines: every finding and pack change; the reason and the gate's line on
    stderr name 40 blockers and count the rest."""
    stdout, stderr = _with_pack(failing_pack, "json")
    report = json.loads(stdout)
    failing = [f for f in report["findings"] if f["check"].startswith("HX-")]
    assert len(failing) == 1000
    assert len(report["pack_changes"]) == 1001
    assert report["verdict_reason"].endswith("HX-00156 and 210 more")
    assert "and 210 more" in stderr
    assert len(stderr) < 1_000
