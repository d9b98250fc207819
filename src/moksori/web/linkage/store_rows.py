"""Survivors of the store -> rows of the linkage input (normalise.LINKAGE_COLUMNS), in memory only.

``source`` is the survivor's organisation and ``record_id`` the survivor's id (not the code, which is
unique only within a compartment). The identity fields are decrypted into these dicts and nowhere
else: the rows are handed to the linker, which keeps them in a private in-memory DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterable

from moksori.web.testimonies.models import Survivor

# linkage column -> Survivor field; sex is not in the store (its survivors are women).
STORE_FIELDS = {
    "name_ko": "name_hangul",
    "name_latin": "name_latin",
    "birth_year": "birth_year",
    "home_province": "home_province",
    "left_year": "left_year",
    "china_place": "china_place",
}
READ_FIELDS = tuple(STORE_FIELDS.values())


def linkage_row(survivor: Survivor) -> dict[str, str | None]:
    """One linkage row; blank identity fields become None (unknown), never a guess."""
    row: dict[str, str | None] = {
        "source": survivor.compartment.organisation.name,
        "record_id": str(survivor.pk),
        "sex": None,
    }
    for column, field in STORE_FIELDS.items():
        row[column] = str(getattr(survivor, field) or "") or None
    return row


def linkage_rows(survivors: Iterable[Survivor]) -> list[dict[str, str | None]]:
    return [linkage_row(survivor) for survivor in survivors]
