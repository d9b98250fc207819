"""The report as data: findings from claim results and simulations, with disclosure control applied.

Built from plain results (no Django): `build_report(claim_results, simulations, settings)`. Every
number carries the claim (or model) it comes from and the command that reproduces it. Counts under
the threshold, and counts that would let one be recovered from a total, are replaced by None before
anything is drawn or written, so no template or chart can show them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from moksori.analysis.disclosure import DisclosureSettings, SuppressedTable, suppress_split
from moksori.reports.labels import Language

if TYPE_CHECKING:
    import pandas as pd

    from moksori.analysis.stats.claims import ClaimResult
    from moksori.analysis.stats.montecarlo import Model, SimulationResult


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """Disclosure threshold, language and the date printed on the report (given, so output is repeatable)."""

    threshold: int = 5
    lang: Language = "en"
    generated_on: str = ""

    @property
    def disclosure(self) -> DisclosureSettings:
        """The disclosure settings every table and figure of the report uses."""
        return DisclosureSettings(threshold=self.threshold)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One row of a finding's table; every number None when disclosure control hides it."""

    label: str
    count: int | None
    estimate: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def suppressed(self) -> bool:
        """Whether this row's numbers are hidden."""
        return self.count is None


@dataclass(frozen=True, slots=True)
class Finding:
    """One claim's result as the report shows it."""

    claim: str
    version: int
    description: str
    measure: str  # proportion | split | median
    unit: str
    n: int | None  # None when n itself is under the threshold
    rows: tuple[ReportRow, ...]
    caveats: tuple[str, ...]
    records_in: int | None
    excluded_without_consent: int | None
    merged_duplicates: int | None
    fingerprint: str
    code_version: str
    command: str
    suppressed_reasons: tuple[str, ...] = ()

    @property
    def fully_suppressed(self) -> bool:
        """Whether nothing of this finding can be shown but its name."""
        return self.n is None


@dataclass(frozen=True, slots=True)
class SimulationInput:
    """One Monte Carlo input and where its numbers come from."""

    name: str
    source: str
    unit: str
    output_at_low: float
    output_at_high: float


@dataclass(frozen=True, slots=True)
class SimulationSection:
    """A Monte Carlo model's result as the report shows it."""

    model: str
    description: str
    output_name: str
    output_unit: str
    median: float
    intervals: tuple[tuple[float, float, float], ...]
    inputs: tuple[SimulationInput, ...]
    draws: int
    seed: int
    command: str
    result: SimulationResult = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report shows, already filtered by consent and disclosure control."""

    settings: ReportSettings
    findings: tuple[Finding, ...]
    simulations: tuple[SimulationSection, ...]
    fingerprint: str  # over every claim fingerprint and simulation (model, draws, seed)

    def summary(self) -> str:
        """One line per finding: its n and how many rows were suppressed."""
        lines = [f"report: {len(self.findings)} findings, threshold {self.settings.threshold}"]
        for f in self.findings:
            hidden = sum(1 for r in f.rows if r.suppressed)
            n = "suppressed" if f.n is None else str(f.n)
            lines.append(f"  {f.claim}: n={n}, {hidden} of {len(f.rows)} rows suppressed")
        lines += [f"  {s.model}: median {s.median:,.4g} {s.output_unit}".rstrip() for s in self.simulations]
        lines.append(f"  fingerprint {self.fingerprint[:16]}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: settings, findings with their rows, simulations (without draws), fingerprint."""
        return {
            "threshold": self.settings.threshold,
            "lang": self.settings.lang,
            "generated_on": self.settings.generated_on,
            "fingerprint": self.fingerprint,
            "findings": [_finding_dict(f) for f in self.findings],
            "simulations": [_simulation_dict(s) for s in self.simulations],
        }

    def to_frame(self) -> pd.DataFrame:
        """Every finding row: claim, label, count, estimate and interval (None where suppressed)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {"claim": f.claim, "n": f.n, "label": r.label, "count": r.count, "estimate": r.estimate}
                | {"ci_low": r.ci_low, "ci_high": r.ci_high}
                for f in self.findings
                for r in f.rows
            ]
        )


def _finding_dict(finding: Finding) -> dict[str, object]:
    return {
        "claim": finding.claim,
        "version": finding.version,
        "measure": finding.measure,
        "unit": finding.unit,
        "n": finding.n,
        "rows": [
            {"label": r.label, "count": r.count, "estimate": r.estimate, "ci_low": r.ci_low}
            | {"ci_high": r.ci_high}
            for r in finding.rows
        ],
        "caveats": list(finding.caveats),
        "fingerprint": finding.fingerprint,
        "command": finding.command,
        "suppressed": list(finding.suppressed_reasons),
    }


def _simulation_dict(section: SimulationSection) -> dict[str, object]:
    return {
        "model": section.model,
        "output": section.output_name,
        "unit": section.output_unit,
        "median": section.median,
        "intervals": [{"level": lev, "low": lo, "high": hi} for lev, lo, hi in section.intervals],
        "inputs": [{"name": i.name, "source": i.source} for i in section.inputs],
        "command": section.command,
    }


def claim_command(name: str) -> str:
    """The command that reproduces a claim's numbers."""
    return f"moksori claim run {name} --json"


def build_report(
    claim_results: Sequence[ClaimResult],
    simulations: Sequence[tuple[str, Model, SimulationResult]] = (),
    settings: ReportSettings | None = None,
    *,
    descriptions: Mapping[str, str] | None = None,
) -> Report:
    """The report from claim results and (model file, model, result) triples, disclosure applied."""
    settings = settings or ReportSettings()
    findings = tuple(
        _finding(result, settings.disclosure, (descriptions or {}).get(result.name, ""))
        for result in claim_results
    )
    sections = tuple(_simulation(path, model, result) for path, model, result in simulations)
    return Report(
        settings=settings,
        findings=findings,
        simulations=sections,
        fingerprint=_report_fingerprint(claim_results, sections),
    )


def _report_fingerprint(claim_results: Sequence[ClaimResult], sections: Sequence[SimulationSection]) -> str:
    parts = sorted(f"{r.name}:{r.fingerprint}" for r in claim_results)
    parts += sorted(f"{s.model}:{s.draws}:{s.seed}:{s.median!r}" for s in sections)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _finding(result: ClaimResult, disclosure: DisclosureSettings, description: str) -> Finding:
    rows, reasons = _rows(result, disclosure)
    n_shown = None if disclosure.is_small(result.n) else result.n
    if n_shown is None:
        rows = tuple(ReportRow(r.label, None, None, None, None) for r in rows)
        reasons = (f"n = {result.n} is under the threshold {disclosure.threshold}", *reasons)
    return Finding(
        claim=result.name,
        version=result.version,
        description=description,
        measure=result.measure,
        unit=result.unit,
        n=n_shown,
        rows=rows,
        caveats=result.caveats if n_shown is not None else (),
        records_in=result.records_in,
        excluded_without_consent=_small_or(result.excluded_without_consent, disclosure),
        merged_duplicates=_small_or(result.merged_duplicates, disclosure),
        fingerprint=result.fingerprint,
        code_version=result.code_version,
        command=claim_command(result.name),
        suppressed_reasons=reasons,
    )


def suppressed_flags(result: ClaimResult, disclosure: DisclosureSettings) -> tuple[bool, ...]:
    """For each row of ``result`` (in its order), whether disclosure control hides it, as reports do.

    Everything is hidden when n itself is small; otherwise primary and complementary suppression decide.
    """
    rows, _ = _rows(result, disclosure)
    small_n = disclosure.is_small(result.n)
    return tuple(small_n or row.suppressed for row in rows)


def _small_or(count: int, disclosure: DisclosureSettings) -> int | None:
    # counts of 0 are shown: "nobody was left out" identifies no one
    return count if count == 0 or not disclosure.is_small(count) else None


def _rows(
    result: ClaimResult, disclosure: DisclosureSettings
) -> tuple[tuple[ReportRow, ...], tuple[str, ...]]:
    if result.proportion is not None:
        p = result.proportion
        table = suppress_split({result.name: p.k, "other": p.n - p.k}, disclosure)
        shown = table.value("", result.name) is not None
        row = ReportRow(result.name, p.k, p.estimate, p.ci_low, p.ci_high)
        return ((row,) if shown else (ReportRow(result.name, None, None, None, None),)), _reasons(table)
    if result.split is not None:
        counts = {s.category: s.count for s in result.split.shares}
        table = suppress_split(counts, disclosure)
        rows = tuple(
            ReportRow(s.category, s.count, s.estimate, s.ci_low, s.ci_high)
            if table.value("", s.category) is not None
            else ReportRow(s.category, None, None, None, None)
            for s in result.split.shares
        )
        return rows, _reasons(table)
    counts = {m.group: m.n for m in result.medians}
    table = suppress_split(counts, disclosure)
    rows = tuple(
        ReportRow(m.group, m.n, m.median, m.ci_low, m.ci_high)
        if table.value("", m.group) is not None
        else ReportRow(m.group, None, None, None, None)
        for m in result.medians
    )
    return rows, _reasons(table)


def _reasons(table: SuppressedTable) -> tuple[str, ...]:
    return tuple(
        f"{s.column or s.row}: {'under the threshold' if s.reason == 'primary' else 'protects another'}"
        for s in table.suppressions
        if s.kind == "cell"
    )


def _simulation(path: str, model: Model, result: SimulationResult) -> SimulationSection:
    sources = {i.name: i for i in model.inputs}
    return SimulationSection(
        model=result.model,
        description=model.description,
        output_name=result.output_name,
        output_unit=result.output_unit,
        median=result.median,
        intervals=result.intervals,
        inputs=tuple(
            SimulationInput(
                name=s.input,
                source=sources[s.input].source,
                unit=sources[s.input].unit,
                output_at_low=s.output_at_low,
                output_at_high=s.output_at_high,
            )
            for s in result.sensitivity
        ),
        draws=result.draws,
        seed=result.seed,
        command=f"moksori simulate {path} --draws {result.draws} --seed {result.seed} --json",
        result=result,
    )
