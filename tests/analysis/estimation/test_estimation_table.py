"""Reading capture tables: the shared CSV layout and clear, data-free errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from estimation_reference import DATASETS, load_references, load_table

from moksori.analysis.estimation.table import (
    TableError,
    capture_table_from_memberships,
    parse_capture_csv,
    read_capture_table,
)


@pytest.mark.parametrize("name", DATASETS)
def test_every_shared_table_reads_with_its_documented_total(name: str) -> None:
    table = load_table(name)
    import json

    from estimation_reference import reference_dir

    meta = json.loads((reference_dir() / f"{name}.json").read_text(encoding="utf-8"))
    assert table.observed == meta["n_observed"]
    assert table.n_lists == meta["n_lists"]
    assert load_references(name)


def test_missing_count_column_is_refused_with_the_fix() -> None:
    with pytest.raises(TableError, match="no 'count' column"):
        parse_capture_csv("A,B\n1,0\n", source_name="lists.csv")


def test_non_binary_cell_names_row_and_column_but_not_the_value() -> None:
    with pytest.raises(TableError) as info:
        parse_capture_csv("A,B,count\n1,0,5\n2,1,3\n", source_name="lists.csv")
    message = str(info.value)
    assert "lists.csv, row 3, column 'A'" in message
    assert "0 or 1" in message


def test_cell_text_never_appears_in_errors() -> None:
    secret = "KimSecretName"
    with pytest.raises(TableError) as info:
        parse_capture_csv(f"A,B,count\n{secret},0,5\n", source_name="lists.csv")
    assert secret not in str(info.value)


def test_all_zero_pattern_is_refused() -> None:
    with pytest.raises(TableError, match="all-zero pattern"):
        parse_capture_csv("A,B,count\n1,0,5\n0,0,3\n")


def test_single_list_is_refused() -> None:
    with pytest.raises(TableError, match="at least two lists"):
        parse_capture_csv("A,count\n1,5\n")


def test_negative_or_fractional_count_is_refused() -> None:
    with pytest.raises(TableError, match="whole numbers"):
        parse_capture_csv("A,B,count\n1,0,2.5\n")


def test_repeated_patterns_are_summed() -> None:
    table = parse_capture_csv("A,B,count\n1,0,2\n1,0,3\n1,1,1\n")
    assert table.observed == 6
    assert table.full_counts().tolist() == [0, 5, 0, 1]


def test_unreadable_file_error_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"missing\.csv"):
        read_capture_table(tmp_path / "missing.csv")


def test_linked_records_aggregate_into_patterns() -> None:
    people: list[dict[str, bool | int]] = [
        {"A": True, "B": False},
        {"A": True, "B": True},
        {"A": 1, "B": 0},
        {"B": 1},
    ]
    table = capture_table_from_memberships(people, ["A", "B"])
    assert table.full_counts().tolist() == [0, 2, 1, 1]
    assert np.array_equal(table.list_sizes(), [3, 2])
