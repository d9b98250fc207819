"""Exports limited to what each survivor consented to; every export is an audited, decrypted release."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from moksori.web.audit.actions import record_audit
from moksori.web.coding.models import Act, Event
from moksori.web.testimonies.actions import consent_in_force
from moksori.web.testimonies.models import ConsentPurpose, Survivor
from moksori.web.testimonies.queries import IDENTITY_FIELDS

ExportRecord = dict[str, Any]  # JSON-shaped: survivor code, events with their acts, identity if allowed

# Purposes under which identity fields may leave the store; aggregate uses never carry them.
IDENTITY_PURPOSES = frozenset(
    {ConsentPurpose.INTERNAL_CASE_WORK, ConsentPurpose.LEGAL_PROCEEDINGS, ConsentPurpose.PARTNER_SHARING}
)


@dataclass(frozen=True, slots=True)
class ExportSelection:
    purpose: str
    with_identity: bool = False
    partner: str = ""

    def check(self) -> None:
        if self.purpose not in ConsentPurpose.values:
            raise ValueError(
                f"Unknown purpose {self.purpose!r}; use one of {', '.join(ConsentPurpose.values)}."
            )
        if self.with_identity and self.purpose not in IDENTITY_PURPOSES:
            raise ValueError(f"Identity fields are never exported for {self.purpose}.")
        if self.purpose == ConsentPurpose.PARTNER_SHARING and not self.partner:
            raise ValueError("An export for partner sharing must name the partner (--partner).")


def consenting_survivors(selection: ExportSelection) -> Iterator[Survivor]:
    events = Prefetch(
        "events",
        queryset=Event.objects.select_related("type", "place").prefetch_related(
            Prefetch("acts", queryset=Act.objects.select_related("type"))
        ),
    )
    for survivor in Survivor.objects.select_related("compartment").prefetch_related("consents", events):
        if not consent_in_force(survivor, selection.purpose):
            continue
        if selection.partner and not any(
            c.partner == selection.partner and c.in_force for c in survivor.consents.all()
        ):
            continue
        yield survivor


def export_records(selection: ExportSelection) -> list[ExportRecord]:
    """One record per consenting survivor: pseudonymous code, coded events and acts, identity if allowed."""
    selection.check()
    with transaction.atomic():
        records = [_record(survivor, selection) for survivor in consenting_survivors(selection)]
        fields = ["code", "events", *(IDENTITY_FIELDS if selection.with_identity else ())]
        record_audit(
            None, f"export.{selection.purpose}", "testimonies.survivor", fields=fields, count=len(records)
        )
    return records


def _record(survivor: Survivor, selection: ExportSelection) -> ExportRecord:
    record: ExportRecord = {
        "survivor_code": survivor.code,
        "organisation": survivor.compartment.organisation.name,
    }
    if selection.with_identity:
        record.update({name: getattr(survivor, name) or "" for name in IDENTITY_FIELDS})
    record["events"] = [
        {
            "type": event.type.code,
            "date_precision": event.date_precision,
            "date_start": event.date_start.isoformat() if event.date_start else "",
            "date_end": event.date_end.isoformat() if event.date_end else "",
            "place": event.place_id or "",
            "acts": [
                {
                    "type": act.type.code,
                    "price_amount": str(act.price_amount or ""),
                    "price_currency": act.price_currency,
                    "htcds": [code for target, code in act.type.mappings if target.startswith("htcds")],
                }
                for act in event.acts.all()
            ],
        }
        for event in survivor.events.all()
    ]
    return record


def flat_rows(records: list[ExportRecord]) -> list[ExportRecord]:
    """One row per event, for CSV."""
    rows = []
    for record in records:
        base = {k: v for k, v in record.items() if k != "events"}
        events = record["events"]
        for event in events or [{}]:
            acts = event.get("acts", [])
            rows.append(
                {
                    **base,
                    **{k: v for k, v in event.items() if k != "acts"},
                    "acts": ";".join(str(a["type"]) for a in acts),
                }
            )
    return rows


def htcds_document(records: list[ExportRecord]) -> ExportRecord:
    """The victim and trafficking-event entities of HTCDS v2.0, keyed by pseudonymous codes."""
    victims, events = [], []
    for record in records:
        code = str(record["survivor_code"])
        exploitation = sorted({h for e in record["events"] for a in e["acts"] for h in a["htcds"]})
        victims.append({"vic_ID": code, "vic_TypeOfExploitation": exploitation})
        for index, event in enumerate(record["events"]):
            events.append(
                {
                    "hte_ID": f"{code}-{index + 1}",
                    "hte_VictimID": code,
                    "hte_Type": event["type"],
                    "hte_StartDate": event["date_start"],
                    "hte_EndDate": event["date_end"],
                    "hte_Location": event["place"],
                }
            )
    return {"standard": "HTCDS", "version": "2.0", "victim": victims, "trafficking_event": events}
