"""One chain of the latent-class Gibbs sampler (Manrique-Vallier 2016), as one compiled numba loop.

The scan per sweep: class counts of the observed people, one multinomial per distinct capture
pattern (people with the same pattern are exchangeable); the unseen count
n₀ ~ NegBin(n, 1 − π₀) with π₀ = Σ_k π_k Π_j (1 − λ_jk) (this is n₀ given λ and π with the classes of
the unseen integrated out, which gives p(N) ∝ 1/N); the classes of the unseen; λ_jk ~ Beta; the
stick-breaking weights π; and α ~ Gamma. Everything is preallocated; the sweep allocates nothing.

Start, as LCMCR does: every class's λ at the lists' observed capture rates, four heavy classes,
α = 0.3/K, and a warm-up (α held) before the burn-in, so that a chain's start depends on the data and
not on a random λ that may already sit in a corner of the space (a class that one list catches with
probability near 1).

numba's on-disk cache keys a compiled function on its own file only: after editing
latent_class_random.py, also touch this file (or delete __pycache__/latent_class_*.nb*), or the
cached chain keeps the old random draws compiled in.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

from .latent_class_random import (
    beta,
    descending_order,
    gamma,
    multinomial,
    negative_binomial,
    seed_stream,
    uniform,
)

WARM_UP_SWEEPS = 500
# Stick fractions are kept below 1 so that log(1 − v) in α's update stays finite.
STICK_CEILING = 1.0 - 1e-12


@njit(cache=True, nogil=True)
def _initial_state(
    patterns: NDArray[np.float64],
    counts: NDArray[np.int64],
    lam: NDArray[np.float64],
    pi: NDArray[np.float64],
) -> None:
    classes, n_lists = lam.shape
    observed = counts.sum()
    for j in range(n_lists):
        caught = 0.0
        for p in range(patterns.shape[0]):
            caught += patterns[p, j] * counts[p]
        rate = min(max(caught / observed, 0.01), 0.99)
        for k in range(classes):
            lam[k, j] = rate
    heavy = min(4, classes)
    for k in range(classes):
        pi[k] = 0.9 / heavy if k < heavy else 0.1 / (classes - heavy)
    if heavy == classes:
        pi[:] = 1.0 / classes


@njit(cache=True, nogil=True)
def _dispersed_state(state: NDArray[np.uint64], lam: NDArray[np.float64], pi: NDArray[np.float64]) -> None:
    classes, n_lists = lam.shape
    for k in range(classes):
        pi[k] = 1.0 / classes
        for j in range(n_lists):
            lam[k, j] = uniform(state)


def use_pattern_table(n_lists: int, n_patterns: int) -> bool:
    """Whether all 2^J pattern probabilities per class cost less than one product per observed pattern."""
    return (1 << n_lists) <= 4 * n_patterns * n_lists


def pattern_codes(patterns: NDArray[np.float64]) -> NDArray[np.int64]:
    """Each capture pattern as a bit mask (list j is bit j)."""
    weights = 1 << np.arange(patterns.shape[1], dtype=np.int64)
    return np.asarray(patterns.astype(np.int64) @ weights, dtype=np.int64)


@njit(cache=True, nogil=True)
def _pattern_table(lam: NDArray[np.float64], table: NDArray[np.float64]) -> None:
    # P(pattern | class) for all 2^J patterns by doubling: each list splits every partial product
    # into (not caught, caught), 2^(J+1) products per class instead of J per observed pattern.
    classes, n_lists = lam.shape
    for k in range(classes):
        table[k, 0] = 1.0
        size = 1
        for j in range(n_lists):
            caught = lam[k, j]
            for m in range(size):
                table[k, m + size] = table[k, m] * caught
                table[k, m] *= 1.0 - caught
            size *= 2


@njit(cache=True, nogil=True)
def _sweep(
    patterns: NDArray[np.float64],
    codes: NDArray[np.int64],
    table: NDArray[np.float64],
    counts: NDArray[np.int64],
    observed: int,
    lam: NDArray[np.float64],
    pi: NDArray[np.float64],
    alpha: float,
    a_alpha: float,
    b_alpha: float,
    update_alpha: bool,
    state: NDArray[np.uint64],
    spare: NDArray[np.float64],
    work: NDArray[np.float64],
    drawn: NDArray[np.int64],
    order: NDArray[np.int64],
    ones: NDArray[np.float64],
    sizes: NDArray[np.int64],
) -> tuple[int, float]:
    """One Gibbs sweep in place; returns (n₀, α)."""
    classes, n_lists = lam.shape
    weights = work[:classes]
    tail = work[classes : 2 * classes]
    ones[:, :] = 0.0
    sizes[:] = 0
    # One visiting order per sweep: a pattern's class weights follow π closely, and sorting per
    # pattern would cost more than the draws it shortens.
    descending_order(pi, order)
    if codes.shape[0] > 0:
        _pattern_table(lam, table)
    for p in range(patterns.shape[0]):
        if codes.shape[0] > 0:
            for k in range(classes):
                weights[k] = pi[k] * table[k, codes[p]]
        else:
            for k in range(classes):
                w = pi[k]
                for j in range(n_lists):
                    # λ if the pattern has list j, else 1 − λ, without a branch.
                    w *= 1.0 - lam[k, j] + patterns[p, j] * (2.0 * lam[k, j] - 1.0)
                weights[k] = w
        multinomial(state, counts[p], weights, drawn, order, tail)
        for k in range(classes):
            if drawn[k] > 0:
                sizes[k] += drawn[k]
                for j in range(n_lists):
                    ones[k, j] += patterns[p, j] * drawn[k]
    unseen_share = 0.0
    for k in range(classes):
        w = pi[k]
        for j in range(n_lists):
            w *= 1.0 - lam[k, j]
        weights[k] = w
        unseen_share += w
    seen_probability = min(max(1.0 - unseen_share, 1e-300), 1.0)
    unseen = negative_binomial(state, spare, observed, seen_probability)
    multinomial(state, unseen, weights, drawn, order, tail)
    for k in range(classes):
        sizes[k] += drawn[k]
    for k in range(classes):
        for j in range(n_lists):
            lam[k, j] = beta(state, spare, 1.0 + ones[k, j], 1.0 + sizes[k] - ones[k, j])
    remaining = observed + unseen
    log_rest = 0.0
    left = 1.0
    for k in range(classes - 1):
        remaining -= sizes[k]
        v = min(beta(state, spare, 1.0 + sizes[k], alpha + remaining), STICK_CEILING)
        pi[k] = left * v
        left *= 1.0 - v
        log_rest += math.log1p(-v)
    pi[classes - 1] = left
    if update_alpha:
        alpha = gamma(state, spare, a_alpha + classes - 1) / (b_alpha - log_rest)
    return unseen, alpha


@njit(cache=True, nogil=True)
def gibbs_chain(
    patterns: NDArray[np.float64],
    codes: NDArray[np.int64],
    counts: NDArray[np.int64],
    classes: int,
    a_alpha: float,
    b_alpha: float,
    burn_in: int,
    samples: int,
    thinning: int,
    seed: int,
    dispersed: bool = False,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Thinned draws of (N, α, number of occupied classes) from one chain.

    `codes` are the patterns' bit masks (`pattern_codes`) when `use_pattern_table`, else empty.
    `dispersed` starts from the prior instead (λ uniform, equal π, α = 1, no warm-up), to look for
    other modes.
    """
    state = np.zeros(4, dtype=np.uint64)
    spare = np.zeros(2)
    seed_stream(seed, state, spare)
    n_lists = patterns.shape[1]
    observed = int(counts.sum())
    lam = np.empty((classes, n_lists))
    pi = np.empty(classes)
    _initial_state(patterns, counts, lam, pi)
    table = np.empty((classes, 2**n_lists if codes.shape[0] > 0 else 1))
    work = np.empty(2 * classes)
    drawn = np.zeros(classes, dtype=np.int64)
    order = np.arange(classes)
    ones = np.zeros((classes, n_lists))
    sizes = np.zeros(classes, dtype=np.int64)
    alpha = 0.3 / classes
    if dispersed:
        _dispersed_state(state, lam, pi)
        alpha = 1.0
    for _ in range(0 if dispersed else WARM_UP_SWEEPS):
        _, alpha = _sweep(
            patterns, codes, table, counts, observed, lam, pi, alpha, a_alpha, b_alpha, False,
            state, spare, work, drawn, order, ones, sizes,
        )  # fmt: skip
    out_population = np.empty(samples)
    out_alpha = np.empty(samples)
    out_occupied = np.empty(samples)
    kept = 0
    for iteration in range(burn_in + samples * thinning):
        unseen, alpha = _sweep(
            patterns, codes, table, counts, observed, lam, pi, alpha, a_alpha, b_alpha, True,
            state, spare, work, drawn, order, ones, sizes,
        )  # fmt: skip
        if iteration >= burn_in and (iteration - burn_in + 1) % thinning == 0:
            out_population[kept] = observed + unseen
            out_alpha[kept] = alpha
            out_occupied[kept] = np.count_nonzero(sizes)
            kept += 1
    return out_population, out_alpha, out_occupied
