"""The declarative claim format: what is counted, among whom, and how it is summarised."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from moksori.analysis.definitions import builtin_definitions, read_yaml
from moksori.analysis.stats.claim_filters import Condition, FilterError, parse_conditions

MEASURES = ("proportion", "split", "median")
UNITS = ("survivor", "event")
CLAIMS_DIR = Path(__file__).with_name("claims")


class ClaimError(ValueError):
    """A claim definition that cannot be evaluated; the message names the file, the field and the fix."""


@dataclass(frozen=True, slots=True)
class ValueSpec:
    """For a median: where the amounts are, which to keep, and how to convert currencies."""

    field: str
    amount: str
    currency: str
    where: tuple[Condition, ...]
    convert_to: str
    rates: Mapping[str, float]
    rates_source: str


@dataclass(frozen=True, slots=True)
class Claim:
    """A named, versioned query over coded data."""

    name: str
    version: int
    description: str
    measure: str
    unit: str
    population: tuple[Condition, ...] = ()
    events: tuple[Condition, ...] = ()
    numerator: tuple[Condition, ...] = ()
    categories: tuple[tuple[str, tuple[Condition, ...]], ...] = ()
    other_category: str | None = None
    value: ValueSpec | None = None
    by: str | None = None
    level: float = 0.95
    raw: Mapping[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """The definition as written (what the fingerprint covers)."""
        return dict(self.raw)


def load_claim(path: Path) -> Claim:
    """Read one claim definition from a YAML (or JSON) file."""
    return claim_from_dict(read_yaml(path, ClaimError), origin=str(path))


def builtin_claims() -> dict[str, Claim]:
    """The claims shipped with Moksori, by name."""
    return builtin_definitions(CLAIMS_DIR, load_claim, lambda claim: claim.name)


def claim_from_dict(raw: object, *, origin: str = "claim") -> Claim:
    """Validate a parsed definition; errors name `origin` and the field to fix."""
    if not isinstance(raw, dict):
        raise ClaimError(f"{origin}: a claim is a mapping with name, version, measure, unit, ...")
    name, version = raw.get("name"), raw.get("version")
    if not isinstance(name, str) or not name.isidentifier():
        raise ClaimError(f"{origin}: `name:` must be letters, digits and underscores")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ClaimError(
            f"{origin}: `version:` must be a whole number from 1; raise it when the meaning changes"
        )
    measure, unit = raw.get("measure"), raw.get("unit", "survivor")
    if measure not in MEASURES:
        raise ClaimError(f"{origin}: `measure:` must be one of {', '.join(MEASURES)}")
    if unit not in UNITS:
        raise ClaimError(f"{origin}: `unit:` must be one of {', '.join(UNITS)}")
    try:
        return _build(raw, origin, name, version, str(measure), str(unit))
    except FilterError as err:
        raise ClaimError(str(err)) from None


def _build(raw: Mapping[str, object], origin: str, name: str, version: int, measure: str, unit: str) -> Claim:
    categories, other = _categories(raw.get("grouping"), origin) if measure == "split" else ((), None)
    claim = Claim(
        name=name,
        version=version,
        description=str(raw.get("description", "")).strip(),
        measure=measure,
        unit=unit,
        population=parse_conditions(raw.get("population"), where=f"{origin}: population"),
        events=parse_conditions(raw.get("events"), where=f"{origin}: events"),
        numerator=parse_conditions(raw.get("numerator"), where=f"{origin}: numerator"),
        categories=categories,
        other_category=other,
        value=_value(raw.get("value"), origin) if measure == "median" else None,
        by=_by(raw.get("by"), origin),
        level=float(raw.get("level", 0.95)),  # type: ignore[arg-type]
        raw=raw,
    )
    if measure == "proportion" and not claim.numerator:
        raise ClaimError(f"{origin}: a proportion needs `numerator:` conditions")
    if unit == "event" and not claim.events:
        raise ClaimError(f"{origin}: unit: event needs `events:` conditions saying which events count")
    return claim


def _categories(raw: object, origin: str) -> tuple[tuple[tuple[str, tuple[Condition, ...]], ...], str | None]:
    where = f"{origin}: grouping"
    if not isinstance(raw, dict) or not isinstance(raw.get("categories"), dict) or not raw["categories"]:
        raise ClaimError(f"{where}: a split needs `grouping: {{categories: {{name: [conditions]}}}}`")
    categories = tuple(
        (str(label), parse_conditions(conditions, where=f"{where}.categories.{label}"))
        for label, conditions in raw["categories"].items()
    )
    other = raw.get("other")
    return categories, (str(other) if other else None)


def _value(raw: object, origin: str) -> ValueSpec:
    where = f"{origin}: value"
    if not isinstance(raw, dict) or not isinstance(raw.get("rates"), dict):
        raise ClaimError(
            f"{where}: a median needs `value:` with field, amount, currency, convert_to and rates"
        )
    rates = {str(k): float(v) for k, v in raw["rates"].items()}
    convert_to = str(raw.get("convert_to", ""))
    if rates.get(convert_to) != 1.0:
        raise ClaimError(f"{where}.rates: the target currency {convert_to!r} must have rate 1")
    if not str(raw.get("rates_source", "")).strip():
        raise ClaimError(f"{where}.rates_source: say where the exchange rates come from")
    return ValueSpec(
        field=str(raw.get("field", "prices")),
        amount=str(raw.get("amount", "amount")),
        currency=str(raw.get("currency", "currency")),
        where=parse_conditions(raw.get("where"), where=f"{where}.where"),
        convert_to=convert_to,
        rates=rates,
        rates_source=str(raw["rates_source"]).strip(),
    )


def _by(raw: object, origin: str) -> str | None:
    if raw in (None, "year"):
        return None if raw is None else "year"
    raise ClaimError(f"{origin}: `by:` can only be `year` (the year of the event's date) for now")
