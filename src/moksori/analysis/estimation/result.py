"""The result every estimator returns: one frozen, serialisable record."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DiagnosticValue = float | int | str | bool | None


def _frozen_mapping(values: Mapping[str, DiagnosticValue] | None = None) -> Mapping[str, DiagnosticValue]:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True, slots=True)
class Estimate:
    """A population-size estimate with its interval, assumptions, diagnostics and warnings.

    `estimate` is the estimated total (observed plus never observed). `ci` may have an
    infinite upper end when the data cannot bound the population from above.
    """

    method: str
    estimate: float
    ci: tuple[float, float]
    ci_level: float
    observed: int
    model: str
    assumptions: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    diagnostics: Mapping[str, DiagnosticValue] = field(default_factory=_frozen_mapping)
    weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    seed: int | None = None
    interval_method: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "diagnostics", _frozen_mapping(self.diagnostics))
        object.__setattr__(self, "weights", MappingProxyType(dict(self.weights)))

    @property
    def unobserved(self) -> float:
        """Estimated number of people on no list (the 'dark figure')."""
        return self.estimate - self.observed

    def summary(self) -> str:
        """A few readable lines: estimate, interval, model and every warning."""
        lines = [
            f"{self.method}: estimated total {_fmt(self.estimate)} "
            f"({self.ci_level:.0%} interval {_fmt(self.ci[0])} to {_fmt(self.ci[1])}; "
            f"observed {self.observed})",
            f"  model: {self.model}",
        ]
        if self.interval_method:
            lines.append(f"  interval: {self.interval_method}")
        if self.seed is not None:
            lines.append(f"  seed: {self.seed}")
        lines.extend(f"  warning: {w}" for w in self.warnings)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict; infinite bounds become None."""
        return {
            "method": self.method,
            "estimate": _json_number(self.estimate),
            "ci_low": _json_number(self.ci[0]),
            "ci_high": _json_number(self.ci[1]),
            "ci_level": self.ci_level,
            "observed": self.observed,
            "model": self.model,
            "interval_method": self.interval_method,
            "assumptions": list(self.assumptions),
            "warnings": list(self.warnings),
            "diagnostics": {k: _json_value(v) for k, v in self.diagnostics.items()},
            "weights": {k: float(v) for k, v in self.weights.items()},
            "seed": self.seed,
        }


def _fmt(value: float) -> str:
    if math.isinf(value):
        return "unbounded"
    return f"{value:,.1f}"


def _json_number(value: float) -> float | None:
    return None if not math.isfinite(value) else float(value)


def _json_value(value: DiagnosticValue) -> DiagnosticValue:
    if isinstance(value, float):
        return _json_number(value)
    return value
