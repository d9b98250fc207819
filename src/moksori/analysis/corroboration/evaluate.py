"""Corroboration of an allegation: the events that show it, its independent sources, where accounts differ.

Sources are women, not rows: testimonies in one linkage cluster (a survivor interviewed by two organisations)
are one source, and several testimonies or interviews of one survivor never count twice. Organisations and
interviewers are counted alongside, because accounts gathered by one interviewer are less independent than
accounts gathered by several.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import moksori
from moksori.analysis.corroboration.actors import ActorResolution, ResolutionSettings, resolve_actors
from moksori.analysis.corroboration.allegation import Allegation, resolve_places
from moksori.analysis.corroboration.contradictions import Contradiction, IncidentSettings, find_contradictions
from moksori.analysis.corroboration.model import ActorRecord, EventRecord
from moksori.analysis.corroboration.places import PlaceResolver

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class CorroborationSettings:
    """Actor resolution and incident matching; the defaults are the documented ones."""

    resolution: ResolutionSettings = field(default_factory=ResolutionSettings)
    incidents: IncidentSettings = field(default_factory=IncidentSettings)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything allegations are evaluated over: consenting testimonies' events, resolved actors, places."""

    events: tuple[EventRecord, ...]
    resolution: ActorResolution
    places: PlaceResolver
    settings: CorroborationSettings

    @classmethod
    def build(
        cls,
        events: Sequence[EventRecord],
        actors: Sequence[ActorRecord],
        places: PlaceResolver,
        settings: CorroborationSettings | None = None,
    ) -> Evidence:
        settings = settings or CorroborationSettings()
        ordered = tuple(sorted(events, key=lambda e: (e.testimony, e.order, e.id)))
        return cls(ordered, resolve_actors(actors, settings.resolution), places, settings)


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One independent source (a woman) behind an allegation, with the testimonies and passages she gave."""

    source: str
    testimonies: tuple[str, ...]
    organisations: tuple[str, ...]
    interviewers: tuple[str, ...]
    events: tuple[str, ...]
    passages: tuple[str, ...]
    first_year: int | None
    last_year: int | None

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "testimonies": list(self.testimonies),
            "organisations": list(self.organisations),
            "interviewers": list(self.interviewers),
            "events": list(self.events),
            "passages": list(self.passages),
            "first_year": self.first_year,
            "last_year": self.last_year,
        }


@dataclass(frozen=True, slots=True)
class ActorCount:
    """A resolved actor named in the allegation's events, and by how many independent sources."""

    id: str
    label: str
    role: str | None
    sources: int
    organisations: int


@dataclass(frozen=True, slots=True)
class AllegationResult:
    """How well testimonies corroborate an allegation. Keys are pseudonymous; passages are ids only."""

    name: str
    version: int
    description: str
    min_sources: int
    n_events: int
    n_testimonies: int
    n_sources: int
    n_organisations: int
    n_interviewers: int
    testimonies_in: int
    first_year: int | None
    last_year: int | None
    sources: tuple[SourceRow, ...]
    actors: tuple[ActorCount, ...]
    contradictions: tuple[Contradiction, ...]
    passages: tuple[str, ...]
    caveats: tuple[str, ...]
    fingerprint: str
    code_version: str

    @property
    def corroborated(self) -> bool:
        """At least `min_sources` independent women tell of it."""
        return self.n_sources >= self.min_sources

    def summary(self) -> str:
        status = (
            "corroborated" if self.corroborated else f"not corroborated (needs {self.min_sources} sources)"
        )
        years = f", {self.first_year}-{self.last_year}" if self.first_year is not None else ""
        lines = [
            f"{self.name} (v{self.version}): {status}",
            f"  {self.n_sources} independent sources ({self.n_testimonies} testimonies, "
            f"{self.n_events} events{years}) from {self.n_organisations} organisations "
            f"and {self.n_interviewers} interviewers",
            f"  {len(self.passages)} passages; {len(self.contradictions)} contradictions"
            + _kinds(self.contradictions),
        ]
        lines += [f"  actor: {a.label} ({a.role or 'no role'}): {a.sources} sources" for a in self.actors[:5]]
        lines += [f"  caveat: {c}" for c in self.caveats]
        lines.append(f"  fingerprint {self.fingerprint[:16]} (code {self.code_version})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready. Source, testimony, event and passage keys are pseudonymous: for allowed roles only."""
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "corroborated": self.corroborated,
            "min_sources": self.min_sources,
            "n_events": self.n_events,
            "n_testimonies": self.n_testimonies,
            "n_sources": self.n_sources,
            "n_organisations": self.n_organisations,
            "n_interviewers": self.n_interviewers,
            "testimonies_in": self.testimonies_in,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "sources": [s.to_dict() for s in self.sources],
            "actors": [
                {
                    "id": a.id,
                    "label": a.label,
                    "role": a.role,
                    "sources": a.sources,
                    "organisations": a.organisations,
                }
                for a in self.actors
            ],
            "contradictions": [c.to_dict() for c in self.contradictions],
            "passages": list(self.passages),
            "caveats": list(self.caveats),
            "fingerprint": self.fingerprint,
            "code_version": self.code_version,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per independent source."""
        import pandas as pd

        rows = [
            {
                "source": s.source,
                "testimonies": len(s.testimonies),
                "organisations": len(s.organisations),
                "interviewers": len(s.interviewers),
                "events": len(s.events),
                "passages": len(s.passages),
                "first_year": s.first_year,
                "last_year": s.last_year,
            }
            for s in self.sources
        ]
        return pd.DataFrame(rows, columns=list(rows[0]) if rows else None)


def _kinds(contradictions: Sequence[Contradiction]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for c in contradictions:
        counts[c.kind] += 1
    return f" ({', '.join(f'{k} {n}' for k, n in sorted(counts.items()))})" if counts else ""


def matching_events(allegation: Allegation, evidence: Evidence) -> tuple[EventRecord, ...]:
    """The events that are instances of the allegation."""
    event_filter = resolve_places(allegation, evidence.places)
    matched: list[EventRecord] = []
    earlier: set[str] = set()
    testimony = None
    for event in evidence.events:  # ordered by testimony, then position in it
        if event.testimony != testimony:
            testimony, earlier = event.testimony, set()
        if event_filter.matches(event, frozenset(earlier)):
            matched.append(event)
        if event.place:
            earlier.update((event.place, *evidence.places.ancestors(event.place)))
    return tuple(matched)


def evaluate_allegation(allegation: Allegation, evidence: Evidence) -> AllegationResult:
    """Count independent sources for `allegation`, list its passages and flag contradictions."""
    matched = matching_events(allegation, evidence)
    sources = _sources(matched)
    organisations = {e.organisation for e in matched}
    interviewers = {i for e in matched for i in e.interviewers if i}
    spans = [span for e in matched if (span := e.years()) is not None]
    passages = tuple(sorted({p for e in matched for p in e.all_passages()}))
    contradictions = find_contradictions(
        _with_retellings(matched, evidence.events),
        evidence.resolution,
        evidence.places,
        evidence.settings.incidents,
    )
    return AllegationResult(
        name=allegation.name,
        version=allegation.version,
        description=allegation.description,
        min_sources=allegation.min_sources,
        n_events=len(matched),
        n_testimonies=len({e.testimony for e in matched}),
        n_sources=len(sources),
        n_organisations=len(organisations),
        n_interviewers=len(interviewers),
        testimonies_in=len({e.testimony for e in evidence.events}),
        first_year=min((s[0] for s in spans), default=None),
        last_year=max((s[1] for s in spans), default=None),
        sources=sources,
        actors=_actor_counts(matched, evidence.resolution),
        contradictions=contradictions,
        passages=passages,
        caveats=_caveats(allegation, matched, sources, organisations, interviewers),
        fingerprint=_fingerprint(allegation, matched),
        code_version=moksori.__version__,
    )


def evaluate_allegations(
    allegations: Sequence[Allegation], evidence: Evidence
) -> tuple[AllegationResult, ...]:
    """Every allegation over the same evidence (actors are resolved once)."""
    return tuple(evaluate_allegation(a, evidence) for a in allegations)


def _with_retellings(matched: Sequence[EventRecord], events: Sequence[EventRecord]) -> list[EventRecord]:
    # The other account of an incident may fall outside the filters (the place told differently is the point).
    keys = {(e.source, e.type) for e in matched}
    ids = {e.id for e in matched}
    return [*matched, *(e for e in events if (e.source, e.type) in keys and e.id not in ids)]


def _sources(matched: Sequence[EventRecord]) -> tuple[SourceRow, ...]:
    by_source: dict[str, list[EventRecord]] = defaultdict(list)
    for event in matched:
        by_source[event.source].append(event)
    rows = []
    for source, events in sorted(by_source.items()):
        spans = [span for e in events if (span := e.years()) is not None]
        rows.append(
            SourceRow(
                source=source,
                testimonies=tuple(sorted({e.testimony for e in events})),
                organisations=tuple(sorted({e.organisation for e in events})),
                interviewers=tuple(sorted({i for e in events for i in e.interviewers if i})),
                events=tuple(sorted(e.id for e in events)),
                passages=tuple(sorted({p for e in events for p in e.all_passages()})),
                first_year=min((s[0] for s in spans), default=None),
                last_year=max((s[1] for s in spans), default=None),
            )
        )
    return tuple(rows)


def _actor_counts(matched: Sequence[EventRecord], resolution: ActorResolution) -> tuple[ActorCount, ...]:
    sources: dict[str, set[str]] = defaultdict(set)
    organisations: dict[str, set[str]] = defaultdict(set)
    for event in matched:
        for involved in event.involved():
            actor = resolution.resolved(involved.actor)
            sources[actor].add(event.source)
            organisations[actor].add(event.organisation)
    known = resolution.by_id()
    counts = [
        ActorCount(
            id=actor,
            label=known[actor].label if actor in known else actor,
            role=known[actor].role if actor in known else None,
            sources=len(sources[actor]),
            organisations=len(organisations[actor]),
        )
        for actor in sources
    ]
    return tuple(sorted(counts, key=lambda a: (-a.sources, a.label, a.id)))


def _caveats(
    allegation: Allegation,
    matched: Sequence[EventRecord],
    sources: Sequence[SourceRow],
    organisations: set[str],
    interviewers: set[str],
) -> tuple[str, ...]:
    caveats = []
    linked = sum(1 for s in sources if len(s.testimonies) > 1)
    if linked:
        caveats.append(
            f"{linked} source(s) gave more than one testimony (linked by record linkage); each counts once"
        )
    if sources and len(organisations) == 1:
        caveats.append("all sources come from one organisation: accounts may share intake or translation")
    unknown = len({e.testimony for e in matched if not any(e.interviewers)})
    if unknown:
        caveats.append(
            f"interviewer not recorded for {unknown} testimonies: n_interviewers counts only those known"
        )
    if interviewers and len(interviewers) == 1 and len(sources) > 1:
        caveats.append("one interviewer heard every account: independence of wording is limited")
    if len(sources) < allegation.min_sources:
        caveats.append(f"fewer than {allegation.min_sources} independent sources: not corroborated")
    return tuple(caveats)


def _fingerprint(allegation: Allegation, matched: Sequence[EventRecord]) -> str:
    payload = {
        "allegation": allegation.to_dict(),
        "events": sorted([e.id, e.source, e.testimony, sorted(e.all_passages())] for e in matched),
        "code": moksori.__version__,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
