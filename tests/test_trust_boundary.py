"""What a pull request cannot reach: paths named to a command that lead, through a link, out of
the repository they are named in are refused, located, and never read nor quoted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness.cli import app

from .conftest import SAMPLES

PLANTED = "ghp_secret_token_0123456789"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (the pull request's checkout) and, beside it, a folder that is not its:
    a credentials file shaped like a project, so that reading it would quote the token."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "creds.readiness.yaml").write_text(f"project:\n  id: {PLANTED}\n", "utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copy(SAMPLES / "weld-vision-ready.yaml", repo / "weld.readiness.yaml")
    shutil.copytree(SAMPLES / "evidence", repo / "evidence")
    monkeypatch.chdir(repo)
    return repo


def _assess(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["assess", *args, "--as-of", "2026-11-25", "-f", "github"])
    return result.exit_code, result.output


def test_a_folder_replaced_by_a_link_out_of_the_repository_is_refused(repository: Path) -> None:
    (repository / "projects").symlink_to(repository.parent / "outside")
    code, output = _assess("projects")
    assert code == 2
    assert "projects:" in output
    assert "a link out of the repository" in output
    assert PLANTED not in output


def test_a_project_file_that_is_a_link_out_of_the_repository_is_refused(
    repository: Path,
) -> None:
    (repository / "p.readiness.yaml").symlink_to(
        repository.parent / "outside" / "creds.readiness.yaml"
    )
    code, output = _assess("p.readiness.yaml")
    assert code == 2
    assert "p.readiness.yaml:" in output
    assert PLANTED not in output
    code, output = _assess("weld.readiness.yaml", "p.readiness.yaml")
    assert code == 2
    assert PLANTED not in output


def test_a_path_below_a_link_out_of_the_repository_is_refused(repository: Path) -> None:
    """Even when the link is to another repository (it has a `.git` of its own)."""
    (repository.parent / "outside" / ".git").mkdir()
    (repository / "projects").symlink_to(repository.parent / "outside")
    code, output = _assess("projects/creds.readiness.yaml")
    assert code == 2
    assert PLANTED not in output


def test_links_inside_the_repository_and_files_named_outside_it_are_read(
    repository: Path,
) -> None:
    (repository / "linked.readiness.yaml").symlink_to(repository / "weld.readiness.yaml")
    code, output = _assess("linked.readiness.yaml")
    assert code == 0, output
    code, output = _assess(str(repository.parent / "outside" / "creds.readiness.yaml"))
    assert "a link out of the repository" not in output
    assert os.path.isabs(str(repository))


@pytest.mark.parametrize("assessed", ["weld.readiness.yaml", "."])
def test_a_report_is_not_written_through_a_folder_link_out_of_the_repository(
    repository: Path, assessed: str
) -> None:
    (repository / "reports").symlink_to(repository.parent / "outside")
    code, output = _assess(assessed, "-o", "markdown=reports/readiness.md")
    assert code == 2
    assert "its folder is a link out of the repository" in output
    assert not (repository.parent / "outside" / "readiness.md").exists()


def test_a_report_never_replaces_the_baseline_or_configuration_in_force(repository: Path) -> None:
    runner = CliRunner()
    saved = runner.invoke(
        app, ["baseline", "save", "weld.readiness.yaml", "--as-of", "2026-11-25", "-o", "b.json"]
    )
    assert saved.exit_code == 0, saved.output
    before = (repository / "b.json").read_bytes()
    code, output = _assess("weld.readiness.yaml", "--baseline", "b.json", "-o", "json=b.json")
    assert code == 2
    assert "it is an input of this run" in output
    assert (repository / "b.json").read_bytes() == before
    (repository / ".readiness.yaml").write_text("as_of: 2026-11-25\n", "utf-8")
    for target in ("json=.readiness.yaml", "json=./.readiness.yaml"):
        code, output = _assess("weld.readiness.yaml", "-o", target)
        assert code == 2, output
        assert (repository / ".readiness.yaml").read_text("utf-8") == "as_of: 2026-11-25\n"


def test_a_report_never_replaces_the_evidence_a_project_cites(repository: Path) -> None:
    evidence = repository / "evidence" / "loss-costing-hall-a.md"
    before = evidence.read_bytes()
    code, output = _assess("weld.readiness.yaml", "-o", f"markdown={evidence}")
    assert code == 2
    assert "it is an input of this run" in output
    assert evidence.read_bytes() == before


def test_a_programme_report_never_replaces_the_evidence_a_project_cites(
    repository: Path,
) -> None:
    """The same over a folder of projects (a portfolio run): the evidence each project cites
    is found while it is assessed, and a report over one is refused before any is written."""
    shutil.copy(SAMPLES / "packaging-oee-conditional.yaml", repository / "pack.readiness.yaml")
    evidence = repository / "evidence" / "loss-costing-hall-a.md"
    before = evidence.read_bytes()
    other = repository / "portfolio.json"
    code, output = _assess(".", "-o", f"json={other}", "-o", f"markdown={evidence}")
    assert code == 2
    assert "refusing to write" in output
    assert "it is an input of this run" in output
    assert evidence.read_bytes() == before
    assert not other.exists()  # all reports or none
    assert sorted(p.name for p in repository.iterdir() if p.name.startswith(".")) == [".git"]
