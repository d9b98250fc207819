"""A small, fast Poisson GLM (IRLS) for the few-cell tables of multiple systems estimation.

statsmodels fits the same model but spends most of its time on bookkeeping for tables of at most
a few dozen cells; model selection and bootstrapping fit thousands of them, so the loop is
compiled with numba. `benchmarks/estimation.py` compares both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray
from scipy.special import gammaln

FloatArray = NDArray[np.float64]

MAX_ITERATIONS = 100
TOLERANCE = 1e-10


@dataclass(frozen=True, slots=True)
class PoissonFit:
    """Coefficients, their covariance and fit statistics of one Poisson GLM."""

    beta: FloatArray
    covariance: FloatArray
    fitted: FloatArray
    deviance: float
    loglik: float
    converged: bool
    iterations: int


def fit_poisson(design: FloatArray, counts: FloatArray, start: FloatArray | None = None) -> PoissonFit:
    """Fit log E[y] = X·beta by iteratively reweighted least squares, optionally warm-started."""
    x = np.ascontiguousarray(design, dtype=np.float64)
    y = np.ascontiguousarray(counts, dtype=np.float64)
    has_start = start is not None
    beta0 = np.ascontiguousarray(start if start is not None else np.zeros(x.shape[1]), dtype=np.float64)
    try:
        beta, cov, mu, deviance, converged, iterations = _irls(
            x, y, beta0, has_start, MAX_ITERATIONS, TOLERANCE
        )
    except (np.linalg.LinAlgError, ZeroDivisionError):
        # A singular information matrix means the data cannot pin the coefficients down.
        nan = np.full(x.shape[1], np.nan)
        return PoissonFit(
            nan, np.full((x.shape[1],) * 2, np.nan), np.full(len(y), np.nan), math.nan, -math.inf, False, 0
        )
    beta = np.asarray(beta, dtype=np.float64)
    cov = np.asarray(cov, dtype=np.float64)
    mu = np.asarray(mu, dtype=np.float64)
    loglik = float(np.sum(_xlogy(y, mu) - mu - gammaln(y + 1.0)))
    return PoissonFit(beta, cov, mu, float(deviance), loglik, bool(converged), int(iterations))


def _xlogy(y: FloatArray, mu: FloatArray) -> FloatArray:
    safe = np.where(y > 0, mu, 1.0)
    return np.where(y > 0, y * np.log(safe), 0.0)


@njit(cache=True, nogil=True, error_model="numpy")
def _deviance(y: FloatArray, mu: FloatArray) -> float:
    total = 0.0
    for i in range(y.shape[0]):
        if y[i] > 0:
            total += y[i] * np.log(y[i] / mu[i])
        total -= y[i] - mu[i]
    return 2.0 * total


@njit(cache=True, nogil=True, error_model="numpy")
def _irls(
    x: FloatArray, y: FloatArray, beta0: FloatArray, has_start: bool, max_iter: int, tol: float
) -> tuple[Any, Any, Any, float, bool, int]:
    n, p = x.shape
    # Without a warm start, begin as R's glm does at mu = y + 0.1 (finite log for zero cells).
    eta = x @ beta0 if has_start else np.log(y + 0.1)
    for i in range(n):
        eta[i] = min(max(eta[i], -700.0), 700.0)
    mu = np.exp(eta)
    dev_old = _deviance(y, mu)
    beta: Any = beta0.copy()
    xtwx = np.zeros((p, p))
    converged = False
    iteration = 0
    while iteration < max_iter:
        iteration += 1
        z = eta + (y - mu) / mu
        xtwx = (x.T * mu) @ x
        xtwz = (x.T * mu) @ z
        beta = np.linalg.solve(xtwx, xtwz)
        eta = x @ beta
        for i in range(n):
            eta[i] = min(max(eta[i], -700.0), 700.0)
        mu = np.exp(eta)
        dev = _deviance(y, mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            converged = True
            break
        dev_old = dev
    xtwx = (x.T * mu) @ x
    cov = np.linalg.inv(xtwx)
    return beta, cov, mu, _deviance(y, mu), converged, iteration
