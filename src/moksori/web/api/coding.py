"""Coding events on passages ("who did what to whom"), and listing the events of an interview."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from moksori.web.api.lookups import passage_for
from moksori.web.api.requests import acting_user
from moksori.web.api.schemas import ErrorOut, EventIn, EventOut
from moksori.web.coding import actions
from moksori.web.coding.models import Event
from moksori.web.coding.queries import events_of_interview
from moksori.web.testimonies import queries
from moksori.web.vocabulary.models import Place
from moksori.web.vocabulary.queries import places_for_coding

router = Router(tags=["coding"])

Errors = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def event_out(event: Event) -> dict[str, object]:
    return {
        "id": event.pk,
        "survivor": event.survivor_id,
        "type": {"scheme": event.type.scheme, "group": event.type.group, "code": event.type.code},
        "date_precision": event.date_precision,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "place": event.place_id,
        "description": event.description or "",
        "sources": [
            {
                "passage": link.passage_id,
                "anchor": link.passage.anchor,
                "span_start": link.span_start,
                "span_end": link.span_end,
                "confidence": link.confidence,
            }
            for link in event.sources.all()
        ],
    }


def _place(place_id: str | None) -> Place | None:
    if place_id is None:
        return None
    place = places_for_coding().filter(pk=place_id).first()
    if place is None:
        raise ValidationError({"place": _("Unknown or retired place; use an id from the gazetteer.")})
    return place


@router.get(
    "/interviews/{interview_id}/events",
    response={200: list[EventOut], **Errors},
    summary="Events coded on an interview's passages",
)
def list_events(request: HttpRequest, interview_id: uuid.UUID) -> list[dict[str, object]]:
    user = acting_user(request)
    interview = queries.interview_for(user, interview_id)
    return [event_out(event) for event in events_of_interview(user, interview)]


@router.post(
    "/passages/{passage_id}/events",
    response={201: EventOut, **Errors},
    summary="Code an event on a passage (or a span of it)",
)
def code_event(request: HttpRequest, passage_id: uuid.UUID, payload: EventIn) -> Status[dict[str, object]]:
    user = acting_user(request)
    passage = passage_for(user, passage_id)
    event = actions.do_code_event(
        passage,
        by=user,
        type_code=payload.type_code,
        date_precision=payload.date_precision,
        date_start=payload.date_start,
        date_end=payload.date_end,
        place=_place(payload.place),
        description=payload.description,
        span=payload.span,
        confidence=payload.confidence,
    )
    return Status(201, event_out(event))
