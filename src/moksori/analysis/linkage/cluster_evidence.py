"""Person-level evidence: a record (or a small person) weighed against a whole person.

Single linkage joins two persons on their single best pair: a record that matches one of a
namesake's records on a few fields joins her whole trail, although her other records disagree. Here
two groups of records are compared field by field: for each comparison the evidence is the mean of its
weight over the pairs between them that recorded it (a field missing on one side of every pair stays
missing), and the groups' evidence is the sum over comparisons, as for a pair. The mean, not the best
pair, keeps a field on which one member agrees and another disagrees from counting as agreement; and
a field one record misses still counts through another record of its person.

Clustering (see :mod:`clusters`) uses it as a check on single linkage: a link at or above the
match threshold joins two persons only when this person-level evidence, with the calibrated prior,
also reaches the threshold, and every pair between them was scored with at least the floor's evidence
(no member strongly disagrees, none was kept apart by blocking). One wrong link then no longer
merges a woman with a namesake's whole record trail, which lets the threshold sit lower.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from moksori.analysis.linkage.prior import probabilities

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """Scored pairs with their evidence split by comparison (log2 Bayes factors, NaN when missing).

    Only pairs whose total evidence reached the floor the caller fetched are present; ``floor`` says
    which, so that an absent pair counts as strong disagreement or as never compared.
    """

    left: IntArray
    right: IntArray
    by_comparison: FloatArray  # shape (pairs, comparisons)
    floor: float


class PersonEvidence:
    """Person-level evidence between two groups of records, from their pairs' per-comparison weights.

    For each comparison the evidence is the mean of its weight over the pairs between the groups that
    recorded it; the groups' evidence is the sum over comparisons. A group pair with any pair missing
    (never compared, or below the floor) has no evidence: it is taken as not supported.
    """

    def __init__(self, evidence: PairEvidence, n_records: int, prior: float) -> None:
        self._rows: dict[int, int] = {}
        self._n = n_records
        for row, (a, b) in enumerate(zip(evidence.left.tolist(), evidence.right.tolist(), strict=True)):
            self._rows[a * n_records + b] = row
            self._rows[b * n_records + a] = row
        self._weights = evidence.by_comparison
        self._prior = prior

    def probability(self, left: Sequence[int], right: Sequence[int]) -> float:
        """Match probability of two groups of records (0.0 when a pair between them is missing)."""
        rows = []
        for a in left:
            for b in right:
                row = self._rows.get(a * self._n + b)
                if row is None:
                    return 0.0
                rows.append(row)
        weights = self._weights[rows]
        recorded = ~np.isnan(weights)
        sums = np.where(recorded, weights, 0.0).sum(axis=0)
        counts = recorded.sum(axis=0)
        total = float(np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0).sum())
        return float(probabilities(np.array([total]), self._prior)[0])


def comparison_weights_sql(table: str, comparisons: Sequence[tuple[str, bool]], floor: float) -> str:
    """SQL over splink's predictions (intermediate columns retained): each comparison's weight with
    its frequency adjustment, NULL when a value was missing, for pairs whose match weight reaches
    ``floor``. ``comparisons`` are (output column name, frequency adjusted) in model order."""
    columns = []
    for index, (name, adjusted) in enumerate(comparisons):
        weight = f"mw_{name} + mw_tf_adj_{name}" if adjusted else f"mw_{name}"
        # splink gives the missing level a weight of exactly 0; every other level has a weight.
        columns.append(f"CASE WHEN mw_{name} = 0 THEN NULL ELSE {weight} END AS c{index}")
    selected = ", ".join(["unique_id_l", "unique_id_r", *columns])
    return f"SELECT {selected} FROM {table} WHERE match_weight >= {float(floor)!r}"  # noqa: S608


def pair_evidence(frame: pd.DataFrame, width: int, floor: float) -> PairEvidence:
    """:class:`PairEvidence` from the rows of :func:`comparison_weights_sql`."""
    weights = [
        pd.to_numeric(frame[f"c{i}"], errors="coerce").to_numpy(dtype=np.float64) for i in range(width)
    ]
    return PairEvidence(
        left=frame["unique_id_l"].to_numpy(dtype=np.int64),
        right=frame["unique_id_r"].to_numpy(dtype=np.int64),
        by_comparison=np.column_stack(weights) if weights else np.zeros((len(frame), 0)),
        floor=floor,
    )
