"""The built-in packs' pre-validated form: up to date with rubrics/*.yaml, equal to loading the
YAML, and never used when it was made from other files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import readiness.prevalidated as prevalidated
from readiness.builtin_packs import generate, main
from readiness.cli import app
from readiness.prevalidated import PREVALIDATED, REGENERATE
from readiness.rubric import _prevalidated_builtins, builtin_rubrics, load_rubrics


def test_prevalidated_packs_are_up_to_date() -> None:
    """readiness/builtin_packs.json is what the YAML packs give today. A stale file is only slow
    at run time (the YAML is read instead), so this is where it must fail, in a few words that
    say what changed and what to run rather than a diff of 100 kB of JSON."""
    stale = stale_reason(PREVALIDATED.read_text(encoding="utf-8"), generate())
    if stale:
        pytest.fail(
            f"readiness/builtin_packs.json is stale: {stale}. Run `{REGENERATE}` and commit it.",
            pytrace=False,
        )


def stale_reason(committed: str, current: str) -> str:
    """Why the committed form differs from the one the packs and the code give now ('' if not)."""
    if committed == current:
        return ""
    before = json.loads(committed).get("sources", {})
    after = json.loads(current)["sources"]
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    if changed:
        return f"made from other pack files ({', '.join(changed)} changed)"
    return "the pack files are the same, but readiness now reads them differently"


def test_stale_reason_names_the_pack_that_changed() -> None:
    """The failure above names what changed: a pack file, or the code that reads the packs."""
    current = PREVALIDATED.read_text(encoding="utf-8")
    edited = current.replace('"baseline.yaml": "', '"baseline.yaml": "0')
    assert stale_reason(edited, current) == "made from other pack files (baseline.yaml changed)"
    reread = current.replace('"title": "', '"title": "Old ', 1)
    assert stale_reason(reread, current).startswith("the pack files are the same")
    assert stale_reason(current, current) == ""


def test_a_stale_form_is_said_once_on_standard_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At run time a stale form costs only speed; one line on standard error says why and what to
    run, and standard output is what the YAML gives."""
    stale = tmp_path / "builtin_packs.json"
    stale.write_text(
        PREVALIDATED.read_text(encoding="utf-8").replace(
            '"baseline.yaml": "', '"baseline.yaml": "0'
        ),
        encoding="utf-8",
    )
    expected = CliRunner().invoke(app, ["rubrics"]).stdout
    monkeypatch.setattr(prevalidated, "PREVALIDATED", stale)
    _prevalidated_builtins.cache_clear()
    builtin_rubrics.cache_clear()
    try:
        result = CliRunner().invoke(app, ["rubrics"])
        again = CliRunner().invoke(app, ["rubrics"])
    finally:
        monkeypatch.undo()
        _prevalidated_builtins.cache_clear()
        builtin_rubrics.cache_clear()
    assert result.exit_code == 0
    assert result.stdout == expected
    assert result.stderr == (
        "readiness: note: builtin_packs.json was not made from these rubric packs, so they are "
        f"read from YAML (slower); run `{REGENERATE}`\n"
    )
    assert again.stderr == ""


def test_prevalidated_packs_equal_the_yaml() -> None:
    """Read from JSON or from the YAML, the rubric set is the same, check for check."""
    fast = _prevalidated_builtins()
    assert fast is not None
    assert builtin_rubrics() == fast
    slow = load_rubrics(prevalidated=False)
    assert (fast.dimensions, fast.parameters, fast.packs) == (
        slow.dimensions,
        slow.parameters,
        slow.packs,
    )


def test_a_stale_form_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Made from other YAML (a digest differs), the form is ignored and the YAML is read."""
    stale = tmp_path / "builtin_packs.json"
    stale.write_text(
        PREVALIDATED.read_text(encoding="utf-8").replace(
            '"baseline.yaml": "', '"baseline.yaml": "0'
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(prevalidated, "PREVALIDATED", stale)
    _prevalidated_builtins.cache_clear()
    try:
        assert _prevalidated_builtins() is None
        assert load_rubrics() == load_rubrics(prevalidated=False)
    finally:
        monkeypatch.undo()
        _prevalidated_builtins.cache_clear()


def test_regenerate_command_writes_the_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m readiness.builtin_packs` writes the file and says where."""
    target = tmp_path / "builtin_packs.json"
    monkeypatch.setattr(prevalidated, "PREVALIDATED", target)
    main()
    assert target.read_text(encoding="utf-8") == PREVALIDATED.read_text(encoding="utf-8")
    assert capsys.readouterr().out == f"wrote {target}\n"
