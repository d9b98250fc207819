"""The store side of reports: every built-in claim evaluated over the store (consent-filtered, audited).

Each claim run is audited as "claim.run" by `evaluate_named_claims`, which reads the store once; the
report as a whole adds one "report.build" entry naming how many findings it holds. No record content
leaves this module: the report model gets claim results (counts, intervals, pseudonymous keys it never
prints).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction

from moksori.analysis.stats.claims import ClaimResult, builtin_claims
from moksori.reports.model import Report, ReportSettings, build_report
from moksori.web.audit.actions import record_audit
from moksori.web.findings.records import evaluate_named_claims

if TYPE_CHECKING:
    from moksori.analysis.stats.montecarlo import Model, SimulationResult
    from moksori.web.accounts.models import User


def claim_results(names: Sequence[str] | None = None, *, by: User | None = None) -> list[ClaimResult]:
    """The named built-in claims (all of them by default) evaluated over the store, in name order."""
    chosen = sorted(names) if names is not None else sorted(builtin_claims())
    return evaluate_named_claims(chosen, by=by)


def claim_descriptions() -> dict[str, str]:
    """Each built-in claim's description, as written in its definition."""
    return {name: " ".join(claim.description.split()) for name, claim in builtin_claims().items()}


def store_report(
    settings: ReportSettings,
    simulations: Sequence[tuple[str, Model, SimulationResult]] = (),
    *,
    names: Sequence[str] | None = None,
    by: User | None = None,
) -> Report:
    """The report over the store's current data, with the disclosure threshold of `settings`; audited."""
    with transaction.atomic():  # the report entry and its claim runs are one step in the audit chain
        results = claim_results(names, by=by)
        report = build_report(results, simulations, settings, descriptions=claim_descriptions())
        record_audit(by, "report.build", f"report.t{settings.threshold}", count=len(report.findings))
    return report
