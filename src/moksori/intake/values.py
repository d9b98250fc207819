"""Parsers that turn one normalised cell into a typed value, or say what is wrong with it.

Each parser raises `CellValueError` with an issue code; the validator turns the code into a
bilingual message. Parsers never put the cell value into the problem: the validator
decides whether a value is harmless enough to quote.
"""

from __future__ import annotations

import datetime as dt
import re

from moksori.intake.normalise import Cell, cell_to_text, normalise_line


class CellValueError(ValueError):
    """A cell that cannot become a valid value; `code` names the problem."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


YES_WORDS = frozenset({"yes", "y", "true", "1", "예", "네", "동의", "o"})
NO_WORDS = frozenset({"no", "n", "false", "0", "아니오", "아니요", "미동의", "부동의", "x"})

LANGUAGE_ALIASES: dict[str, str] = {
    **dict.fromkeys(("ko", "kor", "korean", "한국어", "조선어", "조선말"), "ko"),
    **dict.fromkeys(("en", "eng", "english", "영어"), "en"),
    **dict.fromkeys(("zh", "zho", "chi", "chinese", "중국어", "中文"), "zh"),
}

_NUMERIC_DATE = re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?")
_KOREAN_DATE = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_ISO_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
_YEAR = re.compile(r"(\d{4})(?:\.0+)?\s*년?")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_USERNAME = re.compile(r"[\w.@+-]{1,150}")


def parse_date(cell: Cell, *, date_format: str | None, today: dt.date) -> dt.date:
    """Parse an interview date: a real date cell, ISO, YYYY.MM.DD, YYYY/MM/DD or YYYY년 M월 D일."""
    if isinstance(cell, dt.datetime):
        return _not_in_future(cell.date(), today)
    if isinstance(cell, dt.date):
        return _not_in_future(cell, today)
    if not isinstance(cell, str):
        raise CellValueError("date_format")
    text = cell_to_text(cell)
    if date_format is not None:
        try:
            return _not_in_future(dt.datetime.strptime(text, date_format).date(), today)
        except ValueError:
            pass  # fall through to the standard spellings
    for pattern in (_NUMERIC_DATE, _KOREAN_DATE, _ISO_DATETIME):
        if match := pattern.fullmatch(text):
            return _not_in_future(_date_from_parts(match.group(1), match.group(2), match.group(3)), today)
    raise CellValueError("date_format")


def _date_from_parts(year: str, month: str, day: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellValueError("date_invalid") from None


def _not_in_future(date: dt.date, today: dt.date) -> dt.date:
    if date > today:
        raise CellValueError("date_in_future")
    return date


def parse_year(cell: Cell, *, today: dt.date) -> int:
    """Parse a birth year between 1900 and the current year (``1985``, ``1985년``, 1985.0)."""
    if isinstance(cell, bool) or not isinstance(cell, str | int | float):
        raise CellValueError("year_format")
    if isinstance(cell, float) and not cell.is_integer():
        raise CellValueError("year_format")
    match = _YEAR.fullmatch(cell_to_text(cell))
    if match is None:
        raise CellValueError("year_format")
    year = int(match.group(1))
    if not 1900 <= year <= today.year:
        raise CellValueError("year_range")
    return year


def parse_consent(cell: Cell) -> bool | None:
    """Parse a consent answer: yes/no words in English or Korean, booleans, 1/0; blank is None."""
    if isinstance(cell, bool):
        return cell
    word = cell_to_text(cell).casefold()
    if word == "":
        return None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise CellValueError("consent_value")


def parse_partner(cell: Cell, *, max_length: int | None) -> str | None:
    """Parse partner-sharing consent: an organisation's name; a "no" word or blank is None."""
    if isinstance(cell, bool):
        if cell:
            raise CellValueError("partner_name_missing")
        return None
    text = normalise_line(cell_to_text(cell))
    word = text.casefold()
    if word == "" or word in NO_WORDS:
        return None
    if word in YES_WORDS:
        raise CellValueError("partner_name_missing")
    return check_length(text, max_length)


def parse_language(cell: Cell) -> str:
    """Parse a language as ko, en or zh (names in English or Korean are accepted)."""
    code = LANGUAGE_ALIASES.get(cell_to_text(cell).casefold())
    if code is None:
        raise CellValueError("choice")
    return code


def parse_survivor_code(cell: Cell) -> str:
    """Parse a pseudonymous survivor code (letters, digits, ``-`` and ``_``; no Hangul)."""
    text = cell_to_text(cell)
    if _CODE.fullmatch(text):
        return text
    if _HANGUL.search(text):
        raise CellValueError("code_looks_like_name")
    raise CellValueError("code_format")


def parse_username(cell: Cell) -> str:
    """Parse an interviewer's Moksori username."""
    text = cell_to_text(cell)
    if not _USERNAME.fullmatch(text):
        raise CellValueError("username_format")
    return text


def check_length(text: str, max_length: int | None) -> str:
    """Return `text` if it fits in `max_length` characters."""
    if max_length is not None and len(text) > max_length:
        raise CellValueError("too_long")
    return text
