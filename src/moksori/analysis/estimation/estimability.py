"""Whether a log-linear model's estimate exists and is identifiable on a table (Fienberg & Rinaldo 2012).

Identifiability needs a design of full column rank. Existence of the maximum likelihood estimate
needs a strictly positive table with the observed sufficient statistics; equivalently (Gordan's
alternative) no direction d with X·d = 0 on every positive cell and X·d ≤ 0, not all 0, on the
zero cells, along which the likelihood would keep rising. Such a d lies in the null space of the
positive cells' rows, which is usually empty or one-dimensional: then a sign check decides, and
only larger null spaces need the linear programme.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from .glm import FloatArray

NOT_IDENTIFIABLE = "not identifiable: the table cannot separate some model terms (too many empty cells)"
DOES_NOT_EXIST = "the maximum likelihood estimate does not exist"
RANK_TOLERANCE = 1e-10
SIGN_TOLERANCE = 1e-9


def estimability_problem(design: FloatArray, counts: FloatArray) -> str | None:
    """Why the MLE fails on this design, or None when it exists."""
    if not is_identifiable(design):
        return NOT_IDENTIFIABLE
    return None if mle_exists(design, counts) else DOES_NOT_EXIST


def is_identifiable(design: FloatArray) -> bool:
    """Whether the design has full column rank."""
    return bool(np.linalg.matrix_rank(design) == design.shape[1])


def mle_exists(design: FloatArray, counts: FloatArray) -> bool:
    """Whether the maximum likelihood estimate exists, for an identifiable design."""
    zero = counts <= 0
    if not np.any(zero):
        return True
    positive_rows = design[~zero]
    null_space = _null_space(positive_rows, design.shape[1])
    if null_space.shape[1] == 0:
        return True
    if null_space.shape[1] == 1:
        moves = design[zero] @ null_space[:, 0]
        scale = SIGN_TOLERANCE * max(float(np.max(np.abs(moves))), 1.0)
        return not (np.all(moves <= scale) or np.all(moves >= -scale))
    return positive_table_exists(design, counts)


def _null_space(rows: FloatArray, n_columns: int) -> FloatArray:
    if rows.shape[0] == 0:
        return np.eye(n_columns)
    _, singular, vt = np.linalg.svd(rows)
    rank = int(np.sum(singular > RANK_TOLERANCE * max(float(singular[0]), 1.0)))
    return np.ascontiguousarray(vt[rank:].T)


def positive_table_exists(design: FloatArray, counts: FloatArray) -> bool:
    """The linear-programme test: is there a strictly positive table with Xᵀx = Xᵀy?"""
    n_cells = design.shape[0]
    # Variables: cell values x (n_cells) and slack s; maximise s with x_i ≥ s and Xᵀx = Xᵀy.
    objective = np.zeros(n_cells + 1)
    objective[-1] = -1.0
    a_eq = np.hstack([design.T, np.zeros((design.shape[1], 1))])
    b_eq = design.T @ counts
    a_ub = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])
    bounds = [(0.0, None)] * n_cells + [(0.0, 1.0)]
    solution = linprog(objective, A_ub=a_ub, b_ub=np.zeros(n_cells), A_eq=a_eq, b_eq=b_eq, bounds=bounds)
    return bool(solution.status == 0 and -solution.fun > 1e-7)
