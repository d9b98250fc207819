"""One frozen object that describes a whole linkage run (backend, thresholds, training, seed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Backend = Literal["duckdb", "spark"]
BACKENDS: tuple[Backend, ...] = ("duckdb", "spark")


@dataclass(frozen=True, slots=True)
class LinkageSettings:
    """Settings for :func:`moksori.analysis.linkage.model.link_records`.

    ``match_threshold`` is the match probability at or above which two records are the same woman;
    pairs from ``review_threshold`` up to ``confirm_threshold`` are uncertain and go to clerical review:
    below the match threshold to be joined if a person says so, above it to be confirmed or split.
    ``one_record_per_source`` says that an organisation recorded each woman once, so records of the
    same source are never compared and a person holds at most one record per source.
    """

    # The prior is calibrated over all scored pairs, so probabilities mean what they say. A link below
    # 0.5 may still join two records, because a link that would join two persons must also pass the
    # person-level check (see cluster_evidence.py): 0.4 is near the threshold that maximises the
    # expected F1 computed from the model's own probabilities (about 0.44 at 50,000 records).
    match_threshold: float = 0.4
    review_threshold: float = 0.2
    # Merged on weak evidence (0.4-0.6: one in two is wrong) is still uncertain: a person confirms it.
    confirm_threshold: float = 0.6
    backend: Backend = "duckdb"
    seed: int = 20240501
    u_max_pairs: float = 1e5
    em_max_pairs: float = 2e5
    one_record_per_source: bool = True
    threads: int | None = None
    memory_limit: str | None = None  # DuckDB syntax, e.g. "8GB"; None keeps DuckDB's default
    # No blocking rule compares more than this many records all-pairs (see blocking.py): bounds the
    # scored pairs at about n * max_block_size per rule, whatever the commonest names.
    max_block_size: int = 100
    # EM trains only on blocks of at most this many records (see model._blocked_gammas).
    em_max_block_size: int = 30
    # Clustering joins two persons only when the whole persons match too (see cluster_evidence.py),
    # and only where every pair between them has at least ``person_pair_floor`` bits of evidence.
    person_evidence: bool = True
    person_pair_floor: float = 0.0
    # The check keeps every comparison's weight per scored pair, which more than triples peak memory at
    # 1M records (5.8 -> 19.5 GiB) for +0.01 F1; above this many records it is skipped.
    person_evidence_max_records: int = 200_000
    file_label: str = "input"

    def __post_init__(self) -> None:
        if not 0.0 < self.match_threshold < 1.0:
            raise ValueError("match_threshold must lie strictly between 0 and 1 (for example 0.9)")
        if not 0.0 < self.review_threshold <= self.match_threshold:
            raise ValueError("review_threshold must lie in (0, match_threshold]")
        if not 0.0 < self.confirm_threshold <= 1.0:
            raise ValueError("confirm_threshold must lie in (0, 1]")
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}")
        if self.u_max_pairs < 1e3 or self.em_max_pairs < 1e3:
            raise ValueError("u_max_pairs and em_max_pairs must be at least 1000")
        if self.max_block_size < 2 or self.em_max_block_size < 2:
            raise ValueError("max_block_size and em_max_block_size must be at least 2")
        if self.threads is not None and self.threads < 1:
            raise ValueError("threads must be at least 1")

    def to_dict(self) -> dict[str, object]:
        """Plain fields, for JSON summaries and for saving a run's settings beside its output."""
        return asdict(self)
