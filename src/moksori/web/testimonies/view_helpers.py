"""Reads the testimony views need beyond queries.py, audited the same way, and form-error plumbing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest

from moksori.web.accounts import permissions
from moksori.web.accounts.models import User
from moksori.web.audit.actions import record_audit
from moksori.web.testimonies.models import Consent, Passage, Survivor
from moksori.web.testimonies.queries import identity_of, survivors_visible_to

T = TypeVar("T")


def consents_visible_to(user: User) -> QuerySet[Consent]:
    return Consent.objects.filter(survivor__in=survivors_visible_to(user))


def consent_for(user: User, consent_id: uuid.UUID | str) -> Consent:
    """One consent record of a survivor visible to ``user``; the read is audited."""
    if not permissions.can_read_testimonies(user):
        raise PermissionDenied
    with transaction.atomic():
        try:
            consent = consents_visible_to(user).select_related("survivor__compartment").get(pk=consent_id)
        except (Consent.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        record_audit(user, "consent.read", consent)
    return consent


def passages_of(user: User, interview_id: uuid.UUID) -> list[Passage]:
    """The passages of an interview already read through ``interview_for`` (which audited the read)."""
    return list(
        Passage.objects.filter(interview_id=interview_id, interview__survivor__in=survivors_visible_to(user))
    )


def interview_counts(survivors: list[Survivor]) -> dict[uuid.UUID, int]:
    rows = Survivor.objects.filter(pk__in=[s.pk for s in survivors]).annotate(n=Count("interviews"))
    return {row.pk: row.n for row in rows.only("pk")}


def survivor_rows(user: User, survivors: list[Survivor]) -> list[dict[str, object]]:
    """One row per survivor for the list: identity only for roles allowed to see it."""
    counts = interview_counts(survivors)
    return [
        {"survivor": s, "interviews": counts.get(s.pk, 0), "identity": identity_of(user, s)}
        for s in survivors
    ]


def saved_by_action(request: HttpRequest, form: forms.Form, save: Callable[[dict[str, Any]], T]) -> T | None:
    """On a valid POST, run the action; its ValidationError lands on the form. None when nothing was saved."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_action_errors(form, error)
        return None


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Show an action's ValidationError on the matching field, or above the form when none matches."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
