"""Writing reports: which files one run writes, and writing each atomically (a temporary file
beside it, then a rename)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from readiness.model import Assessment

EXTENSION_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
    ".txt": "terminal",
}


@dataclass(frozen=True)
class ReportPlan:
    """The reports of one run: (format, path) targets and where the radar chart goes."""

    targets: tuple[tuple[str, Path], ...]
    chart: Path | None

    @property
    def chart_href(self) -> str | None:
        """How the Markdown report refers to the chart: relative to the first Markdown file."""
        if self.chart is None:
            return None
        markdown = [path for name, path in self.targets if name == "markdown"]
        if not markdown:
            return str(self.chart)
        return os.path.relpath(str(self.chart), str(markdown[0].parent))


def plan_reports(targets: list[tuple[str, Path]], chart: Path | None) -> ReportPlan:
    """The chart goes where asked, else beside the first Markdown report (report.md → .svg)."""
    if chart is None:
        chart = next((p.with_suffix(".svg") for name, p in targets if name == "markdown"), None)
    return ReportPlan(tuple(targets), chart)


def render_report(name: str, assessment: Assessment, plan: ReportPlan) -> str:
    """One report for a file (the terminal format at 80 columns, without colour)."""
    if name == "markdown":
        from readiness.report.markdown import render_with_chart

        return render_with_chart(assessment, plan.chart_href)
    from readiness.report import render

    return render(name, assessment)


def write_reports(assessment: Assessment, plan: ReportPlan) -> None:
    """Render every report first, then write each atomically: a rendering problem leaves
    nothing written, and a reader never sees half a file."""
    files = [(path, render_report(name, assessment, plan)) for name, path in plan.targets]
    if plan.chart is not None:
        from readiness.report.chart import render_svg

        files.append((plan.chart, render_svg(assessment)))
    for path, text in files:
        write_atomic(path, text)


def write_atomic(path: Path, text: str) -> None:
    """Write text so that readers see the old file or the whole new one, never half of it."""
    directory = path.parent if str(path.parent) else Path()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file private (0600); a report gets the usual mode under the umask.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
