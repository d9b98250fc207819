"""Docs that tests keep honest: every command, setting and page is documented and reachable."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from moksori.cli.reference import all_commands, markdown

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_the_cli_reference_is_generated_from_the_current_commands() -> None:
    written = (DOCS / "admin" / "cli.md").read_text(encoding="utf-8")
    assert written.strip() == markdown().strip(), "run: python -m moksori.cli.reference > docs/admin/cli.md"


def test_every_command_has_help_text() -> None:
    undocumented = [name for name, command in all_commands() if not (command.help or "").strip()]
    assert undocumented == []


def test_every_setting_read_from_the_environment_is_documented() -> None:
    names: set[str] = set()
    for path in (ROOT / "src" / "moksori").rglob("*.py"):
        # Every quoted MOKSORI_* name in the code is a variable it reads (directly or through a constant).
        names |= set(re.findall(r"[\"'](MOKSORI_[A-Z_]+)[\"']", path.read_text(encoding="utf-8")))
    settings_page = (DOCS / "admin" / "settings.md").read_text(encoding="utf-8")
    assert {"MOKSORI_HOME", "MOKSORI_DB_KEY", "MOKSORI_DATABASE_URL"} <= names
    assert sorted(name for name in names if f"`{name}`" not in settings_page) == []


def _nav_pages(node: object) -> set[str]:
    if isinstance(node, str):
        return {node}
    if isinstance(node, list):
        return set().union(*(_nav_pages(item) for item in node)) if node else set()
    if isinstance(node, dict):
        return set().union(*(_nav_pages(value) for value in node.values()))
    return set()


def test_every_docs_page_is_in_the_navigation() -> None:
    nav = _nav_pages(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
    pages = {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")}
    assert sorted(pages - nav) == []
    assert sorted(nav - pages) == []
