"""SARIF 2.1.0 for a portfolio: one run, one rule per check, results across every project file.

The rules come from the packs in force (every project is assessed with the same checks, so they
are known before the first project), plus one rule for a file that cannot be assessed, whose
located problems become results of their own. Each project's results are the ones its
one-project log would hold (`sarif._result`), with the same fingerprints (check, project,
pointer), so code scanning follows a finding whether a project was uploaded alone or in the
portfolio. The run's properties carry the portfolio's rows; the results stream in the files'
order, so the log is written a project at a time.
"""

from __future__ import annotations

from typing import Any

from readiness.errors import Diagnostic
from readiness.model import Check, Finding, Location
from readiness.portfolio import PortfolioRun, PortfolioSummary, ProjectOutcome
from readiness.report import sarif
from readiness.report.json_portfolio import row_dict
from readiness.report.json_stream import ROWS, STREAMED, ListStream

__all__ = ["INPUT_ERROR_RULE", "chunk", "head", "tail"]

SUMMARY_FIRST = False
WORST_FIRST = False
SEPARATOR = ","
RELATIVE_LINKS = False
_RESULTS = ListStream(depth=4)  # the log, its runs, the run, the run's results
# The run's properties list a row per project, one per line (see json_portfolio._ROWS).
_PROJECTS = ListStream(depth=5, one_line_items=True, marker=ROWS)

INPUT_ERROR_RULE = "input-error"
_INPUT_ERROR_HELP = (
    "The project file could not be read, is not YAML or does not follow the format, so it "
    "was not assessed. Fix the problems at the lines shown; `readiness validate FILE` lists "
    "them all."
)


def _as_finding(check: Check) -> Finding:
    """The parts of a check a SARIF rule shows, in the shape `sarif._rule` reads."""
    return Finding(
        check=check.id,
        dimension=check.dimension,
        title=check.title,
        severity=check.severity,
        level=check.level,
        effort=check.effort,
        status="not_applicable",
        message="",
        pointer="",
        location=Location("", 1, 1),
        rationale=check.rationale,
        remediation=check.remediation,
    )


def _rule_sources(run: PortfolioRun) -> list[Finding]:
    """The checks in the single-project log's rule order: by dimension, then id."""
    return sorted((_as_finding(c) for c in run.rubrics.checks), key=sarif._check_order)


def _rules(run: PortfolioRun) -> list[dict[str, Any]]:
    """One rule per check, then the rule for files that cannot be assessed."""
    rules = [sarif._rule(finding) for finding in _rule_sources(run)]
    rules.append(
        {
            "id": INPUT_ERROR_RULE,
            "name": "ProjectFileCannotBeAssessed",
            "shortDescription": {"text": "The project file can be read and follows the format"},
            "fullDescription": {"text": _INPUT_ERROR_HELP},
            "help": {"text": _INPUT_ERROR_HELP, "markdown": _INPUT_ERROR_HELP},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["readiness", "input"]},
        }
    )
    return rules


def _rule_index(run: PortfolioRun) -> dict[str, int]:
    """Each rule's position in the driver's list (cheap: no rule is built)."""
    order = [finding.check for finding in _rule_sources(run)] + [INPUT_ERROR_RULE]
    return {rule: index for index, rule in enumerate(order)}


def _log(run: PortfolioRun, summary: PortfolioSummary | None) -> dict[str, Any]:
    """The SARIF log with the results left to the stream."""
    result: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "readiness",
                "version": run.tool_version,
                "rules": _rules(run),
            }
        },
        # One category for the whole programme, apart from one-project uploads.
        "automationDetails": {"id": "readiness/portfolio/"},
        "originalUriBaseIds": {
            sarif.SRCROOT: {
                "description": {
                    "text": "The repository root (else the folder readiness ran in); project "
                    "files are relative to it."
                }
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": STREAMED,
    }
    if summary is not None:
        invocation: dict[str, Any] = {"executionSuccessful": summary.input_errors == 0}
        if summary.search_problems:
            invocation["toolExecutionNotifications"] = [
                {"level": problem.severity, "message": {"text": problem.render()}}
                for problem in summary.search_problems
            ]
        result["invocations"] = [invocation]
        result["properties"] = {
            "asOf": run.as_of.isoformat(),
            "packs": [
                {"id": pack.id, "version": pack.version, "validAsOf": pack.valid_as_of}
                for pack in run.packs
            ],
            "verdicts": {
                verdict: summary.count(verdict)
                for verdict in ("ready", "conditional", "not_ready", "input_error")
            },
            "gatesFailed": summary.gates_failed,
            "gate": {"passed": summary.passed, "settings": run.gate.in_force.lines()},
            "projects": ROWS,
        }
    return {"$schema": sarif.SARIF_SCHEMA, "version": sarif.SARIF_VERSION, "runs": [result]}


def head(run: PortfolioRun, summary: PortfolioSummary | None, *, folder: str | None = None) -> str:
    """The log up to the first result: envelope, driver with every rule."""
    return _RESULTS.head(_log(run, None))


def _problem_result(problem: Diagnostic, index: int) -> dict[str, Any]:
    where = problem.path or f"line {problem.line}"
    return {
        "ruleId": INPUT_ERROR_RULE,
        "ruleIndex": index,
        "level": "error",
        "message": {"text": problem.render()},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": sarif.artifact_location(problem.file),
                    "region": {
                        "startLine": max(1, problem.line),
                        "startColumn": max(1, problem.column),
                    },
                }
            }
        ],
        "partialFingerprints": {
            sarif.FINGERPRINT_KEY: sarif.fingerprint(INPUT_ERROR_RULE, problem.file, where)
        },
    }


def chunk(run: PortfolioRun, outcome: ProjectOutcome, *, folder: str | None = None) -> str:
    """One project's results (its gaps and waivers), or a file's problems; `,`-separated."""
    index = _rule_index(run)
    assessment = outcome.assessment
    if assessment is None:
        results = [_problem_result(p, index[INPUT_ERROR_RULE]) for p in outcome.problems]
    else:
        gate = assessment.gate
        recorded = gate.baseline_checks if gate is not None else None
        holding = frozenset(outcome.holding)
        results = [
            sarif._result(
                finding,
                index[finding.check],
                assessment.project_id,
                recorded,
                finding.check in holding,
            )
            for finding in assessment.findings
            if finding.status in sarif.RESULT_STATUSES
        ]
    return SEPARATOR.join(_RESULTS.item(result) for result in results)


def tail(run: PortfolioRun, summary: PortfolioSummary, wrote_any: bool) -> str:
    """Close the results; then the invocation and the portfolio's rows."""
    text = _RESULTS.tail(_log(run, summary), wrote_any)
    return _PROJECTS.splice(text, (row_dict(row) for row in summary.rows))
