"""The administrators' page on the API stays honest: every endpoint is documented there."""

from __future__ import annotations

from pathlib import Path

from test_api_matrix import ROUTES

DOC = Path(__file__).resolve().parents[2] / "docs" / "admin" / "api.md"


def test_every_endpoint_appears_in_the_api_documentation() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [f"{method} {route}" for method, route in ROUTES if f"`{method} {route}`" not in text]
    assert missing == []
