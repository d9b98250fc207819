"""Locating the shared MSE reference tables (see data/README.md for their sources and licence)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from moksori.analysis.estimation.table import CaptureTable, read_capture_table

LOCAL_DATA = Path(__file__).resolve().parent / "data"


def reference_dir() -> Path:
    """$MOKSORI_SHARED_DIR/data/mse, else shared/ beside the repository, else the local copy."""
    candidates = []
    if os.environ.get("MOKSORI_SHARED_DIR"):
        candidates.append(Path(os.environ["MOKSORI_SHARED_DIR"]) / "data" / "mse")
    candidates.append(Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "mse")
    for candidate in candidates:
        if (candidate / "hepatitis_a_taiwan.csv").exists():
            return candidate
    return LOCAL_DATA


DATASETS = sorted(p.stem for p in reference_dir().glob("*.csv"))


def load_table(name: str) -> CaptureTable:
    return read_capture_table(reference_dir() / f"{name}.csv")


def load_references(name: str) -> list[dict[str, Any]]:
    data = json.loads((reference_dir() / f"{name}.json").read_text(encoding="utf-8"))
    refs: list[dict[str, Any]] = data["reference"]
    return refs


def find_reference(name: str, prefix: str) -> dict[str, Any]:
    matches = [r for r in load_references(name) if r["method"].startswith(prefix)]
    if not matches:
        pytest.skip(f"{name} has no reference starting with {prefix!r}")
    return matches[0]
