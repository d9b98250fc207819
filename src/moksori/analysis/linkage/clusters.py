"""Scored record pairs -> persons: clustering at a match threshold.

Plain connected components chain errors: one wrong link between two sisters merges both women and
everyone linked to either. When each organisation recorded a woman once, a person can hold at most
one record per source; links are then taken strongest first and a link is refused when it would
put two records of the same source into one person (a greedy, constrained single-linkage).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
# Match probability of two groups of records (record positions) taken as one person.
GroupCheck = Callable[[Sequence[int], Sequence[int]], float]


class _Components:
    """Union-find over record positions, each root carrying the set of sources of its records."""

    def __init__(self, source_codes: Sequence[int]) -> None:
        self.parent = list(range(len(source_codes)))
        self.sources = [1 << code for code in source_codes]
        self.members: list[list[int]] = [[i] for i in range(len(source_codes))]

    def root(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps later look-ups short
            item = parent[item]
        return item

    def join(
        self, left: int, right: int, *, exclusive: bool, check: GroupCheck | None, threshold: float
    ) -> bool:
        a, b = self.root(left), self.root(right)
        if a == b:
            return False
        if exclusive and self.sources[a] & self.sources[b]:
            return False
        larger = len(self.members[a]) + len(self.members[b]) > 2  # for two records the pair decides
        if check is not None and larger and check(self.members[a], self.members[b]) < threshold:
            return False
        if a > b:
            a, b = b, a
        self.parent[b] = a
        self.sources[a] |= self.sources[b]
        self.members[a].extend(self.members[b])
        self.members[b] = []
        return True


def _source_codes(sources: Sequence[str]) -> list[int]:
    codes: dict[str, int] = {}
    return [codes.setdefault(source, len(codes)) for source in sources]


def cluster_pairs(
    sources: Sequence[str],
    left: Sequence[int] | IntArray,
    right: Sequence[int] | IntArray,
    probability: Sequence[float] | FloatArray,
    *,
    threshold: float,
    one_record_per_source: bool = True,
    person_check: GroupCheck | None = None,
) -> IntArray:
    """Cluster number (0, 1, ...) of every record, numbered by each cluster's first record.

    ``sources[i]`` is the organisation of record ``i``; ``left``, ``right`` and ``probability`` are
    the scored pairs (record positions). Pairs below ``threshold`` are ignored; the rest are joined
    strongest first, refusing joins that put two records of one source together when
    ``one_record_per_source`` is set. With ``person_check`` (see :mod:`cluster_evidence`), a link
    that would join two persons, not just two records, must also have the whole persons' match
    probability at or above ``threshold``.
    """
    lefts = np.asarray(left, dtype=np.int64)
    rights = np.asarray(right, dtype=np.int64)
    probabilities = np.asarray(probability, dtype=np.float64)
    keep = probabilities >= threshold
    # Stable sort on (-p, left, right) makes the result independent of the engine's row order.
    order = np.lexsort((rights[keep], lefts[keep], -probabilities[keep]))
    components = _Components(_source_codes(sources))
    for a, b in zip(lefts[keep][order].tolist(), rights[keep][order].tolist(), strict=True):
        components.join(a, b, exclusive=one_record_per_source, check=person_check, threshold=threshold)
    return _numbered(components, len(sources))


def _numbered(components: _Components, size: int) -> IntArray:
    numbers: dict[int, int] = {}
    out = np.empty(size, dtype=np.int64)
    for item in range(size):
        out[item] = numbers.setdefault(components.root(item), len(numbers))
    return out
