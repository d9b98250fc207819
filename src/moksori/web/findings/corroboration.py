"""From the store to corroboration: allegations, independent sources, contradictions, the actor network.

The same rules as claims (see `records.py`): only survivors whose consent to aggregate statistics is in force
take part, and a linkage cluster is left out entirely if any of its survivors lacks that consent. A survivor's
`source` is her cluster in the latest linkage run, so a woman interviewed by two organisations is one source.
Actor names and aliases are decrypted in memory to resolve the same broker across organisations; results name
actors by working label only, and passages by id (their text is for the views to show to roles allowed).
Every read is audited in the transaction that makes it, with counts and never content.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch

from moksori.analysis.corroboration import (
    ActorNetwork,
    ActorRecord,
    ActRecord,
    AllegationResult,
    CorroborationSettings,
    EventRecord,
    Evidence,
    Involved,
    PlaceResolver,
    build_network,
    builtin_allegations,
    evaluate_allegation,
    evaluate_allegations,
    matching_events,
)
from moksori.web.accounts.models import User
from moksori.web.audit.actions import record_audit
from moksori.web.coding.models import Act, Actor, Event, Involvement, SourceLink
from moksori.web.findings.records import latest_clusters
from moksori.web.testimonies.actions import consent_in_force
from moksori.web.testimonies.models import ConsentPurpose, Survivor


class UnknownAllegationError(LookupError):
    """No built-in allegation has this name."""


@dataclass(frozen=True, slots=True)
class StoreEvidence:
    """The evidence allegations are evaluated over, and how many survivors consent kept out."""

    evidence: Evidence
    survivors_in_store: int
    left_out_without_consent: int


def allegation_names() -> list[str]:
    """Names of the shipped allegations, sorted (no store read, nothing audited)."""
    return sorted(builtin_allegations())


def allegation_summaries(user: User | None) -> list[AllegationResult]:
    """Every shipped allegation evaluated over the store, for a list page; audited once as
    "allegation.list"."""
    allegations = builtin_allegations()
    with transaction.atomic():
        selection = store_evidence()
        results = evaluate_allegations(
            [allegations[name] for name in sorted(allegations)], selection.evidence
        )
        record_audit(user, "allegation.list", "allegation.all", count=selection.survivors_in_store)
    return list(results)


def allegation_detail(user: User | None, name: str) -> AllegationResult:
    """One allegation: independent sources, passages (ids), actors and contradictions; audited
    "allegation.show".

    Raises UnknownAllegationError for a name that is not shipped.
    """
    allegations = builtin_allegations()
    if name not in allegations:
        raise UnknownAllegationError(f"No allegation named {name!r}; `moksori allegation list` shows them.")
    with transaction.atomic():
        selection = store_evidence()
        result = evaluate_allegation(allegations[name], selection.evidence)
        record_audit(user, "allegation.show", f"allegation.{name}"[:60], count=result.n_testimonies)
    return result


def actor_network(user: User | None, allegation: str | None = None) -> ActorNetwork:
    """The network of resolved actors over all consenting testimonies (or one allegation's events);
    audited."""
    allegations = builtin_allegations()
    if allegation is not None and allegation not in allegations:
        raise UnknownAllegationError(
            f"No allegation named {allegation!r}; `moksori allegation list` shows them."
        )
    with transaction.atomic():
        selection = store_evidence()
        evidence = selection.evidence
        events = matching_events(allegations[allegation], evidence) if allegation else evidence.events
        network = build_network(events, evidence.resolution)
        target = f"network.{allegation or 'all'}"[:60]
        record_audit(user, "network.build", target, count=len({e.testimony for e in events}))
    return network


def store_evidence(settings: CorroborationSettings | None = None) -> StoreEvidence:
    """Events and actors of every consenting survivor (and cluster), as plain corroboration records.

    Not audited by itself: callers record the read in the same transaction.
    """
    survivors = list(
        Survivor.objects.select_related("compartment").prefetch_related("consents").order_by("pk")
    )
    clusters = latest_clusters()
    kept = _consenting(survivors, clusters)
    events = _events(kept, clusters)
    actors = _actors({i.actor for e in events for a in e.acts for i in a.actors})
    from moksori.vocab.reader import read_places

    evidence = Evidence.build(events, actors, PlaceResolver(read_places()), settings)
    return StoreEvidence(evidence, len(survivors), len(survivors) - len(kept))


def _consenting(survivors: list[Survivor], clusters: dict[str, str]) -> dict[str, Survivor]:
    consenting = {str(s.pk) for s in survivors if consent_in_force(s, ConsentPurpose.AGGREGATE_STATISTICS)}
    members: dict[str, set[str]] = defaultdict(set)
    for survivor_id, cluster in clusters.items():
        members[cluster].add(survivor_id)
    return {
        str(s.pk): s
        for s in survivors
        if str(s.pk) in consenting and members.get(clusters.get(str(s.pk), ""), set()) <= consenting
    }


def _events(kept: dict[str, Survivor], clusters: dict[str, str]) -> list[EventRecord]:
    involvements = Prefetch("involvements", queryset=Involvement.objects.select_related("role"))
    acts = Prefetch("acts", queryset=Act.objects.select_related("type").prefetch_related(involvements))
    rows = (
        Event.objects.filter(survivor_id__in=list(kept))
        .select_related("type")
        .prefetch_related(acts)
        .order_by("survivor_id", "date_start", "pk")
    )
    links = _source_links(list(kept))
    records: list[EventRecord] = []
    position: dict[str, int] = defaultdict(int)
    for event in rows:
        survivor = kept[str(event.survivor_id)]
        testimony = str(survivor.pk)
        event_links = links[("event", str(event.pk))]
        act_records = []
        for act in event.acts.all():
            involved = tuple(Involved(str(i.actor_id), i.role.code) for i in act.involvements.all())
            act_links = links[("act", str(act.pk))] + [
                link for i in act.involvements.all() for link in links[("involvement", str(i.pk))]
            ]
            act_records.append(ActRecord(str(act.pk), act.type.code, involved, _ids(act_links, 0)))
            event_links = event_links + act_links
        records.append(
            EventRecord(
                id=str(event.pk),
                testimony=testimony,
                source=clusters.get(testimony, f"survivor:{testimony}"),
                organisation=str(survivor.compartment.organisation_id),
                type=event.type.code,
                interviews=_ids(event_links, 1),
                interviewers=_ids(event_links, 2),
                date_precision=event.date_precision,
                date_start=event.date_start,
                date_end=event.date_end,
                place=event.place_id,
                acts=tuple(act_records),
                passages=_ids(links[("event", str(event.pk))], 0),
                order=position[testimony],
            )
        )
        position[testimony] += 1
    return records


def _ids(links: list[tuple[str, str, str]], column: int) -> tuple[str, ...]:
    return tuple(sorted({link[column] for link in links if link[column]}))


def _source_links(survivor_ids: list[str]) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(target kind, target id) -> [(passage id, interview id, interviewer id)], for the survivors kept."""
    found: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    rows = SourceLink.objects.filter(passage__interview__survivor_id__in=survivor_ids).values_list(
        "event_id",
        "act_id",
        "involvement_id",
        "passage_id",
        "passage__interview_id",
        "passage__interview__interviewer_id",
    )
    for event_id, act_id, involvement_id, passage_id, interview_id, interviewer_id in rows:
        kind, target = (
            ("event", event_id)
            if event_id
            else ("act", act_id)
            if act_id
            else ("involvement", involvement_id)
        )
        found[(kind, str(target))].append((str(passage_id), str(interview_id), str(interviewer_id or "")))
    return found


def _actors(actor_ids: set[str]) -> list[ActorRecord]:
    rows = Actor.objects.filter(pk__in=list(actor_ids)).select_related("role").order_by("pk")
    return [
        ActorRecord(
            id=str(actor.pk),
            label=actor.label,
            role=actor.role.code if actor.role else None,
            compartment=str(actor.compartment_id),
            names=_names(str(actor.name or ""), str(actor.aliases or "")),
            identified=actor.identified,
        )
        for actor in rows
    ]


def _names(name: str, aliases: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in [name, *aliases.splitlines()] if line.strip())
