"""Simulated populations of known size: do the intervals cover the truth as often as they claim?"""

from __future__ import annotations

import numpy as np

from moksori.analysis.estimation.latent_class import SamplerSettings, latent_class_estimate
from moksori.analysis.estimation.log_linear_estimate import loglinear_estimate
from moksori.analysis.estimation.table import CaptureTable, all_patterns, capture_table_from_patterns

LISTS3 = ("A", "B", "C")


def _loglinear_population(rng: np.random.Generator, size: int) -> CaptureTable:
    # Lists A and B are positively dependent (referral between organisations): log-odds +1.
    patterns = all_patterns(3)
    log_p = patterns @ np.array([-1.2, -1.6, -0.9]) + 1.0 * patterns[:, 0] * patterns[:, 1]
    p = np.exp(log_p) / np.exp(log_p).sum()
    counts = rng.multinomial(size, p)
    return capture_table_from_patterns(LISTS3, zip(patterns[1:].tolist(), counts[1:].tolist(), strict=True))


def _heterogeneous_population(rng: np.random.Generator, size: int) -> CaptureTable:
    # Two hidden groups: a hard-to-reach majority and a visible minority; within the visible group
    # list 2 mostly finds people already on list 1 (dependence).
    lists = ("L1", "L2", "L3", "L4")
    hard = rng.random(size) < 0.7
    probs = np.where(hard[:, None], [0.25, 0.2, 0.3, 0.2], [0.6, 0.5, 0.6, 0.5])
    captured = rng.random((size, 4)) < probs
    captured[:, 1] |= (~hard) & captured[:, 0] & (rng.random(size) < 0.15)
    seen = captured[captured.any(axis=1)].astype(int)
    return capture_table_from_patterns(lists, ((row, 1) for row in seen.tolist()))


def test_profile_interval_of_the_true_log_linear_model_covers_about_95_percent() -> None:
    rng = np.random.default_rng(2024)
    size, runs, hits = 1000, 200, 0
    for _ in range(runs):
        table = _loglinear_population(rng, size)
        result = loglinear_estimate(table, model=((0, 1),))
        hits += result.ci[0] <= size <= result.ci[1]
    assert 0.90 <= hits / runs <= 0.99


def test_independence_model_misses_when_lists_are_dependent() -> None:
    # The honest failure: ignoring positive dependence underestimates, and the interval misses.
    rng = np.random.default_rng(7)
    misses = sum(
        loglinear_estimate(_loglinear_population(rng, 1000), model=()).ci[1] < 1000 for _ in range(50)
    )
    assert misses >= 40


def test_latent_class_interval_covers_heterogeneous_dependent_populations() -> None:
    rng = np.random.default_rng(99)
    settings = SamplerSettings(burn_in=2000, samples=500, thinning=10)
    size, runs = 1500, 12
    hits = sum(
        (lambda r: r.ci[0] <= size <= r.ci[1])(
            latent_class_estimate(_heterogeneous_population(rng, size), seed=i, settings=settings)
        )
        for i in range(runs)
    )
    assert hits >= 10
