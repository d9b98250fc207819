"""Convergence diagnostics for MCMC draws: split R-hat, effective sample size, chains that disagree.

R-hat and ESS follow Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021): R-hat compares within-
and between-chain variance of half-chains; `rank_rhat` does so on rank-normalised draws and on their
distance from the median (bulk and tails), which suits skewed posteriors such as a population size.
The effective sample size sums autocorrelations (pooled over chains) up to Geyer's initial monotone
sequence. `disagreeing_chains` catches what R-hat summarises away: one chain sitting in another mode.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri
from scipy.stats import rankdata

# A chain whose draws lie almost all on one side of another chain's median is exploring a different
# region: with mixing chains the share is near one half.
DISAGREEMENT_SHARE = 0.05
# A chain that spends this share of its draws beyond everything another chain visited has been to a
# region the other never reached. Mixing chains of 1,000 draws leave well under 3% outside each
# other's ranges (on the shared tables at most 5%, between slowly mixing HIV chains); chains on the
# HIV table that visit its low mode leave 17-28%.
OUTSIDE_SHARE = 0.10


def split_rhat(draws: NDArray[np.float64]) -> float:
    """Split R-hat of a (chains, draws) array; values near 1 (below ~1.01) mean agreement."""
    n = draws.shape[1]
    half = n // 2
    split = np.concatenate([draws[:, :half], draws[:, half : 2 * half]], axis=0)
    within = float(np.mean(np.var(split, axis=1, ddof=1)))
    between = float(half * np.var(np.mean(split, axis=1), ddof=1))
    if within == 0:
        return 1.0
    pooled = (half - 1) / half * within + between / half
    return float(np.sqrt(pooled / within))


def _autocovariance(chain: NDArray[np.float64]) -> NDArray[np.float64]:
    n = chain.shape[0]
    centred = chain - chain.mean()
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    acov = np.fft.irfft(spectrum * np.conj(spectrum), size)[:n]
    return np.asarray(acov / n, dtype=np.float64)


def effective_sample_size(draws: NDArray[np.float64]) -> float:
    """Effective number of independent draws in a (chains, draws) array."""
    chains, n = draws.shape
    if n < 4:
        return float(chains * n)
    acov = np.array([_autocovariance(c) for c in draws])
    chain_var = acov[:, 0] * n / (n - 1.0)
    within = float(np.mean(chain_var))
    pooled = within * (n - 1.0) / n
    if chains > 1:
        pooled += float(np.var(draws.mean(axis=1), ddof=1))
    if pooled <= 0:
        return float(chains * n)
    rho = 1.0 - (within - np.mean(acov, axis=0)) / pooled
    rho[0] = 1.0
    tau = _geyer_sum(rho)
    return float(chains * n / tau)


def _geyer_sum(rho: NDArray[np.float64]) -> float:
    pairs = rho[:-1:2] + rho[1::2]
    total = 0.0
    previous = np.inf
    for value in pairs:
        if value <= 0:
            break
        value = min(value, previous)
        total += value
        previous = value
    return float(max(2.0 * total - 1.0, 1.0 / np.log10(max(len(rho), 10))))


def _normal_scores(draws: NDArray[np.float64]) -> NDArray[np.float64]:
    ranks = rankdata(draws, method="average").reshape(draws.shape)
    return np.asarray(ndtri((ranks - 0.375) / (draws.size + 0.25)), dtype=np.float64)


def rank_rhat(draws: NDArray[np.float64]) -> float:
    """Rank-normalised split R-hat of a (chains, draws) array: the larger of bulk and tail R-hat."""
    bulk = split_rhat(_normal_scores(draws))
    folded = np.abs(draws - np.median(draws))
    tail = split_rhat(_normal_scores(folded))
    return max(bulk, tail)


def disagreeing_chains(
    draws: NDArray[np.float64], share: float = DISAGREEMENT_SHARE, outside: float = OUTSIDE_SHARE
) -> bool:
    """Whether chains explore different regions: a chain almost wholly above (or below) another
    chain's median, or a chain with more than `outside` of its draws beyond another chain's range."""
    medians = np.median(draws, axis=1)
    lows = draws.min(axis=1)
    highs = draws.max(axis=1)
    for chain in draws:
        below = (chain[None, :] < medians[:, None]).mean(axis=1)
        above = (chain[None, :] > medians[:, None]).mean(axis=1)
        if np.any(below > 1.0 - share) or np.any(above > 1.0 - share):
            return True
        beyond = ((chain[None, :] < lows[:, None]) | (chain[None, :] > highs[:, None])).mean(axis=1)
        if np.any(beyond > outside):
            return True
    return False
