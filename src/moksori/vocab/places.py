"""Reading the gazetteer seed (places.csv) into :class:`Place` objects."""

from __future__ import annotations

import csv
import io

from moksori.vocab.model import Place, VocabularyError

PLACES_FILE = "places.csv"
_REQUIRED_COLUMNS = ("id", "country_iso2", "level", "parent_id", "name_en", "name_local")
_OPTIONAL_COLUMNS = (
    "name_zh",
    "pinyin",
    "name_ko",
    "name_ko_sk",
    "name_ko_other",
    "rr",
    "mr",
    "iso_3166",
    "gb2260",
    "lat",
    "lon",
)


def parse_places(text: str, file_name: str = PLACES_FILE) -> tuple[Place, ...]:
    """Parse places.csv text; errors name the file, line and column, and check ids and parents resolve."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _check_header(reader.fieldnames, file_name)
    places: list[Place] = []
    line_of: dict[str, int] = {}
    for index, row in enumerate(reader):
        line = index + 2  # the header is line 1
        place = _place_from_row(row, f"{file_name}, line {line}")
        if place.id in line_of:
            raise VocabularyError(
                f"{file_name}, line {line}, column 'id': duplicate id '{place.id}' (first on line "
                f"{line_of[place.id]}). Fix: give each place its own id."
            )
        line_of[place.id] = line
        places.append(place)
    _check_parents(places, line_of, file_name)
    return tuple(places)


def _check_header(fieldnames: object, file_name: str) -> None:
    columns = set(fieldnames) if isinstance(fieldnames, list) else set()
    missing = [c for c in (*_REQUIRED_COLUMNS, *_OPTIONAL_COLUMNS) if c not in columns]
    if missing:
        raise VocabularyError(
            f"{file_name}, line 1: missing column(s) {', '.join(missing)}. Fix: restore the header row."
        )


def _place_from_row(row: dict[str, str | None], where: str) -> Place:
    def cell(column: str) -> str | None:
        value = (row.get(column) or "").strip()
        return value or None

    def required(column: str) -> str:
        value = cell(column)
        if value is None:
            raise VocabularyError(f"{where}, column '{column}': empty. Fix: fill in '{column}'.")
        return value

    return Place(
        id=required("id"),
        parent_id=cell("parent_id"),
        level=required("level"),
        country_iso2=required("country_iso2"),
        name_en=required("name_en"),
        name_local=required("name_local"),
        name_zh=cell("name_zh"),
        pinyin=cell("pinyin"),
        name_ko=cell("name_ko"),
        name_ko_sk=cell("name_ko_sk"),
        name_ko_other=_split_multi(cell("name_ko_other")),
        rr=cell("rr"),
        mr=cell("mr"),
        iso_3166=cell("iso_3166"),
        gb2260=cell("gb2260"),
        lat=_coordinate(cell("lat"), f"{where}, column 'lat'", 90.0),
        lon=_coordinate(cell("lon"), f"{where}, column 'lon'", 180.0),
    )


def _split_multi(value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _coordinate(value: str | None, where: str, limit: float) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise VocabularyError(f"{where}: not a number. Fix: write decimal degrees such as 42.89.") from None
    if not -limit <= number <= limit:
        raise VocabularyError(f"{where}: outside ±{limit:g} degrees. Fix: check the sign and the column.")
    return number


def _check_parents(places: list[Place], line_of: dict[str, int], file_name: str) -> None:
    for place in places:
        if place.parent_id is not None and place.parent_id not in line_of:
            raise VocabularyError(
                f"{file_name}, line {line_of[place.id]}, column 'parent_id': no place '{place.parent_id}'. "
                "Fix: add the parent row or correct the id."
            )
