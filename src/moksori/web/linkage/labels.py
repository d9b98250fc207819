"""Reviewers' decisions as labels on top of a linkage result: must-link and cannot-link constraints.

Pure (no Django). The model's clusters are the starting point and are kept wherever no label touches
them. Then:

1. every **accepted** pair is a must-link: the two records' clusters are merged (union-find);
2. every **rejected** pair is a cannot-link: a cluster that still holds both records is rebuilt from
   its own evidence, greedily: first its accepted pairs, then the model's match pairs (probability at
   or above the match threshold) from the most to the least probable, skipping any merge that would
   put a rejected pair (or, with one record per source, two records of one source) together.

When accepted pairs join a rejected pair through a chain (a~b and b~c accepted, a~c rejected), the
labels contradict each other: the accepted pairs win and the conflict is counted so that a reviewer
can look again.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class _UnionFind(Generic[K]):
    def __init__(self, items: Iterable[K]) -> None:
        self.parent: dict[K, K] = {item: item for item in items}

    def find(self, item: K) -> K:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: K, b: K) -> K:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
        return ra

    def groups(self) -> dict[K, list[K]]:
        found: dict[K, list[K]] = {}
        for item in self.parent:
            found.setdefault(self.find(item), []).append(item)
        return found


@dataclass(frozen=True, slots=True)
class LabelledClusters(Generic[K]):
    """Person number of each record after labels, numbered 0.. in input order, and how many conflicts."""

    cluster_of: Mapping[K, int]
    conflicts: int

    @property
    def n_clusters(self) -> int:
        return len(set(self.cluster_of.values()))


@dataclass(frozen=True, slots=True)
class Labels(Generic[K]):
    accepted: tuple[tuple[K, K], ...] = ()
    rejected: tuple[tuple[K, K], ...] = ()


def apply_labels(
    cluster_of: Mapping[K, int],
    match_edges: Sequence[tuple[K, K, float]],
    labels: Labels[K],
    *,
    source_of: Mapping[K, str] | None = None,
) -> LabelledClusters[K]:
    """The model's ``cluster_of`` adjusted by ``labels``; ``match_edges`` are the model's match pairs.

    ``source_of`` (given when a person may hold at most one record per source) forbids merges that
    would put two records of one source in one person.
    """
    records = list(cluster_of)
    accepted = [(a, b) for a, b in labels.accepted if a in cluster_of and b in cluster_of]
    rejected = [(a, b) for a, b in labels.rejected if a in cluster_of and b in cluster_of]
    must = _UnionFind(records)
    for a, b in accepted:
        must.union(a, b)
    conflicts = [(a, b) for a, b in rejected if must.find(a) == must.find(b)]
    cannot = [pair for pair in rejected if pair not in conflicts]
    merged = _model_clusters(cluster_of)
    for a, b in accepted:
        merged.union(a, b)
    for members in merged.groups().values():
        if any(merged.find(a) == merged.find(b) for a, b in cannot if a in members and b in members):
            _rebuild(merged, set(members), must, match_edges, cannot, source_of)
    return LabelledClusters(_numbered(records, merged), len(conflicts))


def _model_clusters(cluster_of: Mapping[K, int]) -> _UnionFind[K]:
    found = _UnionFind(cluster_of)
    first: dict[int, K] = {}
    for record, cluster in cluster_of.items():
        found.union(first.setdefault(cluster, record), record)
    return found


def _rebuild(
    merged: _UnionFind[K],
    members: set[K],
    must: _UnionFind[K],
    match_edges: Sequence[tuple[K, K, float]],
    cannot: list[tuple[K, K]],
    source_of: Mapping[K, str] | None,
) -> None:
    """Split one cluster holding a rejected pair: start from its accepted groups, add match edges."""
    for member in members:
        merged.parent[member] = member
    for member in members:
        merged.union(must.find(member), member)
    edges = sorted(
        ((a, b, p) for a, b, p in match_edges if a in members and b in members), key=lambda e: -e[2]
    )
    for a, b, _p in edges:
        ra, rb = merged.find(a), merged.find(b)
        if ra != rb and _may_merge(merged, members, ra, rb, cannot, source_of):
            merged.union(ra, rb)


def _may_merge(
    merged: _UnionFind[K],
    members: set[K],
    ra: K,
    rb: K,
    cannot: list[tuple[K, K]],
    source_of: Mapping[K, str] | None,
) -> bool:
    roots = {ra, rb}
    for a, b in cannot:
        if a in members and b in members and {merged.find(a), merged.find(b)} == roots:
            return False
    if source_of is None:
        return True
    left = [source_of[m] for m in members if merged.find(m) == ra]
    right = {source_of[m] for m in members if merged.find(m) == rb}
    return not right.intersection(left)


def _numbered(records: list[K], merged: _UnionFind[K]) -> dict[K, int]:
    numbers: dict[K, int] = {}
    out: dict[K, int] = {}
    for record in records:
        out[record] = numbers.setdefault(merged.find(record), len(numbers))
    return out
