"""Small-cell suppression for a count table with its margins, so no published number identifies few people.

Every number a table publishes is an *entry*: a cell, a row total, a column total or the grand total.
Entries are tied by equations (each row's cells add up to its total, and so on), so hiding a small
cell is not enough when the others of its row and the row total are shown: subtraction gives it back.

1. Primary suppression: every entry under the threshold (zeros included, unless the settings allow
   them: "none of them" is also a disclosure about a group).
2. Complementary suppression, repeated until nothing changes:
   - no hidden entry may be recoverable from the published ones (it is recoverable when the
     equations fix its value; tested with ranks, exact for small tables);
   - in an equation whose other terms are all published, the hidden entries' combined value is
     public, so it must not itself be a small number.
   Each time, the smallest published entry sharing an equation with the problem is hidden too
   (smallest: the least information lost), ties broken by position so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

Equations = Sequence[Mapping[int, int]]
Kind = Literal["cell", "row_total", "column_total", "total"]
Reason = Literal["primary", "complementary"]
DEFAULT_THRESHOLD = 5
TOTAL_LABEL = "total"


@dataclass(frozen=True, slots=True)
class DisclosureSettings:
    """The suppression threshold (publish only counts of at least this many) and whether 0 may be shown.

    Zeros are published by default: an empty cell describes no woman, and hiding it would also hide
    its complement ("110 of 110") through complementary suppression, losing the finding itself.
    """

    threshold: int = DEFAULT_THRESHOLD
    publish_zeros: bool = True

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError(f"the disclosure threshold must be at least 1 (got {self.threshold})")

    def is_small(self, count: int) -> bool:
        """Whether `count` must not be published."""
        if count == 0 and self.publish_zeros:
            return False
        return count < self.threshold


@dataclass(frozen=True, slots=True)
class Entry:
    """One published number of a table: where it sits and what it is."""

    row: str
    column: str
    kind: Kind
    count: int


@dataclass(frozen=True, slots=True)
class Suppression:
    """One hidden entry and why: under the threshold, or hidden so another cannot be recovered."""

    row: str
    column: str
    kind: Kind
    reason: Reason


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    """A table fit to publish: each entry's count, or None where it is suppressed, and what was hidden."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    entries: tuple[Entry, ...]
    published: tuple[int | None, ...]  # aligned with `entries`
    suppressions: tuple[Suppression, ...]
    threshold: int

    def value(self, row: str, column: str) -> int | None:
        """The published count at (row, column) (use "total" for margins); None when suppressed."""
        for entry, shown in zip(self.entries, self.published, strict=True):
            if entry.row == row and entry.column == column:
                return shown
        raise KeyError(f"no entry ({row!r}, {column!r}) in this table")

    def is_suppressed(self, row: str, column: str) -> bool:
        """Whether the entry at (row, column) is hidden."""
        return self.value(row, column) is None

    def summary(self) -> str:
        """What was hidden and why, in one line per reason."""
        primary = sum(1 for s in self.suppressions if s.reason == "primary")
        secondary = len(self.suppressions) - primary
        return (
            f"{len(self.entries)} numbers, threshold {self.threshold}: {primary} under the threshold "
            f"suppressed, {secondary} more suppressed so those cannot be recovered from totals"
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: threshold, the table with None for suppressed numbers, and each suppression."""
        return {
            "threshold": self.threshold,
            "rows": list(self.rows),
            "columns": list(self.columns),
            "entries": [
                {"row": e.row, "column": e.column, "kind": e.kind, "count": shown}
                for e, shown in zip(self.entries, self.published, strict=True)
            ],
            "suppressed": [
                {"row": s.row, "column": s.column, "kind": s.kind, "reason": s.reason}
                for s in self.suppressions
            ],
        }

    def to_frame(self) -> pd.DataFrame:
        """Rows × columns (with "total" margins where published), suppressed numbers as missing."""
        import pandas as pd

        frame = pd.DataFrame(index=pd.Index(_labels(self.entries, "row")), dtype="Int64")
        for entry, shown in zip(self.entries, self.published, strict=True):
            frame.loc[entry.row, entry.column] = shown if shown is not None else pd.NA
        return frame.astype("Int64")


def _labels(entries: Sequence[Entry], axis: Literal["row", "column"]) -> list[str]:
    seen: dict[str, None] = {}
    for entry in entries:
        seen[entry.row if axis == "row" else entry.column] = None
    return list(seen)


def suppress_split(
    counts: Mapping[str, int], settings: DisclosureSettings, *, with_total: bool = True
) -> SuppressedTable:
    """A one-way split (category → count), with its total unless `with_total` is False."""
    return suppress_table(
        {"": dict(counts)}, settings, row_totals=with_total, column_totals=False, grand_total=False
    )


def suppress_table(
    counts: Mapping[str, Mapping[str, int]],
    settings: DisclosureSettings,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    grand_total: bool = True,
) -> SuppressedTable:
    """A two-way table (row → column → count) with the margins asked for, suppressed as the settings say."""
    rows = tuple(counts)
    columns = tuple(dict.fromkeys(column for row in counts.values() for column in row))
    _check_counts(counts)
    entries = _entries(counts, rows, columns, row_totals, column_totals, grand_total)
    equations = _equations(entries)
    hidden = {i for i, entry in enumerate(entries) if settings.is_small(entry.count)}
    primary = frozenset(hidden)
    _complement(entries, equations, hidden, settings)
    return SuppressedTable(
        rows=rows,
        columns=columns,
        entries=tuple(entries),
        published=tuple(None if i in hidden else e.count for i, e in enumerate(entries)),
        suppressions=tuple(
            Suppression(e.row, e.column, e.kind, "primary" if i in primary else "complementary")
            for i, e in enumerate(entries)
            if i in hidden
        ),
        threshold=settings.threshold,
    )


def _check_counts(counts: Mapping[str, Mapping[str, int]]) -> None:
    for row, cells in counts.items():
        for column, count in cells.items():
            if not isinstance(count, int) or count < 0:
                raise ValueError(f"count at ({row!r}, {column!r}) must be a whole number ≥ 0, got {count!r}")


def _entries(
    counts: Mapping[str, Mapping[str, int]],
    rows: tuple[str, ...],
    columns: tuple[str, ...],
    row_totals: bool,
    column_totals: bool,
    grand_total: bool,
) -> list[Entry]:
    entries = [Entry(r, c, "cell", counts[r].get(c, 0)) for r in rows for c in columns]
    if row_totals:
        entries += [Entry(r, TOTAL_LABEL, "row_total", sum(counts[r].values())) for r in rows]
    if column_totals:
        entries += [
            Entry(TOTAL_LABEL, c, "column_total", sum(counts[r].get(c, 0) for r in rows)) for c in columns
        ]
    if grand_total:
        total = sum(sum(cells.values()) for cells in counts.values())
        entries.append(Entry(TOTAL_LABEL, TOTAL_LABEL, "total", total))
    return entries


def _equations(entries: Sequence[Entry]) -> list[dict[int, int]]:
    """Each equation as entry index → coefficient (parts +1, their total −1), summing to zero."""
    cells = [(i, e) for i, e in enumerate(entries) if e.kind == "cell"]
    equations: list[dict[int, int]] = []
    for i, total in enumerate(entries):
        if total.kind == "row_total":
            parts = [j for j, e in cells if e.row == total.row]
        elif total.kind == "column_total":
            parts = [j for j, e in cells if e.column == total.column]
        elif total.kind == "total":
            parts = _grand_total_parts(entries, cells)
        else:
            continue
        equations.append({**dict.fromkeys(parts, 1), i: -1})
    extra = _grand_total_over_columns(entries)
    return equations + ([extra] if extra else [])


def _grand_total_parts(entries: Sequence[Entry], cells: Sequence[tuple[int, Entry]]) -> list[int]:
    row_totals = [i for i, e in enumerate(entries) if e.kind == "row_total"]
    return row_totals if row_totals else [j for j, _ in cells]


def _grand_total_over_columns(entries: Sequence[Entry]) -> dict[int, int] | None:
    # Implied by the others for ranks, but stated so the small-hidden-sum rule sees it too.
    columns = [i for i, e in enumerate(entries) if e.kind == "column_total"]
    total = [i for i, e in enumerate(entries) if e.kind == "total"]
    if not columns or not total or not any(e.kind == "row_total" for e in entries):
        return None
    return {**dict.fromkeys(columns, 1), total[0]: -1}


def _complement(
    entries: Sequence[Entry],
    equations: Sequence[Mapping[int, int]],
    hidden: set[int],
    settings: DisclosureSettings,
) -> None:
    while len(hidden) < len(entries):
        problem = _first_problem(entries, equations, hidden, settings)
        if problem is None:
            return
        hidden.add(_cheapest_partner(entries, equations, hidden, problem))


def _first_problem(
    entries: Sequence[Entry],
    equations: Sequence[Mapping[int, int]],
    hidden: set[int],
    settings: DisclosureSettings,
) -> int | None:
    """A hidden entry that is recoverable, or whose equation reveals a small hidden sum; None if safe."""
    for equation in equations:
        inside = [i for i in equation if i in hidden]
        if len(inside) == 1:
            return inside[0]
        same_side = len({equation[i] for i in inside}) == 1
        if inside and same_side and settings.is_small(sum(entries[i].count for i in inside)):
            return inside[0]
    for i in sorted(hidden):
        if recoverable(i, equations, hidden) or pinned_by_non_negativity(i, entries, equations, hidden):
            return i
    return None


def recoverable(target: int, equations: Sequence[Mapping[int, int]], hidden: set[int]) -> bool:
    """Whether the published entries fix the value of hidden entry `target` (exact rank test)."""
    unknowns = sorted(hidden)
    column = {entry: k for k, entry in enumerate(unknowns)}
    rows = [[equation.get(u, 0) for u in unknowns] for equation in equations if set(equation) & hidden]
    if not rows:
        return False
    matrix = np.array(rows, dtype=float)
    unit = np.zeros(len(unknowns))
    unit[column[target]] = 1.0
    # target's value is fixed iff its unit vector is a combination of the equations' rows
    return bool(np.linalg.matrix_rank(np.vstack([matrix, unit])) == np.linalg.matrix_rank(matrix))


def pinned_by_non_negativity(
    target: int, entries: Sequence[Entry], equations: Sequence[Mapping[int, int]], hidden: set[int]
) -> bool:
    """Whether counts being ≥ 0 leave hidden entry `target` a single possible value (linear programme).

    Catches what ranks miss: hidden entries whose published sum is 0 must each be 0.
    """
    from scipy.optimize import linprog

    unknowns = sorted(hidden)
    position = {entry: k for k, entry in enumerate(unknowns)}
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for equation in equations:
        if not set(equation) & hidden:
            continue
        a_eq.append([float(equation.get(u, 0)) for u in unknowns])
        b_eq.append(-float(sum(c * entries[i].count for i, c in equation.items() if i not in hidden)))
    if not a_eq:
        return False
    objective = np.zeros(len(unknowns))
    objective[position[target]] = 1.0
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if low.status != 0 or high.status != 0:
        return False  # unbounded above: not pinned
    return bool(-high.fun - low.fun < 0.5)


def _cheapest_partner(
    entries: Sequence[Entry], equations: Sequence[Mapping[int, int]], hidden: set[int], problem: int
) -> int:
    partners = {i for equation in equations if problem in equation for i in equation} - hidden
    if not partners:
        partners = set(range(len(entries))) - hidden  # all its equations are hidden: widen the net
    return min(partners, key=lambda i: (entries[i].count, i))
