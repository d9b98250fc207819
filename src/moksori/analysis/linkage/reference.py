"""Read the packaged reference tables (surnames, gazetteer) that normalisation depends on."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

VOCAB_PACKAGE = "moksori.vocab"


def read_reference_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``moksori/vocab/data/<name>`` as dictionaries, read through importlib.resources."""
    text = resources.files(VOCAB_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    return tuple(dict(row) for row in csv.DictReader(io.StringIO(text)))


@cache
def surname_rows() -> tuple[dict[str, str], ...]:
    """The rows of ``korean_names.csv`` (one per surname and Hanja), loaded once per process."""
    return read_reference_csv("korean_names.csv")


@cache
def place_rows() -> tuple[dict[str, str], ...]:
    """The rows of the gazetteer ``places.csv``, loaded once per process."""
    return read_reference_csv("places.csv")


def split_multi(cell: str) -> tuple[str, ...]:
    """Split a ``|``-separated cell into stripped, non-empty values."""
    return tuple(part.strip() for part in cell.split("|") if part.strip())
