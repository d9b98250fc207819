"""Reading the Korean surname table (korean_names.csv) into :class:`Surname` objects."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from moksori.vocab.model import VocabularyError

SURNAMES_FILE = "korean_names.csv"
_COLUMNS = (
    "id",
    "hangul",
    "hangul_north",
    "initial_r_north",
    "hanja",
    "rr",
    "mr",
    "dprk_romanization",
    "pinyin",
    "variants",
    "frequency_band",
)


@dataclass(frozen=True, slots=True)
class Surname:
    """One row of korean_names.csv: a surname (one clan reading of a Hangul form) and its spellings."""

    id: str
    hangul: str
    hangul_north: str
    initial_r_north: bool
    hanja: str
    rr: str
    mr: str
    dprk_romanization: str
    pinyin: str
    variants: tuple[str, ...]
    frequency_band: str

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form."""
        return {
            "id": self.id,
            "hangul": self.hangul,
            "hangul_north": self.hangul_north,
            "initial_r_north": self.initial_r_north,
            "hanja": self.hanja,
            "rr": self.rr,
            "mr": self.mr,
            "dprk_romanization": self.dprk_romanization,
            "pinyin": self.pinyin,
            "variants": list(self.variants),
            "frequency_band": self.frequency_band,
        }


def parse_surnames(text: str, file_name: str = SURNAMES_FILE) -> tuple[Surname, ...]:
    """Parse korean_names.csv text; errors name the file, line and column."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = set(reader.fieldnames or ())
    missing = [c for c in _COLUMNS if c not in columns]
    if missing:
        raise VocabularyError(f"{file_name}, line 1: missing column(s) {', '.join(missing)}.")
    return tuple(_surname_from_row(row, f"{file_name}, line {i + 2}") for i, row in enumerate(reader))


def _surname_from_row(row: dict[str, str | None], where: str) -> Surname:
    def cell(column: str) -> str:
        value = (row.get(column) or "").strip()
        if not value:
            raise VocabularyError(f"{where}, column '{column}': empty. Fix: fill in '{column}'.")
        return value

    flag = cell("initial_r_north")
    if flag not in ("Y", "N"):
        raise VocabularyError(f"{where}, column 'initial_r_north': '{flag}'. Fix: write Y or N.")
    return Surname(
        id=cell("id"),
        hangul=cell("hangul"),
        hangul_north=cell("hangul_north"),
        initial_r_north=flag == "Y",
        hanja=cell("hanja"),
        rr=cell("rr"),
        mr=cell("mr"),
        dprk_romanization=cell("dprk_romanization"),
        pinyin=cell("pinyin"),
        variants=tuple(v.strip() for v in cell("variants").split("|") if v.strip()),
        frequency_band=cell("frequency_band"),
    )
