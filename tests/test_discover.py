"""Finding project files: names searched for, order, links, loops, folders that cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness.discover import DEFAULT_GLOBS, discover


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("readiness: 1\n", encoding="utf-8")


def _relative(root: Path, files: tuple[Path, ...]) -> list[str]:
    return [path.relative_to(root).as_posix() for path in files]


@pytest.mark.parametrize(
    ("names", "globs", "expected"),
    [
        (
            ["b/readiness.yaml", "a.readiness.yaml", "a/z.readiness.yml", "a/readiness.yml"],
            DEFAULT_GLOBS,
            ["a/readiness.yml", "a/z.readiness.yml", "a.readiness.yaml", "b/readiness.yaml"],
        ),
        (
            ["a/readiness.yaml", "a/b/x.readiness.yaml", "a-b/readiness.yaml"],
            DEFAULT_GLOBS,
            ["a/b/x.readiness.yaml", "a/readiness.yaml", "a-b/readiness.yaml"],
        ),
        (
            ["project.yaml", "notes.md", "readiness.yaml.bak", "x.readiness.json"],
            DEFAULT_GLOBS,
            [],
        ),
        (
            ["projects/a.yaml", "projects/deep/b.yaml", "other/c.yaml"],
            ("projects/*.yaml",),
            ["projects/a.yaml"],
        ),
        (["p/one.yaml", "p/two.yml"], ("*.yaml",), ["p/one.yaml"]),
        (
            [
                ".git/readiness.yaml",
                "node_modules/x/readiness.yaml",
                ".venv/readiness.yaml",
                "ok/readiness.yaml",
            ],
            DEFAULT_GLOBS,
            ["ok/readiness.yaml"],
        ),
        (  # the configuration is no project, though `*.readiness.yaml` matches its name
            [".readiness.yaml", "a/.readiness.yml", "a/.x.readiness.yaml", "a/readiness.yaml"],
            DEFAULT_GLOBS,
            ["a/readiness.yaml"],
        ),
    ],
)
def test_directories_are_searched_for_the_globs(
    tmp_path: Path, names: list[str], globs: tuple[str, ...], expected: list[str]
) -> None:
    """Matching names anywhere below, sorted by path parts (as `sorted()` orders paths);
    hidden and tool folders are skipped."""
    _tree(tmp_path, names)
    found = discover([tmp_path], globs)
    assert _relative(tmp_path, found.files) == expected


def test_files_given_are_taken_whatever_their_name_and_kept_once(tmp_path: Path) -> None:
    """A named file is assessed even if no glob matches it; the same file twice is one file."""
    _tree(tmp_path, ["plain.yaml", "d/readiness.yaml"])
    found = discover([tmp_path / "plain.yaml", tmp_path / "d", tmp_path / "d" / "readiness.yaml"])
    assert _relative(tmp_path, found.files) == ["plain.yaml", "d/readiness.yaml"]
    assert found.problems == ()


def test_a_missing_path_is_kept_so_reading_it_reports_it(tmp_path: Path) -> None:
    """Discovery does not judge files: `nope.yaml` becomes an input-error row later."""
    found = discover([tmp_path / "nope.yaml"])
    assert found.files == (tmp_path / "nope.yaml",)


def test_an_empty_folder_is_a_warning_that_names_what_was_searched(tmp_path: Path) -> None:
    """Nothing found: say which names were looked for."""
    found = discover([tmp_path])
    assert found.files == ()
    (problem,) = found.problems
    assert problem.severity == "warning"
    assert "readiness.yaml, *.readiness.yaml, readiness.yml, *.readiness.yml" in problem.message
    assert not found.failed


@pytest.mark.parametrize(
    ("names", "hint"),
    [
        (
            [],
            "project files are named readiness.yaml or NAME.readiness.yaml; --glob PATTERN "
            "searches for other names",
        ),
        (
            ["weld.yaml", "press.yaml", "notes.md"],
            "it holds 2 YAML files with other names (press.yaml, …): add --glob '*.yaml' to "
            "take every YAML file below it, or name the ones you mean (FOLDER/*.yaml)",
        ),
        (
            ["packs/cases/funder.yaml", "packs/funder.yml", "weld.yml"],
            "it holds 3 YAML files with other names (packs/cases/funder.yaml, …): add "
            "--glob '*.yaml' --glob '*.yml' to take every YAML file below it, or name the "
            "ones you mean (FOLDER/*.yml)",
        ),
        (
            ["deep/only.yaml"],
            "it holds 1 YAML file with other names (deep/only.yaml): add --glob '*.yaml' to "
            "take every YAML file below it",
        ),
        (
            [".git/hidden.yaml", "node_modules/x.yaml"],
            "project files are named readiness.yaml or NAME.readiness.yaml; --glob PATTERN "
            "searches for other names",
        ),
    ],
)
def test_a_folder_without_project_names_says_how_to_take_its_yaml_files(
    tmp_path: Path, names: list[str], hint: str
) -> None:
    """`readiness assess samples`, whose files are `*.yaml`: the hint suggests `--glob` and
    the shell's own glob, quoted for a folder with a space, and counts only folders searched."""
    folder = tmp_path / "my samples"
    folder.mkdir()
    _tree(folder, names)
    (problem,) = discover([folder]).problems
    assert problem.hint == hint.replace("FOLDER", f"'{folder}'")


def test_a_symlink_loop_is_reported_and_the_search_goes_on(tmp_path: Path) -> None:
    """A link back up the tree is named once; everything else is still found."""
    _tree(tmp_path, ["a/readiness.yaml", "a/b/x.readiness.yaml"])
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a")
    found = discover([tmp_path])
    assert _relative(tmp_path, found.files) == ["a/b/x.readiness.yaml", "a/readiness.yaml"]
    (problem,) = found.problems
    assert problem.file.endswith("a/b/up")
    assert "symlink loop" in problem.message
    assert problem.severity == "warning"


def test_a_linked_folder_is_followed_once(tmp_path: Path) -> None:
    """A programme may link a project folder in; reached twice, it is searched once."""
    _tree(tmp_path, ["elsewhere/readiness.yaml"])
    (tmp_path / "programme").mkdir()
    (tmp_path / "programme" / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "programme" / "linked-again").symlink_to(tmp_path / "elsewhere")
    found = discover([tmp_path / "programme"])
    assert _relative(tmp_path, found.files) == ["programme/linked/readiness.yaml"]
    assert found.problems == ()


def test_a_folder_that_cannot_be_read_is_an_error_not_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unreadable folder is reported (it may hide a project); its siblings are searched."""
    _tree(tmp_path, ["locked/readiness.yaml", "open/readiness.yaml"])
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([tmp_path])
    assert _relative(tmp_path, found.files) == ["open/readiness.yaml"]
    (problem,) = found.problems
    assert problem.severity == "error"
    assert problem.file.endswith("locked")
    assert "Permission denied" in problem.message
    assert found.failed


def test_a_broken_link_with_a_project_name_is_kept(tmp_path: Path) -> None:
    """A dangling `readiness.yaml` link is found, so reading it reports the broken link."""
    (tmp_path / "readiness.yaml").symlink_to(tmp_path / "gone.yaml")
    found = discover([tmp_path])
    assert found.files == (tmp_path / "readiness.yaml",)
