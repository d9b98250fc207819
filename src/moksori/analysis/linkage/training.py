"""Fellegi-Sunter parameters from comparison vectors, in numpy: u from random pairs, m by EM.

Training on small integer arrays in memory replaces splink's repeated SQL passes (one query per EM
iteration), which cost more than the whole generic configuration. The estimates are the same kind:
u is the share of random pairs at each level; m comes from expectation-maximisation over pairs that
agree on a blocking rule, and a comparison whose columns the rule fixes is not estimated from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

GammaArray = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]

M_FLOOR = 1e-6  # a level never seen among matches still keeps a finite, strongly negative weight


@dataclass(frozen=True, slots=True)
class EMResult:
    """m probabilities per comparison (None where the pass did not estimate them) and the pass's lambda."""

    m: tuple[FloatArray | None, ...]
    within_block_match_share: float
    iterations: int
    converged: bool
    pairs: int


def u_from_random_pairs(gammas: GammaArray, level_counts: Sequence[int]) -> list[FloatArray]:
    """Share of random (nearly all non-matching) pairs at each level, among pairs with both values.

    A level never seen gets half a count, so its weight stays finite.
    """
    estimates = []
    for column, size in enumerate(level_counts):
        observed = gammas[:, column][gammas[:, column] >= 0]
        counts = np.bincount(observed, minlength=size)[:size].astype(np.float64)
        counts[counts == 0] = 0.5
        estimates.append(counts / counts.sum())
    return estimates


def _log_bayes_factors(
    gammas: GammaArray, m: Sequence[FloatArray], u: Sequence[FloatArray], used: Sequence[bool]
) -> FloatArray:
    total = np.zeros(gammas.shape[0])
    for column, (m_c, u_c) in enumerate(zip(m, u, strict=True)):
        if not used[column]:  # fixed by the blocking rule: the same for every pair of the pass
            continue
        ratio = np.log(np.maximum(m_c, M_FLOOR) / u_c)
        g = gammas[:, column]
        total += np.where(g >= 0, ratio[np.maximum(g, 0)], 0.0)
    return total


def _m_step(gammas: GammaArray, weights: FloatArray, size: int, column: int) -> FloatArray:
    g = gammas[:, column]
    present = g >= 0
    counts = np.bincount(g[present], weights=weights[present], minlength=size)[:size]
    total = counts.sum()
    return np.maximum(counts / total, M_FLOOR) if total > 0 else np.full(size, 1.0 / size)


def expectation_maximisation(
    gammas: GammaArray,
    m_start: Sequence[FloatArray],
    u: Sequence[FloatArray],
    estimate: Sequence[bool],
    *,
    fixed_m: Sequence[dict[int, float]] = (),
    start_share: float = 0.3,
    tolerance: float = 1e-3,
    max_iterations: int = 100,
) -> EMResult:
    """EM for m (columns where ``estimate`` is true) and the within-block match share, u held fixed.

    ``fixed_m[c]`` maps level positions whose m is set by design (e.g. a rare level with too few
    pairs to learn from) to that value; the other levels share what is left.
    """
    m = [np.asarray(x, dtype=np.float64).copy() for x in m_start]
    share = start_share
    sizes = [len(x) for x in m]
    for iteration in range(1, max_iterations + 1):
        log_odds = _log_bayes_factors(gammas, m, u, estimate) + np.log(share / (1.0 - share))
        weights = 1.0 / (1.0 + np.exp(-log_odds))
        share = float(np.clip(weights.mean(), 1e-6, 1 - 1e-6))
        change = 0.0
        for column, size in enumerate(sizes):
            if not estimate[column]:
                continue
            new = _with_fixed(_m_step(gammas, weights, size, column), fixed_m, column)
            change = max(change, float(np.abs(new - m[column]).max()))
            m[column] = new
        if change < tolerance:
            return _em_result(m, estimate, share, iteration, True, gammas)
    return _em_result(m, estimate, share, max_iterations, False, gammas)


def _with_fixed(m: FloatArray, fixed_m: Sequence[dict[int, float]], column: int) -> FloatArray:
    fixed = fixed_m[column] if column < len(fixed_m) else {}
    if not fixed:
        return m
    free = [i for i in range(len(m)) if i not in fixed]
    result = m.copy()
    rest = 1.0 - sum(fixed.values())
    free_total = m[free].sum()
    result[free] = m[free] / free_total * rest if free_total > 0 else rest / max(len(free), 1)
    for index, value in fixed.items():
        result[index] = value
    return result


def _em_result(
    m: list[FloatArray],
    estimate: Sequence[bool],
    share: float,
    iterations: int,
    converged: bool,
    g: GammaArray,
) -> EMResult:
    kept = tuple(x if flag else None for x, flag in zip(m, estimate, strict=True))
    return EMResult(kept, share, iterations, converged, int(g.shape[0]))
