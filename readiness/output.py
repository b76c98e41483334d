"""Writing reports: which files one run writes, checked before any is written, then written
atomically (a temporary file beside each, then a rename).

Outputs never destroy input: a target that is one of the run's input files is refused, every
target is checked (its folder exists and is writable, it is not a folder, not named twice)
before the first byte is written, and the files are staged together and renamed together, so a
run that cannot write one report writes none. An existing report keeps its permissions. Every
error names the path the user gave, never a temporary file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from readiness.model import Assessment
from readiness.record import Record

__all__ = [
    "OutputError",
    "ReportPlan",
    "StagedReport",
    "UsageError",
    "check_targets",
    "commit_reports",
    "parse_target",
    "plan_reports",
    "render_report",
    "stage_reports",
    "write_files",
    "write_reports",
]


class OutputError(Exception):
    """A report cannot be written where asked (exit 2); the message names the user's path."""


class UsageError(ValueError):
    """An `-o` value the CLI cannot understand (an unknown format or extension)."""


def parse_target(value: str) -> tuple[str, Path]:
    """`FORMAT=PATH`, or `PATH` whose extension names the format (from the format registry).

    An extension no format claims (`.txt`, `.yaml`, none at all) is a usage error naming the
    formats, rather than a silent guess: `-o notes.yaml` must not quietly write terminal text.
    """
    from readiness.report import FORMATTERS, extension_formats
    from readiness.report.escape import neutralise_commands, plain_line

    def shown(text: str) -> str:
        # The value may come from a configuration's `outputs`: echoed in a usage error, it
        # must neither break the line nor start a workflow command in a CI log.
        return neutralise_commands(plain_line(text))

    name, sep, rest = value.partition("=")
    if sep and name in FORMATTERS:
        if not rest:
            msg = f"'{shown(value)}' names no file: write {name}=PATH"
            raise UsageError(msg)
        return name, Path(rest)
    formats = ", ".join(FORMATTERS)
    if sep and "/" not in name and "\\" not in name and "." not in name:
        msg = f"unknown format '{shown(name)}' in '{shown(value)}' (one of {formats})"
        raise UsageError(msg)
    target = Path(value)
    by_extension = extension_formats()
    found = by_extension.get(target.suffix.lower())
    if found is None:
        known = " ".join(sorted(by_extension))
        what = (
            f"the extension '{shown(target.suffix)}'"
            if target.suffix
            else "a file without extension"
        )
        msg = (
            f"cannot tell the format of '{shown(value)}': {what} names no format; use one of "
            f"{known}, "
            f"or write FORMAT=PATH with FORMAT one of {formats}"
        )
        raise UsageError(msg)
    return found, target


class ReportPlan(Record):
    """The reports of one run: (format, path) targets and where the radar chart goes."""

    targets: tuple[tuple[str, Path], ...]
    chart: Path | None

    def chart_href(self, report: Path | None = None) -> str | None:
        """How a Markdown report written to `report` (None: printed, read from the current
        folder) refers to the chart: a path relative to the report, never an absolute one."""
        if self.chart is None:
            return None
        folder = os.path.abspath(report.parent if report is not None else os.curdir)
        try:
            return os.path.relpath(os.path.abspath(self.chart), folder)
        except ValueError:  # on another drive
            return self.chart.name

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every file this plan writes, reports then chart."""
        paths = tuple(path for _, path in self.targets)
        return paths + ((self.chart,) if self.chart is not None else ())


def plan_reports(
    targets: Sequence[tuple[str, Path]], chart: Path | None, inputs: Iterable[Path] = ()
) -> ReportPlan:
    """The chart goes where asked, else beside the first Markdown report (report.md → .svg).

    Every target is checked against `inputs` (the files the run reads) and the file system
    before anything is assessed or written; an `OutputError` says what is wrong with which.
    """
    if chart is None:
        chart = next((p.with_suffix(".svg") for name, p in targets if name == "markdown"), None)
    plan = ReportPlan(tuple(targets), chart)
    check_targets(plan.paths, inputs)
    return plan


def _input_files(inputs: Iterable[Path]) -> list[Path]:
    """The input files: folders (of rubric packs) stand for the YAML files inside them."""
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            files += [p for p in sorted(path.iterdir()) if p.suffix in (".yaml", ".yml")]
        else:
            files.append(path)
    return files


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _key(path: Path) -> str:
    """A path's identity for spotting a target named twice (`a.json`, `./a.json`)."""
    return os.path.normcase(os.path.abspath(path))


def check_targets(paths: Iterable[Path], inputs: Iterable[Path] = ()) -> None:
    """Refuse, naming the path, any target that would destroy input, cannot be written, or
    would be written through a folder link out of the repository it is named in."""
    from readiness.repository import link_out

    input_files = _input_files(inputs)
    seen: set[str] = set()
    for path in paths:
        key = _key(path)
        if key in seen:
            msg = f"'{path}' is named twice as an output of this run"
            raise OutputError(msg)
        seen.add(key)
        if any(_same_file(path, source) for source in input_files):
            msg = (
                f"refusing to write '{path}': it is an input of this run and the report would "
                "replace it; choose another file name"
            )
            raise OutputError(msg)
        folder = path.parent
        if repository := link_out(folder):
            msg = (
                f"cannot write '{path}': its folder is a link out of the repository "
                f"({repository}) to {os.path.realpath(folder)}"
            )
            raise OutputError(msg)
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            msg = f"cannot write '{path}': the folder '{folder}' {what}"
            raise OutputError(msg)
        if path.is_dir():
            msg = f"cannot write '{path}': it is a folder"
            raise OutputError(msg)
        if not os.access(folder, os.W_OK | os.X_OK):
            msg = f"cannot write '{path}': no permission to create files in '{folder}'"
            raise OutputError(msg)
        if path.exists() and not path.is_symlink() and not os.access(path, os.W_OK):
            msg = f"cannot write '{path}': the file is read-only"
            raise OutputError(msg)


def render_report(
    name: str, assessment: Assessment, plan: ReportPlan, target: Path | None = None
) -> str:
    """One report, for the file `target` (None: standard output); the terminal format at 80
    columns, without colour. A Markdown report's links are relative to where it is written."""
    if name == "markdown":
        from readiness.report.markdown import render_with_chart

        folder = str(target.parent) if target is not None else None
        return render_with_chart(assessment, plan.chart_href(target), folder=folder)
    from readiness.report import render

    return render(name, assessment)


def write_reports(assessment: Assessment, plan: ReportPlan) -> None:
    """Render every report first, then write them together: a rendering or writing problem
    leaves nothing written, and a reader never sees half a file."""
    files = [(path, render_report(name, assessment, plan, path)) for name, path in plan.targets]
    if plan.chart is not None:
        from readiness.report.chart import render_svg

        files.append((plan.chart, render_svg(assessment)))
    write_files(files)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _mode_for(path: Path) -> int:
    """An existing regular file keeps its permission bits; a new one gets 0666 under the umask.

    A symbolic link at the path is replaced by the report, never written through: in a CI
    checkout the link may point anywhere the pull request's author likes.
    """
    try:
        status = path.lstat()
    except OSError:
        return _new_file_mode()
    if stat.S_ISREG(status.st_mode):
        return stat.S_IMODE(status.st_mode)
    return _new_file_mode()


class StagedReport:
    """A report staged in a temporary file beside its target, written in as many pieces as the
    caller likes (a portfolio streams a project at a time), renamed into place by `commit`.

    Raises OSError when the temporary file cannot be made; `discard` removes it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        import tempfile  # only where a report is written to a file

        directory = path.parent if str(path.parent) else Path()
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        self.temporary = Path(temporary)
        try:
            os.fchmod(handle, _mode_for(path))
            self._stream = os.fdopen(handle, "w", encoding="utf-8", errors="replace", newline="\n")
        except BaseException:
            os.close(handle)
            self.temporary.unlink(missing_ok=True)
            raise

    def write(self, text: str) -> int:
        """Append text to the staged file."""
        return self._stream.write(text)

    def finish(self) -> None:
        """Flush the staged file to disk and close it, ready to be renamed."""
        if not self._stream.closed:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()

    def discard(self) -> None:
        """Remove the staged file; the target keeps what it had."""
        self._stream.close()
        self.temporary.unlink(missing_ok=True)


def _stage(path: Path, text: str) -> StagedReport:
    """Write `text` to a temporary file beside `path`."""
    report = StagedReport(path)
    try:
        report.write(text)
        report.finish()
    except BaseException:
        report.discard()
        raise
    return report


def stage_reports(paths: Sequence[Path]) -> list[StagedReport]:
    """A staged report for each path, or `OutputError` naming the path that cannot be written
    (and none staged). Check the targets with `check_targets` first."""
    staged: list[StagedReport] = []
    try:
        for path in paths:
            try:
                staged.append(StagedReport(path))
            except OSError as error:
                reason = error.strerror or str(error)
                msg = f"cannot write '{path}': {reason}"
                raise OutputError(msg) from None
    except BaseException:
        for report in staged:
            report.discard()
        raise
    return staged


def commit_reports(staged: Sequence[StagedReport]) -> None:
    """Finish every staged report, then rename them all into place: all or, on an error
    (`OutputError` naming the user's path), none that were not renamed yet."""
    pending = list(staged)
    try:
        for report in pending:
            try:
                report.finish()
            except OSError as error:
                reason = error.strerror or str(error)
                msg = f"cannot write '{report.path}': {reason}"
                raise OutputError(msg) from None
        while pending:
            report = pending[0]
            try:
                os.replace(report.temporary, report.path)
            except OSError as error:
                reason = error.strerror or str(error)
                msg = f"cannot write '{report.path}': {reason}"
                raise OutputError(msg) from None
            pending.pop(0)
    finally:
        for report in pending:
            report.discard()


def write_streamed(path: Path, pieces: Iterable[str]) -> None:
    """Write one file from its pieces as they come, atomically: staged beside it, renamed into
    place when all are written (`OutputError` naming the path, and nothing written, else)."""
    (report,) = stage_reports([path])
    try:
        for piece in pieces:
            report.write(piece)
    except OSError as error:
        report.discard()
        msg = f"cannot write '{path}': {error.strerror or error}"
        raise OutputError(msg) from None
    except BaseException:
        report.discard()
        raise
    commit_reports([report])


def write_files(files: Sequence[tuple[Path, str]]) -> None:
    """Write every file or none: stage each beside its target, then rename them all.

    Raises `OutputError` naming the user's path (not the temporary file) when one cannot be
    staged; the others are then left as they were.
    """
    staged: list[StagedReport] = []
    try:
        for path, text in files:
            try:
                staged.append(_stage(path, text))
            except OSError as error:
                reason = error.strerror or str(error)
                msg = f"cannot write '{path}': {reason}"
                raise OutputError(msg) from None
    except BaseException:
        for report in staged:
            report.discard()
        raise
    commit_reports(staged)
