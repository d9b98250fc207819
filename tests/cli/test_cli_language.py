"""Errors from the store's actions come out in the terminal's language: Korean under a Korean locale."""

from __future__ import annotations

import pytest

from moksori.cli.runtime import terminal_language


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_MESSAGES": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_terminal_locale_chooses_the_language(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert terminal_language() == expected
