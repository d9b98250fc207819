"""Capture-history tables: reading, validating and reshaping the input of every estimator.

A table holds one row per observed capture pattern (which lists a person is on) and how many
people share it. The all-zero pattern, the people no list saw, is what the estimators infer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

COUNT_COLUMN = "count"
MAX_LISTS = 12


class TableError(ValueError):
    """A capture table that cannot be used; the message names file, row, field and fix."""


@dataclass(frozen=True, slots=True)
class CaptureTable:
    """Aggregated capture histories: `patterns[i, j]` is 1 when pattern i is on list j.

    Patterns are unique and never all-zero; `counts[i]` people share pattern i.
    """

    lists: tuple[str, ...]
    patterns: NDArray[np.int8]
    counts: NDArray[np.int64]

    @property
    def n_lists(self) -> int:
        """Number of lists (systems)."""
        return len(self.lists)

    @property
    def observed(self) -> int:
        """Number of distinct people seen by at least one list."""
        return int(self.counts.sum())

    def list_sizes(self) -> NDArray[np.int64]:
        """People on each list."""
        sizes = (self.patterns.astype(np.int64) * self.counts[:, None]).sum(axis=0)
        return np.asarray(sizes, dtype=np.int64)

    def full_counts(self) -> NDArray[np.int64]:
        """Counts of all 2^k patterns indexed by the pattern's bit code (list j is bit j); cell 0 is 0."""
        full = np.zeros(2**self.n_lists, dtype=np.int64)
        np.add.at(full, pattern_codes(self.patterns), self.counts)
        return full

    def scaled(self, factor: int) -> CaptureTable:
        """The same table with every count multiplied by `factor` (for sensitivity checks)."""
        return CaptureTable(self.lists, self.patterns, self.counts * int(factor))

    def reordered(self, list_order: Sequence[int]) -> CaptureTable:
        """The same table with lists permuted into `list_order`."""
        order = list(list_order)
        return CaptureTable(tuple(self.lists[i] for i in order), self.patterns[:, order], self.counts)

    def to_rows(self) -> list[dict[str, int]]:
        """One dict per pattern, in the shared CSV layout."""
        return [
            {**{name: int(bit) for name, bit in zip(self.lists, row, strict=True)}, COUNT_COLUMN: int(c)}
            for row, c in zip(self.patterns, self.counts, strict=True)
        ]


def sparse_table_warnings(table: CaptureTable) -> list[str]:
    """Warnings every estimator shares: lists that overlap nobody, and too little overlap overall."""
    warnings = []
    on_several = table.patterns.sum(axis=1) >= 2
    for j, name in enumerate(table.lists):
        shared = int(table.counts[on_several & (table.patterns[:, j] == 1)].sum())
        if shared == 0:
            warnings.append(
                f"List '{name}' shares nobody with any other list: it says nothing about overlap and the"
                " estimate rests on assumptions about it; consider leaving it out."
            )
    if int(table.counts[on_several].sum()) < 10:
        warnings.append("Fewer than 10 people are on more than one list: every estimate here is fragile.")
    return warnings


def pattern_codes(patterns: NDArray[np.int8]) -> NDArray[np.int64]:
    """Bit code of each pattern: list j contributes 2**j."""
    weights = 2 ** np.arange(patterns.shape[1], dtype=np.int64)
    return np.asarray(patterns.astype(np.int64) @ weights, dtype=np.int64)


def all_patterns(n_lists: int) -> NDArray[np.int8]:
    """Every pattern in code order, row c being the bits of c (row 0 is the unobserved cell)."""
    codes = np.arange(2**n_lists, dtype=np.int64)
    return ((codes[:, None] >> np.arange(n_lists)) & 1).astype(np.int8)


def read_capture_table(path: str | Path) -> CaptureTable:
    """Read a capture-history CSV (0/1 column per list, then `count`) and validate it."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise TableError(f"{source.name}: cannot be read ({err.strerror}); check the path.") from None
    return parse_capture_csv(text, source_name=source.name)


def parse_capture_csv(text: str, *, source_name: str = "<input>") -> CaptureTable:
    """Parse CSV text in the capture-history layout; errors name row and column, never cell text."""
    reader = csv.reader(io.StringIO(text))
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise TableError(f"{source_name}: the file is empty; give a header row with list names and 'count'.")
    header = [cell.strip() for cell in rows[0]]
    list_names = _validate_header(header, source_name)
    count_at = header.index(COUNT_COLUMN)
    list_at = [i for i, name in enumerate(header) if name != COUNT_COLUMN]
    records: list[tuple[tuple[int, ...], int]] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise TableError(
                f"{source_name}, row {line_no}: has {len(row)} cells but the header has {len(header)};"
                " give one 0/1 cell per list and a count."
            )
        bits = tuple(_parse_bit(row[i], source_name, line_no, header[i]) for i in list_at)
        count = _parse_count(row[count_at], source_name, line_no)
        records.append((bits, count))
    return capture_table_from_patterns(list_names, records, source_name=source_name)


def capture_table_from_patterns(
    lists: Sequence[str],
    records: Iterable[tuple[Sequence[int], int]],
    *,
    source_name: str = "<input>",
) -> CaptureTable:
    """Build a table from (pattern, count) pairs; repeated patterns are summed, zero counts dropped."""
    names = tuple(lists)
    if len(names) < 2:
        raise TableError(
            f"{source_name}: only {len(names)} list column(s); estimation needs at least two lists."
        )
    if len(names) > MAX_LISTS:
        raise TableError(f"{source_name}: {len(names)} lists; at most {MAX_LISTS} are supported.")
    totals: dict[tuple[int, ...], int] = {}
    for row_no, (bits, count) in enumerate(records, start=1):
        pattern = tuple(int(b) for b in bits)
        _check_pattern(pattern, count, names, source_name, row_no)
        if count > 0:
            totals[pattern] = totals.get(pattern, 0) + int(count)
    if not totals:
        raise TableError(f"{source_name}: no person is counted; the table needs at least one positive count.")
    ordered = sorted(totals.items(), key=lambda item: (sum(item[0]), item[0][::-1]))
    patterns = np.array([p for p, _ in ordered], dtype=np.int8)
    counts = np.array([c for _, c in ordered], dtype=np.int64)
    return CaptureTable(names, patterns, counts)


def capture_table_from_memberships(
    memberships: Iterable[Mapping[str, bool | int]], lists: Sequence[str]
) -> CaptureTable:
    """Aggregate linked records (one mapping per person: list name -> on that list) into a table.

    This is the bridge from record linkage: each linked person is one mapping, and only the
    list flags are read, so no identifying field reaches the estimators.
    """
    names = tuple(lists)
    records = (tuple(int(bool(person.get(name, 0))) for name in names) for person in memberships)
    return capture_table_from_patterns(names, ((bits, 1) for bits in records), source_name="linked records")


def _validate_header(header: list[str], source_name: str) -> tuple[str, ...]:
    if COUNT_COLUMN not in header:
        raise TableError(
            f"{source_name}, row 1: no '{COUNT_COLUMN}' column; add a final column named '{COUNT_COLUMN}'"
            " with the number of people sharing each pattern."
        )
    if header.count(COUNT_COLUMN) > 1:
        raise TableError(f"{source_name}, row 1: '{COUNT_COLUMN}' appears twice; keep one count column.")
    names = [name for name in header if name != COUNT_COLUMN]
    if any(not name for name in names):
        raise TableError(f"{source_name}, row 1: a list column has an empty name; name every list.")
    if len(set(names)) != len(names):
        raise TableError(f"{source_name}, row 1: two list columns share a name; give each list its own name.")
    if len(names) < 2:
        raise TableError(
            f"{source_name}, row 1: only {len(names)} list column(s); estimation needs at least two lists."
        )
    return tuple(names)


def _parse_bit(cell: str, source_name: str, line_no: int, column: str) -> int:
    value = cell.strip()
    if value not in {"0", "1"}:
        raise TableError(
            f"{source_name}, row {line_no}, column '{column}': list cells must be 0 or 1; correct this cell."
        )
    return int(value)


def _parse_count(cell: str, source_name: str, line_no: int) -> int:
    value = cell.strip()
    if not value.isdigit():
        raise TableError(
            f"{source_name}, row {line_no}, column '{COUNT_COLUMN}': counts must be whole numbers ≥ 0;"
            " correct this cell."
        )
    return int(value)


def _check_pattern(
    pattern: tuple[int, ...], count: int, names: tuple[str, ...], source_name: str, row_no: int
) -> None:
    if len(pattern) != len(names):
        raise TableError(f"{source_name}, pattern {row_no}: has {len(pattern)} flags for {len(names)} lists.")
    if any(bit not in (0, 1) for bit in pattern):
        raise TableError(f"{source_name}, pattern {row_no}: list flags must be 0 or 1.")
    if count < 0:
        raise TableError(f"{source_name}, pattern {row_no}: a count is negative; counts must be ≥ 0.")
    if count > 0 and not any(pattern):
        raise TableError(
            f"{source_name}, row {row_no + 1}: the all-zero pattern (on no list) cannot be observed;"
            " remove this row, it is what the estimate infers."
        )
