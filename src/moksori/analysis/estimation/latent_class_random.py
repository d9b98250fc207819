"""Random draws for the latent-class Gibbs sampler, compiled with numba on an explicit xoshiro256** stream.

The state is a small array the caller owns (`new_stream`), so a chain is reproducible from its seed
whatever thread runs it, and no global generator is shared between chains. xoshiro256** (Blackman &
Vigna 2021) gives one double per 64-bit step, about four times cheaper than MT19937's two 32-bit steps.
The samplers are the standard exact ones: Marsaglia–Tsang (2000) gamma, Hörmann's (1993) BTRS binomial
and PTRS Poisson for large means, inversion for small means.

Layout of a stream: uint64[4] generator state, plus float64[2] holding a cached second normal deviate
of the polar method (flag, value).

The small draws are inlined into their callers (`inline="always"`): a call to a compiled function
that takes an array costs an atomic reference-count increment and decrement, which took about a
sixth of the sampler's time; inlining costs about 15 s more on the first, uncached compilation.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

UInt64Array = NDArray[np.uint64]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Below this mean, inversion (a short sequential search) is cheaper than transformed rejection.
INVERSION_MEAN_LIMIT = 10.0
# A multinomial over this many people or fewer is drawn one person at a time; above it, by K − 1
# conditional binomials (each costs about as much as a dozen single-person draws).
PER_PERSON_LIMIT = 12
_LOG_SQRT_TWO_PI = 0.5 * math.log(2.0 * math.pi)
_SMALL_LOG_FACTORIALS = np.array([math.lgamma(k + 1.0) for k in range(16)])


@njit(cache=True, nogil=True)
def _splitmix64(x: np.uint64) -> tuple[np.uint64, np.uint64]:
    x = x + np.uint64(0x9E3779B97F4A7C15)
    z = x
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x, z ^ (z >> np.uint64(31))


@njit(cache=True, nogil=True)
def seed_stream(seed: int, state: UInt64Array, spare: FloatArray) -> None:
    """Fill a stream's state from a seed with splitmix64, as the xoshiro authors recommend."""
    x = np.uint64(seed)
    for i in range(4):
        x, state[i] = _splitmix64(x)
    spare[0] = 0.0
    spare[1] = 0.0


def new_stream(seed: int) -> tuple[UInt64Array, FloatArray]:
    """A freshly seeded stream (state, spare)."""
    state = np.zeros(4, dtype=np.uint64)
    spare = np.zeros(2, dtype=np.float64)
    seed_stream(seed, state, spare)
    return state, spare


@njit(cache=True, nogil=True)
def _rotl(x: np.uint64, k: int) -> np.uint64:
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@njit(cache=True, nogil=True, inline="always")
def next_u64(state: UInt64Array) -> np.uint64:
    """One step of xoshiro256**."""
    result = _rotl(state[1] * np.uint64(5), 7) * np.uint64(9)
    t = state[1] << np.uint64(17)
    state[2] ^= state[0]
    state[3] ^= state[1]
    state[1] ^= state[2]
    state[0] ^= state[3]
    state[2] ^= t
    state[3] = _rotl(state[3], 45)
    return result


@njit(cache=True, nogil=True, inline="always")
def uniform(state: UInt64Array) -> float:
    """Uniform on [0, 1) with 53 random bits."""
    return float(next_u64(state) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, nogil=True, inline="always")
def open_uniform(state: UInt64Array) -> float:
    """Uniform on (0, 1), safe for logarithms and negative powers."""
    return (float(next_u64(state) >> np.uint64(11)) + 0.5) * (1.0 / 9007199254740992.0)


@njit(cache=True, nogil=True, inline="always")
def normal(state: UInt64Array, spare: FloatArray) -> float:
    """Standard normal by Marsaglia's polar method, keeping the second deviate for the next call."""
    if spare[0] != 0.0:
        spare[0] = 0.0
        return float(spare[1])
    while True:
        x = 2.0 * uniform(state) - 1.0
        y = 2.0 * uniform(state) - 1.0
        r2 = x * x + y * y
        if 0.0 < r2 < 1.0:
            f = math.sqrt(-2.0 * math.log(r2) / r2)
            spare[0] = 1.0
            spare[1] = y * f
            return x * f


@njit(cache=True, nogil=True, inline="always")
def gamma(state: UInt64Array, spare: FloatArray, shape: float) -> float:
    """Gamma(shape, 1) by Marsaglia & Tsang (2000); shapes below 1 by the U^(1/shape) boost."""
    boost = 1.0
    if shape < 1.0:
        boost = open_uniform(state) ** (1.0 / shape)
        shape += 1.0
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = normal(state, spare)
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = open_uniform(state)
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2 or math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v * boost


@njit(cache=True, nogil=True, inline="always")
def beta(state: UInt64Array, spare: FloatArray, a: float, b: float) -> float:
    """Beta(a, b): closed-form inversion when a or b is 1, Cheng's BB when both exceed 1, else gammas."""
    # Empty classes give Beta(1, 1 + n) and Beta(1, 1): most λ draws, since few classes are occupied.
    if a == 1.0:
        if b == 1.0:
            return uniform(state)
        return float(1.0 - open_uniform(state) ** (1.0 / b))
    if b == 1.0:
        return float(open_uniform(state) ** (1.0 / a))
    if a > 1.0 and b > 1.0:
        return _beta_cheng_bb(state, a, b)
    x = gamma(state, spare, a)
    return x / (x + gamma(state, spare, b))


@njit(cache=True, nogil=True, inline="always")
def _beta_cheng_bb(state: UInt64Array, a: float, b: float) -> float:
    # Cheng (1978), "Generating beta variates with nonintegral shape parameters", algorithm BB
    # (both shapes above 1): one draw costs about as much as a single gamma.
    small = min(a, b)
    large = max(a, b)
    total = small + large
    scale = math.sqrt((total - 2.0) / (2.0 * small * large - total))
    shift = small + 1.0 / scale
    while True:
        u1 = open_uniform(state)
        u2 = open_uniform(state)
        v = scale * math.log(u1 / (1.0 - u1))
        w = small * math.exp(v)
        z = u1 * u1 * u2
        r = shift * v - 1.3862943611198906
        s = small + r - w
        if s + 2.6094379124341003 >= 5.0 * z:
            break
        t = math.log(z)
        if s > t or r + total * math.log(total / (large + w)) >= t:
            break
    if small == a:
        return w / (large + w)
    return large / (large + w)


@njit(cache=True, nogil=True)
def log_factorial(k: float) -> float:
    """log k! by table for small k, else Stirling's series (error below 1e-13 for k ≥ 16)."""
    if k < 16.0:
        return float(_SMALL_LOG_FACTORIALS[int(k)])
    inv = 1.0 / k
    inv2 = inv * inv
    series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0)))
    return (k + 0.5) * math.log(k) - k + _LOG_SQRT_TWO_PI + series


@njit(cache=True, nogil=True, inline="always")
def _binomial_inversion(state: UInt64Array, n: int, p: float) -> int:
    q = 1.0 - p
    ratio = p / q
    mass = q**n
    u = uniform(state)
    x = 0
    while u > mass and x < n:
        u -= mass
        x += 1
        mass *= ratio * (n - x + 1) / x
    return x


@njit(cache=True, nogil=True, inline="always")
def _binomial_btrs(state: UInt64Array, n: int, p: float) -> int:
    # Hörmann (1993), "The generation of binomial random variates", algorithm BTRS; needs n·p ≥ 10.
    q = 1.0 - p
    spq = math.sqrt(n * p * q)
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    v_r = 0.92 - 4.2 / b
    alpha = (2.83 + 5.1 / b) * spq
    lpq = math.log(p / q)
    m = math.floor((n + 1) * p)
    h = log_factorial(m) + log_factorial(n - m)
    while True:
        u = uniform(state) - 0.5
        v = open_uniform(state)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + c)
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            return int(k)
        v = math.log(v * alpha / (a / (us * us) + b))
        if v <= h - log_factorial(k) - log_factorial(n - k) + (k - m) * lpq:
            return int(k)


@njit(cache=True, nogil=True, inline="always")
def binomial(state: UInt64Array, n: int, p: float) -> int:
    """Binomial(n, p): inversion for small means, BTRS otherwise."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    flipped = p > 0.5
    rarer = 1.0 - p if flipped else p
    if n * rarer < INVERSION_MEAN_LIMIT:
        x = _binomial_inversion(state, n, rarer)
    else:
        x = _binomial_btrs(state, n, rarer)
    return n - x if flipped else x


@njit(cache=True, nogil=True)
def _poisson_ptrs(state: UInt64Array, lam: float) -> int:
    # Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    v_r = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = uniform(state) - 0.5
        v = open_uniform(state)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= v_r:
            return int(k)
        if k < 0 or (us < 0.013 and v > us):
            continue
        if math.log(v) + math.log(inv_alpha) - math.log(
            a / (us * us) + b
        ) <= -lam + k * loglam - log_factorial(k):
            return int(k)


@njit(cache=True, nogil=True)
def poisson(state: UInt64Array, lam: float) -> int:
    """Poisson(lam): multiplication of uniforms for small means, PTRS otherwise."""
    if lam <= 0.0:
        return 0
    if lam >= 10.0:
        return _poisson_ptrs(state, lam)
    limit = math.exp(-lam)
    x = 0
    product = uniform(state)
    while product > limit:
        x += 1
        product *= uniform(state)
    return x


@njit(cache=True, nogil=True)
def negative_binomial(state: UInt64Array, spare: FloatArray, n: int, p: float) -> int:
    """Failures before the n-th success with success probability p, as a gamma–Poisson mixture."""
    if p >= 1.0:
        return 0
    return poisson(state, gamma(state, spare, float(n)) * (1.0 - p) / p)


@njit(cache=True, nogil=True)
def descending_order(weights: FloatArray, order: IntArray) -> None:
    """Indices of `weights` from largest to smallest (insertion sort: K is small)."""
    for i in range(order.shape[0]):
        order[i] = i
    for i in range(1, order.shape[0]):
        current = order[i]
        j = i - 1
        while j >= 0 and weights[order[j]] < weights[current]:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = current


@njit(cache=True, nogil=True)
def multinomial(
    state: UInt64Array, total: int, weights: FloatArray, out: IntArray, order: IntArray, tail: FloatArray
) -> None:
    """Counts of `total` draws over classes with unnormalised `weights`, written into `out`.

    Classes are visited in `order`, best from heaviest to lightest, so that the search (one person at a
    time) or the chain of conditional binomials (many people) usually ends after the few occupied
    classes; any order gives the same distribution. `tail` is scratch space as long as `weights`.
    """
    out[:] = 0
    if total <= 0:
        return
    last = order.shape[0] - 1
    # Suffix sums in visiting order: exact remaining mass, not a running difference that loses
    # precision when the remaining classes are tiny.
    running = 0.0
    for position in range(last, -1, -1):
        running += weights[order[position]]
        tail[position] = running
    if total <= PER_PERSON_LIMIT:
        # running − tail[position + 1] is the cumulative weight up to `position`.
        for _ in range(total):
            u = uniform(state) * running
            position = 0
            while position < last and running - tail[position + 1] <= u:
                position += 1
            out[order[position]] += 1
        return
    remaining = total
    for position in range(last):
        k = order[position]
        if remaining == 0 or tail[position] <= 0.0:
            return
        drawn = binomial(state, remaining, min(weights[k] / tail[position], 1.0))
        out[k] = drawn
        remaining -= drawn
    out[order[last]] += remaining
