"""Monte Carlo for derived quantities: uncertain inputs in a YAML model, their draws, what drives the spread.

A model file::

    name: market_value
    description: Annual market value of the trade, in US dollars.
    inputs:
      women_sold_per_year:
        distribution: lognormal
        low: 2000
        high: 20000
        source: "assumption: ..."
    output:
      name: market_value_usd
      expression: women_sold_per_year * price_rmb / rmb_per_usd
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from moksori.analysis.stats.distributions import (
    Distribution,
    DistributionError,
    FloatArray,
    make_distribution,
)
from moksori.analysis.stats.expression import Expression, ExpressionError, parse_expression

if TYPE_CHECKING:
    import pandas as pd

INTERVAL_LEVELS = (0.5, 0.8, 0.95)
SWING_QUANTILES = (0.05, 0.95)


class ModelError(ValueError):
    """A model file that cannot be used; the message names the file, the field and the fix."""


@dataclass(frozen=True, slots=True)
class ModelInput:
    """One uncertain input: its distribution and where its numbers come from."""

    name: str
    distribution: Distribution
    source: str
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Model:
    """Named inputs and an output expression over them."""

    name: str
    description: str
    inputs: tuple[ModelInput, ...]
    output_name: str
    output: Expression
    output_unit: str = ""

    def medians(self) -> dict[str, float]:
        """Each input's median."""
        return {i.name: i.distribution.quantile(0.5) for i in self.inputs}


@dataclass(frozen=True, slots=True)
class Swing:
    """How far the output moves when one input alone goes from its 5th to its 95th percentile."""

    input: str
    output_at_low: float
    output_at_high: float
    rank_correlation: float | None

    @property
    def width(self) -> float:
        """Absolute size of the swing."""
        return abs(self.output_at_high - self.output_at_low)


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """Median, mean and intervals of the output, its draws, and a sensitivity analysis."""

    model: str
    output_name: str
    output_unit: str
    draws: int
    seed: int
    median: float
    mean: float
    intervals: tuple[tuple[float, float, float], ...]  # (level, low, high)
    sensitivity: tuple[Swing, ...]  # widest swing first
    baseline: float  # output with every input at its median
    samples: Mapping[str, FloatArray]

    def interval(self, level: float) -> tuple[float, float]:
        """The central interval at `level` (one of 0.5, 0.8, 0.95)."""
        for lev, low, high in self.intervals:
            if abs(lev - level) < 1e-9:
                return (low, high)
        raise KeyError(f"no interval at {level}; available: {[lev for lev, _, _ in self.intervals]}")

    def summary(self) -> str:
        """Median, intervals, then inputs by how much they drive the output."""
        unit = f" {self.output_unit}" if self.output_unit else ""
        lines = [f"{self.model}: {self.output_name} median {self.median:,.4g}{unit} (mean {self.mean:,.4g})"]
        lines += [f"  {lev:.0%} interval {lo:,.4g} to {hi:,.4g}" for lev, lo, hi in self.intervals]
        lines.append(
            f"  {self.draws} draws, seed {self.seed}; drivers (5th to 95th percentile of one input):"
        )
        lines += [
            f"    {s.input}: {s.output_at_low:,.4g} to {s.output_at_high:,.4g}" for s in self.sensitivity
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (without the draws; use `to_frame()` for those)."""
        return {
            "model": self.model,
            "output": self.output_name,
            "unit": self.output_unit,
            "draws": self.draws,
            "seed": self.seed,
            "median": self.median,
            "mean": self.mean,
            "baseline": self.baseline,
            "intervals": [{"level": lev, "low": lo, "high": hi} for lev, lo, hi in self.intervals],
            "sensitivity": [
                {
                    "input": s.input,
                    "output_at_low": s.output_at_low,
                    "output_at_high": s.output_at_high,
                    "swing": s.width,
                    "rank_correlation": s.rank_correlation,
                }
                for s in self.sensitivity
            ],
        }

    def to_frame(self) -> pd.DataFrame:
        """The draws: one column per input and one for the output."""
        import pandas as pd

        return pd.DataFrame(dict(self.samples))


def load_model(path: Path) -> Model:
    """Read a model from a YAML file; errors name the file and the field to fix."""
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ModelError(f"{path}: not valid YAML ({type(err).__name__})") from None
    return model_from_dict(raw, origin=str(path))


def model_from_dict(raw: object, *, origin: str = "model") -> Model:
    """Build a model from parsed YAML/JSON; `origin` names the file in errors."""
    if not isinstance(raw, dict):
        raise ModelError(f"{origin}: the top level must be a mapping with `inputs:` and `output:`")
    inputs = _inputs(raw.get("inputs"), origin)
    output_name, text, unit = _output(raw.get("output"), origin)
    try:
        expression = parse_expression(text, {i.name for i in inputs})
    except ExpressionError as err:
        raise ModelError(f"{origin}: output: {err}") from None
    return Model(
        name=str(raw.get("name", Path(origin).stem)),
        description=str(raw.get("description", "")),
        inputs=tuple(i for i in inputs if i.name in expression.names),
        output_name=output_name,
        output=expression,
        output_unit=unit,
    )


def _inputs(raw: object, origin: str) -> list[ModelInput]:
    if not isinstance(raw, dict) or not raw:
        raise ModelError(f"{origin}: `inputs:` must map each input name to its distribution")
    return [_input(str(name), spec, origin) for name, spec in raw.items()]


def _input(name: str, spec: object, origin: str) -> ModelInput:
    where = f"{origin}: inputs.{name}"
    if not name.isidentifier():
        raise ModelError(f"{where}: input names must be letters, digits and underscores (e.g. price_rmb)")
    if not isinstance(spec, dict):
        raise ModelError(f"{where}: give `distribution:`, its parameters and `source:`")
    source = spec.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ModelError(f"{where}.source: say which claim, publication or assumption this input comes from")
    try:
        distribution = make_distribution(str(spec.get("distribution", "")), spec, where=where)
    except DistributionError as err:
        raise ModelError(str(err)) from None
    return ModelInput(
        name=name, distribution=distribution, source=source.strip(), unit=str(spec.get("unit", ""))
    )


def _output(raw: object, origin: str) -> tuple[str, str, str]:
    if isinstance(raw, str):
        return ("output", raw, "")
    if isinstance(raw, dict) and isinstance(raw.get("expression"), str):
        return (str(raw.get("name", "output")), raw["expression"], str(raw.get("unit", "")))
    raise ModelError(f"{origin}: `output:` must be an expression, or a mapping with `expression:`")


def simulate(model: Model, draws: int = 10_000, seed: int = 1) -> SimulationResult:
    """Draw every input independently `draws` times (seeded) and summarise the output."""
    if draws < 100:
        raise ValueError(f"draws must be at least 100 for stable intervals (got {draws})")
    rng = np.random.default_rng(seed)
    samples: dict[str, FloatArray] = {i.name: i.distribution.draw(draws, rng) for i in model.inputs}
    output = model.output.evaluate(samples)
    if not np.all(np.isfinite(output)):
        raise ValueError(
            f"model {model.name!r}: the output is not finite in some draws (a division by an input that "
            "can be 0?); bound that input away from 0"
        )
    return SimulationResult(
        model=model.name,
        output_name=model.output_name,
        output_unit=model.output_unit,
        draws=draws,
        seed=seed,
        median=float(np.median(output)),
        mean=float(np.mean(output)),
        intervals=tuple(_central_interval(output, level) for level in INTERVAL_LEVELS),
        sensitivity=sensitivity(model, samples, output),
        baseline=float(model.output.evaluate(model.medians())),
        samples={**samples, model.output_name: output},
    )


def sensitivity(model: Model, samples: Mapping[str, FloatArray], output: FloatArray) -> tuple[Swing, ...]:
    """One-at-a-time swings (others at their medians) with Spearman correlations, widest first."""
    medians = model.medians()
    swings = [_swing(model, name.name, medians, samples[name.name], output) for name in model.inputs]
    return tuple(sorted(swings, key=lambda s: (-s.width, s.input)))


def _swing(
    model: Model, name: str, medians: dict[str, float], draws: FloatArray, output: FloatArray
) -> Swing:
    distribution = next(i.distribution for i in model.inputs if i.name == name)
    low, high = (distribution.quantile(q) for q in SWING_QUANTILES)
    at_low = float(model.output.evaluate({**medians, name: low}))
    at_high = float(model.output.evaluate({**medians, name: high}))
    return Swing(
        input=name, output_at_low=at_low, output_at_high=at_high, rank_correlation=_spearman(draws, output)
    )


def _spearman(x: FloatArray, y: FloatArray) -> float | None:
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return None  # a fixed input (or output) has no rank correlation
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def _central_interval(values: FloatArray, level: float) -> tuple[float, float, float]:
    tail = (1 - level) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return (level, float(low), float(high))
