"""A claim's result as the findings pages show it: rows of estimates with intervals, and a chart.

Small cells are suppressed here (for readers `queries.suppresses_small_cells` names) by the reports'
rule: a row whose count (k of a proportion, a category's count, a median's number of prices) is under
the threshold, or that would let one be worked out from the total, shows neither its estimate nor its
interval, in the table or in the chart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from moksori.analysis.disclosure import DisclosureSettings
from moksori.analysis.stats.claims import ClaimResult
from moksori.reports.category_labels import builtin_claim
from moksori.reports.category_labels import category_label as vocabulary_category_label
from moksori.reports.charts import ChartError, IntervalRow, interval_chart_svg
from moksori.reports.labels import Language
from moksori.reports.model import suppressed_flags
from moksori.web.findings.labels import (
    category_label,
    claim_description,
    claim_title,
    translated_caveat,
    unit_label,
)
from moksori.web.findings.svg import csp_safe_svg

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One line of a finding: an estimate, its interval and the counts it rests on."""

    label: str
    count: int  # what the disclosure rule looks at
    n: int
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool
    estimate_text: str
    interval_text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A claim's result, ready for a template."""

    name: str
    version: int
    title: str
    description: str
    measure: str
    unit: str
    n: int
    rows: tuple[FigureRow, ...]
    caveats: tuple[str, ...]
    chart_svg: str  # empty when there is nothing to draw
    interval_method: str
    ci_level: float
    fingerprint: str
    code_version: str
    records_in: int
    excluded_without_consent: int
    merged_duplicates: int
    any_suppressed: bool
    command: str


def present(result: ClaimResult, *, written_description: str, threshold: int | None) -> Finding:
    """The finding of `result`; `threshold` None shows every cell, a number suppresses cells under it."""
    rows = _disclosed(result, threshold)
    title = claim_title(result.name)
    method, level = _method(result)
    return Finding(
        name=result.name,
        version=result.version,
        title=title,
        description=claim_description(result.name, written_description),
        measure=result.measure,
        unit=unit_label(result.unit),
        n=result.n,
        rows=rows,
        caveats=tuple(translated_caveat(c) for c in result.caveats),
        chart_svg=_chart(rows, title, _axis_label(result), threshold, shares=result.measure != "median"),
        interval_method=method,
        ci_level=level,
        fingerprint=result.fingerprint,
        code_version=result.code_version,
        records_in=result.records_in,
        excluded_without_consent=result.excluded_without_consent,
        merged_duplicates=result.merged_duplicates,
        any_suppressed=any(row.suppressed for row in rows),
        command=f"moksori claim run {result.name} --json",
    )


def _rows(result: ClaimResult) -> list[FigureRow]:
    if result.proportion is not None:
        p = result.proportion
        return [_share_row(unit_label(result.unit), p.k, p.n, p.estimate, p.ci_low, p.ci_high)]
    if result.split is not None:
        split = result.split
        return [
            _share_row(_category(result.name, s.category), s.count, split.n, s.estimate, s.ci_low, s.ci_high)
            for s in split.shares
        ]
    return [_amount_row(m.group, m.n, m.median, m.ci_low, m.ci_high) for m in result.medians]


def _category(claim: str, category: str) -> str:
    """The vocabulary's label of the category in the request's language, else the page's own word."""
    found = vocabulary_category_label(builtin_claim(claim), category, _language())
    return found if found is not None else category_label(category)


def _language() -> Language:
    return "ko" if (get_language() or "").startswith("ko") else "en"


def _share_row(label: str, count: int, n: int, estimate: float, low: float, high: float) -> FigureRow:
    return FigureRow(
        label=label,
        count=count,
        n=n,
        estimate=estimate * 100,
        ci_low=low * 100,
        ci_high=high * 100,
        suppressed=False,
        estimate_text=_("%(share).1f%% (%(k)d of %(n)d)") % {"share": estimate * 100, "k": count, "n": n},
        interval_text=f"{low * 100:.1f}% – {high * 100:.1f}%",
    )


def _amount_row(group: str, n: int, median: float | None, low: float | None, high: float | None) -> FigureRow:
    label = _("unknown year") if group == "unknown" else group
    interval = (
        f"{low:,.0f} – {high:,.0f} CNY"
        if low is not None and high is not None
        else _("too few prices for an interval")
    )
    return FigureRow(
        label=label,
        count=n,
        n=n,
        estimate=median,
        ci_low=low,
        ci_high=high,
        suppressed=False,
        estimate_text="" if median is None else f"{median:,.0f} CNY",
        interval_text=interval,
    )


def _disclosed(result: ClaimResult, threshold: int | None) -> tuple[FigureRow, ...]:
    """The rows, with those that reports would hide (primary and complementary suppression) hidden."""
    rows = _rows(result)
    if threshold is None:
        return tuple(rows)
    flags = suppressed_flags(result, DisclosureSettings(threshold=threshold))
    hidden = _suppressed_text(threshold)
    return tuple(
        FigureRow(row.label, 0, 0, None, None, None, True, hidden, "") if flag else row
        for row, flag in zip(rows, flags, strict=True)
    )


def _suppressed_text(threshold: int) -> str:
    return _("suppressed (fewer than %(threshold)d)") % {"threshold": threshold}


def _method(result: ClaimResult) -> tuple[str, float]:
    if result.proportion is not None:
        return result.proportion.method, result.proportion.ci_level
    if result.split is not None:
        return result.split.method, result.split.ci_level
    return _("order statistics (distribution-free)"), 0.95


def _axis_label(result: ClaimResult) -> str:
    if result.measure == "median":
        return _("median price (CNY)")
    return _("share (%)")


def _chart(
    rows: tuple[FigureRow, ...], title: str, xlabel: str, threshold: int | None, *, shares: bool
) -> str:
    """Shares are drawn on a 0-100% axis, so that a narrow interval near 100% does not look wide."""
    scale = 100.0 if shares else 1.0
    drawn = tuple(_interval_row(row, scale) for row in rows if row.suppressed or row.estimate is not None)
    if all(row.suppressed for row in drawn):  # nothing to draw but gaps (also when there are no rows)
        return ""
    note = _suppressed_text(threshold) if threshold is not None else ""
    try:
        return _cached_chart(drawn, title, xlabel, threshold or 0, shares, note)
    except ChartError:
        logger.exception("findings chart could not be drawn")
        return ""


def _interval_row(row: FigureRow, scale: float) -> IntervalRow:
    if row.suppressed or row.estimate is None:
        return IntervalRow(row.label, 0.0, 0.0, 0.0, suppressed=True)
    low = row.estimate if row.ci_low is None else row.ci_low
    high = row.estimate if row.ci_high is None else row.ci_high
    return IntervalRow(row.label, row.estimate / scale, low / scale, high / scale, n=row.n)


@lru_cache(maxsize=64)
def _cached_chart(
    rows: tuple[IntervalRow, ...], title: str, xlabel: str, threshold: int, shares: bool, note: str
) -> str:
    # Aggregates only (labels, estimates, intervals): no record or passage is ever cached here.
    svg = interval_chart_svg(
        rows, title=title, xlabel=xlabel, threshold=threshold, shares=shares, suppressed_text=note
    )
    return csp_safe_svg(svg, label=title)
