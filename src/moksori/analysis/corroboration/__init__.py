"""Corroboration: independent sources for allegations, contradictions between accounts, the actor network."""

from moksori.analysis.corroboration.actors import (
    ActorResolution,
    ResolutionSettings,
    ResolvedActor,
    alias_key,
    resolve_actors,
)
from moksori.analysis.corroboration.allegation import (
    Allegation,
    AllegationError,
    allegation_from_dict,
    builtin_allegations,
    load_allegation,
)
from moksori.analysis.corroboration.contradictions import Contradiction, IncidentSettings, find_contradictions
from moksori.analysis.corroboration.evaluate import (
    AllegationResult,
    CorroborationSettings,
    Evidence,
    SourceRow,
    evaluate_allegation,
    evaluate_allegations,
    matching_events,
)
from moksori.analysis.corroboration.model import ActorRecord, ActRecord, EventRecord, Involved
from moksori.analysis.corroboration.network import ActorNetwork, NetworkSettings, build_network
from moksori.analysis.corroboration.places import PlaceResolver, UnknownPlaceError

__all__ = [
    "ActRecord",
    "ActorNetwork",
    "ActorRecord",
    "ActorResolution",
    "Allegation",
    "AllegationError",
    "AllegationResult",
    "Contradiction",
    "CorroborationSettings",
    "EventRecord",
    "Evidence",
    "IncidentSettings",
    "Involved",
    "NetworkSettings",
    "PlaceResolver",
    "ResolutionSettings",
    "ResolvedActor",
    "SourceRow",
    "UnknownPlaceError",
    "alias_key",
    "allegation_from_dict",
    "build_network",
    "builtin_allegations",
    "evaluate_allegation",
    "evaluate_allegations",
    "find_contradictions",
    "load_allegation",
    "matching_events",
    "resolve_actors",
]
