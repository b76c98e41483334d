"""Waivers: a project's accepted exceptions to named checks, and the policy that decides which
of them a programme office honours.

The project's author writes the waivers, and in a CI gate the author is the one being gated; so
a waiver is honoured only when it carries a reason, an approver and an expiry within the
programme's maximum term, and a blocker only where the programme's policy (its configuration,
never the project file) allows it. An honoured waiver turns a gap into `waived` (passing for the
band, never hidden from a report). A waiver that is not honoured changes nothing but the
message: the check keeps its status and the report says why. A waiver naming no known check is
an input error: a typo must not silently waive nothing.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from readiness.errors import Diagnostic, ProblemList, truncate
from readiness.model import GAP_STATUSES, Finding, Location, Severity, Waiver
from readiness.record import Record, replace

if TYPE_CHECKING:
    from readiness.loader import Document
    from readiness.suggest import Vocabulary

DEFAULT_MAX_TERM_MONTHS = 12
EXPIRY_WARNING_DAYS = 30


class WaiverPolicy(Record):
    """What a programme accepts as a waiver. It comes from the programme's configuration.

    `approvers`, when given, is the list of people whose approval counts; `honour` off is
    `--no-waivers`: every waiver is read and listed, none changes a finding (for audits).
    """

    max_term_months: int = DEFAULT_MAX_TERM_MONTHS
    allow_blockers: bool = False
    approvers: tuple[str, ...] | None = None
    honour: bool = True
    allow_self_approval: bool = False


# The people a project file names as answerable for it: in a CI gate they are the ones being
# gated, so their approval of their own project's waiver counts only where a policy allows it.
ANSWERABLE = (
    ("project", "owner", "owner"),
    ("people", "sponsor", "sponsor"),
    ("people", "process_owner", "process owner"),
)


def answerable_people(data: Any) -> dict[str, str]:
    """The project's owner, sponsor and process owner by name (folded), with their role."""
    found: dict[str, str] = {}
    if not isinstance(data, dict):
        return found
    for section, key, role in ANSWERABLE:
        entry = data.get(section)
        person = entry.get(key) if isinstance(entry, dict) else None
        name = person.get("name") if isinstance(person, dict) else None
        if isinstance(name, str) and _folded(name):
            found.setdefault(_folded(name), role)
    return found


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _approver_name(approved_by: str) -> str:
    """`R. Okafor, plant director` or `R. Okafor (plant director)`: the name, folded."""
    for separator in (",", "("):
        approved_by = approved_by.split(separator, 1)[0]
    return _folded(approved_by)


IGNORED = "ignored for this run (--no-waivers)"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer (31 Jan + 1 → 28
    or 29 Feb); 9999-12-31 at the latest."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:  # a term running past the calendar's end runs to its last day
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _text(value: Any) -> str | None:
    """A waiver field as text; blank counts as absent (an approver of "" approves nothing)."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def refusals(
    waiver: Waiver,
    severity: Severity | None,
    as_of: date,
    policy: WaiverPolicy,
    people: Mapping[str, str] | None = None,
) -> list[str]:
    """Why the policy does not honour this waiver, in the order a reader should fix them;
    empty when it is honoured."""
    if not policy.honour:
        return [IGNORED]
    why = []
    if waiver.reason is None:
        why.append("no reason")
    if waiver.approved_by is None:
        why.append("no approver")
    elif policy.approvers is not None and waiver.approved_by not in policy.approvers:
        why.append(f"'{truncate(waiver.approved_by, 60)}' is not one of the programme's approvers")
    elif not policy.allow_self_approval and (
        role := (people or {}).get(_approver_name(waiver.approved_by))
    ):
        why.append(
            f"approved by the project's own {role} ({truncate(waiver.approved_by, 60)}), who "
            "answers for the project and cannot excuse its own gaps (a programme may allow "
            "it: `waivers.allow_self_approval`)"
        )
    if waiver.expires is None:
        why.append("no expiry")
    else:
        expires = date.fromisoformat(waiver.expires)
        latest = add_months(as_of, policy.max_term_months)
        if expires < as_of:
            why.append(f"expired on {waiver.expires}")
        elif expires > latest:
            why.append(
                f"expires {waiver.expires}, beyond the {policy.max_term_months}-month maximum "
                f"term (latest {latest.isoformat()})"
            )
    if severity == "blocker" and not policy.allow_blockers:
        why.append("it waives a blocker, which the programme's waiver policy does not allow")
    return why


def unknown_check_problems(document: Document, known_checks: set[str]) -> list[Diagnostic]:
    """A diagnostic for each waiver that names no check of the packs in force (the cross-check
    `validate` and `assess` share)."""
    problems = ProblemList(document.file)
    vocabulary: list[Vocabulary] = []  # built once, and only if a hint is shown

    def hint(check: str) -> str:
        from readiness.suggest import Vocabulary, did_you_mean  # hints only

        if not vocabulary:
            vocabulary.append(Vocabulary(known_checks))
        return did_you_mean(check, vocabulary[0]) or "run `readiness rubrics` for the ids"

    for index, entry in enumerate(_entries(document)):
        check = entry.get("check")
        if not isinstance(check, str) or not check or check in known_checks:
            continue  # not text, or absent: the schema says so
        if problems.full:
            problems.stopped = True
            break
        line, column = document.position(f"/waivers/{index}/check")
        diagnostic = Diagnostic(
            document.file,
            line,
            column,
            f"the waiver names '{truncate(check)}', which is not a known check",
            f"waivers[{index}].check",
        )
        problems.add(diagnostic, partial(hint, check))
    return problems.finish() if problems.found else []


def _entries(document: Document) -> list[dict[str, Any]]:
    data = document.data if isinstance(document.data, dict) else {}
    raw = data.get("waivers") or []
    return [entry for entry in raw if isinstance(entry, dict)] if isinstance(raw, list) else []


def read_waivers(
    document: Document,
    severities: Mapping[str, Severity],
    as_of: date,
    policy: WaiverPolicy | None = None,
) -> tuple[list[Waiver], list[Diagnostic]]:
    """The project's waivers, each judged against the policy, and a diagnostic for each that
    names an unknown check. `severities` maps the id of every check in force to its severity."""
    policy = policy or WaiverPolicy()
    problems = unknown_check_problems(document, set(severities))
    if problems:
        return [], problems
    waivers = []
    people = answerable_people(document.data)
    for index, entry in enumerate(_entries(document)):
        line, column = document.position(f"/waivers/{index}/check")
        check = str(entry["check"])
        expires = _text(entry.get("expires"))
        waiver = Waiver(
            check=check,
            reason=_text(entry.get("reason")),
            approved_by=_text(entry.get("approved_by")),
            expires=expires,
            expired=expires is not None and date.fromisoformat(expires) < as_of,
            location=Location(document.file, line, column),
            severity=severities[check],
        )
        why = refusals(waiver, severities[check], as_of, policy, people)
        waivers.append(replace(waiver, not_honoured="; ".join(why) if why else None))
    return waivers, problems


def _preference(waiver: Waiver) -> tuple[bool, str]:
    # An honoured waiver beats one that is not; then the latest expiry.
    return (waiver.honoured, waiver.expires or "")


def apply_waivers(findings: list[Finding], waivers: list[Waiver]) -> list[Finding]:
    """Findings with waivers applied: an honoured waiver waives a gap; one that is not honoured
    leaves the status as it was and says why in the message."""
    by_check: dict[str, Waiver] = {}
    for candidate in waivers:
        current = by_check.get(candidate.check)
        if current is None or _preference(candidate) > _preference(current):
            by_check[candidate.check] = candidate
    result = []
    for finding in findings:
        found = by_check.get(finding.check)
        if found is None or found.not_honoured == IGNORED:
            result.append(finding)
            continue
        waiver = found
        if finding.status not in GAP_STATUSES:
            result.append(replace(finding, waiver=waiver))
        elif waiver.honoured:
            by = f", approved by {waiver.approved_by}" if waiver.approved_by else ""
            result.append(
                replace(
                    finding,
                    status="waived",
                    message=f"waived until {waiver.expires}{by} ({waiver.reason}); "
                    f"{finding.message}",
                    waiver=waiver,
                )
            )
        else:
            result.append(
                replace(
                    finding,
                    message=f"{finding.message} (the waiver is not honoured: "
                    f"{waiver.not_honoured})",
                    waiver=waiver,
                )
            )
    return result


def waiver_state(waiver: Waiver, as_of: str, warning_days: int = EXPIRY_WARNING_DAYS) -> str:
    """`in force`, `expires in N days` (within `warning_days`), `expires today`, or
    `not honoured: why` — the words every report uses."""
    if waiver.not_honoured == IGNORED:
        return IGNORED
    if not waiver.honoured:
        return f"not honoured: {waiver.not_honoured}"
    days = days_left(waiver, as_of)
    if days is not None and days <= warning_days:
        return "expires today" if days == 0 else f"expires in {days} day{'s' if days != 1 else ''}"
    return "in force"


def days_left(waiver: Waiver, as_of: str) -> int | None:
    """Days from the as-of date to the waiver's expiry (None without both dates)."""
    try:
        return (date.fromisoformat(waiver.expires or "") - date.fromisoformat(as_of)).days
    except ValueError:
        return None


def expiring_soon(waiver: Waiver, as_of: str, warning_days: int = EXPIRY_WARNING_DAYS) -> bool:
    """An honoured waiver that lapses within `warning_days` of the as-of date."""
    days = days_left(waiver, as_of)
    return waiver.honoured and days is not None and 0 <= days <= warning_days
