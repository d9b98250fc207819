"""Recording a survivor's consent for a purpose, and its withdrawal."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from moksori.web.api.lookups import consent_for
from moksori.web.api.requests import acting_user
from moksori.web.api.schemas import ConsentIn, ConsentOut, ErrorOut, WithdrawalIn
from moksori.web.testimonies import actions, queries
from moksori.web.testimonies.models import Consent

router = Router(tags=["consents"])

Errors = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def consent_out(consent: Consent) -> dict[str, object]:
    return {
        "id": consent.pk,
        "survivor": consent.survivor_id,
        "purpose": consent.purpose,
        "given": consent.given,
        "partner": consent.partner,
        "recorded_on": consent.recorded_on,
        "withdrawn_at": consent.withdrawn_at,
        "in_force": consent.in_force,
    }


@router.post(
    "/survivors/{survivor_id}/consents",
    response={201: ConsentOut, **Errors},
    summary="Record a consent answer",
)
def record_consent(
    request: HttpRequest, survivor_id: uuid.UUID, payload: ConsentIn
) -> Status[dict[str, object]]:
    user = acting_user(request)
    with transaction.atomic():  # a refused write leaves no audited read behind
        survivor = queries.survivor_for(user, survivor_id, purpose="add_consent")
        consent = actions.do_record_consent(
            survivor,
            by=user,
            purpose=payload.purpose,
            given=payload.given,
            recorded_on=payload.recorded_on,
            partner=payload.partner,
        )
    return Status(201, consent_out(consent))


@router.post(
    "/consents/{consent_id}/withdraw", response={200: ConsentOut, **Errors}, summary="Withdraw a consent"
)
def withdraw_consent(request: HttpRequest, consent_id: uuid.UUID, payload: WithdrawalIn) -> dict[str, object]:
    user = acting_user(request)
    consent = actions.do_withdraw_consent(consent_for(user, consent_id), by=user, reason=payload.reason)
    return consent_out(consent)
