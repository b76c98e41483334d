"""Hostile rubric packs through the installed CLI: each one a located exit 2, nothing fetched,
nothing read, nothing hanging.

Every pack in tests/hostile/packs/ says on its first line where the error must be and what it
must say (`# expect: LINE:COL words`), and on its second line what it tries.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SAMPLES

HOSTILE = Path(__file__).parent / "hostile" / "packs"
SAMPLE = SAMPLES / "weld-vision-ready.yaml"
# Not a speed target: a guard so that a regression (a fetch, a backtracking pattern) fails the
# test instead of hanging the suite. The runs take well under a second.
HANG_GUARD = 120


def readiness(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (or the module, where the script is not beside us)."""
    script = Path(sys.executable).with_name("readiness")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "readiness"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, check=False, timeout=HANG_GUARD
    )


def assess_with(pack: Path, project: Path = SAMPLE) -> subprocess.CompletedProcess[str]:
    """`readiness assess PROJECT --rubrics PACK` as a CI job would run it."""
    return readiness(
        "assess", str(project), "--rubrics", str(pack), "--as-of", "2026-11-25", "-f", "json"
    )


def _expectation(pack: Path) -> tuple[str, str]:
    first = pack.read_text(encoding="utf-8").splitlines()[0]
    found = re.fullmatch(r"# expect: (\d+:\d+) (.+)", first)
    assert found, f"{pack}: the first line must be '# expect: LINE:COL words'"
    return found.group(1), found.group(2)


def assert_located_refusal(result: subprocess.CompletedProcess[str], pack: Path) -> list[str]:
    """Exit 2, nothing on stdout, and only one-line located errors (each with its hint line)."""
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "no diagnostic"
    for line in lines:
        assert line.startswith((f"{pack}:", "    hint: ")), line
    assert "internal error" not in result.stderr
    return lines


@pytest.mark.parametrize("pack", sorted(HOSTILE.glob("*.yaml")), ids=lambda p: p.stem)
def test_hostile_pack_is_a_located_input_error(pack: Path) -> None:
    """The pack is refused at the line and column its first line names, with a reason."""
    where, words = _expectation(pack)
    lines = assert_located_refusal(assess_with(pack), pack)
    assert lines[0].startswith(f"{pack}:{where}: error: "), lines[0]
    assert words in lines[0]


def _check_pack(tmp_path: Path, expect: str, message: str = "found {value}") -> Path:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        f"""pack: probe
version: 1
dimension: {{id: baseline}}
checks:
  - id: EV-01
    title: A probing check
    severity: low
    level: 1
    effort: 1
    path: /project/name
    expect: {expect}
    message: "{message}"
    missing: add a name
    rationale: none
    remediation: none
""",
        encoding="utf-8",
    )
    return pack


def test_a_local_file_is_never_read_or_printed(tmp_path: Path) -> None:
    """A `$ref` to a file holding a token: refused before anything is read."""
    secret = tmp_path / "secret.json"
    secret.write_text('{"type": "integer", "description": "TOKEN-5f3a"}', encoding="utf-8")
    pack = _check_pack(tmp_path, f'{{$ref: "{secret.as_uri()}"}}')
    result = assess_with(pack)
    assert_located_refusal(result, pack)
    assert "TOKEN-5f3a" not in result.stdout + result.stderr


def test_a_server_is_never_contacted(tmp_path: Path) -> None:
    """A `$ref` to a server that would stall for ever: refused, and no connection is made."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        pack = _check_pack(tmp_path, f'{{$ref: "http://127.0.0.1:{port}/s.json"}}')
        assert_located_refusal(assess_with(pack), pack)
        server.settimeout(0)
        with pytest.raises(BlockingIOError):
            server.accept()


def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    """`^(a+)+$` against a 40-letter near-match: judged and explained without backtracking."""
    pack = _check_pack(tmp_path, '{pattern: "^(a+)+$"}')
    project = tmp_path / "project.yaml"
    project.write_text(f"readiness: 1\nproject: {{id: p, name: {'a' * 40}!}}\n", encoding="utf-8")
    result = readiness(
        "explain", "EV-01", "--project", str(project), "--rubrics", str(pack), "--as-of",
        "2026-11-25",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"in {project}: fail at {project}:2:" in result.stdout


def test_a_whole_number_format_on_a_fraction_rounds_it(tmp_path: Path) -> None:
    """`{value:d}` where the value is 2.2: the message says 2 (it used to be an internal error)."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: probe\nversion: 1\ndimension: {id: funding}\nchecks:\n  - id: EV-02\n"
        "    title: t\n    severity: low\n    level: 1\n    effort: 1\n"
        "    path: /business_case/claimed_payback_years\n    expect: {maximum: 1}\n"
        '    message: "claims {value:d} years, {value:,d} rounded"\n'
        "    missing: m\n    rationale: r\n    remediation: r\n",
        encoding="utf-8",
    )
    result = assess_with(pack)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)["findings"]
    [finding] = [f for f in findings if f["check"] == "EV-02"]
    assert finding["message"] == "claims 2 years, 2 rounded"
