"""Fixtures for the intake tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from moksori.intake import ValidationOptions

from .samples import TODAY, csv_text


@pytest.fixture
def options() -> ValidationOptions:
    """Validation pinned to a fixed 'today' so date checks never drift."""
    return ValidationOptions(today=TODAY)


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write CSV text in a given encoding into tmp_path and return its path."""

    def write(name: str, text: str | None = None, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes((csv_text() if text is None else text).encode(encoding))
        return path

    return write
