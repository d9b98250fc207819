"""The result of a linkage run: persons (clusters), uncertain pairs, parameters, counts and timings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from moksori.analysis.linkage.capture import CaptureHistories, capture_histories
from moksori.analysis.linkage.settings import LinkageSettings

if TYPE_CHECKING:
    import pandas as pd

RecordKey = tuple[str, str]  # (source, record_id): record_id is unique only within its source


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two records and the model's match probability; positions index ``LinkageResult.records``."""

    left: int
    right: int
    match_probability: float
    match_weight: float


@dataclass(frozen=True, slots=True)
class LinkageResult:
    """Persons found among the records, with what is needed to review, audit and reproduce them.

    ``records[i]`` is the (source, record_id) of input row i and ``cluster_ids[i]`` its person; the
    ``pairs`` are every scored pair at or above ``review_threshold`` (uncertain ones below
    ``match_threshold`` go to clerical review).
    """

    settings: LinkageSettings
    records: tuple[RecordKey, ...] = field(repr=False)
    cluster_ids: tuple[int, ...] = field(repr=False)
    pairs: tuple[ScoredPair, ...] = field(repr=False)
    match_threshold: float
    review_threshold: float
    pairs_scored: int
    parameters: Mapping[str, object] = field(repr=False)
    timings: Mapping[str, float]
    issue_counts: Mapping[str, int]
    seed: int
    warnings: tuple[str, ...] = ()

    @property
    def n_records(self) -> int:
        """Number of input records."""
        return len(self.records)

    @property
    def n_clusters(self) -> int:
        """Number of persons found."""
        return len(set(self.cluster_ids))

    @property
    def seconds(self) -> float:
        """Total wall-clock time of the run."""
        return sum(self.timings.values())

    def clusters(self) -> dict[RecordKey, int]:
        """Person number of each record, by (source, record_id)."""
        return dict(zip(self.records, self.cluster_ids, strict=True))

    def review_pairs(self) -> tuple[ScoredPair, ...]:
        """Pairs uncertain enough for a person to look at: review threshold <= p < the higher of the match
        and confirm thresholds (so weakly merged pairs are confirmed by a person, too)."""
        upper = max(self.match_threshold, self.settings.confirm_threshold)
        return tuple(p for p in self.pairs if p.match_probability < upper)

    def capture_histories(self, source_order: Sequence[str] | None = None) -> CaptureHistories:
        """Persons per pattern of organisations, in the format ``moksori estimate`` reads."""
        return capture_histories(
            [source for source, _ in self.records], self.cluster_ids, source_order=source_order
        )

    def to_frame(self) -> pd.DataFrame:
        """A data frame with columns ``source, record_id, cluster_id``, in input order."""
        import pandas as pd  # a heavy import, kept out of module import time

        return pd.DataFrame(
            {
                "source": [s for s, _ in self.records],
                "record_id": [r for _, r in self.records],
                "cluster_id": list(self.cluster_ids),
            }
        )

    def to_dict(self) -> dict[str, object]:
        """Counts, thresholds, parameters and timings (no record ids, no names)."""
        sizes = Counter(Counter(self.cluster_ids).values())
        return {
            "records": self.n_records,
            "clusters": self.n_clusters,
            "cluster_sizes": {str(k): v for k, v in sorted(sizes.items())},
            "pairs_scored": self.pairs_scored,
            "pairs_at_or_above_review": len(self.pairs),
            "pairs_for_review": len(self.review_pairs()),
            "match_threshold": self.match_threshold,
            "review_threshold": self.review_threshold,
            "seconds": round(self.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "issue_counts": dict(self.issue_counts),
            "seed": self.seed,
            "settings": self.settings.to_dict(),
            "parameters": dict(self.parameters),
            "warnings": list(self.warnings),
        }

    def summary(self) -> str:
        """A few lines for a terminal or a log (counts only)."""
        d = self.to_dict()
        return (
            f"{d['records']} records -> {d['clusters']} persons at match probability "
            f">= {self.match_threshold:g}; {d['pairs_scored']} pairs scored, {d['pairs_for_review']} for "
            f"review; {self.seconds:.1f} s (seed {self.seed})"
        )
