"""From the encrypted store to the claim evaluator's plain records, as consent allows.

One record per survivor whose consent to aggregate statistics is in force (the latest answer for
that purpose decides, as in `consent_in_force`). If any survivor of a linkage cluster lacks that
consent, the whole cluster is left out, so a withdrawal in one organisation's file withdraws her
everywhere. Records carry pseudonymous keys (database ids) and vocabulary codes only: never names,
contacts, places of interview, transcript text or free-text notes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Prefetch

from moksori.analysis.stats.claims import ClaimResult, builtin_claims, evaluate_claim
from moksori.web.accounts.models import User
from moksori.web.audit.actions import audit_entry_for, record_audits
from moksori.web.coding.models import Act, Event, Involvement
from moksori.web.linkage.models import LinkageRun, SurvivorCluster
from moksori.web.testimonies.actions import consent_in_force
from moksori.web.testimonies.models import ConsentPurpose, Survivor

Record = dict[str, object]

# Price types of the nkcn vocabulary (field price_type); an act of one of these types is that price.
PRICE_TYPES = frozenset(
    {
        "sale_price",
        "resale_price",
        "broker_fee",
        "payment_to_family",
        "crossing_fee",
        "escape_fee",
        "bribe",
        "ransom",
        "debt_claimed",
        "fine",
        "wage_promised",
        "wage_paid",
        "earnings_taken",
        "remittance",
    }
)
# A priced act of another type (the transfer of a sale) takes the price type of its event.
EVENT_PRICE_TYPES = {"evt_sale": "sale_price", "evt_resale": "resale_price"}


class UnknownClaimError(LookupError):
    """No built-in claim has this name."""


@dataclass(frozen=True, slots=True)
class StoreRecords:
    """The records a claim is evaluated over, and how many survivors consent kept out."""

    records: list[Record]
    survivors_in_store: int
    left_out_without_consent: int


def latest_clusters() -> dict[str, str]:
    """Survivor id → cluster id from the latest linkage run; empty when linkage never ran."""
    run = LinkageRun.objects.order_by("-created_at").first()
    if run is None:
        return {}
    rows = SurvivorCluster.objects.filter(run=run).values_list("survivor_id", "cluster")
    return {str(survivor): f"{run.pk}:{cluster}" for survivor, cluster in rows}


def store_records() -> StoreRecords:
    """Plain records for every survivor (and linkage cluster) whose aggregate-statistics consent holds."""
    involvements = Prefetch(
        "involvements", queryset=Involvement.objects.select_related("role", "actor__role")
    )
    acts = Prefetch("acts", queryset=Act.objects.select_related("type").prefetch_related(involvements))
    events = Prefetch("events", queryset=Event.objects.select_related("type").prefetch_related(acts))
    survivors = list(
        Survivor.objects.select_related("compartment")
        .prefetch_related("interviews", "consents", events)
        .order_by("pk")
    )
    clusters = latest_clusters()
    consenting = {str(s.pk) for s in survivors if consent_in_force(s, ConsentPurpose.AGGREGATE_STATISTICS)}
    members: dict[str, set[str]] = defaultdict(set)
    for survivor_id, cluster in clusters.items():
        members[cluster].add(survivor_id)
    kept = [
        s
        for s in survivors
        if str(s.pk) in consenting and members.get(clusters.get(str(s.pk), ""), set()) <= consenting
    ]
    return StoreRecords(
        records=[_record(s, clusters.get(str(s.pk))) for s in kept],
        survivors_in_store=len(survivors),
        left_out_without_consent=len(survivors) - len(kept),
    )


def _record(survivor: Survivor, cluster: str | None) -> Record:
    interviews = sorted(survivor.interviews.all(), key=lambda i: (i.conducted_on, str(i.pk)))
    first = interviews[0] if interviews else None
    events = sorted(survivor.events.all(), key=lambda e: (e.date_start is None, e.date_start, str(e.pk)))
    exploitation = {
        act.type.code
        for event in events
        for act in event.acts.all()
        if act.type.scheme == "nkcn" and act.type.code.startswith("exp_")
    }
    return {
        "key": str(survivor.pk),
        "survivor": str(survivor.pk),
        "organisation": str(survivor.compartment.organisation_id),
        "interviewer": str(first.interviewer_id) if first and first.interviewer_id else "",
        "cluster": cluster,
        "consent": {"aggregate": True},
        "interview_date": first.conducted_on.isoformat() if first else None,
        "exploitation": sorted(exploitation),
        "events": [_event(event) for event in events],
    }


def _event(event: Event) -> Record:
    acts = list(event.acts.all())
    return {
        "type": event.type.code,
        "date": event.date_start.isoformat() if event.date_start else None,
        "date_end": event.date_end.isoformat() if event.date_end else None,
        "place": event.place_id,
        "acts": sorted({act.type.code for act in acts}),
        "actors": sorted(set(_actor_roles(acts))),
        "prices": [
            {
                "type": _price_type(act, event),
                "amount": float(act.price_amount),
                "currency": act.price_currency,
            }
            for act in acts
            if act.price_amount is not None
        ],
    }


def _actor_roles(acts: Iterable[Act]) -> Iterable[str]:
    for act in acts:
        for involvement in act.involvements.all():
            yield involvement.role.code
            if involvement.actor.role is not None:
                yield involvement.actor.role.code


def _price_type(act: Act, event: Event) -> str:
    if act.type.code in PRICE_TYPES:
        return act.type.code
    return EVENT_PRICE_TYPES.get(event.type.code, "other")


def evaluate_named_claim(name: str, *, by: User | None = None) -> ClaimResult:
    """Evaluate the built-in claim `name` over the store; the read is audited as "claim.run"."""
    return evaluate_named_claims([name], by=by)[0]


def evaluate_named_claims(names: Sequence[str], *, by: User | None = None) -> list[ClaimResult]:
    """Evaluate the built-in claims `names`, in that order, over one read of the store.

    Each evaluation is audited as "claim.run": the entry names the claim and counts the survivor records
    read, never their content. `records_in` and `excluded_without_consent` count survivors in the store
    and those consent kept out.
    """
    claims = builtin_claims()
    for name in names:
        if name not in claims:
            raise UnknownClaimError(f"No claim named {name!r}; `moksori claim list` shows them.")
    with transaction.atomic():
        selection = store_records()
        results = [evaluate_claim(claims[name], selection.records) for name in names]
        record_audits(
            [
                audit_entry_for(by, "claim.run", f"claim.{name}"[:60], count=len(selection.records))
                for name in names
            ]
        )
    return [
        replace(
            result,
            records_in=selection.survivors_in_store,
            excluded_without_consent=selection.left_out_without_consent,
        )
        for result in results
    ]
