"""Interviews (testimonies) of a survivor, with their transcript passages and stable anchors."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from moksori.web.api.lookups import interviews_of, passages_of
from moksori.web.api.requests import acting_user
from moksori.web.api.schemas import ErrorOut, InterviewIn, InterviewOut, InterviewSummaryOut
from moksori.web.testimonies import actions, queries
from moksori.web.testimonies.models import Interview, Passage

router = Router(tags=["interviews"])

Errors = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def interview_summary(interview: Interview) -> dict[str, object]:
    return {
        "id": interview.pk,
        "survivor": interview.survivor_id,
        "conducted_on": interview.conducted_on,
        "language": interview.language,
        "created_at": interview.created_at,
    }


def passage_out(passage: Passage) -> dict[str, object]:
    return {
        "id": passage.pk,
        "anchor": passage.anchor,
        "ordinal": passage.ordinal,
        "text": passage.text,
        "translation": passage.translation or "",
    }


@router.get(
    "/survivors/{survivor_id}/interviews",
    response={200: list[InterviewSummaryOut], **Errors},
    summary="A survivor's interviews",
)
def list_interviews(request: HttpRequest, survivor_id: uuid.UUID) -> list[dict[str, object]]:
    user = acting_user(request)
    survivor = queries.survivor_for(user, survivor_id, purpose="interviews")
    return [interview_summary(interview) for interview in interviews_of(user, survivor)]


@router.post(
    "/survivors/{survivor_id}/interviews",
    response={201: InterviewOut, **Errors},
    summary="Record an interview with its transcript",
)
def create_interview(
    request: HttpRequest, survivor_id: uuid.UUID, payload: InterviewIn
) -> Status[dict[str, object]]:
    user = acting_user(request)
    with transaction.atomic():  # a refused write leaves no audited read behind
        survivor = queries.survivor_for(user, survivor_id, purpose="add_interview")
        interview = actions.do_create_interview(
            survivor,
            by=user,
            conducted_on=payload.conducted_on,
            place=payload.place,
            language=payload.language,
            passages=[(p.text, p.translation) for p in payload.passages],
        )
    created = Passage.objects.filter(interview=interview)
    return Status(
        201,
        {
            **interview_summary(interview),
            "place": interview.place or "",
            "passages": [passage_out(passage) for passage in created],
        },
    )


@router.get(
    "/interviews/{interview_id}",
    response={200: InterviewOut, **Errors},
    summary="One interview with its passages and anchors",
)
def read_interview(request: HttpRequest, interview_id: uuid.UUID) -> dict[str, object]:
    user = acting_user(request)
    interview = queries.interview_for(user, interview_id)
    return {
        **interview_summary(interview),
        "place": interview.place or "",
        "passages": [passage_out(passage) for passage in passages_of(user, interview)],
    }
