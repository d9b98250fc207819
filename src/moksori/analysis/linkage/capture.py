"""Persons found by linkage -> capture histories, in the aggregate format ``moksori estimate`` reads.

One 0/1 column per source (organisation) and a final ``count`` column, one row per observed pattern:
how many persons were seen by exactly that set of organisations. Counts only, never identities.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

COUNT_COLUMN = "count"


@dataclass(frozen=True, slots=True)
class CaptureHistories:
    """Observed capture patterns: ``patterns[i][j]`` is 1 when pattern i includes source j."""

    sources: tuple[str, ...]
    patterns: tuple[tuple[int, ...], ...]
    counts: tuple[int, ...]

    @property
    def persons(self) -> int:
        """Persons seen by at least one source (the number of clusters)."""
        return sum(self.counts)

    def to_rows(self) -> list[dict[str, int]]:
        """One dict per pattern, columns in the order of ``sources`` then ``count``."""
        return [
            {**dict(zip(self.sources, pattern, strict=True)), COUNT_COLUMN: count}
            for pattern, count in zip(self.patterns, self.counts, strict=True)
        ]

    def to_csv_text(self) -> str:
        """The CSV text that ``moksori estimate`` reads."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow((*self.sources, COUNT_COLUMN))
        writer.writerows((*pattern, count) for pattern, count in zip(self.patterns, self.counts, strict=True))
        return buffer.getvalue()

    def to_dict(self) -> dict[str, object]:
        """Patterns as strings of 0/1 in source order, e.g. ``{"110": 41}``."""
        return {
            "sources": list(self.sources),
            "patterns": {"".join(map(str, p)): c for p, c in zip(self.patterns, self.counts, strict=True)},
        }

    def summary(self) -> str:
        """One line: persons, sources and the number of distinct patterns."""
        return f"{self.persons} persons over {len(self.sources)} sources in {len(self.patterns)} patterns"


def capture_histories(
    sources: Sequence[str], clusters: Sequence[int], *, source_order: Sequence[str] | None = None
) -> CaptureHistories:
    """Count persons per capture pattern from each record's source and cluster (aligned by position).

    ``source_order`` fixes the column order (default: sorted source names); a source missing from it
    is an error rather than a silently dropped list.
    """
    if len(sources) != len(clusters):
        raise ValueError("sources and clusters must describe the same records, one value each")
    order = tuple(source_order) if source_order is not None else tuple(sorted(set(sources)))
    position = {name: i for i, name in enumerate(order)}
    unknown = set(sources) - set(position)
    if unknown:
        raise ValueError(f"{len(unknown)} source(s) are missing from source_order; list every source")
    seen: dict[int, int] = {}
    for source, cluster in zip(sources, clusters, strict=True):
        seen[cluster] = seen.get(cluster, 0) | (1 << position[source])
    tally = Counter(seen.values())
    masks = sorted(tally, key=lambda m: tuple(-((m >> j) & 1) for j in range(len(order))))
    patterns = tuple(tuple((mask >> j) & 1 for j in range(len(order))) for mask in masks)
    return CaptureHistories(order, patterns, tuple(tally[m] for m in masks))
