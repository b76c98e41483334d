"""The built-in packs' pre-validated form: up to date with rubrics/*.yaml, equal to loading the
YAML, and never used when it was made from other files."""

from __future__ import annotations

from pathlib import Path

import pytest

import readiness.builtin_packs as prevalidated
from readiness.builtin_packs import PREVALIDATED, REGENERATE, generate
from readiness.rubric import _prevalidated_builtins, builtin_rubrics, load_rubrics


def test_prevalidated_packs_are_up_to_date() -> None:
    """readiness/builtin_packs.json is what the YAML packs give today."""
    assert PREVALIDATED.read_text(encoding="utf-8") == generate(), (
        f"readiness/builtin_packs.json is stale after a change to rubrics/*.yaml: run "
        f"`{REGENERATE}` and commit the file"
    )


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
    prevalidated.main()
    assert target.read_text(encoding="utf-8") == PREVALIDATED.read_text(encoding="utf-8")
    assert capsys.readouterr().out == f"wrote {target}\n"
