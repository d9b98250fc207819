"""Reads the apps' queries do not offer yet, built only on their visibility querysets and audited.

Each starts from testimonies.queries or coding.queries (never from a model's full table), checks
the role first so that a role without access gets 403 rather than an empty 404, and records the
read in the same transaction. Candidates to move into the apps' queries.py.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404

from moksori.web.accounts import permissions
from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.actions import record_audit
from moksori.web.testimonies.models import Consent, Interview, Passage, Survivor
from moksori.web.testimonies.queries import compartments_of, interviews_visible_to, survivors_visible_to

M = TypeVar("M", bound=Model)


def _require_reader(user: User) -> None:
    if not permissions.can_read_testimonies(user):
        raise PermissionDenied


def _one_or_404(queryset: QuerySet[M], object_id: uuid.UUID | str) -> M:
    try:
        return queryset.get(pk=object_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def granted_compartment(user: User, compartment_id: uuid.UUID) -> Compartment:
    """A compartment granted to ``user``; any other (or none such) is refused alike."""
    compartment = compartments_of(user).filter(pk=compartment_id).first()
    if compartment is None:
        raise PermissionDenied("This compartment is not granted to you.")
    return compartment


def interviews_of(user: User, survivor: Survivor) -> list[Interview]:
    """The survivor's interviews visible to ``user``; the listing is audited."""
    _require_reader(user)
    with transaction.atomic():
        interviews = list(interviews_visible_to(user).filter(survivor=survivor))
        record_audit(user, "interview.list", survivor, count=len(interviews))
    return interviews


def passages_of(user: User, interview: Interview) -> list[Passage]:
    """The passages of an interview already read through ``interview_for`` (which audited them)."""
    _require_reader(user)
    return list(Passage.objects.filter(interview__in=interviews_visible_to(user), interview=interview))


def consent_for(user: User, consent_id: uuid.UUID) -> Consent:
    """A consent record of a survivor visible to ``user``, for an action on it."""
    _require_reader(user)
    visible = Consent.objects.filter(survivor__in=survivors_visible_to(user))
    return _one_or_404(visible.select_related("survivor__compartment"), consent_id)


def passage_for(user: User, passage_id: uuid.UUID) -> Passage:
    """A passage of an interview visible to ``user``, for coding it."""
    _require_reader(user)
    visible = Passage.objects.filter(interview__in=interviews_visible_to(user))
    return _one_or_404(visible.select_related("interview__survivor__compartment"), passage_id)
