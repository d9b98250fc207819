"""Reading and validating 10,000 CP949 rows gives 10,000 records (speed: benchmarks/intake.py).

Tests never assert timings; the benchmark measures them against a plain csv-module read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from moksori.intake import ValidationOptions, read_rows, validate

from .samples import HEADERS, ROWS, csv_text

ROW_COUNT = 10_000


def _ten_thousand_rows() -> list[list[str]]:
    rows = []
    for number in range(ROW_COUNT):
        row = list(ROWS[number % len(ROWS)])
        row[0] = f"S-{number:05d}"
        row[HEADERS.index("transcript")] += " 증언 내용입니다." * 40  # about 500 characters
        rows.append(row)
    return rows


def test_ten_thousand_cp949_rows_are_read_and_validated(
    write_csv: Callable[..., Path], options: ValidationOptions
) -> None:
    path = write_csv("big.csv", csv_text(_ten_thousand_rows()), encoding="cp949")
    records, report = validate(read_rows(path), None, options)
    assert report.ok
    assert len(records) == ROW_COUNT
