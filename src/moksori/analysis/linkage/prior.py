"""The prior probability that two records match, re-estimated from every scored pair.

The chance that two random records belong to one woman shrinks roughly as 1/n: 5,000 records hold
about 2,400 matching pairs among 14 million, 50,000 records about 24,000 among 1.25 billion. A prior
taken from a blocked training pass (where nearly every pair shares a name) overstates it by orders of
magnitude, and then namesakes with nearby birth years pass the threshold as n grows.

Here the prior is the fixed point of the expectation-maximisation update for lambda alone, with the
m and u probabilities held fixed: lambda = (expected matches among the scored pairs) / (all comparable
pairs). Pairs outside the blocking rules are taken as non-matches, which is what blocking asserts.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_FLOOR = 1e-12  # keeps the log-odds finite when no pair looks like a match


@dataclass(frozen=True, slots=True)
class PriorEstimate:
    """The calibrated prior and how it was reached."""

    probability: float
    starting_probability: float
    expected_matches: float
    comparable_pairs: int
    iterations: int
    converged: bool

    def summary(self) -> str:
        """One line: the prior, as a probability and as expected matches among comparable pairs."""
        state = "converged" if self.converged else "stopped before converging"
        return (
            f"prior {self.probability:.3g} ({self.expected_matches:.0f} expected matching pairs among "
            f"{self.comparable_pairs} comparable pairs; {state} after {self.iterations} iterations)"
        )

    def to_dict(self) -> dict[str, object]:
        """Plain fields, for JSON."""
        return asdict(self)


def log2_odds(probability: float) -> float:
    """log2(p / (1 - p)), the prior's contribution to a splink match weight."""
    p = min(max(probability, _FLOOR), 1.0 - _FLOOR)
    return math.log2(p / (1.0 - p))


def probabilities(evidence: FloatArray, prior: float) -> FloatArray:
    """Match probabilities from the evidence (match weight without the prior) and a prior."""
    result: FloatArray = 1.0 / (1.0 + np.exp2(-(evidence + log2_odds(prior))))
    return result


def comparable_pairs(records_per_source: list[int], *, one_record_per_source: bool) -> int:
    """Pairs the model may compare: across sources only when a source records each woman once."""
    total = sum(records_per_source)
    all_pairs = total * (total - 1) // 2
    if not one_record_per_source:
        return all_pairs
    return all_pairs - sum(n * (n - 1) // 2 for n in records_per_source)


def calibrate_prior(
    evidence: FloatArray,
    comparable: int,
    *,
    start: float,
    tolerance: float = 1e-4,
    max_iterations: int = 200,
) -> PriorEstimate:
    """Fixed point of lambda = sum(p_i(lambda)) / comparable over the scored pairs' ``evidence``.

    ``evidence`` is each scored pair's match weight without the prior (log2 of the product of Bayes
    factors); ``comparable`` counts all pairs the model could have compared. The update increases
    the likelihood at each step (it is EM for lambda), and stops when lambda moves by less than
    ``tolerance`` relative.
    """
    if comparable < 1:
        raise ValueError("comparable must be at least 1 (linkage needs two records)")
    prior = min(max(start, _FLOOR), 0.5)
    expected = float(probabilities(evidence, prior).sum())
    for iteration in range(1, max_iterations + 1):
        updated = min(max(expected / comparable, _FLOOR), 0.5)
        expected = float(probabilities(evidence, updated).sum())
        if abs(updated - prior) <= tolerance * prior:
            return PriorEstimate(updated, start, expected, comparable, iteration, True)
        prior = updated
    return PriorEstimate(prior, start, expected, comparable, max_iterations, False)
