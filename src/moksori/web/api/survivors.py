"""Survivors: listing, reading, creating and correcting, identity shown only to roles allowed it."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from moksori.web.accounts.models import User
from moksori.web.api.lookups import granted_compartment
from moksori.web.api.requests import acting_user
from moksori.web.api.schemas import ErrorOut, SurvivorIn, SurvivorOut, SurvivorPatch
from moksori.web.testimonies import actions, queries
from moksori.web.testimonies.models import Survivor

router = Router(tags=["survivors"])

Errors = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def survivor_out(user: User, survivor: Survivor) -> dict[str, object]:
    """The survivor as the user may see it: identity keys are absent unless the role allows them."""
    return {
        "id": survivor.pk,
        "code": survivor.code,
        "compartment": survivor.compartment_id,
        "created_at": survivor.created_at,
        "updated_at": survivor.updated_at,
        **queries.identity_of(user, survivor),
    }


@router.get("/survivors", response=list[SurvivorOut], exclude_none=True, summary="Survivors visible to you")
def list_survivors(request: HttpRequest) -> list[dict[str, object]]:
    user = acting_user(request)
    return [survivor_out(user, survivor) for survivor in queries.list_survivors(user)]


@router.get(
    "/survivors/{survivor_id}",
    response={200: SurvivorOut, **Errors},
    exclude_none=True,
    summary="One survivor",
)
def read_survivor(request: HttpRequest, survivor_id: uuid.UUID) -> dict[str, object]:
    user = acting_user(request)
    return survivor_out(user, queries.survivor_for(user, survivor_id))


@router.post(
    "/survivors", response={201: SurvivorOut, **Errors}, exclude_none=True, summary="Record a survivor"
)
def create_survivor(request: HttpRequest, payload: SurvivorIn) -> Status[dict[str, object]]:
    user = acting_user(request)
    compartment = granted_compartment(user, payload.compartment)
    identity = payload.model_dump(exclude={"compartment", "code"})
    survivor = actions.do_create_survivor(by=user, compartment=compartment, code=payload.code, **identity)
    return Status(201, survivor_out(user, survivor))


@router.patch(
    "/survivors/{survivor_id}",
    response={200: SurvivorOut, **Errors},
    exclude_none=True,
    summary="Correct a survivor's record",
)
def update_survivor(
    request: HttpRequest, survivor_id: uuid.UUID, payload: SurvivorPatch
) -> dict[str, object]:
    user = acting_user(request)
    changes = payload.model_dump(exclude_unset=True)
    if "code" in changes and not changes["code"]:
        raise ValidationError({"code": _("A survivor's code cannot be empty.")})
    with transaction.atomic():  # a refused change leaves no audited read behind
        survivor = queries.survivor_for(user, survivor_id, purpose="edit")
        survivor = actions.do_update_survivor(survivor, by=user, **changes)
    return survivor_out(user, survivor)
