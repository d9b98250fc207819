"""Convergence diagnostics for MCMC draws: split R-hat and effective sample size.

Both follow Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021) without rank normalisation:
R-hat compares within- and between-chain variance of half-chains; the effective sample size
sums autocorrelations (pooled over chains) up to Geyer's initial monotone sequence.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


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
