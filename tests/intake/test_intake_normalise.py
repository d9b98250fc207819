"""Text normalisation: NFC, invisible characters, whitespace; idempotent for any text."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from moksori.intake import ValidationOptions, read_rows, validate
from moksori.intake.normalise import cell_to_text, header_key, normalise_line, normalise_text

from .samples import HEADERS, ROWS, csv_text

NAME_NFC = "김테스트"
NAME_NFD = unicodedata.normalize("NFD", NAME_NFC)


def test_nfd_hangul_becomes_nfc() -> None:
    assert NAME_NFD != NAME_NFC
    assert normalise_text(NAME_NFD) == NAME_NFC


def test_zero_width_characters_and_bom_are_removed_and_ends_trimmed() -> None:
    assert normalise_text("\ufeff  김\u200b테\u200c스\u200d트\u2060 \t") == NAME_NFC


def test_zero_width_space_between_jamo_does_not_block_composition() -> None:
    assert normalise_text("\u1100\u200b\u1161") == "가"


def test_line_breaks_are_kept_as_newlines_in_text_but_collapsed_in_lines() -> None:
    assert normalise_text("첫째\r\n둘째\r셋째") == "첫째\n둘째\n셋째"
    assert normalise_line("김  \n 테스트") == "김 테스트"


def test_header_key_ignores_case_spaces_underscores_and_hyphens() -> None:
    assert header_key(" Survivor-Code ") == header_key("survivor_code") == "survivorcode"


def test_excel_numbers_and_dates_become_plain_text() -> None:
    assert cell_to_text(1985.0) == "1985"
    assert cell_to_text(None) == ""
    assert cell_to_text(True) == "true"


def test_nfd_file_from_macos_gives_nfc_records(
    write_csv: Callable[..., Path], options: ValidationOptions
) -> None:
    text = unicodedata.normalize("NFD", csv_text())
    records, report = validate(read_rows(write_csv("mac.csv", text)), None, options)
    assert report.ok, report.issue_rows()
    assert records[0].name_hangul == NAME_NFC
    assert records[0].home_province == "함경북도"
    assert records[0].transcript == unicodedata.normalize("NFC", ROWS[0][HEADERS.index("transcript")])


@given(st.text())
def test_normalising_any_text_twice_changes_nothing(value: str) -> None:
    once = normalise_text(value)
    assert normalise_text(once) == once


@given(st.text())
def test_normalised_text_is_nfc_without_invisible_characters_or_outer_space(value: str) -> None:
    result = normalise_text(value)
    assert unicodedata.is_normalized("NFC", result)
    assert not set(result) & set("\u200b\u200c\u200d\u2060\ufeff\r")
    assert result == result.strip()


@given(st.text())
def test_normalising_any_line_twice_changes_nothing(value: str) -> None:
    once = normalise_line(value)
    assert normalise_line(once) == once
