"""The observable cells of one capture table and the design columns of log-linear terms.

Stepwise selection, model averaging and the bootstrap fit dozens of models to the same table, and
each model's design is a choice among the same few columns: a term's column marks the cells whose
bit code contains the term's bits. `Cells` builds each column and each term's sufficient statistic
once per table, so a model's design is a stack of cached columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .glm import FloatArray
from .table import CaptureTable

Term = tuple[int, ...]
Model = tuple[Term, ...]


def term_mask(term: Iterable[int]) -> int:
    """Bit mask of a term: list j contributes 2**j (as the cell codes do)."""
    mask = 0
    for j in term:
        mask |= 1 << j
    return mask


@dataclass(frozen=True, slots=True)
class Reduced:
    """A model's fitting problem after removing terms nobody shares (Chan, Silverman & Vincent 2021)."""

    design: FloatArray
    counts: FloatArray
    codes: NDArray[np.int64]
    dropped: Model
    kept_model: Model
    masks: tuple[int, ...]


FULL_MATRIX_MAX_LISTS = 8


@dataclass(slots=True)
class Cells:
    """Counts of the 2^k − 1 observable cells in code order and a cache of design columns.

    Up to eight lists every possible column is built at once (at most 255 × 256), so a design is
    one indexing operation; beyond that columns are built as models ask for them.
    """

    n_lists: int
    codes: NDArray[np.int64]
    counts: FloatArray
    observed: int
    _matrix: FloatArray | None = None
    _shared: FloatArray | None = None
    _columns: dict[int, FloatArray] = field(default_factory=dict)

    @classmethod
    def of(cls, table: CaptureTable) -> Cells:
        """The cells of `table`, zero cells included."""
        codes = np.arange(1, 2**table.n_lists, dtype=np.int64)
        counts = table.full_counts()[1:].astype(np.float64)
        cells = cls(table.n_lists, codes, counts, table.observed)
        if table.n_lists <= FULL_MATRIX_MAX_LISTS:
            masks = np.arange(2**table.n_lists, dtype=np.int64)
            cells._matrix = ((codes[:, None] & masks[None, :]) == masks[None, :]).astype(np.float64)
            cells._shared = counts @ cells._matrix
        return cells

    def column(self, mask: int) -> FloatArray:
        """1.0 where the cell is on every list in `mask` (mask 0: the intercept)."""
        if self._matrix is not None:
            return self._matrix[:, mask]
        found = self._columns.get(mask)
        if found is None:
            found = ((self.codes & mask) == mask).astype(np.float64)
            self._columns[mask] = found
        return found

    def shared(self, term: Term) -> float:
        """People on every list of `term` (the term's sufficient statistic)."""
        mask = term_mask(term)
        if self._shared is not None:
            return float(self._shared[mask])
        return float(self.counts @ self.column(mask))

    def design(self, model: Model) -> FloatArray:
        """Intercept, one column per list, one per interaction term, over all observable cells."""
        return self._columns_for(model_masks(self.n_lists, model))

    def _columns_for(self, masks: tuple[int, ...]) -> FloatArray:
        if self._matrix is not None:
            return self._matrix[:, masks]
        return np.column_stack([self.column(m) for m in masks])

    def reduce(self, model: Model) -> Reduced:
        """Drop terms with no shared cases, their cells (fitted exactly 0) and every larger term."""
        dropped = tuple(term for term in model if self.shared(term) == 0.0)
        if not dropped:
            masks = model_masks(self.n_lists, model)
            return Reduced(self._columns_for(masks), self.counts, self.codes, (), model, masks)
        dropped_masks = [term_mask(t) for t in dropped]
        keep = np.ones(len(self.codes), dtype=bool)
        for mask in dropped_masks:
            keep &= (self.codes & mask) != mask
        kept_model = tuple(t for t in model if not any(term_mask(t) & d == d for d in dropped_masks))
        masks = model_masks(self.n_lists, kept_model)
        design = np.ascontiguousarray(self._columns_for(masks)[keep])
        return Reduced(design, self.counts[keep], self.codes[keep], dropped, kept_model, masks)


def model_masks(n_lists: int, model: Model) -> tuple[int, ...]:
    """Column masks in design order: intercept (0), main effects, then the model's terms."""
    return (0, *[1 << j for j in range(n_lists)], *[term_mask(t) for t in model])


def warm_start(parent_masks: tuple[int, ...], parent_beta: FloatArray, masks: tuple[int, ...]) -> FloatArray:
    """A neighbour's starting coefficients: the parent's where the column is shared, 0 for a new term."""
    where = {mask: i for i, mask in enumerate(parent_masks)}
    return np.array([parent_beta[where[m]] if m in where else 0.0 for m in masks])
