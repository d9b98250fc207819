"""Evaluate a claim over coded testimony records: counts, interval, records behind it, caveats, fingerprint.

A record is one testimony as plain data, e.g.::

    {"key": "T-0001", "survivor": "S-001", "organisation": "org-a", "interviewer": "int-3",
     "cluster": "L-17", "consent": {"aggregate": True, "quotation": False},
     "interview_date": "2019-05-02", "reached_via": "shelter",
     "exploitation": ["exp_forced_prostitution"],
     "events": [{"type": "evt_sale", "date": "2016-03", "place": "tumen",
                 "actors": ["act_broker", "act_police_china"],
                 "prices": [{"type": "sale_price", "amount": 20000, "currency": "CNY"}]}]}
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import moksori
from moksori.analysis.stats.claim_definition import (
    Claim,
    ClaimError,
    builtin_claims,
    claim_from_dict,
    load_claim,
)
from moksori.analysis.stats.claim_filters import all_hold, values_at
from moksori.analysis.stats.claim_units import Record, RecordError, Unit, select_units
from moksori.analysis.stats.intervals import MultinomialIntervals, ProportionInterval, multinomial_intervals
from moksori.analysis.stats.intervals import proportion_interval as _proportion_interval

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Claim",
    "ClaimError",
    "ClaimResult",
    "GroupMedian",
    "RecordError",
    "builtin_claims",
    "claim_from_dict",
    "evaluate_claim",
    "load_claim",
]

CONVENIENCE_CAVEAT = (
    "survivors were reached by convenience (those who escaped and chose to testify): "
    "a convenience sample does not estimate a population share"
)
SMALL_N = 30


@dataclass(frozen=True, slots=True)
class GroupMedian:
    """A median with a distribution-free interval from order statistics."""

    group: str
    n: int
    median: float | None
    ci_low: float | None
    ci_high: float | None
    coverage: float  # achieved coverage of the order-statistic interval (0 when n is too small)


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """What a claim says about the records given, and everything needed to check or repeat it."""

    name: str
    version: int
    measure: str
    unit: str
    n: int
    k: int | None
    proportion: ProportionInterval | None
    split: MultinomialIntervals | None
    medians: tuple[GroupMedian, ...]
    record_keys: tuple[str, ...]  # testimony keys behind the numerator (or behind every counted value)
    caveats: tuple[str, ...]
    records_in: int
    excluded_without_consent: int
    merged_duplicates: int
    fingerprint: str
    code_version: str

    def summary(self) -> str:
        """The finding, then its caveats and fingerprint."""
        lines = [f"{self.name} (v{self.version}, {self.measure} over {self.n} {self.unit}s)"]
        if self.proportion is not None:
            lines.append("  " + self.proportion.summary())
        if self.split is not None:
            lines += ["  " + line for line in self.split.summary().splitlines()]
        lines += [
            f"  {m.group}: median {_fmt(m.median)} ({_fmt(m.ci_low)} to {_fmt(m.ci_high)}; n={m.n})"
            for m in self.medians
        ]
        lines += [f"  caveat: {c}" for c in self.caveats]
        lines.append(f"  fingerprint {self.fingerprint[:16]} (code {self.code_version})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict. `record_keys` are pseudonymous keys; show them only to roles allowed."""
        return {
            "name": self.name,
            "version": self.version,
            "measure": self.measure,
            "unit": self.unit,
            "n": self.n,
            "k": self.k,
            "proportion": self.proportion.to_dict() if self.proportion else None,
            "split": self.split.to_dict() if self.split else None,
            "medians": [
                {
                    "group": m.group,
                    "n": m.n,
                    "median": m.median,
                    "ci_low": m.ci_low,
                    "ci_high": m.ci_high,
                    "coverage": m.coverage,
                }
                for m in self.medians
            ],
            "record_keys": list(self.record_keys),
            "caveats": list(self.caveats),
            "deduplication": {
                "records_in": self.records_in,
                "excluded_without_consent": self.excluded_without_consent,
                "merged_duplicates": self.merged_duplicates,
            },
            "fingerprint": self.fingerprint,
            "code_version": self.code_version,
        }

    def to_frame(self) -> pd.DataFrame:
        """The finding as a table: one row per proportion, category or group."""
        import pandas as pd

        if self.proportion is not None:
            return self.proportion.to_frame()
        if self.split is not None:
            return self.split.to_frame()
        return pd.DataFrame(self.to_dict()["medians"])


def evaluate_claim(
    claim: Claim, records: Sequence[Record], *, code_version: str | None = None
) -> ClaimResult:
    """Evaluate `claim` over testimony records (consent-filtered and de-duplicated by linkage cluster)."""
    version = code_version or moksori.__version__
    selection = select_units(records)
    units = [u for u in selection.units if all_hold(claim.population, u.merged())]
    items = _event_items(claim, units) if claim.unit == "event" else [(u, u.merged()) for u in units]
    proportion = split = None
    medians: tuple[GroupMedian, ...] = ()
    k: int | None = None
    if claim.measure == "proportion":
        behind = [(u, it) for u, it in items if all_hold(claim.numerator, it)]
        k = len(behind)
        proportion = _proportion_interval(k, len(items), level=claim.level) if items else None
    elif claim.measure == "split":
        split, behind = _split(claim, items)
    else:
        medians, behind = _medians(claim, items)
    return ClaimResult(
        name=claim.name,
        version=claim.version,
        measure=claim.measure,
        unit=claim.unit,
        n=len(items),
        k=k,
        proportion=proportion,
        split=split,
        medians=medians,
        record_keys=tuple(sorted({key for u, _ in behind for key in u.keys})),
        caveats=_caveats(claim, units, len(items)),
        records_in=selection.records_in,
        excluded_without_consent=selection.excluded_without_consent,
        merged_duplicates=selection.merged_records,
        fingerprint=fingerprint(claim, records, version),
        code_version=version,
    )


def fingerprint(claim: Claim, records: Sequence[Record], code_version: str) -> str:
    """SHA-256 over the canonical records (sorted by key), the claim definition and the code version."""
    canonical = {
        "records": sorted((dict(r) for r in records), key=lambda r: str(r["key"])),
        "claim": claim.to_dict(),
        "code_version": code_version,
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _event_items(claim: Claim, units: Sequence[Unit]) -> list[tuple[Unit, Mapping[str, object]]]:
    items: list[tuple[Unit, Mapping[str, object]]] = []
    for unit in units:
        matching = {str(r["key"]): _matching_events(claim, r) for r in unit.records}
        chosen = unit.representative({key: len(events) for key, events in matching.items()})
        items += [(unit, event) for event in matching[str(chosen["key"])]]
    return items


def _matching_events(claim: Claim, record: Record) -> list[Mapping[str, object]]:
    events = record.get("events") or []
    if not isinstance(events, list):
        raise RecordError(f"record {record['key']}: field 'events' must be a list of events")
    return [e for e in events if isinstance(e, Mapping) and all_hold(claim.events, e)]


def _split(
    claim: Claim, items: Sequence[tuple[Unit, Mapping[str, object]]]
) -> tuple[MultinomialIntervals | None, list[tuple[Unit, Mapping[str, object]]]]:
    # A unit goes to the first category it matches: categories are listed in order of precedence.
    counts = {label: 0 for label, _ in claim.categories}
    if claim.other_category:
        counts[claim.other_category] = 0
    behind = []
    for unit, item in items:
        label = next((lab for lab, conds in claim.categories if all_hold(conds, item)), claim.other_category)
        if label is not None:
            counts[label] += 1
            behind.append((unit, item))
    split = multinomial_intervals(counts, level=claim.level) if behind else None
    return split, behind


def _medians(
    claim: Claim, items: Sequence[tuple[Unit, Mapping[str, object]]]
) -> tuple[tuple[GroupMedian, ...], list[tuple[Unit, Mapping[str, object]]]]:
    assert claim.value is not None  # claim_from_dict requires it for medians
    spec = claim.value
    groups: dict[str, list[float]] = {}
    behind = []
    for unit, item in items:
        amounts = _converted_amounts(item, spec)
        if amounts:
            group = _year(item) if claim.by == "year" else "all"
            groups.setdefault(group, []).extend(amounts)
            behind.append((unit, item))
    medians = tuple(
        median_with_interval(group, values, claim.level) for group, values in sorted(groups.items())
    )
    return medians, behind


def _converted_amounts(item: Mapping[str, object], spec: object) -> list[float]:
    from moksori.analysis.stats.claim_definition import ValueSpec

    assert isinstance(spec, ValueSpec)
    amounts = []
    for entry in _flat(item.get(spec.field)):
        if not isinstance(entry, Mapping) or not all_hold(spec.where, entry):
            continue
        amount, currency = entry.get(spec.amount), entry.get(spec.currency)
        if isinstance(amount, int | float) and not isinstance(amount, bool) and currency in spec.rates:
            amounts.append(float(amount) * spec.rates[str(currency)])
    return amounts


def _flat(value: object) -> list[object]:
    return value if isinstance(value, list) else ([] if value is None else [value])


def _year(item: Mapping[str, object]) -> str:
    years = sorted(str(v)[:4] for v in values_at(item, "date") if str(v)[:4].isdigit())
    return years[0] if years else "unknown"


def median_with_interval(group: str, values: Sequence[float], level: float = 0.95) -> GroupMedian:
    """Median and its distribution-free interval [x(r), x(m-r+1)] (Conover 1999, sec. 3.2).

    r is the largest rank whose interval still covers the median with probability at least `level`;
    with too few values for that, the interval is left empty (None) and `coverage` is 0.
    """
    from scipy.stats import binom

    ordered = sorted(values)
    m = len(ordered)
    median = float(_median(ordered)) if m else None
    best: tuple[int, float] | None = None
    for r in range(1, m // 2 + 1):
        coverage = 1 - 2 * float(binom.cdf(r - 1, m, 0.5))
        if coverage >= level:
            best = (r, coverage)
    if best is None:
        return GroupMedian(group=group, n=m, median=median, ci_low=None, ci_high=None, coverage=0.0)
    r, coverage = best
    return GroupMedian(group, m, median, ordered[r - 1], ordered[m - r], coverage)


def _median(ordered: Sequence[float]) -> float:
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _caveats(claim: Claim, units: Sequence[Unit], n: int) -> tuple[str, ...]:
    records = [r for u in units for r in u.records]
    organisations = {str(r["organisation"]) for r in records}
    interviewers = {str(r.get("interviewer")) for r in records if r.get("interviewer")}
    years = sorted(str(v)[:4] for r in records for v in values_at(r, "events.date") if str(v)[:4].isdigit())
    reached = sorted({str(v) for r in records for v in values_at(r, "reached_via")})
    caveats = [
        f"n = {n} {claim.unit}s from {len(units)} survivors after de-duplication by linkage cluster",
        f"{len(organisations)} organisations and {len(interviewers)} interviewers",
        f"events dated {years[0]} to {years[-1]}" if years else "no dated events",
        f"survivors reached through: {', '.join(reached)}"
        if reached
        else "how survivors were reached is not recorded",
        CONVENIENCE_CAVEAT,
    ]
    if n < SMALL_N:
        caveats.append(f"small n ({n} < {SMALL_N}): the interval is wide and the share can move a lot")
    if claim.unit == "event":
        caveats.append("events of one survivor are not independent; the interval treats them as if they were")
    return tuple(caveats)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"
