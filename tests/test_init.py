"""`readiness init`: a commented starting file that validates, assesses and explains itself."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from readiness.assess import assess_document, assess_path
from readiness.cli import app
from readiness.loader import load_file, load_text
from readiness.report.escape import strip_control
from readiness.rubric import builtin_rubrics
from readiness.schemas import load_schema, schema_text
from readiness.starter import (
    EXAMPLE_FILE,
    StarterAnswers,
    TeamMember,
    default_answers,
    examples,
    parse_team,
    section_names,
    slug,
    starter_lines,
    starter_text,
    uncommented,
    yaml_string,
)
from readiness.validate import validate_document

from .conftest import ROOT

AS_OF = date(2026, 11, 25)


def _init(runner: CliRunner, *args: str, answers: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["init", *args], input=answers)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_file_that_validates_and_assesses_not_ready(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The starting file is valid as written, and every gap it gets says what to add."""
    path = tmp_path / "my.yaml"
    code, out, _ = _init(runner, str(path))
    assert code == 0
    assert f"next: readiness assess {path}" in out
    assert validate_document(load_file(path)) == []
    assessment = assess_path(path, as_of=AS_OF)
    assert assessment.verdict == "not_ready"
    assert assessment.gaps
    assert {gap.status for gap in assessment.gaps} == {"missing"}
    assert all(gap.remediation.startswith("add ") for gap in assessment.gaps), [
        gap.remediation for gap in assessment.gaps if not gap.remediation.startswith("add ")
    ]


def test_the_schema_comment_comes_first_and_the_schema_is_written_beside(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The first line points editors at project.schema.json, which init writes beside."""
    path = tmp_path / "press.readiness.yaml"
    _init(runner, str(path))
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./project.schema.json"
    assert (tmp_path / "project.schema.json").read_text(encoding="utf-8") == schema_text("project")
    assert load_file(path).data["project"]["id"] == "press"


def test_every_section_of_the_format_is_explained_with_an_example() -> None:
    """Each top-level key of the project schema has its explanation and an example in the file;
    a new section in the schema fails here until starter-example.yaml shows it."""
    text = starter_text(default_answers("my"), "my.yaml")
    schema = load_schema("project")
    for name in section_names():
        assert name in examples(), f"add an example of '{name}' to readiness/{EXAMPLE_FILE}"
        assert f"# ── {name} ─" in text
        assert f"\n# {name}:" in text or f"\n{name}:" in text
        description = schema["properties"][name]["description"]
        assert " ".join(description.split()[:4]) in " ".join(text.split())
    assert set(examples()) <= set(schema["properties"])


def test_uncommenting_every_example_gives_a_valid_project() -> None:
    """Remove every `# ` an example carries (as an editor's toggle-comment does): valid, and
    it assesses."""
    text = uncommented(starter_lines(default_answers("my"), "my.yaml"))
    document = load_text(text, "uncommented.yaml")
    assert validate_document(document) == []
    assert set(section_names()) <= set(document.data)
    assessment = assess_document(document, as_of=AS_OF, rubrics=builtin_rubrics())
    assert assessment.verdict in ("ready", "conditional", "not_ready")


def test_the_packaged_example_file_is_a_valid_project() -> None:
    """starter-example.yaml is itself a project file, checked like one."""
    assert validate_document(load_file(ROOT / "readiness" / EXAMPLE_FILE)) == []


@pytest.mark.parametrize("stem", ["2026", "0x1f", "1e3", "007"])
def test_a_file_named_like_a_number_gets_an_id_that_stays_text(
    runner: CliRunner, tmp_path: Path, stem: str
) -> None:
    """The id is made from the file's name; `2026.readiness.yaml` must not give `id: 2026`."""
    path = tmp_path / f"{stem}.readiness.yaml"
    code, _, _ = _init(runner, str(path))
    assert code == 0
    document = load_file(path)
    assert isinstance(document.data["project"]["id"], str)
    assert validate_document(document) == []


def test_init_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    """An existing file is kept (exit 2, one line saying what to do); --force replaces it."""
    path = tmp_path / "my.yaml"
    path.write_text("readiness: 1\nproject: {id: keep, name: Keep me}\n", encoding="utf-8")
    code, _, err = _init(runner, str(path))
    assert code == 2
    assert err == f"error: {path} exists; pass --force to overwrite it\n"
    assert "Keep me" in path.read_text(encoding="utf-8")
    code, _, _ = _init(runner, str(path), "--force")
    assert code == 0
    assert "Keep me" not in path.read_text(encoding="utf-8")


def test_an_existing_schema_file_is_kept_unless_forced(runner: CliRunner, tmp_path: Path) -> None:
    """A project.schema.json already beside is the user's: init leaves it alone."""
    (tmp_path / "project.schema.json").write_text("{}", encoding="utf-8")
    code, out, _ = _init(runner, str(tmp_path / "a.yaml"))
    assert code == 0
    assert "project.schema.json" not in out
    assert (tmp_path / "project.schema.json").read_text(encoding="utf-8") == "{}"


def test_a_folder_gets_readiness_yaml(runner: CliRunner, tmp_path: Path) -> None:
    """`readiness init projects/press-b` writes projects/press-b/readiness.yaml, the name
    `assess` and `validate` look for in a folder."""
    code, _, _ = _init(runner, str(tmp_path))
    assert code == 0
    document = load_file(tmp_path / "readiness.yaml")
    assert document.data["project"] == {"id": "my-project", "name": "My project"}


def test_an_unwritable_place_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    """A folder that does not exist: exit 2, one line, nothing written."""
    code, _, err = _init(runner, str(tmp_path / "missing" / "my.yaml"))
    assert code == 2
    assert err.startswith("error: cannot write ")
    assert not (tmp_path / "missing").exists()


def test_interactive_answers_are_filled_in(runner: CliRunner, tmp_path: Path) -> None:
    """Name, id, sector, stage, the main loss and its yearly cost, and the team become live
    lines; a wrong id, cost or team is asked again."""
    path = tmp_path / "press.yaml"
    answers = "\n".join(
        [
            'Press line B: "misfeeds" #1',
            "Press B",  # not an id: asked again
            "",  # take the suggested id
            "automotive",
            "pilot",
            "Misfeeds stop the press",
            "a lot",  # not a number: asked again
            "786,000",
            "operations one",  # not an FTE: asked again
            "operations 1, maintenance 0.5",
        ]
    )
    code, out, _ = _init(runner, "--interactive", str(path), answers=answers + "\n")
    assert code == 0, out
    assert "is not a number" in out
    assert "is not a number of FTE" in out
    data = load_file(path).data
    assert data["project"] == {
        "id": "press-line-b-misfeeds-1",
        "name": 'Press line B: "misfeeds" #1',
        "sector": "automotive",
        "stage": "pilot",
    }
    assert data["baseline"]["losses"] == [
        {
            "id": "misfeeds-stop-the-press",
            "description": "Misfeeds stop the press",
            "annual_cost": 786000,
        }
    ]
    assert data["people"]["team"] == [
        {"function": "operations", "fte": 1},
        {"function": "maintenance", "fte": 0.5},
    ]
    assessment = assess_path(path, as_of=AS_OF)
    assert assessment.verdict == "not_ready"


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("Línea de prensa «B»", "linea-de-prensa-b"),
        ("Straße 5 \u2013 Øresund", "strasse-5-oresund"),
        ("Łódź Œuvre №3", "lodz-oeuvre-no3"),
        ("Fräs-Zelle ÆRØ", "fras-zelle-aero"),
    ],
)
def test_interactive_suggests_an_id_with_accents_folded(
    runner: CliRunner, tmp_path: Path, name: str, suggested: str
) -> None:
    """The suggested id spells accented and other non-English letters as their ASCII base
    letters, as slug libraries do, instead of cutting the word at them (`l-nea-de-prensa-b`)."""
    path = tmp_path / "p.yaml"
    code, out, _ = _init(runner, "--interactive", str(path), answers=f"{name}\n\n" + "\n" * 8)
    assert code == 0, out
    assert f"Project id ({suggested})" in out
    project = load_file(path).data["project"]
    assert (project["id"], project["name"]) == (suggested, name)


def test_interactive_skips_what_is_left_empty(runner: CliRunner, tmp_path: Path) -> None:
    """Enter on the optional questions leaves those sections as examples."""
    path = tmp_path / "p.yaml"
    code, _, _ = _init(runner, "-i", str(path), answers="Paint shop\n\n\n\n\n\n")
    assert code == 0
    data = load_file(path).data
    assert data["project"]["sector"] == "general"
    assert "baseline" not in data
    assert "people" not in data


def test_interactive_end_of_input_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    """Input that ends mid-way: exit 2, a line saying so, no file."""
    path = tmp_path / "p.yaml"
    code, _, err = _init(runner, "-i", str(path), answers="Paint shop\n")
    assert code == 2
    assert "end of input" in err
    assert not path.exists()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_interactive_on_a_real_terminal(tmp_path: Path) -> None:
    """The Rich prompts on a pseudo-terminal, answered as a person types them."""
    import pty

    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "readiness", "init", "-i", "tty.yaml"],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
        env={**os.environ, "TERM": "dumb", "NO_COLOR": "1"},
    )
    os.close(child)
    seen = b""

    def wait_for(text: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 20
        while text not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(main, 4096)
                except OSError:
                    break
        assert text in seen, seen.decode(errors="replace")

    for prompt, answer in [
        (b"Project name", "Press line B"),
        (b"Project id", ""),
        (b"Sector", "automotive"),
        (b"Stage", "pilot"),
        (b"main loss", "Misfeeds"),
        (b"yearly cost", "120000"),
        (b"team", "operations 1"),
    ]:
        wait_for(prompt)
        os.write(main, answer.encode() + b"\r")
    wait_for(b"next: readiness assess tty.yaml")
    assert process.wait(timeout=20) == 0
    os.close(main)
    data = load_file(tmp_path / "tty.yaml").data
    assert data["project"]["id"] == "press-line-b"
    assert data["baseline"]["losses"][0]["annual_cost"] == 120000


def test_parse_team_table() -> None:
    """Functions and FTE, separated by commas or semicolons; errors name the part."""
    assert parse_team("") == ()
    assert parse_team("IT 0.2; ot 1") == (TeamMember("it", 0.2), TeamMember("ot", 1.0))
    for text, message in [
        ("operations", "write a function and its FTE"),
        ("sales 1", "'sales' is not a function"),
        ("it lots", "not a number of FTE"),
        ("it -1", "FTE is a number from 0 up"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_team(text)


@given(st.text(max_size=60))
@example("1000000000000001")  # a loss id made of digits alone once loaded as a number
@example("2026")
def test_any_name_round_trips_through_the_file(name: str) -> None:
    """Whatever a user types as the name is written so it loads back as the same text
    (control characters removed); a name never breaks the file."""
    answers = StarterAnswers(id=slug(name, "p"), name=name or "x", loss=name or None)
    document = load_text(starter_text(answers, "p.yaml"), "p.yaml")
    expected = strip_control(name or "x")
    assert document.data["project"]["name"] == expected
    assert yaml_string(name) == yaml_string(strip_control(name))
    if name:
        assert document.data["baseline"]["losses"][0]["description"] == strip_control(name)
    assert json.dumps(document.data)
