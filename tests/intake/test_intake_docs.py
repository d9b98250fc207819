"""The import guide stays honest: every field, issue code and option is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from moksori.intake import FIELD_SPECS
from moksori.intake.report import MESSAGES

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user" / "import.md"


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_every_import_field_and_its_korean_label_is_in_the_guide(guide: str) -> None:
    for spec in FIELD_SPECS:
        assert f"`{spec.name}`" in guide
        assert spec.label_ko in guide


def test_every_issue_code_is_in_the_guide(guide: str) -> None:
    for code in MESSAGES:
        assert f"`{code}`" in guide


@pytest.mark.parametrize("option", ["--encoding", "--sheet", "--mapping"])
def test_command_options_named_in_messages_are_in_the_guide(guide: str, option: str) -> None:
    assert option in guide
