"""Assessments built by hand for the renderer tests: one realistic, one hostile.

The renderers only read `readiness.model`, so they can be tested before (and apart from) the
engine: `sample_assessment()` is a plausible conditional project with every status, waiver state
and section filled; `hostile_assessment()` is the same shape with user text chosen to break
every format (Markdown tables and links, HTML, mentions, XML, workflow commands, terminals).
"""

from __future__ import annotations

from dataclasses import replace

from readiness.model import (
    Assessment,
    BusinessCase,
    DimensionScore,
    Finding,
    Location,
    PackInfo,
    Payback,
    Waiver,
)

AS_OF = "2026-11-25"

HOSTILE = (
    "| <script>alert(1)</script> @everyone [x](javascript:alert(1)) `rm -rf` 100% a:b, c,d"
    "\nsecond line\r\n\x1b[31mred\x1b[0m http://evil.example www.evil.example #12 <b>&amp;"
)
HOSTILE_FILE = "evil | `dir`/@everyone [x](javascript:alert(1)) 100%:a,b\n<i>.yaml"

DIMENSION_TITLES: dict[str, str] = {
    "baseline": "Baseline clarity",
    "shop_floor": "Shop-floor involvement",
    "integration": "Integration risk",
    "over_engineering": "Over-engineering",
    "funding": "Funding evidence",
    "knowledge": "Knowledge risk",
    "traceability": "Traceability and compliance",
}


def _finding(
    check: str,
    dimension: str,
    title: str,
    severity: str,
    status: str,
    line: int,
    *,
    file: str = "press.yaml",
    message: str = "",
    priority: float = 0.0,
    bucket: str | None = None,
    waiver: Waiver | None = None,
    level: int = 3,
) -> Finding:
    return Finding(
        check=check,
        dimension=dimension,
        title=title,
        severity=severity,  # type: ignore[arg-type]
        level=level,
        effort=2,
        status=status,  # type: ignore[arg-type]
        message=message or f"{title.lower()}: {status}",
        pointer=f"/{dimension}",
        location=Location(file, line, 3),
        rationale=f"Why {check} matters: funders and rollouts depend on it.",
        remediation=f"Do what {check} asks, then re-run readiness.",
        priority=priority,
        bucket=bucket,
        waiver=waiver,
    )


def sample_assessment() -> Assessment:
    """A realistic conditional project: gaps in three buckets, waivers in every state."""
    kr03_waiver = Waiver(
        check="KR-03",
        reason="Successor in post from January",
        approved_by="R. Okafor",
        expires="2027-03-31",
        expired=False,
        location=Location("press.yaml", 171, 5),
        severity="high",
    )
    sf05_waiver = Waiver(
        check="SF-05",
        reason="Works council review booked for 9 December",
        approved_by="M. Brandt",
        expires="2026-12-10",
        expired=False,
        location=Location("press.yaml", 172, 5),
        severity="medium",
    )
    ir02_waiver = Waiver(
        check="IR-02",
        reason="Parallel run agreed with the line owner",
        approved_by="J. Idowu",
        expires="2026-10-31",
        expired=True,
        location=Location("press.yaml", 173, 5),
        severity="high",
        not_honoured="expired on 2026-10-31",
    )
    findings = (
        _finding(
            "FE-10",
            "funding",
            "The business case pays back within its horizon",
            "blocker",
            "fail",
            88,
            message="payback recomputes to 7.3 years against a 5-year horizon",
            priority=91.5,
            bucket="before_gate",
            level=2,
        ),
        _finding(
            "BL-04",
            "baseline",
            "Benefits never exceed the losses they address",
            "blocker",
            "missing",
            41,
            message="losses weld-rework and inspection-pace have no annual_cost; add them",
            priority=60.0,
            bucket="before_gate",
        ),
        _finding(
            "IR-02",
            "integration",
            "Systems that cannot stop have a maintenance window",
            "high",
            "fail",
            120,
            message="press PLC-7 cannot stop and has no maintenance window "
            "(the waiver is not honoured: expired on 2026-10-31)",
            priority=44.2,
            bucket="before_scaling",
            waiver=ir02_waiver,
        ),
        _finding(
            "BL-01",
            "baseline",
            "The baseline is measured over at least four weeks",
            "blocker",
            "partial",
            30,
            message="the baseline covers 6 weeks but its source is an estimate",
            priority=30.0,
            bucket="before_gate",
            level=2,
        ),
        _finding(
            "OE-03",
            "over_engineering",
            "Future-proofing is small and triggered",
            "medium",
            "fail",
            140,
            message="future-proofing is 22% of capex; at most 15% is expected",
            priority=12.0,
            bucket="improve",
        ),
        _finding(
            "SF-06",
            "shop_floor",
            "Operators helped set the pilot's success criteria",
            "low",
            "partial",
            66,
            message="operators were consulted after the criteria were fixed",
            priority=2.0,
            bucket=None,
        ),
        _finding("BL-02", "baseline", "OEE factors multiply to overall", "high", "pass", 34),
        _finding(
            "SF-05",
            "shop_floor",
            "The works council has reviewed the rollout",
            "medium",
            "waived",
            70,
            waiver=sf05_waiver,
        ),
        _finding(
            "KR-03",
            "knowledge",
            "No topic loses half its holders",
            "high",
            "waived",
            150,
            waiver=kr03_waiver,
        ),
        _finding("KR-01", "knowledge", "Critical topics are listed", "medium", "pass", 148),
        _finding("IR-01", "integration", "Every system is listed", "high", "pass", 110),
        _finding("OE-01", "over_engineering", "Components address losses", "high", "pass", 130),
        _finding("FE-01", "funding", "The problem is quantified", "high", "pass", 80),
        _finding(
            "TC-01",
            "traceability",
            "Battery category and capacity are declared",
            "blocker",
            "not_applicable",
            1,
        ),
        _finding(
            "TC-02",
            "traceability",
            "A battery passport is planned",
            "high",
            "not_applicable",
            1,
        ),
    )
    dimensions = (
        DimensionScore(
            "baseline",
            DIMENSION_TITLES["baseline"],
            1.0,
            56.0,
            1,
            "Stated",
            {"pass": 1, "partial": 1, "missing": 1},
        ),
        DimensionScore(
            "shop_floor",
            DIMENSION_TITLES["shop_floor"],
            1.0,
            83.3,
            3,
            "Measured",
            {"partial": 1, "waived": 1},
        ),
        DimensionScore(
            "integration",
            DIMENSION_TITLES["integration"],
            1.0,
            50.0,
            2,
            "Estimated",
            {"pass": 1, "fail": 1},
        ),
        DimensionScore(
            "over_engineering",
            DIMENSION_TITLES["over_engineering"],
            0.5,
            60.0,
            3,
            "Measured",
            {"pass": 1, "fail": 1},
        ),
        DimensionScore(
            "funding",
            DIMENSION_TITLES["funding"],
            1.5,
            42.9,
            1,
            "Stated",
            {"pass": 1, "fail": 1},
        ),
        DimensionScore(
            "knowledge",
            DIMENSION_TITLES["knowledge"],
            1.0,
            100.0,
            5,
            "Governed",
            {"pass": 1, "waived": 1},
        ),
        DimensionScore(
            "traceability",
            DIMENSION_TITLES["traceability"],
            1.0,
            None,
            None,
            None,
            {"not_applicable": 2},
        ),
    )
    business_case = BusinessCase(
        currency="GBP",
        horizon_years=5.0,
        claimed_payback_years=3.5,
        paybacks=(
            Payback("computed", 7.26, 5.0, False),
            Payback("stressed", 10.75, 5.0, False),
            Payback("sensitivity", None, 5.0, False),
        ),
        cost_of_losses_addressed=1_196_700.0,
        benefits_claimed=520_000.0,
        benefit_to_loss_ratio=0.4345,
    )
    packs = tuple(
        PackInfo(dimension, 1, "2026-11-01", f"rubrics/{dimension}.yaml")
        for dimension in DIMENSION_TITLES
    )
    return Assessment(
        tool_version="0.1.0",
        as_of=AS_OF,
        project_id="press-line-3-pdm",
        project_name="Press line 3 predictive maintenance",
        file="press.yaml",
        verdict="not_ready",
        level=1,
        required_level=3,
        score=63.4,
        confidence=0.8125,
        dimensions=dimensions,
        findings=findings,
        packs=packs,
        business_case=business_case,
        waivers=(kr03_waiver, sf05_waiver, ir02_waiver),
        missing_evidence_files=("evidence/oee-2026-q3.csv",),
        decision_date="2027-01-27",
        verdict_reason="FE-10 (blocker) fails: the business case does not pay back in time",
    )


def _hostile_finding(finding: Finding) -> Finding:
    return replace(
        finding,
        title=f"{finding.title} {HOSTILE}",
        message=HOSTILE,
        rationale=HOSTILE,
        remediation=HOSTILE,
        location=replace(finding.location, file=HOSTILE_FILE),
        waiver=(
            None
            if finding.waiver is None
            else replace(finding.waiver, reason=HOSTILE, location=finding.location)
        ),
    )


def hostile_assessment() -> Assessment:
    """The sample with user text everywhere that tries to break out of its format."""
    sample = sample_assessment()
    findings = tuple(_hostile_finding(f) for f in sample.findings)
    # A user pack may name its own checks and dimensions: make one of each hostile too.
    findings = (replace(findings[0], check="EVIL-01 | @everyone:x,y"), *findings[1:])
    dimensions = (
        replace(sample.dimensions[0], title=f"Baseline {HOSTILE}"),
        *sample.dimensions[1:],
    )
    waivers = tuple(
        replace(
            w,
            reason=HOSTILE,
            approved_by=HOSTILE,
            location=replace(w.location, file=HOSTILE_FILE),
            not_honoured=HOSTILE if w.not_honoured else None,
        )
        for w in sample.waivers
    )
    return replace(
        sample,
        project_id="evil--> <!-- @everyone",
        project_name=HOSTILE,
        file=HOSTILE_FILE,
        findings=findings,
        dimensions=dimensions,
        waivers=waivers,
        missing_evidence_files=(HOSTILE_FILE,),
        verdict_reason=HOSTILE,
        business_case=replace(sample.business_case, currency="G|B<P>"),
        packs=(replace(sample.packs[0], id=HOSTILE), *sample.packs[1:]),
    )


def empty_assessment() -> Assessment:
    """A project where nothing was evidenced: no figures, no gaps, no packs, no waivers."""
    return Assessment(
        tool_version="0.1.0",
        as_of=AS_OF,
        project_id="bare",
        project_name="Bare project",
        file="bare.yaml",
        verdict="conditional",
        level=0,
        required_level=3,
        score=None,
        confidence=None,
        dimensions=tuple(
            DimensionScore(key, title, 1.0, None, None, None)
            for key, title in DIMENSION_TITLES.items()
        ),
        findings=(),
        packs=(),
        business_case=BusinessCase(None, None, None, (), None, None, None),
    )
