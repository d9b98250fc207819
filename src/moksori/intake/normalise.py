"""Text normalisation applied to every cell and header before anything else looks at it.

macOS exports Hangul decomposed (NFD), Windows Excel adds BOMs, and copy-paste from web
pages carries zero-width characters; two spellings of the same name must compare equal,
so every text is brought to one form here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

Cell = str | int | float | bool | dt.date | None
"""A raw cell as a reader hands it over (XLSX and JSON keep their native types)."""

# Zero-width characters, BOM, soft hyphen and control characters other than tab and
# newline. Removed before NFC so that characters they used to separate can compose.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u180e\u200b-\u200d\u2060\ufeff]")
_WHITESPACE_RUN = re.compile(r"\s+")
_HEADER_NOISE = re.compile(r"[\s_\-]+")


def normalise_text(value: str) -> str:
    """Return `value` without invisible and control characters, in NFC, trimmed.

    Line breaks become ``\\n`` and are kept (transcripts have paragraphs). The result is
    a fixed point: normalising it again changes nothing.
    """
    text = _INVISIBLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFC", text).strip()
    # Stripping an NFC string should leave it NFC; checking keeps the function idempotent
    # for any input even if some Unicode corner case proves that wrong.
    while not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text).strip()
    return text


def normalise_line(value: str) -> str:
    """Return `value` normalised as one line: inner whitespace runs become one space."""
    return collapse_whitespace(normalise_text(value))


def collapse_whitespace(text: str) -> str:
    """Return already normalised `text` with each inner whitespace run as one space."""
    return _WHITESPACE_RUN.sub(" ", text)


def header_key(header: str) -> str:
    """Return the comparison key of a column header: normalised, case-folded, no separators."""
    return _HEADER_NOISE.sub("", normalise_text(header).casefold())


def cell_to_text(cell: Cell) -> str:
    """Return a cell as normalised text; blank cells become ``""``.

    Integral floats lose their ``.0`` (Excel stores 1985 as 1985.0) and dates become ISO.
    """
    if cell is None:
        return ""
    if isinstance(cell, str):
        return normalise_text(cell)
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)
