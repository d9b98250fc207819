"""The input distributions a Monte Carlo model may name, each built from its YAML parameters."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# What each distribution needs; the first set that is complete wins.
PARAMETERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "fixed": (("value",),),
    "normal": (("mean", "sd"),),
    "lognormal": (("median", "sdlog"), ("low", "high")),
    "uniform": (("low", "high"),),
    "triangular": (("low", "mode", "high"),),
    "beta": (("a", "b"),),
    "beta_from_counts": (("k", "n"),),
    "poisson": (("mean",),),
    "gamma": (("shape", "scale"),),
}
_Z95 = 1.6448536269514722  # standard normal 95th percentile: `low`/`high` are the 5th and 95th


class DistributionError(ValueError):
    """An input's distribution is unknown or its parameters are missing or impossible."""


@dataclass(frozen=True, slots=True)
class Distribution:
    """A named distribution with its parameters; draws, quantiles and median come from SciPy."""

    kind: str
    parameters: Mapping[str, float]

    def draw(self, size: int, rng: np.random.Generator) -> FloatArray:
        """`size` independent draws using `rng`."""
        if self.kind == "fixed":
            return np.full(size, self.parameters["value"], dtype=np.float64)
        return np.asarray(self._frozen().rvs(size=size, random_state=rng), dtype=np.float64)

    def quantile(self, q: float) -> float:
        """The q-quantile (0 < q < 1)."""
        if self.kind == "fixed":
            return self.parameters["value"]
        return float(self._frozen().ppf(q))

    def describe(self) -> str:
        """E.g. 'normal(mean=1, sd=0.2)'."""
        inside = ", ".join(f"{k}={v:g}" for k, v in self.parameters.items())
        return f"{self.kind}({inside})"

    def _frozen(self) -> Any:
        return _BUILDERS[self.kind](self.parameters)


def make_distribution(kind: str, raw: Mapping[str, object], *, where: str) -> Distribution:
    """Build and validate a distribution; `where` names the input in error messages."""
    if kind not in PARAMETERS:
        raise DistributionError(f"{where}: unknown distribution {kind!r}; use one of {', '.join(PARAMETERS)}")
    for names in PARAMETERS[kind]:
        if all(name in raw for name in names):
            values = {name: _number(raw[name], where=f"{where}.{name}") for name in names}
            values = _normalise(kind, values, where=where)
            return Distribution(kind=kind, parameters=values)
    options = " or ".join("+".join(names) for names in PARAMETERS[kind])
    raise DistributionError(f"{where}: a {kind} distribution needs {options}")


def _number(value: object, *, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DistributionError(f"{where} must be a finite number")
    return float(value)


def _normalise(kind: str, v: dict[str, float], *, where: str) -> dict[str, float]:
    if kind == "lognormal" and "low" in v:
        _require(0 < v["low"] < v["high"], where, "lognormal needs 0 < low < high (5th and 95th percentiles)")
        median = math.sqrt(v["low"] * v["high"])
        return {"median": median, "sdlog": math.log(v["high"] / median) / _Z95}
    check, message = _RULES.get(kind, (lambda _: True, ""))
    _require(check(v), where, message)
    return v


_RULES: dict[str, tuple[Callable[[dict[str, float]], bool], str]] = {
    "normal": (lambda v: v["sd"] > 0, "sd must be positive"),
    "lognormal": (lambda v: v["median"] > 0 and v["sdlog"] > 0, "median and sdlog must be positive"),
    "uniform": (lambda v: v["low"] < v["high"], "low must be below high"),
    "triangular": (
        lambda v: v["low"] <= v["mode"] <= v["high"] and v["low"] < v["high"],
        "needs low <= mode <= high and low < high",
    ),
    "beta": (lambda v: v["a"] > 0 and v["b"] > 0, "a and b must be positive"),
    "beta_from_counts": (
        lambda v: v["k"].is_integer() and v["n"].is_integer() and 0 <= v["k"] <= v["n"] and v["n"] >= 1,
        "needs whole numbers 0 <= k <= n and n >= 1",
    ),
    "poisson": (lambda v: v["mean"] > 0, "mean must be positive"),
    "gamma": (lambda v: v["shape"] > 0 and v["scale"] > 0, "shape and scale must be positive"),
}


def _require(ok: bool, where: str, message: str) -> None:
    if not ok:
        raise DistributionError(f"{where}: {message}")


def _builders() -> dict[str, Callable[[Mapping[str, float]], Any]]:
    from scipy import stats

    return {
        "normal": lambda p: stats.norm(loc=p["mean"], scale=p["sd"]),
        "lognormal": lambda p: stats.lognorm(s=p["sdlog"], scale=p["median"]),
        "uniform": lambda p: stats.uniform(loc=p["low"], scale=p["high"] - p["low"]),
        "triangular": lambda p: stats.triang(
            c=(p["mode"] - p["low"]) / (p["high"] - p["low"]), loc=p["low"], scale=p["high"] - p["low"]
        ),
        "beta": lambda p: stats.beta(p["a"], p["b"]),
        # Jeffreys posterior for k of n, the same prior as the Jeffreys interval in intervals.py.
        "beta_from_counts": lambda p: stats.beta(p["k"] + 0.5, p["n"] - p["k"] + 0.5),
        "poisson": lambda p: stats.poisson(mu=p["mean"]),
        "gamma": lambda p: stats.gamma(a=p["shape"], scale=p["scale"]),
    }


class _LazyBuilders(dict[str, Callable[[Mapping[str, float]], Any]]):
    """Loads SciPy on first use so that importing this module stays cheap."""

    def __missing__(self, key: str) -> Callable[[Mapping[str, float]], Any]:
        self.update(_builders())
        return dict.__getitem__(self, key)


_BUILDERS = _LazyBuilders()
