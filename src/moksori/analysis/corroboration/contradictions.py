"""Accounts of one incident that disagree: a conflicting date, place or actor.

Two coded events are taken to describe the same incident when they have the same type and

* come from the same woman (one linkage source) in two testimonies (say, told to two organisations): the
  k-th event of that type in one account is matched with the k-th in the other when both tell it equally
  often, else events are matched one-to-one by the resolved actors they share; or
* come from different women, share a resolved actor other than an institution (a police post sees many
  women at once), are dated to within `incident_span_days` each, their
  dates overlap and their places lie one within the other (two women sold together, say).

Events within one testimony are never paired: a coder records each incident once per survivor, so two sales in
her file are two sales. Within an incident, dates conflict when the stated intervals are more than
`date_tolerance_days` apart, places when neither lies within the other, actors when both accounts name someone
in the same role but never the same resolved actor (for different women only in `incident_roles`: two women
sold together usually went to different buyers). A contradiction is a flag for the analyst, not a verdict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from moksori.analysis.corroboration.actors import ActorResolution
from moksori.analysis.corroboration.model import EventRecord
from moksori.analysis.corroboration.places import PlaceResolver

KINDS = ("date", "place", "actor")


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two accounts of one incident that disagree on `kind`; `detail` says how (dates, place ids, labels)."""

    kind: str
    event_type: str
    events: tuple[str, str]
    testimonies: tuple[str, str]
    same_source: bool
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "event_type": self.event_type,
            "events": list(self.events),
            "testimonies": list(self.testimonies),
            "same_source": self.same_source,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class IncidentSettings:
    """When two events count as one incident, and how far apart dates may be before they conflict."""

    date_tolerance_days: int = 31
    incident_span_days: int = 92
    incident_roles: tuple[str, ...] = (
        "act_broker",
        "act_border_smuggler",
        "act_police_china",
        "act_border_guard_china",
    )
    # A police post or detention centre takes part in many incidents at once: sharing one is not enough.
    institution_roles: tuple[str, ...] = (
        "act_police_china",
        "act_border_guard_china",
        "act_security_dprk",
    )


def same_incident_pairs(
    events: Sequence[EventRecord],
    resolution: ActorResolution,
    places: PlaceResolver,
    settings: IncidentSettings,
) -> list[tuple[EventRecord, EventRecord, bool]]:
    """(event, event, same source) for every pair taken to describe one incident."""
    actors_of = {e.id: _actors(e, resolution) for e in events}
    pairs = [(a, b, True) for a, b in _retold_pairs(events, actors_of)]
    institutions = {a.id for a in resolution.actors if a.role in settings.institution_roles}
    by_type_actor: dict[tuple[str, str], list[EventRecord]] = defaultdict(list)
    for event in events:
        for actor in actors_of[event.id] - institutions:
            by_type_actor[(event.type, actor)].append(event)
    seen: set[tuple[str, str]] = set()
    for group in by_type_actor.values():
        for a, b in combinations(sorted(group, key=lambda e: e.id), 2):
            if a.source == b.source or (a.id, b.id) in seen:
                continue
            seen.add((a.id, b.id))
            if _close_in_time(a, b, settings) and _same_area(a, b, places):
                pairs.append((a, b, False))
    return sorted(pairs, key=lambda p: (p[0].id, p[1].id))


def _retold_pairs(
    events: Sequence[EventRecord], actors_of: dict[str, set[str]]
) -> list[tuple[EventRecord, EventRecord]]:
    accounts: dict[str, dict[str, dict[str, list[EventRecord]]]] = defaultdict(lambda: defaultdict(dict))
    for event in sorted(events, key=lambda e: (e.order, e.id)):
        accounts[event.source][event.type].setdefault(event.testimony, []).append(event)
    pairs: list[tuple[EventRecord, EventRecord]] = []
    for by_type in accounts.values():
        for by_testimony in by_type.values():
            for first, second in combinations(sorted(by_testimony), 2):
                pairs += _match(by_testimony[first], by_testimony[second], actors_of)
    return pairs


def _match(
    first: list[EventRecord], second: list[EventRecord], actors_of: dict[str, set[str]]
) -> list[tuple[EventRecord, EventRecord]]:
    if len(first) == len(second):
        return list(zip(first, second, strict=True))
    scored = sorted(
        ((len(actors_of[a.id] & actors_of[b.id]), a.id, b.id, a, b) for a in first for b in second),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used: set[str] = set()
    matched = []
    for shared, a_id, b_id, a, b in scored:
        if shared and a_id not in used and b_id not in used:
            used |= {a_id, b_id}
            matched.append((a, b))
    return matched


def find_contradictions(
    events: Sequence[EventRecord],
    resolution: ActorResolution,
    places: PlaceResolver,
    settings: IncidentSettings | None = None,
) -> tuple[Contradiction, ...]:
    """Every disagreement between accounts of one incident, in a stable order."""
    settings = settings or IncidentSettings()
    labels = {a.id: a.label for a in resolution.actors}
    found: list[Contradiction] = []
    for a, b, same_source in same_incident_pairs(events, resolution, places, settings):
        roles = None if same_source else settings.incident_roles
        for kind, detail in _disagreements(a, b, resolution, places, labels, settings, roles):
            found.append(
                Contradiction(kind, a.type, (a.id, b.id), (a.testimony, b.testimony), same_source, detail)
            )
    return tuple(sorted(found, key=lambda c: (c.kind, c.events)))


def _disagreements(
    a: EventRecord,
    b: EventRecord,
    resolution: ActorResolution,
    places: PlaceResolver,
    labels: dict[str, str],
    settings: IncidentSettings,
    roles: Sequence[str] | None,
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    ia, ib = a.interval(), b.interval()
    if ia is not None and ib is not None and _gap_days(ia, ib) > settings.date_tolerance_days:
        out.append(("date", f"{_span(ia)} vs {_span(ib)}"))
    if a.place and b.place and not places.nested(a.place, b.place):
        out.append(("place", f"{a.place} vs {b.place}"))
    roles_a, roles_b = _by_role(a, resolution), _by_role(b, resolution)
    for role in sorted(set(roles_a) & set(roles_b)):
        if roles is not None and role not in roles:
            continue
        if not roles_a[role] & roles_b[role]:
            names_a = ", ".join(sorted(labels.get(x, x) for x in roles_a[role]))
            names_b = ", ".join(sorted(labels.get(x, x) for x in roles_b[role]))
            out.append(("actor", f"{role}: {names_a} vs {names_b}"))
    return out


def _actors(event: EventRecord, resolution: ActorResolution) -> set[str]:
    return {resolution.resolved(i.actor) for i in event.involved()}


def _by_role(event: EventRecord, resolution: ActorResolution) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = defaultdict(set)
    for involved in event.involved():
        roles[involved.role].add(resolution.resolved(involved.actor))
    return roles


def _close_in_time(a: EventRecord, b: EventRecord, settings: IncidentSettings) -> bool:
    ia, ib = a.interval(), b.interval()
    if ia is None or ib is None:
        return False
    precise = all(_length(i) <= settings.incident_span_days for i in (ia, ib))
    return precise and _gap_days(ia, ib) <= settings.date_tolerance_days


def _same_area(a: EventRecord, b: EventRecord, places: PlaceResolver) -> bool:
    return a.place is None or b.place is None or places.nested(a.place, b.place)


def _length(interval: tuple[date, date]) -> int:
    if interval[0] == date.min or interval[1] == date.max:
        return 10**9
    return (interval[1] - interval[0]).days


def _gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two intervals; 0 when they overlap."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def _span(interval: tuple[date, date]) -> str:
    start = "…" if interval[0] == date.min else interval[0].isoformat()
    end = "…" if interval[1] == date.max else interval[1].isoformat()
    return start if start == end else f"{start}..{end}"
