"""Waivers a programme office can trust: which waivers are honoured, and what the reports say."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from readiness.assess import assess_document
from readiness.cli import app
from readiness.gate import GateSettings, evaluate_gate
from readiness.loader import load_text
from readiness.model import Assessment
from readiness.rubric import builtin_rubrics
from readiness.waivers import IGNORED, WaiverPolicy, add_months

from .conftest import SAMPLES
from .docs_text import DOCS, fenced_blocks

AS_OF = date(2026, 11, 25)
CONDITIONAL = (SAMPLES / "packaging-oee-conditional.yaml").read_text(encoding="utf-8")
NOT_READY = (SAMPLES / "press-line-payback-drift.yaml").read_text(encoding="utf-8")
FULL = {"reason": "Second holder trained in Q1", "approved_by": "Site director"}


def _with_waivers(text: str, *waivers: dict[str, Any]) -> str:
    assert "\nwaivers:" not in text
    lines = "".join(f"\n  - {json.dumps(w)}" for w in waivers)
    return f"{text}\nwaivers:{lines}\n"


def _assess(text: str, policy: WaiverPolicy | None = None) -> Assessment:
    return assess_document(
        load_text(text, "p.yaml"), as_of=AS_OF, rubrics=builtin_rubrics(), waiver_policy=policy
    )


def _status(assessment: Assessment, check: str) -> str:
    return next(f.status for f in assessment.findings if f.check == check)


# (the waiver of KR-02, a failing high check; the policy; why it is not honoured, or None)
CASES: list[tuple[dict[str, Any], WaiverPolicy, str | None]] = [
    ({**FULL, "expires": "2027-06-30"}, WaiverPolicy(), None),
    ({**FULL, "expires": "2026-11-25"}, WaiverPolicy(), None),  # the last day it holds
    ({"reason": "Trained in Q1", "expires": "2027-06-30"}, WaiverPolicy(), "no approver"),
    ({**FULL, "approved_by": "  ", "expires": "2027-06-30"}, WaiverPolicy(), "no approver"),
    ({"approved_by": "Site director", "expires": "2027-06-30"}, WaiverPolicy(), "no reason"),
    (dict(FULL), WaiverPolicy(), "no expiry"),
    ({}, WaiverPolicy(), "no reason; no approver; no expiry"),
    ({**FULL, "expires": "2026-11-24"}, WaiverPolicy(), "expired on 2026-11-24"),
    ({**FULL, "expires": "2027-11-25"}, WaiverPolicy(), None),
    (
        {**FULL, "expires": "2027-11-26"},
        WaiverPolicy(),
        "expires 2027-11-26, beyond the 12-month maximum term (latest 2027-11-25)",
    ),
    ({**FULL, "expires": "2027-11-26"}, WaiverPolicy(max_term_months=24), None),
    (
        {**FULL, "expires": "2027-03-31"},
        WaiverPolicy(max_term_months=3),
        "expires 2027-03-31, beyond the 3-month maximum term (latest 2027-02-25)",
    ),
    ({**FULL, "expires": "2027-06-30"}, WaiverPolicy(approvers=("Site director",)), None),
    (
        {**FULL, "expires": "2027-06-30"},
        WaiverPolicy(approvers=("Programme board",)),
        "'Site director' is not one of the programme's approvers",
    ),
]


@pytest.mark.parametrize(("waiver", "policy", "why"), CASES)
def test_which_waivers_are_honoured(
    waiver: dict[str, Any], policy: WaiverPolicy, why: str | None
) -> None:
    """Honoured only with a reason, an approver and an expiry within the maximum term; else
    the check keeps its status and the finding says why."""
    assessment = _assess(_with_waivers(CONDITIONAL, {"check": "KR-02", **waiver}), policy)
    (judged,) = assessment.waivers
    finding = next(f for f in assessment.findings if f.check == "KR-02")
    assert judged.not_honoured == why
    assert judged.severity == "high"
    if why is None:
        assert finding.status == "waived"
    else:
        assert finding.status == "fail"
        assert finding.message.endswith(f"(the waiver is not honoured: {why})")


def test_a_blocker_is_waived_only_where_the_policy_allows_it() -> None:
    """A project cannot waive its own blockers; the programme's policy can allow it."""
    text = _with_waivers(NOT_READY, {"check": "FE-10", **FULL, "expires": "2027-06-30"})
    refused = _assess(text)
    assert _status(refused, "FE-10") == "fail"
    assert refused.waivers[0].not_honoured == (
        "it waives a blocker, which the programme's waiver policy does not allow"
    )
    allowed = _assess(text, WaiverPolicy(allow_blockers=True))
    assert _status(allowed, "FE-10") == "waived"
    assert allowed.waivers[0].honoured


def test_self_waived_blockers_without_approver_still_fail_the_gate() -> None:
    """The attack of issue 7: waive your own blockers, no approver, expiry years away."""
    text = _with_waivers(
        NOT_READY,
        {"check": "FE-10", "reason": "Payback is fine", "expires": "2033-01-01"},
        {"check": "IR-02", "reason": "We will find a window", "expires": "2033-01-01"},
    )
    assessment = _assess(text)
    assert assessment.verdict == "not_ready"
    result = evaluate_gate(assessment, GateSettings())
    assert not result.passed
    assert result.line().startswith("gate: FAILED: verdict is not_ready")
    for waiver in assessment.waivers:
        assert waiver.not_honoured == (
            "no approver; expires 2033-01-01, beyond the 12-month maximum term (latest "
            "2027-11-25); it waives a blocker, which the programme's waiver policy does not allow"
        )


def test_a_waiver_of_a_passing_check_changes_nothing() -> None:
    """It is listed and attached to its finding; the finding still passes, as written."""
    plain = _assess(CONDITIONAL)
    waived = _assess(
        _with_waivers(CONDITIONAL, {"check": "BL-01", **FULL, "expires": "2027-01-31"})
    )
    before = next(f for f in plain.findings if f.check == "BL-01")
    after = next(f for f in waived.findings if f.check == "BL-01")
    assert after.status == before.status == "pass"
    assert after.message == before.message
    assert after.waiver is not None
    assert evaluate_gate(waived, GateSettings()).waivers == 0


def test_an_honoured_waiver_beats_one_that_is_not() -> None:
    """Two waivers of one check: the honoured one applies, whatever their order."""
    good = {"check": "KR-02", **FULL, "expires": "2027-01-31"}
    bad = {"check": "KR-02", "reason": "later", "expires": "2027-06-30"}
    for order in ((good, bad), (bad, good)):
        assessment = _assess(_with_waivers(CONDITIONAL, *order))
        assert _status(assessment, "KR-02") == "waived"
        assert len(assessment.waivers) == 2


def test_no_waivers_assesses_as_if_none_existed() -> None:
    """`--no-waivers` for audits: the same findings, scores and verdict as without them, and
    every waiver still listed as ignored."""
    text = _with_waivers(CONDITIONAL, {"check": "KR-02", **FULL, "expires": "2027-06-30"})
    audited = _assess(text, WaiverPolicy(honour=False))
    plain = _assess(CONDITIONAL)
    assert audited.findings == plain.findings
    assert (audited.verdict, audited.score, audited.dimensions) == (
        plain.verdict,
        plain.score,
        plain.dimensions,
    )
    assert [w.not_honoured for w in audited.waivers] == [IGNORED]


def test_gate_line_counts_the_waivers_it_took() -> None:
    """`passed with N waivers (K blockers)`: a pass bought with waivers says so."""
    # the press line's two blockers, and two of its seven high gaps (the verdict rule: more
    # than five open highs is not a short list of conditions)
    text = _with_waivers(
        NOT_READY,
        {"check": "FE-10", **FULL, "expires": "2027-06-30"},
        {"check": "IR-02", **FULL, "expires": "2027-06-30"},
        {"check": "FE-09", **FULL, "expires": "2027-06-30"},
        {"check": "IR-04", **FULL, "expires": "2027-06-30"},
    )
    result = evaluate_gate(_assess(text, WaiverPolicy(allow_blockers=True)), GateSettings())
    assert (result.passed, result.waivers, result.waived_blockers) == (True, 4, 2)
    assert result.line() == "gate: passed with 4 waivers (2 blockers)"
    conditional = _with_waivers(CONDITIONAL, {"check": "KR-02", **FULL, "expires": "2027-06-30"})
    result = evaluate_gate(_assess(conditional), GateSettings())
    assert result.line() == "gate: passed with 1 waiver (0 blockers)"
    assert evaluate_gate(_assess(CONDITIONAL), GateSettings()).line() == "gate: passed"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 25), 12, date(2027, 11, 25)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_add_months_clamps_to_the_months_last_day(day: date, months: int, expected: date) -> None:
    """The maximum term counts calendar months, as a person would."""
    assert add_months(day, months) == expected


def _cli(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--as-of", "2026-11-25"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "press.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SELF_WAIVED = _with_waivers(
    NOT_READY, {"check": "FE-10", "reason": "Payback is fine", "expires": "2033-01-01"}
)


def test_cli_self_waived_blocker_fails_and_every_format_says_why(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Exit 1; the terminal, Markdown, JSON and GitHub output each say it is not honoured."""
    project = str(_write(tmp_path, SELF_WAIVED))
    code, out, err = _cli(runner, "assess", project)
    assert code == 1
    assert err.splitlines()[-1].startswith("gate: FAILED: verdict is not_ready")
    assert "Waivers (1)" in out
    assert "not honoured: no approver; expires 2033-01-01, beyond the 12-month" in " ".join(
        out.split()
    )
    _, markdown, _ = _cli(runner, "assess", project, "-f", "markdown")
    row = next(line for line in markdown.splitlines() if line.startswith("| FE-10 |"))
    assert row.startswith("| FE-10 | blocker | Payback is fine | — | 2033-01-01 | not honoured: ")
    _, text, _ = _cli(runner, "assess", project, "-f", "json")
    (waiver,) = json.loads(text)["waivers"]
    assert (waiver["honoured"], waiver["severity"]) == (False, "blocker")
    _, github, _ = _cli(runner, "assess", project, "-f", "github")
    assert "title=FE-10 waiver not honoured::The waiver for FE-10 (blocker) is not honoured" in (
        github
    )


def test_cli_no_waivers_flag(runner: CliRunner, tmp_path: Path) -> None:
    """`--no-waivers` turns the waived high gap back into a gap; the waiver is listed."""
    text = _with_waivers(CONDITIONAL, {"check": "KR-02", **FULL, "expires": "2027-06-30"})
    project = str(_write(tmp_path, text))
    code, out, err = _cli(runner, "assess", project, "--fail-on", "high")
    assert (code, err.splitlines()[-1]) == (0, "gate: passed with 1 waiver (0 blockers)")
    code, out, err = _cli(runner, "assess", project, "--fail-on", "high", "--no-waivers")
    assert code == 1
    assert "KR-02" in err.splitlines()[-1]
    assert IGNORED in " ".join(out.split())


def test_terminal_flags_a_waiver_expiring_within_30_days(runner: CliRunner, tmp_path: Path) -> None:
    """Not only Markdown: the terminal says how soon a waiver lapses."""
    text = _with_waivers(CONDITIONAL, {"check": "KR-02", **FULL, "expires": "2026-12-09"})
    _, out, _ = _cli(runner, "assess", str(_write(tmp_path, text)))
    assert "expires in 14 days · until 2026-12-09, approved by Site director" in out


ESG_PACK = """pack: esg
version: 1
dimension: {id: esg, title: Energy and emissions}
disable: [OE-06]
checks:
  - id: ESG-01
    title: The project states its energy baseline
    severity: medium
    level: 2
    effort: 2
    path: /x-energy/baseline_kwh
    expect: {type: number, exclusiveMinimum: 0}
    message: "energy baseline is {value}"
    missing: add x-energy.baseline_kwh
    rationale: Funders increasingly ask for the energy effect.
    remediation: Meter the line for four weeks.
"""


@pytest.mark.parametrize(
    ("check", "extra_pack", "valid"),
    [
        ("KR-02", False, True),
        ("KR-2", False, False),
        ("ESG-01", False, False),
        ("ESG-01", True, True),
        ("OE-06", True, False),  # the funder's pack disables it
    ],
)
def test_validate_cross_checks_waivers_like_assess(
    runner: CliRunner, tmp_path: Path, check: str, extra_pack: bool, valid: bool
) -> None:
    """`validate` says valid exactly where `assess` accepts the file, given the same packs."""
    project = _write(tmp_path, _with_waivers(CONDITIONAL, {"check": check, **FULL}))
    pack = tmp_path / "esg.yaml"
    pack.write_text(ESG_PACK, encoding="utf-8")
    rubrics = ["--rubrics", str(pack)] if extra_pack else []
    validated = runner.invoke(app, ["validate", str(project), *rubrics])
    assessed = runner.invoke(app, ["assess", str(project), "--as-of", "2026-11-25", *rubrics])
    assert (validated.exit_code == 0, assessed.exit_code != 2) == (valid, valid)
    if not valid:
        line = len(CONDITIONAL.splitlines()) + 3
        assert f"{project}:{line}:" in validated.stdout
        assert f"the waiver names '{check}', which is not a known check" in validated.stdout


def _readme_block(heading: str, language: str) -> str:
    return _readme_blocks_all(heading, language)[0]


def test_readme_waiver_snippet_is_honoured() -> None:
    """The guide's example waiver is one the default policy honours."""
    snippet = _readme_block("## Waivers", "yaml")
    assessment = _assess(f"{CONDITIONAL}\n{snippet}")
    (waiver,) = assessment.waivers
    assert waiver.honoured
    assert waiver.check == "KR-03"


def test_readme_waiver_policy_snippet(tmp_path: Path) -> None:
    """The guide's policy: six months, no blockers, two named approvers."""
    from readiness.config import load_config, resolve

    (policy_yaml,) = [
        block for block in _readme_blocks_all("## Waivers", "yaml") if "max_term_months" in block
    ]
    path = tmp_path / ".readiness.yaml"
    path.write_text(policy_yaml, encoding="utf-8")
    policy = resolve(load_config(path), {}).waiver_policy()
    assert (policy.max_term_months, policy.allow_blockers, policy.approvers) == (
        6,
        False,
        ("M. Fischer", "J. Idowu"),
    )
    text = _with_waivers(CONDITIONAL, {"check": "KR-02", **FULL, "expires": "2027-06-30"})
    (waiver,) = _assess(text, policy).waivers
    assert waiver.not_honoured == (
        "'Site director' is not one of the programme's approvers; expires 2027-06-30, beyond "
        "the 6-month maximum term (latest 2027-05-25)"
    )


def _readme_blocks_all(heading: str, language: str) -> list[str]:
    return fenced_blocks(DOCS / "configuration.md", language, heading)


@pytest.mark.parametrize(
    ("approver", "role"),
    [
        ("S. Mensah", "owner"),
        ("R. Okafor, plant director", "sponsor"),
        ("s.  mensah (line lead)", "owner"),
    ],
)
def test_a_waiver_approved_by_the_projects_own_people_is_not_honoured(
    approver: str, role: str
) -> None:
    """A waiver `approved_by` the project's own owner (or sponsor, or process owner) was
    honoured: the people the gate holds to account excused their own project."""
    text = (SAMPLES / "weld-vision-ready.yaml").read_text(encoding="utf-8")
    text = text.replace('"M. Fischer, programme office"', json.dumps(approver))
    assessment = _assess(text)
    (waiver, *_) = [w for w in assessment.waivers if w.check == "KR-03"]
    assert not waiver.honoured
    assert f"approved by the project's own {role}" in (waiver.not_honoured or "")
    allowed = _assess(text, WaiverPolicy(allow_self_approval=True))
    assert next(w for w in allowed.waivers if w.check == "KR-03").honoured
