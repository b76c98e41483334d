"""Outputs never destroy input: `-o` targets are checked before anything is written, written
all or none, keep an existing file's mode, and every error names the user's own path."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from readiness import output
from readiness.cli import app
from readiness.output import OutputError, UsageError, parse_target, write_files
from readiness.report import FORMATTERS, Format, extension_formats

from .conftest import SAMPLES

AS_OF = "2026-11-25"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a ready sample in an empty working folder."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "project.yaml"
    shutil.copy(SAMPLES / "weld-vision-ready.yaml", target)
    return target


def _assess(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["assess", "project.yaml", "--as-of", AS_OF, *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "target", ["project.yaml", "json=project.yaml", "markdown=./project.yaml", "sarif=link.yaml"]
)
def test_an_input_file_is_never_overwritten(project: Path, target: str) -> None:
    """`-o project.yaml` (however spelt, or through a symlink) is refused; the project is intact."""
    (project.parent / "link.yaml").symlink_to(project.name)
    before = project.read_bytes()
    code, out, err = _assess("-o", target)
    assert code == 2
    assert out == ""
    path = Path(target.partition("=")[2] or target)
    if target == "project.yaml":  # no format from the extension: a usage error first
        assert "'.yaml' names no format" in err
    else:
        assert f"refusing to write '{path}': it is an input of this run" in err
    assert project.read_bytes() == before


def test_a_rubric_pack_is_an_input_too(project: Path) -> None:
    """A pack given with --rubrics (or one in a folder given) cannot be a report target."""
    packs = project.parent / "packs"
    packs.mkdir()
    pack = packs / "extra.yaml"
    pack.write_text("pack: extra\nversion: 1\ndisable: [OE-06]\n", encoding="utf-8")
    for rubrics in (str(pack), str(packs)):
        code, _, err = _assess("--rubrics", rubrics, "-o", "json=packs/extra.yaml")
        assert code == 2
        assert "refusing to write 'packs/extra.yaml'" in err
    assert pack.read_text(encoding="utf-8").startswith("pack: extra")


def test_every_target_is_checked_before_any_is_written(project: Path) -> None:
    """`-o a.json -o nodir/b.json` writes nothing, and names the missing folder."""
    code, out, err = _assess("-o", "a.json", "-o", "nodir/b.json")
    assert code == 2
    assert out == ""
    assert err.strip() == "error: cannot write 'nodir/b.json': the folder 'nodir' does not exist"
    assert _files(project.parent) == ["project.yaml"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-o", "a.json", "-o", "sub/../a.json"], "'sub/../a.json' is named twice as an output"),
        (["-o", "r.md", "--chart", "r.md"], "'r.md' is named twice as an output"),
        (["-o", "json=sub"], "cannot write 'sub': it is a folder"),
        (["-o", "json=file.txt/r.json"], "the folder 'file.txt' is not a folder"),
    ],
)
def test_impossible_targets_are_refused_up_front(
    project: Path, args: list[str], words: str
) -> None:
    """Targets named twice, folders, and files under a file are refused before writing."""
    (project.parent / "sub").mkdir()
    (project.parent / "file.txt").write_text("x", encoding="utf-8")
    code, _, err = _assess(*args)
    assert code == 2
    assert words in err
    assert _files(project.parent) == ["file.txt", "project.yaml", "sub"]


def test_an_existing_report_keeps_its_mode(project: Path) -> None:
    """A 0600 report stays 0600 when rewritten; a new report gets the umask's usual mode."""
    private = project.parent / "private.json"
    private.write_text("{}", encoding="utf-8")
    private.chmod(0o600)
    code, _, _ = _assess("-o", "private.json", "-o", "fresh.json")
    assert code == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text(encoding="utf-8").startswith("{\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((project.parent / "fresh.json").stat().st_mode) == 0o666 & ~umask


def test_a_symlink_target_is_replaced_not_written_through(project: Path) -> None:
    """In a CI checkout a link may point anywhere: the report replaces the link itself."""
    elsewhere = project.parent / "elsewhere.txt"
    elsewhere.write_text("keep me", encoding="utf-8")
    (project.parent / "r.json").symlink_to(elsewhere.name)
    code, _, _ = _assess("-o", "r.json")
    assert code == 0
    assert not (project.parent / "r.json").is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == "keep me"


def test_a_read_only_report_or_folder_is_named(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission problems name the user's path, not a temporary file (access is faked, so the
    test means the same when it runs as root, who may write anywhere)."""
    (project.parent / "locked").mkdir()
    (project.parent / "read-only.json").write_text("{}", encoding="utf-8")
    denied = {"locked", "read-only.json"}
    monkeypatch.setattr(output.os, "access", lambda path, mode: Path(path).name not in denied)
    code, _, err = _assess("-o", "locked/r.json")
    assert (code, err.strip()) == (
        2,
        "error: cannot write 'locked/r.json': no permission to create files in 'locked'",
    )
    code, _, err = _assess("-o", "read-only.json")
    assert (code, err.strip()) == (2, "error: cannot write 'read-only.json': the file is read-only")


def test_a_failed_write_names_the_path_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up while staging the second file leaves the first file untouched
    and no temporary files; the error names the user's path, never the temporary one."""
    first = tmp_path / "a.json"
    first.write_text("old", encoding="utf-8")
    real_stage = output._stage
    calls: list[Path] = []

    def stage(path: Path, text: str) -> str:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path.parent / ".b.json.x1y2.tmp"))
        return real_stage(path, text)

    monkeypatch.setattr(output, "_stage", stage)
    with pytest.raises(OutputError) as caught:
        write_files([(first, "new"), (tmp_path / "b.json", "new")])
    assert str(caught.value) == f"cannot write '{tmp_path / 'b.json'}': No space left on device"
    assert first.read_text(encoding="utf-8") == "old"
    assert _files(tmp_path) == ["a.json"]


def test_a_failed_rename_cleans_up_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If a rename fails, the files not yet renamed leave no temporaries behind."""
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        if Path(target).name == "b.json":
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(OutputError, match=r"cannot write '.*b\.json': Input/output error"):
        write_files([(tmp_path / "a.json", "a"), (tmp_path / "b.json", "b"), (tmp_path / "c", "c")])
    assert _files(tmp_path) == ["a.json"]


@pytest.mark.parametrize("value", ["report.txt", "report.yaml", "report", "r.JSONL"])
def test_an_unknown_extension_is_a_usage_error_naming_the_formats(
    project: Path, value: str
) -> None:
    """`-o report.txt` is not silently terminal text: exit 2, naming extensions and formats."""
    code, out, err = _assess("-o", value)
    assert code == 2
    assert out == ""
    assert f"cannot tell the format of '{value}'" in err
    assert ".md" in err
    assert "FORMAT one of terminal, markdown, json, sarif, junit, github" in " ".join(err.split())
    assert _files(project.parent) == ["project.yaml"]


def test_extensions_come_from_the_format_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A format registered with an extension is chosen by it, with no CLI change."""
    assert extension_formats() == {
        ".md": "markdown",
        ".markdown": "markdown",
        ".json": "json",
        ".sarif": "sarif",
        ".xml": "junit",
        ".html": "html",
        ".htm": "html",
    }
    monkeypatch.setitem(FORMATTERS, "fancy", Format("readiness.report.json_result", (".fancy",)))
    assert parse_target("out/r.FANCY") == ("fancy", Path("out/r.FANCY"))
    assert parse_target("fancy=r.anything") == ("fancy", Path("r.anything"))
    with pytest.raises(UsageError, match="unknown format 'pdf'"):
        parse_target("pdf=r.pdf")
