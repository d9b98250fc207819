"""How good a linkage is against known truth: pairwise precision, recall, F1 and B-cubed.

Pairwise scores count record pairs put in one cluster; B-cubed scores (Bagga and Baldwin 1998,
"Entity-based cross-document coreferencing using the vector space model") average, over records,
the share of a record's cluster that is truly hers (precision) and the share of her true records
found in her cluster (recall), so one large wrong merge cannot hide behind many right singletons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class LinkageScores:
    """Quality of a clustering against the truth, for records aligned by position."""

    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float

    def summary(self) -> str:
        """One line with the main figures."""
        return (
            f"{self.records} records: pairwise P {self.pairwise_precision:.3f} R {self.pairwise_recall:.3f} "
            f"F1 {self.pairwise_f1:.3f}; B-cubed P {self.bcubed_precision:.3f} R {self.bcubed_recall:.3f} "
            f"F1 {self.bcubed_f1:.3f}"
        )

    def to_dict(self) -> dict[str, object]:
        """Plain fields, for JSON."""
        return asdict(self)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _pairs(sizes: Counter[Hashable]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def score_clusters(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> LinkageScores:
    """Compare a predicted cluster label per record with the true person label per record.

    A clustering that finds no pair has pairwise precision 1 by convention (it claims nothing wrong).
    """
    if len(predicted) != len(truth):
        raise ValueError("predicted and truth must label the same records, one label each")
    if not predicted:
        raise ValueError("there are no records to score")
    predicted_sizes = Counter(predicted)
    true_sizes = Counter(truth)
    overlap = Counter(zip(predicted, truth, strict=True))
    correct = _pairs(overlap)  # type: ignore[arg-type]
    predicted_pairs, true_pairs = _pairs(predicted_sizes), _pairs(true_sizes)
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    n = len(predicted)
    # Each (cluster, person) cell of size c contributes c records, each with c/|cluster| and c/|person|.
    b_precision = sum(c * c / predicted_sizes[p] for (p, _), c in overlap.items()) / n
    b_recall = sum(c * c / true_sizes[t] for (_, t), c in overlap.items()) / n
    return LinkageScores(
        records=n,
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct,
        pairwise_precision=precision,
        pairwise_recall=recall,
        pairwise_f1=_f1(precision, recall),
        bcubed_precision=b_precision,
        bcubed_recall=b_recall,
        bcubed_f1=_f1(b_precision, b_recall),
    )
