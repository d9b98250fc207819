"""A small, fast Poisson GLM (IRLS) for the few-cell tables of multiple systems estimation.

statsmodels fits the same model but spends most of its time on bookkeeping for tables of at most
a few dozen cells; model selection and bootstrapping fit thousands of them, so the whole fit,
log-likelihood included, is one compiled numba call. `benchmarks/estimation.py` compares both,
and the tests check that both give the same coefficients.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

MAX_ITERATIONS = 100
TOLERANCE = 1e-10
LOG_CLIP = 700.0


@dataclass(frozen=True, slots=True)
class PoissonFit:
    """Coefficients, fit statistics and the information matrix (as its Cholesky factor L, with
    XᵀWX = LLᵀ) of one Poisson GLM; the intercept's variance is kept because estimates need it."""

    beta: FloatArray
    information_cholesky: FloatArray
    intercept_variance: float
    fitted: FloatArray
    deviance: float
    loglik: float
    converged: bool
    iterations: int

    @property
    def covariance(self) -> FloatArray:
        """(XᵀWX)⁻¹, the coefficients' asymptotic covariance."""
        inverse_factor = np.linalg.inv(self.information_cholesky)
        return np.asarray(inverse_factor.T @ inverse_factor, dtype=np.float64)


def fit_poisson(design: FloatArray, counts: FloatArray, start: FloatArray | None = None) -> PoissonFit:
    """Fit log E[y] = X·beta by iteratively reweighted least squares, optionally warm-started."""
    x = np.ascontiguousarray(design, dtype=np.float64)
    y = np.ascontiguousarray(counts, dtype=np.float64)
    has_start = start is not None
    beta0 = np.ascontiguousarray(start if start is not None else np.zeros(x.shape[1]), dtype=np.float64)
    beta, lower, variance, mu, deviance, loglik, converged, iterations = irls(
        x, y, beta0, has_start, MAX_ITERATIONS, TOLERANCE
    )
    if iterations < 0:
        # A singular information matrix means the data cannot pin the coefficients down.
        return _failed_fit(x.shape[1], len(y))
    return PoissonFit(beta, lower, variance, mu, deviance, loglik, converged, iterations)


def _failed_fit(n_columns: int, n_cells: int) -> PoissonFit:
    nan = np.full(n_columns, np.nan)
    square = np.full((n_columns, n_columns), np.nan)
    return PoissonFit(nan, square, math.nan, np.full(n_cells, np.nan), math.nan, -math.inf, False, 0)


@njit(cache=True, nogil=True, error_model="numpy")
def _deviance(y: FloatArray, mu: FloatArray) -> float:
    total = 0.0
    for i in range(y.shape[0]):
        if y[i] > 0:
            total += y[i] * np.log(y[i] / mu[i])
        total -= y[i] - mu[i]
    return 2.0 * total


@njit(cache=True, nogil=True, error_model="numpy")
def _loglik(y: FloatArray, mu: FloatArray) -> float:
    total = 0.0
    for i in range(y.shape[0]):
        if y[i] > 0:
            total += y[i] * np.log(mu[i]) - math.lgamma(y[i] + 1.0)
        total -= mu[i]
    return total


@njit(cache=True, nogil=True, error_model="numpy")
def _update_mean(x: FloatArray, beta: FloatArray, eta: FloatArray, mu: FloatArray) -> None:
    n, p = x.shape
    for i in range(n):
        total = 0.0
        for j in range(p):
            total += x[i, j] * beta[j]
        eta[i] = min(max(total, -LOG_CLIP), LOG_CLIP)
        mu[i] = math.exp(eta[i])


@njit(cache=True, nogil=True, error_model="numpy")
def _normal_equations(
    x: FloatArray, y: FloatArray, eta: FloatArray, mu: FloatArray, a: FloatArray, b: FloatArray
) -> None:
    # Xᵀ W X and Xᵀ W z with W = diag(mu) and working response z = eta + (y − mu)/mu.
    n, p = x.shape
    a[:, :] = 0.0
    b[:] = 0.0
    for i in range(n):
        wz = mu[i] * eta[i] + y[i] - mu[i]
        for j in range(p):
            xij = x[i, j]
            if xij == 0.0:
                continue
            wx = mu[i] * xij
            b[j] += xij * wz
            for k in range(j + 1):
                a[j, k] += wx * x[i, k]
    for j in range(p):
        for k in range(j):
            a[k, j] = a[j, k]


@njit(cache=True, nogil=True, error_model="numpy")
def _cholesky(a: FloatArray, lower: FloatArray) -> bool:
    p = a.shape[0]
    lower[:, :] = 0.0
    for j in range(p):
        total = a[j, j]
        for k in range(j):
            total -= lower[j, k] * lower[j, k]
        if not total > 0.0:
            return False
        lower[j, j] = math.sqrt(total)
        for i in range(j + 1, p):
            acc = a[i, j]
            for k in range(j):
                acc -= lower[i, k] * lower[j, k]
            lower[i, j] = acc / lower[j, j]
    return True


@njit(cache=True, nogil=True, error_model="numpy")
def _cholesky_solve(lower: FloatArray, b: FloatArray, out: FloatArray) -> None:
    p = lower.shape[0]
    for i in range(p):
        acc = b[i]
        for k in range(i):
            acc -= lower[i, k] * out[k]
        out[i] = acc / lower[i, i]
    for i in range(p - 1, -1, -1):
        acc = out[i]
        for k in range(i + 1, p):
            acc -= lower[k, i] * out[k]
        out[i] = acc / lower[i, i]


@njit(cache=True, nogil=True, error_model="numpy")
def _first_diagonal_of_inverse(lower: FloatArray) -> float:
    # [(LLᵀ)⁻¹]₀₀ = ‖L⁻¹e₀‖²: one forward substitution instead of a full inverse.
    p = lower.shape[0]
    v = np.zeros(p)
    total = 0.0
    for i in range(p):
        acc = 1.0 if i == 0 else 0.0
        for k in range(i):
            acc -= lower[i, k] * v[k]
        v[i] = acc / lower[i, i]
        total += v[i] * v[i]
    return total


@njit(cache=True, nogil=True, error_model="numpy")
def irls(
    x: FloatArray, y: FloatArray, beta0: FloatArray, has_start: bool, max_iter: int, tol: float
) -> tuple[FloatArray, FloatArray, float, FloatArray, float, float, bool, int]:
    """(beta, Cholesky factor of XᵀWX, intercept variance, fitted, deviance, log-likelihood,
    converged, iterations); iterations −1 when the information matrix is singular.

    The normal equations are solved by a Cholesky factorisation written out here: for a handful
    of columns it is far cheaper than a LAPACK call."""
    n, p = x.shape
    eta = np.empty(n)
    mu = np.empty(n)
    beta = beta0.copy()
    if has_start:
        _update_mean(x, beta, eta, mu)
    else:
        # Without a warm start, begin as R's glm does at mu = y + 0.1 (finite log for zero cells).
        for i in range(n):
            eta[i] = math.log(y[i] + 0.1)
            mu[i] = y[i] + 0.1
    a = np.empty((p, p))
    b = np.empty(p)
    lower = np.empty((p, p))
    dev_old = _deviance(y, mu)
    converged = False
    iteration = 0
    while iteration < max_iter:
        iteration += 1
        _normal_equations(x, y, eta, mu, a, b)
        if not _cholesky(a, lower):
            return beta, lower, math.nan, mu, math.nan, -math.inf, False, -1
        _cholesky_solve(lower, b, beta)
        _update_mean(x, beta, eta, mu)
        dev = _deviance(y, mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            converged = True
            break
        dev_old = dev
    _normal_equations(x, y, eta, mu, a, b)
    if not _cholesky(a, lower):
        return beta, lower, math.nan, mu, math.nan, -math.inf, False, -1
    variance = _first_diagonal_of_inverse(lower)
    return beta, lower, variance, mu, _deviance(y, mu), _loglik(y, mu), converged, iteration
