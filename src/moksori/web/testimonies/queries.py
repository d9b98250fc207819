"""Who may see which survivor, interview and consent: decided here for views, API and CLI alike.

Every function that returns survivor data records an audited read in the same transaction.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from moksori.web.accounts import permissions
from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.actions import record_audit
from moksori.web.testimonies.models import Consent, Interview, Survivor

M = TypeVar("M", Survivor, Interview)

IDENTITY_FIELDS = (
    "name_hangul",
    "name_latin",
    "birth_year",
    "home_province",
    "left_year",
    "china_place",
    "contact",
)


def compartments_of(user: User) -> QuerySet[Compartment]:
    if not (user.is_authenticated and user.is_active):
        return Compartment.objects.none()
    return user.compartments.all()


def survivors_visible_to(user: User) -> QuerySet[Survivor]:
    if not permissions.can_read_testimonies(user):
        return Survivor.objects.none()
    return Survivor.objects.filter(compartment__in=compartments_of(user))


def interviews_visible_to(user: User) -> QuerySet[Interview]:
    return Interview.objects.filter(survivor__in=survivors_visible_to(user))


def ensure_compartment_granted(user: User, compartment: Compartment) -> None:
    if not compartments_of(user).filter(pk=compartment.pk).exists():
        raise PermissionDenied("This compartment is not granted to you.")


def list_survivors(user: User) -> list[Survivor]:
    """The survivors the user may see; the listing itself is audited."""
    if not permissions.can_read_testimonies(user):
        raise PermissionDenied
    with transaction.atomic():
        survivors = list(survivors_visible_to(user).select_related("compartment"))
        record_audit(user, "survivor.list", "testimonies.survivor", count=len(survivors))
    return survivors


def survivor_for(user: User, survivor_id: uuid.UUID | str, *, purpose: str = "read") -> Survivor:
    """One survivor, if visible to ``user``; the read is audited (with whether identity was shown)."""
    if not permissions.can_read_testimonies(user):
        raise PermissionDenied
    with transaction.atomic():
        survivor = _get_or_404(survivors_visible_to(user), survivor_id)
        shown = IDENTITY_FIELDS if permissions.can_see_identity(user) else ()
        record_audit(user, f"survivor.{purpose}", survivor, fields=shown)
    return survivor


def interview_for(user: User, interview_id: uuid.UUID | str) -> Interview:
    if not permissions.can_read_testimonies(user):
        raise PermissionDenied
    with transaction.atomic():
        interview = _get_or_404(interviews_visible_to(user).select_related("survivor"), interview_id)
        record_audit(user, "interview.read", interview, fields=("passages", "place"))
    return interview


def consents_for(user: User, survivor: Survivor) -> list[Consent]:
    with transaction.atomic():
        consents = list(survivor.consents.all())
        record_audit(user, "consent.list", survivor, count=len(consents))
    return consents


def identity_of(user: User, survivor: Survivor) -> dict[str, str]:
    """The identity fields for roles allowed to see them; an empty mapping for every other role."""
    if not permissions.can_see_identity(user):
        return {}
    return {name: str(getattr(survivor, name) or "") for name in IDENTITY_FIELDS}


def _get_or_404(queryset: QuerySet[M], object_id: uuid.UUID | str) -> M:
    try:
        return queryset.get(pk=object_id)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
