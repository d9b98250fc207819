"""From testimony records to counted units: consent first, then one unit per survivor (linkage cluster)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Record = Mapping[str, object]


class RecordError(ValueError):
    """A record lacks a field the evaluator needs; the message names the row and field, never its content."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One survivor: every testimony record that belongs to her (merged by linkage cluster)."""

    unit_id: str
    records: tuple[Record, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """The testimony keys behind this survivor."""
        return tuple(str(r["key"]) for r in self.records)

    def merged(self) -> dict[str, object]:
        """Her facts across testimonies: list fields are concatenated, so any testimony can support a fact."""
        merged: dict[str, list[object]] = {}
        for record in self.records:
            for name, value in record.items():
                merged.setdefault(name, []).extend(value if isinstance(value, list) else [value])
        return dict(merged)

    def representative(self, event_count: Mapping[str, int]) -> Record:
        """The testimony with the most matching events, so events told twice are counted once."""
        return max(self.records, key=lambda r: (event_count[str(r["key"])], str(r["key"])))


@dataclass(frozen=True, slots=True)
class UnitSelection:
    """Units after the consent filter and de-duplication, with what was dropped or merged."""

    units: tuple[Unit, ...]
    records_in: int
    excluded_without_consent: int
    merged_records: int


def select_units(records: Sequence[Record], *, consent_scope: str = "aggregate") -> UnitSelection:
    """Keep survivors whose consent covers `consent_scope`, one unit per linkage cluster.

    A survivor counts only if every testimony of hers (every record in her cluster) carries that
    consent: withdrawal recorded in one testimony withdraws her from all of them.
    """
    groups: dict[str, list[Record]] = {}
    for row, record in enumerate(records):
        _check_record(record, row)
        groups.setdefault(_unit_id(record), []).append(record)
    kept = [
        Unit(unit_id=uid, records=tuple(sorted(rs, key=lambda r: str(r["key"]))))
        for uid, rs in sorted(groups.items())
        if all(_consents(r, consent_scope) for r in rs)
    ]
    kept_records = sum(len(u.records) for u in kept)
    return UnitSelection(
        units=tuple(kept),
        records_in=len(records),
        excluded_without_consent=len(records) - kept_records,
        merged_records=kept_records - len(kept),
    )


def _unit_id(record: Record) -> str:
    cluster = record.get("cluster")
    return f"cluster:{cluster}" if cluster not in (None, "") else f"survivor:{record['survivor']}"


def _consents(record: Record, scope: str) -> bool:
    consent = record.get("consent")
    return isinstance(consent, Mapping) and consent.get(scope) is True


def _check_record(record: Record, row: int) -> None:
    for name in ("key", "survivor", "organisation"):
        if record.get(name) in (None, ""):
            raise RecordError(f"record {row}: field {name!r} is missing or empty; every record needs one")
