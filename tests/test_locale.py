"""Output never fails for want of a character: any locale, any format, a real process.

A CI image or a cron job may run with `LANG=C` (and Python's UTF-8 coercion switched off),
`PYTHONIOENCODING=ascii` or a Latin-1 locale. Machine formats are UTF-8 by definition and come
out byte for byte as in a UTF-8 locale; the terminal report falls back to ASCII stand-ins;
diagnostics quote what the locale cannot show as backslash escapes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.report.terminal import ascii_fallback

from .conftest import FIXTURES, GOLDEN, ROOT

SAMPLE = "samples/press-line-payback-drift.yaml"
AS_OF = "2026-11-25"
LOCALES = {
    "C without UTF-8 coercion": {
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
    },
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "PYTHONIOENCODING=latin-1": {"PYTHONIOENCODING": "latin-1"},
    "POSIX": {"LC_ALL": "POSIX"},
}
GOLDEN_FILES = {
    "markdown": "md",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "github": "github.txt",
}


def _run(locale: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LC_", "PYTHONIOENCODING", "PYTHONUTF8", "GITHUB_STEP_SUMMARY"))
    }
    environment.update(locale)
    return subprocess.run(
        [sys.executable, "-m", "readiness", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("locale", "fmt"),
    [("C without UTF-8 coercion", fmt) for fmt in sorted(GOLDEN_FILES)]
    + [("PYTHONIOENCODING=latin-1", "json"), ("PYTHONIOENCODING=latin-1", "markdown")],
)
def test_machine_formats_are_utf8_in_any_locale(locale: str, fmt: str) -> None:
    """JSON, SARIF, JUnit, Markdown and workflow commands: the golden bytes, whatever the locale."""
    result = _run(LOCALES[locale], "assess", SAMPLE, "--as-of", AS_OF, "-f", fmt)
    assert result.returncode == 1, result.stderr
    assert b"internal error" not in result.stderr
    expected = (GOLDEN / f"press-line-payback-drift.{GOLDEN_FILES[fmt]}").read_bytes()
    assert result.stdout == expected


@pytest.mark.parametrize(
    "locale", ["C without UTF-8 coercion", "PYTHONIOENCODING=latin-1", "POSIX"]
)
def test_the_terminal_report_prints_in_any_locale(locale: str) -> None:
    """The terminal report: as reviewed where the locale has the characters, else in ASCII."""
    result = _run(LOCALES[locale], "assess", SAMPLE, "--as-of", AS_OF, "--no-color")
    assert result.returncode == 1, result.stderr
    assert result.stderr.decode("ascii").startswith("gate: FAILED")
    golden = (GOLDEN / "press-line-payback-drift.txt").read_text(encoding="utf-8")
    if locale == "POSIX":  # Python coerces the POSIX locale to UTF-8
        assert result.stdout.decode("utf-8") == golden
    else:
        assert result.stdout.decode("ascii") == ascii_fallback(golden)
        assert "Level 1 (Stated), 3 required  -  Score 70/100" in result.stdout.decode("ascii")


def test_diagnostics_print_in_an_ascii_locale(tmp_path: Path) -> None:
    """A file name that is not text in the locale shows its bytes (`\\xc3\\xa9`), a key the
    locale cannot show still prints (as UTF-8, as Click writes to an ASCII stream); exit 2."""
    project = tmp_path / "café.yaml"
    project.write_text("readiness: 1\nproject: {id: p, name: P}\nprojét: 1\n", encoding="utf-8")
    for command in ("validate", "assess"):
        result = _run(LOCALES["C without UTF-8 coercion"], command, str(project))
        assert result.returncode == 2
        text = (result.stdout + result.stderr).decode("utf-8")
        assert "internal error" not in text
        assert (
            f"{tmp_path}/caf\\xc3\\xa9.yaml:3:1: error: [\"projét\"]: unknown key 'projét'" in text
        )


def test_hostile_text_prints_in_an_ascii_locale() -> None:
    """The hostile fixture's terminal report and diagnostics print in ASCII, exit 1 and 2."""
    locale = LOCALES["PYTHONIOENCODING=ascii"]
    result = _run(locale, "assess", str(FIXTURES / "hostile-commands.yaml"), "--as-of", AS_OF)
    assert result.returncode == 1, result.stderr
    result.stdout.decode("ascii")
    result = _run(locale, "validate", str(FIXTURES / "hostile-keys.yaml"))
    assert result.returncode == 2
    assert b"internal error" not in result.stdout + result.stderr
