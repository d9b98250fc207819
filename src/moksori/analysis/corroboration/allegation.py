"""Allegations: named, versioned, declarative descriptions of an act or pattern that testimonies may
corroborate.

An allegation file (YAML) says which coded events it is about::

    name: police_sales_yanbian
    version: 1
    description: Chinese police took part in sales of women in Yanbian.
    event_types: [evt_sale, evt_resale, evt_handover]   # any of
    act_types: []                                       # any of (empty: any act)
    actor_roles: [act_police_china]                     # some involved actor has one of these roles
    places: [Yanbian]                                   # names or ids, in any script; places inside count
    from_places: []                                     # an earlier event of the same testimony was here
    years: [2005, 2020]                                 # the stated date lies within these years
    min_sources: 2                                      # independent sources to call it corroborated
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moksori.analysis.corroboration.model import EventRecord
from moksori.analysis.corroboration.places import PlaceResolver, UnknownPlaceError
from moksori.analysis.definitions import builtin_definitions, read_yaml

ALLEGATIONS_DIR = Path(__file__).with_name("allegations")
_LIST_FIELDS = ("event_types", "act_types", "actor_roles", "places", "from_places")
_KNOWN_FIELDS = frozenset({"name", "version", "description", "years", "min_sources", *_LIST_FIELDS})


class AllegationError(ValueError):
    """An allegation definition that cannot be used; the message names the file, the field and the fix."""


@dataclass(frozen=True, slots=True)
class Allegation:
    """An act or pattern, as filters over coded events. Places are kept as written; see `resolve_places`."""

    name: str
    version: int
    description: str
    event_types: tuple[str, ...] = ()
    act_types: tuple[str, ...] = ()
    actor_roles: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    from_places: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    min_sources: int = 2
    raw: Mapping[str, object] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, object]:
        """The definition as written (what the fingerprint covers)."""
        return dict(self.raw) if self.raw else {"name": self.name, "version": self.version}


@dataclass(frozen=True, slots=True)
class EventFilter:
    """An allegation with its place names resolved to gazetteer ids (including the places inside them)."""

    allegation: Allegation
    places: frozenset[str] | None
    from_places: frozenset[str] | None

    def matches(self, event: EventRecord, earlier_places: frozenset[str] = frozenset()) -> bool:
        """Whether `event` is an instance; `earlier_places` are where the testimony had been before."""
        a = self.allegation
        if a.event_types and event.type not in a.event_types:
            return False
        if a.act_types and not any(act.type in a.act_types for act in event.acts):
            return False
        if a.actor_roles and not any(i.role in a.actor_roles for i in event.involved()):
            return False
        if self.places is not None and event.place not in self.places:
            return False
        if self.from_places is not None and not earlier_places & self.from_places:
            return False
        return a.years is None or _within_years(event, a.years)


def _within_years(event: EventRecord, years: tuple[int, int]) -> bool:
    # The stated date must fit inside the years: an event dated only "before 2019" does not show 2016-2018.
    span = event.years()
    return span is not None and years[0] <= span[0] and span[1] <= years[1]


def resolve_places(allegation: Allegation, resolver: PlaceResolver) -> EventFilter:
    """Resolve the allegation's place names through the gazetteer; unknown names are an AllegationError."""
    try:
        places = resolver.expand(allegation.places) if allegation.places else None
        origins = resolver.expand(allegation.from_places) if allegation.from_places else None
    except UnknownPlaceError as error:
        raise AllegationError(f"allegation {allegation.name}: {error}") from None
    return EventFilter(allegation, places, origins)


def load_allegation(path: Path) -> Allegation:
    """Read one allegation definition from a YAML file."""
    return allegation_from_dict(read_yaml(path, AllegationError), origin=str(path))


def builtin_allegations() -> dict[str, Allegation]:
    """The allegations shipped with Moksori, by name."""
    return builtin_definitions(ALLEGATIONS_DIR, load_allegation, lambda allegation: allegation.name)


def allegation_from_dict(raw: object, *, origin: str = "allegation") -> Allegation:
    """Validate a parsed definition; errors name `origin` and the field to fix."""
    if not isinstance(raw, dict):
        raise AllegationError(
            f"{origin}: an allegation is a mapping with name, version, description, filters"
        )
    unknown = sorted(set(raw) - _KNOWN_FIELDS)
    if unknown:
        raise AllegationError(
            f"{origin}: unknown field(s) {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN_FIELDS))}"
        )
    name, version = raw.get("name"), raw.get("version")
    if not isinstance(name, str) or not name.isidentifier():
        raise AllegationError(f"{origin}: `name:` must be letters, digits and underscores")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise AllegationError(
            f"{origin}: `version:` must be a whole number from 1; raise it when the meaning changes"
        )
    lists = {key: _strings(raw.get(key), f"{origin}: {key}") for key in _LIST_FIELDS}
    if not any(lists[key] for key in ("event_types", "act_types", "actor_roles")):
        raise AllegationError(f"{origin}: give at least one of event_types, act_types, actor_roles")
    min_sources = raw.get("min_sources", 2)
    if not isinstance(min_sources, int) or isinstance(min_sources, bool) or min_sources < 1:
        raise AllegationError(f"{origin}: `min_sources:` must be a whole number from 1")
    return Allegation(
        name=name,
        version=version,
        description=" ".join(str(raw.get("description", "")).split()),
        event_types=lists["event_types"],
        act_types=lists["act_types"],
        actor_roles=lists["actor_roles"],
        places=lists["places"],
        from_places=lists["from_places"],
        years=_years(raw.get("years"), origin),
        min_sources=min_sources,
        raw=raw,
    )


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise AllegationError(f"{where}: must be a list of codes or names, e.g. [evt_sale, evt_resale]")
    return tuple(value)


def _years(value: object, origin: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    ):
        return int(value[0]), int(value[1])
    raise AllegationError(f"{origin}: `years:` must be [first, last], e.g. [2016, 2018]")
