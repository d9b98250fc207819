"""The estimation docs stay honest: every command option and every method has its page."""

from __future__ import annotations

import inspect
from pathlib import Path

from moksori.analysis.estimation.dispatch import METHODS
from moksori.cli.estimate import estimate_command

DOCS = Path(__file__).resolve().parents[3] / "docs" / "methods" / "estimation"


def test_every_command_option_is_documented() -> None:
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    for name in inspect.signature(estimate_command).parameters:
        if name == "file":
            continue
        flag = "--json" if name == "as_json" else f"--{name}"
        assert flag in text, f"{flag} is missing from docs/methods/estimation/index.md"
    for method in METHODS:
        assert method in text


def test_every_page_linked_from_the_index_exists() -> None:
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in ("two-lists", "loglinear", "coverage", "latent-class", "decomposable", "stratified"):
        assert f"({page}.md)" in text
        assert (DOCS / f"{page}.md").exists()
