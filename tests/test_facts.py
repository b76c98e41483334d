"""Derived facts: hand-worked numbers, absence without inputs, and robustness on sparse data.

Every expected number below is worked by hand in the comment beside it; values are compared after
rounding floats to four places, so `7.2647` stands for 2,300,000 / 340,000 + 12 / 24.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.facts import DEFAULT_PARAMETERS, FACT_REGISTRY, Fact, derive_facts
from readiness.pointers import resolve_pointer

AS_OF = date(2026, 11, 1)
NEVER_ABSENT = {"battery_in_scope", "evidence_confidence"}

# A trimmed copy of the annotated example in format-v1.yaml, as the loader gives it (dates stay
# text), with a second item in the lists so that positions and item_sources mean something.
FULL_PROJECT: dict[str, Any] = {
    "readiness": 1,
    "project": {
        "id": "m3-weld-vision",
        "name": "Module line 3 weld inspection",
        "sector": "battery",
        "stage": "pilot",
        "decision_date": "2027-03-01",
    },
    "evidence": [
        {"id": "mes-q1", "kind": "measured", "date": "2026-04-02", "ref": "evidence/mes-q1.csv"},
        {"id": "fin-note", "kind": "documented", "ref": "Finance note FN-12"},
    ],
    "baseline": {
        "period": {"from": "2026-01-05", "to": "2026-03-27"},
        "source": "mes",
        "evidence": ["mes-q1"],
        "planned_hours": 4200,
        "oee": {"availability": 0.82, "performance": 0.88, "quality": 0.955, "overall": 0.689},
        "losses": [
            {
                "id": "weld-rework",
                "category": "process_reject",
                "hours_per_year": 310,
                "annual_cost": 410000,
                "evidence": ["mes-q1"],
            },
            {"id": "changeover", "category": "setup", "hours_per_year": 900, "annual_cost": 300000},
        ],
        "kpis": [
            {
                "id": "fpy",
                "unit": "%",
                "value": 95.5,
                "target": 98.5,
                "evidence": ["mes-q1"],
                "owner": "Line 3 manager",
                "review": "weekly",
            }
        ],
        "cost_of_inaction": {"annual": 520000, "basis": "Rework", "evidence": ["fin-note"]},
    },
    "problem": {"annual_impact": 410000, "losses": ["weld-rework"]},
    "pilot": {
        "criteria_set_on": "2026-04-10",
        "started_on": "2026-05-01",
        "results": [{"kpi": "fpy", "before": 95.5, "after": 98.1, "weeks": 8}],
    },
    "people": {
        "process_owner": {"name": "A. Patel", "role": "Operations manager"},
        "team": [{"function": "operations", "fte": 1.0}, {"function": "central", "fte": 0.5}],
        "shop_floor": {
            "operators_affected": 42,
            "operators_involved": 6,
            "shifts": 3,
            "shifts_represented": 3,
            "involvement": ["co_design", "testing"],
            "issues_logged": 14,
            "training_before_go_live": True,
        },
    },
    "systems": [
        {
            "id": "weld-plc",
            "kind": "plc",
            "age_years": 18,
            "vendor_supported": False,
            "in_pilot": True,
            "can_stop": False,
            "maintenance_window_hours": 48,
            "protocols": ["profibus"],
            "integration": "adapter",
            "integration_cost": 54000,
            "single_supplier": False,
        },
        {
            "id": "line-mes",
            "kind": "mes",
            "age_years": 4,
            "vendor_supported": True,
            "in_pilot": False,
            "can_stop": False,
            "maintenance_window_hours": 12,
            "protocols": ["file"],
            "integration": "native",
        },
    ],
    "integration": {
        "cutover": "phased",
        "required_downtime_hours": 36,
        "per_asset_cost": 18000,
        "assets_at_scale": 12,
        "scale_cost_estimate": 240000,
        "ot_security_assessed": True,
        "cutover_rehearsed": True,
        "rollback_plan": True,
        "change_control": True,
        "security_owner": "OT security lead",
    },
    "solution": {
        "need_established_on": "2026-03-30",
        "hybrid": True,
        "post_implementation_review": "2027-10-01",
        "technology_choices": [
            {
                "technology": "machine vision",
                "decided_on": "2026-04-15",
                "alternatives": ["manual sampling"],
            },
            {"technology": "edge inference", "decided_on": "2026-05-01"},
        ],
        "components": [
            {
                "id": "vision-cell",
                "kind": "new",
                "addresses": ["weld-rework"],
                "used_in_pilot": True,
                "cost": 420000,
            },
            {"id": "dashboard", "kind": "extend", "used_in_pilot": False, "cost": 30000},
        ],
        "future_proofing": [
            {"item": "Plant data platform connector", "cost": 30000, "trigger": "A third line"},
            {"item": "Spare GPU", "cost": 15000},
        ],
    },
    "business_case": {
        "currency": "GBP",
        "horizon_years": 5,
        "capex": 900000,
        "opex_per_year": 60000,
        "claimed_payback_years": 3,
        "ramp_months": 6,
        "benefits": [
            {"loss": "weld-rework", "annual": 330000, "evidence": ["mes-q1"]},
            {"loss": "changeover", "annual": 50000},
        ],
        "phases": [
            {
                "name": "Line 3 pilot",
                "capex": 180000,
                "start": "2026-05-01",
                "gate": "FPY at least 98%",
                "assets": 2,
                "downtime_hours": 0,
            },
            {
                "name": "Lines 1-4 rollout",
                "capex": 720000,
                "start": "2027-04-01",
                "gate": "battery passport live",
                "assets": 12,
                "downtime_hours": {"weld-plc": 24, "line-mes": 6},
            },
        ],
    },
    "funding": {
        "grant_requested": 90000,
        "eligible_cost": 180000,
        "max_intervention_rate": 0.5,
        "match_secured": True,
        "match_evidence": ["fin-note"],
        "counterfactual": "delayed",
    },
    "risks": [
        {
            "risk": "PLC adapter latency",
            "category": "integration",
            "likelihood": 2,
            "impact": 3,
            "owner": "Controls lead",
            "mitigation": "Bench test",
        },
        {"risk": "Operators bypass holds", "category": "people"},
    ],
    "knowledge": [
        {
            "topic": "Weld PLC ladder logic",
            "kind": "system",
            "holders": ["D. Jones", "S. Lee"],
            "leaving_within_2y": ["D. Jones"],
            "documented": "partial",
            "successor_trained": True,
            "in_training": True,
        },
        {
            "topic": "Weld process windows",
            "kind": "process",
            "holders": ["H. Iqbal"],
            "leaving_within_2y": [],
            "in_training": False,
        },
    ],
    "traceability": {
        "battery": {
            "in_scope": True,
            "category": "ev",
            "capacity_kwh": 75,
            "company_turnover_eur": 250000000,
            "materials": ["cobalt", "lithium", "nickel"],
            "supplier_declaration_pct": 92,
            "rehearsed_on": "2026-09-15",
        }
    },
    "waivers": [{"check": "KR-03", "reason": "Successor in post", "expires": "2027-01-31"}],
}

# The sources each fact must carry (rubric-spec table), on the full example above.
EXPECTED_SOURCES = {
    "baseline_measurement": ("/baseline/period", "/baseline"),
    "oee_consistency": ("/baseline/oee",),
    "loss_coverage": ("/baseline/losses", "/baseline/oee"),
    "loss_costing": ("/business_case/benefits", "/baseline/losses"),
    "baseline_age_months": ("/baseline/period/to",),
    "pilot_evidence": ("/pilot",),
    "pilot_against_promise": ("/pilot/results", "/pilot"),
    "operator_involvement": ("/people/shop_floor",),
    "plant_fte_share": ("/people/team",),
    "unstoppable_systems": ("/systems", "/integration"),
    "legacy_without_route": ("/systems",),
    "scale_cost": ("/integration/scale_cost_estimate", "/integration"),
    "pilot_coverage": ("/systems",),
    "closed_links_without_route": ("/systems",),
    "component_loss_share": ("/solution/components",),
    "unused_component_share": ("/solution/components",),
    "future_proofing": ("/solution/future_proofing", "/business_case/capex"),
    "need_before_technology": ("/solution/need_established_on", "/solution"),
    "phase_scope_growth": ("/business_case/phases",),
    "hybrid_approach": ("/solution/hybrid", "/solution"),
    "problem_quantified": ("/problem/annual_impact", "/problem"),
    "benefits_over_loss": ("/business_case/benefits",),
    "phasing": ("/business_case/phases",),
    "capex_parts": ("/business_case/capex", "/business_case"),
    "payback": ("/business_case",),
    "stressed_payback": ("/business_case",),
    "sensitivity_payback": ("/business_case",),
    "payback_claim": ("/business_case/claimed_payback_years",),
    "grant": ("/funding/grant_requested", "/funding"),
    "risk_register": ("/risks",),
    "knowledge_coverage": ("/knowledge",),
    "knowledge_leavers": ("/knowledge",),
    "battery_in_scope": ("/traceability/battery/in_scope",),
    "battery_rules": ("/traceability/battery",),
    "regulated_phases": ("/business_case/phases",),
    "evidence_confidence": ("/evidence",),
    "kpi_governance": ("/baseline/kpis",),
    "operator_issue_log": ("/people/shop_floor/issues_logged",),
    "cutover_readiness": ("/integration",),
    "integration_risk_rating": ("/risks",),
    "integration_governance": ("/integration",),
    "largest_loss": ("/baseline/losses/0",),
    "usage_review": ("/solution/post_implementation_review", "/solution"),
    "benefit_delivery": ("/business_case/benefits",),
    "benefit_evidence": ("/business_case/benefits",),
    "benefits_realisation": ("/business_case/benefits",),
    "additionality": ("/funding/counterfactual", "/funding"),
    "leaver_timing": ("/knowledge",),
    "knowledge_in_training": ("/knowledge",),
    "traceability_rehearsal": ("/traceability/battery/rehearsed_on", "/traceability/battery"),
}


def derive(
    fragment: dict[str, Any],
    *,
    as_of: date = AS_OF,
    base_dir: Path | None = None,
    **parameters: Any,
) -> dict[str, Fact]:
    """Derive the facts of a minimal valid project holding `fragment`."""
    data = {"readiness": 1, "project": {"id": "p", "name": "P"}, **fragment}
    return derive_facts(data, as_of=as_of, parameters=parameters, base_dir=base_dir)


def rounded(value: Any, places: int = 4) -> Any:
    """Round every float inside value, so hand-worked figures compare exactly."""
    if isinstance(value, float):
        return round(value, places)
    if isinstance(value, dict):
        return {key: rounded(item, places) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item, places) for item in value]
    return value


def period_12_weeks() -> dict[str, str]:
    """2026-01-05 to 2026-03-30: 26 days left in January + 28 in February + 30 in March = 84."""
    return {"from": "2026-01-05", "to": "2026-03-30"}


# The design's example business case: capex 2,300,000; benefits 520,000; opex 180,000; ramp 12.
DESIGN_CASE = {
    "business_case": {
        "capex": 2300000,
        "opex_per_year": 180000,
        "ramp_months": 12,
        "horizon_years": 5,
        "benefits": [{"loss": "a", "annual": 400000}, {"loss": "b", "annual": 120000}],
    }
}
# A case that pays back: net = 330,000 - 60,000 = 270,000; horizon defaults to 5.
PAYING_CASE = {
    "business_case": {
        "capex": 900000,
        "opex_per_year": 60000,
        "ramp_months": 6,
        "benefits": [{"loss": "a", "annual": 330000}],
    }
}
# Net = 100,000 - 100,000 = 0: it never pays back.
NEVER_CASE = {
    "business_case": {
        "capex": 500000,
        "opex_per_year": 100000,
        "ramp_months": 6,
        "claimed_payback_years": 3,
        "benefits": [{"loss": "a", "annual": 100000}],
    }
}

# (fact, project fragment, expected value rounded to 4 places, expected item_sources)
PRESENT: list[Any] = [
    pytest.param(
        "baseline_measurement",
        {
            "evidence": [
                {"id": "mes-q1", "kind": "measured", "ref": "MES extract Q1 2026"},
                {"id": "note", "kind": "documented"},
            ],
            "baseline": {
                "period": period_12_weeks(),
                "source": "mes",
                "evidence": ["mes-q1", "note"],
            },
        },
        # 84 days / 7 = 12 weeks; one of the two cited ids is measured (with a ref that stands)
        {"weeks": 12.0, "source": "mes", "measured_evidence": 1, "cited_evidence": 2},
        {},
        id="baseline_measurement",
    ),
    pytest.param(
        "baseline_measurement",
        {"baseline": {"period": {"from": "2026-01-01", "to": "2026-01-11"}}},
        # 10 days / 7 = 1.4286 weeks; no source key, nothing cited
        {"weeks": 1.4286, "measured_evidence": 0, "cited_evidence": 0},
        {},
        id="baseline_measurement-sparse",
    ),
    pytest.param(
        "oee_consistency",
        {
            "baseline": {
                "planned_hours": 4000,
                "oee": {"availability": 0.9, "performance": 0.8, "quality": 0.95, "overall": 0.68},
            }
        },
        # product = 0.9 x 0.8 x 0.95 = 0.72 x 0.95 = 0.684; gap = |0.684 - 0.68| = 0.004
        {
            "availability": 0.9,
            "performance": 0.8,
            "quality": 0.95,
            "overall": 0.68,
            "product": 0.684,
            "gap": 0.004,
            "planned_hours": 4000,
        },
        {},
        id="oee_consistency",
    ),
    pytest.param(
        "oee_consistency",
        {
            "baseline": {
                "oee": {"availability": 0.9, "performance": 1, "quality": 1, "overall": 0.9}
            }
        },
        # consistent, but no planned hours to turn OEE into lost time
        {
            "availability": 0.9,
            "performance": 1,
            "quality": 1,
            "overall": 0.9,
            "product": 0.9,
            "gap": 0.0,
        },
        {},
        id="oee_consistency-no-planned-hours",
    ),
    pytest.param(
        "loss_coverage",
        {
            "baseline": {
                "period": period_12_weeks(),
                "planned_hours": 4000,
                "oee": {"overall": 0.68},
                "losses": [
                    {"id": "a", "category": "breakdown", "hours_per_year": 1200},
                    {"id": "b", "category": "setup", "hours_per_year": 2000},
                    {"id": "c", "category": "breakdown", "hours_per_year": 0},
                ],
            }
        },
        # lost = (1 - 0.68) x 4000 x 52 / 12 = 1280 x 52 / 12 = 5546.6667 h/year
        # explained = 1200 + 2000 = 3200; share = 3200 / 5546.6667 = 0.5769
        {
            "lost_hours_per_year": 5546.6667,
            "explained_hours_per_year": 3200,
            "share": 0.5769,
            "categories": 2,
            "category_names": ["breakdown", "setup"],
        },
        {},
        id="loss_coverage",
    ),
    pytest.param(
        "loss_coverage",
        {
            "baseline": {
                "period": period_12_weeks(),
                "planned_hours": 4000,
                "oee": {"overall": 1.0},
                "losses": [{"id": "a", "hours_per_year": 10}],
            }
        },
        # OEE 1.0 loses nothing: lost = 0, so share (10 / 0) is omitted
        {
            "lost_hours_per_year": 0.0,
            "explained_hours_per_year": 10,
            "categories": 0,
            "category_names": [],
        },
        {},
        id="loss_coverage-nothing-lost",
    ),
    pytest.param(
        "loss_costing",
        {
            "baseline": {
                "losses": [
                    {"id": "weld", "annual_cost": 410000},
                    {"id": "setup", "annual_cost": 150000},
                    {"id": "stops"},
                ]
            },
            "business_case": {
                "benefits": [
                    {"loss": "weld", "annual": 300000},
                    {"loss": "setup", "annual": 100000},
                    {"loss": "weld", "annual": 50000},
                ]
            },
        },
        # addressed = 410,000 (weld, once) + 150,000 = 560,000; claimed = 300 + 100 + 50 thousand
        # ratio = 450,000 / 560,000 = 0.8036; every benefit names a loss
        {
            "losses": 3,
            "uncosted": ["stops"],
            "benefits_claimed": 450000,
            "claimed_on_no_loss": 0,
            "cost_of_losses_addressed": 560000,
            "ratio": 0.8036,
        },
        {"/uncosted/0": "/baseline/losses/2"},
        id="loss_costing",
    ),
    pytest.param(
        "loss_costing",
        {"baseline": {"losses": [{"id": "weld", "annual_cost": 410000}]}},
        # no benefits list: nothing is claimed, so no claim and no ratio (not a claim of 0)
        {"losses": 1, "uncosted": []},
        {},
        id="loss_costing-no-benefits",
    ),
    pytest.param(
        "baseline_age_months",
        {"baseline": {"period": period_12_weeks()}},
        # 2026-03-30 to 2026-11-01: 1 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 1 = 216 days
        # 216 / 30.44 = 7.0959 months
        7.0959,
        {},
        id="baseline_age_months",
    ),
    pytest.param(
        "pilot_evidence",
        {
            "pilot": {
                "criteria_set_on": "2026-04-10",
                "started_on": "2026-05-01",
                "results": [
                    {"kpi": "fpy", "weeks": 8},
                    {"kpi": "oee", "weeks": 6},
                    {"weeks": 9},
                ],
            }
        },
        # three results, the shortest over min(8, 6, 9) = 6 weeks; 04-10 <= 05-01; the third
        # names no KPI
        {
            "results": 3,
            "without_kpi": ["result #3"],
            "shortest_weeks": 6,
            "criteria_before_start": True,
        },
        {"/without_kpi/0": "/pilot/results/2"},
        id="pilot_evidence",
    ),
    pytest.param(
        "pilot_evidence",
        {"pilot": {"criteria_set_on": "2026-05-02", "started_on": "2026-05-01", "results": []}},
        # criteria fixed a day after the start; no results yet, so no shortest run
        {"results": 0, "without_kpi": [], "criteria_before_start": False},
        {},
        id="pilot_evidence-criteria-late",
    ),
    pytest.param(
        "pilot_against_promise",
        {
            "baseline": {
                "kpis": [
                    {"id": "fpy", "value": 95.5, "target": 98.5},
                    {"id": "oee", "value": 60, "target": 80},
                    {"id": "stops", "value": 6.2, "target": 3.0},
                ]
            },
            "pilot": {
                "results": [
                    {"kpi": "fpy", "before": 95.5, "after": 96.5, "target": 98},
                    {"kpi": "oee", "before": 60, "after": 66},
                    {"kpi": "stops", "before": 6.2, "after": 3.1},
                    {"kpi": "unknown", "before": 1, "after": 2},
                ]
            },
        },
        # fpy: (96.5 - 95.5) / (98 - 95.5) = 0.4 of its criterion; oee: +10 % of the +33.3 %
        # promised = 0.3 < 0.5; stops: -50 % of -51.6 % = 0.97; unknown: nothing to compare with
        [
            {
                "kpi": "fpy",
                "before": 95.5,
                "after": 96.5,
                "against": "the way to its criterion of 98",
                "share": 0.4,
            },
            {
                "kpi": "oee",
                "before": 60.0,
                "after": 66.0,
                "against": "the change of +33% its KPI's target promises (60 to 80)",
                "share": 0.3,
                "moved": 0.1,
            },
        ],
        {"/0": "/pilot/results/0", "/1": "/pilot/results/1"},
        id="pilot_against_promise",
    ),
    pytest.param(
        "operator_involvement",
        {
            "people": {
                "shop_floor": {
                    "operators_affected": 42,
                    "operators_involved": 6,
                    "shifts": 3,
                    "shifts_represented": 2,
                }
            }
        },
        # share = 6 / 42 = 0.1429; shifts missing = 3 - 2 = 1
        {
            "share": 0.1429,
            "operators_affected": 42,
            "operators_involved": 6,
            "shifts": 3,
            "shifts_represented": 2,
            "shifts_missing": 1,
        },
        {},
        id="operator_involvement",
    ),
    pytest.param(
        "operator_involvement",
        {
            "people": {
                "shop_floor": {
                    "operators_affected": 40,
                    "operators_involved": 2,
                    "shifts": 2,
                    "shifts_represented": 3,
                }
            }
        },
        # share = 2 / 40 = 0.05; shifts missing = max(2 - 3, 0) = 0
        {
            "share": 0.05,
            "operators_affected": 40,
            "operators_involved": 2,
            "shifts": 2,
            "shifts_represented": 3,
            "shifts_missing": 0,
        },
        {},
        id="operator_involvement-more-represented",
    ),
    pytest.param(
        "plant_fte_share",
        {
            "people": {
                "team": [
                    {"function": "operations", "fte": 1.0},
                    {"function": "maintenance", "fte": 0.5},
                    {"function": "quality", "fte": 0.5},
                    {"function": "central", "fte": 1.5},
                    {"function": "vendor", "fte": 0.5},
                ]
            }
        },
        # plant = 1.0 + 0.5 + 0.5 = 2.0; total = 2.0 + 1.5 + 0.5 = 4.0 -> 0.5
        0.5,
        {},
        id="plant_fte_share",
    ),
    pytest.param(
        "unstoppable_systems",
        {
            "systems": [
                {"id": "a", "can_stop": False, "maintenance_window_hours": 48},
                {"id": "b", "can_stop": True, "maintenance_window_hours": 0},
                {"id": "c", "can_stop": False, "maintenance_window_hours": 24},
                {"id": "d", "can_stop": False, "maintenance_window_hours": 0},
            ],
            "integration": {"cutover": "phased", "required_downtime_hours": 36},
            "business_case": {
                "phases": [
                    {"name": "P1", "start": "2026-05-01", "downtime_hours": 20},
                    {"name": "P2", "start": "2027-05-01", "downtime_hours": {"a": 30, "c": 4}},
                    {"name": "P3", "start": "2027-09-01", "downtime_hours": {"a": 12, "c": 4}},
                ]
            },
        },
        # a, c, d cannot stop. P1 needs 20 h on each: d (no window) is short. In 2027 P2 and P3
        # share each window: a needs 30 + 12 = 42 > 48? no; c needs 4 + 4 = 8 <= 24; d none.
        {
            "unstoppable": 3,
            "cutover": "phased",
            "short_windows": [
                {
                    "system": "d",
                    "window_hours": 0.0,
                    "downtime_hours": 20,
                    "needed_by": "phase 'P1'",
                }
            ],
        },
        {"/short_windows/0": "/systems/3"},
        id="unstoppable_systems",
    ),
    pytest.param(
        "unstoppable_systems",
        {
            "systems": [{"id": "a", "can_stop": False, "maintenance_window_hours": 24}],
            "integration": {"cutover": "parallel"},
            "business_case": {
                "phases": [
                    {"name": "L1", "start": "2027-03-01", "downtime_hours": 16},
                    {"name": "L2", "start": "2027-09-01", "downtime_hours": 16},
                ]
            },
        },
        # both phases in 2027 share a's 24-hour window: 16 + 16 = 32 > 24
        {
            "unstoppable": 1,
            "cutover": "parallel",
            "short_windows": [
                {
                    "system": "a",
                    "window_hours": 24,
                    "downtime_hours": 32,
                    "needed_by": "phases 'L1', 'L2' (all in 2027)",
                }
            ],
        },
        {"/short_windows/0": "/systems/0"},
        id="unstoppable_systems-same-year",
    ),
    pytest.param(
        "unstoppable_systems",
        {
            "systems": [
                {"id": "a", "can_stop": False, "maintenance_window_hours": 48},
                {"id": "b", "can_stop": True},
            ],
            "integration": {"cutover": "big_bang", "required_downtime_hours": 60},
        },
        # big bang: all 60 hours inside a's 48-hour window
        {
            "unstoppable": 1,
            "cutover": "big_bang",
            "short_windows": [
                {
                    "system": "a",
                    "window_hours": 48,
                    "downtime_hours": 60,
                    "needed_by": "the big-bang cut-over",
                }
            ],
        },
        {"/short_windows/0": "/systems/0"},
        id="unstoppable_systems-big-bang",
    ),
    pytest.param(
        "legacy_without_route",
        {
            "systems": [
                {
                    "id": "old-routed",
                    "age_years": 18,
                    "integration": "adapter",
                    "integration_cost": 1,
                },
                {"id": "old-uncosted", "age_years": 20, "integration": "adapter"},
                {
                    "id": "unsupported-none",
                    "age_years": 3,
                    "vendor_supported": False,
                    "integration": "none",
                    "integration_cost": 0,
                },
                {"id": "new", "age_years": 2, "vendor_supported": True},
                {"id": "fifteen", "age_years": 15, "vendor_supported": True},
                {"id": "native", "age_years": 19, "integration": "native"},
            ]
        },
        # 20 > 15 without a cost; unsupported with route `none`; 15 is not older than 15; a
        # native route needs no price
        ["old-uncosted", "unsupported-none"],
        {"/0": "/systems/1", "/1": "/systems/2"},
        id="legacy_without_route",
    ),
    pytest.param(
        "scale_cost",
        {
            "integration": {
                "per_asset_cost": 18000,
                "assets_at_scale": 12,
                "scale_cost_estimate": 151200,
            }
        },
        # naive = 18,000 x 12 = 216,000; ratio = 151,200 / 216,000 = 0.7
        {"naive": 216000, "estimate": 151200, "ratio": 0.7},
        {},
        id="scale_cost",
    ),
    pytest.param(
        "pilot_coverage",
        {
            "systems": [
                {"id": "plc1", "kind": "plc", "age_years": 18, "in_pilot": True},
                {"id": "plc2", "kind": "plc", "age_years": 20, "in_pilot": False},
                {"id": "mes", "kind": "mes", "age_years": 5, "in_pilot": False},
                {"id": "erp", "kind": "erp"},
                {"id": "cam", "kind": "sensor", "age_years": 0, "in_pilot": True},
                {"id": "erp2", "kind": "erp", "in_pilot": False},
            ]
        },
        # plc and sensor were piloted; mes was not (systems 2); erp is site-wide IT, exempt
        # legacy (> 15 years): plc1 and plc2, of which plc1 was piloted
        {
            "pilot": "the pilot",
            "kinds_not_piloted": ["mes"],
            "legacy_in_scope": 2,
            "legacy_in_pilot": 1,
        },
        {"/kinds_not_piloted/0": "/systems/2"},
        id="pilot_coverage",
    ),
    pytest.param(
        "closed_links_without_route",
        {
            "systems": [
                {"id": "a", "protocols": ["proprietary"], "integration": "adapter"},
                {"id": "b", "protocols": ["file", "opc_ua"], "integration": "native"},
                {"id": "c", "protocols": ["manual"]},
                {"id": "d", "protocols": ["opc_ua"]},
            ]
        },
        # a has an adapter; b's native link is no route for a file; c states none; d is open
        ["b", "c"],
        {"/0": "/systems/1", "/1": "/systems/2"},
        id="closed_links_without_route",
    ),
    pytest.param(
        "component_loss_share",
        {
            "solution": {
                "components": [
                    {"id": "cam", "addresses": ["weld"], "cost": 420000},
                    {"id": "twin", "addresses": [], "cost": 100000},
                    {"id": "dash", "cost": 80000},
                    {"id": "spare", "addresses": ["weld"], "cost": 0},
                ]
            }
        },
        # total = 420,000 + 100,000 + 80,000 + 0 = 600,000; linked = 420,000 -> 0.7
        {"share": 0.7, "unlinked": ["twin", "dash"]},
        {"/unlinked/0": "/solution/components/1", "/unlinked/1": "/solution/components/2"},
        id="component_loss_share",
    ),
    pytest.param(
        "unused_component_share",
        {
            "solution": {
                "components": [
                    {"id": "cam", "used_in_pilot": True, "cost": 420000},
                    {"id": "twin", "used_in_pilot": False, "cost": 100000},
                    {"id": "dash", "used_in_pilot": True, "cost": 80000},
                ]
            }
        },
        # unused = 100,000 of 600,000 = 0.1667
        {"pilot": "the pilot", "share": 0.1667, "unused": ["twin"]},
        {"/unused/0": "/solution/components/1"},
        id="unused_component_share",
    ),
    pytest.param(
        "unused_component_share",
        {
            "project": {"id": "p", "name": "P", "stage": "idea"},
            "solution": {
                "components": [
                    {"id": "cam", "used_in_pilot": True, "cost": 300000},
                    {"id": "twin", "used_in_pilot": False, "cost": 100000},
                ]
            },
        },
        # at stage idea a declared scope is the planned pilot: 100,000 of 400,000 = 0.25
        {"pilot": "the planned pilot", "share": 0.25, "unused": ["twin"]},
        {"/unused/0": "/solution/components/1"},
        id="unused_component_share-planned",
    ),
    pytest.param(
        "future_proofing",
        {
            "business_case": {"capex": 900000},
            "solution": {
                "future_proofing": [
                    {"item": "A", "cost": 30000, "trigger": "third line"},
                    {"item": "B", "cost": 60000},
                    {"item": "C", "cost": 0, "trigger": "  "},
                ]
            },
        },
        # total = 30,000 + 60,000 = 90,000; share = 90,000 / 900,000 = 0.1; B and C lack a trigger
        {"share": 0.1, "total": 90000, "untriggered": ["B", "C"]},
        {
            "/untriggered/0": "/solution/future_proofing/1",
            "/untriggered/1": "/solution/future_proofing/2",
        },
        id="future_proofing",
    ),
    pytest.param(
        "future_proofing",
        {"business_case": {"capex": 900000}},
        # no future-proofing list: nothing built ahead of need
        {"share": 0.0, "total": 0, "untriggered": []},
        {},
        id="future_proofing-none",
    ),
    pytest.param(
        "need_before_technology",
        {
            "solution": {
                "need_established_on": "2026-03-30",
                "technology_choices": [
                    {"technology": "vision", "decided_on": "2026-04-15", "alternatives": ["x"]},
                    {"technology": "edge", "decided_on": "2026-02-01"},
                    {"technology": "cloud", "decided_on": "2026-05-01", "alternatives": []},
                ],
            }
        },
        # earliest decision 2026-02-01 comes before the need (2026-03-30)
        {
            "need_established_on": "2026-03-30",
            "first_decided_on": "2026-02-01",
            "need_first": False,
            "without_alternatives": ["edge", "cloud"],
        },
        {
            "/without_alternatives/0": "/solution/technology_choices/1",
            "/without_alternatives/1": "/solution/technology_choices/2",
        },
        id="need_before_technology",
    ),
    pytest.param(
        "need_before_technology",
        {"solution": {"need_established_on": "2026-03-30", "technology_choices": []}},
        # no technology chosen yet (an empty list says so): the need came first
        {"need_established_on": "2026-03-30", "need_first": True, "without_alternatives": []},
        {},
        id="need_before_technology-undated",
    ),
    pytest.param(
        "phase_scope_growth",
        {
            "business_case": {
                "phases": [
                    {"name": "P", "assets": 2},
                    {"name": "M", "assets": 0},
                    {"name": "L", "assets": 12},
                    {"name": "Q", "assets": 36},
                ]
            }
        },
        # sized phases P 2, L 12, Q 36 (M has no assets): out of the pilot 12 / 2 = 6 from P to
        # L; the largest later step 36 / 12 = 3 from L to Q
        {
            "first": {"from": "P", "to": "L", "growth": 6.0},
            "later": {"from": "L", "to": "Q", "growth": 3.0},
        },
        {"/first": "/business_case/phases/2", "/later": "/business_case/phases/3"},
        id="phase_scope_growth",
    ),
    pytest.param(
        "hybrid_approach",
        {
            "solution": {
                "hybrid": True,
                "components": [
                    {"id": "a", "kind": "new"},
                    {"id": "b", "kind": "reuse"},
                    {"id": "c", "kind": "extend"},
                    {"id": "d", "kind": "replace"},
                    {"id": "e", "kind": "new"},
                    {"id": "f"},
                ],
            }
        },
        # reuse + extend = 2, replace 1, new 2 (f states no kind; hybrid is stated, so that is
        # no matter)
        {"hybrid": True, "reuse_or_extend": 2, "replace": 1, "new": 2},
        {},
        id="hybrid_approach",
    ),
    pytest.param(
        "hybrid_approach",
        {"solution": {"components": [{"id": "a", "kind": "reuse"}, {"id": "b", "kind": "new"}]}},
        # hybrid not stated: every component's kind tells instead
        {"reuse_or_extend": 1, "replace": 0, "new": 1},
        {},
        id="hybrid_approach-by-kinds",
    ),
    pytest.param(
        "problem_quantified",
        {
            "baseline": {
                "losses": [
                    {"id": "weld", "annual_cost": 410000},
                    {"id": "setup", "annual_cost": 150000},
                ]
            },
            "problem": {"annual_impact": 600000, "losses": ["weld", "setup"]},
        },
        # named cost = 410,000 + 150,000 = 560,000; ratio = 600,000 / 560,000 = 1.0714
        {
            "annual_impact": 600000,
            "losses_named": 2,
            "cost_of_losses_named": 560000,
            "ratio": 1.0714,
        },
        {},
        id="problem_quantified",
    ),
    pytest.param(
        "problem_quantified",
        {
            "baseline": {"losses": [{"id": "weld", "annual_cost": 410000}, {"id": "stops"}]},
            "problem": {"annual_impact": 600000, "losses": ["weld", "stops"]},
        },
        # stops is not costed, so there is no cost of the named losses and no ratio
        {"annual_impact": 600000, "losses_named": 2},
        {},
        id="problem_quantified-uncosted",
    ),
    pytest.param(
        "benefits_over_loss",
        {
            "baseline": {
                "losses": [
                    {"id": "weld", "annual_cost": 410000},
                    {"id": "setup", "annual_cost": 150000},
                    {"id": "stops", "annual_cost": 90000},
                ]
            },
            "business_case": {
                "benefits": [
                    {"loss": "weld", "annual": 300000},
                    {"loss": "setup", "annual": 100000},
                    {"loss": "setup", "annual": 80000},
                    {"loss": "stops", "annual": 20000},
                ]
            },
        },
        # weld 300,000 <= 410,000 is fine; setup 100,000 + 80,000 = 180,000 > 150,000;
        # stops has no cost to compare with: the fact names it (see NEEDS), so here it is costed
        [
            {
                "benefit": "benefit #2 (setup)",
                "loss": "setup",
                "claimed": 180000,
                "loss_cost": 150000,
            },
        ],
        {"/0": "/business_case/benefits/1"},
        id="benefits_over_loss",
    ),
    pytest.param(
        "benefits_over_loss",
        {
            "baseline": {"losses": [{"id": "weld", "annual_cost": 410000}]},
            "business_case": {"benefits": [{"loss": "weld", "annual": 300000}, {"annual": 120000}]},
        },
        # benefit #2 names no measured loss: it fails whatever the amounts
        [{"benefit": "benefit #2", "claimed": 120000}],
        {"/0": "/business_case/benefits/1"},
        id="benefits_over_loss-no-loss",
    ),
    pytest.param(
        "phasing",
        {
            "business_case": {
                "capex": 900000,
                "phases": [
                    {"name": "P1", "capex": 180000, "gate": "FPY 98%"},
                    {"name": "P2", "capex": 720000},
                    {"name": "P3", "gate": "all lines"},
                ],
            }
        },
        # first phase share = 180,000 / 900,000 = 0.2
        {
            "phases": 3,
            "without_capex": ["P3"],
            "without_gate": ["P2"],
            "first_phase_share": 0.2,
        },
        {
            "/without_capex/0": "/business_case/phases/2",
            "/without_gate/0": "/business_case/phases/1",
        },
        id="phasing",
    ),
    pytest.param(
        "capex_parts",
        {
            "business_case": {
                "capex": 1300000,
                "phases": [{"name": "P1", "capex": 300000}, {"name": "P2", "capex": 2000000}],
            }
        },
        # the phases spend 2,300,000: 1,000,000 more than the total
        {"capex": 1300000, "phases_capex": 2300000, "shortfall": 1000000},
        {},
        id="capex_parts",
    ),
    pytest.param(
        "payback",
        DESIGN_CASE,
        # net = 520,000 - 180,000 = 340,000; years = 2,300,000 / 340,000 + 12 / 24
        # = 6.7647 + 0.5 = 7.2647, rounded once to 7.26; margin = 5 - 7.26 = -2.26
        {
            "years": 7.3,
            "margin_years": -2.3,
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": 340000,
            "capex": 2300000,
            "ramp_months": 12,
        },
        {},
        id="payback-design-example",
    ),
    pytest.param(
        "stressed_payback",
        DESIGN_CASE,
        # capex 2,300,000 x 1.5 = 3,450,000; ramp 12 x 1.25 = 15 months; no dated phases, so
        # the ramp is the schedule and benefits start 12 x 0.25 = 3 months late
        # years = 3,450,000 / 340,000 + 15 / 24 + 3 / 12 = 10.1471 + 0.625 + 0.25 = 11.0221
        # -> 11.0 (rounded once, to the tenth of a year the reports show)
        {
            "years": 11.0,
            "margin_years": -6.0,
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": 340000,
            "capex": 3450000.0,
            "ramp_months": 15.0,
            "capex_uplift": 0.5,
            "contingency_declared": 0.0,
            "contingency_credited": 0.0,
            "capex_uplift_applied": 0.5,
            "schedule_uplift_applied": 0.25,
            "schedule_basis": "ramp",
            "schedule_months": 12,
            "benefit_delay_months": 3.0,
        },
        {},
        id="stressed_payback-design-example",
    ),
    pytest.param(
        "stressed_payback",
        {"business_case": {**DESIGN_CASE["business_case"], "contingency_pct": 20}},
        # a 20 % contingency is already in the capex: factor = 1.5 / 1.2 = 1.25
        # capex 2,300,000 x 1.25 = 2,875,000; years = 2,875,000 / 340,000 + 0.625 + 0.25
        # = 9.3309 -> 9.3
        {
            "years": 9.3,
            "margin_years": -4.3,
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": 340000,
            "capex": 2875000.0,
            "ramp_months": 15.0,
            "capex_uplift": 0.5,
            "contingency_declared": 0.2,
            "contingency_credited": 0.2,
            "capex_uplift_applied": 0.25,
            "schedule_uplift_applied": 0.25,
            "schedule_basis": "ramp",
            "schedule_months": 12,
            "benefit_delay_months": 3.0,
        },
        {},
        id="stressed_payback-net-of-contingency",
    ),
    pytest.param(
        "stressed_payback",
        {"business_case": {**DESIGN_CASE["business_case"], "contingency_pct": 50}},
        # 50 % declared, but only 20 % (contingency_credit_cap) counts: factor 1.5 / 1.2 = 1.25,
        # the same 9.3 years as above; crediting all of it would have stressed nothing
        {
            "years": 9.3,
            "margin_years": -4.3,
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": 340000,
            "capex": 2875000.0,
            "ramp_months": 15.0,
            "capex_uplift": 0.5,
            "contingency_declared": 0.5,
            "contingency_credited": 0.2,
            "capex_uplift_applied": 0.25,
            "schedule_uplift_applied": 0.25,
            "schedule_basis": "ramp",
            "schedule_months": 12,
            "benefit_delay_months": 3.0,
        },
        {},
        id="stressed_payback-contingency-capped",
    ),
    pytest.param(
        "stressed_payback",
        {
            "business_case": {
                **DESIGN_CASE["business_case"],
                "phases": [
                    {"name": "Pilot", "capex": 300000, "start": "2026-07-06"},
                    {"name": "Rollout", "capex": 1000000, "start": "2027-04-05"},
                    {
                        "name": "Last lines",
                        "capex": 1000000,
                        "start": "2027-10-04",
                        "go_live": "2028-01-03",
                    },
                ],
            }
        },
        # dated phases: the rollout runs from 2026-07-06 to the last go-live, 2028-01-03: 546 days
        # = 546 / 30.4375 = 17.9384 months; 25 % late = 4.4846 months
        # years = 10.1471 + 15 / 24 + 4.4846 / 12 = 10.1471 + 0.625 + 0.3737 = 11.1458 -> 11.1
        {
            "years": 11.1,
            "margin_years": -6.1,
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": 340000,
            "capex": 3450000.0,
            "ramp_months": 15.0,
            "capex_uplift": 0.5,
            "contingency_declared": 0.0,
            "contingency_credited": 0.0,
            "capex_uplift_applied": 0.5,
            "schedule_uplift_applied": 0.25,
            "schedule_basis": "phases",
            "schedule_months": 17.9384,
            "benefit_delay_months": 4.4846,
        },
        {},
        id="stressed_payback-delay-from-dated-phases",
    ),
    pytest.param(
        "sensitivity_payback",
        DESIGN_CASE,
        # net = 520,000 x 0.7 - 180,000 = 364,000 - 180,000 = 184,000
        # years = 2,300,000 / 184,000 + 12 / 24 = 12.5 + 0.5 = 13.0; margin = 5 - 13 = -8
        {
            "years": 13.0,
            "margin_years": -8.0,
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": 184000.0,
            "capex": 2300000,
            "ramp_months": 12,
            "benefit_shortfall": 0.3,
        },
        {},
        id="sensitivity_payback-design-example",
    ),
    pytest.param(
        "payback",
        PAYING_CASE,
        # net = 270,000; years = 900,000 / 270,000 + 6 / 24 = 3.3333 + 0.25 = 3.5833;
        # rounded once to 3.6; horizon defaults to 5: margin = 1.4
        {
            "years": 3.6,
            "margin_years": 1.4,
            "pays_back": True,
            "horizon_years": 5,
            "net_annual_benefit": 270000,
            "capex": 900000,
            "ramp_months": 6,
        },
        {},
        id="payback-pays-back",
    ),
    pytest.param(
        "payback",
        NEVER_CASE,
        # net = 100,000 - 100,000 = 0: no years, no margin, never pays back
        {
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": 0,
            "capex": 500000,
            "ramp_months": 6,
        },
        {},
        id="payback-never",
    ),
    pytest.param(
        "stressed_payback",
        NEVER_CASE,
        # the same net of 0, with capex 750,000 and ramp 7.5 as stressed
        {
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": 0,
            "capex": 750000.0,
            "ramp_months": 7.5,
            "capex_uplift": 0.5,
            "contingency_declared": 0.0,
            "contingency_credited": 0.0,
            "capex_uplift_applied": 0.5,
            "schedule_uplift_applied": 0.25,
            "schedule_basis": "ramp",
            "schedule_months": 6,
            "benefit_delay_months": 1.5,
        },
        {},
        id="stressed_payback-never",
    ),
    pytest.param(
        "sensitivity_payback",
        NEVER_CASE,
        # net = 100,000 x 0.7 - 100,000 = -30,000
        {
            "pays_back": False,
            "horizon_years": 5,
            "net_annual_benefit": -30000.0,
            "capex": 500000,
            "ramp_months": 6,
            "benefit_shortfall": 0.3,
        },
        {},
        id="sensitivity_payback-never",
    ),
    pytest.param(
        "payback_claim",
        {"business_case": {**PAYING_CASE["business_case"], "claimed_payback_years": 3}},
        # computed 3.6; deviation = |3 - 3.6| / 3.6 = 0.6 / 3.6 = 0.1667
        {"claimed": 3, "computed": 3.6, "deviation": 0.1667},
        {},
        id="payback_claim",
    ),
    pytest.param(
        "payback_claim",
        NEVER_CASE,
        # the case never pays back, so there is nothing computed to compare with
        {"claimed": 3},
        {},
        id="payback_claim-never",
    ),
    pytest.param(
        "grant",
        {
            "funding": {
                "grant_requested": 90000,
                "eligible_cost": 180000,
                "max_intervention_rate": 0.4,
                "match_secured": True,
                "match_evidence": ["a", "b"],
            }
        },
        # intensity = 90,000 / 180,000 = 0.5; headroom = 0.4 - 0.5 = -0.1
        {
            "intensity": 0.5,
            "max_rate": 0.4,
            "headroom": -0.1,
            "match_secured": True,
            "match_evidence": 2,
        },
        {},
        id="grant",
    ),
    pytest.param(
        "risk_register",
        {
            "risks": [
                {"risk": "A", "category": "integration", "owner": "x", "mitigation": "y"},
                {"risk": "B", "category": "people"},
                {"risk": "C", "category": "integration", "owner": "z"},
                {"risk": "D", "owner": " ", "mitigation": "m"},
            ]
        },
        # B and D (a blank owner) are unowned; B and C are unmitigated
        {
            "count": 4,
            "categories": ["integration", "people"],
            "unowned": ["B", "D"],
            "unmitigated": ["B", "C"],
        },
        {
            "/unowned/0": "/risks/1",
            "/unowned/1": "/risks/3",
            "/unmitigated/0": "/risks/1",
            "/unmitigated/1": "/risks/2",
        },
        id="risk_register",
    ),
    pytest.param(
        "knowledge_coverage",
        {
            "knowledge": [
                {"topic": "a", "kind": "system"},
                {"topic": "b", "kind": "process"},
                {"topic": "c", "kind": "system"},
            ]
        },
        {"kinds": ["process", "system"], "missing_kinds": ["equipment"]},
        {},
        id="knowledge_coverage",
    ),
    pytest.param(
        "knowledge_leavers",
        {
            "knowledge": [
                {"topic": "PLC", "holders": ["A", "B"], "leaving_within_2y": ["A"]},
                {"topic": "Nobody", "holders": []},
                {"topic": "Weld", "holders": ["C", "D", "E", "F"], "leaving_within_2y": ["C"]},
            ]
        },
        # PLC: 1 of 2 = 0.5; Weld: 1 of 4 = 0.25; a topic without holders is skipped
        [
            {"topic": "PLC", "holders": 2, "leavers": 1, "leaver_share": 0.5},
            {"topic": "Weld", "holders": 4, "leavers": 1, "leaver_share": 0.25},
        ],
        {"/0": "/knowledge/0", "/1": "/knowledge/2"},
        id="knowledge_leavers",
    ),
    pytest.param(
        "battery_rules",
        {
            "traceability": {
                "battery": {
                    "category": "ev",
                    "materials": ["cobalt"],
                    "company_turnover_eur": 250000000,
                }
            }
        },
        {
            "passport_applies": True,
            "passport_duty": "is required",
            "passport_from": "2027-02-18",
            "due_diligence_applies": True,
            "due_diligence_from": "2027-08-18",
        },
        {},
        id="battery_rules",
    ),
    pytest.param(
        "regulated_phases",
        {
            "traceability": {
                "battery": {
                    "category": "ev",
                    "materials": ["lithium"],
                    "company_turnover_eur": 50000000,
                }
            },
            "business_case": {
                "phases": [
                    {"name": "Pilot", "start": "2026-05-01", "gate": "FPY"},
                    {
                        "name": "Rollout",
                        "start": "2027-04-01",
                        "gate": "Battery PASSPORT data live",
                    },
                    {"name": "Final", "start": "2027-09-01"},
                ]
            },
        },
        # Pilot starts before both dates; Rollout is after the passport date (2027-02-18) but
        # before due diligence (2027-08-18); Final is after both and has no gate
        [
            {
                "phase": "Rollout",
                "live_on": "2027-04-01",
                "requirement": "battery passport",
                "names_requirement": True,
            },
            {
                "phase": "Final",
                "live_on": "2027-09-01",
                "requirement": "battery passport",
                "names_requirement": False,
            },
            {
                "phase": "Final",
                "live_on": "2027-09-01",
                "requirement": "due diligence",
                "names_requirement": False,
            },
        ],
        {
            "/0": "/business_case/phases/1/gate",
            "/1": "/business_case/phases/2",
            "/2": "/business_case/phases/2",
        },
        id="regulated_phases",
    ),
    pytest.param(
        "kpi_governance",
        {
            "baseline": {
                "kpis": [
                    {"id": "fpy", "owner": "Line manager", "review": "weekly"},
                    {"id": "oee", "review": "monthly"},
                    {"id": "scrap", "owner": "Quality", "review": "yearly"},
                ]
            }
        },
        # oee has no owner; scrap's yearly review is not one of daily/weekly/monthly/quarterly
        {"kpis": 3, "without_owner": ["oee"], "without_review": ["scrap"]},
        {"/without_owner/0": "/baseline/kpis/1", "/without_review/0": "/baseline/kpis/2"},
        id="kpi_governance",
    ),
    pytest.param(
        "operator_issue_log",
        {"people": {"shop_floor": {"issues_logged": 14}}},
        14,
        {},
        id="operator_issue_log",
    ),
    pytest.param(
        "cutover_readiness",
        {"integration": {"cutover_rehearsed": True, "rollback_plan": False}},
        {"cutover_rehearsed": True, "rollback_plan": False},
        {},
        id="cutover_readiness",
    ),
    pytest.param(
        "integration_risk_rating",
        {
            "systems": [
                {"id": "old", "age_years": 27, "vendor_supported": False, "integration": "none"},
                {"id": "new", "age_years": 2, "vendor_supported": True},
            ],
            "risks": [
                {
                    "risk": "Adapter latency",
                    "category": "integration",
                    "likelihood": 2,
                    "impact": 3,
                },
                {"risk": "Retirement", "category": "people", "likelihood": 4, "impact": 4},
            ],
        },
        # the integration risk rates 2 x 3 = 6; the legacy system 'old' has no costed route
        {
            "highest_rating": 6,
            "integration_risks": 1,
            "systems_at_risk": ["old"],
            "register_says": "the highest integration risk in the register is rated 6 of 25",
        },
        {},
        id="integration_risk_rating",
    ),
    pytest.param(
        "integration_governance",
        {"integration": {"change_control": True, "security_owner": "OT security lead"}},
        {"change_control": True, "security_owner": "OT security lead"},
        {},
        id="integration_governance",
    ),
    pytest.param(
        "largest_loss",
        {
            "baseline": {
                "losses": [
                    {"id": "weld", "annual_cost": 480000},
                    {"id": "laser", "annual_cost": 610000, "out_of_scope": "PM programme"},
                    {"id": "setup", "annual_cost": 130000},
                ]
            },
            "solution": {"components": [{"id": "cam", "addresses": ["weld"]}]},
        },
        # laser is the costliest: 610,000 / 1,220,000 = 0.5; nothing addresses it, a reason is given
        {
            "loss": "laser",
            "annual_cost": 610000,
            "share": 0.5,
            "addressed": False,
            "out_of_scope": "PM programme",
        },
        {},
        id="largest_loss",
    ),
    pytest.param(
        "usage_review",
        {
            "solution": {"post_implementation_review": "2027-01-15"},
            "business_case": {"phases": [{"name": "a", "start": "2026-05-01"}]},
        },
        {"review_on": "2027-01-15", "first_live": "2026-05-01", "after_go_live": True},
        {},
        id="usage_review",
    ),
    pytest.param(
        "benefit_delivery",
        {
            "solution": {"components": [{"id": "cam", "addresses": ["weld"]}]},
            "business_case": {"benefits": [{"loss": "weld"}, {"loss": "energy"}]},
        },
        [{"benefit": "benefit #2 (energy)", "loss": "energy"}],
        {"/0": "/business_case/benefits/1"},
        id="benefit_delivery",
    ),
    pytest.param(
        "benefit_evidence",
        {
            "evidence": [
                {"id": "mes", "kind": "measured", "ref": "MES export"},
                {"id": "roi", "kind": "estimated", "ref": "Vendor ROI workbook"},
                {"id": "deck", "kind": "asserted", "ref": "Vendor deck"},
            ],
            "baseline": {
                "losses": [
                    {"id": "weld", "evidence": ["roi", "mes"]},
                    {"id": "energy", "evidence": ["deck", "roi"]},
                    {"id": "stops"},
                ]
            },
            "business_case": {
                "benefits": [
                    {"loss": "weld", "annual": 300000},
                    {"loss": "energy", "annual": 60000},
                    {"loss": "stops", "annual": 40000},
                    {"annual": 100000},
                ]
            },
        },
        # weld's strongest is measured (300,000 strong of 500,000 = 0.6); energy's strongest is
        # estimated; stops cites nothing; the fourth names no loss
        {
            "share": 0.6,
            "weak": [
                {
                    "benefit": "benefit #2 (energy)",
                    "annual": 60000,
                    "grade": "estimated evidence only",
                },
                {
                    "benefit": "benefit #3 (stops)",
                    "annual": 40000,
                    "grade": "no evidence that can be found",
                },
                {
                    "benefit": "benefit #4",
                    "annual": 100000,
                    "grade": "nothing: it names no baseline loss",
                },
            ],
        },
        {
            "/weak/0": "/business_case/benefits/1",
            "/weak/1": "/business_case/benefits/2",
            "/weak/2": "/business_case/benefits/3",
        },
        id="benefit_evidence",
    ),
    pytest.param(
        "benefits_realisation",
        {
            "business_case": {
                "benefits": [
                    {"loss": "weld", "owner": "Ops manager", "realised_by": "2028-03-31"},
                    {"loss": "setup", "owner": "Ops manager"},
                ]
            }
        },
        {"benefits": 2, "without_owner": [], "without_realised_by": ["benefit #2 (setup)"]},
        {"/without_realised_by/0": "/business_case/benefits/1"},
        id="benefits_realisation",
    ),
    pytest.param(
        "additionality",
        {"funding": {"counterfactual": "delayed"}},
        {"counterfactual": "delayed"},
        {},
        id="additionality",
    ),
    pytest.param(
        "leaver_timing",
        {
            "business_case": {
                "phases": [
                    {"name": "Pilot", "start": "2026-05-01"},
                    {"name": "L1", "start": "2027-03-01", "go_live": "2027-09-13"},
                ]
            },
            "knowledge": [
                {
                    "topic": "PLC logic",
                    "holders": ["G. Rowntree", "K. Baptiste"],
                    "leaves": [{"holder": "G. Rowntree", "date": "2027-06-30"}],
                }
            ],
        },
        # 2027-06-30 is before L1 goes live (2027-09-13), and no successor is trained
        {
            "dated_leavers": 1,
            "before_phase": [
                {
                    "topic": "PLC logic",
                    "holder": "G. Rowntree",
                    "leaves_on": "2027-06-30",
                    "phase": "L1",
                    "phase_live": "2027-09-13",
                }
            ],
        },
        {"/before_phase/0": "/knowledge/0/leaves/0"},
        id="leaver_timing",
    ),
    pytest.param(
        "knowledge_in_training",
        {"knowledge": [{"topic": "a", "in_training": True}, {"topic": "b", "in_training": False}]},
        {"topics": 2, "not_in_training": ["b"]},
        {"/not_in_training/0": "/knowledge/1"},
        id="knowledge_in_training",
    ),
    pytest.param(
        "traceability_rehearsal",
        {"traceability": {"battery": {"rehearsed_on": "2026-10-01"}}},
        # 2026-10-01 to the as-of date 2026-11-01: 31 days
        {"rehearsed_on": "2026-10-01", "days_ago": 31},
        {},
        id="traceability_rehearsal",
    ),
]


@pytest.mark.parametrize(("name", "fragment", "expected", "item_sources"), PRESENT)
def test_fact_is_worked_out_by_hand(
    name: str, fragment: dict[str, Any], expected: Any, item_sources: dict[str, str]
) -> None:
    """Each fact gives the hand-worked value and points its items at the right document item."""
    fact = derive(fragment)[name]
    assert rounded(fact.value) == expected
    assert dict(fact.item_sources) == item_sources


# (fact, project fragment in which its essential inputs are absent)
ABSENT: list[Any] = [
    pytest.param("capex_parts", {"business_case": {"capex": 900000}}),
    pytest.param("baseline_measurement", {"baseline": {"period": {"from": "2026-01-05"}}}),
    pytest.param(
        "baseline_measurement",
        {"baseline": {"period": {"from": "2026-01-05", "to": "2026-02-30"}}},
        id="baseline_measurement-not-a-date",
    ),
    pytest.param("oee_consistency", {"baseline": {"planned_hours": 4000}}),
    pytest.param(
        "loss_coverage",
        {"baseline": {"period": period_12_weeks(), "planned_hours": 4000, "oee": {"overall": 0.7}}},
    ),
    pytest.param(
        "loss_coverage",
        {
            "baseline": {
                "period": {"from": "2026-01-05", "to": "2026-01-05"},
                "planned_hours": 4000,
                "oee": {"overall": 0.7},
                "losses": [],
            }
        },
        id="loss_coverage-zero-weeks",
    ),
    pytest.param("loss_costing", {"business_case": {"benefits": [{"loss": "a", "annual": 1}]}}),
    pytest.param("baseline_age_months", {"baseline": {"period": {"from": "2026-01-05"}}}),
    pytest.param("pilot_evidence", {"baseline": {}}),
    pytest.param("pilot_against_promise", {"pilot": {"results": [{"kpi": "fpy", "weeks": 8}]}}),
    pytest.param("benefit_evidence", {"business_case": {"benefits": [{"loss": "weld"}]}}),
    pytest.param(
        "operator_involvement",
        {"people": {"shop_floor": {"operators_affected": 0, "operators_involved": 0}}},
    ),
    pytest.param(
        "operator_involvement",
        {"people": {"shop_floor": {"operators_involved": 3}}},
        id="operator_involvement-no-affected",
    ),
    pytest.param("plant_fte_share", {"people": {"team": [{"function": "central"}]}}),
    pytest.param("plant_fte_share", {"people": {}}, id="plant_fte_share-no-team"),
    pytest.param("unstoppable_systems", {"systems": []}),
    pytest.param("legacy_without_route", {}),
    pytest.param(
        "scale_cost",
        {"integration": {"per_asset_cost": 1000, "assets_at_scale": 0, "scale_cost_estimate": 5}},
    ),
    pytest.param(
        "scale_cost",
        {"integration": {"per_asset_cost": 1000, "assets_at_scale": 4}},
        id="scale_cost-no-estimate",
    ),
    pytest.param("pilot_coverage", {"systems": []}),
    pytest.param("closed_links_without_route", {}),
    pytest.param("component_loss_share", {"solution": {"components": [{"id": "a"}]}}),
    pytest.param("unused_component_share", {"solution": {"components": []}}),
    pytest.param("future_proofing", {"business_case": {"capex": 0}}),
    pytest.param(
        "future_proofing",
        {"solution": {"future_proofing": [{"item": "x", "cost": 1}]}},
        id="future_proofing-no-capex",
    ),
    pytest.param(
        "need_before_technology",
        {"solution": {"technology_choices": [{"technology": "x", "decided_on": "2026-01-01"}]}},
    ),
    pytest.param(
        "phase_scope_growth",
        {"business_case": {"phases": [{"name": "a", "assets": 2}, {"name": "b", "assets": 0}]}},
    ),
    pytest.param("hybrid_approach", {}),
    pytest.param("problem_quantified", {}),
    pytest.param("benefits_over_loss", {"business_case": {"capex": 1}}),
    pytest.param("phasing", {"business_case": {"capex": 1}}),
    pytest.param(
        "payback",
        {"business_case": {"capex": 1, "opex_per_year": 1, "benefits": [{"loss": "a"}]}},
        id="payback-no-ramp",
    ),
    pytest.param(
        "stressed_payback",
        {"business_case": {"capex": 1, "opex_per_year": 1, "ramp_months": 1}},
        id="stressed_payback-no-benefits",
    ),
    pytest.param(
        "sensitivity_payback",
        {"business_case": {"benefits": [], "opex_per_year": 1, "ramp_months": 1}},
        id="sensitivity_payback-no-capex",
    ),
    pytest.param(
        "payback_claim",
        {"business_case": {"claimed_payback_years": 3, "capex": 1}},
        id="payback_claim-no-payback",
    ),
    pytest.param("payback_claim", PAYING_CASE, id="payback_claim-no-claim"),
    pytest.param("grant", {"funding": {"grant_requested": 1, "eligible_cost": 0}}),
    pytest.param("grant", {"funding": {"eligible_cost": 10}}, id="grant-no-request"),
    pytest.param("risk_register", {}),
    pytest.param("knowledge_coverage", {}),
    pytest.param("knowledge_leavers", {}),
    pytest.param("battery_rules", {"traceability": {}}),
    pytest.param(
        "regulated_phases",
        {"traceability": {"battery": {"category": "ev"}}},
        id="regulated_phases-no-phases",
    ),
    pytest.param(
        "regulated_phases",
        {"business_case": {"phases": [{"name": "a", "start": "2028-01-01"}]}},
        id="regulated_phases-no-battery",
    ),
    pytest.param("kpi_governance", {"baseline": {}}),
    pytest.param("operator_issue_log", {"people": {"shop_floor": {}}}),
    pytest.param(
        "operator_issue_log",
        {
            "project": {"id": "p", "name": "P", "stage": "idea"},
            "people": {"shop_floor": {"issues_logged": 0}},
        },
        id="operator_issue_log-no-pilot-yet",
    ),
    pytest.param("cutover_readiness", {"integration": {"cutover_rehearsed": True}}),
    pytest.param("integration_risk_rating", {}),
    pytest.param("integration_governance", {"integration": {}}),
    pytest.param("largest_loss", {"baseline": {"losses": [{"id": "a"}]}}),
    pytest.param("usage_review", {"solution": {}}),
    pytest.param("benefit_delivery", {"business_case": {"benefits": []}}),
    pytest.param("benefits_realisation", {}),
    pytest.param("additionality", {"funding": {"scheme": "x"}}),
    pytest.param(
        "leaver_timing",
        {"knowledge": [{"topic": "a", "leaves": [{"holder": "x", "date": "2027-01-01"}]}]},
    ),
    pytest.param("knowledge_in_training", {"knowledge": [{"topic": "a"}]}),
    pytest.param("traceability_rehearsal", {"traceability": {"battery": {}}}),
]


def is_absent(facts: dict[str, Fact], name: str) -> bool:
    """A fact with nothing to go on is left out; one that can say what it lacks is None."""
    return name not in facts or facts[name].value is None


@pytest.mark.parametrize(("name", "fragment"), ABSENT)
def test_fact_is_absent_without_its_inputs(name: str, fragment: dict[str, Any]) -> None:
    """A fact whose essential inputs are missing has no value, so its check reports `missing`."""
    assert is_absent(derive(fragment), name)


# (fact, fragment, the keys it names to add, the pointer its finding is located at): absent is
# never a value, so each of these reads what the old rules read as false or zero as "not given".
NEEDS: list[Any] = [
    pytest.param(
        "payback",
        {
            "business_case": {
                "capex": 900000,
                "opex_per_year": 60000,
                "ramp_months": 6,
                "benefits": [{"loss": "a", "annual": 330000}, {"loss": "b"}],
            }
        },
        ("business_case.benefits[1].annual",),
        "/business_case/benefits/1",
        id="payback-benefit-without-amount",
    ),
    pytest.param(
        "loss_costing",
        {"baseline": {"losses": [{"id": "a"}]}, "business_case": {"benefits": [{"loss": "a"}]}},
        ("business_case.benefits[0].annual",),
        "/business_case/benefits/0",
        id="loss_costing-benefit-without-amount",
    ),
    pytest.param(
        "benefits_over_loss",
        {
            "baseline": {"losses": [{"id": "a"}]},
            "business_case": {"benefits": [{"loss": "a", "annual": 1}]},
        },
        ("baseline.losses[0].annual_cost",),
        "/baseline/losses/0",
        id="benefits_over_loss-uncosted-loss",
    ),
    pytest.param(
        "oee_consistency",
        {"baseline": {"oee": {"overall": 0.7, "availability": 0.9}}},
        ("baseline.oee.performance", "baseline.oee.quality"),
        "/baseline/oee",
        id="oee_consistency-parts",
    ),
    pytest.param(
        "pilot_coverage",
        {"systems": [{"id": "plc", "kind": "plc", "age_years": 18}]},
        ("systems[0].in_pilot",),
        "/systems/0",
        id="pilot_coverage-in-pilot-not-said",
    ),
    pytest.param(
        "pilot_coverage",
        {
            # at stage idea, a scope nobody declared is not yet evidenced (a declared one is
            # judged as the planned pilot)
            "project": {"id": "p", "name": "P", "stage": "idea"},
            "systems": [{"id": "plc", "kind": "plc", "age_years": 18}],
        },
        ("systems[].in_pilot",),
        "/project/stage",
        id="pilot_coverage-no-pilot-yet",
    ),
    pytest.param(
        "unused_component_share",
        {"solution": {"components": [{"id": "a", "cost": 1}]}},
        ("solution.components[0].used_in_pilot",),
        "/solution/components/0",
        id="unused_component_share-use-not-said",
    ),
    pytest.param(
        "capex_parts",
        {"business_case": {"capex": 900000, "phases": [{"name": "P1"}]}},
        ("business_case.phases[0].capex",),
        "/business_case/phases",
        id="capex_parts-phase-without-capex",
    ),
    pytest.param(
        "grant",
        {"funding": {"grant_requested": 50000, "eligible_cost": 200000}},
        ("funding.max_intervention_rate", "funding.match_secured"),
        "/funding",
        id="grant-no-rate",
    ),
    pytest.param(
        "unstoppable_systems",
        {
            "systems": [{"id": "a", "can_stop": False, "maintenance_window_hours": 24}],
            # 36 hours could fit two yearly windows of 24 only if split well: only the
            # phases' own figures tell
            "integration": {"cutover": "phased", "required_downtime_hours": 36},
            "business_case": {
                "phases": [{"name": "P1", "start": "2027-03-01"}, {"name": "P2"}],
            },
        },
        ("business_case.phases[0].downtime_hours", "business_case.phases[1].downtime_hours"),
        "/business_case/phases/0",
        id="unstoppable_systems-phase-downtime",
    ),
    pytest.param(
        "plant_fte_share",
        {"people": {"team": [{"function": "operations", "fte": 1}, {"fte": 2}]}},
        ("people.team[1].function",),
        "/people/team",
        id="plant_fte_share-function",
    ),
    pytest.param(
        "knowledge_leavers",
        {"knowledge": [{"topic": "PLC", "holders": ["A", "B"]}]},
        ("knowledge[0].leaving_within_2y",),
        "/knowledge/0",
        id="knowledge_leavers-not-said",
    ),
    pytest.param(
        "loss_coverage",
        {
            "baseline": {
                "period": period_12_weeks(),
                "planned_hours": 4000,
                "oee": {"overall": 0.68},
                "losses": [{"id": "a", "hours_per_year": 1200}, {"id": "b"}],
            }
        },
        ("baseline.losses[1].hours_per_year",),
        "/baseline/losses/1",
        id="loss_coverage-unsized-loss",
    ),
    pytest.param(
        "problem_quantified",
        {"problem": {"statement": "Weld quality is poor"}},
        ("problem.annual_impact",),
        "/problem",
        id="problem_quantified-words-only",
    ),
]


@pytest.mark.parametrize(("name", "fragment", "needs", "where"), NEEDS)
def test_absent_fact_names_what_to_add(
    name: str, fragment: dict[str, Any], needs: tuple[str, ...], where: str
) -> None:
    """A fact missing an input names the keys to add, located at the nearest item given."""
    fact = derive(fragment)[name]
    assert fact.value is None
    assert fact.needs == needs
    assert fact.sources[0] == where


def test_minimal_project_has_only_the_never_absent_facts() -> None:
    """A project with only id and name gives battery_in_scope and evidence_confidence; every
    other fact has no value and says what to add."""
    facts = derive({})
    assert {name for name, fact in facts.items() if fact.value is not None} == NEVER_ABSENT
    assert all(fact.needs for fact in facts.values() if fact.value is None)
    assert facts["battery_in_scope"].value is False
    assert facts["evidence_confidence"].value == {
        "share": 0.0,
        "cited": 0,
        "strong": 0,
        "missing_files": [],
        "unchecked": [],
    }


def test_full_example_has_every_fact_with_its_sources() -> None:
    """The full example gives all facts, each with the sources the spec names."""
    facts = derive_facts(FULL_PROJECT, as_of=AS_OF, parameters={})
    assert list(facts) == [name for name, _ in FACT_REGISTRY]
    assert {name: fact.sources for name, fact in facts.items()} == EXPECTED_SOURCES


def test_registry_names_are_unique_and_match_their_functions() -> None:
    """The registry lists each fact once, under its own function's name."""
    names = [name for name, _ in FACT_REGISTRY]
    assert len(names) == len(set(names)) == len(EXPECTED_SOURCES)
    assert all(name == function.__name__ for name, function in FACT_REGISTRY)


def test_default_parameters_are_the_spec_defaults() -> None:
    """DEFAULT_PARAMETERS carries every parameter the packs name, with the spec's defaults."""
    assert DEFAULT_PARAMETERS == {
        "annualise_weeks": 52,
        "pilot_promise_min_share": 0.5,
        "legacy_age_years": 15,
        "pilot_kinds_exempt": ["erp", "cloud", "network", "other"],
        "closed_protocols": ["proprietary", "manual", "file"],
        "integration_routes": ["adapter", "retrofit", "replace"],
        "horizon_default_years": 5,
        "capex_uplift": 0.5,
        "schedule_uplift": 0.25,
        "benefit_shortfall": 0.3,
        "contingency_credit_cap": 0.2,
        "knowledge_kinds": ["system", "equipment", "process"],
        "passport_date": "2027-02-18",
        "passport_categories": ["ev", "lmt"],
        "passport_industrial_min_kwh": 2,
        "due_diligence_date": "2027-08-18",
        "due_diligence_turnover_eur": 40000000,
        "covered_materials": ["cobalt", "lithium", "nickel", "natural_graphite"],
        "requirement_keywords": {
            "battery passport": ["passport"],
            "due diligence": ["due diligence", "due-diligence"],
        },
        "conditional_max_open_highs": 5,
        "conditional_max_weak_dimensions": 1,
        "conditional_weak_band": 1,
        "not_ready_claim_deviation": 0.25,
    }


def test_fact_item_sources_default_to_empty() -> None:
    """A Fact made without item_sources has an empty mapping, not None."""
    assert Fact(1, ("/a",)).item_sources == {}


def test_derive_does_not_change_its_inputs() -> None:
    """Deriving facts leaves the project data and the parameters as they were."""
    data = copy.deepcopy(FULL_PROJECT)
    parameters = {"legacy_age_years": 10}
    derive_facts(data, as_of=AS_OF, parameters=parameters)
    assert data == FULL_PROJECT
    assert parameters == {"legacy_age_years": 10}


@pytest.mark.parametrize(
    ("as_of", "months"),
    [
        (date(2026, 3, 30), 0.0),  # the day the baseline ended
        (date(2026, 11, 1), 7.0959),  # 216 days / 30.44
        (date(2027, 9, 30), 18.0355),  # 365 + 184 = 549 days / 30.44: just over 18 months
        (date(2026, 3, 1), -0.9527),  # before the baseline ended: 29 days / 30.44, negative
    ],
)
def test_baseline_age_counts_from_as_of(as_of: date, months: float) -> None:
    """The baseline's age is measured from the --as-of date, not the clock."""
    facts = derive({"baseline": {"period": period_12_weeks()}}, as_of=as_of)
    assert round(facts["baseline_age_months"].value, 4) == months


@pytest.mark.parametrize(
    ("project", "in_scope", "sources"),
    [
        ({}, False, ("/project/sector",)),
        ({"project": {"id": "p", "name": "P", "sector": "battery"}}, True, ("/project/sector",)),
        (
            {
                "project": {"id": "p", "name": "P", "sector": "battery"},
                "traceability": {"battery": {"in_scope": False}},
            },
            False,
            ("/traceability/battery/in_scope",),
        ),
        (
            {
                "project": {"id": "p", "name": "P", "sector": "food"},
                "traceability": {"battery": {"in_scope": True}},
            },
            True,
            ("/traceability/battery/in_scope",),
        ),
        (
            {
                "project": {"id": "p", "name": "P", "sector": "battery"},
                "traceability": {"battery": {"category": "ev"}},
            },
            True,
            ("/project/sector",),
        ),
    ],
)
def test_battery_in_scope_as_stated_else_by_sector(
    project: dict[str, Any], in_scope: bool, sources: tuple[str, ...]
) -> None:
    """Battery rules apply as stated, else when the sector is battery; never absent."""
    fact = derive(project)["battery_in_scope"]
    assert fact.value is in_scope
    assert fact.sources == sources


@pytest.mark.parametrize(
    ("battery", "passport", "due_diligence"),
    [
        # materials not stated: due diligence is left open (omitted), not assumed away
        ({"category": "ev"}, True, None),
        ({"category": "lmt", "materials": ["other"]}, True, False),
        ({"category": "industrial", "capacity_kwh": 2, "materials": []}, False, False),  # 2 kWh
        ({"category": "industrial", "capacity_kwh": 2.5, "materials": []}, True, False),
        ({"category": "industrial", "materials": []}, None, False),  # capacity unknown: open
        ({"category": "portable", "materials": []}, False, False),
        ({}, None, None),  # no category stated: the passport is left open, not ruled out
        ({"category": "sli", "materials": ["lithium"]}, False, None),  # turnover unknown
        (
            {"category": "sli", "materials": ["lithium"], "company_turnover_eur": 39999999},
            False,
            False,
        ),
        (
            {"category": "sli", "materials": ["natural_graphite"], "company_turnover_eur": 4e7},
            False,
            True,
        ),
    ],
)
def test_battery_rules_follow_category_and_turnover(
    battery: dict[str, Any], passport: bool | None, due_diligence: bool | None
) -> None:
    """The passport follows category and capacity; due diligence follows materials and turnover;
    a duty whose deciding fact is not stated is left out (its check then applies)."""
    value = derive({"traceability": {"battery": battery}})["battery_rules"].value
    assert value.get("passport_applies") is passport
    assert value.get("due_diligence_applies") is due_diligence


@pytest.mark.parametrize(
    ("gate", "parameters", "names"),
    [
        ("Due diligence policy signed", {}, True),
        ("supplier due-diligence audit done", {}, True),
        ("Supplier audit done", {}, False),
        # a pack changing only the passport's keywords keeps the default due-diligence ones
        ("Due diligence policy signed", {"battery passport": ["dpp"]}, True),
        ("Supplier audit done", {"due diligence": ["audit"]}, True),
    ],
)
def test_regulated_phase_gate_keywords(gate: str, parameters: dict[str, Any], names: bool) -> None:
    """A gate names due diligence by any of its keywords, case-insensitively."""
    overrides: dict[str, Any] = {"requirement_keywords": parameters} if parameters else {}
    facts = derive(
        {
            "traceability": {"battery": {"category": "sli", "materials": ["cobalt"]}},
            "business_case": {"phases": [{"name": "Go", "start": "2027-08-18", "gate": gate}]},
        },
        **overrides,
    )
    # SLI has no passport; turnover unknown with a covered material counts as due diligence
    assert facts["regulated_phases"].value == [
        {
            "phase": "Go",
            "live_on": "2027-08-18",
            "requirement": "due diligence",
            "names_requirement": names,
        }
    ]


def test_never_paying_case_has_no_years_or_margin() -> None:
    """With net benefit <= 0, no variant reports years or a margin, and none pays back."""
    facts = derive(NEVER_CASE)
    for name in ("payback", "stressed_payback", "sensitivity_payback"):
        assert "years" not in facts[name].value
        assert "margin_years" not in facts[name].value
        assert facts[name].value["pays_back"] is False


def test_payback_exactly_at_the_horizon_pays_back() -> None:
    """A margin of exactly zero still pays back (margin >= 0)."""
    # net = 250,000 - 50,000 = 200,000; years = 900,000 / 200,000 + 6 / 24 = 4.5 + 0.5 = 5
    facts = derive(
        {
            "business_case": {
                "capex": 900000,
                "opex_per_year": 50000,
                "ramp_months": 12,
                "horizon_years": 5,
                "benefits": [{"loss": "a", "annual": 250000}],
            }
        }
    )
    assert facts["payback"].value["margin_years"] == 0
    assert facts["payback"].value["pays_back"] is True


# --- booleans are not numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "name", "needs"),
    [
        # True is an int to Python; as a count of operators it is absent
        (
            {"people": {"shop_floor": {"operators_affected": True, "operators_involved": 1}}},
            "operator_involvement",
            "people.shop_floor.operators_affected",
        ),
        (
            {"business_case": {**PAYING_CASE["business_case"], "capex": True}},
            "payback",
            "business_case.capex",
        ),
        # a boolean hours figure is no number of hours
        (
            {
                "baseline": {
                    "period": period_12_weeks(),
                    "planned_hours": 4000,
                    "oee": {"overall": 0.68},
                    "losses": [
                        {"id": "a", "hours_per_year": True},
                        {"id": "b", "hours_per_year": 100},
                    ],
                }
            },
            "loss_coverage",
            "baseline.losses[0].hours_per_year",
        ),
        # in_pilot: 1 is neither `true` nor `false`
        (
            {"systems": [{"id": "a", "kind": "plc", "age_years": 3, "in_pilot": 1}]},
            "pilot_coverage",
            "systems[0].in_pilot",
        ),
        # can_stop: 0 is not `false`
        (
            {"systems": [{"id": "a", "can_stop": 0}]},
            "unstoppable_systems",
            "systems[0].can_stop",
        ),
        # used_in_pilot: 0 is not `false`
        (
            {"solution": {"components": [{"id": "a", "cost": 100, "used_in_pilot": 0}]}},
            "unused_component_share",
            "solution.components[0].used_in_pilot",
        ),
        # a cost of True is no cost
        (
            {"solution": {"components": [{"id": "b", "cost": True, "used_in_pilot": True}]}},
            "unused_component_share",
            "solution.components[0].cost",
        ),
    ],
)
def test_booleans_are_not_numbers(fragment: dict[str, Any], name: str, needs: str) -> None:
    """Booleans never count as numbers (True == 1 in Python), nor numbers as booleans: either is
    a value not given, and the fact names the key."""
    fact = derive(fragment)[name]
    assert fact.value is None
    assert needs in fact.needs


# --- parameters -----------------------------------------------------------------------------


def test_legacy_age_parameter_overrides_the_default() -> None:
    """With legacy_age_years 10, a 12-year-old unrouted system is legacy (not at the default 15)."""
    fragment = {
        "systems": [
            {"id": "a", "kind": "plc", "age_years": 12, "vendor_supported": True, "in_pilot": True}
        ]
    }
    assert derive(fragment)["legacy_without_route"].value == []
    facts = derive(fragment, legacy_age_years=10)
    assert facts["legacy_without_route"].value == ["a"]
    assert facts["pilot_coverage"].value["legacy_in_scope"] == 1
    assert facts["pilot_coverage"].value["legacy_in_pilot"] == 1


@pytest.mark.parametrize(
    ("parameters", "name", "key", "expected"),
    [
        # capex 2,300,000 x 2 / 340,000 + 12 x 1.25 / 24 + 12 x 0.25 / 12
        # = 13.5294 + 0.625 + 0.25 = 14.4044 -> 14.40
        ({"capex_uplift": 1.0}, "stressed_payback", "years", 14.4),
        # capex 2,300,000 x 1.5 / 340,000 + 12 x 1 / 24, no delay = 10.6471 -> 10.6
        ({"schedule_uplift": 0}, "stressed_payback", "years", 10.6),
        # schedule +50 %: ramp 18 months, benefits 6 months late
        # 10.1471 + 18 / 24 + 6 / 12 = 11.3971 -> 11.40
        ({"schedule_uplift": 0.5}, "stressed_payback", "years", 11.4),
        # net = 520,000 x 0.5 - 180,000 = 80,000; 2,300,000 / 80,000 + 0.5 = 29.25,
        # rounded half up to 29.3
        ({"benefit_shortfall": 0.5}, "sensitivity_payback", "years", 29.3),
        # a wrongly typed parameter falls back to the default uplift of 0.5: 11.0
        ({"capex_uplift": "50%"}, "stressed_payback", "years", 11.0),
    ],
)
def test_funding_parameters_override_defaults(
    parameters: dict[str, Any], name: str, key: str, expected: float
) -> None:
    """The packs' uplifts and shortfall replace the defaults in the stressed paybacks."""
    facts = derive(DESIGN_CASE, **parameters)
    assert round(facts[name].value[key], 4) == expected


def test_horizon_default_parameter_applies_when_the_case_has_none() -> None:
    """Without business_case.horizon_years, horizon_default_years sets the horizon."""
    # years = 3.6 (see PAYING_CASE); margin = 3 - 3.6 = -0.6
    value = derive(PAYING_CASE, horizon_default_years=3)["payback"].value
    assert value["horizon_years"] == 3
    assert value["margin_years"] == -0.6
    assert value["pays_back"] is False


def test_annualise_weeks_parameter() -> None:
    """annualise_weeks scales the lost hours: 48 weeks instead of 52."""
    # lost = 0.32 x 4000 x 48 / 12 = 5120
    fragment = {
        "baseline": {
            "period": period_12_weeks(),
            "planned_hours": 4000,
            "oee": {"overall": 0.68},
            "losses": [],
        }
    }
    value = derive(fragment, annualise_weeks=48)["loss_coverage"].value
    assert round(value["lost_hours_per_year"], 4) == 5120


def test_traceability_parameters_move_dates_and_thresholds() -> None:
    """Pack dates (text or date), turnover threshold and keywords replace the defaults."""
    battery = {"category": "ev", "materials": ["cobalt"], "company_turnover_eur": 30000000}
    phases = [{"name": "Go", "start": "2026-06-01", "gate": "DPP live"}]
    facts = derive(
        {"traceability": {"battery": battery}, "business_case": {"phases": phases}},
        passport_date=date(2026, 1, 1),
        due_diligence_date="2030-01-01",
        due_diligence_turnover_eur=25000000,
        requirement_keywords={"battery passport": ["dpp"]},
    )
    assert facts["battery_rules"].value == {
        "passport_applies": True,
        "passport_duty": "is required",
        "passport_from": "2026-01-01",
        "due_diligence_applies": True,
        "due_diligence_from": "2030-01-01",
    }
    assert facts["regulated_phases"].value == [
        {
            "phase": "Go",
            "live_on": "2026-06-01",
            "requirement": "battery passport",
            "names_requirement": True,
        }
    ]


def test_knowledge_kinds_and_protocol_parameters() -> None:
    """knowledge_kinds, closed_protocols and integration_routes come from the packs."""
    facts = derive(
        {
            "knowledge": [{"topic": "a", "kind": "system"}],
            "systems": [{"id": "a", "protocols": ["modbus"], "integration": "adapter"}],
        },
        knowledge_kinds=["system", "safety"],
        closed_protocols=["modbus"],
        integration_routes=["retrofit"],
    )
    assert facts["knowledge_coverage"].value["missing_kinds"] == ["safety"]
    assert facts["closed_links_without_route"].value == ["a"]


# --- evidence files ---------------------------------------------------------------------------


def evidence_project() -> dict[str, Any]:
    """A register of seven entries cited from four places (and once from a user's x- key)."""
    return {
        "evidence": [
            {"id": "mes", "kind": "measured", "ref": "evidence/mes.csv"},  # exists
            {"id": "gone", "kind": "measured", "ref": "evidence/gone.csv"},  # missing
            {"id": "escape", "kind": "documented", "ref": "../../outside.csv"},  # leaves the repo
            {"id": "web", "kind": "documented", "ref": "https://example.com/report.pdf"},  # URL
            {"id": "quote", "kind": "estimated", "ref": "Vendor quote Q-12"},
            {"id": "note", "kind": "documented", "ref": "Finance note FN-12"},
            {"id": "spare", "kind": "measured", "ref": "spare.xlsx"},  # missing, never cited
        ],
        "baseline": {
            "evidence": ["mes", "gone"],
            "losses": [{"id": "a", "evidence": ["escape", "mes"]}],
        },
        "business_case": {"benefits": [{"loss": "a", "evidence": ["web", "quote"]}]},
        "funding": {"match_evidence": ["note"]},
        "x-notes": {"evidence": ["spare"]},
    }


def make_repository(tmp_path: Path) -> Path:
    """tmp/repo/.git, tmp/repo/line3/evidence/mes.csv, and tmp/outside.csv beyond the repo."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    project_dir = repo / "line3"
    (project_dir / "evidence").mkdir(parents=True)
    (project_dir / "evidence" / "mes.csv").write_text("week,oee\n1,0.7\n")
    (tmp_path / "outside.csv").write_text("not yours\n")
    return project_dir


def test_evidence_files_are_checked_inside_the_repository(tmp_path: Path) -> None:
    """Missing files and refs escaping the repository do not count as strong evidence."""
    project_dir = make_repository(tmp_path)
    fact = derive(evidence_project(), base_dir=project_dir)["evidence_confidence"]
    # cited: mes, gone, escape, web, quote, note = 6 (x-notes is the user's own, ignored)
    # strong: mes (file exists), web (a URL is taken as written), note (a document title) = 3
    # share = 3 / 6 = 0.5; escape leaves the repository: it cannot be checked
    assert fact.value == {
        "share": 0.5,
        "cited": 6,
        "strong": 3,
        "missing_files": ["gone", "spare"],
        "unchecked": [{"id": "escape", "why": "the path leaves the repository"}],
    }
    assert dict(fact.item_sources) == {
        "/missing_files/0": "/evidence/1",
        "/missing_files/1": "/evidence/6",
        "/unchecked/0": "/evidence/2",
    }


def test_evidence_paths_are_not_checked_without_a_folder() -> None:
    """Without base_dir, relative-path refs count as existing."""
    fact = derive(evidence_project())["evidence_confidence"]
    # strong: mes, gone, escape, web, note = 5 of 6 cited -> 0.8333
    assert rounded(fact.value) == {
        "share": 0.8333,
        "cited": 6,
        "strong": 5,
        "missing_files": [],
        "unchecked": [],
    }


def test_without_git_the_project_folder_is_the_repository(tmp_path: Path) -> None:
    """With no .git above it, a ref climbing out of the project's folder cannot be checked."""
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    (tmp_path / "beside.csv").write_text("x\n")
    (project_dir / "here.csv").write_text("x\n")
    data = {
        "evidence": [
            {"id": "up", "kind": "measured", "ref": "../beside.csv"},
            {"id": "here", "kind": "measured", "ref": "here.csv"},
        ],
        "baseline": {"evidence": ["up", "here"]},
    }
    value = derive(data, base_dir=project_dir)["evidence_confidence"].value
    assert value == {
        "share": 0.5,
        "cited": 2,
        "strong": 1,
        "missing_files": [],
        "unchecked": [{"id": "up", "why": "the path leaves the repository"}],
    }


def test_symlink_out_of_the_repository_cannot_be_checked(tmp_path: Path) -> None:
    """A link inside the repository that resolves outside it is not evidence in the repository."""
    project_dir = make_repository(tmp_path)
    (project_dir / "evidence" / "link.csv").symlink_to(tmp_path / "outside.csv")
    data = {
        "evidence": [{"id": "link", "kind": "measured", "ref": "evidence/link.csv"}],
        "baseline": {"evidence": ["link"]},
    }
    value = derive(data, base_dir=project_dir)["evidence_confidence"].value
    assert value["unchecked"] == [{"id": "link", "why": "the path leaves the repository"}]
    assert value["strong"] == 0


@pytest.mark.parametrize(
    ("ref", "standing"),
    [
        ("evidence/a.csv", "missing"),
        ("a.csv", "missing"),
        ("notes/readme", "missing"),
        ("evidence\\a.xlsx", "missing"),
        ("evidence/mes q1.csv", "missing"),  # a path with a space is still looked up
        ("Finance note FN-12.pdf", "missing"),  # it names a file: looked up, not taken on trust
        ("https://example.com/a.csv", "reference"),
        ("mailto:quality@example.com", "reference"),
        ("QR-221", "reference"),  # no folder, no extension: a document reference
        ("Jan/Apr 2026 export", "reference"),  # a title with a slash in it
        ("/srv/evidence/a.csv", "unchecked"),  # absolute paths name no file in the repository
        ("C:/evidence/a.csv", "unchecked"),
        ("~/exports/a.csv", "unchecked"),
        ("file:///srv/evidence/a.csv", "unchecked"),
        ("../../../etc/a.csv", "unchecked"),  # leaves the repository
        ("", "unchecked"),  # no ref at all
    ],
)
def test_how_far_each_ref_can_be_checked(tmp_path: Path, ref: str, standing: str) -> None:
    """A relative path is looked up on disk; URLs and document titles are taken as written;
    what cannot be checked (absolute paths, file: URIs, paths out of the repository, no ref)
    counts as unchecked, whatever kind it claims: only evidence raises confidence."""
    data = {
        "evidence": [{"id": "e", "kind": "measured", "ref": ref}],
        "baseline": {"evidence": ["e"]},
    }
    value = derive(data, base_dir=tmp_path)["evidence_confidence"].value
    found = (
        "missing" if value["missing_files"] else "unchecked" if value["unchecked"] else "reference"
    )
    assert found == standing
    assert value["strong"] == (1 if standing == "reference" else 0)


# --- robustness on sparse data ----------------------------------------------------------------


def sparse(value: Any) -> st.SearchStrategy[Any]:
    """Subsets of the example: any key may go, lists shrink or repeat, numbers vary in range."""
    if isinstance(value, dict):
        return st.fixed_dictionaries(
            {}, optional={key: sparse(item) for key, item in value.items()}
        )
    if isinstance(value, list):
        if not value:
            return st.just([])
        return st.lists(st.one_of(*(sparse(item) for item in value)), max_size=len(value) + 1)
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.just(value), st.integers(min_value=0, max_value=10**7))
    if isinstance(value, float):
        return st.one_of(
            st.just(value), st.just(0.0), st.floats(min_value=0, max_value=1, allow_nan=False)
        )
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return st.one_of(st.just(value), st.dates().map(date.isoformat))
    return st.just(value)


PROJECTS = st.fixed_dictionaries(
    {
        "readiness": st.just(1),
        "project": st.fixed_dictionaries(
            {"id": st.just("p"), "name": st.just("P")},
            optional={
                key: sparse(item)
                for key, item in FULL_PROJECT["project"].items()
                if key not in ("id", "name")
            },
        ),
    },
    optional={
        key: sparse(item)
        for key, item in FULL_PROJECT.items()
        if key not in ("readiness", "project")
    },
)


def contains_none(value: Any) -> bool:
    """Whether None appears anywhere inside value."""
    if value is None:
        return True
    if isinstance(value, dict):
        return any(contains_none(item) for item in value.values())
    if isinstance(value, list):
        return any(contains_none(item) for item in value)
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=PROJECTS)
def test_sparse_projects_never_break_derive_facts(data: dict[str, Any]) -> None:
    """Any subset of a valid project derives without error, to finite, None-free, JSON data;
    a fact without a value names what to add or why it cannot be judged."""
    facts = derive_facts(data, as_of=AS_OF, parameters={})
    assert set(facts) >= NEVER_ABSENT
    json.dumps({name: fact.value for name, fact in facts.items()}, allow_nan=False)
    for fact in facts.values():
        if fact.value is None:
            assert fact.needs or fact.reason or fact.sources
            continue
        assert not contains_none(fact.value)
        assert fact.sources
        assert all(source.startswith("/") for source in fact.sources)
        for relative, document_pointer in fact.item_sources.items():
            assert resolve_pointer(fact.value, relative)[0]
            assert resolve_pointer(data, document_pointer)[0]


def test_huge_amounts_do_not_overflow() -> None:
    """Amounts beyond a float's range (the schema sets no maximum) leave facts out, not crash."""
    facts = derive(
        {
            "business_case": {
                "capex": 10**400,
                "opex_per_year": 0,
                "ramp_months": 1,
                "benefits": [{"loss": "a", "annual": 1e308}, {"loss": "b", "annual": 1e308}],
            },
            "integration": {
                "per_asset_cost": 1e308,
                "assets_at_scale": 10,
                "scale_cost_estimate": 1,
            },
        }
    )
    json.dumps({name: fact.value for name, fact in facts.items()}, allow_nan=False)
    assert is_absent(facts, "payback")
    assert is_absent(facts, "scale_cost")


def test_tables_cover_every_fact() -> None:
    """Every fact is worked out at least once and shown absent at least once in the tables."""
    names = {name for name, _ in FACT_REGISTRY}
    present = {case.values[0] for case in PRESENT} | NEVER_ABSENT
    absent = {case.values[0] for case in ABSENT} | NEVER_ABSENT
    assert present == absent == names


_KEYS = st.one_of(
    st.sampled_from(["cost", "in_training", "a b", "~/x", "12", "", 'q"\\', "x" * 70]),
    st.text(max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(
    where=st.lists(_KEYS, min_size=1, max_size=3),
    indices=st.lists(st.integers(0, 20_000), max_size=5),
    key=_KEYS,
)
def test_items_lacking_spells_each_item_as_its_whole_path_would(
    where: list[str], indices: list[int], key: str
) -> None:
    """The pointers and keys of items lacking a key, joined from parts spelt once, are what
    spelling each item's whole path gives (issue 18: 10,916 items spelt theirs twice)."""
    from readiness.facts.common import absent, items_lacking, json_pointer, key_path

    each = absent(
        (*(json_pointer(*where, k) for k in indices), f"/{where[0]}"),
        (key_path(*where, k, key) for k in indices),
    )
    assert items_lacking(tuple(where), indices, key) == each
